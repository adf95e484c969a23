/*
 * This file implements imp_import_run: the single transaction of an import (duplicate check,
 * --replace, import log row, feature loop, counts) and the file digest. Preparation (source,
 * fields, CRS) is in importers/import_prepare.c. It does not print.
 */
#include "importers/import.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gis/geom_valid.h"
#include "gis/store_imports.h"
#include "importers/encoding.h"
#include "importers/import_int.h"

#define PROGRESS_EVERY 10000
/* From this many features (or bytes of source) the spatial index is rebuilt once after the
 * load instead of being updated row by row. */
#define BULK_FEATURES 20000
#define BULK_BYTES (2 << 20)

int imp_import_sha256(const char *path, char hex[65], gis_error *err)
{
    hex[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return GIS_ERR(err, GIS_EIO, "cannot read '%s'", path);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536], out[crypto_hash_sha256_BYTES];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crypto_hash_sha256_update(&st, buf, n);
    int failed = ferror(f);
    fclose(f);
    if (failed)
        return GIS_ERR(err, GIS_EIO, "cannot read '%s'", path);
    crypto_hash_sha256_final(&st, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
    return GIS_OK;
}

/* Builds the geometry of f in EPSG:4490; *out NULL when the feature has none. */
static int feature_geom(imp_job *job, const imp_feature *f, gis_geom **out, gis_error *err)
{
    *out = NULL;
    char where[48];
    gis_geom *g = NULL;
    int rc;
    if (job->table) {
        double ab[2];
        bool empty;
        if ((rc = imp_job_coords(job, f, ab, &empty, err)) != GIS_OK || empty)
            return rc;
        double xy[2] = {job->crs.swap ? ab[1] : ab[0], job->crs.swap ? ab[0] : ab[1]};
        if (job->tf && (rc = gis_crs_transform_xy(job->ctx, job->tf, xy, 1, err)) != GIS_OK)
            return gis_err_prefix(err, "%s: %s", job->file,
                                  imp_job_where(job, f->index, where, sizeof where));
        unsigned char wkb[21] = {1, 1, 0, 0, 0}; /* little-endian ISO WKB point */
        memcpy(wkb + 5, &xy[0], 8);
        memcpy(wkb + 13, &xy[1], 8);
        return gis_geom_from_wkb(job->ctx, wkb, sizeof wkb, out, err);
    }
    if (f->is_empty)
        return GIS_OK;
    if (f->wkb == NULL)
        return GIS_ERR(err, GIS_ESOURCE, "%s: %s is %s but --as %s expects %s", job->file,
                       imp_job_where(job, f->index, where, sizeof where), imp_shape_name(f->shape),
                       job->opt->kind, imp_shape_name(job->shape));
    if ((rc = gis_geom_from_wkb(job->ctx, f->wkb, f->wkb_len, &g, err)) != GIS_OK)
        return gis_err_prefix(err, "%s: %s", job->file,
                              imp_job_where(job, f->index, where, sizeof where));
    if (job->tf == NULL) {
        *out = g;
        return GIS_OK;
    }
    rc = gis_crs_transform_geom(job->ctx, job->tf, g, out, err);
    gis_geom_free(job->ctx, g);
    if (rc != GIS_OK)
        gis_err_prefix(err, "%s: %s", job->file, imp_job_where(job, f->index, where, sizeof where));
    return rc;
}

static int check_feature(imp_job *job, const imp_feature *f, const gis_geom *g, gis_error *err)
{
    char where[48];
    double bb[4];
    int rc = gis_geom_bounds(job->ctx, g, bb, err);
    if (rc != GIS_OK)
        return rc;
    if (bb[0] < IMP_LON_MIN || bb[2] > IMP_LON_MAX || bb[1] < IMP_LAT_MIN || bb[3] > IMP_LAT_MAX)
        return GIS_ERR(err, GIS_ESOURCE,
                       "%s: %s: coordinates out of range (%.6f..%.6f E, %.6f..%.6f N in "
                       "CGCS2000; China is %.0f..%.0f E, %.0f..%.0f N): wrong CRS or axis order?",
                       job->file, imp_job_where(job, f->index, where, sizeof where), bb[0], bb[2],
                       bb[1], bb[3], IMP_LON_MIN, IMP_LON_MAX, IMP_LAT_MIN, IMP_LAT_MAX);
    for (int i = 0; i < 2 && job->opt->encoding == NULL; i++) {
        int k = job->text_field[i];
        if (k >= 0 && f->values[k] && imp_encoding_is_mojibake(f->values[k]))
            return GIS_ERR(err, GIS_ESOURCE,
                           "%s: %s: '%s' looks like GBK text decoded as Latin-1 (mojibake); give "
                           "--encoding GBK",
                           job->file, imp_job_where(job, f->index, where, sizeof where),
                           f->values[k]);
    }
    return GIS_OK;
}

static int load_feature(imp_job *job, const imp_feature *f, int64_t source_id, gis_error *err)
{
    gis_geom *g = NULL;
    int rc = feature_geom(job, f, &g, err);
    if (rc != GIS_OK)
        return rc;
    if (g == NULL || gis_geom_is_empty(job->ctx, g)) {
        if (job->sum->n_empty++ == 0)
            job->sum->first_empty = f->index;
        job->sum->n_skipped++;
        gis_geom_free(job->ctx, g);
        return GIS_OK;
    }
    if ((rc = check_feature(job, f, g, err)) == GIS_OK)
        rc = imp_rows_insert(job->ctx, job->rows, job->store, f->values, g, source_id, err);
    bool valid = true;
    if (rc == GIS_OK && job->shape == IMP_SHAPE_POLYGON &&
        (rc = gis_geom_valid_check(job->ctx, g, &valid, err)) == GIS_OK && !valid)
        job->sum->n_invalid++;
    gis_geom_free(job->ctx, g);
    return rc;
}

static int load_all(imp_job *job, int64_t source_id, gis_error *err)
{
    imp_feature f;
    bool done = false;
    int64_t total = imp_ogr_source_feature_count(job->src);
    int rc;
    while ((rc = imp_ogr_source_next(job->src, &f, &done, err)) == GIS_OK && !done) {
        job->sum->n_read++;
        if ((rc = load_feature(job, &f, source_id, err)) != GIS_OK)
            return rc;
        if (job->opt->progress && job->sum->n_read % PROGRESS_EVERY == 0)
            job->opt->progress(job->opt->progress_user, job->sum->n_read, total);
    }
    if (rc == GIS_OK && job->sum->n_read == 0)
        rc = GIS_ERR(err, GIS_ESOURCE, "%s: no features to import (layer '%s')", job->file,
                     job->sum->layer);
    if (rc == GIS_OK && job->opt->progress)
        job->opt->progress(job->opt->progress_user, job->sum->n_read, job->sum->n_read);
    return rc;
}

/* The import options as a JSON object text for the import log; owned, free(). */
static char *options_json(const imp_job *job)
{
    const imp_options *o = job->opt;
    json_t *j = json_object(), *fields = json_array();
    json_object_set_new(j, "kind", json_string(o->kind));
    if (o->layer)
        json_object_set_new(j, "layer", json_string(o->layer));
    if (o->srs)
        json_object_set_new(j, "srs", json_string(o->srs));
    if (o->encoding)
        json_object_set_new(j, "encoding", json_string(o->encoding));
    if (o->towgs84)
        json_object_set_new(j, "towgs84", json_string(o->towgs84));
    if (o->central_meridian)
        json_object_set_new(j, "central_meridian", json_integer(o->central_meridian));
    if (o->axis != IMP_AXIS_AUTO)
        json_object_set_new(j, "axis", json_string(o->axis == IMP_AXIS_EN ? "en" : "ne"));
    for (size_t i = 0; i < o->n_fields; i++)
        json_array_append_new(fields, json_string(o->fields[i]));
    json_object_set_new(j, "fields", fields);
    json_object_set_new(j, "replace", json_boolean(o->replace));
    json_object_set_new(j, "crs_note", json_string(job->crs.note));
    if (job->sum->axis_note[0])
        json_object_set_new(j, "axis_note", json_string(job->sum->axis_note));
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return text;
}

static int start_log(imp_job *job, int64_t *source_id, gis_error *err)
{
    const imp_options *o = job->opt;
    int64_t earlier = 0;
    int rc;
    if (o->replace)
        rc = gis_store_import_delete_rows(job->store, o->kind, job->file, &job->sum->n_replaced,
                                          err);
    else if ((rc = gis_store_import_find(job->store, o->kind, job->sum->sha256, &earlier, err)) ==
                 GIS_OK &&
             earlier > 0)
        rc = GIS_ERR(err, GIS_EEXIST,
                     "%s was already imported as %s (import #%lld, same sha256); use --replace "
                     "to load it again",
                     job->file, o->kind, (long long)earlier);
    if (rc != GIS_OK)
        return rc;
    char *options = options_json(job);
    gis_import_log log = {job->file, job->sum->layer, job->sum->sha256,
                          o->kind,   job->sum->crs,   options};
    rc = gis_store_import_log_begin(job->store, &log, source_id, err);
    free(options);
    return rc;
}

static bool is_bulk(imp_job *job)
{
    struct stat st;
    int64_t n = imp_ogr_source_feature_count(job->src);
    return n >= BULK_FEATURES || (stat(job->path, &st) == 0 && st.st_size >= BULK_BYTES);
}

static int run_transaction(imp_job *job, gis_error *err)
{
    int64_t source_id = 0;
    imp_summary *sum = job->sum;
    bool bulk = is_bulk(job);
    char *saved = NULL;
    int rc = gis_store_begin(job->store, err);
    if (rc != GIS_OK)
        return rc;
    if (bulk)
        rc = gis_store_import_bulk_begin(job->store, job->opt->kind, &saved, err);
    if (rc == GIS_OK && (rc = start_log(job, &source_id, err)) == GIS_OK &&
        (rc = load_all(job, source_id, err)) == GIS_OK &&
        (!bulk ||
         (rc = gis_store_import_bulk_end(job->store, job->opt->kind, saved, err)) == GIS_OK)) {
        imp_row_stats st;
        imp_rows_stats(job->rows, &st);
        sum->n_imported = st.n_rows;
        sum->n_bad_codes = st.n_bad_codes;
        sum->n_dup_keys = st.n_dup_keys;
        sum->n_bad_values = st.n_bad_values;
        sum->n_unknown_kind = st.n_unknown_kind;
        sum->import_id = source_id;
        rc = gis_store_import_log_finish(job->store, source_id, sum->n_read, sum->n_imported,
                                         sum->n_skipped, sum->n_invalid, err);
    }
    if (rc == GIS_OK && (rc = gis_store_bump_data_version(job->store, err)) == GIS_OK)
        rc = gis_store_commit(job->store, err);
    if (rc != GIS_OK)
        gis_store_rollback(job->store);
    free(saved);
    return rc;
}

int imp_import_run(gis_ctx *ctx, gis_store *s, const char *path, const imp_options *opt,
                   imp_summary *out, gis_error *err)
{
    memset(out, 0, sizeof *out);
    const char *slash = strrchr(path, '/');
    imp_job job = {.ctx = ctx, .store = s, .path = path, .opt = opt, .sum = out};
    job.file = slash ? slash + 1 : path;
    job.text_field[0] = job.text_field[1] = -1;
    int rc = imp_job_prepare(&job, err);
    if (rc == GIS_OK)
        rc = imp_import_sha256(path, out->sha256, err);
    if (rc == GIS_OK)
        rc = run_transaction(&job, err);
    imp_job_clear(&job);
    return rc;
}
