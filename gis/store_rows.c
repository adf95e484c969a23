/*
 * This file implements gis_store_rows_collect() (gis/store_rows.h): the growable array and
 * the step loop shared by the store's loaders.
 */
#include "gis/store_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"

int gis_store_rows_collect(gis_ctx *ctx, gis_store *s, sqlite3_stmt *st, size_t elem_size,
                           gis_store_row_fn row, const char *what, void **out, size_t *n_out,
                           gis_error *err)
{
    unsigned char *a = NULL;
    size_t n = 0, cap = 0;
    int rc = GIS_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t grown_cap = cap ? cap * 2 : 64;
            unsigned char *grown = realloc(a, grown_cap * elem_size);
            if (grown == NULL) {
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory loading %s", what);
                break;
            }
            a = grown;
            cap = grown_cap;
        }
        void *elem = a + n * elem_size;
        memset(elem, 0, elem_size);
        n++;
        if ((rc = row(ctx, st, elem, err)) != GIS_OK)
            break;
    }
    if (rc == GIS_OK && step != SQLITE_DONE) {
        char op[64];
        snprintf(op, sizeof op, "load %s", what);
        rc = gis_store_sql_error(s, err, __func__, op);
    }
    *out = a;
    *n_out = n;
    return rc;
}
