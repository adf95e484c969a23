/*
 * This file implements the Gauss-Kruger side of a validation run: the zone (CM from the data's
 * mean longitude, DOMAIN.md CRS-02), the transforms between EPSG:4490 and the zone, and the
 * overlay copies of the units. Polygon and line copies go through a cache of transformed
 * points: in a partition nearly every vertex belongs to two or three units, and PROJ's exact
 * transverse Mercator is the costly part (about 0.3 microseconds a point). The cache is exact:
 * a hit returns what PROJ returned for the same input bits.
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cache slots (direct-mapped, 4 doubles each: 32 MiB): neighbours of a unit read a few
 * thousand units later still find their shared vertices. */
#define GK_CACHE_BITS 20

static double mean_longitude(const vrun *r)
{
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->n_units; i++) {
        double x0, y0, x1, y1;
        if (r->units[i].geo != NULL &&
            GEOSGeom_getExtent_r(r->h, r->units[i].geo, &x0, &y0, &x1, &y1) == 1) {
            sum += (x0 + x1) / 2;
            n++;
        }
    }
    for (size_t i = 0; n == 0 && i < r->in->n_markers; i++) {
        double b[4];
        if (r->in->markers[i].geom != NULL &&
            gis_geom_bounds(r->ctx, r->in->markers[i].geom, b, NULL) == GIS_OK) {
            sum += b[0];
            n++;
        }
    }
    for (size_t i = 0; n == 0 && i < r->in->n_lines; i++) {
        double b[4];
        if (r->in->lines[i].geom != NULL &&
            gis_geom_bounds(r->ctx, r->in->lines[i].geom, b, NULL) == GIS_OK) {
            sum += b[0];
            n++;
        }
    }
    return n ? sum / (double)n : 111.0;
}

int vrun_gk_init(vrun *r, gis_error *err)
{
    if (r->to_gk != NULL)
        return GIS_OK;
    int epsg = gis_crs_gk3_epsg(gis_crs_gk3_central_meridian(mean_longitude(r)), false);
    if (epsg == 0)
        return GIS_ERR(err, GIS_ECRS, "data lies outside China's Gauss-Kruger zones (75-135 E)");
    char dst[32];
    snprintf(dst, sizeof dst, "EPSG:%d", epsg);
    int rc = gis_crs_transform_new(r->ctx, GIS_CRS_STORE, dst, &r->to_gk, err);
    if (rc == GIS_OK)
        rc = gis_crs_transform_new(r->ctx, dst, GIS_CRS_STORE, &r->to_geo, err);
    if (rc == GIS_OK)
        r->gk_epsg = epsg;
    return rc;
}

void vrun_gk_free(vrun *r)
{
    gis_crs_transform_free(r->to_gk);
    gis_crs_transform_free(r->to_geo);
    free(r->gk_cache);
    r->to_gk = r->to_geo = NULL;
    r->gk_cache = NULL;
}

static int transform(vrun *r, gis_crs_transform *t, const GEOSGeometry *g, GEOSGeometry **out,
                     gis_error *err)
{
    gis_geom view = {(GEOSGeometry *)g}; /* borrowed; never freed through view */
    gis_geom *res = NULL;
    int rc = gis_crs_transform_geom(r->ctx, t, &view, &res, err);
    if (rc != GIS_OK)
        return rc;
    *out = res->g; /* ownership moves to the caller; the wrapper struct is released alone */
    free(res);
    return GIS_OK;
}

int vrun_to_geo(vrun *r, const GEOSGeometry *g, GEOSGeometry **out, gis_error *err)
{
    *out = NULL;
    int rc = vrun_gk_init(r, err);
    return rc == GIS_OK ? transform(r, r->to_geo, g, out, err) : rc;
}

int vrun_xy_to_gk(vrun *r, double *xy, gis_error *err)
{
    int rc = vrun_gk_init(r, err);
    return rc == GIS_OK ? gis_crs_transform_xy(r->ctx, r->to_gk, xy, 1, err) : rc;
}

/* ---- cached copies ------------------------------------------------------------------------ */

static size_t slot_of(uint64_t a, uint64_t b)
{
    uint64_t k = a * 0x9E3779B97F4A7C15u ^ (b + 0x632BE59BD9B4E019u) * 0xC2B2AE3D27D4EB4Fu;
    k ^= k >> 31;
    k *= 0xBF58476D1CE4E5B9u;
    return (size_t)(k >> (64 - GK_CACHE_BITS));
}

/* Transforms n lon/lat points in place to GK, reusing the cache; misses go to PROJ in one
 * batch. */
static int cached_xy(vrun *r, double *xy, size_t n, gis_error *err)
{
    size_t slots = (size_t)1 << GK_CACHE_BITS;
    if (r->gk_cache == NULL && (r->gk_cache = malloc(4 * slots * sizeof *r->gk_cache)) != NULL)
        for (size_t i = 0; i < 4 * slots; i++)
            r->gk_cache[i] = NAN; /* keys that match no input bits */
    if (r->gk_cache == NULL)
        return gis_crs_transform_xy(r->ctx, r->to_gk, xy, n, err);
    size_t *miss = malloc((n + 1) * sizeof *miss);
    double *mxy = malloc((2 * n + 1) * sizeof *mxy);
    if (miss == NULL || mxy == NULL) {
        free(miss);
        free(mxy);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory transforming to Gauss-Kruger");
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t a, b, ka, kb;
        memcpy(&a, &xy[2 * i], sizeof a);
        memcpy(&b, &xy[2 * i + 1], sizeof b);
        double *k = &r->gk_cache[4 * slot_of(a, b)];
        memcpy(&ka, &k[0], sizeof ka);
        memcpy(&kb, &k[1], sizeof kb);
        if (ka == a && kb == b && isfinite(k[2]) && isfinite(k[3])) {
            xy[2 * i] = k[2];
            xy[2 * i + 1] = k[3];
        } else {
            miss[m] = i;
            mxy[2 * m] = xy[2 * i];
            mxy[2 * m + 1] = xy[2 * i + 1];
            m++;
        }
    }
    int rc = gis_crs_transform_xy(r->ctx, r->to_gk, mxy, m, err);
    for (size_t j = 0; j < m && rc == GIS_OK; j++) {
        size_t i = miss[j];
        uint64_t a, b;
        memcpy(&a, &xy[2 * i], sizeof a);
        memcpy(&b, &xy[2 * i + 1], sizeof b);
        double *k = &r->gk_cache[4 * slot_of(a, b)];
        k[0] = xy[2 * i];
        k[1] = xy[2 * i + 1];
        k[2] = xy[2 * i] = mxy[2 * j];
        k[3] = xy[2 * i + 1] = mxy[2 * j + 1];
    }
    free(miss);
    free(mxy);
    return rc;
}

/* GK copy of a coordinate sequence (2D) as a new sequence. */
static int seq_copy(vrun *r, const GEOSGeometry *g, GEOSCoordSequence **out, gis_error *err)
{
    *out = NULL;
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(r->h, g);
    unsigned n = 0;
    if (cs == NULL || GEOSCoordSeq_getSize_r(r->h, cs, &n) != 1)
        return gis_ctx_geos_error(r->ctx, err, __func__, "coordinates");
    double *xy = malloc(((size_t)n + 1) * 2 * sizeof *xy);
    if (xy == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory transforming to Gauss-Kruger");
    int rc = n > 0 && GEOSCoordSeq_copyToBuffer_r(r->h, cs, xy, 0, 0) != 1
                 ? gis_ctx_geos_error(r->ctx, err, __func__, "read coordinates")
                 : cached_xy(r, xy, n, err);
    if (rc == GIS_OK && (*out = GEOSCoordSeq_copyFromBuffer_r(r->h, xy, n, 0, 0)) == NULL)
        rc = gis_ctx_geos_error(r->ctx, err, __func__, "write coordinates");
    free(xy);
    return rc;
}

/* Whether copy() handles g: 2D, not empty, polygons or lines (else the plain transform). */
static bool copyable(vrun *r, const GEOSGeometry *g)
{
    if (GEOSHasZ_r(r->h, g) != 0 || GEOSisEmpty_r(r->h, g) != 0)
        return false;
    int type = GEOSGeomTypeId_r(r->h, g);
    if (type == GEOS_POLYGON)
        return true;
    if (type == GEOS_LINESTRING)
        return true;
    if (type != GEOS_MULTIPOLYGON && type != GEOS_MULTILINESTRING)
        return false;
    int n = GEOSGetNumGeometries_r(r->h, g);
    for (int i = 0; i < n; i++)
        if (!copyable(r, GEOSGetGeometryN_r(r->h, g, i)))
            return false;
    return true;
}

static int copy(vrun *r, const GEOSGeometry *g, GEOSGeometry **out, gis_error *err);

static int copy_polygon(vrun *r, const GEOSGeometry *g, GEOSGeometry **out, gis_error *err)
{
    int holes = GEOSGetNumInteriorRings_r(r->h, g);
    GEOSGeometry **rings = calloc((size_t)holes + 1, sizeof *rings);
    if (rings == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory transforming to Gauss-Kruger");
    int rc = GIS_OK;
    for (int i = -1; i < holes && rc == GIS_OK; i++) {
        const GEOSGeometry *ring =
            i < 0 ? GEOSGetExteriorRing_r(r->h, g) : GEOSGetInteriorRingN_r(r->h, g, i);
        GEOSCoordSequence *cs = NULL;
        if ((rc = seq_copy(r, ring, &cs, err)) == GIS_OK &&
            (rings[i + 1] = GEOSGeom_createLinearRing_r(r->h, cs)) == NULL) /* takes cs */
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "ring");
    }
    if (rc == GIS_OK) {
        *out = GEOSGeom_createPolygon_r(r->h, rings[0], rings + 1, (unsigned)holes); /* takes */
        if (*out == NULL)
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "polygon");
    } else {
        for (int i = 0; i <= holes; i++)
            if (rings[i] != NULL)
                GEOSGeom_destroy_r(r->h, rings[i]);
    }
    free(rings);
    return rc;
}

static int copy_multi(vrun *r, const GEOSGeometry *g, int type, GEOSGeometry **out, gis_error *err)
{
    int n = GEOSGetNumGeometries_r(r->h, g);
    GEOSGeometry **parts = calloc((size_t)n + 1, sizeof *parts);
    if (parts == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory transforming to Gauss-Kruger");
    int rc = GIS_OK;
    for (int i = 0; i < n && rc == GIS_OK; i++)
        rc = copy(r, GEOSGetGeometryN_r(r->h, g, i), &parts[i], err);
    if (rc == GIS_OK) {
        *out = GEOSGeom_createCollection_r(r->h, type, parts, (unsigned)n); /* takes parts */
        if (*out == NULL)
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "collection");
    } else {
        for (int i = 0; i < n; i++)
            if (parts[i] != NULL)
                GEOSGeom_destroy_r(r->h, parts[i]);
    }
    free(parts);
    return rc;
}

static int copy(vrun *r, const GEOSGeometry *g, GEOSGeometry **out, gis_error *err)
{
    *out = NULL;
    int type = GEOSGeomTypeId_r(r->h, g);
    if (type == GEOS_POLYGON)
        return copy_polygon(r, g, out, err);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_MULTILINESTRING)
        return copy_multi(r, g, type, out, err);
    GEOSCoordSequence *cs = NULL;
    int rc = seq_copy(r, g, &cs, err);
    if (rc == GIS_OK && (*out = GEOSGeom_createLineString_r(r->h, cs)) == NULL) /* takes cs */
        rc = gis_ctx_geos_error(r->ctx, err, __func__, "line");
    return rc;
}

int vrun_to_gk(vrun *r, const GEOSGeometry *g, GEOSGeometry **out, gis_error *err)
{
    *out = NULL;
    int rc = vrun_gk_init(r, err);
    if (rc != GIS_OK)
        return rc;
    return copyable(r, g) ? copy(r, g, out, err) : transform(r, r->to_gk, g, out, err);
}

int vrun_units_overlay(vrun *r, const char *level, gis_error *err)
{
    const char *parent = strcmp(level, "village") == 0 ? "township" : "county";
    int rc = GIS_OK;
    for (size_t i = 0; i < r->n_units && rc == GIS_OK; i++) {
        vunit *v = &r->units[i];
        const char *l = v->u->level ? v->u->level : "";
        if (v->geo == NULL || v->ov != NULL || (strcmp(l, level) != 0 && strcmp(l, parent) != 0))
            continue;
        if (r->overlay_gk && (rc = vrun_to_gk(r, v->geo, &v->gk, err)) == GIS_OK)
            v->ov = v->gk;
        else if (!r->overlay_gk)
            v->ov = v->geo;
    }
    return rc;
}
