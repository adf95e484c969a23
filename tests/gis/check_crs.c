/*
 * Tests gis/crs.c: zone arithmetic and the DOMAIN.md CRS-04 test point (values published in
 * DOMAIN.md, computed there with PROJ's cs2cs: an independent oracle).
 */
#include <check.h>
#include <stdlib.h>

#include "gis/crs.h"
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

START_TEST(test_crs_zone_for_gucheng)
{
    /* DOMAIN.md CRS-04: 谷城县 at 111.65°E lies in 3° zone 37, CM 111°E. */
    ck_assert_int_eq(gis_crs_gk3_central_meridian(111.65), 111);
    ck_assert_int_eq(gis_crs_gk3_epsg(111, true), 4525);
    ck_assert_int_eq(gis_crs_gk3_epsg(111, false), 4546);
    ck_assert_int_eq(gis_crs_gk3_epsg(75, true), 4513);
    ck_assert_int_eq(gis_crs_gk3_epsg(135, false), 4554);
    ck_assert_int_eq(gis_crs_gk3_epsg(74, false), 0);
    ck_assert(gis_crs_is_cgcs2000(4490));
    ck_assert(!gis_crs_is_cgcs2000(4326));
}
END_TEST

START_TEST(test_crs_transform_test_point)
{
    gis_crs_transform *t = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4490", "EPSG:4525", &t, &err), GIS_OK);
    double xy[2] = {111.65, 32.26};
    ck_assert_int_eq(gis_crs_transform_xy(ctx, t, xy, 1, &err), GIS_OK);
    ck_assert_double_eq_tol(xy[0], 37561247.16, 0.01);
    ck_assert_double_eq_tol(xy[1], 3570869.04, 0.01);
    gis_crs_transform_free(t);

    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4490", "EPSG:4546", &t, &err), GIS_OK);
    gis_geom *p = NULL, *q = NULL;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "POINT (111.65 32.26)", &p, &err), GIS_OK);
    ck_assert_int_eq(gis_crs_transform_geom(ctx, t, p, &q, &err), GIS_OK);
    double b[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, q, b, &err), GIS_OK);
    ck_assert_double_eq_tol(b[0], 561247.16, 0.01);
    ck_assert_double_eq_tol(b[1], 3570869.04, 0.01);
    gis_geom_free(ctx, p);
    gis_geom_free(ctx, q);
    gis_crs_transform_free(t);
}
END_TEST

START_TEST(test_crs_unknown_code_fails)
{
    gis_crs_transform *t = NULL;
    gis_error err = {0};
    int rc = gis_crs_transform_new(ctx, "EPSG:999999", "EPSG:4490", &t, &err);
    ck_assert_fails_with(rc, err, GIS_ECRS, "EPSG:999999");
    ck_assert_ptr_null(t);
}
END_TEST

static Suite *gis_crs_suite(void)
{
    Suite *s = suite_create("crs");
    TCase *tc = tcase_create("transform");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_crs_zone_for_gucheng);
    tcase_add_test(tc, test_crs_transform_test_point);
    tcase_add_test(tc, test_crs_unknown_code_fails);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_crs_suite)
