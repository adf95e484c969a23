/*
 * This file implements imp_rows: the mapping of source attributes onto the record types of
 * gis/records.h for each layer kind, and their insertion through the gis store modules. It
 * does not read sources or transform geometries.
 */
#include "importers/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/codes.h"
#include "gis/records.h"
#include "gis/store_facilities.h"
#include "gis/store_imports.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"

#define CODE_MAX 64

struct imp_rows {
    char kind[32];
    const imp_field_map *map;
    imp_row_stats stats;
    char **keys; /* owned copies of codes / numbers, for duplicate counting */
    size_t n_keys, cap_keys;
};

int imp_rows_new(const char *kind, const imp_field_map *map, imp_rows **out, gis_error *err)
{
    *out = NULL;
    if (!imp_fields_is_kind(kind))
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s'", kind ? kind : "");
    imp_rows *r = calloc(1, sizeof *r);
    if (r == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    snprintf(r->kind, sizeof r->kind, "%s", kind);
    r->map = map;
    *out = r;
    return GIS_OK;
}

void imp_rows_free(imp_rows *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_keys; i++)
        free(r->keys[i]);
    free(r->keys);
    free(r);
}

static int add_key(imp_rows *r, const char *key, gis_error *err)
{
    if (key == NULL || key[0] == '\0')
        return GIS_OK;
    if (r->n_keys == r->cap_keys) {
        size_t cap = r->cap_keys ? r->cap_keys * 2 : 256;
        char **nk = realloc(r->keys, cap * sizeof *nk);
        if (nk == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory");
        r->keys = nk;
        r->cap_keys = cap;
    }
    if ((r->keys[r->n_keys] = strdup(key)) == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    r->n_keys++;
    return GIS_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void imp_rows_stats(imp_rows *r, imp_row_stats *out)
{
    if (r->n_keys > 1)
        qsort(r->keys, r->n_keys, sizeof *r->keys, cmp_str);
    r->stats.n_dup_keys = 0;
    for (size_t i = 1; i < r->n_keys; i++)
        r->stats.n_dup_keys += strcmp(r->keys[i - 1], r->keys[i]) == 0;
    *out = r->stats;
}

/* The source text of target field t, or NULL. Borrowed from values. */
static char *val(const imp_rows *r, const char *const *values, const char *t)
{
    int i = imp_fields_target(r->map, t);
    if (i < 0 || r->map->source_index[i] < 0)
        return NULL;
    const char *v = values[r->map->source_index[i]];
    return v && v[0] ? (char *)v : NULL;
}

/* Normalises code text into buf; returns buf or NULL when absent. */
static char *code_val(const imp_rows *r, const char *const *values, const char *t, char *buf)
{
    const char *v = val(r, values, t);
    if (v == NULL)
        return NULL;
    imp_fields_normalise_code(v, buf, CODE_MAX);
    return buf;
}

static int64_t count_val(imp_rows *r, const char *const *values, const char *t)
{
    const char *v = val(r, values, t);
    int64_t n = -1;
    if (v && !imp_fields_parse_count(v, &n)) {
        r->stats.n_bad_values++;
        n = -1;
    }
    return n;
}

static const char *unit_level(const char *kind)
{
    return strcmp(kind, "county") == 0      ? "county"
           : strcmp(kind, "townships") == 0 ? "township"
                                            : "village";
}

static int insert_unit(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                       gis_geom *geom, int64_t source_id, gis_error *err)
{
    char code[CODE_MAX] = "", parent[CODE_MAX];
    gis_unit u = {0};
    u.level = (char *)unit_level(r->kind);
    u.code = code_val(r, values, "code", code);
    u.name = val(r, values, "name");
    u.parent_code = code_val(r, values, "parent_code", parent);
    u.kind = val(r, values, "kind");
    u.population = count_val(r, values, "population");
    u.older_population = count_val(r, values, "older_population");
    u.geom = geom;
    const char *lvl = gis_code_level(code);
    if (lvl == NULL || strcmp(lvl, u.level) != 0)
        r->stats.n_bad_codes++;
    /* A missing parent follows from the code itself (DOMAIN.md CODE-04). */
    if (u.parent_code == NULL && lvl && strcmp(lvl, u.level) == 0 && strlen(code) > 6) {
        snprintf(parent, sizeof parent, "%.*s", strlen(code) == 12 ? 9 : 6, code);
        u.parent_code = parent;
    }
    if (u.kind == NULL && lvl && strcmp(lvl, "township") == 0)
        u.kind = (char *)gis_code_township_kind_zh(code);
    else if (u.kind == NULL && lvl && strcmp(lvl, "village") == 0)
        u.kind = (char *)gis_code_village_kind_zh(code);
    int rc = gis_store_unit_insert(ctx, s, &u, source_id, err);
    return rc == GIS_OK ? add_key(r, code, err) : rc;
}

static int insert_line(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                       gis_geom *geom, int64_t source_id, gis_error *err)
{
    char code[CODE_MAX] = "", left[CODE_MAX], right[CODE_MAX], by[CODE_MAX];
    gis_boundary_line l = {0};
    l.line_code = code_val(r, values, "line_code", code);
    l.left_code = code_val(r, values, "left_code", left);
    l.right_code = code_val(r, values, "right_code", right);
    l.surveyed_by = code_val(r, values, "surveyed_by", by);
    l.inspected_on = val(r, values, "inspected_on");
    l.geom = geom;
    if (l.line_code == NULL)
        r->stats.n_bad_codes++;
    int rc = gis_store_line_insert(ctx, s, &l, source_id, err);
    return rc == GIS_OK ? add_key(r, code, err) : rc;
}

static int insert_marker(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                         gis_geom *geom, int64_t source_id, gis_error *err)
{
    char number[CODE_MAX] = "", line[CODE_MAX];
    gis_marker m = {0};
    m.number = code_val(r, values, "number", number);
    m.type = val(r, values, "type");
    m.line_code = code_val(r, values, "line_code", line);
    m.geom = geom;
    if (m.number == NULL) {
        r->stats.n_bad_codes++;
        m.number = number;
    }
    int rc = gis_store_marker_insert(ctx, s, &m, source_id, err);
    return rc == GIS_OK ? add_key(r, number, err) : rc;
}

static int insert_facility(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                           gis_geom *geom, int64_t source_id, gis_error *err)
{
    char village[CODE_MAX];
    gis_facility f = {0};
    int kind = GIS_FAC_PUBLIC_CEMETERY;
    if (strcmp(r->kind, "facilities") == 0) {
        kind = gis_facility_kind_parse(val(r, values, "kind"));
        if (kind < 0) {
            r->stats.n_unknown_kind++;
            kind = GIS_FAC_OTHER;
        }
    }
    f.kind = (char *)gis_facility_kind_name(kind);
    f.name = val(r, values, "name");
    f.name = f.name ? f.name : "";
    f.village_code = code_val(r, values, "village_code", village);
    f.serves_codes = val(r, values, "serves_codes");
    f.capacity = count_val(r, values, "capacity");
    f.used = count_val(r, values, "used");
    f.beds = count_val(r, values, "beds");
    f.approval_no = val(r, values, "approval_no");
    f.geom = geom;
    return gis_store_facility_insert(ctx, s, &f, source_id, err);
}

static int insert_zone(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                       gis_geom *geom, int64_t source_id, gis_error *err)
{
    gis_zone z = {0};
    z.name = val(r, values, "name");
    z.name = z.name ? z.name : "";
    z.reason = val(r, values, "reason");
    z.legal_basis = val(r, values, "legal_basis");
    z.effective_date = val(r, values, "effective_date");
    z.geom = geom;
    return gis_store_zone_insert(ctx, s, &z, source_id, err);
}

static const char *grave_status(const char *v)
{
    static const struct {
        const char *text, *status;
    } map[] = {{"identified", "identified"},
               {"已查明", "identified"},
               {"待处理", "identified"},
               {"notified", "notified"},
               {"已通知", "notified"},
               {"moved", "moved"},
               {"已迁移", "moved"},
               {"已迁", "moved"},
               {"deep_buried", "deep_buried"},
               {"深埋", "deep_buried"},
               {"已深埋", "deep_buried"},
               {"exempt", "exempt"},
               {"豁免", "exempt"}};
    for (size_t i = 0; v && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(v, map[i].text) == 0)
            return map[i].status;
    return NULL;
}

static int insert_grave(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                        gis_geom *geom, int64_t source_id, gis_error *err)
{
    char village[CODE_MAX];
    gis_grave g = {0};
    g.owner = val(r, values, "owner");
    g.village_code = code_val(r, values, "village_code", village);
    const char *prot = val(r, values, "protected");
    if (prot && !imp_fields_parse_bool(prot, &g.is_protected))
        r->stats.n_bad_values++;
    const char *status = val(r, values, "status");
    g.status = (char *)grave_status(status);
    if (status && g.status == NULL)
        r->stats.n_bad_values++;
    g.built_date = val(r, values, "built_date");
    g.geom = geom;
    return gis_store_grave_insert(ctx, s, &g, source_id, err);
}

int imp_rows_insert(gis_ctx *ctx, imp_rows *r, gis_store *s, const char *const *values,
                    const gis_geom *geom, int64_t source_id, gis_error *err)
{
    gis_geom *g = (gis_geom *)geom; /* records hold non-const pointers; inserts only read */
    int rc;
    if (strcmp(r->kind, "boundary_lines") == 0)
        rc = insert_line(ctx, r, s, values, g, source_id, err);
    else if (strcmp(r->kind, "markers") == 0)
        rc = insert_marker(ctx, r, s, values, g, source_id, err);
    else if (strcmp(r->kind, "cemeteries") == 0 || strcmp(r->kind, "facilities") == 0)
        rc = insert_facility(ctx, r, s, values, g, source_id, err);
    else if (strcmp(r->kind, "no_burial_zones") == 0)
        rc = insert_zone(ctx, r, s, values, g, source_id, err);
    else if (strcmp(r->kind, "graves") == 0)
        rc = insert_grave(ctx, r, s, values, g, source_id, err);
    else
        rc = insert_unit(ctx, r, s, values, g, source_id, err);
    if (rc == GIS_OK)
        r->stats.n_rows++;
    return rc;
}
