/*
 * This file declares reads and writes of facilities (public cemeteries among them),
 * no-burial zones and graves.
 */
#ifndef GIS_STORE_FACILITIES_H
#define GIS_STORE_FACILITIES_H

#include "gis/records.h"
#include "gis/store.h"

/** Inserts a facility (sets f->id). source_id <= 0 for none. */
int gis_store_facility_insert(gis_ctx *ctx, gis_store *s, gis_facility *f, int64_t source_id,
                              gis_error *err);

/** Loads facilities of one kind (stored name, e.g. "public_cemetery"; NULL for all), by id.
 *  Free with gis_facility_array_free(). */
int gis_store_facilities_load(gis_ctx *ctx, gis_store *s, const char *kind, gis_facility **out,
                              size_t *n_out, gis_error *err);

/** Inserts a no-burial zone (sets z->id). */
int gis_store_zone_insert(gis_ctx *ctx, gis_store *s, gis_zone *z, int64_t source_id,
                          gis_error *err);

/** Loads every no-burial zone by id. Free with gis_zone_array_free(). */
int gis_store_zones_load(gis_ctx *ctx, gis_store *s, gis_zone **out, size_t *n_out,
                         gis_error *err);

/** Inserts a grave (sets g->id). Uses a cached statement: fast inside one transaction. */
int gis_store_grave_insert(gis_ctx *ctx, gis_store *s, gis_grave *g, int64_t source_id,
                           gis_error *err);

/** Calls fn for each grave in id order; the record is borrowed for the call only. A non-zero
 *  return from fn stops the walk and is returned. */
int gis_store_graves_each(gis_ctx *ctx, gis_store *s, int (*fn)(void *user, const gis_grave *g),
                          void *user, gis_error *err);

#endif
