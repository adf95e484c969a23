/*
 * This file implements the per-layer bounding-box reads behind vector tiles. Each layer is
 * one static SQL statement (cached on the store) whose first two columns are the row id and
 * the geometry (the SpatiaLite blob itself, read by gis/store_blob.c) and whose other columns
 * are the properties, named by their aliases. The box test goes through the R*Tree SpatiaLite
 * keeps per geometry column (idx_<table>_<column>: pkid, xmin, xmax, ymin, ymax). It does not
 * clip or encode.
 */
#include "gis/store_tiles.h"

#include <string.h>

#include "gis/store_blob.h"
#include "gis/store_int.h"

/* clang-format off */
/* The R*Tree drives each query (CROSS JOIN keeps it first): ?1..?4 = minlon, minlat, maxlon,
 * maxlat. Rows come back in id order so that a tile's bytes (and ETag) are stable. */
#define RTREE_JOIN(table, alias)                                                                 \
    "idx_" table "_geom r CROSS JOIN " table " " alias " ON " alias ".id = r.pkid"
#define RTREE_WHERE "r.xmin <= ?3 AND r.xmax >= ?1 AND r.ymin <= ?4 AND r.ymax >= ?2"

#define UNIT_SQL(level)                                                                          \
    "SELECT u.id, u.geom, u.code AS code, u.name AS name, u.level AS level, "         \
    "u.parent_code AS parent_code, u.kind AS kind FROM " RTREE_JOIN("admin_unit", "u")          \
    " WHERE " RTREE_WHERE " AND u.level = '" level "' ORDER BY u.id"

static const struct {
    const char *layer;
    const char *sql;
} layers[] = {
    {"county", UNIT_SQL("county")},
    {"townships", UNIT_SQL("township")},
    {"villages",
     "SELECT u.id, u.geom, u.code AS code, u.name AS name, u.level AS level, "
     "u.parent_code AS parent_code, u.kind AS kind, c.status AS coverage FROM "
     RTREE_JOIN("admin_unit", "u") " LEFT JOIN village_coverage c ON c.code = u.code WHERE "
     RTREE_WHERE " AND u.level = 'village' ORDER BY u.id"},
    {"boundary_lines",
     "SELECT t.id, t.geom, t.line_code AS line_code, t.left_code AS left_code, "
     "t.right_code AS right_code FROM " RTREE_JOIN("boundary_line", "t") " WHERE " RTREE_WHERE
     " ORDER BY t.id"},
    {"markers",
     "SELECT t.id, t.geom, t.number AS number, t.type AS type, t.line_code AS "
     "line_code FROM " RTREE_JOIN("boundary_marker", "t") " WHERE " RTREE_WHERE " ORDER BY t.id"},
    {"cemeteries",
     "SELECT t.id, t.geom, t.id AS id, t.name AS name, t.kind AS kind, t.village_code "
     "AS village_code, t.capacity AS capacity, t.used AS used FROM " RTREE_JOIN("facility", "t")
     " WHERE " RTREE_WHERE " AND t.kind = 'public_cemetery' ORDER BY t.id"},
    {"facilities",
     "SELECT t.id, t.geom, t.id AS id, t.name AS name, t.kind AS kind, t.village_code "
     "AS village_code, t.beds AS beds FROM " RTREE_JOIN("facility", "t") " WHERE " RTREE_WHERE
     " AND t.kind <> 'public_cemetery' ORDER BY t.id"},
    {"no_burial_zones",
     "SELECT t.id, t.geom, t.id AS id, t.name AS name, t.reason AS reason, "
     "t.effective_date AS effective_date FROM " RTREE_JOIN("no_burial_zone", "t") " WHERE "
     RTREE_WHERE " ORDER BY t.id"},
    /* Findings without geometry are placed at lon/lat, so the R*Tree cannot drive this one;
     * the table is small (validation results). */
    {"findings",
     "SELECT id, COALESCE(geom, MakePoint(lon, lat, 4490)), id AS id, "
     "tool AS tool, rule AS rule, severity AS severity, message AS message, units AS units, "
     "area_m2 AS area_m2, distance_m AS distance_m, status AS status FROM finding WHERE "
     "status <> 'fixed' AND (id IN (SELECT pkid FROM idx_finding_geom r WHERE " RTREE_WHERE ") "
     "OR (geom IS NULL AND lon BETWEEN ?1 AND ?3 AND lat BETWEEN ?2 AND ?4)) ORDER BY id"},
    {"graves",
     "SELECT t.id, t.geom, t.id AS id, t.owner AS owner, t.village_code AS "
     "village_code, t.protected AS protected, t.status AS status, t.built_date AS built_date "
     "FROM " RTREE_JOIN("grave", "t") " WHERE " RTREE_WHERE " ORDER BY t.id"},
};
/* clang-format on */

static const char *layer_sql(const char *layer)
{
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++)
        if (strcmp(layers[i].layer, layer) == 0)
            return layers[i].sql;
    return NULL;
}

bool gis_store_tiles_has_layer(const char *layer)
{
    return layer != NULL && layer_sql(layer) != NULL;
}

/* Fills row's properties from columns 2.. of the current result row. */
static void read_props(sqlite3_stmt *st, gis_tile_row *row)
{
    int n = sqlite3_column_count(st);
    row->n_props = 0;
    for (int c = 2; c < n && row->n_props < GIS_TILE_MAX_PROPS; c++) {
        gis_tile_prop *p = &row->props[row->n_props++];
        memset(p, 0, sizeof *p);
        p->key = sqlite3_column_name(st, c);
        switch (sqlite3_column_type(st, c)) {
        case SQLITE_INTEGER:
            p->type = GIS_TPROP_INT;
            p->i = sqlite3_column_int64(st, c);
            break;
        case SQLITE_FLOAT:
            p->type = GIS_TPROP_REAL;
            p->d = sqlite3_column_double(st, c);
            break;
        case SQLITE_TEXT:
        case SQLITE_BLOB:
            p->type = GIS_TPROP_TEXT;
            p->s = (const char *)sqlite3_column_text(st, c);
            if (p->s == NULL)
                p->type = GIS_TPROP_NULL;
            break;
        default:
            p->type = GIS_TPROP_NULL;
            break;
        }
    }
}

static int walk_rows(gis_ctx *ctx, gis_store *s, sqlite3_stmt *st, const char *layer,
                     gis_tile_row_fn fn, void *user, gis_error *err)
{
    int step, rc = GIS_OK;
    gis_tile_row row;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            continue;
        gis_geom *g = NULL;
        rc = gis_store_blob_geom(ctx, sqlite3_column_blob(st, 1),
                                 (size_t)sqlite3_column_bytes(st, 1), &g, err);
        if (rc != GIS_OK) {
            gis_err_prefix(err, "%s feature %lld", layer, (long long)sqlite3_column_int64(st, 0));
            return rc;
        }
        row.id = sqlite3_column_int64(st, 0);
        row.geom = g;
        read_props(st, &row);
        rc = fn(user, &row);
        gis_geom_free(ctx, g);
        if (rc != 0)
            return rc;
    }
    if (step != SQLITE_DONE)
        return gis_store_sql_error(s, err, __func__, layer);
    return GIS_OK;
}

int gis_store_tiles_each(gis_ctx *ctx, gis_store *s, const char *layer, const double bbox[4],
                         gis_tile_row_fn fn, void *user, gis_error *err)
{
    const char *sql = layer ? layer_sql(layer) : NULL;
    if (sql == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown tile layer '%s'", layer ? layer : "(null)");
    sqlite3_stmt *st = NULL;
    bool cached = true;
    int rc = gis_store_cached(s, sql, &st, err);
    if (rc == GIS_ENOMEM) {
        /* The store's statement cache is full: prepare for this call only. */
        cached = false;
        gis_err_clear(err);
        rc = gis_store_prepare(s, sql, &st, err);
    }
    if (rc != GIS_OK)
        return rc;
    for (int i = 0; i < 4; i++)
        sqlite3_bind_double(st, i + 1, bbox[i]);
    rc = walk_rows(ctx, s, st, layer, fn, user, err);
    if (cached)
        gis_store_cached_done(st);
    else
        sqlite3_finalize(st);
    return rc;
}

/* Runs a statement without results through the store's statement cache, or directly when
 * the cache is full. */
static int exec_cached(gis_store *s, const char *sql, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    if (gis_store_cached(s, sql, &st, NULL) != GIS_OK) {
        if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
            return gis_store_sql_error(s, err, __func__, sql);
        return GIS_OK;
    }
    int rc = GIS_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, sql);
    gis_store_cached_done(st);
    return rc;
}

int gis_store_tiles_read_begin(gis_store *s, bool *began, gis_error *err)
{
    static const char *const sql = "BEGIN DEFERRED";
    *began = false;
    if (!sqlite3_get_autocommit(s->db))
        return GIS_OK;
    int rc = exec_cached(s, sql, err);
    *began = rc == GIS_OK;
    return rc;
}

void gis_store_tiles_read_end(gis_store *s, bool began)
{
    static const char *const sql = "COMMIT";
    if (began && exec_cached(s, sql, NULL) != GIS_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int gis_store_tiles_data_version(gis_store *s, int64_t *out, gis_error *err)
{
    static const char *const sql =
        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_version'";
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (gis_store_cached(s, sql, &st, NULL) != GIS_OK)
        return gis_store_data_version(s, out, err); /* statement cache full */
    int rc = GIS_OK, step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read data version");
    gis_store_cached_done(st);
    return rc;
}
