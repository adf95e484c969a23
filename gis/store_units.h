/*
 * This file declares reads and writes of administrative units (table admin_unit).
 */
#ifndef GIS_STORE_UNITS_H
#define GIS_STORE_UNITS_H

#include "gis/records.h"
#include "gis/store.h"

/** Inserts u (id ignored); source_id links the import log (<= 0 for none). Sets u->id. */
int gis_store_unit_insert(gis_ctx *ctx, gis_store *s, gis_unit *u, int64_t source_id,
                          gis_error *err);

/** Loads units of `level` ("county", "township", "village"; NULL for all), ordered by code.
 *  Returns an owned array in *out (free with gis_unit_array_free()) and its length. */
int gis_store_units_load(gis_ctx *ctx, gis_store *s, const char *level, gis_unit **out,
                         size_t *n_out, gis_error *err);

/** Counts rows of one store table kind: "county","townships","villages","boundary_lines",
 *  "markers","cemeteries","facilities","no_burial_zones","graves","findings". */
int gis_store_count(gis_store *s, const char *kind, int64_t *out, gis_error *err);

/** Deletes every unit of a level (used by --replace and the demo). */
int gis_store_units_delete_level(gis_store *s, const char *level, gis_error *err);

#endif
