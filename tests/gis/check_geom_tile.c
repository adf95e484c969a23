/*
 * Tests gis/geom_tile.c: web-mercator projection against PROJ's EPSG:3857, pixel mapping of a
 * polygon whose tile coordinates are known by construction, clipping to the buffered tile,
 * shared borders staying shared after snapping, and repair of invalid input.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/crs.h"
#include "gis/geom_int.h"
#include "gis/geom_tile.h"
#include "gis/metrics.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

#define HALF 20037508.342789244 /* half the web-mercator square, metres */

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

/* Frame of XYZ tile z=1, x=1, y=0: lon 0..180, lat 0..85.05, by hand. */
static gis_tile_frame frame_z1(void)
{
    gis_tile_frame f = {.merc = {0, 0, HALF, HALF}, .extent = 4096, .buffer = 64};
    return f;
}

static gis_geom *wkt(const char *s)
{
    gis_geom *g = NULL;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, s, &g, NULL), GIS_OK);
    return g;
}

static double area(const gis_geom *g)
{
    double a = 0;
    ck_assert(GEOSArea_r(ctx->geos, gis_geom_geos(g), &a));
    return a;
}

START_TEST(test_geom_tile_mercator_matches_proj)
{
    gis_crs_transform *t = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4326", "EPSG:3857", &t, &err), GIS_OK);
    double pts[][2] = {{111.65, 32.26}, {-70.5, -33.4}, {0, 0}, {179.9, 80}};
    for (size_t i = 0; i < 4; i++) {
        double xy[2] = {pts[i][0], pts[i][1]}, x, y, lon, lat;
        ck_assert_int_eq(gis_crs_transform_xy(ctx, t, xy, 1, &err), GIS_OK);
        gis_tile_lonlat_to_mercator(pts[i][0], pts[i][1], &x, &y);
        ck_assert_double_eq_tol(x, xy[0], 1e-6);
        ck_assert_double_eq_tol(y, xy[1], 1e-6);
        gis_tile_mercator_to_lonlat(x, y, &lon, &lat);
        ck_assert_double_eq_tol(lon, pts[i][0], 1e-9);
        ck_assert_double_eq_tol(lat, pts[i][1], 1e-9);
    }
    gis_crs_transform_free(t);
    double x, y;
    gis_tile_lonlat_to_mercator(180, 89.9, &x, &y);
    ck_assert_double_eq_tol(x, HALF, 1e-6);
    ck_assert_double_eq_tol(y, HALF, 1e-3); /* clamped at the square's edge */
}
END_TEST

START_TEST(test_geom_tile_square_known_pixels)
{
    /* lon 90 is the middle of tile 1/1/0; lat 66.51326044311186 is where mercator y is HALF/2,
     * so the square covers pixels x 0..2048, y 2048..4096 (y down). */
    gis_tile_frame f = frame_z1();
    gis_geom *g = wkt("POLYGON((0 0,90 0,90 66.51326044311186,0 66.51326044311186,0 0))");
    gis_geom *px = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_tile_prepare(ctx, g, &f, &px, &err), GIS_OK);
    ck_assert_ptr_nonnull(px);
    double b[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, px, b, &err), GIS_OK);
    ck_assert_double_eq_tol(b[0], 0, 1e-9);
    ck_assert_double_eq_tol(b[1], 2048, 1e-9);
    ck_assert_double_eq_tol(b[2], 2048, 1e-9);
    ck_assert_double_eq_tol(b[3], 4096, 1e-9);
    ck_assert_double_eq_tol(area(px), 2048.0 * 2048.0, 1e-6);
    double lb[4];
    gis_tile_frame_lonlat_bbox(&f, lb); /* 64 px of 4096 on a 180-degree tile = 2.8125 deg */
    ck_assert_double_eq_tol(lb[0], -2.8125, 1e-9);
    ck_assert_double_eq_tol(lb[2], 182.8125, 1e-9);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_tile_clip_to_buffer)
{
    gis_tile_frame f = frame_z1();
    gis_geom *g = wkt("POLYGON((-90 -60,90 -60,90 60,-90 60,-90 -60))");
    gis_geom *px = NULL;
    ck_assert_int_eq(gis_geom_tile_prepare(ctx, g, &f, &px, NULL), GIS_OK);
    double b[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, px, b, NULL), GIS_OK);
    ck_assert_double_eq_tol(b[0], -64, 1e-9);       /* cut at the buffer, left */
    ck_assert_double_eq_tol(b[3], 4096 + 64, 1e-9); /* and below the tile */
    ck_assert_double_eq_tol(b[2], 2048, 1e-9);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
    /* Entirely in the other hemisphere: nothing. */
    g = wkt("LINESTRING(-100 10,-50 20)");
    ck_assert_int_eq(gis_geom_tile_prepare(ctx, g, &f, &px, NULL), GIS_OK);
    ck_assert_ptr_null(px);
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_tile_shared_border_stays_shared)
{
    /* Two units share a zigzag border whose teeth (0.0004 deg) are far below one pixel
     * (1/256 deg): after snapping, they must neither overlap nor leave a gap. */
    char a[4096] = "POLYGON((0 0", b[4096] = "POLYGON((1 0";
    char border[3000] = "";
    size_t n = 0;
    for (int i = 1; i < 100; i++)
        n += (size_t)snprintf(border + n, sizeof border - n, ",%.6f %.6f",
                              0.5 + (i % 2 ? 0.0004 : -0.0003) * (i % 7), i / 100.0);
    /* a: west unit, border bottom->top; b: east unit, border top->bottom. */
    snprintf(a + strlen(a), sizeof a - strlen(a), ",0.5 0%s,0.5 1,0 1,0 0))", border);
    char rev[3000] = "";
    size_t m = 0;
    for (int i = 99; i >= 1; i--)
        m += (size_t)snprintf(rev + m, sizeof rev - m, ",%.6f %.6f",
                              0.5 + (i % 2 ? 0.0004 : -0.0003) * (i % 7), i / 100.0);
    snprintf(b + strlen(b), sizeof b - strlen(b), ",1 1,0.5 1%s,0.5 0,1 0))", rev);
    gis_geom *ga = wkt(a), *gb = wkt(b);
    double mx0, my0, mx1, my1;
    gis_tile_lonlat_to_mercator(0, 0, &mx0, &my0);
    gis_tile_lonlat_to_mercator(1, 1, &mx1, &my1);
    gis_tile_frame f = {.merc = {mx0, my0, mx1, my1}, .extent = 256, .buffer = 8};
    gis_geom *pa = NULL, *pb = NULL;
    ck_assert_int_eq(gis_geom_tile_prepare(ctx, ga, &f, &pa, NULL), GIS_OK);
    ck_assert_int_eq(gis_geom_tile_prepare(ctx, gb, &f, &pb, NULL), GIS_OK);
    const GEOSGeometry *A = gis_geom_geos(pa), *B = gis_geom_geos(pb);
    ck_assert(GEOSisValid_r(ctx->geos, A) == 1);
    ck_assert(GEOSisValid_r(ctx->geos, B) == 1);
    GEOSGeometry *inter = GEOSIntersection_r(ctx->geos, A, B);
    GEOSGeometry *uni = GEOSUnion_r(ctx->geos, A, B);
    double ai = 0, au = 0;
    GEOSArea_r(ctx->geos, inter, &ai);
    GEOSArea_r(ctx->geos, uni, &au);
    ck_assert_double_eq_tol(ai, 0, 1e-9);                   /* no overlap */
    ck_assert_double_eq_tol(au, area(pa) + area(pb), 1e-9); /* areas add up */
    ck_assert_double_eq_tol(au, 256.0 * 256.0, 1e-6);       /* and no gap */
    ck_assert_int_eq(GEOSGeomTypeId_r(ctx->geos, uni), GEOS_POLYGON);
    ck_assert_int_eq(GEOSGetNumInteriorRings_r(ctx->geos, uni), 0);
    GEOSGeom_destroy_r(ctx->geos, inter);
    GEOSGeom_destroy_r(ctx->geos, uni);
    gis_geom_free(ctx, pa);
    gis_geom_free(ctx, pb);
    gis_geom_free(ctx, ga);
    gis_geom_free(ctx, gb);
}
END_TEST

START_TEST(test_geom_tile_invalid_repaired)
{
    /* A bow-tie as surveys sometimes deliver: the output is valid. */
    gis_tile_frame f = frame_z1();
    gis_geom *g = wkt("POLYGON((10 10,50 50,50 10,10 50,10 10))");
    gis_geom *px = NULL;
    ck_assert_int_eq(gis_geom_tile_prepare(ctx, g, &f, &px, NULL), GIS_OK);
    ck_assert_ptr_nonnull(px);
    ck_assert(GEOSisValid_r(ctx->geos, gis_geom_geos(px)) == 1);
    ck_assert_double_gt(area(px), 0);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
    /* A sliver thinner than a pixel collapses away. */
    g = wkt("POLYGON((10 10,50 10,50 10.001,10 10.001,10 10))");
    ck_assert_int_eq(gis_geom_tile_prepare(ctx, g, &f, &px, NULL), GIS_OK);
    ck_assert_ptr_null(px);
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_tile_area_matches_geodesic)
{
    /* A 0.5 x 0.4 degree block near 谷城县 with a hole, edges densified to 0.01 degree as
     * survey polygons are; PROJ's geodesic area (gis_metrics) is the independent reference. */
    char w[16384] = "POLYGON((";
    size_t n = strlen(w);
    double x0 = 111.2, y0 = 32.0, x1 = 111.7, y1 = 32.4;
    for (int i = 0; i < 50; i++)
        n += (size_t)snprintf(w + n, sizeof w - n, "%.4f %.4f,", x0 + i * 0.01, y0);
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(w + n, sizeof w - n, "%.4f %.4f,", x1, y0 + i * 0.01);
    for (int i = 0; i < 50; i++)
        n += (size_t)snprintf(w + n, sizeof w - n, "%.4f %.4f,", x1 - i * 0.01, y1);
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(w + n, sizeof w - n, "%.4f %.4f,", x0, y1 - i * 0.01);
    snprintf(w + n, sizeof w - n,
             "%.4f %.4f),(111.3 32.1,111.3 32.11,111.31 32.11,111.31 32.1,111.3 32.1))", x0, y0);
    gis_geom *g = wkt(w);
    double fast = 0, ref = 0;
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_tile_area_m2(ctx, g, &fast, &err), GIS_OK);
    ck_assert_int_eq(gis_metrics_area_m2(ctx, g, &ref, &err), GIS_OK);
    ck_assert_double_gt(ref, 1e9);
    ck_assert_double_eq_tol(fast, ref, ref * 1e-6);
    gis_geom_free(ctx, g);
    g = wkt("LINESTRING(111 32,112 33)");
    ck_assert_int_eq(gis_geom_tile_area_m2(ctx, g, &fast, &err), GIS_OK);
    ck_assert_double_eq(fast, 0);
    gis_geom_free(ctx, g);
}
END_TEST

/* Number of coordinates of g. */
static int n_points(const gis_geom *g)
{
    return GEOSGetNumCoordinates_r(ctx->geos, gis_geom_geos(g));
}

START_TEST(test_geom_tile_simplify_coverage)
{
    /* Three units in pixel space: west and east share a noisy border (teeth of 0.4 px every
     * 2 px), a third unit north of both touches them along y = 100. Simplified together, the
     * border loses its teeth but stays one line: no overlap, no gap, valid, integer. */
    char a[8192] = "POLYGON((0 0", b[8192] = "POLYGON((200 0,200 100,100 100";
    char border[4096] = "", rev[4096] = "";
    size_t n = 0, m = 0;
    for (int i = 1; i < 50; i++)
        n +=
            (size_t)snprintf(border + n, sizeof border - n, ",%.1f %d", 100 + (i % 2) * 0.4, i * 2);
    for (int i = 49; i >= 1; i--)
        m += (size_t)snprintf(rev + m, sizeof rev - m, ",%.1f %d", 100 + (i % 2) * 0.4, i * 2);
    snprintf(a + strlen(a), sizeof a - strlen(a), ",100 0%s,100 100,0 100,0 0))", border);
    snprintf(b + strlen(b), sizeof b - strlen(b), "%s,100 0,200 0))", rev);
    gis_geom *in[3] = {wkt(a), wkt(b), wkt("POLYGON((0 100,200 100,200 150,0 150,0 100))")};
    gis_geom *out[3] = {NULL, NULL, NULL};
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_tile_simplify_coverage(ctx, in, 3, 1.0, out, &err), GIS_OK);
    double total = 0;
    for (int i = 0; i < 3; i++) {
        ck_assert_ptr_nonnull(out[i]);
        ck_assert(GEOSisValid_r(ctx->geos, gis_geom_geos(out[i])) == 1);
        total += area(out[i]);
    }
    ck_assert_int_lt(n_points(out[0]), n_points(in[0]) / 4); /* the teeth are gone */
    GEOSGeometry *u01 = GEOSUnion_r(ctx->geos, gis_geom_geos(out[0]), gis_geom_geos(out[1]));
    GEOSGeometry *all = GEOSUnion_r(ctx->geos, u01, gis_geom_geos(out[2]));
    double au = 0;
    GEOSArea_r(ctx->geos, all, &au);
    ck_assert_double_eq_tol(au, total, 1e-9);         /* no overlap */
    ck_assert_double_eq_tol(au, 200.0 * 150.0, 1e-9); /* no gap */
    ck_assert_int_eq(GEOSGetNumInteriorRings_r(ctx->geos, all), 0);
    double b0[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, out[0], b0, NULL), GIS_OK);
    ck_assert_double_eq(b0[2], nearbyint(b0[2])); /* on the pixel grid */
    GEOSGeom_destroy_r(ctx->geos, u01);
    GEOSGeom_destroy_r(ctx->geos, all);
    for (int i = 0; i < 3; i++) {
        gis_geom_free(ctx, in[i]);
        gis_geom_free(ctx, out[i]);
    }
    /* A NULL entry stays NULL; a negative tolerance is refused. */
    gis_geom *one[2] = {NULL, wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))")}, *res[2];
    ck_assert_int_eq(gis_geom_tile_simplify_coverage(ctx, one, 2, 1.0, res, &err), GIS_OK);
    ck_assert_ptr_null(res[0]);
    ck_assert_double_eq_tol(area(res[1]), 100, 1e-9);
    gis_geom_free(ctx, res[1]);
    int rc = gis_geom_tile_simplify_coverage(ctx, one, 2, -1, res, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "tolerance must be >= 0");
    gis_geom_free(ctx, one[1]);
}
END_TEST

START_TEST(test_geom_tile_errors)
{
    gis_tile_frame f = {.merc = {0, 0, 0, 1}, .extent = 4096, .buffer = 64};
    gis_geom *g = wkt("POINT(1 1)"), *px = NULL;
    gis_error err = {0};
    int rc = gis_geom_tile_prepare(ctx, g, &f, &px, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "degenerate tile frame");
    ck_assert_ptr_null(px);
    gis_geom_free(ctx, g);
}
END_TEST

static Suite *gis_geom_tile_suite(void)
{
    Suite *s = suite_create("gis_geom_tile");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geom_tile_mercator_matches_proj);
    tcase_add_test(tc, test_geom_tile_square_known_pixels);
    tcase_add_test(tc, test_geom_tile_clip_to_buffer);
    tcase_add_test(tc, test_geom_tile_shared_border_stays_shared);
    tcase_add_test(tc, test_geom_tile_invalid_repaired);
    tcase_add_test(tc, test_geom_tile_area_matches_geodesic);
    tcase_add_test(tc, test_geom_tile_simplify_coverage);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geom_tile_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_geom_tile_suite)
