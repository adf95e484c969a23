/*
 * This file implements the import log writes, the duplicate-file check and the --replace
 * delete for the importers (issue #3). It does not read source files.
 */
#include "gis/store_imports.h"

#include <stdio.h>
#include <string.h>

#include "gis/store_int.h"

/* Which rows of which table a layer kind covers. */
typedef struct kind_rows {
    const char *kind;
    const char *delete_sql; /* ?1 = source_file, ?2 = layer_kind */
    const char *table;      /* table whose geom column has the spatial index */
} kind_rows;

#define FROM_SOURCE                                                                                \
    "source_id IN (SELECT id FROM import_log WHERE source_file=?1 AND layer_kind=?2)"

static const kind_rows KINDS[] = {
    {"county", "DELETE FROM admin_unit WHERE level='county' AND " FROM_SOURCE, "admin_unit"},
    {"townships", "DELETE FROM admin_unit WHERE level='township' AND " FROM_SOURCE, "admin_unit"},
    {"villages", "DELETE FROM admin_unit WHERE level='village' AND " FROM_SOURCE, "admin_unit"},
    {"boundary_lines", "DELETE FROM boundary_line WHERE " FROM_SOURCE, "boundary_line"},
    {"markers", "DELETE FROM boundary_marker WHERE " FROM_SOURCE, "boundary_marker"},
    {"cemeteries", "DELETE FROM facility WHERE kind='public_cemetery' AND " FROM_SOURCE,
     "facility"},
    {"facilities", "DELETE FROM facility WHERE kind<>'public_cemetery' AND " FROM_SOURCE,
     "facility"},
    {"no_burial_zones", "DELETE FROM no_burial_zone WHERE " FROM_SOURCE, "no_burial_zone"},
    {"graves", "DELETE FROM grave WHERE " FROM_SOURCE, "grave"},
};

static const kind_rows *find_kind(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return &KINDS[i];
    return NULL;
}

int gis_store_import_log_begin(gis_store *s, const gis_import_log *log, int64_t *id_out,
                               gis_error *err)
{
    *id_out = 0;
    if (find_kind(log->layer_kind) == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s'",
                       log->layer_kind ? log->layer_kind : "");
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "INSERT INTO import_log(source_file,source_layer,sha256,layer_kind,"
                               "source_crs,options) VALUES(?,?,?,?,?,?)",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, log->source_file ? log->source_file : "", -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 2, log->source_layer);
    sqlite3_bind_text(st, 3, log->sha256 ? log->sha256 : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, log->layer_kind, -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 5, log->source_crs);
    gis_store_bind_text_or_null(st, 6, log->options);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "insert import log");
    else
        *id_out = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(st);
    return rc;
}

int gis_store_import_log_finish(gis_store *s, int64_t id, int64_t n_read, int64_t n_imported,
                                int64_t n_skipped, int64_t n_invalid, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "UPDATE import_log SET features_read=?,features_imported=?,"
                               "features_skipped=?,invalid_geometries=? WHERE id=?",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_int64(st, 1, n_read);
    sqlite3_bind_int64(st, 2, n_imported);
    sqlite3_bind_int64(st, 3, n_skipped);
    sqlite3_bind_int64(st, 4, n_invalid);
    sqlite3_bind_int64(st, 5, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "update import log");
    else if (sqlite3_changes(s->db) == 0)
        rc = GIS_ERR(err, GIS_ENOTFOUND, "import log row %lld does not exist", (long long)id);
    sqlite3_finalize(st);
    return rc;
}

int gis_store_import_find(gis_store *s, const char *layer_kind, const char *sha256, int64_t *id_out,
                          gis_error *err)
{
    *id_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT id FROM import_log WHERE layer_kind=? AND sha256=? "
                               "ORDER BY id DESC LIMIT 1",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, layer_kind ? layer_kind : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sha256 ? sha256 : "", -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id_out = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read import log");
    sqlite3_finalize(st);
    return rc;
}

int gis_store_import_delete_rows(gis_store *s, const char *layer_kind, const char *source_file,
                                 int64_t *n_deleted_out, gis_error *err)
{
    *n_deleted_out = 0;
    const kind_rows *k = find_kind(layer_kind);
    if (k == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s'", layer_kind ? layer_kind : "");
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, k->delete_sql, &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, source_file ? source_file : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, layer_kind, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "delete replaced rows");
    else
        *n_deleted_out = sqlite3_changes(s->db);
    sqlite3_finalize(st);
    return rc;
}

/* Runs a SpatiaLite management function, which reports failure as 0, not as an SQL error. */
static int exec_spatialite(gis_store *s, const char *sql, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, sql, &st, err);
    if (rc != GIS_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = gis_store_sql_error(s, err, __func__, "spatial index");
    else if (sqlite3_column_int(st, 0) != 1)
        rc = GIS_ERR(err, GIS_EDB, "%s failed", sql);
    sqlite3_finalize(st);
    return rc;
}

/* Appends the CREATE statements of table's INSERT triggers (other than the spatial index's)
 * to an owned text, and drops them. */
static int save_insert_triggers(gis_store *s, const char *table, char **saved_out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND "
                               "tbl_name=? AND sql LIKE '%AFTER INSERT ON%' OR (type='trigger' "
                               "AND tbl_name=?1 AND sql LIKE '%BEFORE INSERT ON%')",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_str *saved = sqlite3_str_new(s->db), *drops = sqlite3_str_new(s->db);
    while (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_str_appendf(saved, "%s;\n", (const char *)sqlite3_column_text(st, 1));
        sqlite3_str_appendf(drops, "DROP TRIGGER \"%w\";",
                            (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    char *text = sqlite3_str_finish(saved), *drop = sqlite3_str_finish(drops);
    if (drop && drop[0])
        rc = gis_store_exec(s, drop, err);
    sqlite3_free(drop);
    if (rc == GIS_OK && (*saved_out = strdup(text ? text : "")) == NULL)
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
    sqlite3_free(text);
    return rc;
}

int gis_store_import_bulk_begin(gis_store *s, const char *layer_kind, char **saved_out,
                                gis_error *err)
{
    *saved_out = NULL;
    const kind_rows *k = find_kind(layer_kind);
    if (k == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s'", layer_kind ? layer_kind : "");
    /* A large page cache keeps a big transaction from spilling pages into the WAL and reading
     * them back (64 MiB; reset by gis_store_import_bulk_end). */
    int rc = gis_store_exec(s, "PRAGMA cache_size=-65536", err);
    if (rc != GIS_OK)
        return rc;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT DisableSpatialIndex('%s','geom')", k->table);
    if ((rc = exec_spatialite(s, sql, err)) != GIS_OK)
        return rc;
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS idx_%s_geom", k->table);
    if ((rc = gis_store_exec(s, sql, err)) != GIS_OK)
        return rc;
    return save_insert_triggers(s, k->table, saved_out, err);
}

int gis_store_import_bulk_end(gis_store *s, const char *layer_kind, const char *saved,
                              gis_error *err)
{
    const kind_rows *k = find_kind(layer_kind);
    if (k == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s'", layer_kind ? layer_kind : "");
    int rc = saved && saved[0] ? gis_store_exec(s, saved, err) : GIS_OK;
    if (rc != GIS_OK)
        return rc;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT CreateSpatialIndex('%s','geom')", k->table);
    if ((rc = exec_spatialite(s, sql, err)) != GIS_OK)
        return rc;
    return gis_store_exec(s, "PRAGMA cache_size=-2000", err);
}
