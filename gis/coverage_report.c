/*
 * This file implements the coverage report's run (load the county, run each analysis in
 * turn), its lifetime, storing it and the report document. Findings, the summary JSON and the
 * CSV tables are built in coverage_findings.c, coverage_summary.c and coverage_csv.c.
 */
#include "gis/coverage_report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/crs.h"
#include "gis/geom_int.h"
#include "gis/population_table.h"
#include "gis/store_coverage.h"
#include "gis/store_facilities.h"
#include "gis/store_findings.h"
#include "gis/store_units.h"
#include "gis/zone_buffers.h"

void gis_coverage_options_defaults(gis_coverage_options *o)
{
    memset(o, 0, sizeof *o);
    gis_profile_defaults(&o->profile);
    o->max_sites_per_village = 5;
}

void gis_coverage_report_free(gis_coverage_report *r)
{
    if (r == NULL)
        return;
    gis_ctx *ctx = r->ctx;
    for (size_t v = 0; r->sites && v < r->n_villages; v++)
        gis_candidate_sites_free(ctx, r->sites[v], r->n_sites[v]);
    free(r->sites);
    free(r->n_sites);
    gis_grave_analysis_free(r->graves);
    gis_facility_coverage_free(r->fac);
    free(r->capacity);
    free(r->conflicts);
    gis_cemetery_coverage_free(r->cem);
    gis_finding_list_free(ctx, r->findings);
    json_decref(r->summary);
    json_decref(r->params);
    json_decref(r->repaired);
    free(r->village_township);
    gis_unit_array_free(ctx, r->counties, r->n_counties);
    gis_unit_array_free(ctx, r->townships, r->n_townships);
    gis_unit_array_free(ctx, r->villages, r->n_villages);
    gis_facility_array_free(ctx, r->cemeteries, r->n_cemeteries);
    gis_facility_array_free(ctx, r->facilities, r->n_facilities);
    gis_zone_array_free(ctx, r->zones, r->n_zones);
    free(r);
}

gis_finding_list *gis_coverage_report_findings(gis_coverage_report *r)
{
    return r->findings;
}

const json_t *gis_coverage_report_summary(const gis_coverage_report *r)
{
    return r->summary;
}

const json_t *gis_coverage_report_params(const gis_coverage_report *r)
{
    return r->params;
}

int64_t gis_coverage_report_n_villages(const gis_coverage_report *r)
{
    return (int64_t)r->n_villages;
}

static int load(gis_coverage_report *r, gis_store *s, gis_error *err)
{
    gis_ctx *ctx = r->ctx;
    int rc;
    if ((rc = gis_store_units_load(ctx, s, "county", &r->counties, &r->n_counties, err)) ||
        (rc = gis_store_units_load(ctx, s, "township", &r->townships, &r->n_townships, err)) ||
        (rc = gis_store_units_load(ctx, s, "village", &r->villages, &r->n_villages, err)) ||
        (rc = gis_store_facilities_load(ctx, s, "public_cemetery", &r->cemeteries, &r->n_cemeteries,
                                        err)) ||
        (rc = gis_store_facilities_load(ctx, s, NULL, &r->facilities, &r->n_facilities, err)) ||
        (rc = gis_store_zones_load(ctx, s, &r->zones, &r->n_zones, err)))
        return rc;
    if (r->n_villages == 0)
        return GIS_ERR(err, GIS_ENOTFOUND, "store %s has no villages: import villages first",
                       gis_store_path(s));
    if (r->opt.population_csv &&
        (rc = gis_population_table_apply(r->opt.population_csv, r->villages, r->n_villages, NULL,
                                         err)) != GIS_OK)
        return rc;
    r->village_township = malloc(r->n_villages * sizeof *r->village_township);
    if (r->village_township == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t v = 0; v < r->n_villages; v++) {
        const gis_unit *u = &r->villages[v];
        r->village_township[v] = -1;
        for (size_t t = 0; t < r->n_townships; t++) {
            const char *tc = r->townships[t].code;
            bool by_parent = u->parent_code && tc && strcmp(u->parent_code, tc) == 0;
            bool by_prefix = u->code && tc && strlen(tc) == 9 && strncmp(u->code, tc, 9) == 0;
            if (by_parent || (by_prefix && r->village_township[v] < 0))
                r->village_township[v] = (long)t;
        }
    }
    return GIS_OK;
}

/* Replaces an invalid polygon by GEOS MakeValid's repair, so that one self-intersecting village
 * or zone (which `jiewang validate` reports) does not stop the coverage analysis. */
static int repair(gis_coverage_report *r, gis_geom **g, const char *what, const char *id,
                  gis_error *err)
{
    gis_ctx *ctx = r->ctx;
    if (*g == NULL)
        return GIS_OK;
    char valid = GEOSisValid_r(ctx->geos, gis_geom_geos(*g));
    if (valid == 1)
        return GIS_OK;
    gis_geom *fixed = NULL;
    int rc = gis_geom_wrap(ctx, GEOSMakeValid_r(ctx->geos, gis_geom_geos(*g)), &fixed, err);
    if (rc != GIS_OK)
        return gis_err_prefix(err, "%s %s", what, id);
    gis_ctx_log(ctx, GIS_LOG_DEBUG, "%s %s: invalid geometry repaired for the coverage analysis",
                what, id);
    gis_geom_free(ctx, *g);
    *g = fixed; /* the repaired geometry moves into the record */
    json_array_append_new(r->repaired, json_pack("{s:s,s:s}", "layer", what, "id", id));
    return GIS_OK;
}

static int repair_all(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    if ((r->repaired = json_array()) == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t v = 0; v < r->n_villages && rc == GIS_OK; v++)
        rc = repair(r, &r->villages[v].geom, "village",
                    r->villages[v].code ? r->villages[v].code : "?", err);
    for (size_t z = 0; z < r->n_zones && rc == GIS_OK; z++) {
        char id[32];
        snprintf(id, sizeof id, "%lld", (long long)r->zones[z].id);
        rc = repair(r, &r->zones[z].geom, "no-burial zone", id, err);
    }
    return rc;
}

/* The county's 3-degree GK zone (DOMAIN.md CRS-02, CRS-04) from the villages' extent. */
static int choose_gk(gis_coverage_report *r, gis_error *err)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t v = 0; v < r->n_villages; v++) {
        double b[4];
        if (r->villages[v].geom == NULL || gis_geom_is_empty(r->ctx, r->villages[v].geom))
            continue;
        int rc = gis_geom_bounds(r->ctx, r->villages[v].geom, b, err);
        if (rc != GIS_OK)
            return gis_err_prefix(err, "village %s", r->villages[v].code);
        lo = fmin(lo, b[0]);
        hi = fmax(hi, b[2]);
    }
    if (!(lo <= hi))
        return GIS_ERR(err, GIS_EINVAL, "no village has a polygon: import village boundaries");
    int epsg = gis_crs_gk3_epsg(gis_crs_gk3_central_meridian((lo + hi) / 2), false);
    if (epsg == 0)
        return GIS_ERR(err, GIS_ECRS, "villages at longitude %.3f lie outside China's GK zones",
                       (lo + hi) / 2);
    snprintf(r->gk_crs, sizeof r->gk_crs, "EPSG:%d", epsg);
    return GIS_OK;
}

/* Widens each zone by its profile buffer (BUR-10/11) in place, when asked to. */
static int buffer_zones(gis_coverage_report *r, gis_crs_transform *to_gk,
                        gis_crs_transform *from_gk, gis_error *err)
{
    gis_geom **wide = NULL;
    int rc = gis_zone_buffers_derive(r->ctx, r->zones, r->n_zones, &r->opt.profile, to_gk, from_gk,
                                     &wide, err);
    if (rc != GIS_OK)
        return rc;
    for (size_t z = 0; z < r->n_zones; z++) {
        gis_geom_free(r->ctx, r->zones[z].geom);
        r->zones[z].geom = wide[z]; /* moves into the zone record */
    }
    free(wide);
    return GIS_OK;
}

static int find_sites(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    const gis_geom **excl = malloc((r->n_zones ? r->n_zones : 1) * sizeof *excl);
    r->sites = calloc(r->n_villages, sizeof *r->sites);
    r->n_sites = calloc(r->n_villages, sizeof *r->n_sites);
    if (excl == NULL || r->sites == NULL || r->n_sites == NULL)
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t z = 0; rc == GIS_OK && z < r->n_zones; z++)
        excl[z] = r->zones[z].geom;
    for (size_t v = 0; v < r->n_villages && rc == GIS_OK; v++) {
        if (strcmp(r->cem->villages[v].status, GIS_COV_UNCOVERED) != 0 ||
            r->villages[v].geom == NULL)
            continue;
        rc = gis_candidate_sites_find(r->ctx, r->villages[v].geom, excl, r->n_zones,
                                      r->opt.profile.min_candidate_site_m2, &r->sites[v],
                                      &r->n_sites[v], err);
        if (rc != GIS_OK) {
            gis_err_prefix(err, "candidate sites of village %s", r->villages[v].code);
            break;
        }
        size_t keep = r->opt.max_sites_per_village ? r->opt.max_sites_per_village : 5;
        for (size_t i = keep; i < r->n_sites[v]; i++)
            gis_geom_free(r->ctx, r->sites[v][i].geom);
        if (r->n_sites[v] > keep)
            r->n_sites[v] = keep;
    }
    free(excl);
    return rc;
}

static int analyse(gis_coverage_report *r, gis_store *s, gis_crs_transform *to_gk,
                   gis_crs_transform *from_gk, gis_error *err)
{
    gis_ctx *ctx = r->ctx;
    const gis_profile *p = &r->opt.profile;
    int rc;
    if (r->opt.buffer_zones && (rc = buffer_zones(r, to_gk, from_gk, err)) != GIS_OK)
        return rc;
    if ((rc = gis_cemetery_coverage_compute(ctx, r->villages, r->n_villages, r->cemeteries,
                                            r->n_cemeteries, to_gk, p->coverage_radius_m,
                                            r->opt.include_urban, &r->cem, err)) ||
        (rc = gis_cemetery_zone_conflicts(ctx, r->cemeteries, r->n_cemeteries, r->zones, r->n_zones,
                                          &r->conflicts, &r->n_conflicts, err)) ||
        (rc = gis_cemetery_capacity_compute(r->cemeteries, r->n_cemeteries, r->cem, r->villages,
                                            r->n_villages, p, &r->capacity, err)) ||
        (rc = gis_facility_coverage_compute(ctx, r->townships, r->n_townships, r->villages,
                                            r->n_villages, r->facilities, r->n_facilities, &r->fac,
                                            err)))
        return rc;
    if (!r->opt.skip_graves) {
        if ((rc = gis_grave_analysis_new(ctx, r->villages, r->n_villages, r->zones, r->n_zones,
                                         &r->graves, err)) ||
            (rc = gis_grave_analysis_scan(r->graves, s, err)))
            return rc;
    }
    return find_sites(r, err);
}

static json_t *make_params(const gis_coverage_report *r)
{
    const gis_profile *p = &r->opt.profile;
    return json_pack(
        "{s:s,s:o,s:b,s:b,s:s?,s:s,s:f,s:f,s:f,s:f,s:f,s:s,s:{s:f,s:f,s:f,s:f,s:f}}", "scope",
        r->opt.include_urban ? "all_villages" : "admin_villages", "radius_m",
        p->coverage_radius_m > 0 ? json_real(p->coverage_radius_m) : json_null(), "include_urban",
        r->opt.include_urban, "buffer_zones", r->opt.buffer_zones, "population_csv",
        r->opt.population_csv, "distance_crs", r->gk_crs, "crude_death_rate_per_mille",
        p->crude_death_rate_per_mille, "capacity_warning_years", p->capacity_warning_years,
        "beds_per_1000_older_target", p->beds_per_1000_older_target, "happiness_home_target_rate",
        p->happiness_home_target_rate, "min_candidate_site_m2", p->min_candidate_site_m2,
        "edge_convention", "on_edge_is_inside", "buffers_m", "railway", p->buffer_railway_m,
        "trunk_road", p->buffer_trunk_road_m, "reservoir", p->buffer_reservoir_m, "river_dike",
        p->buffer_river_dike_m, "water_source", p->buffer_water_source_m);
}

int gis_coverage_report_run(gis_ctx *ctx, gis_store *s, const gis_coverage_options *o,
                            gis_coverage_report **out, gis_error *err)
{
    *out = NULL;
    gis_crs_transform *to_gk = NULL, *from_gk = NULL;
    gis_coverage_report *r = calloc(1, sizeof *r);
    if (r == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    r->ctx = ctx;
    r->opt = *o;
    int rc;
    if ((rc = load(r, s, err)) || (rc = repair_all(r, err)) || (rc = choose_gk(r, err)) ||
        (rc = gis_crs_transform_new(ctx, GIS_CRS_STORE, r->gk_crs, &to_gk, err)) ||
        (rc = gis_crs_transform_new(ctx, r->gk_crs, GIS_CRS_STORE, &from_gk, err)) ||
        (rc = analyse(r, s, to_gk, from_gk, err)))
        goto done;
    r->params = make_params(r);
    if (r->params == NULL) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = gis_coverage_findings_build(r, err)) == GIS_OK)
        rc = gis_coverage_summary_build(r, err);
done:
    gis_crs_transform_free(to_gk);
    gis_crs_transform_free(from_gk);
    if (rc != GIS_OK) {
        gis_coverage_report_free(r);
        return rc;
    }
    *out = r;
    return GIS_OK;
}

int gis_coverage_report_save(gis_coverage_report *r, gis_store *s, int64_t *run_id_out,
                             gis_error *err)
{
    gis_findings_sync sync = {0};
    /* Findings and village_coverage rows are one atomic write (the inner writes nest). */
    int rc = gis_store_begin(s, err);
    if (rc != GIS_OK)
        return rc;
    rc = gis_store_findings_replace(r->ctx, s, "coverage", r->params, r->findings, &sync, err);
    if (rc != GIS_OK) {
        gis_store_rollback(s);
        return rc;
    }
    gis_coverage_row *rows = calloc(r->n_villages, sizeof *rows);
    char **ids = calloc(r->n_villages, sizeof *ids);
    if (rows == NULL || ids == NULL) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t v = 0; v < r->n_villages; v++) {
        const gis_cem_village *cv = &r->cem->villages[v];
        size_t len = 0, cap = cv->n_covering * 21 + 1;
        ids[v] = cv->n_covering ? malloc(cap) : NULL;
        for (size_t i = 0; ids[v] && i < cv->n_covering; i++)
            len += (size_t)snprintf(ids[v] + len, cap - len, "%s%lld", i ? "," : "",
                                    (long long)r->cemeteries[cv->covering[i]].id);
        rows[v] = (gis_coverage_row){
            .code = r->villages[v].code,
            .status = (char *)cv->status,
            .cemetery_ids = ids[v],
            .nearest_id = cv->nearest >= 0 ? r->cemeteries[cv->nearest].id : -1,
            .nearest_distance_m = cv->nearest_m,
            .graves_inside = r->graves ? r->graves->villages[v].in_zone : -1,
            .graves_to_relocate = r->graves ? r->graves->villages[v].to_relocate : -1};
    }
    rc = gis_store_coverage_write(s, rows, r->n_villages, sync.run_id, err);
done:
    if (rc == GIS_OK)
        rc = gis_store_commit(s, err);
    else
        gis_store_rollback(s);
    for (size_t v = 0; ids && v < r->n_villages; v++)
        free(ids[v]);
    free(ids);
    free(rows);
    if (rc == GIS_OK && run_id_out)
        *run_id_out = sync.run_id;
    return rc;
}

int gis_coverage_report_to_json(const gis_coverage_report *r, const char *command, json_t **out,
                                gis_error *err)
{
    json_t *doc = NULL;
    int rc =
        gis_findings_to_json(r->findings, command, r->params, (int64_t)r->n_villages, &doc, err);
    if (rc != GIS_OK)
        return rc;
    json_t *summary = json_object_get(doc, "summary");
    if (!json_is_object(summary) ||
        json_object_set_new(summary, "coverage", json_deep_copy(r->summary)) != 0) {
        json_decref(doc);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory building the coverage report");
    }
    *out = doc;
    return GIS_OK;
}
