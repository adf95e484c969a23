/*
 * This file implements the preparation of an import: opening the source layer, mapping its
 * fields, choosing geometry or coordinate columns, sampling coordinate magnitudes and deciding
 * the source CRS and axis order (DOMAIN.md CRS-05). It writes nothing to the store.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "importers/import_int.h"
#include "importers/srs.h"

static int kind_shape(const char *kind)
{
    if (strcmp(kind, "boundary_lines") == 0)
        return IMP_SHAPE_LINE;
    if (strcmp(kind, "markers") == 0 || strcmp(kind, "cemeteries") == 0 ||
        strcmp(kind, "facilities") == 0 || strcmp(kind, "graves") == 0)
        return IMP_SHAPE_POINT;
    return IMP_SHAPE_POLYGON;
}

const char *imp_job_where(const imp_job *job, int64_t index, char *buf, size_t cap)
{
    if (job->csv)
        snprintf(buf, cap, "line %lld", (long long)index + 1); /* line 1 is the header */
    else
        snprintf(buf, cap, "feature %lld", (long long)index);
    return buf;
}

static void grow(double ext[4], bool *has, double a, double b)
{
    if (!*has) {
        ext[0] = ext[2] = a;
        ext[1] = ext[3] = b;
        *has = true;
        return;
    }
    ext[0] = fmin(ext[0], a);
    ext[1] = fmin(ext[1], b);
    ext[2] = fmax(ext[2], a);
    ext[3] = fmax(ext[3], b);
}

int imp_job_coords(const imp_job *job, const imp_feature *f, double ab[2], bool *empty,
                   gis_error *err)
{
    const int idx[2] = {job->cols.a, job->cols.b};
    const char *const *names = imp_ogr_source_field_names(job->src);
    *empty = f->values[idx[0]] == NULL && f->values[idx[1]] == NULL;
    for (int i = 0; i < 2 && !*empty; i++) {
        const char *v = f->values[idx[i]];
        if (!imp_coords_parse(v, &ab[i])) {
            char where[48];
            return GIS_ERR(err, GIS_ESOURCE, "%s: %s: field '%s': '%s' is not a number", job->file,
                           imp_job_where(job, f->index, where, sizeof where), names[idx[i]],
                           v ? v : "");
        }
    }
    return GIS_OK;
}

/* Extent of one feature's coordinates as read: columns or geometry bounds. */
static int feature_extent(imp_job *job, const imp_feature *f, double ext[4], bool *has,
                          gis_error *err)
{
    if (job->table) {
        double ab[2];
        bool empty;
        int rc = imp_job_coords(job, f, ab, &empty, err);
        if (rc == GIS_OK && !empty)
            grow(ext, has, ab[0], ab[1]);
        return rc;
    }
    if (f->wkb == NULL)
        return GIS_OK;
    gis_geom *g = NULL;
    double bb[4];
    int rc = gis_geom_from_wkb(job->ctx, f->wkb, f->wkb_len, &g, err);
    if (rc == GIS_OK && !gis_geom_is_empty(job->ctx, g) &&
        (rc = gis_geom_bounds(job->ctx, g, bb, err)) == GIS_OK) {
        grow(ext, has, bb[0], bb[1]);
        grow(ext, has, bb[2], bb[3]);
    }
    gis_geom_free(job->ctx, g);
    return rc;
}

static int sample_extent(imp_job *job, imp_crs_input *in, gis_error *err)
{
    imp_feature f;
    bool done = false;
    int rc = GIS_OK;
    for (int i = 0; i < IMP_SAMPLE && rc == GIS_OK; i++) {
        if ((rc = imp_ogr_source_next(job->src, &f, &done, err)) != GIS_OK || done)
            break;
        rc = feature_extent(job, &f, in->extent, &in->has_extent, err);
    }
    imp_ogr_source_rewind(job->src);
    return rc;
}

static int choose_coords(imp_job *job, gis_error *err)
{
    size_t n = imp_ogr_source_field_count(job->src);
    const char *const *names = imp_ogr_source_field_names(job->src);
    if (imp_ogr_source_has_geometry(job->src))
        return GIS_OK;
    if (job->shape != IMP_SHAPE_POINT)
        return GIS_ERR(err, GIS_ESOURCE,
                       "%s has no geometry column: --as %s needs %s (coordinate tables give "
                       "points only)",
                       job->file, job->opt->kind, imp_shape_name(job->shape));
    if (!imp_coords_find(names, n, &job->cols))
        return GIS_ERR(err, GIS_ESOURCE,
                       "%s has neither a geometry nor coordinate columns (经度/纬度, lon/lat, "
                       "东坐标/北坐标, X/Y)",
                       job->file);
    job->table = true;
    return GIS_OK;
}

static void axis_note(imp_job *job)
{
    const char *const *names = imp_ogr_source_field_names(job->src);
    if (job->table) {
        const char *e = names[job->crs.swap ? job->cols.b : job->cols.a];
        const char *nn = names[job->crs.swap ? job->cols.a : job->cols.b];
        snprintf(job->sum->axis_note, sizeof job->sum->axis_note,
                 "column '%s' read as %s, '%s' as %s", e,
                 job->crs.epsg == GIS_CRS_STORE_SRID ? "longitude" : "easting", nn,
                 job->crs.epsg == GIS_CRS_STORE_SRID ? "latitude" : "northing");
    } else if (job->crs.swap) {
        snprintf(job->sum->axis_note, sizeof job->sum->axis_note,
                 "geometry x read as northing and y as easting (by magnitude, DOMAIN.md CRS-05)");
    }
}

static int decide_crs(imp_job *job, gis_error *err)
{
    imp_srs given = {0}, declared = {0};
    imp_crs_input in = {0};
    int rc = GIS_OK;
    if (job->opt->srs && (rc = imp_srs_from_text(job->opt->srs, &given, err)) != GIS_OK)
        return rc;
    if ((rc = imp_ogr_source_srs(job->src, &declared, err)) != GIS_OK)
        goto done;
    in.given = given.info;
    in.declared = declared.info;
    in.central_meridian = job->opt->central_meridian;
    in.towgs84 = job->opt->towgs84;
    in.axis = job->opt->axis;
    in.coords = job->table ? job->cols.kind : IMP_COORDS_GEOMETRY;
    if ((rc = sample_extent(job, &in, err)) != GIS_OK)
        goto done;
    if ((rc = imp_crs_detect(&in, &job->crs, err)) != GIS_OK) {
        gis_err_prefix(err, "%s", job->file);
        goto done;
    }
    if (!job->crs.is_store_crs && (rc = gis_crs_transform_new(job->ctx, job->crs.crs, GIS_CRS_STORE,
                                                              &job->tf, err)) != GIS_OK)
        goto done;
    if (!job->table)
        imp_ogr_source_set_swap_xy(job->src, job->crs.swap);
    if (job->crs.epsg > 0)
        snprintf(job->sum->crs, sizeof job->sum->crs, "EPSG:%d", job->crs.epsg);
    else
        snprintf(job->sum->crs, sizeof job->sum->crs, "%.159s", job->crs.crs);
    snprintf(job->sum->crs_note, sizeof job->sum->crs_note, "%s", job->crs.note);
    axis_note(job);
    job->sum->crs_warn = job->crs.warn;
done:
    imp_srs_clear(&given);
    imp_srs_clear(&declared);
    return rc;
}

/* A source without features, or whose first feature has the wrong shape for the kind, is an
 * error before fields and CRS are judged. */
static int check_first(imp_job *job, gis_error *err)
{
    imp_feature f;
    bool done = false;
    char where[48];
    int rc = imp_ogr_source_next(job->src, &f, &done, err);
    if (rc == GIS_OK && done)
        rc = GIS_ERR(err, GIS_ESOURCE, "%s: no features to import (layer '%s')", job->file,
                     imp_ogr_source_layer_name(job->src));
    else if (rc == GIS_OK && !job->table && !f.is_empty && f.wkb == NULL)
        rc = GIS_ERR(err, GIS_ESOURCE, "%s: %s is %s but --as %s expects %s", job->file,
                     imp_job_where(job, f.index, where, sizeof where), imp_shape_name(f.shape),
                     job->opt->kind, imp_shape_name(job->shape));
    imp_ogr_source_rewind(job->src);
    return rc;
}

int imp_job_prepare(imp_job *job, gis_error *err)
{
    const imp_options *opt = job->opt;
    if (opt->kind == NULL || !imp_fields_is_kind(opt->kind))
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s' (one of: %s)",
                       opt->kind ? opt->kind : "", imp_fields_kinds());
    job->shape = kind_shape(opt->kind);
    int rc = imp_ogr_source_open(job->path, opt->layer, opt->encoding, &job->src, err);
    if (rc != GIS_OK)
        return rc;
    imp_ogr_source_set_shape(job->src, job->shape);
    job->csv = strcmp(imp_ogr_source_driver(job->src), "CSV") == 0;
    snprintf(job->sum->driver, sizeof job->sum->driver, "%s", imp_ogr_source_driver(job->src));
    snprintf(job->sum->layer, sizeof job->sum->layer, "%s", imp_ogr_source_layer_name(job->src));
    if ((rc = choose_coords(job, err)) != GIS_OK || (rc = check_first(job, err)) != GIS_OK)
        return rc;
    if ((rc = imp_fields_resolve(opt->kind, imp_ogr_source_field_names(job->src),
                                 imp_ogr_source_field_count(job->src), opt->fields, opt->n_fields,
                                 job->file, &job->map, err)) != GIS_OK)
        return rc;
    const char *texts[2] = {"name", "owner"};
    for (int i = 0; i < 2; i++) {
        int t = imp_fields_target(&job->map, texts[i]);
        job->text_field[i] = t >= 0 ? job->map.source_index[t] : -1;
    }
    if ((rc = decide_crs(job, err)) != GIS_OK)
        return rc;
    return imp_rows_new(opt->kind, &job->map, &job->rows, err);
}

void imp_job_clear(imp_job *job)
{
    imp_rows_free(job->rows);
    gis_crs_transform_free(job->tf);
    imp_ogr_source_close(job->src);
    job->rows = NULL;
    job->tf = NULL;
    job->src = NULL;
}
