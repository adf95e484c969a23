/*
 * This file declares the unit memo: a thread-safe table of what tiles compute per
 * administrative unit and not per tile — its label point (pole of inaccessibility) and its
 * ellipsoidal area — keyed by the unit's row id and valid for one store data version
 * (gis_store_data_version): a newer version empties it. One memo serves every thread of a
 * server; tile_tileset_render_memo() (tiles/tileset.h) fills and reads it. It does not render.
 */
#ifndef TILE_UNITMEMO_H
#define TILE_UNITMEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "gis/error.h"

typedef struct tile_unit_memo tile_unit_memo;

/** What is known of one unit; fields are valid when their has_* flag is set. */
typedef struct tile_unit_facts {
    bool has_label;  /* label computed (label_ok false: the unit has no usable label) */
    bool label_ok;   /* lon/lat hold the label point */
    double lon, lat; /* label point, EPSG:4490 degrees */
    bool has_area;   /* area_m2 computed */
    double area_m2;  /* ellipsoidal area, m² */
} tile_unit_facts;

/** Returns an owned empty memo in *out; free with tile_unit_memo_free(). Codes: GIS_ENOMEM. */
int tile_unit_memo_new(tile_unit_memo **out, gis_error *err);

/** Frees m. NULL is a no-op. */
void tile_unit_memo_free(tile_unit_memo *m);

/** Copies the facts known about unit `id` at data version `version` into *out (all flags
 *  false when unknown). A different version than the memo's empties the memo first.
 *  Thread-safe. */
void tile_unit_memo_get(tile_unit_memo *m, int64_t version, int64_t id, tile_unit_facts *out);

/** Merges the facts whose has_* flags are set into unit `id` at `version` (a newer version
 *  empties the memo first; an older one is ignored). Out of memory or beyond the memo's bound
 *  (1,000,000 units) nothing is stored: the memo is only a cache. Thread-safe. */
void tile_unit_memo_put(tile_unit_memo *m, int64_t version, int64_t id,
                        const tile_unit_facts *facts);

/** Number of units held (for tests and /metrics). Thread-safe. */
uint64_t tile_unit_memo_count(tile_unit_memo *m);

#endif
