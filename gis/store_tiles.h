/*
 * This file declares the store reads behind vector tiles: the features of one tile layer whose
 * bounding boxes meet a lon/lat box, found through the layers' SpatiaLite R*Tree indexes, with
 * the properties tiles/tileset.h promises (named as there). Rows come through a callback so
 * nothing is materialised; geometries are EPSG:4490.
 * Layers: county, townships, villages (with village_coverage.status as `coverage`),
 * boundary_lines, markers, cemeteries, facilities, no_burial_zones, findings (status <> 'fixed';
 * a finding without geometry is placed at its lon/lat) and graves (restricted: the caller
 * decides who may read them). It does not clip or encode.
 */
#ifndef GIS_STORE_TILES_H
#define GIS_STORE_TILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/geom.h"
#include "gis/store.h"

/** Value types of a tile property. */
enum gis_tile_prop_type { GIS_TPROP_NULL, GIS_TPROP_INT, GIS_TPROP_REAL, GIS_TPROP_TEXT };

/** One property of a tile row. */
typedef struct gis_tile_prop {
    const char *key; /* property name (tileset.h), static */
    int type;        /* enum gis_tile_prop_type */
    int64_t i;       /* GIS_TPROP_INT */
    double d;        /* GIS_TPROP_REAL */
    const char *s;   /* GIS_TPROP_TEXT, UTF-8 */
} gis_tile_prop;

#define GIS_TILE_MAX_PROPS 12

/** One feature of a tile layer, borrowed by the callback for the call only. */
typedef struct gis_tile_row {
    int64_t id;           /* table row id, stable feature id */
    const gis_geom *geom; /* EPSG:4490, never NULL */
    size_t n_props;
    gis_tile_prop props[GIS_TILE_MAX_PROPS]; /* in the layer's documented order */
} gis_tile_row;

/** Row callback; a non-zero return stops the walk and is returned. */
typedef int (*gis_tile_row_fn)(void *user, const gis_tile_row *row);

/** True when `layer` is one of the layers above. */
bool gis_store_tiles_has_layer(const char *layer);

/** Calls fn for each feature of `layer` whose bounding box meets bbox (minlon, minlat, maxlon,
 *  maxlat, EPSG:4490), in row id order. Statements are prepared once per store.
 *  Codes: GIS_EINVAL (unknown layer), GIS_EDB, GIS_EBUSY, GIS_EGEOM (unreadable geometry),
 *  or fn's non-zero result. */
int gis_store_tiles_each(gis_ctx *ctx, gis_store *s, const char *layer, const double bbox[4],
                         gis_tile_row_fn fn, void *user, gis_error *err);

/** Opens a read transaction so that the reads of one tile see one snapshot and take the file
 *  lock once, unless a transaction is already open. *began tells gis_store_tiles_read_end()
 *  whether to close it. Codes: GIS_EDB, GIS_EBUSY. */
int gis_store_tiles_read_begin(gis_store *s, bool *began, gis_error *err);

/** Reads meta.data_version like gis_store_data_version() through a statement cached on the
 *  store (tiles read it once per tile). Codes: GIS_EDB, GIS_EBUSY. */
int gis_store_tiles_data_version(gis_store *s, int64_t *out, gis_error *err);

/** Ends the read transaction opened by gis_store_tiles_read_begin() when began is true. */
void gis_store_tiles_read_end(gis_store *s, bool began);

#endif
