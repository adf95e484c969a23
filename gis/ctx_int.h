/*
 * Internals of gis_ctx shared by the gis/ modules that call GEOS or PROJ. Not for other layers.
 */
#ifndef GIS_CTX_INT_H
#define GIS_CTX_INT_H

#include <geos_c.h>
#include <proj.h>

#include "gis/ctx.h"

struct gis_ctx {
    GEOSContextHandle_t geos; /* reentrant GEOS handle owned by this context */
    PJ_CONTEXT *proj;         /* PROJ context owned by this context */
    char geos_msg[256];       /* last GEOS error or notice, staged by the handler */
    gis_log_fn log;           /* log sink or NULL */
    void *log_user;           /* borrowed user pointer for the log sink */
};

/** Sets err from the staged GEOS message with a prefix naming the operation; returns GIS_EGEOM. */
int gis_ctx_geos_error(gis_ctx *ctx, gis_error *err, const char *where, const char *op);

#endif
