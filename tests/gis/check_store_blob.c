/*
 * Tests gis/store_blob.c against blobs written by SpatiaLite itself (the sqlite3 shell with
 * mod_spatialite, GeomFromText): every geometry class jiewang stores reads back equal to the
 * WKT it was made from; truncated, foreign and Z blobs are refused.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/store_blob.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

/* SpatiaLite's blob of wkt (SRID 4490) through the sqlite3 shell; returns its length. */
static size_t spatialite_blob(const char *wkt, unsigned char *out, size_t cap)
{
    char cmd[1024], hex[8192];
    snprintf(cmd, sizeof cmd,
             "sqlite3 -cmd '.load mod_spatialite' :memory: \"SELECT hex(GeomFromText('%s', "
             "4490))\" 2>/dev/null",
             wkt);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(fgets(hex, sizeof hex, p));
    pclose(p);
    size_t n = strcspn(hex, "\r\n") / 2;
    ck_assert_uint_le(n, cap);
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (unsigned char)v;
    }
    return n;
}

static void assert_round_trip(const char *wkt)
{
    unsigned char blob[4096];
    size_t n = spatialite_blob(wkt, blob, sizeof blob);
    gis_geom *g = NULL, *want = NULL;
    gis_error err = {0};
    ck_assert_msg(gis_store_blob_geom(ctx, blob, n, &g, &err) == GIS_OK, "%s: %s", wkt, err.msg);
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &want, NULL), GIS_OK);
    char *a = NULL, *b = NULL;
    ck_assert_int_eq(gis_geom_to_wkt(ctx, g, 6, &a, NULL), GIS_OK);
    ck_assert_int_eq(gis_geom_to_wkt(ctx, want, 6, &b, NULL), GIS_OK);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    gis_geom_free(ctx, g);
    gis_geom_free(ctx, want);
}

START_TEST(test_store_blob_classes)
{
    assert_round_trip("POINT (111.65 32.26)");
    assert_round_trip("LINESTRING (111 32, 111.5 32.25, 112 33)");
    assert_round_trip("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))");
    assert_round_trip("MULTIPOINT ((1 2), (3 4))");
    assert_round_trip("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))");
    assert_round_trip("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5), "
                      "(5.2 5.2, 5.2 5.4, 5.4 5.4, 5.2 5.2)))");
    assert_round_trip("GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 2 2))");
}
END_TEST

START_TEST(test_store_blob_refused)
{
    unsigned char blob[4096];
    gis_geom *g = NULL;
    gis_error err = {0};
    size_t n = spatialite_blob("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", blob, sizeof blob);
    int rc = gis_store_blob_geom(ctx, blob, n - 9, &g, &err); /* truncated */
    ck_assert_fails_with(rc, err, GIS_EGEOM, "SpatiaLite geometry blob");
    ck_assert_ptr_null(g);
    blob[38] = 0x00; /* MBR end marker gone */
    rc = gis_store_blob_geom(ctx, blob, n, &g, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "not a SpatiaLite geometry blob");
    rc = gis_store_blob_geom(ctx, (const unsigned char *)"WKB?", 4, &g, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "not a SpatiaLite geometry blob");
    n = spatialite_blob("POINT Z (1 2 3)", blob, sizeof blob);
    rc = gis_store_blob_geom(ctx, blob, n, &g, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "class 1001");
    ck_assert_ptr_null(g);
}
END_TEST

static Suite *gis_store_blob_suite(void)
{
    Suite *s = suite_create("gis_store_blob");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_store_blob_classes);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_store_blob_refused);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_store_blob_suite)
