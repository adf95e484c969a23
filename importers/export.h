/*
 * This file declares imp_export_run, `jiewang export` below the command line: one layer kind of
 * a store written through GDAL as GeoPackage, Shapefile (optionally GBK with .cpg for ArcGIS),
 * GeoJSON, KML, CSV or DXF, with field names that `jiewang import` maps back (a round trip
 * keeps codes, names and geometry). Geometries are written in EPSG:4490 (KML: WGS 84).
 */
#ifndef IMP_EXPORT_H
#define IMP_EXPORT_H

#include <stdint.h>

#include "gis/ctx.h"
#include "gis/store.h"

/** Options of one export; strings borrowed. */
typedef struct imp_export_options {
    const char *kind;     /* layer kind, as for import */
    const char *format;   /* GDAL driver: GPKG, "ESRI Shapefile", GeoJSON, KML, CSV, DXF */
    const char *encoding; /* Shapefile attribute encoding (e.g. GBK), NULL for UTF-8 */
} imp_export_options;

/** Writes the rows of opt->kind in s to a new file at path; *n_out counts features written.
 *  Borrows everything. Codes: GIS_EINVAL (unknown kind or format), GIS_EEXIST (path exists),
 *  GIS_EIO (cannot create or write), GIS_EDB. Nothing appears under the path's names unless
 *  the export completed (staged beside it, importers/export_stage.h). */
int imp_export_run(gis_ctx *ctx, gis_store *s, const char *path, const imp_export_options *opt,
                   int64_t *n_out, gis_error *err);

#endif
