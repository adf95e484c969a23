/*
 * This file implements the demo generator's entry point and shared helpers: it checks the
 * inputs, sets up the Gauss-Kruger working CRS (DOMAIN.md CRS-02/04), runs the steps in
 * demo_partition.c, demo_survey.c, demo_defects.c and demo_places.c inside one transaction,
 * and records the defects in the meta table. Everything it writes is synthetic except the
 * county outline and the unit codes and names.
 */
#include "gis/demo_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/metrics.h"
#include "gis/store_units.h"

void gis_demo_params_defaults(gis_demo_params *p)
{
    p->seed = GIS_DEMO_DEFAULT_SEED;
    p->n_graves = GIS_DEMO_DEFAULT_GRAVES;
    p->defects = true;
}

int demo_to_geo(demo_state *st, const GEOSGeometry *gk, gis_geom **out, gis_error *err)
{
    gis_geom view = {.g = (GEOSGeometry *)gk}; /* borrowed for the call, not freed */
    return gis_crs_transform_geom(st->ctx, st->to_geo, &view, out, err);
}

int demo_area_m2(demo_state *st, const GEOSGeometry *gk, double *out, gis_error *err)
{
    gis_geom *geo = NULL;
    int rc = demo_to_geo(st, gk, &geo, err);
    if (rc == GIS_OK)
        rc = gis_metrics_area_m2(st->ctx, geo, out, err);
    gis_geom_free(st->ctx, geo);
    return rc;
}

int demo_random_point_in(demo_state *st, const GEOSGeometry *poly, double *x, double *y,
                         gis_error *err)
{
    double minx, miny, maxx, maxy;
    GEOSGeom_getXMin_r(st->h, poly, &minx);
    GEOSGeom_getYMin_r(st->h, poly, &miny);
    GEOSGeom_getXMax_r(st->h, poly, &maxx);
    GEOSGeom_getYMax_r(st->h, poly, &maxy);
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(st->h, poly);
    if (prep == NULL)
        return gis_ctx_geos_error(st->ctx, err, __func__, "prepare");
    for (int attempt = 0; attempt < 10000; attempt++) {
        double px = demo_rng_range(&st->rng, minx, maxx);
        double py = demo_rng_range(&st->rng, miny, maxy);
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, px, py);
        char inside = GEOSPreparedContains_r(st->h, prep, pt);
        GEOSGeom_destroy_r(st->h, pt);
        if (inside == 1) {
            *x = px;
            *y = py;
            GEOSPreparedGeom_destroy_r(st->h, prep);
            return GIS_OK;
        }
    }
    GEOSPreparedGeom_destroy_r(st->h, prep);
    return GIS_ERR(err, GIS_EGEOM, "cannot place a random point inside a polygon");
}

int demo_village_at(demo_state *st, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, x, y);
    int found = -1;
    for (size_t i = 0; i < st->n_villages && found < 0; i++)
        if (st->villages[i].geom && GEOSIntersects_r(st->h, st->villages[i].geom, pt) == 1)
            found = (int)i;
    GEOSGeom_destroy_r(st->h, pt);
    return found;
}

void demo_defect_add(demo_state *st, json_t *defect)
{
    char id[16];
    snprintf(id, sizeof id, "D%zu", json_array_size(st->defects) + 1);
    json_object_set_new(defect, "id", json_string(id));
    json_array_append_new(st->defects, defect);
    st->summary->defects++;
}

/* Splits the real units into the county, townships and villages, checking codes nest. */
static int split_units(demo_state *st, const gis_unit *units, size_t n, gis_error *err)
{
    st->towns = calloc(n, sizeof *st->towns);
    st->villages = calloc(n, sizeof *st->villages);
    if (st->towns == NULL || st->villages == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const gis_unit *u = &units[i];
        if (u->level && strcmp(u->level, "county") == 0)
            st->county = u;
        else if (u->level && strcmp(u->level, "township") == 0)
            st->towns[st->n_towns++].src = u;
    }
    if (st->county == NULL || st->n_towns == 0)
        return GIS_ERR(err, GIS_EINVAL, "demo units need one county and its townships");
    for (size_t i = 0; i < n; i++) {
        const gis_unit *u = &units[i];
        if (u->level == NULL || strcmp(u->level, "village") != 0)
            continue;
        int t = -1;
        for (size_t k = 0; k < st->n_towns; k++)
            if (u->parent_code && strcmp(u->parent_code, st->towns[k].src->code) == 0)
                t = (int)k;
        if (t < 0)
            return GIS_ERR(err, GIS_EINVAL, "village %s has no township %s in the unit list",
                           u->code, u->parent_code ? u->parent_code : "(none)");
        st->villages[st->n_villages].src = u;
        st->villages[st->n_villages++].township = t;
    }
    return GIS_OK;
}

static void state_free(demo_state *st)
{
    for (size_t i = 0; st->towns && i < st->n_towns; i++)
        GEOSGeom_destroy_r(st->h, st->towns[i].geom);
    for (size_t i = 0; st->villages && i < st->n_villages; i++)
        GEOSGeom_destroy_r(st->h, st->villages[i].geom);
    for (size_t i = 0; st->lines && i < st->n_lines; i++)
        GEOSGeom_destroy_r(st->h, st->lines[i].geom);
    for (size_t i = 0; st->zones && i < st->n_zones; i++)
        GEOSGeom_destroy_r(st->h, st->zones[i]);
    free(st->towns);
    free(st->villages);
    free(st->lines);
    free(st->zones);
    if (st->outline)
        GEOSGeom_destroy_r(st->h, st->outline);
    gis_crs_transform_free(st->to_geo);
    json_decref(st->defects);
}

/* Projects the outline into the GK zone of its centre (DOMAIN.md CRS-02). */
static int setup_outline(demo_state *st, const gis_geom *outline, gis_error *err)
{
    double b[4];
    int rc = gis_geom_bounds(st->ctx, outline, b, err);
    if (rc != GIS_OK)
        return rc;
    st->cm = gis_crs_gk3_central_meridian((b[0] + b[2]) / 2);
    char gk[32];
    snprintf(gk, sizeof gk, "EPSG:%d", gis_crs_gk3_epsg(st->cm, false));
    gis_crs_transform *to_gk = NULL;
    gis_geom *projected = NULL;
    if ((rc = gis_crs_transform_new(st->ctx, GIS_CRS_STORE, gk, &to_gk, err)) != GIS_OK ||
        (rc = gis_crs_transform_new(st->ctx, gk, GIS_CRS_STORE, &st->to_geo, err)) != GIS_OK ||
        (rc = gis_crs_transform_geom(st->ctx, to_gk, outline, &projected, err)) != GIS_OK) {
        gis_crs_transform_free(to_gk);
        return rc;
    }
    gis_crs_transform_free(to_gk);
    st->outline = GEOSGeom_clone_r(st->h, projected->g);
    gis_geom_free(st->ctx, projected);
    if (st->outline == NULL)
        return gis_ctx_geos_error(st->ctx, err, __func__, "snap outline");
    return GIS_OK;
}

static int write_meta(demo_state *st, gis_store *s, gis_error *err)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)st->params->seed);
    char *defects = json_dumps(st->defects, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
    int rc = gis_store_meta_set(s, "county_code", st->county->code, err);
    if (rc == GIS_OK)
        rc = gis_store_meta_set(s, "county_name", st->county->name, err);
    if (rc == GIS_OK)
        rc = gis_store_meta_set(s, "data_vintage", "2023", err);
    if (rc == GIS_OK)
        rc = gis_store_meta_set(s, "demo_seed", seed, err);
    if (rc == GIS_OK)
        rc = gis_store_meta_set(s, "demo_defects", defects ? defects : "[]", err);
    if (rc == GIS_OK)
        rc = gis_store_meta_set(s, "synthetic",
                                "Unit polygons, lines, markers, facilities, zones and graves are "
                                "synthetic (jiewang demo); codes, names and the outline are real.",
                                err);
    free(defects);
    return rc;
}

static int run_steps(demo_state *st, gis_store *s, gis_error *err)
{
    int rc;
    if ((rc = demo_partition(st, err)) != GIS_OK || (rc = demo_lines_build(st, err)) != GIS_OK)
        return rc;
    if (st->params->defects && (rc = demo_boundary_defects(st, err)) != GIS_OK)
        return rc;
    if ((rc = demo_units_write(st, s, err)) != GIS_OK ||
        (rc = demo_survey_write(st, s, err)) != GIS_OK ||
        (rc = demo_places_write(st, s, err)) != GIS_OK)
        return rc;
    if ((rc = write_meta(st, s, err)) != GIS_OK)
        return rc;
    return gis_store_bump_data_version(s, err);
}

int gis_demo_generate(gis_ctx *ctx, gis_store *s, const gis_geom *outline, const gis_unit *units,
                      size_t n_units, const gis_demo_params *p, gis_demo_summary *out,
                      gis_error *err)
{
    memset(out, 0, sizeof *out);
    int64_t existing = 0;
    int rc = gis_store_count(s, "villages", &existing, err);
    if (rc != GIS_OK)
        return rc;
    if (existing > 0)
        return GIS_ERR(err, GIS_EINVAL, "store '%s' already holds units; the demo needs an "
                                        "empty store",
                       gis_store_path(s));
    demo_state st = {.ctx = ctx, .h = ctx->geos, .params = p, .summary = out,
                     .outline_geo = outline};
    st.rng.s = p->seed;
    st.defects = json_array();
    if ((rc = split_units(&st, units, n_units, err)) != GIS_OK ||
        (rc = setup_outline(&st, outline, err)) != GIS_OK) {
        state_free(&st);
        return rc;
    }
    if ((rc = gis_store_begin(s, err)) != GIS_OK) {
        state_free(&st);
        return rc;
    }
    rc = run_steps(&st, s, err);
    if (rc == GIS_OK)
        rc = gis_store_commit(s, err);
    if (rc != GIS_OK)
        gis_store_rollback(s);
    state_free(&st);
    return rc;
}
