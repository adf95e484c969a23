/*
 * This file declares the store summaries `jiewang info` prints: extents per layer, recent
 * imports and finding counts per rule.
 */
#ifndef GIS_STORE_INFO_H
#define GIS_STORE_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/store.h"

/** Extent (minx, miny, maxx, maxy in EPSG:4490) of a layer kind as in gis_store_count();
 *  *has_extent false when the layer has no geometry. */
int gis_store_extent(gis_store *s, const char *kind, double bbox[4], bool *has_extent,
                     gis_error *err);

/** One import log row. Strings owned; free the array with gis_import_rows_free(). */
typedef struct gis_import_row {
    int64_t id;
    char *source_file;
    char *layer_kind;
    char *source_crs;
    char *sha256;
    int64_t features_imported;
    int64_t features_skipped;
    int64_t invalid_geometries;
    char *imported_at;
} gis_import_row;

/** Loads the `limit` most recent imports, newest first. */
int gis_store_imports_recent(gis_store *s, int limit, gis_import_row **out, size_t *n_out,
                             gis_error *err);
void gis_import_rows_free(gis_import_row *rows, size_t n);

/** Finding counts grouped by tool, rule and status. Free with gis_rule_counts_free(). */
typedef struct gis_rule_count {
    char *tool;
    char *rule;
    char *status;
    int64_t count;
} gis_rule_count;

int gis_store_finding_counts(gis_store *s, gis_rule_count **out, size_t *n_out, gis_error *err);
void gis_rule_counts_free(gis_rule_count *rows, size_t n);

#endif
