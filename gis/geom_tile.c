/*
 * This file implements the tile-side geometry operations: web-mercator projection, clipping
 * of EPSG:4490 geometries to a buffered tile, mapping to tile pixels, snap-rounding of
 * polygons to the pixel grid (GEOSGeom_setPrecision_r, valid output). Polygons whose clip would
 * cost more than a budget go to the linear grid clip of gis/geom_tile_budget.c. It does not
 * read the store or encode MVT.
 */
#include "gis/geom_tile.h"

#include <math.h>

#include "gis/geom_int.h"
#include "gis/geom_tile_budget.h"

#define MERC_R 6378137.0

void gis_tile_lonlat_to_mercator(double lon, double lat, double *x, double *y)
{
    if (lat > GIS_TILE_MAX_LAT)
        lat = GIS_TILE_MAX_LAT;
    if (lat < -GIS_TILE_MAX_LAT)
        lat = -GIS_TILE_MAX_LAT;
    *x = MERC_R * lon * M_PI / 180.0;
    *y = MERC_R * log(tan(M_PI / 4.0 + lat * M_PI / 360.0));
}

void gis_tile_mercator_to_lonlat(double x, double y, double *lon, double *lat)
{
    *lon = x / MERC_R * 180.0 / M_PI;
    *lat = (2.0 * atan(exp(y / MERC_R)) - M_PI / 2.0) * 180.0 / M_PI;
}

/* Metres per pixel of the frame, x and y (equal for square tiles). */
static void frame_res(const gis_tile_frame *f, double *rx, double *ry)
{
    *rx = (f->merc[2] - f->merc[0]) / f->extent;
    *ry = (f->merc[3] - f->merc[1]) / f->extent;
}

void gis_tile_frame_lonlat_bbox(const gis_tile_frame *f, double bbox[4])
{
    double rx, ry;
    frame_res(f, &rx, &ry);
    gis_tile_mercator_to_lonlat(f->merc[0] - f->buffer * rx, f->merc[1] - f->buffer * ry, &bbox[0],
                                &bbox[1]);
    gis_tile_mercator_to_lonlat(f->merc[2] + f->buffer * rx, f->merc[3] + f->buffer * ry, &bbox[2],
                                &bbox[3]);
}

void gis_tile_frame_lonlat_to_pixel(const gis_tile_frame *f, double lon, double lat, double *px,
                                    double *py)
{
    double mx, my;
    gis_tile_lonlat_to_mercator(lon, lat, &mx, &my);
    *px = (mx - f->merc[0]) / (f->merc[2] - f->merc[0]) * f->extent;
    *py = (f->merc[3] - my) / (f->merc[3] - f->merc[1]) * f->extent;
}

/* GEOSGeom_transformXY_r callback: EPSG:4490 degrees to the frame's pixels (y down). */
static int to_pixels(double *x, double *y, void *user)
{
    gis_tile_frame_lonlat_to_pixel(user, *x, *y, x, y);
    return 1;
}

static int round_xy(double *x, double *y, void *user)
{
    (void)user;
    *x = nearbyint(*x);
    *y = nearbyint(*y);
    return 1;
}

/* Snaps a polygonal pixel-space geometry to the 1-pixel grid with valid output. Plain
 * rounding is tried first: it is a pure function of each vertex (shared borders stay shared)
 * and usually stays valid. Otherwise GEOS snap-rounding fixes it, after GEOSMakeValid when
 * GEOS refuses invalid input. For invalid input both grow faster than its self-intersections,
 * so those are counted first (gis/geom_tile_budget.h): a polygon above the repair budget, or
 * one that needs GEOSMakeValid and crosses itself more than
 * GIS_TILE_MAKEVALID_CROSSINGS_DEFAULT times, is refused (GIS_EGEOM) instead of stalling the
 * tile. Returns an owned geometry in *out. */
static int snap_polygons(gis_ctx *ctx, const GEOSGeometry *px, GEOSGeometry **out, gis_error *err)
{
    *out = GEOSGeom_transformXY_r(ctx->geos, px, round_xy, NULL);
    if (*out != NULL && GEOSisValid_r(ctx->geos, *out) == 1)
        return GIS_OK;
    GEOSGeom_destroy_r(ctx->geos, *out);
    /* Valid input: GEOS's snap-rounding is robust and needs no count. */
    *out =
        GEOSisValid_r(ctx->geos, px) == 1 ? GEOSGeom_setPrecision_r(ctx->geos, px, 1.0, 0) : NULL;
    if (*out != NULL)
        return GIS_OK;
    gis_geom view = {.g = (GEOSGeometry *)px}; /* borrowed, never freed */
    gis_tile_crossings c;
    int rc = gis_geom_tile_self_crossings(ctx, &view, GIS_TILE_REPAIR_WORK_DEFAULT, &c, err);
    if (rc != GIS_OK)
        return rc;
    if (c.incomplete)
        return GIS_ERR(err, GIS_EGEOM,
                       "polygon intersects itself too often to repair in one tile (counting "
                       "stopped at %zu intersections, %zu of them crossings)",
                       c.meets, c.proper);
    if ((*out = GEOSGeom_setPrecision_r(ctx->geos, px, 1.0, 0)) != NULL)
        return GIS_OK;
    if (c.proper > GIS_TILE_MAKEVALID_CROSSINGS_DEFAULT)
        return GIS_ERR(err, GIS_EGEOM,
                       "polygon crosses itself %zu times in one tile: not repaired (limit %d)",
                       c.proper, GIS_TILE_MAKEVALID_CROSSINGS_DEFAULT);
    GEOSGeometry *valid = GEOSMakeValid_r(ctx->geos, px);
    if (valid != NULL) {
        *out = GEOSGeom_setPrecision_r(ctx->geos, valid, 1.0, 0);
        GEOSGeom_destroy_r(ctx->geos, valid);
    }
    return *out ? GIS_OK : gis_ctx_geos_error(ctx, err, __func__, "snap to the pixel grid");
}

static bool is_polygonal(int type)
{
    return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

int gis_geom_tile_project_budget(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f,
                                 double max_work, gis_geom **out, gis_error *err)
{
    *out = NULL;
    if (!(f->extent > 0) || !(f->merc[2] > f->merc[0]) || !(f->merc[3] > f->merc[1]) ||
        !(f->buffer >= 0))
        return GIS_ERR(err, GIS_EINVAL, "degenerate tile frame");
    if (!(max_work >= 0))
        return GIS_ERR(err, GIS_EINVAL, "clip budget must be >= 0");
    if (GEOSisEmpty_r(ctx->geos, g->g))
        return GIS_OK;
    /* GEOS's clip is quadratic in the pieces of a polygon (R8, gis/geom_tile_budget.h): above
     * the budget, polygons take the linear clip on the pixel grid. A geometry of V vertices
     * costs at most 1.25 V² (at most V pieces per polygon, at most V/4 rings), so small ones
     * are not scanned. */
    double work = 0, v = GEOSGetNumCoordinates_r(ctx->geos, g->g);
    if (!(1.25 * v * v <= max_work)) {
        int rc = gis_geom_tile_clip_work(ctx, g, f, &work, err);
        if (rc != GIS_OK)
            return rc;
    }
    if (work > max_work) {
        if (is_polygonal(GEOSGeomTypeId_r(ctx->geos, g->g)))
            return gis_geom_tile_clip_grid(ctx, g, f, out, err);
        return GIS_ERR(err, GIS_EGEOM,
                       "geometry collection too complex for one tile (clip work %.3g > %.3g)", work,
                       max_work);
    }
    double bb[4];
    gis_tile_frame_lonlat_bbox(f, bb);
    /* Mercator is separable (x from lon, y from lat), so the buffered tile is a rectangle in
     * degrees too: clipping before projecting keeps the projected vertex count small. */
    GEOSGeometry *clipped = GEOSClipByRect_r(ctx->geos, g->g, bb[0], bb[1], bb[2], bb[3]);
    if (clipped == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "clip by tile");
    if (GEOSisEmpty_r(ctx->geos, clipped)) {
        GEOSGeom_destroy_r(ctx->geos, clipped);
        return GIS_OK;
    }
    GEOSGeometry *px = GEOSGeom_transformXY_r(ctx->geos, clipped, to_pixels, (void *)f);
    GEOSGeom_destroy_r(ctx->geos, clipped);
    if (px == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "project to tile pixels");
    return gis_geom_wrap(ctx, px, out, err); /* ownership of px moves into *out */
}

int gis_geom_tile_project(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f, gis_geom **out,
                          gis_error *err)
{
    return gis_geom_tile_project_budget(ctx, g, f, GIS_TILE_CLIP_WORK_DEFAULT, out, err);
}

int gis_geom_tile_snap(gis_ctx *ctx, const gis_geom *px, gis_geom **out, gis_error *err)
{
    *out = NULL;
    if (GEOSisEmpty_r(ctx->geos, px->g))
        return GIS_OK;
    if (!is_polygonal(GEOSGeomTypeId_r(ctx->geos, px->g)))
        return gis_geom_clone(ctx, px, out, err);
    GEOSGeometry *snapped = NULL;
    int rc = snap_polygons(ctx, px->g, &snapped, err);
    if (rc != GIS_OK)
        return rc;
    if (GEOSisEmpty_r(ctx->geos, snapped)) {
        GEOSGeom_destroy_r(ctx->geos, snapped);
        return GIS_OK;
    }
    return gis_geom_wrap(ctx, snapped, out, err); /* ownership of snapped moves into *out */
}

int gis_geom_tile_prepare(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f, gis_geom **out,
                          gis_error *err)
{
    gis_geom *px = NULL;
    *out = NULL;
    int rc = gis_geom_tile_project(ctx, g, f, &px, err);
    if (rc != GIS_OK || px == NULL)
        return rc;
    if (!is_polygonal(GEOSGeomTypeId_r(ctx->geos, px->g))) {
        *out = px; /* lines and points: the encoder rounds them */
        return GIS_OK;
    }
    rc = gis_geom_tile_snap(ctx, px, out, err);
    gis_geom_free(ctx, px);
    return rc;
}

/* GRS 1980 (CGCS2000): squared eccentricity and authalic radius (metres). */
#define GRS80_E2 0.00669438002290
#define GRS80_RQ 6371007.180918474

/* Authalic latitude (radians) of geodetic latitude phi (radians), series to e^6. */
static double authalic(double phi)
{
    const double e2 = GRS80_E2, e4 = e2 * e2, e6 = e4 * e2;
    return phi - (e2 / 3.0 + 31.0 * e4 / 180.0 + 59.0 * e6 / 560.0) * sin(2.0 * phi) +
           (17.0 * e4 / 360.0 + 61.0 * e6 / 1260.0) * sin(4.0 * phi) -
           (383.0 * e6 / 45360.0) * sin(6.0 * phi);
}

static int area_ring(void *user, size_t ring_index, const double *xy, size_t n)
{
    double *total = user, sum = 0;
    if (n < 4)
        return 0;
    double prev_lon = xy[0] * M_PI / 180.0;
    double prev_sin = sin(authalic(xy[1] * M_PI / 180.0));
    for (size_t i = 1; i < n; i++) {
        double lon = xy[2 * i] * M_PI / 180.0, s = sin(authalic(xy[2 * i + 1] * M_PI / 180.0));
        sum += (lon - prev_lon) * (s + prev_sin) / 2.0;
        prev_lon = lon;
        prev_sin = s;
    }
    double a = fabs(sum) * GRS80_RQ * GRS80_RQ;
    *total += ring_index == 0 ? a : -a;
    return 0;
}

int gis_geom_tile_area_m2(gis_ctx *ctx, const gis_geom *g, double *out, gis_error *err)
{
    *out = 0;
    gis_geom_visitor v = {.ring = area_ring};
    return gis_geom_walk(ctx, g, &v, out, err);
}
