/*
 * This file declares the OGC validity test of one geometry (GEOS isValid), for callers that
 * only need a yes/no answer per feature, such as the importers' invalid-polygon count. It does
 * not explain or repair invalidity (gis/validate reports boundaries with reasons).
 */
#ifndef GIS_GEOM_VALID_H
#define GIS_GEOM_VALID_H

#include <stdbool.h>

#include "gis/geom.h"

/** Sets *valid to whether g is OGC-valid. Borrows g. Codes: GIS_EGEOM when GEOS fails. */
int gis_geom_valid_check(gis_ctx *ctx, const gis_geom *g, bool *valid, gis_error *err);

#endif
