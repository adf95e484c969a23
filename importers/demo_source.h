/*
 * This file declares reading the demo county's real source data through GDAL/OGR:
 * data/<county>/units.csv (code, name, level, parent_code) and the county outline GeoJSON.
 */
#ifndef IMP_DEMO_SOURCE_H
#define IMP_DEMO_SOURCE_H

#include <stddef.h>

#include "gis/records.h"

/** Reads the outline (the first polygon feature of a vector file, any GDAL format) as an owned
 *  geometry in its file's coordinates (the demo's file is lon/lat, taken as EPSG:4490 per
 *  DOMAIN.md CRS-01). Free with gis_geom_free(). Codes: GIS_ESOURCE, GIS_EGEOM. */
int imp_demo_read_outline(gis_ctx *ctx, const char *path, gis_geom **out, gis_error *err);

/** Reads units.csv (columns code, name, level, parent_code; codes kept as strings) into an
 *  owned array; free with gis_unit_array_free(). Codes: GIS_ESOURCE (missing file or column,
 *  empty code or name; the message names the line). */
int imp_demo_read_units(gis_ctx *ctx, const char *path, gis_unit **out, size_t *n_out,
                        gis_error *err);

#endif
