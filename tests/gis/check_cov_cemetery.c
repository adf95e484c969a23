/*
 * Tests gis/cemetery_coverage.c: containment, assignment by serves_codes and village_code,
 * radius cases whose distances are known by construction (geodesic distance along a parallel,
 * an independent method from the GK prepared distance under test), urban communities, code
 * lists, cemeteries inside no-burial zones with footprint overlap area.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "gis/cemetery_coverage.h"
#include "gis/metrics.h"
#include "gis/store_coverage.h"
#include "tests/gis/cov_fixture.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static gis_crs_transform *to_gk;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    /* 谷城县: 3-degree zone 37, CM 111°E, EPSG:4546 (DOMAIN.md CRS-04). */
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4490", "EPSG:4546", &to_gk, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_crs_transform_free(to_gk);
    gis_ctx_free(ctx);
}

/* Village A = [111.60,111.62] x [32.25,32.27]; its neighbour B to the east is
 * [111.62,111.70]; a cemetery of B stands at latitude 32.26, east of A's edge by d metres. */
#define LAT 32.26
#define EDGE 111.62

static double lon_at(double metres)
{
    /* Degrees of longitude per metre along the parallel, refined with the geodesic itself. */
    double dlon = metres / 94160.0;
    for (int i = 0; i < 5; i++)
        dlon *= metres / gis_metrics_distance_m(EDGE, LAT, EDGE + dlon, LAT);
    return EDGE + dlon;
}

static void run_case(double cem_m, double radius_m, const char *want_status, double *dist_out)
{
    gis_unit v[2] = {
        cov_village("420625101201", "甲村委会", cov_box(ctx, 111.60, 32.25, EDGE, 32.27), 1000),
        cov_village("420625101202", "乙村委会", cov_box(ctx, EDGE, 32.25, 111.70, 32.27), 1000),
    };
    gis_facility c[1] = {
        cov_cemetery("乙村公墓", "420625101202", NULL, cov_point(ctx, lon_at(cem_m), LAT))};
    gis_cemetery_coverage *cov = NULL;
    gis_error err = {0};
    ck_assert_int_eq(
        gis_cemetery_coverage_compute(ctx, v, 2, c, 1, to_gk, radius_m, false, &cov, &err), GIS_OK);
    ck_assert_str_eq(cov->villages[0].status, want_status);
    ck_assert_str_eq(cov->villages[1].status, GIS_COV_COVERED);
    ck_assert_int_eq(cov->villages[0].nearest, 0);
    ck_assert_double_eq_tol(cov->villages[1].nearest_m, 0, 1e-9);
    /* Expected: the geodesic distance from A's east edge along the parallel (±1 m: GK scale). */
    double want = gis_metrics_distance_m(EDGE, LAT, lon_at(cem_m), LAT);
    ck_assert_double_eq_tol(want, cem_m, 0.01);
    ck_assert_double_eq_tol(cov->villages[0].nearest_m, want, 1.0);
    if (dist_out)
        *dist_out = cov->villages[0].nearest_m;
    ck_assert_uint_eq(cov->n_served[0], 1);
    ck_assert_uint_eq(cov->served[0][0], 1);
    gis_cemetery_coverage_free(cov);
    gis_geom_free(ctx, c[0].geom);
    gis_geom_free(ctx, v[0].geom);
    gis_geom_free(ctx, v[1].geom);
}

START_TEST(test_cemetery_radius_2900)
{
    run_case(2900, 3000, GIS_COV_COVERED_BY_RADIUS, NULL);
    run_case(2900, 3100, GIS_COV_COVERED_BY_RADIUS, NULL);
    run_case(2900, 2800, GIS_COV_UNCOVERED, NULL);
    run_case(2900, 0, GIS_COV_UNCOVERED, NULL); /* radius off: containment or assignment only */
}
END_TEST

START_TEST(test_cemetery_radius_3050)
{
    run_case(3050, 3000, GIS_COV_UNCOVERED, NULL);
    run_case(3050, 3100, GIS_COV_COVERED_BY_RADIUS, NULL);
}
END_TEST

START_TEST(test_cemetery_assignment_and_urban)
{
    gis_unit v[4] = {
        cov_village("420625101201", "甲村委会", cov_box(ctx, 111.60, 32.25, 111.62, 32.27), 800),
        cov_village("420625101202", "乙村委会", cov_box(ctx, 111.62, 32.25, 111.64, 32.27), 900),
        cov_village("420625101203", "丙村委会", cov_box(ctx, 111.64, 32.25, 111.66, 32.27), 700),
        cov_village("420625100001", "城内社区居委会", cov_box(ctx, 111.66, 32.25, 111.68, 32.27),
                    5000),
    };
    /* A shared cemetery in 甲 serving 乙 too (Chinese list separator), and one standing in 甲
     * whose village_code names 丙 (assignment by attribute). */
    gis_facility c[2] = {
        cov_cemetery("联村公墓", "420625101201", "420625101201、420625101202",
                     cov_point(ctx, 111.61, 32.26)),
        cov_cemetery("丙村公墓", "420625101203", NULL, cov_point(ctx, 111.605, 32.255)),
    };
    gis_cemetery_coverage *cov = NULL;
    ck_assert_int_eq(gis_cemetery_coverage_compute(ctx, v, 4, c, 2, to_gk, 0, false, &cov, NULL),
                     GIS_OK);
    ck_assert_str_eq(cov->villages[0].status, GIS_COV_COVERED);
    ck_assert_uint_eq(cov->villages[0].n_inside, 2);
    ck_assert_str_eq(cov->villages[1].status, GIS_COV_COVERED_BY_ASSIGNMENT);
    ck_assert_str_eq(cov->villages[2].status, GIS_COV_COVERED_BY_ASSIGNMENT);
    ck_assert_str_eq(cov->villages[3].status, GIS_COV_URBAN);
    ck_assert(!cov->villages[3].is_admin);
    ck_assert_uint_eq(cov->villages[1].n_covering, 1);
    ck_assert_uint_eq(cov->villages[1].covering[0], 0);
    ck_assert_uint_eq(cov->n_served[0], 2);
    ck_assert_uint_eq(cov->n_served[1], 2); /* 甲 (inside) and 丙 (attribute) */
    gis_cemetery_coverage_free(cov);
    /* --include-urban: the community is in scope and uncovered. */
    ck_assert_int_eq(gis_cemetery_coverage_compute(ctx, v, 4, c, 2, to_gk, 0, true, &cov, NULL),
                     GIS_OK);
    ck_assert_str_eq(cov->villages[3].status, GIS_COV_UNCOVERED);
    ck_assert_int_eq(cov->villages[3].nearest, 0);
    gis_cemetery_coverage_free(cov);
    for (int i = 0; i < 2; i++)
        gis_geom_free(ctx, c[i].geom);
    for (int i = 0; i < 4; i++)
        gis_geom_free(ctx, v[i].geom);
}
END_TEST

static int collect(void *user, const char *code)
{
    char *out = user;
    strcat(out, code);
    strcat(out, "|");
    return strcmp(code, "stop") == 0 ? 7 : 0;
}

START_TEST(test_cemetery_codes_each)
{
    char out[256] = "";
    ck_assert_int_eq(gis_cemetery_codes_each("a, b;c，d、e  ", collect, out), 0);
    ck_assert_str_eq(out, "a|b|c|d|e|");
    out[0] = '\0';
    ck_assert_int_eq(gis_cemetery_codes_each("x,stop,y", collect, out), 7);
    ck_assert_str_eq(out, "x|stop|");
    out[0] = '\0';
    ck_assert_int_eq(gis_cemetery_codes_each(NULL, collect, out), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_cemetery_zone_conflicts)
{
    gis_zone z[1] = {{.id = 9,
                      .name = (char *)"高速公路禁葬区",
                      .geom = cov_box(ctx, 111.60, 32.25, 111.61, 32.26)}};
    gis_facility c[3] = {
        /* On the zone's edge: inside by convention. */
        cov_cemetery("边上", NULL, NULL, cov_point(ctx, 111.61, 32.255)),
        cov_cemetery("外面", NULL, NULL, cov_point(ctx, 111.62, 32.255)),
        /* Point outside, footprint overlapping the zone by 0.002° x 0.004°. */
        cov_cemetery("压线", NULL, NULL, cov_point(ctx, 111.613, 32.255)),
    };
    c[2].footprint = cov_box(ctx, 111.608, 32.252, 111.614, 32.256);
    gis_cem_zone_conflict *a = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_cemetery_zone_conflicts(ctx, c, 3, z, 1, &a, &n, NULL), GIS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(a[0].cemetery, 0);
    ck_assert(isnan(a[0].overlap_m2));
    ck_assert_uint_eq(a[1].cemetery, 2);
    /* Expected overlap: the rectangle [111.608,111.61] x [32.252,32.256] built by hand. */
    gis_geom *want_g = cov_box(ctx, 111.608, 32.252, 111.61, 32.256);
    double want = 0;
    ck_assert_int_eq(gis_metrics_area_m2(ctx, want_g, &want, NULL), GIS_OK);
    ck_assert_double_eq_tol(a[1].overlap_m2, want, want * 1e-6);
    ck_assert_double_eq_tol(want, 0.002 * 94160 * 0.004 * 110880, 0.01 * want);
    free(a);
    gis_geom_free(ctx, want_g);
    gis_geom_free(ctx, c[2].footprint);
    for (int i = 0; i < 3; i++)
        gis_geom_free(ctx, c[i].geom);
    gis_geom_free(ctx, z[0].geom);
}
END_TEST

START_TEST(test_cemetery_errors)
{
    gis_unit v[2] = {cov_village("420625101201", "甲村委会", NULL, 10),
                     cov_village(NULL, "无代码", NULL, 10)};
    gis_cemetery_coverage *cov = NULL;
    gis_error err = {0};
    int rc = gis_cemetery_coverage_compute(ctx, v, 2, NULL, 0, to_gk, 0, false, &cov, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "village 1 has no code");
    ck_assert_ptr_null(cov);
    /* A village without polygon: covered only by assignment, no distance. */
    gis_facility c[1] = {cov_cemetery("公墓", NULL, "420625101201", cov_point(ctx, 111.7, 32.2))};
    ck_assert_int_eq(gis_cemetery_coverage_compute(ctx, v, 1, c, 1, to_gk, 5000, false, &cov, &err),
                     GIS_OK);
    ck_assert_str_eq(cov->villages[0].status, GIS_COV_COVERED_BY_ASSIGNMENT);
    ck_assert_int_eq(cov->villages[0].nearest, -1);
    gis_cemetery_coverage_free(cov);
    gis_geom_free(ctx, c[0].geom);
    /* No cemeteries at all: every village uncovered with no nearest. */
    v[0].geom = cov_box(ctx, 111.60, 32.25, 111.62, 32.27);
    ck_assert_int_eq(gis_cemetery_coverage_compute(ctx, v, 1, NULL, 0, to_gk, 0, false, &cov, &err),
                     GIS_OK);
    ck_assert_str_eq(cov->villages[0].status, GIS_COV_UNCOVERED);
    ck_assert_int_eq(cov->villages[0].nearest, -1);
    ck_assert(isnan(cov->villages[0].nearest_m));
    gis_cemetery_coverage_free(cov);
    gis_cemetery_coverage_free(NULL);
    gis_geom_free(ctx, v[0].geom);
}
END_TEST

static Suite *gis_cov_cemetery_suite(void)
{
    Suite *s = suite_create("cov_cemetery");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cemetery_radius_2900);
    tcase_add_test(tc, test_cemetery_radius_3050);
    tcase_add_test(tc, test_cemetery_assignment_and_urban);
    tcase_add_test(tc, test_cemetery_codes_each);
    tcase_add_test(tc, test_cemetery_zone_conflicts);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cemetery_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_cov_cemetery_suite)
