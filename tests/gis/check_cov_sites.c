/*
 * Tests gis/zone_buffers.c and gis/candidate_sites.c: buffer widths per zone reason from the
 * profile, the area of a buffered rectangle against plane geometry (A + P·w + π·w²), and
 * candidate sites whose expected areas come from rectangles built by hand.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "gis/candidate_sites.h"
#include "gis/metrics.h"
#include "gis/zone_buffers.h"
#include "tests/gis/cov_fixture.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static gis_crs_transform *to_gk, *from_gk;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4490", "EPSG:4546", &to_gk, NULL), GIS_OK);
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4546", "EPSG:4490", &from_gk, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_crs_transform_free(to_gk);
    gis_crs_transform_free(from_gk);
    gis_ctx_free(ctx);
}

static double area(const gis_geom *g)
{
    double a = 0;
    ck_assert_int_eq(gis_metrics_area_m2(ctx, g, &a, NULL), GIS_OK);
    return a;
}

START_TEST(test_buffer_widths)
{
    gis_profile p;
    gis_profile_defaults(&p);
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, "railway"), 500);
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, "highway"), 500);
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, "reservoir"), 300);
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, "river_dike"), 300);
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, "water_source"), 0);
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, "county_seat"), 0);
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, NULL), 0);
    p.buffer_reservoir_m = 123;
    ck_assert_double_eq(gis_zone_buffer_width_m(&p, "reservoir"), 123);
}
END_TEST

START_TEST(test_buffer_area)
{
    gis_profile p;
    gis_profile_defaults(&p);
    gis_zone z[2] = {{.id = 1,
                      .reason = (char *)"reservoir",
                      .geom = cov_box(ctx, 111.60, 32.25, 111.61, 32.26)},
                     {.id = 2,
                      .reason = (char *)"county_seat",
                      .geom = cov_box(ctx, 111.70, 32.25, 111.71, 32.26)}};
    gis_geom **b = NULL;
    ck_assert_int_eq(gis_zone_buffers_derive(ctx, z, 2, &p, to_gk, from_gk, &b, NULL), GIS_OK);
    double a0 = area(z[0].geom), perim = 0, w = 300;
    ck_assert_int_eq(gis_metrics_length_m(ctx, z[0].geom, &perim, NULL), GIS_OK);
    double want = a0 + perim * w + M_PI * w * w;
    ck_assert_double_eq_tol(area(b[0]), want, want * 0.005);
    /* Width 0: an unchanged copy. */
    ck_assert_double_eq_tol(area(b[1]), area(z[1].geom), 1e-6);
    gis_zone_buffers_free(ctx, b, 2);
    gis_zone_buffers_free(ctx, NULL, 0);
    gis_geom_free(ctx, z[0].geom);
    /* A zone without geometry. */
    z[0].geom = NULL;
    gis_error err = {0};
    int rc = gis_zone_buffers_derive(ctx, z, 2, &p, to_gk, from_gk, &b, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "no-burial zone 1 has no geometry");
    ck_assert_ptr_null(b);
    gis_geom_free(ctx, z[1].geom);
}
END_TEST

START_TEST(test_candidate_sites)
{
    gis_geom *village = cov_box(ctx, 111.00, 32.00, 111.02, 32.02);
    /* A strip zone at 111.004-111.006 splits the village into a west piece 0.004° wide and an
     * east piece 0.014° wide; a second zone outside the village is ignored. */
    gis_geom *excl[3] = {cov_box(ctx, 111.004, 31.99, 111.006, 32.03), NULL,
                         cov_box(ctx, 112.0, 32.0, 112.1, 32.1)};
    gis_geom *west = cov_box(ctx, 111.00, 32.00, 111.004, 32.02);
    gis_geom *east = cov_box(ctx, 111.006, 32.00, 111.02, 32.02);
    double a_west = area(west), a_east = area(east);
    gis_candidate_site *s = NULL;
    size_t n = 0;
    ck_assert_int_eq(
        gis_candidate_sites_find(ctx, village, (const gis_geom *const *)excl, 3, 0, &s, &n, NULL),
        GIS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_double_eq_tol(s[0].area_m2, a_east, a_east * 1e-6); /* largest first */
    ck_assert_double_eq_tol(s[1].area_m2, a_west, a_west * 1e-6);
    gis_candidate_sites_free(ctx, s, n);
    /* Minimum size between the two: only the east piece is left. */
    ck_assert_int_eq(gis_candidate_sites_find(ctx, village, (const gis_geom *const *)excl, 3,
                                              (a_west + a_east) / 2, &s, &n, NULL),
                     GIS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_double_eq_tol(s[0].area_m2, a_east, a_east * 1e-6);
    gis_candidate_sites_free(ctx, s, n);
    /* A zone covering the whole village leaves nothing. */
    gis_geom *all[1] = {cov_box(ctx, 110.9, 31.9, 111.1, 32.1)};
    ck_assert_int_eq(
        gis_candidate_sites_find(ctx, village, (const gis_geom *const *)all, 1, 0, &s, &n, NULL),
        GIS_OK);
    ck_assert_uint_eq(n, 0);
    gis_candidate_sites_free(ctx, s, n);
    gis_geom_free(ctx, all[0]);
    gis_geom_free(ctx, west);
    gis_geom_free(ctx, east);
    gis_geom_free(ctx, excl[0]);
    gis_geom_free(ctx, excl[2]);
    gis_geom_free(ctx, village);
}
END_TEST

START_TEST(test_candidate_sites_errors)
{
    gis_candidate_site *s = NULL;
    size_t n = 9;
    gis_error err = {0};
    int rc = gis_candidate_sites_find(ctx, NULL, NULL, 0, 0, &s, &n, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "need a village polygon");
    ck_assert_uint_eq(n, 0);
    gis_geom *v = cov_box(ctx, 111.0, 32.0, 111.1, 32.1);
    rc = gis_candidate_sites_find(ctx, v, NULL, 0, -5, &s, &n, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "is negative");
    ck_assert_ptr_null(s);
    gis_geom_free(ctx, v);
}
END_TEST

static Suite *gis_cov_sites_suite(void)
{
    Suite *s = suite_create("cov_sites");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_buffer_widths);
    tcase_add_test(tc, test_buffer_area);
    tcase_add_test(tc, test_candidate_sites);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_candidate_sites_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_cov_sites_suite)
