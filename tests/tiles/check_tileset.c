/*
 * Tests tiles/tileset.c (and through it gis/store_tiles.c) on a small store built by
 * construction: a 1x1 degree county at 111-112E 32-33N split into two townships and four
 * villages, with lines, a marker, facilities, a grave and a finding. Expected tile coordinates
 * come from the slippy-map formulas written out here, and a tile is also decoded by GDAL's MVT
 * driver (ogr2ogr) and compared with the source within one tile pixel.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/store_coverage.h"
#include "gis/store_facilities.h"
#include "gis/store_findings.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/tileset.h"
#include "vector_tile.pb-c.h"

static gis_ctx *ctx;
static gis_store *store;
static char dir[64];

static gis_geom *wkt(const char *s)
{
    gis_geom *g = NULL;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, s, &g, NULL), GIS_OK);
    return g;
}

static void add_unit(const char *code, const char *name, const char *level, const char *parent,
                     double x0, double y0, double x1, double y1)
{
    char w[256];
    snprintf(w, sizeof w, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x0, y0, x1, y0, x1, y1, x0,
             y1, x0, y0);
    gis_unit u = {.code = (char *)code,
                  .name = (char *)name,
                  .level = (char *)level,
                  .parent_code = (char *)parent,
                  .population = -1,
                  .older_population = -1};
    u.geom = wkt(w);
    ck_assert_int_eq(gis_store_unit_insert(ctx, store, &u, 0, NULL), GIS_OK);
    gis_geom_free(ctx, u.geom);
}

static void add_facility(const char *kind, const char *name, double lon, double lat)
{
    char w[64];
    snprintf(w, sizeof w, "POINT(%g %g)", lon, lat);
    gis_facility f = {.kind = (char *)kind,
                      .name = (char *)name,
                      .village_code = "420625100201",
                      .capacity = 500,
                      .used = 20,
                      .beds = 30};
    f.geom = wkt(w);
    ck_assert_int_eq(gis_store_facility_insert(ctx, store, &f, 0, NULL), GIS_OK);
    gis_geom_free(ctx, f.geom);
}

static void add_survey(void)
{
    gis_boundary_line l = {
        .line_code = "420625100-420625101", .left_code = "420625100", .right_code = "420625101"};
    l.geom = wkt("LINESTRING(111.5 32,111.5 33)");
    ck_assert_int_eq(gis_store_line_insert(ctx, store, &l, 0, NULL), GIS_OK);
    gis_geom_free(ctx, l.geom);
    gis_marker m = {.number = "GC01001Q", .type = "Q", .line_code = "420625100-420625101"};
    m.geom = wkt("POINT(111.5 32.5)");
    ck_assert_int_eq(gis_store_marker_insert(ctx, store, &m, 0, NULL), GIS_OK);
    gis_geom_free(ctx, m.geom);
    gis_grave gr = {.owner = "王家", .village_code = "420625100201", .status = "identified"};
    gr.geom = wkt("POINT(111.3 32.3)");
    ck_assert_int_eq(gis_store_grave_insert(ctx, store, &gr, 0, NULL), GIS_OK);
    gis_geom_free(ctx, gr.geom);
}

static void add_finding(void)
{
    gis_finding_list *l = NULL;
    gis_finding *f = NULL;
    ck_assert_int_eq(gis_finding_list_new(&l, NULL), GIS_OK);
    ck_assert_int_eq(gis_finding_list_add(l, "gap", GIS_SEV_ERROR, &f, NULL), GIS_OK);
    ck_assert_int_eq(gis_finding_add_unit(f, "420625100", NULL), GIS_OK);
    ck_assert_int_eq(gis_finding_set_message(f, NULL, "城关镇与石花镇之间存在缝隙"), GIS_OK);
    f->lon = 111.6; /* no geometry: placed at its point */
    f->lat = 32.6;
    f->area_m2 = 12.5;
    ck_assert_int_eq(gis_store_findings_replace(ctx, store, "validate", NULL, l, NULL, NULL),
                     GIS_OK);
    gis_finding_list_free(ctx, l);
}

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_tileset_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &store, NULL), GIS_OK);
    add_unit("420625", "谷城县", "county", "420600", 111, 32, 112, 33);
    add_unit("420625100", "城关镇", "township", "420625", 111, 32, 111.5, 33);
    add_unit("420625101", "石花镇", "township", "420625", 111.5, 32, 112, 33);
    add_unit("420625100201", "甲村", "village", "420625100", 111, 32, 111.5, 32.5);
    add_unit("420625100202", "乙村", "village", "420625100", 111, 32.5, 111.5, 33);
    add_unit("420625101201", "丙村", "village", "420625101", 111.5, 32, 112, 32.5);
    add_unit("420625101202", "丁村", "village", "420625101", 111.5, 32.5, 112, 33);
    add_facility("public_cemetery", "甲村公益性公墓", 111.25, 32.25);
    add_facility("welfare_home", "城关福利院", 111.75, 32.75);
    add_survey();
    add_finding();
    gis_coverage_row rows[] = {
        {.code = "420625100201", .status = "covered", .nearest_id = -1},
        {.code = "420625100202", .status = "uncovered", .nearest_id = -1},
    };
    ck_assert_int_eq(gis_store_coverage_write(store, rows, 2, 0, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_store_close(store);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_ctx_free(ctx);
}

/* Slippy-map formulas (OpenStreetMap wiki), in tile units at zoom z. */
static double tx(int z, double lon)
{
    return (lon + 180.0) / 360.0 * (double)(1L << z);
}

static double ty(int z, double lat)
{
    double r = lat * M_PI / 180.0;
    return (1.0 - log(tan(r) + 1.0 / cos(r)) / M_PI) / 2.0 * (double)(1L << z);
}

static VectorTile__Tile *render(const char *name, int z, long x, long y)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    gis_error err = {0};
    int rc = tile_tileset_render(ctx, store, name, z, x, y, &buf, &len, &err);
    ck_assert_msg(rc == GIS_OK, "render %s/%d/%ld/%ld: %s", name, z, x, y, err.msg);
    VectorTile__Tile *t = vector_tile__tile__unpack(NULL, len, buf);
    free(buf);
    ck_assert_ptr_nonnull(t);
    return t;
}

static VectorTile__Tile__Layer *layer(VectorTile__Tile *t, const char *name)
{
    for (size_t i = 0; i < t->n_layers; i++)
        if (strcmp(t->layers[i]->name, name) == 0)
            return t->layers[i];
    return NULL;
}

/* Names of the layers of tile z at lon/lat, comma-separated, in tile order; labels are left
 * out above z0 (whether a label point falls in a given tile is not the rule tested). */
static void layer_names(const char *tileset, int z, double lon, double lat, char *out, size_t n)
{
    VectorTile__Tile *t = render(tileset, z, (long)tx(z, lon), (long)ty(z, lat));
    out[0] = '\0';
    for (size_t i = 0; i < t->n_layers; i++)
        if (z == 0 || strcmp(t->layers[i]->name, "labels") != 0)
            snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "",
                     t->layers[i]->name);
    vector_tile__tile__free_unpacked(t, NULL);
}

/* Bounds of all vertices of a feature, decoded from its command stream (spec 4.3). */
static void feature_bounds(const VectorTile__Tile__Feature *f, long b[4])
{
    long cx = 0, cy = 0;
    b[0] = b[1] = 1L << 30;
    b[2] = b[3] = -(1L << 30);
    for (size_t i = 0; i < f->n_geometry;) {
        uint32_t id = f->geometry[i] & 7, count = f->geometry[i] >> 3;
        i++;
        if (id == 7)
            continue;
        for (uint32_t k = 0; k < count; k++, i += 2) {
            uint32_t zx = f->geometry[i], zy = f->geometry[i + 1];
            cx += (long)(int32_t)((zx >> 1) ^ (~(zx & 1) + 1));
            cy += (long)(int32_t)((zy >> 1) ^ (~(zy & 1) + 1));
            b[0] = cx < b[0] ? cx : b[0];
            b[1] = cy < b[1] ? cy : b[1];
            b[2] = cx > b[2] ? cx : b[2];
            b[3] = cy > b[3] ? cy : b[3];
        }
    }
}

static const char *prop_str(const VectorTile__Tile__Layer *l, const VectorTile__Tile__Feature *f,
                            const char *key)
{
    for (size_t i = 0; i + 1 < f->n_tags; i += 2)
        if (strcmp(l->keys[f->tags[i]], key) == 0)
            return l->values[f->tags[i + 1]]->string_value;
    return NULL;
}

static const VectorTile__Tile__Value *prop(const VectorTile__Tile__Layer *l,
                                           const VectorTile__Tile__Feature *f, const char *key)
{
    for (size_t i = 0; i + 1 < f->n_tags; i += 2)
        if (strcmp(l->keys[f->tags[i]], key) == 0)
            return l->values[f->tags[i + 1]];
    return NULL;
}

START_TEST(test_tileset_exists)
{
    bool r = true;
    ck_assert(tile_tileset_exists("jiewang", &r) && !r);
    ck_assert(tile_tileset_exists("villages", &r) && !r);
    ck_assert(tile_tileset_exists("findings", &r) && !r);
    ck_assert(tile_tileset_exists("graves", &r) && r);
    ck_assert(!tile_tileset_exists("labels", &r));
    ck_assert(!tile_tileset_exists("nope", NULL));
    ck_assert(!tile_tileset_exists(NULL, NULL));
}
END_TEST

START_TEST(test_tileset_zoom_rules)
{
    char names[256];
    layer_names("jiewang", 0, 111.5, 32.5, names, sizeof names);
    ck_assert_str_eq(names, "county,labels");
    layer_names("jiewang", 6, 111.6, 32.6, names, sizeof names);
    ck_assert_str_eq(names, "county,townships,findings");
    layer_names("jiewang", 9, 111.6, 32.6, names, sizeof names);
    ck_assert_str_eq(names, "county,townships,villages,boundary_lines,findings");
    layer_names("jiewang", 12, 111.5, 32.5, names, sizeof names);
    ck_assert_str_eq(names, "county,townships,villages,boundary_lines,markers");
    layer_names("jiewang", 12, 111.25, 32.25, names, sizeof names);
    ck_assert_str_eq(names, "county,townships,villages,cemeteries");
    /* Graves only in their own (restricted) tileset. */
    layer_names("graves", 12, 111.3, 32.3, names, sizeof names);
    ck_assert_str_eq(names, "graves");
    layer_names("graves", 9, 111.3, 32.3, names, sizeof names);
    ck_assert_str_eq(names, "");
}
END_TEST

START_TEST(test_tileset_county_pixels)
{
    /* At z0 the county covers x 4096*(291/360).., known without our code. */
    VectorTile__Tile *t = render("county", 0, 0, 0);
    VectorTile__Tile__Layer *l = layer(t, "county");
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(l->n_features, 1);
    ck_assert_uint_eq(l->extent, 4096);
    long b[4];
    feature_bounds(l->features[0], b);
    ck_assert_int_eq(b[0], lround(tx(0, 111) * 4096));
    ck_assert_int_eq(b[2], lround(tx(0, 112) * 4096));
    ck_assert_int_eq(b[1], lround(ty(0, 33) * 4096));
    ck_assert_int_eq(b[3], lround(ty(0, 32) * 4096));
    ck_assert_str_eq(prop_str(l, l->features[0], "name"), "谷城县");
    ck_assert_str_eq(prop_str(l, l->features[0], "code"), "420625");
    ck_assert_str_eq(prop_str(l, l->features[0], "level"), "county");
    /* Area of a 1x1 degree cell at 32-33N: R^2 * dlon * (sin 33 - sin 32) on the authalic
     * sphere, about 10,380 km2; the ellipsoidal value is within 0.5%. */
    double sphere =
        6371.0072 * 6371.0072 * (M_PI / 180.0) * (sin(33 * M_PI / 180.0) - sin(32 * M_PI / 180.0));
    const VectorTile__Tile__Value *a = prop(l, l->features[0], "area_km2");
    ck_assert_ptr_nonnull(a);
    ck_assert_double_eq_tol(a->double_value, sphere, sphere * 0.005);
    vector_tile__tile__free_unpacked(t, NULL);
}
END_TEST

START_TEST(test_tileset_villages_and_labels)
{
    int z = 9;
    long x = (long)tx(z, 111.25), y = (long)ty(z, 32.25);
    VectorTile__Tile *t = render("jiewang", z, x, y);
    VectorTile__Tile__Layer *v = layer(t, "villages");
    ck_assert_ptr_nonnull(v);
    int covered = 0, uncovered = 0, without = 0;
    for (size_t i = 0; i < v->n_features; i++) {
        const char *c = prop_str(v, v->features[i], "coverage");
        const char *code = prop_str(v, v->features[i], "code");
        ck_assert_int_eq(v->features[i]->type, VECTOR_TILE__TILE__GEOM_TYPE__POLYGON);
        if (c == NULL)
            without++;
        else if (strcmp(c, "covered") == 0 && strcmp(code, "420625100201") == 0)
            covered++;
        else if (strcmp(c, "uncovered") == 0 && strcmp(code, "420625100202") == 0)
            uncovered++;
    }
    ck_assert_int_eq(covered, 1);
    ck_assert_int_eq(uncovered, 1);
    ck_assert_int_ge(without, 1);
    /* Township labels (z8+) lie inside their township, in this tile only if it holds them. */
    VectorTile__Tile__Layer *lab = layer(t, "labels");
    ck_assert_ptr_nonnull(lab);
    for (size_t i = 0; i < lab->n_features; i++) {
        long b[4];
        feature_bounds(lab->features[i], b);
        ck_assert_int_ge(b[0], 0);
        ck_assert_int_lt(b[0], 4096);
        ck_assert_int_ge(b[1], 0);
        ck_assert_int_lt(b[1], 4096);
        const char *level = prop_str(lab, lab->features[i], "level");
        ck_assert(strcmp(level, "county") == 0 || strcmp(level, "township") == 0);
        if (strcmp(prop_str(lab, lab->features[i], "code"), "420625100") == 0) {
            /* West township 111-111.5E: its label x lies between those meridians. */
            double lon = (x + b[0] / 4096.0) / 512.0 * 360.0 - 180.0;
            ck_assert_double_gt(lon, 111.0);
            ck_assert_double_lt(lon, 111.5);
        }
    }
    vector_tile__tile__free_unpacked(t, NULL);
}
END_TEST

START_TEST(test_tileset_findings_without_geometry)
{
    int z = 10;
    VectorTile__Tile *t = render("findings", z, (long)tx(z, 111.6), (long)ty(z, 32.6));
    VectorTile__Tile__Layer *l = layer(t, "findings");
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(l->n_features, 1);
    ck_assert_str_eq(prop_str(l, l->features[0], "rule"), "gap");
    ck_assert_str_eq(prop_str(l, l->features[0], "status"), "open");
    ck_assert_str_eq(prop_str(l, l->features[0], "message"), "城关镇与石花镇之间存在缝隙");
    ck_assert_double_eq(prop(l, l->features[0], "area_m2")->double_value, 12.5);
    long b[4];
    feature_bounds(l->features[0], b);
    double fx = tx(z, 111.6), fy = ty(z, 32.6);
    ck_assert_int_eq(b[0], lround((fx - floor(fx)) * 4096));
    ck_assert_int_eq(b[1], lround((fy - floor(fy)) * 4096));
    vector_tile__tile__free_unpacked(t, NULL);
}
END_TEST

/* Runs ogr2ogr on tile z/x/y saved as DIR/z/x/y.pbf (GDAL then georeferences it in
 * EPSG:3857) and returns the GeoJSON of one layer. */
static json_t *gdal_decode(const char *tileset, int z, long x, long y, const char *layer_name)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(tile_tileset_render(ctx, store, tileset, z, x, y, &buf, &len, NULL), GIS_OK);
    char path[256], cmd[512];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/%d/%ld", dir, z, x);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(path, sizeof path, "%s/%d/%ld/%ld.pbf", dir, z, x, y);
    FILE *f = fopen(path, "wb");
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    fclose(f);
    free(buf);
    snprintf(cmd, sizeof cmd, "ogr2ogr -q -f GeoJSON %s/out.geojson %s %s -lco RFC7946=NO", dir,
             path, layer_name);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(path, sizeof path, "%s/out.geojson", dir);
    json_t *doc = json_load_file(path, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    unlink(path);
    return doc;
}

START_TEST(test_tileset_gdal_decodes)
{
    if (system("command -v ogr2ogr >/dev/null") != 0)
        return; /* GDAL missing: covered by the integration test's own check */
    int z = 12;
    long x = (long)tx(z, 111.25), y = (long)ty(z, 32.25);
    json_t *doc = gdal_decode("jiewang", z, x, y, "cemeteries");
    json_t *feats = json_object_get(doc, "features");
    ck_assert_uint_eq(json_array_size(feats), 1);
    json_t *f0 = json_array_get(feats, 0);
    json_t *props = json_object_get(f0, "properties");
    ck_assert_str_eq(json_string_value(json_object_get(props, "name")), "甲村公益性公墓");
    ck_assert_int_eq(json_integer_value(json_object_get(props, "capacity")), 500);
    json_t *c = json_object_get(json_object_get(f0, "geometry"), "coordinates");
    /* Source point in EPSG:3857 by the textbook formula; one pixel = tile size / 4096. */
    double R = 6378137.0, mx = R * 111.25 * M_PI / 180.0;
    double my = R * log(tan(M_PI / 4 + 32.25 * M_PI / 360.0));
    double px = 2 * M_PI * R / (double)(1L << z) / 4096.0;
    ck_assert_double_eq_tol(json_real_value(json_array_get(c, 0)), mx, px);
    ck_assert_double_eq_tol(json_real_value(json_array_get(c, 1)), my, px);
    json_decref(doc);
    /* A village corner (111.5E, 32.5N) is a vertex of 甲村's ring within a pixel. */
    z = 9;
    x = (long)tx(z, 111.25);
    y = (long)ty(z, 32.25);
    doc = gdal_decode("villages", z, x, y, "villages");
    feats = json_object_get(doc, "features");
    bool found = false;
    double cx = R * 111.5 * M_PI / 180.0, cy = R * log(tan(M_PI / 4 + 32.5 * M_PI / 360.0));
    px = 2 * M_PI * R / (double)(1L << z) / 4096.0;
    for (size_t i = 0; i < json_array_size(feats); i++) {
        json_t *f = json_array_get(feats, i);
        const char *code =
            json_string_value(json_object_get(json_object_get(f, "properties"), "code"));
        if (strcmp(code, "420625100201") != 0)
            continue;
        json_t *ring =
            json_array_get(json_object_get(json_object_get(f, "geometry"), "coordinates"), 0);
        for (size_t k = 0; k < json_array_size(ring); k++) {
            json_t *p = json_array_get(ring, k);
            if (fabs(json_real_value(json_array_get(p, 0)) - cx) <= px &&
                fabs(json_real_value(json_array_get(p, 1)) - cy) <= px)
                found = true;
        }
    }
    ck_assert(found);
    json_decref(doc);
}
END_TEST

START_TEST(test_tileset_memo_same_bytes)
{
    /* The memo changes the cost, never the tile: z12 has unit layers (areas) and labels. */
    tile_unit_memo *memo = NULL;
    ck_assert_int_eq(tile_unit_memo_new(&memo, NULL), GIS_OK);
    int z = 12;
    long x = (long)tx(z, 111.25), y = (long)ty(z, 32.25);
    unsigned char *plain = NULL, *a = NULL, *b = NULL;
    size_t n_plain = 0, n_a = 0, n_b = 0;
    ck_assert_int_eq(tile_tileset_render(ctx, store, "jiewang", z, x, y, &plain, &n_plain, NULL),
                     GIS_OK);
    ck_assert_int_eq(tile_tileset_render_memo(ctx, store, memo, "jiewang", z, x, y, &a, &n_a, NULL),
                     GIS_OK);
    ck_assert_uint_gt(tile_unit_memo_count(memo), 0);
    ck_assert_int_eq(tile_tileset_render_memo(ctx, store, memo, "jiewang", z, x, y, &b, &n_b, NULL),
                     GIS_OK);
    ck_assert_uint_gt(n_plain, 0);
    ck_assert_uint_eq(n_a, n_plain);
    ck_assert_uint_eq(n_b, n_plain);
    ck_assert_int_eq(memcmp(a, plain, n_plain), 0);
    ck_assert_int_eq(memcmp(b, plain, n_plain), 0);
    free(plain);
    free(a);
    free(b);
    tile_unit_memo_free(memo);
}
END_TEST

START_TEST(test_tileset_tilejson)
{
    json_t *doc = NULL;
    gis_error err = {0};
    ck_assert_int_eq(
        tile_tileset_tilejson(ctx, store, "jiewang", "http://127.0.0.1:8080/", &doc, &err), GIS_OK);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "tilejson")), "3.0.0");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(doc, "tiles"), 0)),
                     "http://127.0.0.1:8080/tiles/jiewang/{z}/{x}/{y}.mvt");
    json_t *b = json_object_get(doc, "bounds");
    ck_assert_double_eq_tol(json_real_value(json_array_get(b, 0)), 111, 1e-6);
    ck_assert_double_eq_tol(json_real_value(json_array_get(b, 1)), 32, 1e-6);
    ck_assert_double_eq_tol(json_real_value(json_array_get(b, 2)), 112, 1e-6);
    ck_assert_double_eq_tol(json_real_value(json_array_get(b, 3)), 33, 1e-6);
    json_t *center = json_object_get(doc, "center");
    ck_assert_double_eq_tol(json_real_value(json_array_get(center, 0)), 111.5, 1e-6);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "minzoom")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "maxzoom")), TILE_MAX_ZOOM_SERVED);
    json_t *layers = json_object_get(doc, "vector_layers");
    bool villages = false, graves = false;
    for (size_t i = 0; i < json_array_size(layers); i++) {
        json_t *l = json_array_get(layers, i);
        const char *id = json_string_value(json_object_get(l, "id"));
        if (strcmp(id, "graves") == 0)
            graves = true;
        if (strcmp(id, "villages") == 0) {
            villages = true;
            json_t *fields = json_object_get(l, "fields");
            ck_assert_str_eq(json_string_value(json_object_get(fields, "coverage")), "String");
            ck_assert_str_eq(json_string_value(json_object_get(fields, "area_km2")), "Number");
            ck_assert_int_eq(json_integer_value(json_object_get(l, "minzoom")), 9);
        }
    }
    ck_assert(villages && !graves);
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(doc, "attribution")), "未经审核"));
    json_decref(doc);
    ck_assert_int_eq(tile_tileset_tilejson(ctx, store, "markers", "", &doc, &err), GIS_OK);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "minzoom")), 12);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "vector_layers")), 1);
    json_decref(doc);
}
END_TEST

START_TEST(test_tileset_errors)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    gis_error err = {0};
    int rc = tile_tileset_render(ctx, store, "jiewang", 19, 0, 0, &buf, &len, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "tile 19/0/0 is outside zoom 0-18");
    rc = tile_tileset_render(ctx, store, "jiewang", 1, 2, 0, &buf, &len, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "tile 1/2/0");
    rc = tile_tileset_render(ctx, store, "jiewang", 1, 0, -1, &buf, &len, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "tile 1/0/-1");
    rc = tile_tileset_render(ctx, store, "roads", 1, 0, 0, &buf, &len, &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "no tileset 'roads'");
    rc = tile_tileset_render(ctx, store, "labels", 1, 0, 0, &buf, &len, &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "no tileset 'labels'");
    ck_assert_ptr_null(buf);
    json_t *doc = NULL;
    rc = tile_tileset_tilejson(ctx, store, "roads", "http://x", &doc, &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "no tileset 'roads'");
    ck_assert_ptr_null(doc);
    /* An empty tile far away is zero bytes, not an error. */
    ck_assert_int_eq(tile_tileset_render(ctx, store, "jiewang", 10, 0, 0, &buf, &len, &err),
                     GIS_OK);
    ck_assert_uint_eq(len, 0);
    free(buf);
}
END_TEST

/* A zone polygon no tile could repair within its work budget (a 101-point star: every edge
 * crosses 98 others, 4,949 crossings) is left out of the tile; the valid zone beside it and the
 * tile itself survive (before, the whole tile failed, or took over 20 s in GEOSMakeValid). */
START_TEST(test_tileset_refused_feature_left_out)
{
    char w[8192];
    size_t n = (size_t)snprintf(w, sizeof w, "POLYGON((");
    const double cx = 111.30, cy = 32.70, rad = 0.02;
    for (int k = 0; k <= 101; k++) {
        double a = 2.0 * M_PI * (double)((k * 50) % 101) / 101.0;
        n += (size_t)snprintf(w + n, sizeof w - n, "%s%.9f %.9f", k ? "," : "", cx + rad * cos(a),
                              cy + rad * sin(a));
    }
    snprintf(w + n, sizeof w - n, "))");
    gis_zone star = {.name = "星形", .reason = "test"};
    star.geom = wkt(w);
    ck_assert_int_eq(gis_store_zone_insert(ctx, store, &star, 0, NULL), GIS_OK);
    gis_geom_free(ctx, star.geom);
    gis_zone ok = {.name = "正常禁葬区", .reason = "test"};
    ok.geom = wkt("POLYGON((111.33 32.69,111.34 32.69,111.34 32.70,111.33 32.70,111.33 32.69))");
    ck_assert_int_eq(gis_store_zone_insert(ctx, store, &ok, 0, NULL), GIS_OK);
    gis_geom_free(ctx, ok.geom);
    int z = 12;
    VectorTile__Tile *t = render("no_burial_zones", z, (long)tx(z, 111.30), (long)ty(z, 32.70));
    VectorTile__Tile__Layer *l = layer(t, "no_burial_zones");
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(l->n_features, 1);
    ck_assert_uint_eq(l->features[0]->id, (uint64_t)ok.id);
    vector_tile__tile__free_unpacked(t, NULL);
}
END_TEST

static Suite *tile_tileset_suite(void)
{
    Suite *s = suite_create("tile_tileset");
    TCase *tc = tcase_create("render");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* store creation is slow under sanitizers */
    tcase_add_test(tc, test_tileset_exists);
    tcase_add_test(tc, test_tileset_zoom_rules);
    tcase_add_test(tc, test_tileset_county_pixels);
    tcase_add_test(tc, test_tileset_villages_and_labels);
    tcase_add_test(tc, test_tileset_findings_without_geometry);
    tcase_add_test(tc, test_tileset_gdal_decodes);
    tcase_add_test(tc, test_tileset_memo_same_bytes);
    tcase_add_test(tc, test_tileset_refused_feature_left_out);
    suite_add_tcase(s, tc);
    tc = tcase_create("tilejson");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* store creation is slow under sanitizers */
    tcase_add_test(tc, test_tileset_tilejson);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* store creation is slow under sanitizers */
    tcase_add_test(tc, test_tileset_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_tileset_suite)
