/*
 * This file implements the orchestration of boundary validation: options, the run state,
 * geometry validity (invalid_geometry, with a repaired copy for the other rules), units without
 * geometry, parents without children, and the helpers that turn GEOS geometries into findings.
 * The rules themselves live in validate_codes.c, validate_partition.c, validate_markers.c and
 * validate_lines.c. It does not print.
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/metrics.h"
#include "gis/store_info.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"

void gis_validate_opts_init(gis_validate_opts *o, const gis_profile *p)
{
    gis_profile d;
    if (p == NULL) {
        gis_profile_defaults(&d);
        p = &d;
    }
    o->level = GIS_VALIDATE_ALL;
    o->tolerance_m = p->marker_tolerance_m;
    o->two_sided_tolerance_m = p->two_sided_tolerance_m;
    o->inspection_years = p->inspection_interval_years;
    o->today = NULL;
    o->min_area_m2 = p->min_area_m2;
    o->sliver_width_m = p->sliver_width_m;
    o->overlay_crs = GIS_VALIDATE_CRS_AUTO;
}

const char *gis_validate_rule_zh(const char *rule)
{
    static const char *const t[][2] = {
        {"invalid_geometry", "几何无效"},
        {"gap", "缝隙"},
        {"overlap", "重叠"},
        {"outside_parent", "超出上级边界"},
        {"parent_mismatch", "上级代码不符"},
        {"duplicate_code", "代码重复"},
        {"bad_code", "代码格式错误"},
        {"unit_without_geometry", "缺少边界几何"},
        {"parent_without_children", "无下级单位"},
        {"marker_off_line", "界桩偏离界线"},
        {"duplicate_marker", "界桩编号重复"},
        {"marker_unknown_line", "界桩所属界线不存在"},
        {"marker_order", "界桩编号顺序错误"},
        {"triple_point_without_marker", "三交点缺少界桩"},
        {"line_dangle", "界线悬挂端点"},
        {"line_unclosed", "界线未闭合"},
        {"two_sided_mismatch", "双方界线不一致"},
        {"inspection_overdue", "联检超期"},
    };
    for (size_t i = 0; rule != NULL && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(rule, t[i][0]) == 0)
            return t[i][1];
    return rule;
}

int gis_validate_level_parse(const char *s)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "township") == 0)
        return GIS_VALIDATE_TOWNSHIP;
    if (strcmp(s, "village") == 0)
        return GIS_VALIDATE_VILLAGE;
    if (strcmp(s, "all") == 0)
        return GIS_VALIDATE_ALL;
    return -1;
}

json_t *gis_validate_opts_json(const gis_validate_opts *o)
{
    const char *level = o->level == GIS_VALIDATE_TOWNSHIP  ? "township"
                        : o->level == GIS_VALIDATE_VILLAGE ? "village"
                                                           : "all";
    const char *crs = o->overlay_crs == GIS_VALIDATE_CRS_GK           ? "gk"
                      : o->overlay_crs == GIS_VALIDATE_CRS_GEOGRAPHIC ? "EPSG:4490"
                                                                      : "auto";
    return json_pack("{s:s,s:f,s:f,s:f,s:f,s:s}", "level", level, "tolerance_m", o->tolerance_m,
                     "two_sided_tolerance_m", o->two_sided_tolerance_m, "min_area_m2",
                     o->min_area_m2, "sliver_width_m", o->sliver_width_m, "overlay_crs", crs);
}

/* ---- run state helpers ------------------------------------------------------------------ */

static int cmp_codes(const vrun *r, size_t i, size_t j)
{
    const char *x = r->units[i].u->code ? r->units[i].u->code : "";
    const char *y = r->units[j].u->code ? r->units[j].u->code : "";
    int c = strcmp(x, y);
    return c != 0 ? c : (i > j) - (i < j);
}

/* Bottom-up merge sort of r->by_code by code; a hand-written sort keeps the comparison free
 * of globals (C17 has no qsort_r). */
static int sort_by_code(vrun *r, gis_error *err)
{
    size_t n = r->n_units;
    size_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (tmp == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory sorting units");
    size_t *a = r->by_code, *b = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                b[k++] = cmp_codes(r, a[i], a[j]) <= 0 ? a[i++] : a[j++];
            while (i < mid)
                b[k++] = a[i++];
            while (j < hi)
                b[k++] = a[j++];
        }
        size_t *t = a;
        a = b;
        b = t;
    }
    if (a != r->by_code)
        memcpy(r->by_code, a, n * sizeof *a);
    free(tmp);
    return GIS_OK;
}

const vunit *vrun_find(const vrun *r, const char *code)
{
    if (code == NULL)
        return NULL;
    size_t lo = 0, hi = r->n_units;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = r->units[r->by_code[mid]].u->code;
        if (strcmp(c ? c : "", code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->n_units) {
        const vunit *v = &r->units[r->by_code[lo]];
        if (v->u->code != NULL && strcmp(v->u->code, code) == 0)
            return v;
    }
    return NULL;
}

const char *vrun_name(const vrun *r, const char *code)
{
    const vunit *v = vrun_find(r, code);
    return v != NULL && v->u->name != NULL && v->u->name[0] ? v->u->name : code;
}

static double seconds_since(const struct timespec *then, const struct timespec *now)
{
    return (double)(now->tv_sec - then->tv_sec) + (double)(now->tv_nsec - then->tv_nsec) / 1e9;
}

void vrun_lap(vrun *r, const char *phase)
{
    struct timespec now, cpu;
    clock_gettime(CLOCK_MONOTONIC, &now);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    gis_ctx_log(r->ctx, GIS_LOG_DEBUG, "validate: %s %.3f s (CPU %.3f s)", phase,
                seconds_since(&r->lap, &now), seconds_since(&r->lap_cpu, &cpu));
    r->lap = now;
    r->lap_cpu = cpu;
}

bool vrun_level_checked(const vrun *r, const char *level)
{
    if (level == NULL)
        return false;
    if (strcmp(level, "township") == 0 || strcmp(level, "county") == 0)
        return (r->o->level & GIS_VALIDATE_TOWNSHIP) != 0;
    if (strcmp(level, "village") == 0)
        return (r->o->level & GIS_VALIDATE_VILLAGE) != 0;
    return false;
}

int vrun_measure(vrun *r, const GEOSGeometry *g, double *area_m2, double *perimeter_m,
                 gis_error *err)
{
    gis_geom view = {(GEOSGeometry *)g};
    int rc = area_m2 ? gis_metrics_area_m2(r->ctx, &view, area_m2, err) : GIS_OK;
    if (rc == GIS_OK && perimeter_m != NULL)
        rc = gis_metrics_length_m(r->ctx, &view, perimeter_m, err);
    return rc;
}

GEOSGeometry *vrun_snap(vrun *r, const GEOSGeometry *g)
{
    GEOSGeometry *s = GEOSGeom_setPrecision_r(r->h, g, r->overlay_gk ? 1e-6 : 1e-11, 0);
    /* Snap-rounding can fail on awkward holes; the part unsnapped is still a true answer. */
    return s != NULL ? s : GEOSGeom_clone_r(r->h, g);
}

int vrun_area_finding(vrun *r, const char *rule, GEOSGeometry *poly, gis_finding **out,
                      gis_error *err)
{
    *out = NULL;
    double area = 0, perimeter = 0;
    GEOSGeometry *geo = NULL;
    int rc = GIS_OK;
    /* Overlay of nearly collinear edges can leave zero-width spikes (a float apart) on a part;
     * in degrees they stay thin, but measured on the ellipsoid a spike along a 10 km GK line
     * bows by centimetres and adds tens of m². Snap-rounding to 1 micrometre removes them without
     * moving thin slivers by more than their perimeter times 1e-6 m. */
    GEOSGeometry *snapped = vrun_snap(r, poly);
    GEOSGeom_destroy_r(r->h, poly);
    if (snapped == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "snap part");
    poly = snapped;
    if (r->overlay_gk) {
        rc = vrun_to_geo(r, poly, &geo, err);
        GEOSGeom_destroy_r(r->h, poly);
    } else {
        geo = poly; /* already EPSG:4490 */
    }
    if (rc == GIS_OK)
        rc = vrun_measure(r, geo, &area, &perimeter, err);
    if (rc != GIS_OK || area < r->o->min_area_m2 || area <= 0) {
        if (geo != NULL)
            GEOSGeom_destroy_r(r->h, geo);
        return rc;
    }
    gis_finding *f = NULL;
    gis_geom *g = NULL;
    if ((rc = gis_finding_list_add(r->out, rule, GIS_SEV_ERROR, &f, err)) != GIS_OK) {
        GEOSGeom_destroy_r(r->h, geo);
        return rc;
    }
    if ((rc = gis_geom_wrap(r->ctx, geo, &g, err)) != GIS_OK) /* geo moves into g */
        return rc;
    gis_finding_set_geom(r->ctx, f, g);
    f->area_m2 = area;
    /* For a long strip of width w, 2 * area / perimeter tends to w. */
    double width = perimeter > 0 ? 2 * area / perimeter : 0;
    if (width < r->o->sliver_width_m) {
        json_object_set_new(f->details, "sliver", json_true());
        json_object_set_new(f->details, "width_m", json_real(round(width * 1000) / 1000));
    }
    if ((rc = gis_finding_locate(r->ctx, f, err)) != GIS_OK)
        return rc;
    *out = f;
    return GIS_OK;
}

int vrun_point_finding(vrun *r, const char *rule, int severity, double lon, double lat,
                       gis_finding **out, gis_error *err)
{
    *out = NULL;
    gis_finding *f = NULL;
    gis_geom *g = NULL;
    int rc = gis_finding_list_add(r->out, rule, severity, &f, err);
    if (rc != GIS_OK)
        return rc;
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(r->h, lon, lat);
    if ((rc = gis_geom_wrap(r->ctx, p, &g, err)) != GIS_OK) /* p moves into g */
        return rc;
    gis_finding_set_geom(r->ctx, f, g);
    f->lon = lon;
    f->lat = lat;
    *out = f;
    return GIS_OK;
}

int vrun_polygons(vrun *r, const GEOSGeometry *g, GEOSGeometry ***out, size_t *n_out,
                  gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    int type = GEOSGeomTypeId_r(r->h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(r->h, g) == 1)
            return GIS_OK;
        GEOSGeometry **a = malloc(sizeof *a);
        if (a == NULL || (a[0] = GEOSGeom_clone_r(r->h, g)) == NULL) {
            free(a);
            return GIS_ERR(err, GIS_ENOMEM, "out of memory collecting polygons");
        }
        *out = a;
        *n_out = 1;
        return GIS_OK;
    }
    if (type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION)
        return GIS_OK;
    int n = GEOSGetNumGeometries_r(r->h, g);
    GEOSGeometry **all = NULL;
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        GEOSGeometry **part = NULL;
        size_t n_part = 0;
        int rc = vrun_polygons(r, GEOSGetGeometryN_r(r->h, g, i), &part, &n_part, err);
        GEOSGeometry **grown =
            rc == GIS_OK ? realloc(all, (total + n_part + 1) * sizeof *all) : NULL;
        if (grown == NULL) {
            for (size_t k = 0; k < n_part; k++)
                GEOSGeom_destroy_r(r->h, part[k]);
            for (size_t k = 0; k < total; k++)
                GEOSGeom_destroy_r(r->h, all[k]);
            free(part);
            free(all);
            return rc != GIS_OK ? rc : GIS_ERR(err, GIS_ENOMEM, "out of memory");
        }
        all = grown;
        if (n_part > 0)
            memcpy(all + total, part, n_part * sizeof *part);
        total += n_part;
        free(part);
    }
    *out = all;
    *n_out = total;
    return GIS_OK;
}

/* ---- validity ----------------------------------------------------------------------------- */

static const char *reason_zh(const char *reason)
{
    static const struct {
        const char *en, *zh;
    } t[] = {{"Ring Self-intersection", "环自相交"},
             {"Self-intersection", "自相交"},
             {"Too few points", "点数过少"},
             {"Nested shells", "外环嵌套"},
             {"Nested holes", "内环嵌套"},
             {"Hole lies outside shell", "内环位于外环之外"},
             {"Interior is disconnected", "内部不连通"},
             {"Duplicate Rings", "重复的环"},
             {"Invalid Coordinate", "坐标无效"},
             {"Ring is not closed", "环未闭合"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strncmp(reason, t[i].en, strlen(t[i].en)) == 0)
            return t[i].zh;
    return "几何无效";
}

/* Tests g's validity; on failure returns the reason and location (owned: GEOSFree_r and
 * GEOSGeom_destroy_r). Returns 1 valid, 0 invalid, 2 on GEOS error. */
static char validity(vrun *r, const GEOSGeometry *g, char **reason, double xy[2])
{
    GEOSGeometry *where = NULL;
    *reason = NULL;
    xy[0] = xy[1] = NAN;
    char valid = GEOSisValidDetail_r(r->h, g, 0, reason, &where);
    if (where != NULL) {
        GEOSGeomGetX_r(r->h, where, &xy[0]);
        GEOSGeomGetY_r(r->h, where, &xy[1]);
        GEOSGeom_destroy_r(r->h, where);
    }
    return valid;
}

static int report_invalid(vrun *r, const vunit *v, int severity, const char *reason,
                          const double xy[2], const char *note, gis_error *err)
{
    gis_finding *f = NULL;
    int rc = vrun_point_finding(r, "invalid_geometry", severity, xy[0], xy[1], &f, err);
    if (rc == GIS_OK)
        rc = gis_finding_add_unit(f, v->u->code ? v->u->code : "", err);
    if (rc == GIS_OK)
        rc = gis_finding_set_message(f, err, "%s (%s) 的边界几何无效: %s (%s)%s", v->u->name,
                                     v->u->code, reason_zh(reason ? reason : ""),
                                     reason ? reason : "?", note);
    if (rc == GIS_OK)
        json_object_set_new(f->details, "reason", json_string(reason ? reason : ""));
    return rc;
}

/* Checks validity in the overlay CRS (GK or EPSG:4490), where the other rules work, reports
 * an invalid geometry with GEOS's reason and location, and repairs the overlay copy. A geometry
 * valid in GK but not in EPSG:4490 (parts that touch in the survey plane cross by a float
 * after reprojection) gets a warning: readers of the store see it invalid. */
static int check_validity(vrun *r, vunit *v, gis_error *err)
{
    char *reason = NULL;
    double xy[2];
    char valid = validity(r, v->ov, &reason, xy);
    int rc = valid == 2 ? gis_ctx_geos_error(r->ctx, err, __func__, "validity check") : GIS_OK;
    if (rc == GIS_OK && valid == 0 && r->overlay_gk)
        rc = gis_crs_transform_xy(r->ctx, r->to_geo, xy, 1, err);
    if (rc == GIS_OK && valid == 0)
        rc = report_invalid(r, v, GIS_SEV_ERROR, reason, xy, "", err);
    if (rc == GIS_OK && valid == 0) {
        GEOSGeometry *fixed = GEOSMakeValid_r(r->h, v->ov);
        if (fixed == NULL) {
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "make valid");
        } else if (r->overlay_gk) {
            GEOSGeom_destroy_r(r->h, v->gk);
            v->ov = v->gk = fixed;
        } else {
            v->ov = v->geo = v->fixed = fixed;
        }
    }
    if (reason != NULL)
        GEOSFree_r(r->h, reason);
    if (rc != GIS_OK || valid != 1 || !r->overlay_gk)
        return rc;
    valid = validity(r, v->geo, &reason, xy);
    if (valid == 0)
        rc = report_invalid(r, v, GIS_SEV_WARNING, reason, xy,
                            "; 仅在 EPSG:4490 中无效, 高斯-克吕格坐标中有效 (投影误差)", err);
    if (reason != NULL)
        GEOSFree_r(r->h, reason);
    return rc;
}

static int unit_finding(vrun *r, const char *rule, int severity, const vunit *v, gis_finding **out,
                        gis_error *err)
{
    int rc = gis_finding_list_add(r->out, rule, severity, out, err);
    if (rc == GIS_OK)
        rc = gis_finding_add_unit(*out, v->u->code ? v->u->code : "", err);
    return rc;
}

static bool has_geom(const vrun *r, size_t i)
{
    return r->units[i].u->geom != NULL && !gis_geom_is_empty(r->ctx, r->units[i].u->geom);
}

/* In GK overlay: the zone (from the units read up to the first checked one, as a unit-by-unit
 * pass would), then every unit's geometry, and a worker thread that transforms the checked
 * units ahead of the loop (*list, *pool; both may stay NULL). */
static int start_gk(vrun *r, size_t **list, vgk_pool **pool, gis_error *err)
{
    size_t i = 0, n = 0;
    for (; i < r->n_units; i++) {
        if (has_geom(r, i))
            r->units[i].geo = gis_geom_geos(r->units[i].u->geom);
        if (r->units[i].geo != NULL && vrun_level_checked(r, r->units[i].u->level))
            break;
    }
    if (i == r->n_units)
        return GIS_OK; /* nothing to transform */
    int rc = vrun_gk_init(r, err);
    if (rc != GIS_OK)
        return rc;
    if ((*list = malloc(r->n_units * sizeof **list)) == NULL)
        return GIS_OK; /* no worker: the loop transforms */
    for (size_t k = 0; k < r->n_units; k++) {
        if (has_geom(r, k))
            r->units[k].geo = gis_geom_geos(r->units[k].u->geom);
        if (r->units[k].geo != NULL && vrun_level_checked(r, r->units[k].u->level))
            (*list)[n++] = k;
    }
    return vgk_pool_start(r, *list, n, pool, err);
}

/* Prepares every unit: validity of the checked levels, and unit_without_geometry. */
static int prepare_units(vrun *r, gis_error *err)
{
    size_t *list = NULL, taken = 0;
    vgk_pool *pool = NULL;
    int rc = r->overlay_gk ? start_gk(r, &list, &pool, err) : GIS_OK;
    for (size_t i = 0; i < r->n_units && rc == GIS_OK; i++) {
        vunit *v = &r->units[i];
        bool checked = vrun_level_checked(r, v->u->level);
        if (has_geom(r, i)) {
            if (v->geo == NULL) /* start_gk set it already: the worker may be reading it */
                v->geo = gis_geom_geos(v->u->geom);
            if (checked && r->overlay_gk)
                rc = pool != NULL ? vgk_pool_take(r, pool, taken++, &v->gk, err)
                                  : vrun_to_gk(r, v->geo, &v->gk, err);
            if (checked)
                v->ov = r->overlay_gk ? v->gk : v->geo;
            if (checked && rc == GIS_OK)
                rc = check_validity(r, v, err);
        } else if (checked) {
            gis_finding *f = NULL;
            rc = unit_finding(r, "unit_without_geometry", GIS_SEV_ERROR, v, &f, err);
            if (rc == GIS_OK)
                rc =
                    gis_finding_set_message(f, err, "%s (%s) 没有边界几何", v->u->name, v->u->code);
        }
    }
    vgk_pool_stop(pool);
    free(list);
    return rc;
}

static bool has_level(const vrun *r, const char *level)
{
    for (size_t i = 0; i < r->n_units; i++)
        if (r->units[i].u->level != NULL && strcmp(r->units[i].u->level, level) == 0)
            return true;
    return false;
}

/* parent_without_children: a county without townships, a township without villages, when the
 * child level is loaded at all (a file of townships alone is not a defect). */
static int check_childless(vrun *r, gis_error *err)
{
    static const char *const pairs[2][3] = {{"county", "township", "乡级单位"},
                                            {"township", "village", "村级单位"}};
    int rc = GIS_OK;
    for (int p = 0; p < 2 && rc == GIS_OK; p++) {
        if (!vrun_level_checked(r, pairs[p][1]) || !has_level(r, pairs[p][1]))
            continue;
        for (size_t i = 0; i < r->n_units && rc == GIS_OK; i++) {
            const vunit *v = &r->units[i];
            if (v->u->level == NULL || strcmp(v->u->level, pairs[p][0]) != 0)
                continue;
            bool found = false;
            for (size_t j = 0; j < r->n_units && !found; j++) {
                const gis_unit *c = r->units[j].u;
                found = c->parent_code != NULL && c->level != NULL && v->u->code != NULL &&
                        strcmp(c->level, pairs[p][1]) == 0 &&
                        strcmp(c->parent_code, v->u->code) == 0;
            }
            if (found)
                continue;
            gis_finding *f = NULL;
            rc = unit_finding(r, "parent_without_children", GIS_SEV_WARNING, v, &f, err);
            if (rc == GIS_OK && v->geo != NULL) {
                gis_finding_set_geom(r->ctx, f, NULL);
                gis_geom tmp = {(GEOSGeometry *)v->geo};
                gis_geom *copy = NULL;
                if ((rc = gis_geom_clone(r->ctx, &tmp, &copy, err)) == GIS_OK) {
                    gis_finding_set_geom(r->ctx, f, copy);
                    rc = gis_finding_locate(r->ctx, f, err);
                }
            }
            if (rc == GIS_OK)
                rc = gis_finding_set_message(f, err, "%s (%s) 没有下属%s", v->u->name, v->u->code,
                                             pairs[p][2]);
        }
    }
    return rc;
}

static void vrun_free(vrun *r)
{
    for (size_t i = 0; r->units != NULL && i < r->n_units; i++)
        if (r->units[i].fixed != NULL)
            GEOSGeom_destroy_r(r->h, r->units[i].fixed);
    for (size_t i = 0; r->units != NULL && i < r->n_units; i++)
        if (r->units[i].gk != NULL)
            GEOSGeom_destroy_r(r->h, r->units[i].gk);
    free(r->units);
    free(r->by_code);
    vrun_gk_free(r);
}

static int check_opts(const gis_validate_opts *o, gis_error *err)
{
    if (o->overlay_crs < GIS_VALIDATE_CRS_AUTO || o->overlay_crs > GIS_VALIDATE_CRS_GK)
        return GIS_ERR(err, GIS_EINVAL, "unknown overlay CRS choice %d", o->overlay_crs);
    if (o->level < GIS_VALIDATE_TOWNSHIP || o->level > GIS_VALIDATE_ALL)
        return GIS_ERR(err, GIS_EINVAL, "unknown validation level %d", o->level);
    if (!(o->tolerance_m >= 0) || !(o->two_sided_tolerance_m >= 0) || !(o->min_area_m2 >= 0) ||
        !(o->sliver_width_m >= 0))
        return GIS_ERR(err, GIS_EINVAL, "tolerances and minimum area must be >= 0");
    return GIS_OK;
}

int gis_validate_run(gis_ctx *ctx, const gis_validate_input *in, const gis_validate_opts *o,
                     gis_finding_list *out, gis_validate_stats *stats, gis_error *err)
{
    int rc = check_opts(o, err);
    if (rc != GIS_OK)
        return rc;
    vrun r = {.ctx = ctx, .h = ctx->geos, .o = o, .in = in, .out = out};
    r.overlay_gk = o->overlay_crs != GIS_VALIDATE_CRS_GEOGRAPHIC;
    r.eps = r.overlay_gk ? VAL_EPS_M : VAL_EPS_DEG;
    r.n_units = in->n_units;
    r.units = calloc(in->n_units ? in->n_units : 1, sizeof *r.units);
    r.by_code = calloc(in->n_units ? in->n_units : 1, sizeof *r.by_code);
    if (r.units == NULL || r.by_code == NULL) {
        vrun_free(&r);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory preparing validation");
    }
    size_t checked = 0;
    for (size_t i = 0; i < in->n_units; i++) {
        r.units[i].u = &in->units[i];
        r.by_code[i] = i;
        checked +=
            vrun_level_checked(&r, in->units[i].level) && strcmp(in->units[i].level, "county") != 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &r.lap);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &r.lap_cpu);
    if ((rc = sort_by_code(&r, err)) == GIS_OK && (rc = prepare_units(&r, err)) == GIS_OK)
        vrun_lap(&r, "prepare and validity");
    if (rc == GIS_OK && (rc = vcodes_check(&r, err)) == GIS_OK &&
        (rc = check_childless(&r, err)) == GIS_OK)
        vrun_lap(&r, "codes");
    if (rc == GIS_OK && (o->level & GIS_VALIDATE_TOWNSHIP))
        rc = vpart_check(&r, "township", err);
    if (rc == GIS_OK && (o->level & GIS_VALIDATE_VILLAGE))
        rc = vpart_check(&r, "village", err);
    if (rc == GIS_OK && (o->level & GIS_VALIDATE_TOWNSHIP) &&
        (rc = vmarkers_check(&r, err)) == GIS_OK)
        vrun_lap(&r, "markers");
    if (rc == GIS_OK && (o->level & GIS_VALIDATE_TOWNSHIP) &&
        (rc = vlines_check(&r, err)) == GIS_OK)
        vrun_lap(&r, "lines");
    if (stats != NULL) {
        stats->units_checked = checked;
        stats->gk_epsg = r.gk_epsg;
        stats->overlay_epsg = r.overlay_gk ? r.gk_epsg : GIS_CRS_STORE_SRID;
    }
    vrun_free(&r);
    return rc;
}

/* Survey teams draw in the GK plane (and so does the demo), so GK is the default; only units
 * whose newest import came from a geographic CRS (EPSG:4490, 4326, ...) are overlaid in
 * degrees. */
static int auto_crs(gis_store *s, int *out, gis_error *err)
{
    gis_import_row *rows = NULL;
    size_t n = 0;
    *out = GIS_VALIDATE_CRS_GK;
    int rc = gis_store_imports_recent(s, 100, &rows, &n, err);
    for (size_t i = 0; rc == GIS_OK && i < n; i++) {
        const char *k = rows[i].layer_kind ? rows[i].layer_kind : "";
        const char *crs = rows[i].source_crs ? strstr(rows[i].source_crs, "EPSG:") : NULL;
        if (strcmp(k, "townships") != 0 && strcmp(k, "villages") != 0 && strcmp(k, "county"))
            continue;
        int epsg = crs ? atoi(crs + 5) : 0;
        if (epsg == 4490 || epsg == 4326 || epsg == 4214 || epsg == 4610)
            *out = GIS_VALIDATE_CRS_GEOGRAPHIC;
        break; /* newest first */
    }
    gis_import_rows_free(rows, n);
    return rc;
}

int gis_validate_store(gis_ctx *ctx, gis_store *s, const gis_validate_opts *o,
                       gis_finding_list *out, gis_validate_stats *stats, gis_error *err)
{
    gis_validate_opts resolved = *o;
    if (o->overlay_crs == GIS_VALIDATE_CRS_AUTO) {
        int rc = auto_crs(s, &resolved.overlay_crs, err);
        if (rc != GIS_OK)
            return rc;
    }
    o = &resolved;
    struct timespec t0, c0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    gis_validate_input in = {0};
    gis_unit *units = NULL;
    gis_boundary_line *lines = NULL;
    gis_marker *markers = NULL;
    int rc = gis_store_units_load(ctx, s, NULL, &units, &in.n_units, err);
    if (rc == GIS_OK)
        rc = gis_store_lines_load(ctx, s, &lines, &in.n_lines, err);
    if (rc == GIS_OK)
        rc = gis_store_markers_load(ctx, s, &markers, &in.n_markers, err);
    in.units = units;
    in.lines = lines;
    in.markers = markers;
    if (rc == GIS_OK) {
        struct timespec now, cpu;
        clock_gettime(CLOCK_MONOTONIC, &now);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
        gis_ctx_log(ctx, GIS_LOG_DEBUG, "validate: load %.3f s (CPU %.3f s)",
                    seconds_since(&t0, &now), seconds_since(&c0, &cpu));
        rc = gis_validate_run(ctx, &in, o, out, stats, err);
    }
    gis_unit_array_free(ctx, units, in.n_units);
    gis_boundary_line_array_free(ctx, lines, in.n_lines);
    gis_marker_array_free(ctx, markers, in.n_markers);
    return rc;
}
