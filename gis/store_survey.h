/*
 * This file declares reads and writes of boundary lines (boundary_line) and boundary markers
 * (boundary_marker).
 */
#ifndef GIS_STORE_SURVEY_H
#define GIS_STORE_SURVEY_H

#include "gis/records.h"
#include "gis/store.h"

/** Inserts a line (id ignored; sets l->id). source_id <= 0 for none. */
int gis_store_line_insert(gis_ctx *ctx, gis_store *s, gis_boundary_line *l, int64_t source_id,
                          gis_error *err);

/** Loads every boundary line ordered by line_code. Free with gis_boundary_line_array_free(). */
int gis_store_lines_load(gis_ctx *ctx, gis_store *s, gis_boundary_line **out, size_t *n_out,
                         gis_error *err);

/** Inserts a marker (id ignored; sets m->id). */
int gis_store_marker_insert(gis_ctx *ctx, gis_store *s, gis_marker *m, int64_t source_id,
                            gis_error *err);

/** Loads every marker ordered by line_code, number. Free with gis_marker_array_free(). */
int gis_store_markers_load(gis_ctx *ctx, gis_store *s, gis_marker **out, size_t *n_out,
                           gis_error *err);

#endif
