/*
 * Tests gis/cemetery_capacity.c and gis/facility_coverage.c with hand arithmetic: free plots,
 * population shares of a village served by two cemeteries, years left at 7 per mille, the
 * warning threshold; townships without an elderly-care centre, happiness-home rates, beds per
 * 1,000 older residents.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "gis/cemetery_capacity.h"
#include "gis/facility_coverage.h"
#include "gis/profile.h"
#include "tests/gis/cov_fixture.h"
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

START_TEST(test_capacity_arithmetic)
{
    gis_unit v[3] = {cov_village("420625101201", "甲", NULL, 2000),
                     cov_village("420625101202", "乙", NULL, 1000),
                     cov_village("420625101203", "丙", NULL, -1)};
    gis_facility c[3] = {cov_cemetery("A", NULL, NULL, NULL), cov_cemetery("B", NULL, NULL, NULL),
                         cov_cemetery("C", NULL, NULL, NULL)};
    c[0].capacity = 500, c[0].used = 290; /* 210 free */
    c[1].capacity = 1000, c[1].used = 100;
    c[2].capacity = 100, c[2].used = -1; /* unknown */
    /* 甲 is covered by A and B (shares of 1000 each), 乙 by B only, 丙 (unknown) by C. */
    size_t cov_a[] = {0, 1}, cov_b[] = {1}, cov_c[] = {2};
    gis_cem_village cv[3] = {{.covering = cov_a, .n_covering = 2},
                             {.covering = cov_b, .n_covering = 1},
                             {.covering = cov_c, .n_covering = 1}};
    gis_cemetery_coverage cov = {.villages = cv, .n_villages = 3, .n_cemeteries = 3};
    gis_profile p;
    gis_profile_defaults(&p); /* 7 per mille, 30 years */
    gis_cem_capacity *cap = NULL;
    ck_assert_int_eq(gis_cemetery_capacity_compute(c, 3, &cov, v, 3, &p, &cap, NULL), GIS_OK);
    ck_assert_int_eq(cap[0].free_plots, 210);
    ck_assert_double_eq_tol(cap[0].served_population, 1000, 1e-9);
    ck_assert_double_eq_tol(cap[0].burials_per_year, 7, 1e-9);
    ck_assert_double_eq_tol(cap[0].years_left, 30, 1e-9); /* 210 / 7: exactly at the limit */
    ck_assert(!cap[0].is_low);
    ck_assert_double_eq_tol(cap[1].served_population, 2000, 1e-9);
    ck_assert_double_eq_tol(cap[1].years_left, 900.0 / 14.0, 1e-9);
    ck_assert(isnan(cap[2].years_left));
    ck_assert(!cap[2].is_low);
    free(cap);
    c[0].used = 291; /* 209 / 7 = 29.86 years: low */
    ck_assert_int_eq(gis_cemetery_capacity_compute(c, 3, &cov, v, 3, &p, &cap, NULL), GIS_OK);
    ck_assert(cap[0].is_low);
    ck_assert_double_eq_tol(cap[0].years_left, 209.0 / 7.0, 1e-9);
    free(cap);
    c[0].used = 900; /* over-full: 0 free, 0 years */
    ck_assert_int_eq(gis_cemetery_capacity_compute(c, 3, &cov, v, 3, &p, &cap, NULL), GIS_OK);
    ck_assert_int_eq(cap[0].free_plots, 0);
    ck_assert_double_eq(cap[0].years_left, 0);
    ck_assert(cap[0].is_low);
    free(cap);
}
END_TEST

START_TEST(test_capacity_errors)
{
    gis_cemetery_coverage cov = {.n_villages = 1, .n_cemeteries = 2};
    gis_profile p;
    gis_profile_defaults(&p);
    gis_cem_capacity *cap = NULL;
    gis_error err = {0};
    int rc = gis_cemetery_capacity_compute(NULL, 1, &cov, NULL, 1, &p, &cap, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "does not match 1 cemeteries");
    cov.n_cemeteries = 1;
    p.crude_death_rate_per_mille = -1;
    gis_facility c = cov_cemetery("A", NULL, NULL, NULL);
    rc = gis_cemetery_capacity_compute(&c, 1, &cov, NULL, 1, &p, &cap, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "negative");
    ck_assert_ptr_null(cap);
}
END_TEST

static gis_facility care(const char *kind, double x, double y, const char *code, int64_t beds)
{
    gis_facility f = cov_cemetery("设施", code, NULL, isnan(x) ? NULL : cov_point(ctx, x, y));
    f.kind = (char *)kind;
    f.beds = beds;
    return f;
}

START_TEST(test_facility_coverage)
{
    gis_unit t[2] = {{.code = (char *)"420625101", .name = (char *)"石花镇"},
                     {.code = (char *)"420625500", .name = (char *)"薤山林场"}};
    gis_unit v[4] = {
        cov_village("420625101201", "甲", cov_box(ctx, 111.0, 32.0, 111.1, 32.1), 1000),
        cov_village("420625101202", "乙", cov_box(ctx, 111.1, 32.0, 111.2, 32.1), 1000),
        cov_village("420625101001", "社区", cov_box(ctx, 111.2, 32.0, 111.3, 32.1), 1000),
        cov_village("420625500201", "林场村", cov_box(ctx, 111.3, 32.0, 111.4, 32.1), 1000),
    };
    v[0].older_population = 300;
    v[1].older_population = 200;
    v[3].older_population = 100;
    v[3].parent_code = (char *)"420625500";
    gis_facility f[5] = {
        care("elderly_care_centre", 111.05, 32.05, NULL, 30),
        care("happiness_home", 111.15, 32.05, NULL, 5),
        care("happiness_home", 111.25, 32.05, NULL, 5),     /* in the community: not a 行政村 */
        care("welfare_home", NAN, NAN, "420625500201", -1), /* no point: by attribute, 0 beds */
        care("public_cemetery", 111.35, 32.05, NULL, 1000), /* not a care facility */
    };
    f[3].capacity = 20; /* beds unknown: capacity counts */
    gis_facility_coverage *c = NULL;
    ck_assert_int_eq(gis_facility_coverage_compute(ctx, t, 2, v, 4, f, 5, &c, NULL), GIS_OK);
    ck_assert_uint_eq(c->townships[0].n_centres, 1);
    ck_assert_uint_eq(c->townships[1].n_centres, 0);
    ck_assert_uint_eq(c->townships[0].n_admin_villages, 2);
    ck_assert_uint_eq(c->townships[0].n_with_home, 1);
    ck_assert_double_eq_tol(c->townships[0].home_rate, 0.5, 1e-12);
    ck_assert_uint_eq(c->county.n_admin_villages, 3);
    ck_assert_uint_eq(c->county.n_with_home, 1);
    ck_assert_int_eq(c->county.beds, 30 + 5 + 5 + 20);
    ck_assert_int_eq(c->county.older_population, 600);
    ck_assert_double_eq_tol(c->county.beds_per_1000, 60.0 * 1000 / 600, 1e-9);
    ck_assert_int_eq(c->townships[1].beds, 20);
    ck_assert_double_eq_tol(c->townships[1].beds_per_1000, 200, 1e-9);
    ck_assert(c->village_has_home[1] && c->village_has_home[2] && !c->village_has_home[0]);
    gis_facility_coverage_free(c);
    gis_facility_coverage_free(NULL);
    for (int i = 0; i < 5; i++)
        gis_geom_free(ctx, f[i].geom);
    for (int i = 0; i < 4; i++)
        gis_geom_free(ctx, v[i].geom);
}
END_TEST

START_TEST(test_facility_coverage_empty)
{
    /* No villages: rates are unknown (NAN), not zero. */
    gis_facility_coverage *c = NULL;
    ck_assert_int_eq(gis_facility_coverage_compute(ctx, NULL, 0, NULL, 0, NULL, 0, &c, NULL),
                     GIS_OK);
    ck_assert(isnan(c->county.home_rate));
    ck_assert(isnan(c->county.beds_per_1000));
    ck_assert_int_eq(c->county.older_population, -1);
    gis_facility_coverage_free(c);
}
END_TEST

static Suite *gis_cov_capacity_suite(void)
{
    Suite *s = suite_create("cov_capacity");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_capacity_arithmetic);
    tcase_add_test(tc, test_facility_coverage);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_capacity_errors);
    tcase_add_test(tc, test_facility_coverage_empty);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_cov_capacity_suite)
