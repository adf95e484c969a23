/*
 * This file implements gis_geom_tile_simplify_coverage() (gis/geom_tile.h): simplification of
 * the polygons of one tile layer as a coverage, so that neighbours keep one common border.
 * Each shared edge exists once in the noded linework, so it is simplified once and both
 * neighbours are rebuilt from the same simplified edge. It does not clip or project.
 */
#include <math.h>
#include <stdlib.h>

#include "gis/geom_int.h"
#include "gis/geom_tile.h"

static int round_xy(double *x, double *y, void *user)
{
    (void)user;
    *x = nearbyint(*x);
    *y = nearbyint(*y);
    return 1;
}

/* Unique simplified edges of the inputs' boundaries, snapped to the grid and noded. Returns an
 * owned geometry or NULL (GEOS message staged in ctx). */
static GEOSGeometry *simplified_edges(gis_ctx *ctx, gis_geom *const *in, size_t n, double tol)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry **bounds = calloc(n ? n : 1, sizeof *bounds);
    if (bounds == NULL)
        return NULL;
    unsigned int nb = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == NULL)
            continue;
        GEOSGeometry *b = GEOSBoundary_r(h, in[i]->g);
        if (b == NULL)
            goto fail;
        bounds[nb++] = b;
    }
    /* The collection takes ownership of the boundaries (the array stays ours). */
    GEOSGeometry *all = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, bounds, nb);
    if (all == NULL)
        goto fail;
    free(bounds);
    GEOSGeometry *noded = GEOSUnaryUnion_r(h, all);
    GEOSGeom_destroy_r(h, all);
    GEOSGeometry *merged = noded ? GEOSLineMerge_r(h, noded) : NULL;
    GEOSGeom_destroy_r(h, noded);
    GEOSGeometry *simple = merged ? GEOSTopologyPreserveSimplify_r(h, merged, tol) : NULL;
    GEOSGeom_destroy_r(h, merged);
    GEOSGeometry *rounded = simple ? GEOSGeom_transformXY_r(h, simple, round_xy, NULL) : NULL;
    GEOSGeom_destroy_r(h, simple);
    /* Rounding can make edges touch or cross: node them again for polygonization. */
    GEOSGeometry *renoded = rounded ? GEOSUnaryUnion_r(h, rounded) : NULL;
    GEOSGeom_destroy_r(h, rounded);
    return renoded;
fail:
    for (unsigned int i = 0; i < nb; i++)
        GEOSGeom_destroy_r(h, bounds[i]);
    free(bounds);
    return NULL;
}

/* Which input each face belongs to: appends clones of face k to lists[i] for every input i
 * containing the face's interior point. */
typedef struct face_list {
    GEOSGeometry **g;
    unsigned int n, cap;
} face_list;

static int list_push(face_list *l, GEOSGeometry *g)
{
    if (l->n == l->cap) {
        unsigned int cap = l->cap ? l->cap * 2 : 8;
        GEOSGeometry **grown = realloc(l->g, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ENOMEM;
        l->g = grown;
        l->cap = cap;
    }
    l->g[l->n++] = g;
    return GIS_OK;
}

static int assign_faces(gis_ctx *ctx, gis_geom *const *in, size_t n, const GEOSGeometry *faces,
                        face_list *lists)
{
    GEOSContextHandle_t h = ctx->geos;
    int rc = GIS_OK;
    const GEOSPreparedGeometry **prep = calloc(n ? n : 1, sizeof *prep);
    if (prep == NULL)
        return GIS_ENOMEM;
    for (size_t i = 0; i < n && rc == GIS_OK; i++)
        if (in[i] != NULL && (prep[i] = GEOSPrepare_r(h, in[i]->g)) == NULL)
            rc = GIS_EGEOM;
    int n_faces = rc == GIS_OK ? GEOSGetNumGeometries_r(h, faces) : 0;
    for (int k = 0; k < n_faces && rc == GIS_OK; k++) {
        const GEOSGeometry *face = GEOSGetGeometryN_r(h, faces, k);
        GEOSGeometry *pt = GEOSPointOnSurface_r(h, face);
        if (pt == NULL) {
            rc = GIS_EGEOM;
            break;
        }
        for (size_t i = 0; i < n && rc == GIS_OK; i++) {
            if (prep[i] == NULL || GEOSPreparedContains_r(h, prep[i], pt) != 1)
                continue;
            GEOSGeometry *copy = GEOSGeom_clone_r(h, face);
            if (copy == NULL || list_push(&lists[i], copy) != GIS_OK) {
                GEOSGeom_destroy_r(h, copy);
                rc = GIS_ENOMEM;
            }
        }
        GEOSGeom_destroy_r(h, pt);
    }
    for (size_t i = 0; i < n; i++)
        if (prep[i] != NULL)
            GEOSPreparedGeom_destroy_r(h, prep[i]);
    free(prep);
    return rc;
}

/* Merges the faces of one input into one valid (multi)polygon. Takes ownership of the faces. */
static GEOSGeometry *merge_faces(gis_ctx *ctx, face_list *l)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, l->g, l->n);
    if (coll == NULL) {
        for (unsigned int i = 0; i < l->n; i++)
            GEOSGeom_destroy_r(h, l->g[i]);
        return NULL;
    }
    GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
    GEOSGeom_destroy_r(h, coll);
    if (u != NULL && GEOSisValid_r(h, u) != 1) {
        GEOSGeometry *fixed = GEOSGeom_setPrecision_r(h, u, 1.0, 0);
        GEOSGeom_destroy_r(h, u);
        u = fixed;
    }
    return u;
}

int gis_geom_tile_simplify_coverage(gis_ctx *ctx, gis_geom *const *in, size_t n, double tolerance,
                                    gis_geom **out, gis_error *err)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if (!(tolerance >= 0))
        return GIS_ERR(err, GIS_EINVAL, "simplification tolerance must be >= 0");
    GEOSContextHandle_t h = ctx->geos;
    int rc = GIS_OK;
    face_list *lists = calloc(n ? n : 1, sizeof *lists);
    GEOSGeometry *edges = simplified_edges(ctx, in, n, tolerance), *faces = NULL;
    if (lists == NULL || edges == NULL) {
        rc = lists ? gis_ctx_geos_error(ctx, err, __func__, "coverage edges")
                   : GIS_ERR(err, GIS_ENOMEM, "out of memory simplifying a tile layer");
        goto done;
    }
    const GEOSGeometry *arr[1] = {edges};
    if ((faces = GEOSPolygonize_r(h, arr, 1)) == NULL) {
        rc = gis_ctx_geos_error(ctx, err, __func__, "polygonize");
        goto done;
    }
    if ((rc = assign_faces(ctx, in, n, faces, lists)) != GIS_OK) {
        rc = rc == GIS_ENOMEM ? GIS_ERR(err, rc, "out of memory simplifying a tile layer")
                              : gis_ctx_geos_error(ctx, err, __func__, "assign faces");
        goto done;
    }
    for (size_t i = 0; i < n && rc == GIS_OK; i++) {
        if (lists[i].n == 0)
            continue;
        GEOSGeometry *u = merge_faces(ctx, &lists[i]);
        lists[i].n = 0; /* the faces moved into u (or were freed) */
        if (u == NULL) {
            rc = gis_ctx_geos_error(ctx, err, __func__, "merge faces");
        } else if (GEOSisEmpty_r(h, u)) {
            GEOSGeom_destroy_r(h, u);
        } else {
            rc = gis_geom_wrap(ctx, u, &out[i], err); /* ownership of u moves into out[i] */
        }
    }
done:
    for (size_t i = 0; lists != NULL && i < n; i++) {
        for (unsigned int k = 0; k < lists[i].n; k++)
            GEOSGeom_destroy_r(h, lists[i].g[k]);
        free(lists[i].g);
    }
    free(lists);
    GEOSGeom_destroy_r(h, faces);
    GEOSGeom_destroy_r(h, edges);
    if (rc != GIS_OK)
        for (size_t i = 0; i < n; i++) {
            gis_geom_free(ctx, out[i]);
            out[i] = NULL;
        }
    return rc;
}
