/*
 * This file implements the store summaries for `jiewang info`.
 */
#include "gis/store_info.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"

int gis_store_extent(gis_store *s, const char *kind, double bbox[4], bool *has_extent,
                     gis_error *err)
{
    static const struct {
        const char *kind;
        const char *sql;
    } queries[] = {
        {"county", "SELECT Extent(geom) FROM admin_unit WHERE level='county'"},
        {"townships", "SELECT Extent(geom) FROM admin_unit WHERE level='township'"},
        {"villages", "SELECT Extent(geom) FROM admin_unit WHERE level='village'"},
        {"boundary_lines", "SELECT Extent(geom) FROM boundary_line"},
        {"markers", "SELECT Extent(geom) FROM boundary_marker"},
        {"cemeteries", "SELECT Extent(geom) FROM facility WHERE kind='public_cemetery'"},
        {"facilities", "SELECT Extent(geom) FROM facility WHERE kind<>'public_cemetery'"},
        {"no_burial_zones", "SELECT Extent(geom) FROM no_burial_zone"},
        {"graves", "SELECT Extent(geom) FROM grave"},
        {"findings", "SELECT Extent(geom) FROM finding WHERE status<>'fixed'"},
    };
    *has_extent = false;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        if (strcmp(kind, queries[i].kind) != 0)
            continue;
        char sql[256];
        /* The aggregate Extent() as a scalar subquery, then its corners. */
        snprintf(sql, sizeof sql,
                 "SELECT MbrMinX(e),MbrMinY(e),MbrMaxX(e),MbrMaxY(e) FROM (SELECT (%s) AS e)",
                 queries[i].sql);
        sqlite3_stmt *st = NULL;
        int rc = gis_store_prepare(s, sql, &st, err);
        if (rc != GIS_OK)
            return rc;
        if (sqlite3_step(st) == SQLITE_ROW) {
            if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
                for (int k = 0; k < 4; k++)
                    bbox[k] = sqlite3_column_double(st, k);
                *has_extent = true;
            }
        } else {
            rc = gis_store_sql_error(s, err, __func__, "extent");
        }
        sqlite3_finalize(st);
        return rc;
    }
    return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s'", kind);
}

int gis_store_imports_recent(gis_store *s, int limit, gis_import_row **out, size_t *n_out,
                             gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT id,source_file,layer_kind,source_crs,sha256,"
                               "features_imported,features_skipped,invalid_geometries,imported_at "
                               "FROM import_log ORDER BY id DESC LIMIT ?",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_int(st, 1, limit);
    gis_import_row *a = calloc((size_t)(limit > 0 ? limit : 1), sizeof *a);
    size_t n = 0;
    if (a == NULL) {
        sqlite3_finalize(st);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit) {
        gis_import_row *r = &a[n++];
        r->id = sqlite3_column_int64(st, 0);
        r->source_file = gis_store_column_strdup(st, 1);
        r->layer_kind = gis_store_column_strdup(st, 2);
        r->source_crs = gis_store_column_strdup(st, 3);
        r->sha256 = gis_store_column_strdup(st, 4);
        r->features_imported = sqlite3_column_int64(st, 5);
        r->features_skipped = sqlite3_column_int64(st, 6);
        r->invalid_geometries = sqlite3_column_int64(st, 7);
        r->imported_at = gis_store_column_strdup(st, 8);
    }
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        rc = gis_store_sql_error(s, err, __func__, "read import log");
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_import_rows_free(a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

void gis_import_rows_free(gis_import_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].source_file);
        free(rows[i].layer_kind);
        free(rows[i].source_crs);
        free(rows[i].sha256);
        free(rows[i].imported_at);
    }
    free(rows);
}

int gis_store_finding_counts(gis_store *s, gis_rule_count **out, size_t *n_out, gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s,
                               "SELECT tool,rule,status,count(*) FROM finding "
                               "GROUP BY tool,rule,status ORDER BY tool,rule,status",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    gis_rule_count *a = NULL;
    size_t n = 0, cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            gis_rule_count *grown = realloc(a, cap * sizeof *a);
            if (grown == NULL) {
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
                break;
            }
            a = grown;
        }
        a[n].tool = gis_store_column_strdup(st, 0);
        a[n].rule = gis_store_column_strdup(st, 1);
        a[n].status = gis_store_column_strdup(st, 2);
        a[n].count = sqlite3_column_int64(st, 3);
        n++;
    }
    if (rc == GIS_OK && step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "count findings");
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_rule_counts_free(a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

void gis_rule_counts_free(gis_rule_count *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].tool);
        free(rows[i].rule);
        free(rows[i].status);
    }
    free(rows);
}
