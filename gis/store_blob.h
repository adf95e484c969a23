/*
 * This file declares the reader of SpatiaLite's BLOB-Geometry format (the bytes stored in a
 * geometry column) into gis_geom, used by the tile queries to skip AsBinary() and WKB. It reads
 * the uncompressed XY geometries jiewang's schema stores (data/migrations); it does not write.
 */
#ifndef GIS_STORE_BLOB_H
#define GIS_STORE_BLOB_H

#include <stddef.h>

#include "gis/geom.h"

/** Parses a SpatiaLite geometry blob (borrowed, len bytes). Returns an owned geometry in *out;
 *  free with gis_geom_free(). Codes: GIS_EGEOM (not a blob, truncated, Z/M or compressed
 *  classes, invalid rings). */
int gis_store_blob_geom(gis_ctx *ctx, const unsigned char *blob, size_t len, gis_geom **out,
                        gis_error *err);

#endif
