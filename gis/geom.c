/*
 * This file implements gis_geom: construction from WKB/WKT, output, bounds and the walker.
 * It does not do overlay or validation (see the rule modules).
 */
#include "gis/geom_int.h"

#include <stdlib.h>
#include <string.h>

int gis_geom_wrap(gis_ctx *ctx, GEOSGeometry *g, gis_geom **out, gis_error *err)
{
    *out = NULL;
    if (g == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "geometry operation");
    gis_geom *w = malloc(sizeof *w);
    if (w == NULL) {
        GEOSGeom_destroy_r(ctx->geos, g);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    w->g = g; /* ownership moves into w */
    *out = w;
    return GIS_OK;
}

int gis_geom_from_wkb(gis_ctx *ctx, const unsigned char *wkb, size_t len, gis_geom **out,
                      gis_error *err)
{
    *out = NULL;
    if (wkb == NULL || len == 0)
        return GIS_ERR(err, GIS_EGEOM, "empty WKB");
    GEOSWKBReader *r = GEOSWKBReader_create_r(ctx->geos);
    if (r == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "cannot create WKB reader");
    GEOSGeometry *g = GEOSWKBReader_read_r(ctx->geos, r, wkb, len);
    GEOSWKBReader_destroy_r(ctx->geos, r);
    if (g == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "WKB parse");
    return gis_geom_wrap(ctx, g, out, err);
}

int gis_geom_from_wkt(gis_ctx *ctx, const char *wkt, gis_geom **out, gis_error *err)
{
    *out = NULL;
    GEOSWKTReader *r = GEOSWKTReader_create_r(ctx->geos);
    if (r == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "cannot create WKT reader");
    GEOSGeometry *g = GEOSWKTReader_read_r(ctx->geos, r, wkt);
    GEOSWKTReader_destroy_r(ctx->geos, r);
    if (g == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "WKT parse");
    return gis_geom_wrap(ctx, g, out, err);
}

int gis_geom_to_wkb(gis_ctx *ctx, const gis_geom *g, unsigned char **out, size_t *len,
                    gis_error *err)
{
    *out = NULL;
    *len = 0;
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(ctx->geos);
    if (w == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "cannot create WKB writer");
    GEOSWKBWriter_setOutputDimension_r(ctx->geos, w, 2);
    size_t n = 0;
    unsigned char *buf = GEOSWKBWriter_write_r(ctx->geos, w, g->g, &n);
    GEOSWKBWriter_destroy_r(ctx->geos, w);
    if (buf == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "WKB write");
    unsigned char *copy = malloc(n);
    if (copy == NULL) {
        GEOSFree_r(ctx->geos, buf);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    memcpy(copy, buf, n);
    GEOSFree_r(ctx->geos, buf);
    *out = copy;
    *len = n;
    return GIS_OK;
}

int gis_geom_to_wkt(gis_ctx *ctx, const gis_geom *g, int precision, char **out, gis_error *err)
{
    *out = NULL;
    GEOSWKTWriter *w = GEOSWKTWriter_create_r(ctx->geos);
    if (w == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "cannot create WKT writer");
    GEOSWKTWriter_setOutputDimension_r(ctx->geos, w, 2);
    if (precision >= 0) {
        GEOSWKTWriter_setRoundingPrecision_r(ctx->geos, w, precision);
        GEOSWKTWriter_setTrim_r(ctx->geos, w, 1);
    }
    char *s = GEOSWKTWriter_write_r(ctx->geos, w, g->g);
    GEOSWKTWriter_destroy_r(ctx->geos, w);
    if (s == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "WKT write");
    *out = strdup(s);
    GEOSFree_r(ctx->geos, s);
    if (*out == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    return GIS_OK;
}

int gis_geom_clone(gis_ctx *ctx, const gis_geom *g, gis_geom **out, gis_error *err)
{
    return gis_geom_wrap(ctx, GEOSGeom_clone_r(ctx->geos, g->g), out, err);
}

void gis_geom_free(gis_ctx *ctx, gis_geom *g)
{
    if (g == NULL)
        return;
    GEOSGeom_destroy_r(ctx->geos, g->g);
    free(g);
}

int gis_geom_type(gis_ctx *ctx, const gis_geom *g)
{
    switch (GEOSGeomTypeId_r(ctx->geos, g->g)) {
    case GEOS_POINT:
        return GIS_GEOM_POINT;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
        return GIS_GEOM_LINESTRING;
    case GEOS_POLYGON:
        return GIS_GEOM_POLYGON;
    case GEOS_MULTIPOINT:
        return GIS_GEOM_MULTIPOINT;
    case GEOS_MULTILINESTRING:
        return GIS_GEOM_MULTILINESTRING;
    case GEOS_MULTIPOLYGON:
        return GIS_GEOM_MULTIPOLYGON;
    case GEOS_GEOMETRYCOLLECTION:
        return GIS_GEOM_COLLECTION;
    default:
        return 0;
    }
}

bool gis_geom_is_empty(gis_ctx *ctx, const gis_geom *g)
{
    return GEOSisEmpty_r(ctx->geos, g->g) != 0;
}

int gis_geom_bounds(gis_ctx *ctx, const gis_geom *g, double bbox[4], gis_error *err)
{
    if (GEOSisEmpty_r(ctx->geos, g->g))
        return GIS_ERR(err, GIS_EGEOM, "empty geometry has no bounds");
    if (!GEOSGeom_getXMin_r(ctx->geos, g->g, &bbox[0]) ||
        !GEOSGeom_getYMin_r(ctx->geos, g->g, &bbox[1]) ||
        !GEOSGeom_getXMax_r(ctx->geos, g->g, &bbox[2]) ||
        !GEOSGeom_getYMax_r(ctx->geos, g->g, &bbox[3]))
        return gis_ctx_geos_error(ctx, err, __func__, "bounds");
    return GIS_OK;
}

/* Copies a coordinate sequence into a malloc'd x,y array. */
static int seq_xy(gis_ctx *ctx, const GEOSCoordSequence *seq, double **xy_out, size_t *n_out,
                  gis_error *err)
{
    unsigned int n = 0;
    *xy_out = NULL;
    if (!GEOSCoordSeq_getSize_r(ctx->geos, seq, &n))
        return gis_ctx_geos_error(ctx, err, __func__, "coordinate sequence");
    double *xy = malloc(sizeof(double) * 2 * (n ? n : 1));
    if (xy == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    if (n > 0 && !GEOSCoordSeq_copyToBuffer_r(ctx->geos, seq, xy, 0, 0)) {
        free(xy);
        return gis_ctx_geos_error(ctx, err, __func__, "coordinate copy");
    }
    *xy_out = xy;
    *n_out = n;
    return GIS_OK;
}

static int walk_line(gis_ctx *ctx, const GEOSGeometry *g, const gis_geom_visitor *v, void *user,
                     int ring_index, gis_error *err)
{
    double *xy = NULL;
    size_t n = 0;
    int rc = seq_xy(ctx, GEOSGeom_getCoordSeq_r(ctx->geos, g), &xy, &n, err);
    if (rc != GIS_OK)
        return rc;
    if (ring_index < 0)
        rc = v->line ? v->line(user, xy, n) : 0;
    else
        rc = v->ring ? v->ring(user, (size_t)ring_index, xy, n) : 0;
    free(xy);
    return rc;
}

static int walk(gis_ctx *ctx, const GEOSGeometry *g, const gis_geom_visitor *v, void *user,
                gis_error *err)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    int rc = 0;
    if (GEOSisEmpty_r(ctx->geos, g))
        return 0;
    switch (type) {
    case GEOS_POINT: {
        double x, y;
        if (!GEOSGeomGetX_r(ctx->geos, g, &x) || !GEOSGeomGetY_r(ctx->geos, g, &y))
            return gis_ctx_geos_error(ctx, err, __func__, "point coordinates");
        return v->point ? v->point(user, x, y) : 0;
    }
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
        return walk_line(ctx, g, v, user, -1, err);
    case GEOS_POLYGON: {
        int n_holes = GEOSGetNumInteriorRings_r(ctx->geos, g);
        if (v->polygon_begin && (rc = v->polygon_begin(user, (size_t)n_holes + 1)) != 0)
            return rc;
        if ((rc = walk_line(ctx, GEOSGetExteriorRing_r(ctx->geos, g), v, user, 0, err)) != 0)
            return rc;
        for (int i = 0; i < n_holes; i++)
            if ((rc = walk_line(ctx, GEOSGetInteriorRingN_r(ctx->geos, g, i), v, user, i + 1,
                                err)) != 0)
                return rc;
        return 0;
    }
    default: {
        int n = GEOSGetNumGeometries_r(ctx->geos, g);
        for (int i = 0; i < n; i++)
            if ((rc = walk(ctx, GEOSGetGeometryN_r(ctx->geos, g, i), v, user, err)) != 0)
                return rc;
        return 0;
    }
    }
}

int gis_geom_walk(gis_ctx *ctx, const gis_geom *g, const gis_geom_visitor *v, void *user,
                  gis_error *err)
{
    return walk(ctx, g->g, v, user, err);
}
