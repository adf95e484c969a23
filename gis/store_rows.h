/*
 * This file declares the store's shared row loader (private to gis/store*.c): it steps a
 * prepared query and collects one element per row into a growable array, so that each
 * loader (units, lines, markers, facilities, zones) only says how a row becomes an element.
 */
#ifndef GIS_STORE_ROWS_H
#define GIS_STORE_ROWS_H

#include <sqlite3.h>
#include <stddef.h>

#include "gis/ctx.h"
#include "gis/error.h"
#include "gis/store.h"

/** Fills elem (zeroed) from the current row of st; returns GIS_OK or an error. */
typedef int (*gis_store_row_fn)(gis_ctx *ctx, sqlite3_stmt *st, void *elem, gis_error *err);

/** Steps st to the end, calling row for each result row with a zeroed element of elem_size
 *  bytes appended to *out (*n_out counts them, also on error, so that the caller frees the
 *  elements filled so far with its typed array free). `what` names the rows in messages
 *  ("units"). Does not finalize st. Codes: row's, GIS_ENOMEM, GIS_EDB/GIS_EBUSY. */
int gis_store_rows_collect(gis_ctx *ctx, gis_store *s, sqlite3_stmt *st, size_t elem_size,
                           gis_store_row_fn row, const char *what, void **out, size_t *n_out,
                           gis_error *err);

#endif
