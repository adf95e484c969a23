/*
 * Tests for importers/import.c (and through it ogr_source, rows, import_prepare): imports of
 * small fixtures written by the tests into a fresh store. Expected coordinates come from
 * DOMAIN.md CRS-04 (111.65 E 32.26 N = E 37,561,247.16, N 3,570,869.04 in EPSG:4525, computed
 * with PROJ's cs2cs), codes from the fixture text.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/store.h"
#include "gis/store_info.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"
#include "importers/import.h"
#include "importers/gdal_init.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static char dir[64];
static gis_ctx *ctx;
static gis_store *store;

static void setup(void)
{
    imp_gdal_init();
    snprintf(dir, sizeof dir, "/tmp/jw_imp_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char db[128];
    snprintf(db, sizeof db, "%s/t.sqlite", dir);
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_open(db, GIS_STORE_CREATE, &store, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_store_close(store);
    gis_ctx_free(ctx);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Writes text to dir/name and returns the path (static buffer per call site is enough). */
static const char *fixture(const char *name, const char *text)
{
    static char path[8][160];
    static int slot;
    char *p = path[slot++ % 8];
    snprintf(p, 160, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static int64_t count(const char *kind)
{
    int64_t n = -1;
    ck_assert_int_eq(gis_store_count(store, kind, &n, NULL), GIS_OK);
    return n;
}

static size_t n_imports(void)
{
    gis_import_row *rows = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_imports_recent(store, 10, &rows, &n, NULL), GIS_OK);
    gis_import_rows_free(rows, n);
    return n;
}

#define GK_CSV                                                                                     \
    "界桩号,类型,X,Y\n"                                                                       \
    "GC001Q,Q,3570869.04,37561247.16\n"                                                            \
    "GC002Q,Q,3570900.00,37561300.00\n"

#define TWP_GEOJSON                                                                                \
    "{\"type\":\"FeatureCollection\",\"features\":["                                               \
    "{\"type\":\"Feature\",\"properties\":{\"XZQDM\":\"420625100\",\"XZQMC\":\"城关镇\"},"      \
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[111.6,32.2],[111.7,32.2],[111.7,32.3]," \
    "[111.6,32.3],[111.6,32.2]]]}},"                                                               \
    "{\"type\":\"Feature\",\"properties\":{\"XZQDM\":4.20625101e8,\"XZQMC\":\"石花镇\"},"       \
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[111.7,32.2],[111.8,32.2],[111.7,32.3]," \
    "[111.8,32.3],[111.7,32.2]]]}}]}"

static imp_options opts(const char *kind)
{
    imp_options o = {0};
    o.kind = kind;
    return o;
}

START_TEST(test_import_csv_gk_markers)
{
    imp_options o = opts("markers");
    imp_summary sum;
    gis_error err = {0};
    const char *p = fixture("m.csv", GK_CSV);
    ck_assert_int_eq(imp_import_run(ctx, store, p, &o, &sum, &err), GIS_OK);
    ck_assert_int_eq(sum.n_read, 2);
    ck_assert_int_eq(sum.n_imported, 2);
    ck_assert_str_eq(sum.crs, "EPSG:4525");
    ck_assert_ptr_nonnull(strstr(sum.axis_note, "column 'Y' read as easting"));
    gis_marker *m = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_markers_load(ctx, store, &m, &n, NULL), GIS_OK);
    ck_assert_uint_eq(n, 2);
    double bb[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, m[0].geom, bb, NULL), GIS_OK);
    ck_assert_str_eq(m[0].number, "GC001Q");
    ck_assert_double_eq_tol(bb[0], 111.65, 1e-7); /* DOMAIN.md CRS-04 */
    ck_assert_double_eq_tol(bb[1], 32.26, 1e-7);
    gis_marker_array_free(ctx, m, n);
    ck_assert_uint_eq(n_imports(), 1);
}
END_TEST

START_TEST(test_import_geojson_townships)
{
    imp_options o = opts("townships");
    imp_summary sum;
    gis_error err = {0};
    const char *p = fixture("t.geojson", TWP_GEOJSON);
    ck_assert_int_eq(imp_import_run(ctx, store, p, &o, &sum, &err), GIS_OK);
    ck_assert_int_eq(sum.n_imported, 2);
    ck_assert_int_eq(sum.n_invalid, 1); /* the bow-tie is kept, counted */
    gis_unit *u = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_units_load(ctx, store, "township", &u, &n, NULL), GIS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(u[0].code, "420625100");
    ck_assert_str_eq(u[0].name, "城关镇");
    ck_assert_str_eq(u[0].parent_code, "420625");
    ck_assert_str_eq(u[1].code, "420625101"); /* 4.20625101e8 without float artefacts */
    ck_assert_str_eq(u[1].kind, "镇");
    ck_assert_int_eq(gis_geom_type(ctx, u[0].geom), GIS_GEOM_MULTIPOLYGON);
    gis_unit_array_free(ctx, u, n);
}
END_TEST

START_TEST(test_import_atomic_bad_line)
{
    imp_options o = opts("markers");
    imp_summary sum;
    gis_error err = {0};
    const char *p =
        fixture("bad.csv", "界桩号,X,Y\nA1,3570869.04,37561247.16\nA2,3570x,37561300\n");
    int rc = imp_import_run(ctx, store, p, &o, &sum, &err);
    ck_assert_fails_with(rc, err, GIS_ESOURCE,
                         "bad.csv: line 3: field 'X': '3570x' is not a number");
    ck_assert_int_eq(count("markers"), 0);
    ck_assert_uint_eq(n_imports(), 0);
}
END_TEST

START_TEST(test_import_duplicate_and_replace)
{
    imp_options o = opts("markers");
    imp_summary sum;
    gis_error err = {0};
    const char *p = fixture("m.csv", GK_CSV);
    ck_assert_int_eq(imp_import_run(ctx, store, p, &o, &sum, &err), GIS_OK);
    ck_assert_fails_with(imp_import_run(ctx, store, p, &o, &sum, &err), err, GIS_EEXIST,
                         "already imported");
    ck_assert_int_eq(count("markers"), 2);
    o.replace = true;
    ck_assert_int_eq(imp_import_run(ctx, store, p, &o, &sum, &err), GIS_OK);
    ck_assert_int_eq(sum.n_replaced, 2);
    ck_assert_int_eq(count("markers"), 2);
}
END_TEST

START_TEST(test_import_wrong_kind)
{
    imp_options o = opts("townships");
    imp_summary sum;
    gis_error err = {0};
    const char *p = fixture("pts.geojson",
                            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                            "\"properties\":{\"code\":\"420625100\",\"name\":\"a\"},\"geometry\":"
                            "{\"type\":\"Point\",\"coordinates\":[111.6,32.2]}}]}");
    ck_assert_fails_with(imp_import_run(ctx, store, p, &o, &sum, &err), err, GIS_ESOURCE,
                         "feature 1 is points but --as townships expects polygons");
    o.kind = "lakes";
    ck_assert_fails_with(imp_import_run(ctx, store, p, &o, &sum, &err), err, GIS_EINVAL,
                         "unknown layer kind 'lakes'");
    ck_assert_int_eq(count("townships"), 0);
}
END_TEST

START_TEST(test_import_file_errors)
{
    imp_options o = opts("markers");
    imp_summary sum;
    gis_error err = {0};
    char missing[128];
    snprintf(missing, sizeof missing, "%s/none.csv", dir);
    ck_assert_fails_with(imp_import_run(ctx, store, missing, &o, &sum, &err), err, GIS_ENOTFOUND,
                         "does not exist");
    const char *junk = fixture("junk.xyz", "\x01\x02 not a vector file \x03");
    ck_assert_fails_with(imp_import_run(ctx, store, junk, &o, &sum, &err), err, GIS_ESOURCE,
                         "unknown or unsupported format");
    const char *empty = fixture("e.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
    o.kind = "townships";
    ck_assert_fails_with(imp_import_run(ctx, store, empty, &o, &sum, &err), err, GIS_ESOURCE,
                         "no features to import");
    ck_assert_uint_eq(n_imports(), 0);
}
END_TEST

START_TEST(test_import_crs_errors)
{
    imp_options o = opts("markers");
    imp_summary sum;
    gis_error err = {0};
    const char *p = fixture("m.csv", GK_CSV);
    o.srs = "EPSG:99999";
    ck_assert_fails_with(imp_import_run(ctx, store, p, &o, &sum, &err), err, GIS_ECRS,
                         "unknown CRS 'EPSG:99999'");
    o.srs = NULL;
    const char *far = fixture("far.csv", "编号,经度,纬度\nA,111.6,32.2\nB,111.6,95.0\n");
    ck_assert_fails_with(imp_import_run(ctx, store, far, &o, &sum, &err), err, GIS_ESOURCE,
                         "line 3: coordinates out of range");
    const char *six = fixture("six.csv", "编号,东坐标,北坐标\nA,561247.16,3570869.04\n");
    ck_assert_fails_with(imp_import_run(ctx, store, six, &o, &sum, &err), err, GIS_ECRS,
                         "--central-meridian");
    o.central_meridian = 111;
    ck_assert_int_eq(imp_import_run(ctx, store, six, &o, &sum, &err), GIS_OK);
    ck_assert_str_eq(sum.crs, "EPSG:4546");
    ck_assert_int_eq(count("markers"), 1);
}
END_TEST

START_TEST(test_import_gbk_text)
{
    imp_options o = opts("cemeteries");
    imp_summary sum;
    gis_error err = {0};
    /* 名称 header in UTF-8, value 谷城县 in GBK bytes (B9C8 B3C7 CFD8). */
    const char *p = fixture("c.csv", "名称,经度,纬度\n\xb9\xc8\xb3\xc7\xcf\xd8,111.6,32.2\n");
    ck_assert_fails_with(imp_import_run(ctx, store, p, &o, &sum, &err), err, GIS_ESOURCE,
                         "not valid UTF-8");
    const char *gbk =
        fixture("g.csv", "\xc3\xfb\xb3\xc6,lon,lat\n\xb9\xc8\xb3\xc7\xcf\xd8,111.6,32.2\n");
    o.encoding = "GBK";
    ck_assert_int_eq(imp_import_run(ctx, store, gbk, &o, &sum, &err), GIS_OK);
    ck_assert_int_eq(count("cemeteries"), 1);
}
END_TEST

START_TEST(test_import_sha256)
{
    char hex[65];
    gis_error err = {0};
    const char *p = fixture("abc.txt", "abc");
    ck_assert_int_eq(imp_import_sha256(p, hex, &err), GIS_OK);
    /* FIPS 180-2 example "abc". */
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ck_assert_fails_with(imp_import_sha256("/nonexistent/x", hex, &err), err, GIS_EIO,
                         "cannot read");
}
END_TEST

static Suite *imp_import_suite(void)
{
    Suite *s = suite_create("import");
    TCase *ok = tcase_create("valid");
    tcase_add_checked_fixture(ok, setup, teardown);
    tcase_set_timeout(ok, 60); /* store creation is slow on a loaded machine */
    tcase_add_test(ok, test_import_csv_gk_markers);
    tcase_add_test(ok, test_import_geojson_townships);
    tcase_add_test(ok, test_import_duplicate_and_replace);
    tcase_add_test(ok, test_import_sha256);
    suite_add_tcase(s, ok);
    TCase *bad = tcase_create("errors");
    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_set_timeout(bad, 60); /* store creation is slow on a loaded machine */
    tcase_add_test(bad, test_import_atomic_bad_line);
    tcase_add_test(bad, test_import_wrong_kind);
    tcase_add_test(bad, test_import_file_errors);
    tcase_add_test(bad, test_import_crs_errors);
    tcase_add_test(bad, test_import_gbk_text);
    suite_add_tcase(s, bad);
    return s;
}

CHECK_MAIN(imp_import_suite)
