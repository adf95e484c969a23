/*
 * This file declares gis_geom, jiewang's geometry handle over GEOS, with WKB/WKT in and out,
 * bounds and a coordinate walker for encoders (MVT, PDF) outside gis/. A gis_geom is only used
 * with the context (and so the thread) that created it. Coordinates are x = longitude /
 * easting, y = latitude / northing; the CRS is the caller's to know (the store uses EPSG:4490).
 */
#ifndef GIS_GEOM_H
#define GIS_GEOM_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/ctx.h"

typedef struct gis_geom gis_geom;

enum gis_geom_type {
    GIS_GEOM_POINT = 1,
    GIS_GEOM_LINESTRING = 2,
    GIS_GEOM_POLYGON = 3,
    GIS_GEOM_MULTIPOINT = 4,
    GIS_GEOM_MULTILINESTRING = 5,
    GIS_GEOM_MULTIPOLYGON = 6,
    GIS_GEOM_COLLECTION = 7,
};

/** Parses WKB (or SpatiaLite-free ISO WKB). Returns an owned geometry in *out; free with
 *  gis_geom_free(). Codes: GIS_EGEOM for unparsable input. */
int gis_geom_from_wkb(gis_ctx *ctx, const unsigned char *wkb, size_t len, gis_geom **out,
                      gis_error *err);

/** Parses WKT. Returns an owned geometry in *out; free with gis_geom_free(). Codes: GIS_EGEOM. */
int gis_geom_from_wkt(gis_ctx *ctx, const char *wkt, gis_geom **out, gis_error *err);

/** Writes 2D WKB. Returns an owned buffer in *out (free with free()) and its length in *len. */
int gis_geom_to_wkb(gis_ctx *ctx, const gis_geom *g, unsigned char **out, size_t *len,
                    gis_error *err);

/** Writes WKT with `precision` decimals (negative: full). Returns an owned string; free(). */
int gis_geom_to_wkt(gis_ctx *ctx, const gis_geom *g, int precision, char **out, gis_error *err);

/** Returns an owned deep copy in *out; free with gis_geom_free(). */
int gis_geom_clone(gis_ctx *ctx, const gis_geom *g, gis_geom **out, gis_error *err);

/** Frees g. NULL is a no-op. */
void gis_geom_free(gis_ctx *ctx, gis_geom *g);

/** Returns the geometry type (enum gis_geom_type), or 0 on failure. */
int gis_geom_type(gis_ctx *ctx, const gis_geom *g);

/** True when g has no coordinates. */
bool gis_geom_is_empty(gis_ctx *ctx, const gis_geom *g);

/** Writes minx, miny, maxx, maxy into bbox. Codes: GIS_EGEOM for empty geometries. */
int gis_geom_bounds(gis_ctx *ctx, const gis_geom *g, double bbox[4], gis_error *err);

/** Callbacks of gis_geom_walk(); any may be NULL. A non-zero return stops the walk and is
 *  returned by gis_geom_walk(). Coordinate arrays are borrowed for the call only. */
typedef struct gis_geom_visitor {
    /* Called once per point (of a point or multipoint). */
    int (*point)(void *user, double x, double y);
    /* Called once per linestring (part of a line geometry): n coordinates as x,y pairs. */
    int (*line)(void *user, const double *xy, size_t n);
    /* Called once per polygon before its rings. */
    int (*polygon_begin)(void *user, size_t n_rings);
    /* Called per ring: ring 0 is the shell, then holes; closed (first == last). */
    int (*ring)(void *user, size_t ring_index, const double *xy, size_t n);
} gis_geom_visitor;

/** Walks every coordinate of g in order (collections recursively). Returns GIS_OK, a GIS_E*
 *  code, or the first non-zero callback result. */
int gis_geom_walk(gis_ctx *ctx, const gis_geom *g, const gis_geom_visitor *v, void *user,
                  gis_error *err);

#endif
