/*
 * Tests tiles/geojson.c: WKB to GeoJSON geometries of every type, coordinate rounding, the
 * latitude-first EPSG:4490 order, EPSG:3857 through PROJ, Features, and malformed WKB.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/geojson.h"

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

/* Converts wkt to GeoJSON text with options o. */
static char *convert(const char *wkt, const tile_geojson_opts *o)
{
    gis_error err = {0};
    gis_geom *g = NULL;
    unsigned char *wkb = NULL;
    size_t len = 0;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &g, &err), GIS_OK);
    ck_assert_int_eq(gis_geom_to_wkb(ctx, g, &wkb, &len, &err), GIS_OK);
    json_t *j = NULL;
    ck_assert_msg(tile_geojson_geometry_from_wkb(ctx, wkb, len, o, &j, &err) == GIS_OK, "%s",
                  err.msg);
    char *s = NULL;
    ck_assert_int_eq(tile_geojson_dump(j, &s, &len, &err), GIS_OK);
    json_decref(j);
    free(wkb);
    gis_geom_free(ctx, g);
    return s;
}

static void expect(const char *wkt, const tile_geojson_opts *o, const char *want)
{
    char *got = convert(wkt, o);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(test_geojson_types)
{
    tile_geojson_opts o = {TILE_GEOJSON_CRS84, NULL, -1};
    expect("POINT(111.5 32.25)", &o, "{\"type\":\"Point\",\"coordinates\":[111.5,32.25]}");
    expect("LINESTRING(0 0,1 1)", &o,
           "{\"type\":\"LineString\",\"coordinates\":[[0.0,0.0],[1.0,1.0]]}");
    expect("POLYGON((0 0,1 0,1 1,0 0))", &o,
           "{\"type\":\"Polygon\",\"coordinates\":[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]]}");
    expect("MULTIPOINT((1 2),(3 4))", &o,
           "{\"type\":\"MultiPoint\",\"coordinates\":[[1.0,2.0],[3.0,4.0]]}");
    expect("MULTILINESTRING((0 0,1 1),(2 2,3 3))", &o,
           "{\"type\":\"MultiLineString\",\"coordinates\":[[[0.0,0.0],[1.0,1.0]],[[2.0,2.0],"
           "[3.0,3.0]]]}");
    expect(
        "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))", &o,
        "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]],"
        "[[[5.0,5.0],[6.0,5.0],[6.0,6.0],[5.0,5.0]]]]}");
    expect("GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))", &o,
           "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":"
           "[1.0,2.0]},{\"type\":\"LineString\",\"coordinates\":[[0.0,0.0],[1.0,1.0]]}]}");
}
END_TEST

START_TEST(test_geojson_precision_and_axes)
{
    tile_geojson_opts o = {TILE_GEOJSON_CRS84, NULL, -1};
    /* 7 decimals for degrees: 1 cm. */
    expect("POINT(111.123456789 32.987654321)", &o,
           "{\"type\":\"Point\",\"coordinates\":[111.1234568,32.9876543]}");
    o.crs = TILE_GEOJSON_EPSG4490;
    expect("POINT(111.5 32.25)", &o, "{\"type\":\"Point\",\"coordinates\":[32.25,111.5]}");
    o.decimals = 1;
    o.crs = TILE_GEOJSON_CRS84;
    expect("POINT(-0.01 0.04)", &o, "{\"type\":\"Point\",\"coordinates\":[0.0,0.0]}");
}
END_TEST

START_TEST(test_geojson_3857)
{
    gis_error err = {0};
    gis_crs_transform *t = NULL;
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4490", "EPSG:3857", &t, &err), GIS_OK);
    tile_geojson_opts o = {TILE_GEOJSON_EPSG3857, t, -1};
    char *s = convert("POINT(111 32)", &o);
    json_t *j = json_loads(s, 0, NULL);
    json_t *c = json_object_get(j, "coordinates");
    /* Known by construction: x = R * lon in radians; y = R * ln(tan(pi/4 + lat/2)). */
    double x = 6378137.0 * 111.0 * M_PI / 180.0;
    double y = 6378137.0 * log(tan(M_PI / 4 + 32.0 * M_PI / 360.0));
    ck_assert_double_eq_tol(json_real_value(json_array_get(c, 0)), x, 0.01);
    ck_assert_double_eq_tol(json_real_value(json_array_get(c, 1)), y, 0.01);
    json_decref(j);
    free(s);
    o.to_3857 = NULL;
    gis_geom *g = NULL;
    unsigned char *wkb = NULL;
    size_t len = 0;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "POINT(1 2)", &g, &err), GIS_OK);
    ck_assert_int_eq(gis_geom_to_wkb(ctx, g, &wkb, &len, &err), GIS_OK);
    json_t *out = NULL;
    int rc = tile_geojson_geometry_from_wkb(ctx, wkb, len, &o, &out, &err);
    ck_assert_fails_with(rc, err, GIS_ECRS, "no transform to EPSG:3857");
    ck_assert_ptr_null(out);
    free(wkb);
    gis_geom_free(ctx, g);
    gis_crs_transform_free(t);
}
END_TEST

START_TEST(test_geojson_bad_wkb)
{
    tile_geojson_opts o = {TILE_GEOJSON_CRS84, NULL, -1};
    gis_error err = {0};
    json_t *out = NULL;
    /* Little-endian point cut short. */
    const unsigned char cut[] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f};
    int rc = tile_geojson_geometry_from_wkb(ctx, cut, sizeof cut, &o, &out, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "truncated WKB");
    /* A linestring claiming 2^32-1 points. */
    const unsigned char huge[] = {1, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
    rc = tile_geojson_geometry_from_wkb(ctx, huge, sizeof huge, &o, &out, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "truncated WKB");
    const unsigned char type99[] = {1, 99, 0, 0, 0};
    rc = tile_geojson_geometry_from_wkb(ctx, type99, sizeof type99, &o, &out, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "unknown WKB geometry type 99");
    const unsigned char order[] = {7, 1, 0, 0, 0};
    rc = tile_geojson_geometry_from_wkb(ctx, order, sizeof order, &o, &out, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "bad WKB byte order");
    rc = tile_geojson_geometry_from_wkb(ctx, NULL, 0, &o, &out, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "empty WKB");
    /* Collections nested deeper than the limit: each level holds one collection. */
    unsigned char deep[9 * 12 + 21];
    const unsigned char gc[] = {1, 7, 0, 0, 0, 1, 0, 0, 0};
    for (int i = 0; i < 12; i++)
        memcpy(deep + 9 * i, gc, sizeof gc);
    memset(deep + 9 * 12, 0, 21);
    rc = tile_geojson_geometry_from_wkb(ctx, deep, sizeof deep, &o, &out, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "nested too deeply");
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(test_geojson_feature)
{
    json_t *props = json_pack("{s:s}", "name", "甲村");
    json_t *f = tile_geojson_feature(7, NULL, props);
    json_decref(props);
    gis_error err = {0};
    char *s = NULL;
    size_t len = 0;
    ck_assert_int_eq(tile_geojson_dump(f, &s, &len, &err), GIS_OK);
    ck_assert_str_eq(s, "{\"type\":\"Feature\",\"id\":7,\"geometry\":null,\"properties\":{\"name\":"
                        "\"甲村\"}}");
    free(s);
    json_decref(f);
    json_t *fc = tile_geojson_collection_new();
    ck_assert_int_eq(json_array_size(json_object_get(fc, "features")), 0);
    json_decref(fc);
}
END_TEST

static Suite *tile_geojson_suite(void)
{
    Suite *s = suite_create("geojson");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geojson_types);
    tcase_add_test(tc, test_geojson_precision_and_axes);
    tcase_add_test(tc, test_geojson_3857);
    tcase_add_test(tc, test_geojson_feature);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geojson_bad_wkb);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_geojson_suite)
