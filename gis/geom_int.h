/*
 * Internals of gis_geom for gis/ modules that call GEOS directly. Not for other layers.
 */
#ifndef GIS_GEOM_INT_H
#define GIS_GEOM_INT_H

#include "gis/ctx_int.h"
#include "gis/geom.h"

struct gis_geom {
    GEOSGeometry *g; /* owned GEOS geometry */
};

/** Wraps g. Takes ownership of g, even on failure. Returns an owned gis_geom in *out. */
int gis_geom_wrap(gis_ctx *ctx, GEOSGeometry *g, gis_geom **out, gis_error *err);

/** Borrows the GEOS geometry inside g; valid while g lives. */
static inline const GEOSGeometry *gis_geom_geos(const gis_geom *g)
{
    return g->g;
}

#endif
