/*
 * This file implements the collection catalogue and the parameterised feature queries of
 * gis/store_query.h. SQL text is assembled only from the constant catalogue below; every
 * outside value (bbox, filter values, limit, offset, id) is bound. The bbox goes through the
 * R*Tree index SpatiaLite keeps for each geometry column, then an exact Intersects().
 * It does not know HTTP or GeoJSON.
 */
#include "gis/store_query.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"

#define T GIS_QTYPE_TEXT
#define I GIS_QTYPE_INT
#define R GIS_QTYPE_REAL

static const gis_query_prop UNIT_PROPS[] = {
    {"code", "t.code", T, true, "统计区划代码 code"},
    {"name", "t.name", T, true, "名称 name"},
    {"level", "t.level", T, false, "级别 level"},
    {"parent_code", "t.parent_code", T, true, "上级代码 parent code"},
    {"kind", "t.kind", T, true, "类别 kind"},
    {"population", "t.population", I, false, "常住人口 population"},
    {"older_population", "t.older_population", I, false, "60岁以上人口 residents 60+"},
};

static const gis_query_prop VILLAGE_PROPS[] = {
    {"code", "t.code", T, true, "统计区划代码 code"},
    {"name", "t.name", T, true, "名称 name"},
    {"level", "t.level", T, false, "级别 level"},
    {"parent_code", "t.parent_code", T, true, "上级代码 parent code"},
    {"kind", "t.kind", T, true, "类别 kind"},
    {"population", "t.population", I, false, "常住人口 population"},
    {"older_population", "t.older_population", I, false, "60岁以上人口 residents 60+"},
    {"coverage", "vc.status", T, true, "公墓覆盖 cemetery coverage"},
    {"nearest_cemetery_id", "vc.nearest_cemetery_id", I, false, "最近公墓 nearest cemetery"},
    {"nearest_distance_m", "vc.nearest_distance_m", R, false, "距离(米) distance (m)"},
};

static const gis_query_prop LINE_PROPS[] = {
    {"line_code", "t.line_code", T, true, "界线编号 line code"},
    {"left_code", "t.left_code", T, true, "一侧单位 left unit"},
    {"right_code", "t.right_code", T, true, "另一侧单位 right unit"},
    {"surveyed_by", "t.surveyed_by", T, true, "勘测方 surveyed by"},
    {"inspected_on", "t.inspected_on", T, false, "联检日期 inspected on"},
};

static const gis_query_prop MARKER_PROPS[] = {
    {"number", "t.number", T, true, "界桩编号 number"},
    {"type", "t.type", T, true, "界桩类型 type"},
    {"line_code", "t.line_code", T, true, "界线编号 line code"},
};

static const gis_query_prop CEMETERY_PROPS[] = {
    {"name", "t.name", T, true, "名称 name"},
    {"kind", "t.kind", T, true, "类别 kind"},
    {"village_code", "t.village_code", T, true, "所在村 village code"},
    {"serves_codes", "t.serves_codes", T, false, "服务村 villages served"},
    {"capacity", "t.capacity", I, false, "穴位 capacity"},
    {"used", "t.used", I, false, "已用 used"},
    {"approval_no", "t.approval_no", T, false, "批准文号 approval"},
};

static const gis_query_prop FACILITY_PROPS[] = {
    {"name", "t.name", T, true, "名称 name"},
    {"kind", "t.kind", T, true, "类别 kind"},
    {"village_code", "t.village_code", T, true, "所在村 village code"},
    {"capacity", "t.capacity", I, false, "容量 capacity"},
    {"beds", "t.beds", I, false, "床位 beds"},
    {"approval_no", "t.approval_no", T, false, "批准文号 approval"},
};

static const gis_query_prop ZONE_PROPS[] = {
    {"name", "t.name", T, true, "名称 name"},
    {"reason", "t.reason", T, true, "原因 reason"},
    {"legal_basis", "t.legal_basis", T, false, "依据 legal basis"},
    {"effective_date", "t.effective_date", T, false, "生效日期 effective date"},
};

static const gis_query_prop GRAVE_PROPS[] = {
    {"owner", "t.owner", T, false, "墓主 owner"},
    {"village_code", "t.village_code", T, true, "所在村 village code"},
    {"protected", "t.protected", I, true, "受保护 protected"},
    {"status", "t.status", T, true, "状态 status"},
    {"built_date", "t.built_date", T, false, "建造日期 built"},
};

static const gis_query_prop FINDING_PROPS[] = {
    {"tool", "t.tool", T, true, "工具 tool"},
    {"rule", "t.rule", T, true, "规则 rule"},
    {"severity", "t.severity", T, true, "级别 severity"},
    {"units", "t.units", T, false, "单位 units"},
    {"message", "t.message", T, false, "说明 message"},
    {"area_m2", "t.area_m2", R, false, "面积(平方米) area (m²)"},
    {"distance_m", "t.distance_m", R, false, "距离(米) distance (m)"},
    {"status", "t.status", T, true, "状态 status"},
};

#undef T
#undef I
#undef R
#define PROPS(a) a, sizeof a / sizeof a[0]

static const gis_query_collection COLLECTIONS[] = {
    {"county", "县 County", "The county outline (谷城县).", "admin_unit t", "t.level='county'",
     "idx_admin_unit_geom", "MultiPolygon", false, PROPS(UNIT_PROPS), NULL},
    {"townships", "乡镇 Townships", "Township-level units (乡、镇、街道).", "admin_unit t",
     "t.level='township'", "idx_admin_unit_geom", "MultiPolygon", false, PROPS(UNIT_PROPS), NULL},
    {"villages", "村 Villages",
     "Village-level units (村委会、社区) with the cemetery coverage of the last analysis.",
     "admin_unit t LEFT JOIN village_coverage vc ON vc.code=t.code", "t.level='village'",
     "idx_admin_unit_geom", "MultiPolygon", false, PROPS(VILLAGE_PROPS), NULL},
    {"boundary_lines", "界线 Boundary lines", "Surveyed boundary lines between units.",
     "boundary_line t", "1", "idx_boundary_line_geom", "MultiLineString", false, PROPS(LINE_PROPS),
     "t.inspected_on"},
    {"markers", "界桩 Boundary markers", "Boundary markers.", "boundary_marker t", "1",
     "idx_boundary_marker_geom", "Point", false, PROPS(MARKER_PROPS), NULL},
    {"cemeteries", "公益性公墓 Public cemeteries", "Public-welfare cemeteries.", "facility t",
     "t.kind='public_cemetery'", "idx_facility_geom", "Point", false, PROPS(CEMETERY_PROPS), NULL},
    {"facilities", "民政设施 Facilities", "Civil-affairs facilities other than cemeteries.",
     "facility t", "t.kind<>'public_cemetery'", "idx_facility_geom", "Point", false,
     PROPS(FACILITY_PROPS), NULL},
    {"no_burial_zones", "禁葬区 No-burial zones", "Zones where burial is forbidden.",
     "no_burial_zone t", "1", "idx_no_burial_zone_geom", "MultiPolygon", false, PROPS(ZONE_PROPS),
     "t.effective_date"},
    {"graves", "散埋乱葬 Graves (restricted)", "Scattered graves; restricted, needs a token.",
     "grave t", "1", "idx_grave_geom", "Point", true, PROPS(GRAVE_PROPS), "t.built_date"},
    {"findings", "检查结果 Findings", "Findings of boundary validation and coverage analysis.",
     "finding t", "1", "idx_finding_geom", "Geometry", false, PROPS(FINDING_PROPS), NULL},
};
#define N_COLLECTIONS (sizeof COLLECTIONS / sizeof COLLECTIONS[0])

size_t gis_query_collection_count(void)
{
    return N_COLLECTIONS;
}

const gis_query_collection *gis_query_collection_at(size_t i)
{
    return i < N_COLLECTIONS ? &COLLECTIONS[i] : NULL;
}

const gis_query_collection *gis_query_collection_find(const char *id)
{
    for (size_t i = 0; id && i < N_COLLECTIONS; i++)
        if (strcmp(COLLECTIONS[i].id, id) == 0)
            return &COLLECTIONS[i];
    return NULL;
}

const gis_query_prop *gis_query_prop_find(const gis_query_collection *c, const char *name)
{
    for (size_t i = 0; c && name && i < c->n_props; i++)
        if (strcmp(c->props[i].name, name) == 0)
            return &c->props[i];
    return NULL;
}

/* A fixed-size SQL text buffer; overflow is a programming error reported as GIS_EINVAL. */
typedef struct sqlbuf {
    char s[4096];
    size_t len;
    bool overflow;
} sqlbuf;

static void sql_add(sqlbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sql_add(sqlbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, sizeof b->s - b->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof b->s - b->len)
        b->overflow = true;
    else
        b->len += (size_t)n;
}

/* Prepares the assembled text of b (refused when it did not fit). */
static int sql_prepare(gis_store *s, const sqlbuf *b, sqlite3_stmt **st, gis_error *err)
{
    *st = NULL;
    if (b->overflow)
        return GIS_ERR(err, GIS_EINVAL, "query text too long");
    return gis_store_prepare(s, b->s, st, err);
}

static int parse_int(const char *v, int64_t *out)
{
    if (v == NULL || *v == '\0' || strlen(v) > 20)
        return GIS_EINVAL;
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0')
        return GIS_EINVAL;
    *out = x;
    return GIS_OK;
}

static int parse_real(const char *v, double *out)
{
    if (v == NULL || *v == '\0' || strlen(v) > 40)
        return GIS_EINVAL;
    char *end = NULL;
    errno = 0;
    double x = strtod(v, &end);
    if (errno != 0 || *end != '\0' || !isfinite(x))
        return GIS_EINVAL;
    *out = x;
    return GIS_OK;
}

static int check_query(const gis_query *q, gis_error *err)
{
    if (q->coll == NULL)
        return GIS_ERR(err, GIS_EINVAL, "query without a collection");
    if (q->n_filters > GIS_QUERY_MAX_FILTERS)
        return GIS_ERR(err, GIS_EINVAL, "too many property filters (at most %d)",
                       GIS_QUERY_MAX_FILTERS);
    if (q->limit < 0 || q->offset < 0)
        return GIS_ERR(err, GIS_EINVAL, "limit and offset must not be negative");
    if (q->has_bbox) {
        for (int i = 0; i < 4; i++)
            if (!isfinite(q->bbox[i]))
                return GIS_ERR(err, GIS_EINVAL, "bbox values must be finite numbers");
        if (q->bbox[0] > q->bbox[2] || q->bbox[1] > q->bbox[3])
            return GIS_ERR(err, GIS_EINVAL, "bbox minimum exceeds maximum");
    }
    for (size_t i = 0; i < q->n_filters; i++) {
        const gis_query_prop *p = q->filters[i].prop;
        if (p == NULL || !p->queryable)
            return GIS_ERR(err, GIS_EINVAL, "property filter on a field that is not queryable");
        int64_t iv;
        double dv;
        if ((p->type == GIS_QTYPE_INT && parse_int(q->filters[i].value, &iv) != GIS_OK) ||
            (p->type == GIS_QTYPE_REAL && parse_real(q->filters[i].value, &dv) != GIS_OK))
            return GIS_ERR(err, GIS_EINVAL, "filter '%s' needs a number", p->name);
        if (q->filters[i].value == NULL || strlen(q->filters[i].value) > 256)
            return GIS_ERR(err, GIS_EINVAL, "filter '%s' value is missing or too long", p->name);
    }
    return GIS_OK;
}

/* Appends the WHERE clause shared by the count and the page query. */
static void add_where(sqlbuf *b, const gis_query *q)
{
    const gis_query_collection *c = q->coll;
    sql_add(b, " FROM %s WHERE (%s)", c->from, c->where);
    if (q->has_bbox)
        sql_add(b,
                " AND t.id IN (SELECT pkid FROM %s WHERE xmin<=?3 AND xmax>=?1 AND ymin<=?4 AND "
                "ymax>=?2) AND Intersects(t.geom, BuildMbr(?1,?2,?3,?4,4490))",
                c->rtree);
    for (size_t i = 0; i < q->n_filters; i++)
        sql_add(b, " AND %s=?%zu", q->filters[i].prop->expr, 10 + i);
    if (q->fid > 0)
        sql_add(b, " AND t.id=?5");
    if (q->has_time && c->temporal != NULL) {
        sql_add(b, " AND date(%s) IS NOT NULL", c->temporal);
        if (q->time_from[0])
            sql_add(b, " AND date(%s)>=?8", c->temporal);
        if (q->time_to[0])
            sql_add(b, " AND date(%s)<=?9", c->temporal);
    }
}

static void bind_where(sqlite3_stmt *st, const gis_query *q)
{
    if (q->has_bbox)
        for (int i = 0; i < 4; i++)
            sqlite3_bind_double(st, i + 1, q->bbox[i]);
    if (q->fid > 0)
        sqlite3_bind_int64(st, 5, q->fid);
    if (q->has_time && q->coll->temporal != NULL) {
        if (q->time_from[0])
            sqlite3_bind_text(st, 8, q->time_from, -1, SQLITE_TRANSIENT);
        if (q->time_to[0])
            sqlite3_bind_text(st, 9, q->time_to, -1, SQLITE_TRANSIENT);
    }
    for (size_t i = 0; i < q->n_filters; i++) {
        const gis_query_prop *p = q->filters[i].prop;
        const char *v = q->filters[i].value;
        int idx = (int)(10 + i);
        int64_t iv = 0;
        double dv = 0;
        if (p->type == GIS_QTYPE_INT && parse_int(v, &iv) == GIS_OK)
            sqlite3_bind_int64(st, idx, iv);
        else if (p->type == GIS_QTYPE_REAL && parse_real(v, &dv) == GIS_OK)
            sqlite3_bind_double(st, idx, dv);
        else
            sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
    }
}

static int count_matched(gis_store *s, const gis_query *q, int64_t *out, gis_error *err)
{
    sqlbuf b = {.len = 0};
    sql_add(&b, "SELECT count(*)");
    add_where(&b, q);
    sqlite3_stmt *st = NULL;
    int rc = sql_prepare(s, &b, &st, err);
    if (rc != GIS_OK)
        return rc;
    bind_where(st, q);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rc = gis_store_sql_error(s, err, __func__, "count features");
    sqlite3_finalize(st);
    return rc;
}

static json_t *column_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT:
        return json_real(sqlite3_column_double(st, i));
    case SQLITE_TEXT: {
        /* Stored text may be invalid UTF-8 (a survey file's legacy encoding): jansson refuses
         * it, so such a value becomes null rather than failing the whole page. */
        json_t *v = json_stringn((const char *)sqlite3_column_text(st, i),
                                 (size_t)sqlite3_column_bytes(st, i));
        return v ? v : json_null();
    }
    default:
        return json_null();
    }
}

static int emit_rows(gis_store *s, sqlite3_stmt *st, const gis_query *q, gis_query_row_fn fn,
                     void *user, gis_error *err)
{
    const gis_query_collection *c = q->coll;
    int step, rc = GIS_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *props = json_object();
        if (props == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory reading %s", c->id);
        for (size_t i = 0; i < c->n_props; i++)
            json_object_set_new(props, c->props[i].name, column_json(st, (int)i + 1));
        int gi = (int)c->n_props + 1;
        gis_query_row row = {
            .id = sqlite3_column_int64(st, 0),
            .props = props,
            .wkb = sqlite3_column_blob(st, gi),
            .wkb_len = (size_t)sqlite3_column_bytes(st, gi),
        };
        if (row.wkb_len == 0)
            row.wkb = NULL;
        rc = fn(user, &row);
        json_decref(props);
        if (rc != 0)
            return rc;
    }
    if (step != SQLITE_DONE)
        return gis_store_sql_error(s, err, __func__, "read features");
    return GIS_OK;
}

int gis_store_query_run(gis_store *s, const gis_query *q, gis_query_row_fn fn, void *user,
                        int64_t *n_matched, gis_error *err)
{
    int rc = check_query(q, err);
    if (rc != GIS_OK)
        return rc;
    if (n_matched != NULL && (rc = count_matched(s, q, n_matched, err)) != GIS_OK)
        return rc;
    const gis_query_collection *c = q->coll;
    sqlbuf b = {.len = 0};
    sql_add(&b, "SELECT t.id");
    for (size_t i = 0; i < c->n_props; i++)
        sql_add(&b, ",%s", c->props[i].expr);
    sql_add(&b, ",AsBinary(t.geom)");
    add_where(&b, q);
    sql_add(&b, " ORDER BY t.id LIMIT ?6 OFFSET ?7");
    sqlite3_stmt *st = NULL;
    if ((rc = sql_prepare(s, &b, &st, err)) != GIS_OK)
        return rc;
    bind_where(st, q);
    sqlite3_bind_int64(st, 6, q->fid > 0 ? 1 : q->limit);
    sqlite3_bind_int64(st, 7, q->fid > 0 ? 0 : q->offset);
    rc = emit_rows(s, st, q, fn, user, err);
    sqlite3_finalize(st);
    return rc;
}

int gis_store_query_extent(gis_store *s, const gis_query_collection *c, double bbox[4],
                           bool *has_extent, gis_error *err)
{
    *has_extent = false;
    sqlbuf b = {.len = 0};
    sql_add(&b,
            "SELECT MbrMinX(e),MbrMinY(e),MbrMaxX(e),MbrMaxY(e) FROM "
            "(SELECT Extent(t.geom) AS e FROM %s WHERE (%s))",
            c->from, c->where);
    sqlite3_stmt *st = NULL;
    int rc = sql_prepare(s, &b, &st, err);
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

int gis_store_query_time_extent(gis_store *s, const gis_query_collection *c, char from[11],
                                char to[11], bool *has_time, gis_error *err)
{
    *has_time = false;
    from[0] = to[0] = '\0';
    if (c->temporal == NULL)
        return GIS_OK;
    sqlbuf b = {.len = 0};
    sql_add(&b, "SELECT min(date(%s)),max(date(%s)) FROM %s WHERE (%s)", c->temporal, c->temporal,
            c->from, c->where);
    sqlite3_stmt *st = NULL;
    int rc = sql_prepare(s, &b, &st, err);
    if (rc != GIS_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);
        const char *z = (const char *)sqlite3_column_text(st, 1);
        if (a != NULL && z != NULL && strlen(a) == 10 && strlen(z) == 10) {
            memcpy(from, a, 11);
            memcpy(to, z, 11);
            *has_time = true;
        }
    } else {
        rc = gis_store_sql_error(s, err, __func__, "time extent");
    }
    sqlite3_finalize(st);
    return rc;
}
