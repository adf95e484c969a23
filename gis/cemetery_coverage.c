/*
 * This file implements the cemetery coverage of villages: containment through a polygon
 * locator, assignment by attribute (serves_codes, village_code), nearest cemetery by prepared
 * distance in the county's Gauss-Kruger zone with an envelope bound, and cemeteries inside
 * no-burial zones. It does not decide severities or write anything.
 */
#include "gis/cemetery_coverage.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gis/codes.h"
#include "gis/geom_int.h"
#include "gis/metrics.h"
#include "gis/polygon_locator.h"
#include "gis/store_coverage.h"

typedef struct work {
    gis_ctx *ctx;
    const gis_unit *villages;
    size_t n_villages;
    size_t *by_code; /* village indices sorted by code */
    gis_cemetery_coverage *c;
    size_t cemetery; /* cemetery being assigned */
    int rc;
} work;

static int push_size(size_t **a, size_t *n, size_t v)
{
    for (size_t i = 0; i < *n; i++)
        if ((*a)[i] == v)
            return GIS_OK;
    size_t *grown = realloc(*a, (*n + 1) * sizeof **a);
    if (grown == NULL)
        return GIS_ENOMEM;
    *a = grown;
    (*a)[(*n)++] = v;
    return GIS_OK;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Links cemetery k and village v both ways (no duplicates). */
static int link(gis_cemetery_coverage *c, size_t k, size_t v)
{
    gis_cem_village *cv = &c->villages[v];
    if (push_size(&cv->covering, &cv->n_covering, k) != GIS_OK ||
        push_size(&c->served[k], &c->n_served[k], v) != GIS_OK)
        return GIS_ENOMEM;
    return GIS_OK;
}

static int cmp_code_idx(const void *a, const void *b, void *units)
{
    const gis_unit *u = units;
    const char *x = u[*(const size_t *)a].code, *y = u[*(const size_t *)b].code;
    return strcmp(x ? x : "", y ? y : "");
}

/* Merge sort of indices by code, without qsort_r (not in C17/POSIX). */
static void sort_by_code(size_t *idx, size_t *tmp, size_t n, const gis_unit *u)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_code(idx, tmp, h, u);
    sort_by_code(idx + h, tmp, n - h, u);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_code_idx(&idx[j], &idx[i], (void *)u) < 0 ? idx[j++] : idx[i++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static long find_code(const work *w, const char *code)
{
    size_t lo = 0, hi = w->n_villages;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *mc = w->villages[w->by_code[mid]].code;
        int c = strcmp(mc ? mc : "", code);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < w->n_villages) {
        const char *mc = w->villages[w->by_code[lo]].code;
        if (mc && strcmp(mc, code) == 0)
            return (long)w->by_code[lo];
    }
    return -1;
}

static int on_assigned_code(void *user, const char *code)
{
    work *w = user;
    long v = find_code(w, code);
    if (v >= 0 && link(w->c, w->cemetery, (size_t)v) != GIS_OK)
        return GIS_ENOMEM;
    return GIS_OK;
}

int gis_cemetery_codes_each(const char *list, int (*fn)(void *user, const char *code), void *user)
{
    char code[64];
    size_t n = 0;
    for (const char *p = list; p != NULL; p++) {
        unsigned char ch = (unsigned char)*p;
        /* Separators: ASCII , ; space tab, and the UTF-8 of 、(E3 80 81) and ，(EF BC 8C). */
        size_t sep =
            ch == ',' || ch == ';' || ch == ' ' || ch == '\t' || ch == '\0' ? 1
            : (ch == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x81) ||
                    (ch == 0xEF && (unsigned char)p[1] == 0xBC && (unsigned char)p[2] == 0x8C)
                ? 3
                : 0;
        if (sep == 0) {
            if (n + 1 < sizeof code)
                code[n++] = (char)ch;
            continue;
        }
        if (n > 0) {
            code[n] = '\0';
            n = 0;
            int rc = fn(user, code);
            if (rc != 0)
                return rc;
        }
        if (ch == '\0')
            break;
        p += sep - 1;
    }
    return 0;
}

/* Reads the x, y of a point geometry; false for NULL, empty or non-point geometries. */
static bool point_xy(gis_ctx *ctx, const gis_geom *g, double *x, double *y)
{
    if (g == NULL)
        return false;
    const GEOSGeometry *pg = gis_geom_geos(g);
    if (GEOSGeomTypeId_r(ctx->geos, pg) != GEOS_POINT || GEOSisEmpty_r(ctx->geos, pg))
        return false;
    return GEOSGeomGetX_r(ctx->geos, pg, x) == 1 && GEOSGeomGetY_r(ctx->geos, pg, y) == 1;
}

/* Cemeteries inside villages (locator) and assigned by serves_codes / village_code. */
static int link_cemeteries(work *w, const gis_facility *cems, size_t n_cems, gis_error *err)
{
    gis_ctx *ctx = w->ctx;
    const gis_geom **geoms = malloc((w->n_villages ? w->n_villages : 1) * sizeof *geoms);
    if (geoms == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t v = 0; v < w->n_villages; v++)
        geoms[v] = w->villages[v].geom;
    gis_polygon_locator *loc = NULL;
    int rc = gis_polygon_locator_new(ctx, geoms, w->n_villages, 64, &loc, err);
    for (size_t k = 0; k < n_cems && rc == GIS_OK; k++) {
        double x, y;
        size_t hit[8], n_hit = 0;
        if (point_xy(ctx, cems[k].geom, &x, &y) &&
            (rc = gis_polygon_locator_find(loc, x, y, hit, 8, &n_hit, err)) != GIS_OK)
            break;
        for (size_t i = 0; i < n_hit && rc == GIS_OK; i++) {
            if (link(w->c, k, hit[i]) != GIS_OK)
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
            else
                w->c->villages[hit[i]].n_inside++;
        }
        w->cemetery = k;
        if (rc == GIS_OK && cems[k].village_code)
            rc = on_assigned_code(w, cems[k].village_code);
        if (rc == GIS_OK && cems[k].serves_codes)
            rc = gis_cemetery_codes_each(cems[k].serves_codes, on_assigned_code, w);
        if (rc == GIS_ENOMEM)
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory assigning cemeteries");
    }
    gis_polygon_locator_free(loc);
    free(geoms);
    return rc;
}

/* Cemetery points in GK metres: GEOS points (NULL when the cemetery has no point) and their
 * coordinates for the envelope bound. */
typedef struct gk_points {
    GEOSGeometry **pt;
    double *xy;
    size_t n;
} gk_points;

static void gk_points_free(gis_ctx *ctx, gk_points *p)
{
    for (size_t i = 0; p->pt && i < p->n; i++)
        if (p->pt[i])
            GEOSGeom_destroy_r(ctx->geos, p->pt[i]);
    free(p->pt);
    free(p->xy);
}

static int gk_points_make(gis_ctx *ctx, const gis_facility *cems, size_t n,
                          gis_crs_transform *to_gk, gk_points *p, gis_error *err)
{
    p->n = n;
    p->pt = calloc(n ? n : 1, sizeof *p->pt);
    p->xy = calloc(n ? 2 * n : 1, sizeof *p->xy);
    if (p->pt == NULL || p->xy == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        double xy[2];
        if (!point_xy(ctx, cems[k].geom, &xy[0], &xy[1]))
            continue;
        int rc = gis_crs_transform_xy(ctx, to_gk, xy, 1, err);
        if (rc != GIS_OK)
            return gis_err_prefix(err, "cemetery '%s'", cems[k].name ? cems[k].name : "?");
        p->xy[2 * k] = xy[0];
        p->xy[2 * k + 1] = xy[1];
        p->pt[k] = GEOSGeom_createPointFromXY_r(ctx->geos, xy[0], xy[1]);
        if (p->pt[k] == NULL)
            return gis_ctx_geos_error(ctx, err, __func__, "cemetery point");
    }
    return GIS_OK;
}

/* Nearest cemetery of one village: prepared distance in GK metres, skipping cemeteries whose
 * distance to the village envelope already exceeds the best so far. */
static int nearest_one(gis_ctx *ctx, const gis_geom *gk_village, const gk_points *p,
                       gis_cem_village *cv, gis_error *err)
{
    const GEOSGeometry *g = gis_geom_geos(gk_village);
    double x0, y0, x1, y1;
    if (!GEOSGeom_getXMin_r(ctx->geos, g, &x0) || !GEOSGeom_getYMin_r(ctx->geos, g, &y0) ||
        !GEOSGeom_getXMax_r(ctx->geos, g, &x1) || !GEOSGeom_getYMax_r(ctx->geos, g, &y1))
        return gis_ctx_geos_error(ctx, err, __func__, "village bounds");
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(ctx->geos, g);
    if (prep == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "prepare village");
    double best = INFINITY;
    long best_k = -1;
    int rc = GIS_OK;
    for (size_t k = 0; k < p->n; k++) {
        if (p->pt[k] == NULL)
            continue;
        double px = p->xy[2 * k], py = p->xy[2 * k + 1];
        double ex = px < x0 ? x0 - px : px > x1 ? px - x1 : 0;
        double ey = py < y0 ? y0 - py : py > y1 ? py - y1 : 0;
        if (best_k >= 0 && hypot(ex, ey) >= best)
            continue;
        double d;
        if (GEOSPreparedDistance_r(ctx->geos, prep, p->pt[k], &d) != 1) {
            rc = gis_ctx_geos_error(ctx, err, __func__, "distance");
            break;
        }
        if (d < best) {
            best = d;
            best_k = (long)k;
        }
    }
    GEOSPreparedGeom_destroy_r(ctx->geos, prep);
    cv->nearest = best_k;
    cv->nearest_m = best_k >= 0 ? best : NAN;
    return rc;
}

static int nearest_all(work *w, const gis_facility *cems, size_t n_cems, gis_crs_transform *to_gk,
                       gis_error *err)
{
    gk_points p = {0};
    int rc = gk_points_make(w->ctx, cems, n_cems, to_gk, &p, err);
    for (size_t v = 0; v < w->n_villages && rc == GIS_OK; v++) {
        gis_geom *gk = NULL;
        w->c->villages[v].nearest = -1;
        w->c->villages[v].nearest_m = NAN;
        /* A village without a polygon (validation reports it) has no distance. */
        if (w->villages[v].geom == NULL || gis_geom_is_empty(w->ctx, w->villages[v].geom))
            continue;
        rc = gis_crs_transform_geom(w->ctx, to_gk, w->villages[v].geom, &gk, err);
        if (rc == GIS_OK)
            rc = nearest_one(w->ctx, gk, &p, &w->c->villages[v], err);
        if (rc != GIS_OK)
            gis_err_prefix(err, "village %s", w->villages[v].code ? w->villages[v].code : "?");
        gis_geom_free(w->ctx, gk);
    }
    gk_points_free(w->ctx, &p);
    return rc;
}

static void decide(gis_cem_village *cv, const gis_unit *u, double radius_m, bool include_urban)
{
    cv->is_admin = u->code && gis_code_is_admin_village(u->code);
    if (cv->n_covering > 1)
        qsort(cv->covering, cv->n_covering, sizeof *cv->covering, cmp_size);
    if (!cv->is_admin && !include_urban)
        cv->status = GIS_COV_URBAN;
    else if (cv->n_inside > 0)
        cv->status = GIS_COV_COVERED;
    else if (cv->n_covering > 0)
        cv->status = GIS_COV_COVERED_BY_ASSIGNMENT;
    else if (radius_m > 0 && cv->nearest >= 0 && cv->nearest_m <= radius_m)
        cv->status = GIS_COV_COVERED_BY_RADIUS;
    else
        cv->status = GIS_COV_UNCOVERED;
}

void gis_cemetery_coverage_free(gis_cemetery_coverage *c)
{
    if (c == NULL)
        return;
    for (size_t v = 0; c->villages && v < c->n_villages; v++)
        free(c->villages[v].covering);
    for (size_t k = 0; c->served && k < c->n_cemeteries; k++)
        free(c->served[k]);
    free(c->villages);
    free(c->served);
    free(c->n_served);
    free(c);
}

int gis_cemetery_coverage_compute(gis_ctx *ctx, const gis_unit *villages, size_t n_villages,
                                  const gis_facility *cemeteries, size_t n_cemeteries,
                                  gis_crs_transform *to_gk, double radius_m, bool include_urban,
                                  gis_cemetery_coverage **out, gis_error *err)
{
    *out = NULL;
    for (size_t v = 0; v < n_villages; v++)
        if (villages[v].code == NULL)
            return GIS_ERR(err, GIS_EINVAL, "village %zu has no code", v);
    work w = {.ctx = ctx, .villages = villages, .n_villages = n_villages};
    int rc = GIS_OK;
    size_t *tmp = NULL;
    gis_cemetery_coverage *c = calloc(1, sizeof *c);
    if (c == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    w.c = c;
    c->n_villages = n_villages;
    c->n_cemeteries = n_cemeteries;
    c->villages = calloc(n_villages ? n_villages : 1, sizeof *c->villages);
    c->served = calloc(n_cemeteries ? n_cemeteries : 1, sizeof *c->served);
    c->n_served = calloc(n_cemeteries ? n_cemeteries : 1, sizeof *c->n_served);
    w.by_code = malloc((n_villages ? n_villages : 1) * sizeof *w.by_code);
    tmp = malloc((n_villages ? n_villages : 1) * sizeof *tmp);
    if (!c->villages || !c->served || !c->n_served || !w.by_code || !tmp) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t v = 0; v < n_villages; v++)
        w.by_code[v] = v;
    sort_by_code(w.by_code, tmp, n_villages, villages);
    if ((rc = link_cemeteries(&w, cemeteries, n_cemeteries, err)) != GIS_OK ||
        (rc = nearest_all(&w, cemeteries, n_cemeteries, to_gk, err)) != GIS_OK)
        goto done;
    for (size_t v = 0; v < n_villages; v++)
        decide(&c->villages[v], &villages[v], radius_m, include_urban);
done:
    free(w.by_code);
    free(tmp);
    if (rc != GIS_OK) {
        gis_cemetery_coverage_free(c);
        return rc;
    }
    *out = c;
    return GIS_OK;
}

/* Overlap area (m²) of a footprint with a zone; NAN when the cemetery has no footprint. */
static int overlap_area(gis_ctx *ctx, const gis_facility *f, const gis_zone *z, double *out,
                        gis_error *err)
{
    *out = NAN;
    if (f->footprint == NULL)
        return GIS_OK;
    gis_geom *inter = NULL;
    GEOSGeometry *g =
        GEOSIntersection_r(ctx->geos, gis_geom_geos(f->footprint), gis_geom_geos(z->geom));
    int rc = gis_geom_wrap(ctx, g, &inter, err); /* g moves into inter */
    if (rc == GIS_OK)
        rc = gis_metrics_area_m2(ctx, inter, out, err);
    gis_geom_free(ctx, inter);
    return rc;
}

static int zone_hit(gis_ctx *ctx, const GEOSPreparedGeometry *prep, const gis_facility *f,
                    bool *hit, gis_error *err)
{
    *hit = false;
    const gis_geom *parts[2] = {f->geom, f->footprint};
    for (int i = 0; i < 2 && !*hit; i++) {
        if (parts[i] == NULL)
            continue;
        char r = GEOSPreparedIntersects_r(ctx->geos, prep, gis_geom_geos(parts[i]));
        if (r == 2)
            return gis_ctx_geos_error(ctx, err, __func__, "cemetery in zone");
        *hit = r == 1;
    }
    return GIS_OK;
}

int gis_cemetery_zone_conflicts(gis_ctx *ctx, const gis_facility *cemeteries, size_t n_cemeteries,
                                const gis_zone *zones, size_t n_zones, gis_cem_zone_conflict **out,
                                size_t *n_out, gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    gis_cem_zone_conflict *a = NULL;
    size_t n = 0;
    int rc = GIS_OK;
    for (size_t z = 0; z < n_zones && rc == GIS_OK; z++) {
        if (zones[z].geom == NULL)
            continue;
        const GEOSPreparedGeometry *prep = GEOSPrepare_r(ctx->geos, gis_geom_geos(zones[z].geom));
        if (prep == NULL)
            return gis_ctx_geos_error(ctx, err, __func__, "prepare zone");
        for (size_t k = 0; k < n_cemeteries && rc == GIS_OK; k++) {
            bool hit;
            if ((rc = zone_hit(ctx, prep, &cemeteries[k], &hit, err)) != GIS_OK || !hit)
                continue;
            gis_cem_zone_conflict *grown = realloc(a, (n + 1) * sizeof *a);
            if (grown == NULL) {
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
                break;
            }
            a = grown;
            a[n] = (gis_cem_zone_conflict){.cemetery = k, .zone = z};
            rc = overlap_area(ctx, &cemeteries[k], &zones[z], &a[n].overlap_m2, err);
            n++;
        }
        GEOSPreparedGeom_destroy_r(ctx->geos, prep);
    }
    if (rc != GIS_OK) {
        free(a);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}
