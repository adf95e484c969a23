/*
 * This file implements reads and writes of administrative units and table counts.
 */
#include "gis/store_units.h"

#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"
#include "gis/store_rows.h"

/* A static string, so that gis_store_cached() prepares it once per connection: preparing the
 * INSERT per row was a third of a 30,000-polygon import. */
static const char SQL_UNIT_INSERT[] =
    "INSERT INTO admin_unit(code,name,level,parent_code,kind,population,older_population,"
    "source_id,geom) VALUES(?,?,?,?,?,?,?,?,CastToMulti(GeomFromWKB(?,4490)))";

int gis_store_unit_insert(gis_ctx *ctx, gis_store *s, gis_unit *u, int64_t source_id,
                          gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_cached(s, SQL_UNIT_INSERT, &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, u->code ? u->code : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u->name ? u->name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->level ? u->level : "", -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 4, u->parent_code);
    gis_store_bind_text_or_null(st, 5, u->kind);
    gis_store_bind_int_or_null(st, 6, u->population);
    gis_store_bind_int_or_null(st, 7, u->older_population);
    gis_store_bind_int_or_null(st, 8, source_id > 0 ? source_id : -1);
    if ((rc = gis_store_bind_geom(ctx, st, 9, u->geom, err)) == GIS_OK) {
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = gis_store_sql_error(s, err, __func__, "insert unit");
            gis_err_prefix(err, "unit %s", u->code ? u->code : "?");
        } else {
            u->id = sqlite3_last_insert_rowid(s->db);
        }
    }
    gis_store_cached_done(st);
    return rc;
}

/* One row of the query in gis_store_units_load(). */
static int unit_row(gis_ctx *ctx, sqlite3_stmt *st, void *elem, gis_error *err)
{
    gis_unit *u = elem;
    u->id = sqlite3_column_int64(st, 0);
    u->code = gis_store_column_strdup(st, 1);
    u->name = gis_store_column_strdup(st, 2);
    u->level = gis_store_column_strdup(st, 3);
    u->parent_code = gis_store_column_strdup(st, 4);
    u->kind = gis_store_column_strdup(st, 5);
    u->population = gis_store_column_int_or_unknown(st, 6);
    u->older_population = gis_store_column_int_or_unknown(st, 7);
    int rc = gis_store_column_geom(ctx, st, 8, &u->geom, err);
    if (rc != GIS_OK)
        gis_err_prefix(err, "unit %s", u->code ? u->code : "?");
    return rc;
}

int gis_store_units_load(gis_ctx *ctx, gis_store *s, const char *level, gis_unit **out,
                         size_t *n_out, gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT id,code,name,level,parent_code,kind,population,"
                               "older_population,AsBinary(geom) FROM admin_unit "
                               "WHERE ?1 IS NULL OR level=?1 ORDER BY code, id",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    gis_store_bind_text_or_null(st, 1, level);
    void *a = NULL;
    size_t n = 0;
    rc = gis_store_rows_collect(ctx, s, st, sizeof(gis_unit), unit_row, "units", &a, &n, err);
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_unit_array_free(ctx, a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

int gis_store_count(gis_store *s, const char *kind, int64_t *out, gis_error *err)
{
    static const struct {
        const char *kind;
        const char *sql;
    } queries[] = {
        {"county", "SELECT count(*) FROM admin_unit WHERE level='county'"},
        {"townships", "SELECT count(*) FROM admin_unit WHERE level='township'"},
        {"villages", "SELECT count(*) FROM admin_unit WHERE level='village'"},
        {"boundary_lines", "SELECT count(*) FROM boundary_line"},
        {"markers", "SELECT count(*) FROM boundary_marker"},
        {"cemeteries", "SELECT count(*) FROM facility WHERE kind='public_cemetery'"},
        {"facilities", "SELECT count(*) FROM facility WHERE kind<>'public_cemetery'"},
        {"no_burial_zones", "SELECT count(*) FROM no_burial_zone"},
        {"graves", "SELECT count(*) FROM grave"},
        {"findings", "SELECT count(*) FROM finding WHERE status<>'fixed'"},
    };
    *out = 0;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        if (strcmp(kind, queries[i].kind) != 0)
            continue;
        sqlite3_stmt *st = NULL;
        int rc = gis_store_prepare(s, queries[i].sql, &st, err);
        if (rc != GIS_OK)
            return rc;
        if (sqlite3_step(st) == SQLITE_ROW)
            *out = sqlite3_column_int64(st, 0);
        else
            rc = gis_store_sql_error(s, err, __func__, "count");
        sqlite3_finalize(st);
        return rc;
    }
    return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s'", kind);
}

int gis_store_units_delete_level(gis_store *s, const char *level, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "DELETE FROM admin_unit WHERE level=?", &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, level, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "delete units");
    sqlite3_finalize(st);
    return rc;
}
