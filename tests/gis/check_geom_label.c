/*
 * Tests gis/geom_label.c: label anchors (maximum inscribed circle), centroids and neighbour
 * pairs. Expected values are known by construction from the inline WKT.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "gis/geom.h"
#include "gis/geom_label.h"
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
    gis_error err = {0};
    ck_assert_msg(gis_geom_from_wkt(ctx, s, &g, &err) == GIS_OK, "%s", err.msg);
    return g;
}

START_TEST(test_geom_label_point_square_and_strip)
{
    gis_error err = {0};
    double xy[2], r;
    gis_geom *g = wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    ck_assert_int_eq(gis_geom_label_point(ctx, g, 0.01, xy, &r, &err), GIS_OK);
    ck_assert_double_eq_tol(xy[0], 5, 0.02);
    ck_assert_double_eq_tol(xy[1], 5, 0.02);
    ck_assert_double_eq_tol(r, 5, 0.02);
    gis_geom_free(ctx, g);
    /* A long strip: the circle's centre is on the midline, radius half the width. */
    g = wkt("POLYGON((0 0,100 0,100 2,0 2,0 0))");
    ck_assert_int_eq(gis_geom_label_point(ctx, g, 0, xy, &r, &err), GIS_OK);
    ck_assert_double_eq_tol(xy[1], 1, 0.5);
    ck_assert_double_eq_tol(r, 1, 0.5);
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_label_point_multipolygon_largest_part)
{
    gis_error err = {0};
    double xy[2], r;
    gis_geom *g =
        wkt("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((100 100,120 100,120 120,100 120,100 100)))");
    ck_assert_int_eq(gis_geom_label_point(ctx, g, 0.01, xy, &r, &err), GIS_OK);
    ck_assert_double_eq_tol(xy[0], 110, 0.05);
    ck_assert_double_eq_tol(xy[1], 110, 0.05);
    ck_assert_double_eq_tol(r, 10, 0.05);
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_label_point_rejects_points)
{
    gis_error err = {0};
    double xy[2], r;
    gis_geom *g = wkt("POINT(1 2)");
    int rc = gis_geom_label_point(ctx, g, 0.1, xy, &r, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "non-empty polygon");
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_label_centroid)
{
    gis_error err = {0};
    double xy[2];
    /* An L of two 1x2 and 2x1 rectangles: area 3... computed by hand: union of [0,2]x[0,1]
     * (area 2, centroid 1,0.5) and [0,1]x[1,2] (area 1, centroid 0.5,1.5). */
    gis_geom *g = wkt("POLYGON((0 0,2 0,2 1,1 1,1 2,0 2,0 0))");
    ck_assert_int_eq(gis_geom_label_centroid(ctx, g, xy, &err), GIS_OK);
    ck_assert_double_eq_tol(xy[0], (2 * 1 + 1 * 0.5) / 3, 1e-9);
    ck_assert_double_eq_tol(xy[1], (2 * 0.5 + 1 * 1.5) / 3, 1e-9);
    gis_geom_free(ctx, g);
    g = wkt("POLYGON EMPTY");
    int rc = gis_geom_label_centroid(ctx, g, xy, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "empty");
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_label_neighbours_grid)
{
    /* 3x3 grid of unit squares: 12 edge-sharing pairs; corner contacts do not count. */
    gis_geom *g[9];
    char buf[160];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++) {
            snprintf(buf, sizeof buf, "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))", c, r, c + 1, r,
                     c + 1, r + 1, c, r + 1, c, r);
            g[r * 3 + c] = wkt(buf);
        }
    size_t *pairs = NULL, n = 0;
    gis_error err = {0};
    ck_assert_int_eq(
        gis_geom_label_neighbours(ctx, (const gis_geom *const *)g, 9, 0, &pairs, &n, &err), GIS_OK);
    ck_assert_uint_eq(n, 12);
    for (size_t k = 0; k < n; k++) {
        size_t i = pairs[2 * k], j = pairs[2 * k + 1];
        ck_assert_uint_lt(i, j);
        int dr = abs((int)(i / 3) - (int)(j / 3)), dc = abs((int)(i % 3) - (int)(j % 3));
        ck_assert_int_eq(dr + dc, 1);
    }
    free(pairs);
    for (int i = 0; i < 9; i++)
        gis_geom_free(ctx, g[i]);
}
END_TEST

START_TEST(test_geom_label_neighbours_sliver_tolerance)
{
    gis_geom *g[3] = {wkt("POLYGON((0 0,1 0,1 1,0 1,0 0))"),
                      wkt("POLYGON((1.001 0,2 0,2 1,1.001 1,1.001 0))"), NULL};
    size_t *pairs = NULL, n = 0;
    gis_error err = {0};
    ck_assert_int_eq(
        gis_geom_label_neighbours(ctx, (const gis_geom *const *)g, 3, 0, &pairs, &n, &err), GIS_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(pairs);
    ck_assert_int_eq(
        gis_geom_label_neighbours(ctx, (const gis_geom *const *)g, 3, 0.01, &pairs, &n, &err),
        GIS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(pairs[0], 0);
    ck_assert_uint_eq(pairs[1], 1);
    free(pairs);
    gis_geom_free(ctx, g[0]);
    gis_geom_free(ctx, g[1]);
}
END_TEST

START_TEST(test_geom_label_intersects_bbox)
{
    gis_error err = {0};
    bool hit = true;
    /* An L whose bounding box covers (1.5..2, 1.5..2) although the L itself does not. */
    gis_geom *g = wkt("POLYGON((0 0,2 0,2 1,1 1,1 2,0 2,0 0))");
    const double outside[4] = {1.5, 1.5, 2, 2}, inside[4] = {0.5, 0.5, 3, 3};
    ck_assert_int_eq(gis_geom_label_intersects_bbox(ctx, g, outside, &hit, &err), GIS_OK);
    ck_assert(!hit);
    ck_assert_int_eq(gis_geom_label_intersects_bbox(ctx, g, inside, &hit, &err), GIS_OK);
    ck_assert(hit);
    const double empty[4] = {1, 1, 1, 2};
    int rc = gis_geom_label_intersects_bbox(ctx, g, empty, &hit, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "is empty");
    gis_geom_free(ctx, g);
}
END_TEST

static Suite *gis_geom_label_suite(void)
{
    Suite *s = suite_create("geom_label");
    TCase *tc = tcase_create("label_point");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geom_label_point_square_and_strip);
    tcase_add_test(tc, test_geom_label_point_multipolygon_largest_part);
    tcase_add_test(tc, test_geom_label_point_rejects_points);
    tcase_add_test(tc, test_geom_label_centroid);
    tcase_add_test(tc, test_geom_label_intersects_bbox);
    suite_add_tcase(s, tc);
    tc = tcase_create("neighbours");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geom_label_neighbours_grid);
    tcase_add_test(tc, test_geom_label_neighbours_sliver_tolerance);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_geom_label_suite)
