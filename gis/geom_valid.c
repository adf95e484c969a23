/*
 * This file implements the per-geometry OGC validity test over GEOSisValid_r. It does not
 * compute reasons or locations.
 */
#include "gis/geom_valid.h"

#include "gis/geom_int.h"

int gis_geom_valid_check(gis_ctx *ctx, const gis_geom *g, bool *valid, gis_error *err)
{
    *valid = false;
    char r = GEOSisValid_r(ctx->geos, gis_geom_geos(g));
    if (r == 2)
        return gis_ctx_geos_error(ctx, err, __func__, "validity test");
    *valid = r == 1;
    return GIS_OK;
}
