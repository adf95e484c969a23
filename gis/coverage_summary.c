/*
 * This file builds summary.coverage, the JSON object the county reports upward: coverage
 * counts and rates (covered / administrative villages) for the county and each township,
 * cemetery, grave and elderly-care figures, candidate sites. Built with jansson.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gis/coverage_report_int.h"
#include "gis/store_coverage.h"

typedef struct cov_counts {
    json_int_t admin, covered, inside, assigned, radius, uncovered, urban;
} cov_counts;

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static void tally(cov_counts *c, const char *status)
{
    if (strcmp(status, GIS_COV_URBAN) == 0) {
        c->urban++;
        return;
    }
    c->admin++;
    if (strcmp(status, GIS_COV_UNCOVERED) == 0) {
        c->uncovered++;
        return;
    }
    c->covered++;
    if (strcmp(status, GIS_COV_COVERED) == 0)
        c->inside++;
    else if (strcmp(status, GIS_COV_COVERED_BY_ASSIGNMENT) == 0)
        c->assigned++;
    else
        c->radius++;
}

static json_t *counts_json(const gis_unit *u, const cov_counts *c, const gis_fac_counts *f)
{
    json_t *o = json_pack("{s:s?,s:s?,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "code", u ? u->code : NULL,
                          "name", u ? u->name : NULL, "villages_in_scope", c->admin, "covered",
                          c->covered, "covered_inside", c->inside, "covered_by_assignment",
                          c->assigned, "covered_by_radius", c->radius, "uncovered", c->uncovered,
                          "urban_communities", c->urban);
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "coverage_rate",
                        real_or_null(c->admin ? (double)c->covered / (double)c->admin : NAN));
    json_object_set_new(o, "elderly_care_centres", json_integer((json_int_t)f->n_centres));
    json_object_set_new(o, "admin_villages", json_integer((json_int_t)f->n_admin_villages));
    json_object_set_new(o, "villages_with_happiness_home",
                        json_integer((json_int_t)f->n_with_home));
    json_object_set_new(o, "happiness_home_rate", real_or_null(f->home_rate));
    json_object_set_new(o, "beds", json_integer(f->beds));
    json_object_set_new(o, "older_population",
                        f->older_population >= 0 ? json_integer(f->older_population) : json_null());
    json_object_set_new(o, "beds_per_1000_older", real_or_null(f->beds_per_1000));
    return o;
}

static json_t *stats_json(const gis_grave_stats *s)
{
    json_t *o =
        json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "total", (json_int_t)s->total, "in_zone",
                  (json_int_t)s->in_zone, "protected_in_zone", (json_int_t)s->protected_in_zone,
                  "to_relocate", (json_int_t)s->to_relocate, "new_illegal",
                  (json_int_t)s->new_illegal, "backlog", (json_int_t)s->backlog);
    json_t *st = json_object();
    for (int i = 0; i < GIS_GRAVE_STATUS_COUNT; i++)
        json_object_set_new(st, gis_grave_status_name(i), json_integer(s->by_status[i]));
    json_object_set_new(o, "in_zone_by_status", st);
    return o;
}

static json_t *graves_json(const gis_coverage_report *r)
{
    if (r->graves == NULL)
        return json_null();
    json_t *o = stats_json(&r->graves->county);
    json_object_set_new(o, "outside_villages", json_integer(r->graves->n_outside_villages));
    json_t *all = json_object();
    for (int i = 0; i < GIS_GRAVE_STATUS_COUNT; i++)
        json_object_set_new(all, gis_grave_status_name(i), json_integer(r->graves->by_status[i]));
    json_object_set_new(o, "by_status", all);
    json_t *zones = json_array();
    for (size_t z = 0; z < r->n_zones; z++) {
        json_t *zo = stats_json(&r->graves->zones[z]);
        json_object_set_new(zo, "zone_id", json_integer(r->zones[z].id));
        json_object_set_new(zo, "name", json_string(r->zones[z].name ? r->zones[z].name : ""));
        json_object_set_new(zo, "reason",
                            r->zones[z].reason ? json_string(r->zones[z].reason) : json_null());
        json_object_set_new(zo, "effective_date",
                            r->zones[z].effective_date ? json_string(r->zones[z].effective_date)
                                                       : json_null());
        json_array_append_new(zones, zo);
    }
    json_object_set_new(o, "zones", zones);
    return o;
}

static json_t *cemeteries_json(const gis_coverage_report *r)
{
    json_int_t low = 0;
    for (size_t k = 0; k < r->n_cemeteries; k++)
        low += r->capacity[k].is_low;
    json_int_t sites = 0, villages = 0;
    double area = 0;
    for (size_t v = 0; r->sites && v < r->n_villages; v++) {
        villages += r->n_sites[v] > 0;
        sites += (json_int_t)r->n_sites[v];
        for (size_t i = 0; i < r->n_sites[v]; i++)
            area += r->sites[v][i].area_m2;
    }
    return json_pack("{s:I,s:I,s:I,s:{s:I,s:I,s:f}}", "public_cemeteries",
                     (json_int_t)r->n_cemeteries, "in_no_burial_zone", (json_int_t)r->n_conflicts,
                     "capacity_low", low, "candidate_sites", "villages", villages, "sites", sites,
                     "area_m2", area);
}

int gis_coverage_summary_build(gis_coverage_report *r, gis_error *err)
{
    cov_counts county = {0};
    cov_counts *per = calloc(r->n_townships ? r->n_townships : 1, sizeof *per);
    if (per == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t v = 0; v < r->n_villages; v++) {
        const char *status = r->cem->villages[v].status;
        tally(&county, status);
        if (r->village_township[v] >= 0)
            tally(&per[r->village_township[v]], status);
    }
    json_t *towns = json_array();
    for (size_t t = 0; t < r->n_townships; t++)
        json_array_append_new(towns, counts_json(&r->townships[t], &per[t], &r->fac->townships[t]));
    free(per);
    r->summary = json_object();
    json_object_set_new(
        r->summary, "county",
        counts_json(r->n_counties ? &r->counties[0] : NULL, &county, &r->fac->county));
    json_object_set_new(r->summary, "townships", towns);
    json_object_set_new(r->summary, "cemeteries", cemeteries_json(r));
    json_object_set_new(r->summary, "graves", graves_json(r));
    json_object_set_new(r->summary, "repaired_geometries", json_deep_copy(r->repaired));
    if (json_object_size(r->summary) != 5 || !json_is_object(json_object_get(r->summary, "county")))
        return GIS_ERR(err, GIS_ENOMEM, "out of memory building the coverage summary");
    return GIS_OK;
}
