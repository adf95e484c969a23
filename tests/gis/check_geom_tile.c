/*
 * Tests gis/geom_tile.c: web-mercator projection against PROJ's EPSG:3857, pixel mapping of a
 * polygon whose tile coordinates are known by construction, clipping to the buffered tile,
 * shared borders staying shared after snapping, and repair of invalid input. The "budget" case
 * covers gis/geom_tile_budget.c (finding R8): a hostile zigzag of 250,000 vertices across the
 * tile edge is prepared in bounded time with the area known by construction, ordinary polygons
 * keep the exact GEOS clip, and self-intersections beyond the repair limit are refused.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gis/crs.h"
#include "gis/geom_int.h"
#include "gis/geom_tile.h"
#include "gis/geom_tile_budget.h"
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

/* ---- bounded work per tile (gis/geom_tile_budget.h, finding R8) ------------------------- */

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* A square frame of 4096 px (+64 px buffer) the size of a zoom-14 tile whose north-west
 * corner is lon 111.6, lat 32.2 (谷城县). */
static gis_tile_frame frame_z14(void)
{
    double mx, my, w = 2 * HALF / 16384;
    gis_tile_lonlat_to_mercator(111.6, 32.2, &mx, &my);
    gis_tile_frame f = {.merc = {mx, my - w, mx + w, my}, .extent = 4096, .buffer = 64};
    return f;
}

/* lon/lat of pixel (px, py) of f, by inverting the pixel mapping by hand. */
static void pixel_lonlat(const gis_tile_frame *f, double px, double py, double *lon, double *lat)
{
    double rx = (f->merc[2] - f->merc[0]) / f->extent, ry = (f->merc[3] - f->merc[1]) / f->extent;
    gis_tile_mercator_to_lonlat(f->merc[0] + px * rx, f->merc[3] - py * ry, lon, lat);
}

/* A polygon (EPSG:4490) whose west side zigzags n times between pixel columns x_out and x_in
 * of f while going down from pixel row y0 to y1; its east side is the column x_east. */
static gis_geom *zigzag(const gis_tile_frame *f, int n, double x_out, double x_in, double x_east,
                        double y0, double y1)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(ctx->geos, (unsigned)n + 3, 2);
    ck_assert_ptr_nonnull(cs);
    double lon, lat;
    for (int i = 0; i < n; i++) {
        pixel_lonlat(f, i % 2 ? x_in : x_out, y0 + (y1 - y0) * i / (n - 1), &lon, &lat);
        GEOSCoordSeq_setXY_r(ctx->geos, cs, (unsigned)i, lon, lat);
    }
    pixel_lonlat(f, x_east, y1, &lon, &lat);
    GEOSCoordSeq_setXY_r(ctx->geos, cs, (unsigned)n, lon, lat);
    pixel_lonlat(f, x_east, y0, &lon, &lat);
    GEOSCoordSeq_setXY_r(ctx->geos, cs, (unsigned)n + 1, lon, lat);
    pixel_lonlat(f, x_out, y0, &lon, &lat);
    GEOSCoordSeq_setXY_r(ctx->geos, cs, (unsigned)n + 2, lon, lat);
    GEOSGeometry *ring = GEOSGeom_createLinearRing_r(ctx->geos, cs);
    GEOSGeometry *poly = ring ? GEOSGeom_createPolygon_r(ctx->geos, ring, NULL, 0) : NULL;
    ck_assert_ptr_nonnull(poly);
    gis_geom *g = NULL;
    ck_assert_int_eq(gis_geom_wrap(ctx, poly, &g, NULL), GIS_OK);
    return g;
}

/* Area inside the buffered tile (pixels) of zigzag(): rows -64..4160 (the polygon reaches
 * beyond both), between max(s(y), -64) and x_east, where s is a triangle wave between x_out and
 * x_in: it is right of -64 for the fraction t = (x_in + 64) / (x_in - x_out) of its period,
 * with mean (x_in - 64) / 2 there. */
static double zigzag_area(double x_out, double x_in, double x_east)
{
    double t = (x_in + 64) / (x_in - x_out);
    return 4224.0 * (x_east - ((1 - t) * -64.0 + t * (x_in - 64) / 2));
}

START_TEST(test_geom_tile_zigzag_bounded)
{
    /* 250,000 vertices, 0.018 px apart, teeth from 200 px outside the buffered west edge to
     * 1000 px inside: about 120,000 crossings of the edge, where GEOS's clip took 2.1 s for
     * 10,000 vertices and grows with the square (R8). */
    gis_tile_frame f = frame_z14();
    const double x_out = -200, x_in = 1000, x_east = 2000;
    gis_geom *g = zigzag(&f, 250000, x_out, x_in, x_east, -100, 4300), *px = NULL;
    double work = 0;
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_tile_clip_work(ctx, g, &f, &work, &err), GIS_OK);
    ck_assert_double_gt(work, GIS_TILE_CLIP_WORK_DEFAULT);
    double t0 = seconds_now();
    int rc = gis_geom_tile_prepare(ctx, g, &f, &px, &err);
    double took = seconds_now() - t0;
    ck_assert_msg(rc == GIS_OK, "prepare failed: %s", err.msg);
    ck_assert_msg(took < 20.0, "prepare took %.1f s", took); /* 0.1 s measured, 1 s with ASan */
    ck_assert_ptr_nonnull(px);
    ck_assert(GEOSisValid_r(ctx->geos, gis_geom_geos(px)) == 1);
    double want = zigzag_area(x_out, x_in, x_east); /* 6,725,843 */
    /* Sub-pixel teeth merge on the grid: within 0.25 % (4 of the 4224 pixel rows' width). */
    ck_assert_double_eq_tol(area(px), want, want * 0.0025);
    double b[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, px, b, NULL), GIS_OK);
    ck_assert_double_eq(b[0], -64); /* cut at the buffer */
    ck_assert_double_eq(b[1], -64);
    ck_assert_double_eq(b[2], x_east);
    ck_assert_double_eq(b[3], 4160);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_tile_clip_work_by_construction)
{
    /* A zigzag whose 1,000 vertices all lie between rows 100 and 4000: each of its 999
     * segments crosses the buffered west edge (column -64), and so does the closing edge from
     * the east side back to the first vertex: 1,000 crossings, 500 pieces, work 500². */
    gis_tile_frame f = frame_z14();
    gis_geom *g = zigzag(&f, 1000, -66, -60, 2000, 100, 4000);
    double work = -1;
    ck_assert_int_eq(gis_geom_tile_clip_work(ctx, g, &f, &work, NULL), GIS_OK);
    ck_assert_double_eq(work, 500.0 * 500.0);
    gis_geom_free(ctx, g);
    /* Inside the tile, and lines: no pieces to reconnect. */
    g = wkt("POLYGON((111.61 32.19,111.62 32.19,111.62 32.195,111.61 32.19))");
    ck_assert_int_eq(gis_geom_tile_clip_work(ctx, g, &f, &work, NULL), GIS_OK);
    ck_assert_double_eq(work, 0);
    gis_geom_free(ctx, g);
    g = wkt("LINESTRING(111 32.19,112 32.19,111 32.191,112 32.191)");
    ck_assert_int_eq(gis_geom_tile_clip_work(ctx, g, &f, &work, NULL), GIS_OK);
    ck_assert_double_eq(work, 0);
    gis_geom_free(ctx, g);
}
END_TEST

/* WKB of g (owned by the caller, free()). */
static unsigned char *wkb(const gis_geom *g, size_t *len)
{
    unsigned char *b = NULL;
    ck_assert_int_eq(gis_geom_to_wkb(ctx, g, &b, len, NULL), GIS_OK);
    return b;
}

START_TEST(test_geom_tile_ordinary_keeps_geos_clip)
{
    /* An ordinary unit with a hole, cut by the west and north edges of the tile: the default
     * budget keeps GEOS's clip (byte-identical to an unbounded budget), and the grid clip
     * (budget 0) gives the same shape within a pixel. */
    gis_tile_frame f = frame_z14();
    double p[6][2] = {{-500, -300}, {3000, -300}, {3000, 2500}, {-500, 2500}};
    double h[4][2] = {{-200, -100}, {1000, -100}, {1000, 900}, {-200, 900}};
    char w[1024] = "POLYGON((";
    size_t n = strlen(w);
    double lon, lat;
    for (int i = 0; i <= 4; i++) {
        pixel_lonlat(&f, p[i % 4][0], p[i % 4][1], &lon, &lat);
        n += (size_t)snprintf(w + n, sizeof w - n, "%s%.9f %.9f", i ? "," : "", lon, lat);
    }
    n += (size_t)snprintf(w + n, sizeof w - n, "),(");
    for (int i = 0; i <= 4; i++) {
        pixel_lonlat(&f, h[i % 4][0], h[i % 4][1], &lon, &lat);
        n += (size_t)snprintf(w + n, sizeof w - n, "%s%.9f %.9f", i ? "," : "", lon, lat);
    }
    snprintf(w + n, sizeof w - n, "))");
    gis_geom *g = wkt(w), *def = NULL, *exact = NULL, *grid = NULL, *snapped = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_tile_project(ctx, g, &f, &def, &err), GIS_OK);
    ck_assert_int_eq(gis_geom_tile_project_budget(ctx, g, &f, INFINITY, &exact, &err), GIS_OK);
    ck_assert_int_eq(gis_geom_tile_project_budget(ctx, g, &f, 0, &grid, &err), GIS_OK);
    size_t la, lb;
    unsigned char *a = wkb(def, &la), *b = wkb(exact, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert(memcmp(a, b, la) == 0);
    free(a);
    free(b);
    /* Expected by hand: the buffered tile from column -64 and row -64 to column 3000 and row
     * 2500, minus the hole from -64..1000 x -64..900. */
    double want = (3000.0 + 64) * (2500.0 + 64) - (1000.0 + 64) * (900.0 + 64);
    ck_assert_double_eq_tol(area(exact), want, want * 1e-6);
    ck_assert_int_eq(gis_geom_tile_snap(ctx, exact, &snapped, &err), GIS_OK);
    ck_assert(GEOSisValid_r(ctx->geos, gis_geom_geos(grid)) == 1);
    ck_assert_double_eq_tol(area(grid), want, 1.0 * (3064 + 2564) * 2); /* within a pixel */
    GEOSGeometry *d = GEOSSymDifference_r(ctx->geos, gis_geom_geos(grid), gis_geom_geos(snapped));
    double ad = 0;
    GEOSArea_r(ctx->geos, d, &ad);
    ck_assert_double_lt(ad, 1.0 * (3064 + 2564) * 2);
    GEOSGeom_destroy_r(ctx->geos, d);
    gis_geom_free(ctx, snapped);
    gis_geom_free(ctx, grid);
    gis_geom_free(ctx, exact);
    gis_geom_free(ctx, def);
    gis_geom_free(ctx, g);
}
END_TEST

/* Writes the ring "(...)" of the pixel rectangle x0..x1 x y0..y1 of f in lon/lat at p (no
 * further than end); returns the new end of the text. */
static char *rect_ring(const gis_tile_frame *f, double x0, double y0, double x1, double y1, char *p,
                       char *end)
{
    double c[5][2] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, lon, lat;
    p += snprintf(p, (size_t)(end - p), "(");
    for (int i = 0; i < 5; i++) {
        pixel_lonlat(f, c[i][0], c[i][1], &lon, &lat);
        p += snprintf(p, (size_t)(end - p), "%s%.9f %.9f", i ? "," : "", lon, lat);
    }
    p += snprintf(p, (size_t)(end - p), ")");
    return p;
}

START_TEST(test_geom_tile_grid_clip_known_pixels)
{
    /* The square of test_geom_tile_square_known_pixels through the grid clip: same pixels. */
    gis_tile_frame f = frame_z1();
    gis_geom *g = wkt("POLYGON((0 0,90 0,90 66.51326044311186,0 66.51326044311186,0 0))");
    gis_geom *px = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_tile_clip_grid(ctx, g, &f, &px, &err), GIS_OK);
    double b[4];
    ck_assert_int_eq(gis_geom_bounds(ctx, px, b, NULL), GIS_OK);
    ck_assert_double_eq(b[0], 0);
    ck_assert_double_eq(b[1], 2048);
    ck_assert_double_eq(b[2], 2048);
    ck_assert_double_eq(b[3], 4096);
    ck_assert_double_eq(area(px), 2048.0 * 2048.0);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
    /* A polygon around the whole tile gives the buffered tile; with a hole around the tile,
     * nothing; beside the tile, nothing. */
    f = frame_z14();
    char w[1024] = "POLYGON(", *end = w + strlen(w);
    end = rect_ring(&f, -500, -500, 4600, 4600, end, w + sizeof w);
    snprintf(end, (size_t)(w + sizeof w - end), ")");
    g = wkt(w);
    ck_assert_int_eq(gis_geom_tile_clip_grid(ctx, g, &f, &px, &err), GIS_OK);
    ck_assert_double_eq(area(px), 4224.0 * 4224.0);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
    end[0] = ',';
    end = rect_ring(&f, -300, -300, 4400, 4400, end + 1, w + sizeof w);
    snprintf(end, (size_t)(w + sizeof w - end), ")");
    g = wkt(w);
    ck_assert_int_eq(gis_geom_tile_clip_grid(ctx, g, &f, &px, &err), GIS_OK);
    ck_assert_ptr_null(px);
    gis_geom_free(ctx, g);
    end = rect_ring(&f, -900, 100, -100, 4000, w + strlen("POLYGON("), w + sizeof w);
    snprintf(end, (size_t)(w + sizeof w - end), ")");
    g = wkt(w);
    ck_assert_int_eq(gis_geom_tile_clip_grid(ctx, g, &f, &px, &err), GIS_OK);
    ck_assert_ptr_null(px);
    gis_geom_free(ctx, g);
}
END_TEST

/* A star polygon {k/step} in pixel space around (2048, 2048). */
static gis_geom *star(int k, int step)
{
    char w[65536] = "POLYGON((";
    size_t n = strlen(w);
    for (int i = 0; i <= k; i++) {
        double a = 2 * M_PI * ((long)i * step % k) / k;
        n += (size_t)snprintf(w + n, sizeof w - n, "%s%.3f %.3f", i ? "," : "",
                              2048 + 2000 * cos(a) + 0.3, 2048 + 2000 * sin(a) + 0.3);
    }
    snprintf(w + n, sizeof w - n, "))");
    return wkt(w);
}

/* Self-intersections of g, counted without a budget. */
static gis_tile_crossings crossings(const gis_geom *g)
{
    gis_tile_crossings c;
    ck_assert_int_eq(gis_geom_tile_self_crossings(ctx, g, 1e12, &c, NULL), GIS_OK);
    ck_assert(!c.incomplete);
    return c;
}

START_TEST(test_geom_tile_repair_bounded)
{
    /* By hand: a bow-tie crosses itself once; repeated vertices (common in survey data) are
     * no crossings; a pentagram {5/2} crosses itself 5 times (each edge crosses the 2 edges it
     * does not touch); a square traced twice overlaps itself: each of its 8 sides overlaps its
     * twin and touches the twin's 2 neighbours: 8 x 3 / 2 = 12 pairs (each counted once),
     * no proper crossing. */
    gis_geom *g = wkt("POLYGON((0 0,10 10,10 0,0 10,0 0))");
    gis_tile_crossings c = crossings(g);
    char *w;
    size_t n;
    ck_assert_uint_eq(c.meets, 1);
    ck_assert_uint_eq(c.proper, 1);
    gis_geom_free(ctx, g);
    g = wkt("POLYGON((0 0,0 0,10 10,10 10,10 10,10 0,0 10,0 10,0 0,0 0))");
    ck_assert_uint_eq(crossings(g).meets, 1);
    gis_geom_free(ctx, g);
    g = wkt("POLYGON((0 0,10 0,10 10,0 10,0 0,10 0,10 10,0 10,0 0))");
    c = crossings(g);
    ck_assert_uint_eq(c.meets, 12);
    ck_assert_uint_eq(c.proper, 0);
    gis_geom *px = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_tile_snap(ctx, g, &px, &err), GIS_OK); /* repaired */
    ck_assert_double_eq_tol(area(px), 100, 1e-9);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
    g = star(5, 2);
    c = crossings(g);
    ck_assert_uint_eq(c.meets, 5);
    ck_assert_uint_eq(c.proper, 5);
    ck_assert_int_eq(gis_geom_tile_self_crossings(ctx, g, 3, &c, NULL), GIS_OK);
    ck_assert(c.incomplete);                                         /* stops past the budget */
    ck_assert_uint_eq(c.meets, 1);                                   /* 1 + 63 x 1 > 3 */
    ck_assert_int_eq(gis_geom_tile_snap(ctx, g, &px, &err), GIS_OK); /* repaired */
    ck_assert(GEOSisValid_r(ctx->geos, gis_geom_geos(px)) == 1);
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
    /* {101/50}: 4,949 crossings, which GEOS took more than 20 s to repair: refused, quickly. */
    g = star(101, 50);
    ck_assert_uint_eq(crossings(g).proper, 4949); /* 101 edges x 98 others / 2 */
    double t0 = seconds_now();
    int rc = gis_geom_tile_snap(ctx, g, &px, &err);
    ck_assert_double_lt(seconds_now() - t0, 5.0);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "crosses itself 4949 times in one tile");
    ck_assert_ptr_null(px);
    gis_geom_free(ctx, g);
    /* A valid comb of 10,000 teeth 0.4 px apart, 4,000 px long: its rounding is invalid and
     * it has more segment pairs overlapping in x than the count compares, but valid input goes
     * straight to GEOS's snap: not refused. */
    w = malloc(10003 * 24 + 64);
    ck_assert_ptr_nonnull(w);
    n = (size_t)sprintf(w, "POLYGON((0 0");
    for (int i = 1; i < 10000; i++)
        n += (size_t)sprintf(w + n, ",%d %.1f", i % 2 ? 4000 : 0, i * 0.4);
    sprintf(w + n, ",-10 3999.6,-10 0,0 0))");
    g = wkt(w);
    free(w);
    ck_assert(GEOSisValid_r(ctx->geos, gis_geom_geos(g)) == 1);
    ck_assert_int_eq(gis_geom_tile_self_crossings(ctx, g, GIS_TILE_REPAIR_WORK_DEFAULT, &c, NULL),
                     GIS_OK);
    ck_assert(c.incomplete);
    ck_assert_int_eq(gis_geom_tile_snap(ctx, g, &px, &err), GIS_OK);
    ck_assert(GEOSisValid_r(ctx->geos, gis_geom_geos(px)) == 1);
    ck_assert_double_ge(area(px), 10 * 3999.6 - 4000); /* at least the solid strip x < 0 */
    gis_geom_free(ctx, px);
    gis_geom_free(ctx, g);
    /* A ring wound 2,000 times around a square: 4 x 2000 x 1999 / 2 overlapping pairs and
     * more (each side overlaps the same side of every other turn): refused before GEOS. */
    w = malloc(8000 * 24 + 64);
    ck_assert_ptr_nonnull(w);
    n = (size_t)sprintf(w, "POLYGON((0 0");
    for (int i = 0; i < 2000; i++)
        n += (size_t)sprintf(w + n, ",0 4000,4000 4000,4000 0,0 0");
    sprintf(w + n, "))");
    g = wkt(w);
    free(w);
    t0 = seconds_now();
    rc = gis_geom_tile_snap(ctx, g, &px, &err);
    ck_assert_double_lt(seconds_now() - t0, 5.0);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "intersects itself too often");
    gis_geom_free(ctx, g);
}
END_TEST

START_TEST(test_geom_tile_budget_errors)
{
    gis_tile_frame f = frame_z1();
    gis_geom *g = wkt("GEOMETRYCOLLECTION(POLYGON((-10 10,50 10,50 20,-10 20,-10 10)))");
    gis_geom *px = NULL;
    gis_error err = {0};
    int rc = gis_geom_tile_project_budget(ctx, g, &f, 0, &px, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "geometry collection too complex");
    ck_assert_ptr_null(px);
    rc = gis_geom_tile_project_budget(ctx, g, &f, -1, &px, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "clip budget must be >= 0");
    rc = gis_geom_tile_clip_grid(ctx, g, &f, &px, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "needs a polygon");
    /* Under the budget the collection is clipped by GEOS as before. */
    ck_assert_int_eq(gis_geom_tile_project_budget(ctx, g, &f, INFINITY, &px, &err), GIS_OK);
    ck_assert_ptr_nonnull(px);
    gis_geom_free(ctx, px);
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
    tc = tcase_create("budget");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* the zigzag test bounds its own time; ASan is slower */
    tcase_add_test(tc, test_geom_tile_zigzag_bounded);
    tcase_add_test(tc, test_geom_tile_clip_work_by_construction);
    tcase_add_test(tc, test_geom_tile_ordinary_keeps_geos_clip);
    tcase_add_test(tc, test_geom_tile_grid_clip_known_pixels);
    tcase_add_test(tc, test_geom_tile_repair_bounded);
    tcase_add_test(tc, test_geom_tile_budget_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geom_tile_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_geom_tile_suite)
