/*
 * This file implements reads and writes of facilities, no-burial zones and graves.
 */
#include "gis/store_facilities.h"

#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"
#include "gis/store_rows.h"

static const char SQL_FACILITY_INSERT[] =
    "INSERT INTO facility(kind,name,village_code,serves_codes,capacity,used,beds,approval_no,"
    "source_id,geom,footprint) VALUES(?,?,?,?,?,?,?,?,?,GeomFromWKB(?,4490),"
    "CastToMulti(GeomFromWKB(?,4490)))";

static const char SQL_GRAVE_INSERT[] =
    "INSERT INTO grave(owner,village_code,protected,status,built_date,source_id,geom) "
    "VALUES(?,?,?,?,?,?,GeomFromWKB(?,4490))";

int gis_store_facility_insert(gis_ctx *ctx, gis_store *s, gis_facility *f, int64_t source_id,
                              gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_cached(s, SQL_FACILITY_INSERT, &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, f->kind ? f->kind : "other", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->name ? f->name : "", -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 3, f->village_code);
    gis_store_bind_text_or_null(st, 4, f->serves_codes);
    gis_store_bind_int_or_null(st, 5, f->capacity);
    gis_store_bind_int_or_null(st, 6, f->used);
    gis_store_bind_int_or_null(st, 7, f->beds);
    gis_store_bind_text_or_null(st, 8, f->approval_no);
    gis_store_bind_int_or_null(st, 9, source_id > 0 ? source_id : -1);
    if ((rc = gis_store_bind_geom(ctx, st, 10, f->geom, err)) == GIS_OK &&
        (rc = gis_store_bind_geom(ctx, st, 11, f->footprint, err)) == GIS_OK) {
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = gis_store_sql_error(s, err, __func__, "insert facility");
            gis_err_prefix(err, "facility '%s'", f->name ? f->name : "?");
        } else {
            f->id = sqlite3_last_insert_rowid(s->db);
        }
    }
    gis_store_cached_done(st);
    return rc;
}

/* One row of the query in gis_store_facilities_load(). */
static int facility_row(gis_ctx *ctx, sqlite3_stmt *st, void *elem, gis_error *err)
{
    gis_facility *f = elem;
    f->id = sqlite3_column_int64(st, 0);
    f->kind = gis_store_column_strdup(st, 1);
    f->name = gis_store_column_strdup(st, 2);
    f->village_code = gis_store_column_strdup(st, 3);
    f->serves_codes = gis_store_column_strdup(st, 4);
    f->capacity = gis_store_column_int_or_unknown(st, 5);
    f->used = gis_store_column_int_or_unknown(st, 6);
    f->beds = gis_store_column_int_or_unknown(st, 7);
    f->approval_no = gis_store_column_strdup(st, 8);
    int rc = gis_store_column_geom(ctx, st, 9, &f->geom, err);
    return rc != GIS_OK ? rc : gis_store_column_geom(ctx, st, 10, &f->footprint, err);
}

int gis_store_facilities_load(gis_ctx *ctx, gis_store *s, const char *kind, gis_facility **out,
                              size_t *n_out, gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(
        s,
        "SELECT id,kind,name,village_code,serves_codes,capacity,used,beds,approval_no,"
        "AsBinary(geom),AsBinary(footprint) FROM facility WHERE ?1 IS NULL OR kind=?1 ORDER BY id",
        &st, err);
    if (rc != GIS_OK)
        return rc;
    gis_store_bind_text_or_null(st, 1, kind);
    void *a = NULL;
    size_t n = 0;
    rc = gis_store_rows_collect(ctx, s, st, sizeof(gis_facility), facility_row, "facilities", &a,
                                &n, err);
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_facility_array_free(ctx, a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

static const char SQL_ZONE_INSERT[] =
    "INSERT INTO no_burial_zone(name,reason,legal_basis,effective_date,"
    "source_id,geom) VALUES(?,?,?,?,?,CastToMulti(GeomFromWKB(?,4490)))";

int gis_store_zone_insert(gis_ctx *ctx, gis_store *s, gis_zone *z, int64_t source_id,
                          gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_cached(s, SQL_ZONE_INSERT, &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, z->name ? z->name : "", -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 2, z->reason);
    gis_store_bind_text_or_null(st, 3, z->legal_basis);
    gis_store_bind_text_or_null(st, 4, z->effective_date);
    gis_store_bind_int_or_null(st, 5, source_id > 0 ? source_id : -1);
    if ((rc = gis_store_bind_geom(ctx, st, 6, z->geom, err)) == GIS_OK) {
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = gis_store_sql_error(s, err, __func__, "insert no-burial zone");
        else
            z->id = sqlite3_last_insert_rowid(s->db);
    }
    gis_store_cached_done(st);
    return rc;
}

/* One row of the query in gis_store_zones_load(). */
static int zone_row(gis_ctx *ctx, sqlite3_stmt *st, void *elem, gis_error *err)
{
    gis_zone *z = elem;
    z->id = sqlite3_column_int64(st, 0);
    z->name = gis_store_column_strdup(st, 1);
    z->reason = gis_store_column_strdup(st, 2);
    z->legal_basis = gis_store_column_strdup(st, 3);
    z->effective_date = gis_store_column_strdup(st, 4);
    return gis_store_column_geom(ctx, st, 5, &z->geom, err);
}

int gis_store_zones_load(gis_ctx *ctx, gis_store *s, gis_zone **out, size_t *n_out, gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT id,name,reason,legal_basis,effective_date,AsBinary(geom) "
                               "FROM no_burial_zone ORDER BY id",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    void *a = NULL;
    size_t n = 0;
    rc = gis_store_rows_collect(ctx, s, st, sizeof(gis_zone), zone_row, "zones", &a, &n, err);
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_zone_array_free(ctx, a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

int gis_store_grave_insert(gis_ctx *ctx, gis_store *s, gis_grave *g, int64_t source_id,
                           gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_cached(s, SQL_GRAVE_INSERT, &st, err);
    if (rc != GIS_OK)
        return rc;
    gis_store_bind_text_or_null(st, 1, g->owner);
    gis_store_bind_text_or_null(st, 2, g->village_code);
    sqlite3_bind_int(st, 3, g->is_protected ? 1 : 0);
    sqlite3_bind_text(st, 4, g->status ? g->status : "identified", -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 5, g->built_date);
    gis_store_bind_int_or_null(st, 6, source_id > 0 ? source_id : -1);
    if ((rc = gis_store_bind_geom(ctx, st, 7, g->geom, err)) == GIS_OK) {
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = gis_store_sql_error(s, err, __func__, "insert grave");
        else
            g->id = sqlite3_last_insert_rowid(s->db);
    }
    gis_store_cached_done(st);
    return rc;
}

int gis_store_graves_each(gis_ctx *ctx, gis_store *s, int (*fn)(void *user, const gis_grave *g),
                          void *user, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT id,owner,village_code,protected,status,built_date,"
                               "AsBinary(geom) FROM grave ORDER BY id",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        gis_grave g = {0};
        g.id = sqlite3_column_int64(st, 0);
        g.owner = gis_store_column_strdup(st, 1);
        g.village_code = gis_store_column_strdup(st, 2);
        g.is_protected = sqlite3_column_int(st, 3) != 0;
        g.status = gis_store_column_strdup(st, 4);
        g.built_date = gis_store_column_strdup(st, 5);
        rc = gis_store_column_geom(ctx, st, 6, &g.geom, err);
        if (rc == GIS_OK)
            rc = fn(user, &g);
        gis_grave_clear(ctx, &g);
        if (rc != GIS_OK)
            break;
    }
    if (rc == GIS_OK && step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read graves");
    sqlite3_finalize(st);
    return rc;
}
