/*
 * This file implements reads and writes of boundary lines and markers.
 */
#include "gis/store_survey.h"

#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"
#include "gis/store_rows.h"

static const char SQL_LINE_INSERT[] = "INSERT INTO boundary_line(line_code,left_code,right_code,"
                                      "surveyed_by,inspected_on,source_id,geom) "
                                      "VALUES(?,?,?,?,?,?,CastToMulti(GeomFromWKB(?,4490)))";

int gis_store_line_insert(gis_ctx *ctx, gis_store *s, gis_boundary_line *l, int64_t source_id,
                          gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_cached(s, SQL_LINE_INSERT, &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, l->line_code ? l->line_code : "", -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 2, l->left_code);
    gis_store_bind_text_or_null(st, 3, l->right_code);
    gis_store_bind_text_or_null(st, 4, l->surveyed_by);
    gis_store_bind_text_or_null(st, 5, l->inspected_on);
    gis_store_bind_int_or_null(st, 6, source_id > 0 ? source_id : -1);
    if ((rc = gis_store_bind_geom(ctx, st, 7, l->geom, err)) == GIS_OK) {
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = gis_store_sql_error(s, err, __func__, "insert boundary line");
        else
            l->id = sqlite3_last_insert_rowid(s->db);
    }
    gis_store_cached_done(st);
    return rc;
}

/* One row of the query in gis_store_lines_load(). */
static int line_row(gis_ctx *ctx, sqlite3_stmt *st, void *elem, gis_error *err)
{
    gis_boundary_line *l = elem;
    l->id = sqlite3_column_int64(st, 0);
    l->line_code = gis_store_column_strdup(st, 1);
    l->left_code = gis_store_column_strdup(st, 2);
    l->right_code = gis_store_column_strdup(st, 3);
    l->surveyed_by = gis_store_column_strdup(st, 4);
    l->inspected_on = gis_store_column_strdup(st, 5);
    return gis_store_column_geom(ctx, st, 6, &l->geom, err);
}

int gis_store_lines_load(gis_ctx *ctx, gis_store *s, gis_boundary_line **out, size_t *n_out,
                         gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT id,line_code,left_code,right_code,surveyed_by,inspected_on,"
                               "AsBinary(geom) FROM boundary_line ORDER BY line_code, id",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    void *a = NULL;
    size_t n = 0;
    rc = gis_store_rows_collect(ctx, s, st, sizeof(gis_boundary_line), line_row, "boundary lines",
                                &a, &n, err);
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_boundary_line_array_free(ctx, a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

static const char SQL_MARKER_INSERT[] =
    "INSERT INTO boundary_marker(number,type,line_code,source_id,geom) "
    "VALUES(?,?,?,?,GeomFromWKB(?,4490))";

int gis_store_marker_insert(gis_ctx *ctx, gis_store *s, gis_marker *m, int64_t source_id,
                            gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_cached(s, SQL_MARKER_INSERT, &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, m->number ? m->number : "", -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 2, m->type);
    gis_store_bind_text_or_null(st, 3, m->line_code);
    gis_store_bind_int_or_null(st, 4, source_id > 0 ? source_id : -1);
    if ((rc = gis_store_bind_geom(ctx, st, 5, m->geom, err)) == GIS_OK) {
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = gis_store_sql_error(s, err, __func__, "insert marker");
        else
            m->id = sqlite3_last_insert_rowid(s->db);
    }
    gis_store_cached_done(st);
    return rc;
}

/* One row of the query in gis_store_markers_load(). */
static int marker_row(gis_ctx *ctx, sqlite3_stmt *st, void *elem, gis_error *err)
{
    gis_marker *m = elem;
    m->id = sqlite3_column_int64(st, 0);
    m->number = gis_store_column_strdup(st, 1);
    m->type = gis_store_column_strdup(st, 2);
    m->line_code = gis_store_column_strdup(st, 3);
    return gis_store_column_geom(ctx, st, 4, &m->geom, err);
}

int gis_store_markers_load(gis_ctx *ctx, gis_store *s, gis_marker **out, size_t *n_out,
                           gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc =
        gis_store_prepare(s,
                          "SELECT id,number,type,line_code,AsBinary(geom) FROM boundary_marker "
                          "ORDER BY line_code, number, id",
                          &st, err);
    if (rc != GIS_OK)
        return rc;
    void *a = NULL;
    size_t n = 0;
    rc = gis_store_rows_collect(ctx, s, st, sizeof(gis_marker), marker_row, "markers", &a, &n, err);
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_marker_array_free(ctx, a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}
