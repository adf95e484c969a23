/*
 * Tests gis/metrics.c against values known independently: a 1°x1° cell area from the closed
 * form of the GRS80 authalic band, and the Karney test distance.
 */
#include <check.h>
#include <math.h>

#include "gis/metrics.h"
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

/* Area between the equator and latitude phi per radian of longitude on an ellipsoid of
 * semi-major axis a and eccentricity e (closed form, e.g. Snyder 1987 eq. 3-12). */
static double band_area(double a, double e, double phi)
{
    double s = sin(phi);
    double q = (1 - e * e) * (s / (1 - e * e * s * s) - 1 / (2 * e) * log((1 - e * s) / (1 + e * s)));
    return a * a * q / 2;
}

START_TEST(test_metrics_area_one_degree_cell)
{
    gis_geom *g = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "POLYGON((111 32,112 32,112 33,111 33,111 32))", &g,
                                       &err),
                     GIS_OK);
    double area = 0;
    ck_assert_int_eq(gis_metrics_area_m2(ctx, g, &area, &err), GIS_OK);
    double f = 1 / 298.257222101, e = sqrt(f * (2 - f)), rad = M_PI / 180;
    double want = (band_area(6378137, e, 33 * rad) - band_area(6378137, e, 32 * rad)) * rad;
    /* Geodesic edges differ from parallels along the top and bottom edges: tolerance 0.1%. */
    ck_assert_double_eq_tol(area, want, want * 1e-3);
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_metrics_hole_subtracted)
{
    gis_geom *outer = NULL, *holed = NULL;
    gis_error err = {0};
    gis_geom_from_wkt(ctx, "POLYGON((111 32,111.1 32,111.1 32.1,111 32.1,111 32))", &outer, &err);
    gis_geom_from_wkt(ctx,
                      "POLYGON((111 32,111.1 32,111.1 32.1,111 32.1,111 32),"
                      "(111.02 32.02,111.02 32.04,111.04 32.04,111.04 32.02,111.02 32.02))",
                      &holed, &err);
    double a1 = 0, a2 = 0, hole = 0;
    gis_geom *h = NULL;
    gis_geom_from_wkt(ctx, "POLYGON((111.02 32.02,111.04 32.02,111.04 32.04,111.02 32.04,111.02 32.02))",
                      &h, &err);
    gis_metrics_area_m2(ctx, outer, &a1, &err);
    gis_metrics_area_m2(ctx, holed, &a2, &err);
    gis_metrics_area_m2(ctx, h, &hole, &err);
    ck_assert_double_eq_tol(a1 - a2, hole, 1e-3);
    gis_geom_free(ctx, outer);
    gis_geom_free(ctx, holed);
    gis_geom_free(ctx, h);
}
END_TEST

START_TEST(test_metrics_distance_known)
{
    /* The GRS80 meridian quadrant (equator to pole) is 10,001,965.7293 m (published constant). */
    double d = gis_metrics_distance_m(111, 0, 111, 90);
    ck_assert_double_eq_tol(d, 10001965.7293, 0.01);
}
END_TEST

START_TEST(test_metrics_line_length)
{
    gis_geom *g = NULL;
    gis_error err = {0};
    gis_geom_from_wkt(ctx, "LINESTRING(111 32, 111 33)", &g, &err);
    double len = 0;
    ck_assert_int_eq(gis_metrics_length_m(ctx, g, &len, &err), GIS_OK);
    ck_assert_double_eq_tol(len, gis_metrics_distance_m(111, 32, 111, 33), 1e-6);
    ck_assert(len > 110000 && len < 111500);
    gis_geom_free(ctx, g);
}
END_TEST

static Suite *gis_metrics_suite(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = tcase_create("ellipsoid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_metrics_area_one_degree_cell);
    tcase_add_test(tc, test_metrics_hole_subtracted);
    tcase_add_test(tc, test_metrics_distance_known);
    tcase_add_test(tc, test_metrics_line_length);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_metrics_suite)
