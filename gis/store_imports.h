/*
 * This file declares the import log writes the importers need (table import_log): a row per
 * import with file, sha256, layer kind, source CRS, options and counts; the duplicate check
 * (same file into the same layer twice) and the `--replace` delete of rows a previous import of
 * the same source loaded. It does not read sources (importers/ does that).
 */
#ifndef GIS_STORE_IMPORTS_H
#define GIS_STORE_IMPORTS_H

#include <stdint.h>

#include "gis/records.h"
#include "gis/store.h"

/** What an import log row records at the start of an import. Borrowed strings. */
typedef struct gis_import_log {
    const char *source_file;  /* file name as delivered (base name) */
    const char *source_layer; /* layer read from a multi-layer source, may be NULL */
    const char *sha256;       /* hex digest of the file's bytes */
    const char *layer_kind;   /* county, townships, villages, boundary_lines, markers, ... */
    const char *source_crs;   /* CRS as detected or given, may be NULL */
    const char *options;      /* JSON object text (encoding, axis, fields), may be NULL */
} gis_import_log;

/** Inserts an import log row with zero counts; sets *id_out. Call inside the import's
 *  transaction. Borrows log. Codes: GIS_EINVAL (unknown kind), GIS_EDB, GIS_EBUSY. */
int gis_store_import_log_begin(gis_store *s, const gis_import_log *log, int64_t *id_out,
                               gis_error *err);

/** Writes the final counts of import log row id. Codes: GIS_ENOTFOUND (no such row), GIS_EDB. */
int gis_store_import_log_finish(gis_store *s, int64_t id, int64_t n_read, int64_t n_imported,
                                int64_t n_skipped, int64_t n_invalid, gis_error *err);

/** Looks for an earlier import of the same bytes (sha256) into layer_kind: *id_out is its log
 *  id, or 0 when there is none. Borrows the strings. */
int gis_store_import_find(gis_store *s, const char *layer_kind, const char *sha256, int64_t *id_out,
                          gis_error *err);

/** Deletes the layer rows loaded by earlier imports of source_file (base name) into
 *  layer_kind (the `--replace` of issue #3); *n_deleted_out counts them. Call inside the
 *  import's transaction. Codes: GIS_EINVAL (unknown kind), GIS_EDB, GIS_EBUSY. */
int gis_store_import_delete_rows(gis_store *s, const char *layer_kind, const char *source_file,
                                 int64_t *n_deleted_out, gis_error *err);

/** Prepares layer_kind's table for a bulk load inside the import's transaction: drops its
 *  spatial index and its per-row INSERT triggers (geometry constraint, timestamp), which cost
 *  more than the insert itself. Returns in *saved_out an owned SQL text (free with free()) that
 *  gis_store_import_bulk_end() needs; call that in the same transaction. The importer
 *  guarantees what the constraint trigger checks (type via CastToMulti, SRID 4490).
 *  Codes: GIS_EINVAL (unknown kind), GIS_ENOMEM, GIS_EDB. */
int gis_store_import_bulk_begin(gis_store *s, const char *layer_kind, char **saved_out,
                                gis_error *err);

/** Re-creates the triggers in saved (borrowed) and rebuilds the spatial index of layer_kind's
 *  table from its rows. Codes: GIS_EINVAL, GIS_EDB. */
int gis_store_import_bulk_end(gis_store *s, const char *layer_kind, const char *saved,
                              gis_error *err);

#endif
