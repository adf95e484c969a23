/*
 * This file turns the coverage analyses into findings (tool "coverage"): one per uncovered
 * village, cemetery in a no-burial zone, cemetery short of plots, zone with graves to
 * relocate, township without an elderly-care centre, county rate below target and candidate
 * site. Messages are Chinese; measures go to area_m2, distance_m and details.
 */
#include <math.h>
#include <string.h>

#include "gis/coverage_report_int.h"
#include "gis/geom_int.h"
#include "gis/store_coverage.h"

static const char *str(const char *s)
{
    return s ? s : "";
}

static const char *township_name(const gis_coverage_report *r, size_t v)
{
    long t = r->village_township[v];
    return t >= 0 ? str(r->townships[t].name) : "";
}

/* Adds a finding located at a point (EPSG:4490). */
static int add_at_point(gis_coverage_report *r, const char *rule, int sev, double x, double y,
                        gis_finding **out, gis_error *err)
{
    int rc = gis_finding_list_add(r->findings, rule, sev, out, err);
    if (rc != GIS_OK)
        return rc;
    gis_geom *g = NULL;
    rc = gis_geom_wrap(r->ctx, GEOSGeom_createPointFromXY_r(r->ctx->geos, x, y), &g, err);
    if (rc != GIS_OK)
        return rc;
    gis_finding_set_geom(r->ctx, *out, g); /* g moves into the finding */
    (*out)->lon = x;
    (*out)->lat = y;
    return GIS_OK;
}

static bool has_surface(const gis_coverage_report *r, const gis_geom *g)
{
    return g != NULL && !gis_geom_is_empty(r->ctx, g);
}

/* Adds a finding located at a point on the surface of polygon g. */
static int add_on_surface(gis_coverage_report *r, const char *rule, int sev, const gis_geom *g,
                          gis_finding **out, gis_error *err)
{
    GEOSGeometry *p = GEOSPointOnSurface_r(r->ctx->geos, gis_geom_geos(g));
    double x, y;
    if (p == NULL || !GEOSGeomGetX_r(r->ctx->geos, p, &x) || !GEOSGeomGetY_r(r->ctx->geos, p, &y)) {
        if (p)
            GEOSGeom_destroy_r(r->ctx->geos, p);
        return gis_ctx_geos_error(r->ctx, err, __func__, "point on surface");
    }
    GEOSGeom_destroy_r(r->ctx->geos, p);
    return add_at_point(r, rule, sev, x, y, out, err);
}

static bool facility_xy(const gis_coverage_report *r, const gis_facility *f, double *x, double *y)
{
    if (f->geom == NULL || GEOSisEmpty_r(r->ctx->geos, gis_geom_geos(f->geom)))
        return false;
    return GEOSGeomGetX_r(r->ctx->geos, gis_geom_geos(f->geom), x) == 1 &&
           GEOSGeomGetY_r(r->ctx->geos, gis_geom_geos(f->geom), y) == 1;
}

static int uncovered(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    for (size_t v = 0; v < r->n_villages && rc == GIS_OK; v++) {
        const gis_cem_village *cv = &r->cem->villages[v];
        if (strcmp(cv->status, GIS_COV_UNCOVERED) != 0)
            continue;
        const gis_unit *u = &r->villages[v];
        gis_finding *f = NULL;
        rc = has_surface(r, u->geom)
                 ? add_on_surface(r, "uncovered_village", GIS_SEV_ERROR, u->geom, &f, err)
                 : gis_finding_list_add(r->findings, "uncovered_village", GIS_SEV_ERROR, &f, err);
        if (rc != GIS_OK || (rc = gis_finding_add_unit(f, u->code, err)) != GIS_OK)
            break;
        f->distance_m = cv->nearest_m;
        json_object_set_new(f->details, "village_name", json_string(str(u->name)));
        json_object_set_new(f->details, "township_name", json_string(township_name(r, v)));
        if (cv->nearest < 0) {
            rc = gis_finding_set_message(f, err, "%s%s没有公益性公墓覆盖，全县没有可用的公墓",
                                         township_name(r, v), str(u->name));
            continue;
        }
        const gis_facility *c = &r->cemeteries[cv->nearest];
        json_object_set_new(f->details, "nearest_cemetery_id", json_integer(c->id));
        json_object_set_new(f->details, "nearest_cemetery_name", json_string(str(c->name)));
        rc =
            gis_finding_set_message(f, err, "%s%s没有公益性公墓覆盖，最近的公墓为%s，距离 %.0f 米",
                                    township_name(r, v), str(u->name), str(c->name), cv->nearest_m);
    }
    return rc;
}

static int in_zones(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    for (size_t i = 0; i < r->n_conflicts && rc == GIS_OK; i++) {
        const gis_facility *c = &r->cemeteries[r->conflicts[i].cemetery];
        const gis_zone *z = &r->zones[r->conflicts[i].zone];
        double x, y;
        gis_finding *f = NULL;
        rc = facility_xy(r, c, &x, &y)
                 ? add_at_point(r, "cemetery_in_no_burial_zone", GIS_SEV_ERROR, x, y, &f, err)
                 : add_on_surface(r, "cemetery_in_no_burial_zone", GIS_SEV_ERROR, c->footprint, &f,
                                  err);
        if (rc == GIS_OK && c->village_code)
            rc = gis_finding_add_unit(f, c->village_code, err);
        if (rc != GIS_OK)
            break;
        f->area_m2 = r->conflicts[i].overlap_m2;
        json_object_set_new(f->details, "cemetery_id", json_integer(c->id));
        json_object_set_new(f->details, "zone_id", json_integer(z->id));
        json_object_set_new(f->details, "zone_name", json_string(str(z->name)));
        rc = gis_finding_set_message(f, err, "%s位于禁葬区「%s」内", str(c->name), str(z->name));
    }
    return rc;
}

static int capacity_low(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    const gis_profile *p = &r->opt.profile;
    for (size_t k = 0; k < r->n_cemeteries && rc == GIS_OK; k++) {
        const gis_cem_capacity *cap = &r->capacity[k];
        const gis_facility *c = &r->cemeteries[k];
        double x, y;
        if (!cap->is_low || !facility_xy(r, c, &x, &y))
            continue;
        gis_finding *f = NULL;
        if ((rc = add_at_point(r, "cemetery_capacity_low", GIS_SEV_WARNING, x, y, &f, err)) ||
            (c->village_code && (rc = gis_finding_add_unit(f, c->village_code, err))))
            break;
        json_object_set_new(f->details, "cemetery_id", json_integer(c->id));
        json_object_set_new(f->details, "free_plots", json_integer(cap->free_plots));
        json_object_set_new(f->details, "served_population", json_real(cap->served_population));
        json_object_set_new(f->details, "years_left", json_real(cap->years_left));
        json_object_set_new(f->details, "warning_years", json_real(p->capacity_warning_years));
        rc = gis_finding_set_message(
            f, err,
            "%s剩余墓穴 %lld 个，按服务人口 %.0f 人、死亡率 %.1f‰ 测算仅可使用 "
            "%.1f 年（低于 %.0f 年）",
            str(c->name), (long long)cap->free_plots, cap->served_population,
            p->crude_death_rate_per_mille, cap->years_left, p->capacity_warning_years);
    }
    return rc;
}

static int graves(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    for (size_t z = 0; r->graves && z < r->n_zones && rc == GIS_OK; z++) {
        const gis_grave_stats *g = &r->graves->zones[z];
        if (g->to_relocate == 0)
            continue;
        gis_finding *f = NULL;
        if ((rc = add_on_surface(r, "graves_to_relocate", GIS_SEV_WARNING, r->zones[z].geom, &f,
                                 err)))
            break;
        json_t *d = f->details;
        json_object_set_new(d, "zone_id", json_integer(r->zones[z].id));
        json_object_set_new(d, "zone_name", json_string(str(r->zones[z].name)));
        json_object_set_new(d, "graves_inside", json_integer(g->in_zone));
        json_object_set_new(d, "protected", json_integer(g->protected_in_zone));
        json_object_set_new(d, "to_relocate", json_integer(g->to_relocate));
        json_object_set_new(d, "new_illegal", json_integer(g->new_illegal));
        json_object_set_new(d, "backlog", json_integer(g->backlog));
        rc = gis_finding_set_message(
            f, err,
            "禁葬区「%s」内有坟墓 %lld 座，其中受保护 %lld 座，需迁移或深埋 "
            "%lld 座（生效后新增 %lld 座，历史存量 %lld 座）",
            str(r->zones[z].name), (long long)g->in_zone, (long long)g->protected_in_zone,
            (long long)g->to_relocate, (long long)g->new_illegal, (long long)g->backlog);
    }
    return rc;
}

static int county_rate(gis_coverage_report *r, const char *rule, const char *msg_fmt, double a,
                       double b, gis_error *err)
{
    gis_finding *f = NULL;
    const gis_unit *county = r->n_counties ? &r->counties[0] : NULL;
    int rc = county && has_surface(r, county->geom)
                 ? add_on_surface(r, rule, GIS_SEV_WARNING, county->geom, &f, err)
                 : gis_finding_list_add(r->findings, rule, GIS_SEV_WARNING, &f, err);
    if (rc == GIS_OK && county && county->code)
        rc = gis_finding_add_unit(f, county->code, err);
    if (rc == GIS_OK)
        rc = gis_finding_set_message(f, err, msg_fmt, a, b);
    return rc;
}

static int facilities(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    const gis_profile *p = &r->opt.profile;
    for (size_t t = 0; t < r->n_townships && rc == GIS_OK; t++) {
        if (r->fac->townships[t].n_centres > 0)
            continue;
        const gis_unit *u = &r->townships[t];
        gis_finding *f = NULL;
        rc = has_surface(r, u->geom)
                 ? add_on_surface(r, "township_without_elderly_facility", GIS_SEV_WARNING, u->geom,
                                  &f, err)
                 : gis_finding_list_add(r->findings, "township_without_elderly_facility",
                                        GIS_SEV_WARNING, &f, err);
        if (rc == GIS_OK)
            rc = gis_finding_add_unit(f, u->code, err);
        if (rc == GIS_OK)
            rc = gis_finding_set_message(f, err, "%s没有综合养老服务中心（DOMAIN ELD-02）",
                                         str(u->name));
    }
    const gis_fac_counts *c = &r->fac->county;
    if (rc == GIS_OK && isfinite(c->home_rate) && c->home_rate < p->happiness_home_target_rate)
        rc = county_rate(r, "happiness_home_rate_below_target",
                         "全县行政村农村幸福院覆盖率 %.1f%%，低于目标 %.0f%%", c->home_rate * 100,
                         p->happiness_home_target_rate * 100, err);
    if (rc == GIS_OK && isfinite(c->beds_per_1000) &&
        c->beds_per_1000 < p->beds_per_1000_older_target)
        rc = county_rate(r, "beds_below_target",
                         "全县每千名老年人拥有养老床位 %.1f 张，低于目标 %.0f 张（ELD-04）",
                         c->beds_per_1000, p->beds_per_1000_older_target, err);
    return rc;
}

static int sites(gis_coverage_report *r, gis_error *err)
{
    int rc = GIS_OK;
    for (size_t v = 0; r->sites && v < r->n_villages && rc == GIS_OK; v++) {
        for (size_t i = 0; i < r->n_sites[v] && rc == GIS_OK; i++) {
            const gis_candidate_site *s = &r->sites[v][i];
            gis_finding *f = NULL;
            gis_geom *copy = NULL;
            if ((rc = add_on_surface(r, "candidate_site", GIS_SEV_INFO, s->geom, &f, err)) ||
                (rc = gis_finding_add_unit(f, r->villages[v].code, err)) ||
                (rc = gis_geom_clone(r->ctx, s->geom, &copy, err)))
                break;
            gis_finding_set_geom(r->ctx, f, copy); /* copy moves into the finding */
            f->area_m2 = s->area_m2;
            json_object_set_new(f->details, "rank", json_integer((json_int_t)i + 1));
            rc = gis_finding_set_message(f, err, "%s%s公墓候选地块 %zu：%.0f 平方米（约 %.1f 亩）",
                                         township_name(r, v), str(r->villages[v].name), i + 1,
                                         s->area_m2, s->area_m2 / 666.67);
        }
    }
    return rc;
}

int gis_coverage_findings_build(gis_coverage_report *r, gis_error *err)
{
    int rc = gis_finding_list_new(&r->findings, err);
    if (rc == GIS_OK && (rc = uncovered(r, err)) == GIS_OK && (rc = in_zones(r, err)) == GIS_OK &&
        (rc = capacity_low(r, err)) == GIS_OK && (rc = graves(r, err)) == GIS_OK &&
        (rc = facilities(r, err)) == GIS_OK)
        rc = sites(r, err);
    return rc;
}
