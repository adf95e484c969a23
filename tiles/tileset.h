/*
 * This file declares the vector tilesets jiewang serves (contract between tiles/ and server/):
 * one per public collection (e.g. "villages") and the combined "jiewang" tileset holding every
 * public layer, each encoded as Mapbox Vector Tile 2.1 (extent 4096) in web mercator XYZ.
 *
 * Layers of the combined tileset and their properties (also the layer names of single ones):
 *   county, townships, villages: code, name, level, parent_code, kind, area_km2;
 *                                villages also coverage (village_coverage.status or absent)
 *   labels:          points inside units (pole of inaccessibility): code, name, level
 *   boundary_lines:  line_code, left_code, right_code
 *   markers:         number, type, line_code                    (zoom >= 12)
 *   cemeteries:      id, name, kind, village_code, capacity, used
 *   facilities:      id, name, kind, village_code, beds
 *   no_burial_zones: id, name, reason, effective_date
 *   findings:        id, tool, rule, severity, message, units, area_m2, distance_m, status
 * graves are restricted and never part of "jiewang"; their own tileset needs a token.
 */
#ifndef TILE_TILESET_H
#define TILE_TILESET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "gis/store.h"
#include "tiles/unitmemo.h"

/** Zoom range served. */
#define TILE_MIN_ZOOM_SERVED 0
#define TILE_MAX_ZOOM_SERVED 18

/** True when name is "jiewang" or a collection with a tileset. *restricted set for graves. */
bool tile_tileset_exists(const char *name, bool *restricted);

/** Renders tile z/x/y of tileset `name` from store s. Returns an owned buffer (uncompressed MVT
 *  protobuf; free with free()) in *out, length in *len (0 bytes is a valid empty tile).
 *  Codes: GIS_EINVAL (bad z/x/y), GIS_ENOTFOUND (no such tileset), GIS_EDB, GIS_EGEOM. */
int tile_tileset_render(gis_ctx *ctx, gis_store *s, const char *name, int z, long x, long y,
                        unsigned char **out, size_t *len, gis_error *err);

/** Same as tile_tileset_render(), with a memo (borrowed, may be NULL; shared by threads, see
 *  tiles/unitmemo.h) of per-unit label points and areas, so those are computed once per
 *  unit and data version instead of once per tile. Same bytes as without the memo. */
int tile_tileset_render_memo(gis_ctx *ctx, gis_store *s, tile_unit_memo *memo, const char *name,
                             int z, long x, long y, unsigned char **out, size_t *len,
                             gis_error *err);

/** Builds the TileJSON 3.0.0 document of tileset `name`, tile URLs under base_url (e.g.
 *  "http://127.0.0.1:8080"). Returns an owned json_t in *out (json_decref). */
int tile_tileset_tilejson(gis_ctx *ctx, gis_store *s, const char *name, const char *base_url,
                          json_t **out, gis_error *err);

#endif
