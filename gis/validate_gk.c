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
#include <threads.h>

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

/* Transforms n lon/lat points in place to GK with t, reusing *cache (allocated on first use;
 * without memory, no cache); misses go to PROJ in one batch. */
static int cached_xy(gis_ctx *ctx, gis_crs_transform *t, double **cache, double *xy, size_t n,
                     gis_error *err)
{
    size_t slots = (size_t)1 << GK_CACHE_BITS;
    if (*cache == NULL && (*cache = malloc(4 * slots * sizeof **cache)) != NULL)
        for (size_t i = 0; i < 4 * slots; i++)
            (*cache)[i] = NAN; /* keys that match no input bits */
    if (*cache == NULL)
        return gis_crs_transform_xy(ctx, t, xy, n, err);
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
        double *k = &(*cache)[4 * slot_of(a, b)];
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
    int rc = gis_crs_transform_xy(ctx, t, mxy, m, err);
    for (size_t j = 0; j < m && rc == GIS_OK; j++) {
        size_t i = miss[j];
        uint64_t a, b;
        memcpy(&a, &xy[2 * i], sizeof a);
        memcpy(&b, &xy[2 * i + 1], sizeof b);
        double *k = &(*cache)[4 * slot_of(a, b)];
        k[0] = xy[2 * i];
        k[1] = xy[2 * i + 1];
        k[2] = xy[2 * i] = mxy[2 * j];
        k[3] = xy[2 * i + 1] = mxy[2 * j + 1];
    }
    free(miss);
    free(mxy);
    return rc;
}

/* Whether g is copied through coordinates: 2D, not empty, polygons or lines (else the plain
 * transform). Reads g only. */
static bool copyable(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    if (GEOSHasZ_r(h, g) != 0 || GEOSisEmpty_r(h, g) != 0)
        return false;
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON || type == GEOS_LINESTRING)
        return true;
    if (type != GEOS_MULTIPOLYGON && type != GEOS_MULTILINESTRING)
        return false;
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; i++)
        if (!copyable(h, GEOSGetGeometryN_r(h, g, i)))
            return false;
    return true;
}

/* The coordinate sequences of a copyable geometry in a fixed order (parts, then shell and
 * holes); calls fn for each with its position among all points. Reads g only. */
typedef bool (*seq_fn)(GEOSContextHandle_t h, const GEOSCoordSequence *cs, unsigned n, size_t at,
                       void *user);

static bool each_seq(GEOSContextHandle_t h, const GEOSGeometry *g, size_t *at, seq_fn fn,
                     void *user)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_MULTILINESTRING) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++)
            if (!each_seq(h, GEOSGetGeometryN_r(h, g, i), at, fn, user))
                return false;
        return true;
    }
    int holes = type == GEOS_POLYGON ? GEOSGetNumInteriorRings_r(h, g) : -1;
    for (int i = -1; i < holes || (type != GEOS_POLYGON && i < 0); i++) {
        const GEOSGeometry *part = type != GEOS_POLYGON ? g
                                   : i < 0              ? GEOSGetExteriorRing_r(h, g)
                                                        : GEOSGetInteriorRingN_r(h, g, i);
        const GEOSCoordSequence *cs = part ? GEOSGeom_getCoordSeq_r(h, part) : NULL;
        unsigned n = 0;
        if (cs == NULL || GEOSCoordSeq_getSize_r(h, cs, &n) != 1 || !fn(h, cs, n, *at, user))
            return false;
        *at += n;
    }
    return true;
}

static bool count_seq(GEOSContextHandle_t h, const GEOSCoordSequence *cs, unsigned n, size_t at,
                      void *user)
{
    (void)h;
    (void)cs;
    (void)n;
    (void)at;
    (void)user;
    return true;
}

static bool read_seq(GEOSContextHandle_t h, const GEOSCoordSequence *cs, unsigned n, size_t at,
                     void *user)
{
    double *xy = user;
    return n == 0 || GEOSCoordSeq_copyToBuffer_r(h, cs, xy + 2 * at, 0, 0) == 1;
}

/* Reads g's points (lon/lat) into a new array; NULL when g cannot be read. */
static double *read_points(GEOSContextHandle_t h, const GEOSGeometry *g, size_t *n)
{
    *n = 0;
    if (!each_seq(h, g, n, count_seq, NULL))
        return NULL;
    double *xy = malloc((2 * *n + 1) * sizeof *xy);
    size_t at = 0;
    if (xy != NULL && !each_seq(h, g, &at, read_seq, xy)) {
        free(xy);
        xy = NULL;
    }
    return xy;
}

/* Builds the copy of g (same structure) whose points are xy (from read_points, transformed). */
static int build(vrun *r, const GEOSGeometry *g, const double *xy, size_t *at, GEOSGeometry **out,
                 gis_error *err);

static int build_seq(vrun *r, const GEOSGeometry *part, const double *xy, size_t *at,
                     GEOSCoordSequence **out, gis_error *err)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(r->h, part);
    unsigned n = 0;
    if (cs == NULL || GEOSCoordSeq_getSize_r(r->h, cs, &n) != 1)
        return gis_ctx_geos_error(r->ctx, err, __func__, "coordinates");
    if ((*out = GEOSCoordSeq_copyFromBuffer_r(r->h, xy + 2 * *at, n, 0, 0)) == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "write coordinates");
    *at += n;
    return GIS_OK;
}

static int build_polygon(vrun *r, const GEOSGeometry *g, const double *xy, size_t *at,
                         GEOSGeometry **out, gis_error *err)
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
        if ((rc = build_seq(r, ring, xy, at, &cs, err)) == GIS_OK &&
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

static int build_multi(vrun *r, const GEOSGeometry *g, int type, const double *xy, size_t *at,
                       GEOSGeometry **out, gis_error *err)
{
    int n = GEOSGetNumGeometries_r(r->h, g);
    GEOSGeometry **parts = calloc((size_t)n + 1, sizeof *parts);
    if (parts == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory transforming to Gauss-Kruger");
    int rc = GIS_OK;
    for (int i = 0; i < n && rc == GIS_OK; i++)
        rc = build(r, GEOSGetGeometryN_r(r->h, g, i), xy, at, &parts[i], err);
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

static int build(vrun *r, const GEOSGeometry *g, const double *xy, size_t *at, GEOSGeometry **out,
                 gis_error *err)
{
    *out = NULL;
    int type = GEOSGeomTypeId_r(r->h, g);
    if (type == GEOS_POLYGON)
        return build_polygon(r, g, xy, at, out, err);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_MULTILINESTRING)
        return build_multi(r, g, type, xy, at, out, err);
    GEOSCoordSequence *cs = NULL;
    int rc = build_seq(r, g, xy, at, &cs, err);
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
    if (!copyable(r->h, g))
        return transform(r, r->to_gk, g, out, err);
    size_t n = 0, at = 0;
    double *xy = read_points(r->h, g, &n);
    if (xy == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory transforming to Gauss-Kruger");
    rc = cached_xy(r->ctx, r->to_gk, &r->gk_cache, xy, n, err);
    if (rc == GIS_OK)
        rc = build(r, g, xy, &at, out, err);
    free(xy);
    return rc;
}

/* ---- a second thread for PROJ -------------------------------------------------------------- */

/* Units the worker may transform ahead of their use (bounds the memory of waiting points), and
 * the fewest units worth a thread. */
#define GK_LEAD 1024
#define GK_POOL_MIN 256

struct vgk_pool {
    vrun *r;             /* read by the worker: units[].geo (never modified meanwhile) */
    const size_t *units; /* unit indexes, in the order they will be taken */
    size_t n;
    double **xy;   /* per unit: transformed points, or NULL (the caller transforms) */
    char epsg[32]; /* the GK CRS */
    mtx_t mu;
    cnd_t cv;
    size_t made, used; /* units the worker finished; units the caller took */
    bool stop;
    thrd_t th;
};

/* The worker: its own context (GEOS handle, PROJ context), transform and cache. It only reads
 * the units' geometries and never creates GEOS geometries. */
static int worker(void *arg)
{
    vgk_pool *p = arg;
    gis_ctx *ctx = NULL;
    gis_crs_transform *t = NULL;
    double *cache = NULL;
    gis_error err = {0};
    bool ok = gis_ctx_new(&ctx, &err) == GIS_OK &&
              gis_crs_transform_new(ctx, GIS_CRS_STORE, p->epsg, &t, &err) == GIS_OK;
    for (size_t i = 0; i < p->n; i++) {
        mtx_lock(&p->mu);
        while (!p->stop && p->made - p->used >= GK_LEAD)
            cnd_wait(&p->cv, &p->mu);
        bool stop = p->stop;
        mtx_unlock(&p->mu);
        if (stop)
            break;
        const GEOSGeometry *g = p->r->units[p->units[i]].geo;
        size_t n = 0;
        double *xy = ok && copyable(ctx->geos, g) ? read_points(ctx->geos, g, &n) : NULL;
        if (xy != NULL && cached_xy(ctx, t, &cache, xy, n, &err) != GIS_OK) {
            free(xy); /* the caller transforms it again and reports the error */
            xy = NULL;
        }
        mtx_lock(&p->mu);
        p->xy[i] = xy;
        p->made = i + 1;
        cnd_broadcast(&p->cv);
        mtx_unlock(&p->mu);
    }
    mtx_lock(&p->mu);
    p->made = p->n; /* the rest (after a stop) is the caller's */
    cnd_broadcast(&p->cv);
    mtx_unlock(&p->mu);
    free(cache);
    gis_crs_transform_free(t);
    gis_ctx_free(ctx);
    return 0;
}

int vgk_pool_start(vrun *r, const size_t *units, size_t n, vgk_pool **out, gis_error *err)
{
    *out = NULL;
    int rc = vrun_gk_init(r, err);
    if (rc != GIS_OK || n < GK_POOL_MIN)
        return rc; /* small runs: not worth a thread */
    vgk_pool *p = calloc(1, sizeof *p);
    if (p == NULL || (p->xy = calloc(n, sizeof *p->xy)) == NULL) {
        free(p);
        return GIS_OK; /* the caller transforms everything itself */
    }
    p->r = r;
    p->units = units;
    p->n = n;
    snprintf(p->epsg, sizeof p->epsg, "EPSG:%d", r->gk_epsg);
    if (mtx_init(&p->mu, mtx_plain) != thrd_success) {
        free(p->xy);
        free(p);
        return GIS_OK;
    }
    if (cnd_init(&p->cv) != thrd_success) {
        mtx_destroy(&p->mu);
        free(p->xy);
        free(p);
        return GIS_OK;
    }
    if (thrd_create(&p->th, worker, p) != thrd_success) {
        cnd_destroy(&p->cv);
        mtx_destroy(&p->mu);
        free(p->xy);
        free(p);
        return GIS_OK;
    }
    *out = p;
    return GIS_OK;
}

int vgk_pool_take(vrun *r, vgk_pool *p, size_t i, GEOSGeometry **out, gis_error *err)
{
    *out = NULL;
    const GEOSGeometry *g = r->units[p->units[i]].geo;
    mtx_lock(&p->mu);
    while (p->made <= i)
        cnd_wait(&p->cv, &p->mu);
    double *xy = p->xy[i];
    p->xy[i] = NULL;
    if (i + 1 > p->used)
        p->used = i + 1;
    cnd_broadcast(&p->cv);
    mtx_unlock(&p->mu);
    if (xy == NULL)
        return vrun_to_gk(r, g, out, err);
    size_t at = 0;
    int rc = build(r, g, xy, &at, out, err);
    free(xy);
    return rc;
}

void vgk_pool_stop(vgk_pool *p)
{
    if (p == NULL)
        return;
    mtx_lock(&p->mu);
    p->stop = true;
    cnd_broadcast(&p->cv);
    mtx_unlock(&p->mu);
    thrd_join(p->th, NULL);
    for (size_t i = 0; i < p->n; i++)
        free(p->xy[i]);
    cnd_destroy(&p->cv);
    mtx_destroy(&p->mu);
    free(p->xy);
    free(p);
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
