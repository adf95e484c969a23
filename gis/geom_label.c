/*
 * This file implements label anchors (maximum inscribed circle), centroids and neighbour pairs
 * of polygons with GEOS's reentrant API. It does not know about pages or fonts.
 */
#include "gis/geom_label.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_int.h"

static bool is_polygonal(gis_ctx *ctx, const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(ctx->geos, g);
    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

static int line_xy(gis_ctx *ctx, const GEOSGeometry *line, int i, double *x, double *y)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx->geos, line);
    if (seq == NULL || GEOSCoordSeq_getXY_r(ctx->geos, seq, (unsigned int)i, x, y) == 0)
        return GIS_EGEOM;
    return GIS_OK;
}

int gis_geom_label_point(gis_ctx *ctx, const gis_geom *g, double tolerance, double xy_out[2],
                         double *radius_out, gis_error *err)
{
    const GEOSGeometry *gg = gis_geom_geos(g);
    if (GEOSisEmpty_r(ctx->geos, gg) == 1 || !is_polygonal(ctx, gg))
        return GIS_ERR(err, GIS_EINVAL, "label point needs a non-empty polygon");
    if (tolerance <= 0) {
        double b[4];
        int rc = gis_geom_bounds(ctx, g, b, err);
        if (rc != GIS_OK)
            return rc;
        double side = b[2] - b[0] > b[3] - b[1] ? b[2] - b[0] : b[3] - b[1];
        tolerance = side > 0 ? side / 200.0 : 1e-9;
    }
    GEOSGeometry *mic = GEOSMaximumInscribedCircle_r(ctx->geos, gg, tolerance);
    if (mic == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "maximum inscribed circle");
    double x0, y0, x1, y1;
    int rc = GIS_OK;
    if (line_xy(ctx, mic, 0, &x0, &y0) != GIS_OK || line_xy(ctx, mic, 1, &x1, &y1) != GIS_OK)
        rc = GIS_ERR(err, GIS_EGEOM, "maximum inscribed circle returned no radius line");
    GEOSGeom_destroy_r(ctx->geos, mic);
    if (rc != GIS_OK)
        return rc;
    xy_out[0] = x0;
    xy_out[1] = y0;
    *radius_out = hypot(x1 - x0, y1 - y0);
    return GIS_OK;
}

int gis_geom_label_centroid(gis_ctx *ctx, const gis_geom *g, double xy_out[2], gis_error *err)
{
    const GEOSGeometry *gg = gis_geom_geos(g);
    if (GEOSisEmpty_r(ctx->geos, gg) == 1)
        return GIS_ERR(err, GIS_EINVAL, "centroid of an empty geometry");
    GEOSGeometry *c = GEOSGetCentroid_r(ctx->geos, gg);
    if (c == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "centroid");
    int rc = GIS_OK;
    if (GEOSGeomGetX_r(ctx->geos, c, &xy_out[0]) != 1 ||
        GEOSGeomGetY_r(ctx->geos, c, &xy_out[1]) != 1)
        rc = gis_ctx_geos_error(ctx, err, __func__, "centroid coordinates");
    GEOSGeom_destroy_r(ctx->geos, c);
    return rc;
}

/* Neighbour search state: candidates of one query go into a list of indices. */
struct pairs {
    size_t *v;    /* 2 * n indices */
    size_t n;     /* pairs held */
    size_t cap;   /* pairs allocated */
    size_t *cand; /* candidate indices of the current query */
    size_t n_cand;
    size_t cap_cand;
    bool oom;
};

static void on_candidate(void *item, void *user)
{
    struct pairs *p = user;
    if (p->n_cand == p->cap_cand) {
        size_t cap = p->cap_cand ? p->cap_cand * 2 : 16;
        size_t *c = realloc(p->cand, cap * sizeof *c);
        if (c == NULL) {
            p->oom = true;
            return;
        }
        p->cand = c;
        p->cap_cand = cap;
    }
    p->cand[p->n_cand++] = *(const size_t *)item;
}

static int push_pair(struct pairs *p, size_t i, size_t j)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        size_t *v = realloc(p->v, cap * 2 * sizeof *v);
        if (v == NULL)
            return GIS_ENOMEM;
        p->v = v;
        p->cap = cap;
    }
    p->v[2 * p->n] = i;
    p->v[2 * p->n + 1] = j;
    p->n++;
    return GIS_OK;
}

/* True when a and b share boundary: exactly (dimension-1 boundary intersection), or within
 * tol along at least 10 * tol of boundary (slivers from independent digitising). */
static int share_boundary(gis_ctx *ctx, const GEOSGeometry *a, const GEOSGeometry *b, double tol)
{
    char r = GEOSRelatePattern_r(ctx->geos, a, b, "****1****");
    if (r == 2)
        return -1;
    if (r == 1 || tol <= 0)
        return r;
    double d = 0;
    if (GEOSDistance_r(ctx->geos, a, b, &d) != 1)
        return -1;
    if (d > tol)
        return 0;
    GEOSGeometry *ba = GEOSBoundary_r(ctx->geos, a);
    GEOSGeometry *bufb = ba ? GEOSBuffer_r(ctx->geos, b, tol, 2) : NULL;
    GEOSGeometry *shared = bufb ? GEOSIntersection_r(ctx->geos, ba, bufb) : NULL;
    double len = 0;
    int ok = shared != NULL && GEOSLength_r(ctx->geos, shared, &len) == 1;
    GEOSGeom_destroy_r(ctx->geos, shared);
    GEOSGeom_destroy_r(ctx->geos, bufb);
    GEOSGeom_destroy_r(ctx->geos, ba);
    if (!ok)
        return -1;
    return len >= 10 * tol;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int query_one(gis_ctx *ctx, GEOSSTRtree *tree, const gis_geom *const *geoms, size_t i,
                     double tol, struct pairs *p, gis_error *err)
{
    const GEOSGeometry *gi = gis_geom_geos(geoms[i]);
    GEOSGeometry *env = GEOSEnvelope_r(ctx->geos, gi);
    GEOSGeometry *q = env && tol > 0 ? GEOSBuffer_r(ctx->geos, env, tol, 1) : NULL;
    if (env == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "envelope");
    p->n_cand = 0;
    GEOSSTRtree_query_r(ctx->geos, tree, q ? q : env, on_candidate, p);
    GEOSGeom_destroy_r(ctx->geos, q);
    GEOSGeom_destroy_r(ctx->geos, env);
    if (p->oom)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    qsort(p->cand, p->n_cand, sizeof *p->cand, cmp_size);
    for (size_t k = 0; k < p->n_cand; k++) {
        size_t j = p->cand[k];
        if (j <= i)
            continue;
        int s = share_boundary(ctx, gi, gis_geom_geos(geoms[j]), tol);
        if (s < 0)
            return gis_ctx_geos_error(ctx, err, __func__, "neighbour test");
        if (s == 1 && push_pair(p, i, j) != GIS_OK)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    return GIS_OK;
}

int gis_geom_label_neighbours(gis_ctx *ctx, const gis_geom *const *geoms, size_t n,
                              double tolerance, size_t **pairs_out, size_t *n_pairs_out,
                              gis_error *err)
{
    *pairs_out = NULL;
    *n_pairs_out = 0;
    struct pairs p = {0};
    int rc = GIS_OK;
    if (n == 0)
        return GIS_OK;
    /* Tree items point into ids, which outlives the tree. */
    size_t *ids = malloc(n * sizeof *ids);
    if (ids == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    GEOSSTRtree *tree = GEOSSTRtree_create_r(ctx->geos, 10);
    if (tree == NULL) {
        free(ids);
        return gis_ctx_geos_error(ctx, err, __func__, "STRtree");
    }
    for (size_t i = 0; i < n; i++) {
        ids[i] = i;
        if (geoms[i] != NULL && !gis_geom_is_empty(ctx, geoms[i]))
            GEOSSTRtree_insert_r(ctx->geos, tree, gis_geom_geos(geoms[i]), &ids[i]);
    }
    for (size_t i = 0; i < n && rc == GIS_OK; i++)
        if (geoms[i] != NULL && !gis_geom_is_empty(ctx, geoms[i]))
            rc = query_one(ctx, tree, geoms, i, tolerance, &p, err);
    GEOSSTRtree_destroy_r(ctx->geos, tree);
    free(ids);
    free(p.cand);
    if (rc != GIS_OK) {
        free(p.v);
        return rc;
    }
    *pairs_out = p.v;
    *n_pairs_out = p.n;
    return GIS_OK;
}

int gis_geom_label_intersects_bbox(gis_ctx *ctx, const gis_geom *g, const double bbox[4], bool *out,
                                   gis_error *err)
{
    *out = false;
    if (!(bbox[2] > bbox[0] && bbox[3] > bbox[1]))
        return GIS_ERR(err, GIS_EINVAL, "box %g %g %g %g is empty", bbox[0], bbox[1], bbox[2],
                       bbox[3]);
    GEOSGeometry *r = GEOSGeom_createRectangle_r(ctx->geos, bbox[0], bbox[1], bbox[2], bbox[3]);
    if (r == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "rectangle");
    char hit = GEOSIntersects_r(ctx->geos, gis_geom_geos(g), r);
    GEOSGeom_destroy_r(ctx->geos, r);
    if (hit == 2)
        return gis_ctx_geos_error(ctx, err, __func__, "intersects");
    *out = hit == 1;
    return GIS_OK;
}
