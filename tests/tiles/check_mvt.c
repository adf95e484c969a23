/*
 * Tests tiles/mvt.c: geometry command streams against the worked examples of the Mapbox
 * Vector Tile specification 2.1 (section 4.3.5), quantisation (repeated points, degenerate
 * rings), ring winding, dictionary encoding and the packed protobuf (decoded with the
 * protobuf-c code generated from the spec's .proto, not with our encoder).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/mvt.h"
#include "vector_tile.pb-c.h"

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

/* Encodes one feature from WKT into a one-layer tile and decodes it back. */
static VectorTile__Tile *encode_one(const char *wkt, bool *added)
{
    tile_mvt *t = NULL;
    tile_mvt_layer *l = NULL;
    gis_geom *g = NULL;
    gis_error err = {0};
    ck_assert_int_eq(tile_mvt_new(&t, &err), GIS_OK);
    ck_assert_int_eq(tile_mvt_layer_add(t, "l", 4096, &l, &err), GIS_OK);
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &g, &err), GIS_OK);
    ck_assert_int_eq(tile_mvt_feature_add(ctx, l, 7, g, added, &err), GIS_OK);
    gis_geom_free(ctx, g);
    unsigned char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(tile_mvt_encode(t, &buf, &len, &err), GIS_OK);
    tile_mvt_free(t);
    VectorTile__Tile *tile = vector_tile__tile__unpack(NULL, len, buf);
    free(buf);
    ck_assert_ptr_nonnull(tile);
    return tile;
}

static void assert_stream(const char *wkt, int type, const uint32_t *want, size_t n_want)
{
    bool added = false;
    VectorTile__Tile *tile = encode_one(wkt, &added);
    ck_assert(added);
    ck_assert_uint_eq(tile->n_layers, 1);
    ck_assert_uint_eq(tile->layers[0]->n_features, 1);
    VectorTile__Tile__Feature *f = tile->layers[0]->features[0];
    ck_assert_int_eq(f->type, type);
    ck_assert_uint_eq(f->n_geometry, n_want);
    for (size_t i = 0; i < n_want; i++)
        ck_assert_msg(f->geometry[i] == want[i], "%s: word %zu is %u, want %u", wkt, i,
                      f->geometry[i], want[i]);
    vector_tile__tile__free_unpacked(tile, NULL);
}

START_TEST(test_mvt_spec_point)
{
    static const uint32_t want[] = {9, 50, 34};
    assert_stream("POINT(25 17)", VECTOR_TILE__TILE__GEOM_TYPE__POINT, want, 3);
}
END_TEST

START_TEST(test_mvt_spec_multipoint)
{
    static const uint32_t want[] = {17, 10, 14, 3, 9};
    assert_stream("MULTIPOINT((5 7),(3 2))", VECTOR_TILE__TILE__GEOM_TYPE__POINT, want, 5);
}
END_TEST

START_TEST(test_mvt_spec_linestring)
{
    static const uint32_t want[] = {9, 4, 4, 18, 0, 16, 16, 0};
    assert_stream("LINESTRING(2 2,2 10,10 10)", VECTOR_TILE__TILE__GEOM_TYPE__LINESTRING, want, 8);
}
END_TEST

START_TEST(test_mvt_spec_multilinestring)
{
    static const uint32_t want[] = {9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8};
    assert_stream("MULTILINESTRING((2 2,2 10,10 10),(1 1,3 5))",
                  VECTOR_TILE__TILE__GEOM_TYPE__LINESTRING, want, 14);
}
END_TEST

START_TEST(test_mvt_spec_polygon)
{
    static const uint32_t want[] = {9, 6, 12, 18, 10, 12, 24, 44, 15};
    assert_stream("POLYGON((3 6,8 12,20 34,3 6))", VECTOR_TILE__TILE__GEOM_TYPE__POLYGON, want, 9);
}
END_TEST

START_TEST(test_mvt_spec_multipolygon)
{
    /* Spec 4.3.5.7: two polygons, the second with a hole; exterior rings positive area. */
    static const uint32_t want[] = {9, 0,  0,  26, 20, 0, 0, 20, 19, 0, 15, 9, 22, 2, 26, 18, 0,
                                    0, 18, 17, 0,  15, 9, 4, 13, 26, 0, 8,  8, 0,  0, 7,  15};
    assert_stream("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((11 11,20 11,20 20,11 20,11 11),"
                  "(13 13,13 17,17 17,17 13,13 13)))",
                  VECTOR_TILE__TILE__GEOM_TYPE__POLYGON, want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(test_mvt_winding_fixed)
{
    /* The spec polygon given in the other direction comes out with positive shell area:
     * (3,6) -> (20,34) -> (8,12) reversed is (8,12),(20,34),(3,6). */
    static const uint32_t want[] = {9, 16, 24, 18, 24, 44, 33, 55, 15};
    assert_stream("POLYGON((3 6,20 34,8 12,3 6))", VECTOR_TILE__TILE__GEOM_TYPE__POLYGON, want, 9);
}
END_TEST

START_TEST(test_mvt_repeated_points_dropped)
{
    /* 2.2/2.1 and 2.4/9.6 round onto their neighbours. */
    static const uint32_t want[] = {9, 4, 4, 18, 0, 16, 16, 0};
    assert_stream("LINESTRING(2 2,2.2 2.1,2 10,2.4 9.6,10 10)",
                  VECTOR_TILE__TILE__GEOM_TYPE__LINESTRING, want, 8);
}
END_TEST

START_TEST(test_mvt_degenerate_dropped)
{
    bool added = true;
    /* Every vertex rounds to (0,0): nothing is left of the ring, so no feature. */
    VectorTile__Tile *tile = encode_one("POLYGON((0 0,0.2 0.2,0.4 0,0 0))", &added);
    ck_assert(!added);
    ck_assert_uint_eq(tile->n_layers, 0);
    vector_tile__tile__free_unpacked(tile, NULL);
    /* A hole that collapses is dropped; the shell stays. */
    static const uint32_t want[] = {9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15};
    assert_stream("POLYGON((0 0,10 0,10 10,0 10,0 0),(3 3,3.2 3,3.2 3.2,3 3))",
                  VECTOR_TILE__TILE__GEOM_TYPE__POLYGON, want, 11);
}
END_TEST

START_TEST(test_mvt_dictionary)
{
    tile_mvt *t = NULL;
    tile_mvt_layer *vl = NULL, *empty = NULL;
    gis_geom *g = NULL;
    gis_error err = {0};
    bool added = false;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "POINT(1 2)", &g, &err), GIS_OK);
    ck_assert_int_eq(tile_mvt_new(&t, &err), GIS_OK);
    ck_assert_int_eq(tile_mvt_layer_add(t, "empty", 4096, &empty, &err), GIS_OK);
    ck_assert_int_eq(tile_mvt_layer_add(t, "villages", 4096, &vl, &err), GIS_OK);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(tile_mvt_feature_add(ctx, vl, (uint64_t)i + 1, g, &added, &err), GIS_OK);
        ck_assert_int_eq(tile_mvt_prop_string(vl, "name", "安家岗村", &err), GIS_OK);
        ck_assert_int_eq(tile_mvt_prop_int(vl, "n", i, &err), GIS_OK);
        ck_assert_int_eq(tile_mvt_prop_double(vl, "area_km2", 1.5, &err), GIS_OK);
        ck_assert_int_eq(tile_mvt_prop_string(vl, "absent", NULL, &err), GIS_OK);
    }
    ck_assert_uint_eq(tile_mvt_layer_feature_count(vl), 3);
    gis_geom_free(ctx, g);
    unsigned char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(tile_mvt_encode(t, &buf, &len, &err), GIS_OK);
    tile_mvt_free(t);
    VectorTile__Tile *tile = vector_tile__tile__unpack(NULL, len, buf);
    free(buf);
    ck_assert_ptr_nonnull(tile);
    ck_assert_uint_eq(tile->n_layers, 1); /* the layer without features is left out */
    VectorTile__Tile__Layer *lay = tile->layers[0];
    ck_assert_str_eq(lay->name, "villages");
    ck_assert_uint_eq(lay->version, 2);
    ck_assert_uint_eq(lay->extent, 4096);
    ck_assert_uint_eq(lay->n_keys, 3);           /* name, n, area_km2 */
    ck_assert_uint_eq(lay->n_values, 1 + 3 + 1); /* one name, three n, one area */
    ck_assert_str_eq(lay->keys[lay->features[2]->tags[0]], "name");
    ck_assert_str_eq(lay->values[lay->features[2]->tags[1]]->string_value, "安家岗村");
    ck_assert_int_eq(lay->values[lay->features[2]->tags[3]]->int_value, 2);
    ck_assert_double_eq(lay->values[lay->features[2]->tags[5]]->double_value, 1.5);
    ck_assert_uint_eq(lay->features[2]->id, 3);
    vector_tile__tile__free_unpacked(tile, NULL);
}
END_TEST

START_TEST(test_mvt_empty_tile)
{
    tile_mvt *t = NULL;
    tile_mvt_layer *l = NULL;
    gis_error err = {0};
    ck_assert_int_eq(tile_mvt_new(&t, &err), GIS_OK);
    ck_assert_int_eq(tile_mvt_layer_add(t, "l", 4096, &l, &err), GIS_OK);
    unsigned char *buf = NULL;
    size_t len = 99;
    ck_assert_int_eq(tile_mvt_encode(t, &buf, &len, &err), GIS_OK);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(len, 0);
    free(buf);
    tile_mvt_free(t);
}
END_TEST

START_TEST(test_mvt_errors)
{
    tile_mvt *t = NULL;
    tile_mvt_layer *l = NULL, *l2 = NULL;
    gis_error err = {0};
    ck_assert_int_eq(tile_mvt_new(&t, &err), GIS_OK);
    ck_assert_int_eq(tile_mvt_layer_add(t, "villages", 4096, &l, &err), GIS_OK);
    int rc = tile_mvt_layer_add(t, "villages", 4096, &l2, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "duplicate MVT layer 'villages'");
    ck_assert_ptr_null(l2);
    rc = tile_mvt_layer_add(t, "", 4096, &l2, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "needs a name");
    rc = tile_mvt_prop_int(l, "n", 1, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "without a feature in layer 'villages'");
    tile_mvt_free(t);
    tile_mvt_free(NULL);
}
END_TEST

static Suite *tile_mvt_suite(void)
{
    Suite *s = suite_create("tile_mvt");
    TCase *tc = tcase_create("spec_examples");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mvt_spec_point);
    tcase_add_test(tc, test_mvt_spec_multipoint);
    tcase_add_test(tc, test_mvt_spec_linestring);
    tcase_add_test(tc, test_mvt_spec_multilinestring);
    tcase_add_test(tc, test_mvt_spec_polygon);
    tcase_add_test(tc, test_mvt_spec_multipolygon);
    suite_add_tcase(s, tc);
    tc = tcase_create("quantisation");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mvt_winding_fixed);
    tcase_add_test(tc, test_mvt_repeated_points_dropped);
    tcase_add_test(tc, test_mvt_degenerate_dropped);
    suite_add_tcase(s, tc);
    tc = tcase_create("encoding");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mvt_dictionary);
    tcase_add_test(tc, test_mvt_empty_tile);
    tcase_add_test(tc, test_mvt_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_mvt_suite)
