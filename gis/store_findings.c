/*
 * This file implements the storage of findings: a run row, fingerprint matching against the
 * stored findings of the same tool (accepted exceptions persist, vanished findings become
 * 'fixed'), accepting exceptions and filtered listing. It does not compute findings.
 */
#include "gis/store_findings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"

/* ---- fingerprints ---------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *gis_finding_fingerprint(const gis_finding *f, char *buf, size_t len)
{
    size_t n = f->n_units;
    const char **sorted = n ? malloc(n * sizeof *sorted) : NULL;
    size_t pos = (size_t)snprintf(buf, len, "%s|", f->rule);
    if (sorted != NULL) {
        memcpy(sorted, f->units, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_str);
    }
    for (size_t i = 0; i < n && pos < len; i++)
        pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? "," : "",
                                sorted ? sorted[i] : f->units[i]);
    free(sorted);
    /* 1e-5 degree is about 1.1 m of latitude and 0.9 m of longitude at 32 degrees N. */
    if (pos < len && !isnan(f->lon) && !isnan(f->lat))
        snprintf(buf + pos, len - pos, "|%.5f,%.5f", f->lon + 0.0, f->lat + 0.0);
    else if (pos < len)
        snprintf(buf + pos, len - pos, "|-");
    return buf;
}

/* ---- matching state -------------------------------------------------------------------- */

typedef struct stored {
    int64_t id;
    char *fp;
    int status;
    char *reason;
    bool matched;
} stored;

typedef struct sync_state {
    stored *rows;
    size_t n;
    char **fps; /* fingerprint per new finding, with repeat suffixes */
} sync_state;

static int rank(int status)
{
    return status == GIS_FINDING_ACCEPTED ? 0 : status == GIS_FINDING_OPEN ? 1 : 2;
}

static int cmp_stored(const void *a, const void *b)
{
    const stored *x = a, *y = b;
    int c = strcmp(x->fp, y->fp);
    if (c != 0)
        return c;
    if (rank(x->status) != rank(y->status))
        return rank(x->status) - rank(y->status);
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static void state_free(sync_state *st, size_t n_fps)
{
    for (size_t i = 0; i < st->n; i++) {
        free(st->rows[i].fp);
        free(st->rows[i].reason);
    }
    free(st->rows);
    for (size_t i = 0; st->fps != NULL && i < n_fps; i++)
        free(st->fps[i]);
    free(st->fps);
}

static int load_stored(gis_store *s, const char *tool, sync_state *st, gis_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = gis_store_prepare(
        s, "SELECT id,fingerprint,status,accept_reason FROM finding WHERE tool=?", &q, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(q, 1, tool, -1, SQLITE_STATIC);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        if (st->n == cap) {
            cap = cap ? cap * 2 : 64;
            stored *grown = realloc(st->rows, cap * sizeof *grown);
            if (grown == NULL) {
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory loading findings");
                break;
            }
            st->rows = grown;
        }
        stored *r = &st->rows[st->n++];
        r->id = sqlite3_column_int64(q, 0);
        r->fp = gis_store_column_strdup(q, 1);
        r->status = gis_finding_status_parse((const char *)sqlite3_column_text(q, 2));
        r->reason = gis_store_column_strdup(q, 3);
        r->matched = false;
        if (r->fp == NULL) {
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory loading findings");
            break;
        }
    }
    if (rc == GIS_OK && step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "load findings");
    sqlite3_finalize(q);
    if (rc == GIS_OK && st->n > 1)
        qsort(st->rows, st->n, sizeof *st->rows, cmp_stored);
    return rc;
}

typedef struct fp_index {
    const char *fp;
    size_t i;
} fp_index;

static int cmp_fp_index(const void *a, const void *b)
{
    const fp_index *x = a, *y = b;
    int c = strcmp(x->fp, y->fp);
    return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/* Computes fingerprints of the new findings; the k-th repeat (k >= 2) of a base fingerprint
 * within the run (in list order) gets "#k" so two equal findings keep two rows. */
static int new_fingerprints(const gis_finding_list *l, sync_state *st, gis_error *err)
{
    char buf[512];
    st->fps = calloc(l->n ? l->n : 1, sizeof *st->fps);
    fp_index *idx = malloc((l->n ? l->n : 1) * sizeof *idx);
    int rc = GIS_OK;
    for (size_t i = 0; st->fps != NULL && idx != NULL && i < l->n; i++) {
        if ((st->fps[i] = strdup(gis_finding_fingerprint(l->items[i], buf, sizeof buf))) == NULL)
            break;
        idx[i].fp = st->fps[i];
        idx[i].i = i;
    }
    if (st->fps == NULL || idx == NULL || (l->n > 0 && st->fps[l->n - 1] == NULL)) {
        free(idx);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory computing fingerprints");
    }
    qsort(idx, l->n, sizeof *idx, cmp_fp_index);
    /* Repeat numbers are computed on the base fingerprints before any is rewritten. */
    size_t *rep = calloc(l->n ? l->n : 1, sizeof *rep);
    if (rep == NULL)
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory computing fingerprints");
    for (size_t i = 0, k = 1; rep != NULL && i < l->n; i++) {
        k = i > 0 && strcmp(idx[i].fp, idx[i - 1].fp) == 0 ? k + 1 : 1;
        rep[idx[i].i] = k;
    }
    for (size_t i = 0; rc == GIS_OK && i < l->n; i++) {
        if (rep[i] < 2)
            continue;
        snprintf(buf, sizeof buf, "%s#%zu", st->fps[i], rep[i]);
        char *dup = strdup(buf);
        if (dup == NULL) {
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory computing fingerprints");
            break;
        }
        free(st->fps[i]);
        st->fps[i] = dup;
    }
    free(rep);
    free(idx);
    return rc;
}

/* Returns the best unmatched stored row with fingerprint fp, or NULL. */
static stored *find_stored(sync_state *st, const char *fp)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(st->rows[mid].fp, fp) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < st->n && strcmp(st->rows[i].fp, fp) == 0; i++)
        if (!st->rows[i].matched)
            return &st->rows[i];
    return NULL;
}

/* ---- writing ----------------------------------------------------------------------------- */

static int bind_real_or_null(sqlite3_stmt *q, int i, double v)
{
    return isnan(v) ? sqlite3_bind_null(q, i) : sqlite3_bind_double(q, i, v);
}

/* Binds the columns shared by INSERT and UPDATE at positions 1..11. */
static int bind_finding(gis_ctx *ctx, sqlite3_stmt *q, int64_t run_id, const gis_finding *f,
                        gis_error *err)
{
    json_t *units = json_array();
    for (size_t i = 0; units != NULL && i < f->n_units; i++)
        json_array_append_new(units, json_string(f->units[i]));
    char *units_text = units ? json_dumps(units, JSON_COMPACT) : NULL;
    json_decref(units);
    char *details = json_object_size(f->details) > 0
                        ? json_dumps(f->details, JSON_COMPACT | JSON_REAL_PRECISION(10))
                        : NULL;
    if (units_text == NULL) {
        free(details);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory writing a finding");
    }
    sqlite3_bind_int64(q, 1, run_id);
    sqlite3_bind_text(q, 2, gis_severity_name(f->severity), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, units_text, -1, free);
    sqlite3_bind_text(q, 4, f->message ? f->message : "", -1, SQLITE_STATIC);
    bind_real_or_null(q, 5, f->area_m2);
    bind_real_or_null(q, 6, f->distance_m);
    bind_real_or_null(q, 7, f->lon);
    bind_real_or_null(q, 8, f->lat);
    if (details != NULL)
        sqlite3_bind_text(q, 9, details, -1, free);
    else
        sqlite3_bind_null(q, 9);
    return gis_store_bind_geom(ctx, q, 10, f->geom, err);
}

static const char SQL_INSERT[] =
    "INSERT INTO finding(run_id,severity,units,message,area_m2,distance_m,lon,lat,details,geom,"
    "tool,rule,fingerprint,status) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,GeomFromWKB(?10,4490),"
    "?11,?12,?13,'open')";
static const char SQL_UPDATE[] =
    "UPDATE finding SET run_id=?1,severity=?2,units=?3,message=?4,area_m2=?5,distance_m=?6,"
    "lon=?7,lat=?8,details=?9,geom=GeomFromWKB(?10,4490),"
    "status=CASE status WHEN 'fixed' THEN 'open' ELSE status END,"
    "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?11";
static const char SQL_FIX[] =
    "UPDATE finding SET status='fixed',updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
    "WHERE id=?1";

static int write_one(gis_ctx *ctx, gis_store *s, const char *tool, int64_t run_id, gis_finding *f,
                     const char *fp, stored *match, gis_findings_sync *sum, gis_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = gis_store_cached(s, match ? SQL_UPDATE : SQL_INSERT, &q, err);
    if (rc != GIS_OK)
        return rc;
    if ((rc = bind_finding(ctx, q, run_id, f, err)) == GIS_OK) {
        if (match != NULL) {
            sqlite3_bind_int64(q, 11, match->id);
        } else {
            sqlite3_bind_text(q, 11, tool, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 12, f->rule, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 13, fp, -1, SQLITE_STATIC);
        }
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = gis_store_sql_error(s, err, __func__, "write finding");
    }
    if (rc == GIS_OK && match != NULL) {
        match->matched = true;
        f->id = match->id;
        f->status = match->status == GIS_FINDING_ACCEPTED ? GIS_FINDING_ACCEPTED : GIS_FINDING_OPEN;
        free(f->accept_reason);
        f->accept_reason = NULL;
        if (f->status == GIS_FINDING_ACCEPTED && match->reason != NULL)
            f->accept_reason = strdup(match->reason);
        if (f->status == GIS_FINDING_ACCEPTED)
            sum->n_accepted++;
        else if (match->status == GIS_FINDING_OPEN)
            sum->n_open++;
        else
            sum->n_new++;
    } else if (rc == GIS_OK) {
        f->id = sqlite3_last_insert_rowid(s->db);
        f->status = GIS_FINDING_OPEN;
        sum->n_new++;
    }
    gis_store_cached_done(q);
    return rc;
}

static int fix_vanished(gis_store *s, sync_state *st, gis_findings_sync *sum, gis_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = gis_store_cached(s, SQL_FIX, &q, err);
    for (size_t i = 0; rc == GIS_OK && i < st->n; i++) {
        if (st->rows[i].matched || st->rows[i].status == GIS_FINDING_FIXED)
            continue;
        sqlite3_bind_int64(q, 1, st->rows[i].id);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = gis_store_sql_error(s, err, __func__, "mark finding fixed");
        gis_store_cached_done(q);
        sum->n_fixed++;
    }
    return rc;
}

static int insert_run(gis_store *s, const char *tool, const json_t *params, int64_t *run_id,
                      gis_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = gis_store_prepare(s, "INSERT INTO finding_run(tool,params) VALUES(?,?)", &q, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(q, 1, tool, -1, SQLITE_STATIC);
    char *text = params ? json_dumps(params, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    if (text != NULL)
        sqlite3_bind_text(q, 2, text, -1, free);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "insert finding run");
    else
        *run_id = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(q);
    return rc;
}

int gis_store_findings_replace(gis_ctx *ctx, gis_store *s, const char *tool, const json_t *params,
                               gis_finding_list *l, gis_findings_sync *out, gis_error *err)
{
    gis_findings_sync sum = {0};
    sync_state st = {0};
    if (tool == NULL || tool[0] == '\0')
        return GIS_ERR(err, GIS_EINVAL, "findings need a tool name");
    if (s->readonly)
        return GIS_ERR(err, GIS_EINVAL, "store %s is open read-only; cannot write findings",
                       s->path);
    int rc = gis_store_begin(s, err);
    if (rc != GIS_OK)
        return rc;
    if ((rc = insert_run(s, tool, params, &sum.run_id, err)) != GIS_OK ||
        (rc = load_stored(s, tool, &st, err)) != GIS_OK ||
        (rc = new_fingerprints(l, &st, err)) != GIS_OK)
        goto done;
    for (size_t i = 0; i < l->n && rc == GIS_OK; i++)
        rc = write_one(ctx, s, tool, sum.run_id, l->items[i], st.fps[i],
                       find_stored(&st, st.fps[i]), &sum, err);
    if (rc == GIS_OK)
        rc = fix_vanished(s, &st, &sum, err);
    if (rc == GIS_OK)
        rc = gis_store_bump_data_version(s, err);
    if (rc == GIS_OK)
        rc = gis_store_commit(s, err);
done:
    state_free(&st, l->n);
    if (rc != GIS_OK) {
        gis_store_rollback(s);
        for (size_t i = 0; i < l->n; i++)
            l->items[i]->id = 0;
        return rc;
    }
    if (out != NULL)
        *out = sum;
    return GIS_OK;
}

int gis_store_finding_accept(gis_store *s, int64_t id, const char *reason, gis_error *err)
{
    if (reason == NULL || reason[0] == '\0')
        return GIS_ERR(err, GIS_EINVAL, "accepting finding %lld needs a reason", (long long)id);
    sqlite3_stmt *q = NULL;
    int rc = gis_store_prepare(s, "SELECT status FROM finding WHERE id=?", &q, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    int step = sqlite3_step(q);
    if (step == SQLITE_DONE)
        rc = GIS_ERR(err, GIS_ENOTFOUND, "no finding with id %lld", (long long)id);
    else if (step != SQLITE_ROW)
        rc = gis_store_sql_error(s, err, __func__, "read finding");
    else if (strcmp((const char *)sqlite3_column_text(q, 0), "fixed") == 0)
        rc = GIS_ERR(err, GIS_EINVAL, "finding %lld is fixed; only open findings can be accepted",
                     (long long)id);
    sqlite3_finalize(q);
    if (rc != GIS_OK)
        return rc;
    if ((rc = gis_store_begin(s, err)) != GIS_OK)
        return rc;
    if ((rc = gis_store_prepare(s,
                                "UPDATE finding SET status='accepted',accept_reason=?,"
                                "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                                &q, err)) == GIS_OK) {
        sqlite3_bind_text(q, 1, reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, id);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = gis_store_sql_error(s, err, __func__, "accept finding");
        sqlite3_finalize(q);
    }
    if (rc == GIS_OK)
        rc = gis_store_bump_data_version(s, err);
    if (rc == GIS_OK)
        rc = gis_store_commit(s, err);
    if (rc != GIS_OK)
        gis_store_rollback(s);
    return rc;
}

/* ---- listing ----------------------------------------------------------------------------- */

static int row_units(sqlite3_stmt *q, int col, gis_finding *f, gis_error *err)
{
    const char *text = (const char *)sqlite3_column_text(q, col);
    json_t *a = text ? json_loads(text, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    int rc = GIS_OK;
    json_array_foreach(a, i, v)
    {
        if (rc == GIS_OK && json_is_string(v))
            rc = gis_finding_add_unit(f, json_string_value(v), err);
    }
    json_decref(a);
    return rc;
}

static double column_real_or_nan(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
}

static int read_row(gis_ctx *ctx, sqlite3_stmt *q, bool with_geom, gis_finding_list *l,
                    gis_error *err)
{
    gis_finding *f = NULL;
    int sev = gis_severity_parse((const char *)sqlite3_column_text(q, 3));
    int rc = gis_finding_list_add(l, (const char *)sqlite3_column_text(q, 2),
                                  sev < 0 ? GIS_SEV_ERROR : sev, &f, err);
    if (rc != GIS_OK)
        return rc;
    f->id = sqlite3_column_int64(q, 0);
    f->tool = gis_store_column_strdup(q, 1);
    f->message = gis_store_column_strdup(q, 5);
    f->area_m2 = column_real_or_nan(q, 6);
    f->distance_m = column_real_or_nan(q, 7);
    f->lon = column_real_or_nan(q, 8);
    f->lat = column_real_or_nan(q, 9);
    const char *details = (const char *)sqlite3_column_text(q, 10);
    json_t *d = details ? json_loads(details, 0, NULL) : NULL;
    if (json_is_object(d)) {
        json_decref(f->details);
        f->details = d;
    } else {
        json_decref(d);
    }
    int st = gis_finding_status_parse((const char *)sqlite3_column_text(q, 11));
    f->status = st < 0 ? GIS_FINDING_OPEN : st;
    f->accept_reason = gis_store_column_strdup(q, 12);
    if (f->tool == NULL || f->message == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory listing findings");
    if ((rc = row_units(q, 4, f, err)) != GIS_OK)
        return rc;
    if (with_geom)
        rc = gis_store_column_geom(ctx, q, 13, &f->geom, err);
    return rc;
}

int gis_store_findings_list(gis_ctx *ctx, gis_store *s, const gis_findings_filter *f,
                            gis_finding_list **out, gis_error *err)
{
    *out = NULL;
    gis_findings_filter none = {.status = -1};
    if (f == NULL)
        f = &none;
    gis_finding_list *l = NULL;
    sqlite3_stmt *q = NULL;
    int rc = gis_finding_list_new(&l, err);
    if (rc == GIS_OK)
        rc = gis_store_prepare(
            s,
            "SELECT id,tool,rule,severity,units,message,area_m2,distance_m,lon,lat,details,"
            "status,accept_reason,AsBinary(geom) FROM finding WHERE (?1 IS NULL OR tool=?1) "
            "AND (?2 IS NULL OR rule=?2) AND (?3 IS NULL OR status=?3) "
            "AND (?4 IS NULL OR id=?4) ORDER BY tool,rule,id LIMIT ?5",
            &q, err);
    if (rc != GIS_OK)
        goto done;
    gis_store_bind_text_or_null(q, 1, f->tool);
    gis_store_bind_text_or_null(q, 2, f->rule);
    gis_store_bind_text_or_null(q, 3, gis_finding_status_name(f->status));
    gis_store_bind_int_or_null(q, 4, f->id > 0 ? f->id : -1);
    sqlite3_bind_int64(q, 5, f->limit > 0 ? (sqlite3_int64)f->limit : -1);
    int step = SQLITE_DONE;
    while (rc == GIS_OK && (step = sqlite3_step(q)) == SQLITE_ROW)
        rc = read_row(ctx, q, f->with_geom, l, err);
    if (rc == GIS_OK && step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "list findings");
done:
    sqlite3_finalize(q);
    if (rc != GIS_OK) {
        gis_finding_list_free(ctx, l);
        return rc;
    }
    *out = l;
    return GIS_OK;
}
