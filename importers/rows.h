/*
 * This file declares imp_rows: turning one source feature (mapped attribute text and a geometry
 * already in EPSG:4490) into the record of a layer kind and inserting it into the store. Values
 * are stored as delivered (codes trimmed and float artefacts removed); malformed codes,
 * unparsable numbers, unknown facility kinds and duplicate keys are counted, never dropped.
 */
#ifndef IMP_ROWS_H
#define IMP_ROWS_H

#include <stdint.h>

#include "gis/geom.h"
#include "gis/store.h"
#include "importers/fields.h"

typedef struct imp_rows imp_rows;

/** Counts kept for the import summary. */
typedef struct imp_row_stats {
    int64_t n_rows;         /* rows inserted */
    int64_t n_bad_codes;    /* codes not of the level's well-formed shape (CODE-03/04) */
    int64_t n_dup_keys;     /* rows whose code / number / line code repeats an earlier row */
    int64_t n_bad_values;   /* unparsable counts, booleans or statuses (stored as unknown) */
    int64_t n_unknown_kind; /* facility kinds not recognised (stored as "other") */
} imp_row_stats;

/** Creates an inserter for kind with the resolved map (borrowed; must outlive rows). Returns
 *  an owned inserter in *out; free with imp_rows_free(). Codes: GIS_EINVAL, GIS_ENOMEM. */
int imp_rows_new(const char *kind, const imp_field_map *map, imp_rows **out, gis_error *err);

/** Frees r. NULL is a no-op. */
void imp_rows_free(imp_rows *r);

/** Inserts one row: values are the source fields' UTF-8 text (borrowed, NULL when unset),
 *  geom the geometry in EPSG:4490 (borrowed). source_id links the import log. Codes: those of
 *  the store inserts (GIS_EDB, GIS_EBUSY, GIS_EIO for a full disk), GIS_ENOMEM. */
int imp_rows_insert(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                    const gis_geom *geom, int64_t source_id, gis_error *err);

/** Final counts (duplicates are counted here). */
void imp_rows_stats(imp_rows *r, imp_row_stats *out);

#endif
