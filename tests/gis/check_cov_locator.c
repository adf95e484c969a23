/*
 * Tests gis/polygon_locator.c: points against polygons, the boundary convention (on the edge is
 * inside), holes, and random points checked against plain rectangle arithmetic.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "gis/geom.h"
#include "gis/polygon_locator.h"
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

static gis_geom *wkt(const char *s)
{
    gis_geom *g = NULL;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, s, &g, NULL), GIS_OK);
    return g;
}

static size_t find(gis_polygon_locator *loc, double x, double y, size_t *idx)
{
    size_t n = 99;
    gis_error err = {0};
    ck_assert_int_eq(gis_polygon_locator_find(loc, x, y, idx, 4, &n, &err), GIS_OK);
    return n;
}

START_TEST(test_locator_inside_edge_hole)
{
    gis_geom *g[3] = {
        wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2))"),
        wkt("POLYGON((10 0,20 0,20 10,10 10,10 0))"), NULL, /* skipped entry */
    };
    gis_polygon_locator *loc = NULL;
    ck_assert_int_eq(gis_polygon_locator_new(ctx, (const gis_geom *const *)g, 3, 8, &loc, NULL),
                     GIS_OK);
    ck_assert_uint_eq(gis_polygon_locator_count(loc), 3);
    size_t idx[4];
    ck_assert_uint_eq(find(loc, 5, 5, idx), 1);
    ck_assert_uint_eq(idx[0], 0);
    ck_assert_uint_eq(find(loc, 15, 5, idx), 1);
    ck_assert_uint_eq(idx[0], 1);
    /* On the shared edge x = 10: inside both (boundary counts as inside). */
    ck_assert_uint_eq(find(loc, 10, 5, idx), 2);
    ck_assert_uint_eq(idx[0], 0);
    ck_assert_uint_eq(idx[1], 1);
    /* In the hole, on the hole's edge, outside the extent. */
    ck_assert_uint_eq(find(loc, 3, 3, idx), 0);
    ck_assert_uint_eq(find(loc, 2, 3, idx), 1);
    ck_assert_uint_eq(find(loc, -1, 3, idx), 0);
    ck_assert_uint_eq(find(loc, 20, 10, idx), 1);
    gis_polygon_locator_free(loc);
    gis_geom_free(ctx, g[0]);
    gis_geom_free(ctx, g[1]);
}
END_TEST

/* Random points against overlapping rectangles: the answer comes from comparisons of numbers. */
START_TEST(test_locator_matches_rectangle_arithmetic)
{
    static const double R[4][4] = {
        {0.0, 0.0, 0.5, 0.5}, {0.25, 0.25, 1.0, 0.75}, {0.6, 0.1, 0.9, 0.2}, {0.1, 0.6, 0.3, 1.0}};
    gis_geom *g[4];
    char buf[256];
    for (int k = 0; k < 4; k++) {
        snprintf(buf, sizeof buf, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", R[k][0], R[k][1],
                 R[k][2], R[k][1], R[k][2], R[k][3], R[k][0], R[k][3], R[k][0], R[k][1]);
        g[k] = wkt(buf);
    }
    gis_polygon_locator *loc = NULL;
    ck_assert_int_eq(gis_polygon_locator_new(ctx, (const gis_geom *const *)g, 4, 16, &loc, NULL),
                     GIS_OK);
    unsigned seed = 42;
    for (int t = 0; t < 20000; t++) {
        /* Points on a 1/64 lattice hit rectangle edges and cell edges often. */
        double x = (rand_r(&seed) % 65) / 64.0, y = (rand_r(&seed) % 65) / 64.0;
        size_t idx[4], n = find(loc, x, y, idx), want = 0;
        for (int k = 0; k < 4; k++) {
            bool in = x >= R[k][0] && x <= R[k][2] && y >= R[k][1] && y <= R[k][3];
            if (in) {
                ck_assert_msg(want < n && idx[want] == (size_t)k, "point %g %g rect %d", x, y, k);
                want++;
            }
        }
        ck_assert_uint_eq(n, want);
    }
    gis_polygon_locator_free(loc);
    for (int k = 0; k < 4; k++)
        gis_geom_free(ctx, g[k]);
}
END_TEST

START_TEST(test_locator_errors)
{
    gis_polygon_locator *loc = NULL;
    gis_error err = {0};
    int rc = gis_polygon_locator_new(ctx, NULL, 0, 5000, &loc, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "grid side 5000");
    ck_assert_ptr_null(loc);
    /* An empty locator finds nothing. */
    ck_assert_int_eq(gis_polygon_locator_new(ctx, NULL, 0, 0, &loc, &err), GIS_OK);
    size_t n = 7;
    ck_assert_int_eq(gis_polygon_locator_find(loc, 1, 1, NULL, 0, &n, &err), GIS_OK);
    ck_assert_uint_eq(n, 0);
    gis_polygon_locator_free(loc);
    gis_polygon_locator_free(NULL);
}
END_TEST

static Suite *gis_cov_locator_suite(void)
{
    Suite *s = suite_create("cov_locator");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_locator_inside_edge_hole);
    tcase_add_test(tc, test_locator_matches_rectangle_arithmetic);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_locator_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_cov_locator_suite)
