/*
 * This file implements the elderly-care facility coverage: facilities located in villages
 * with a polygon locator, villages grouped by township code, counts and rates.
 */
#include "gis/facility_coverage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gis/codes.h"
#include "gis/geom_int.h"
#include "gis/polygon_locator.h"

void gis_facility_coverage_free(gis_facility_coverage *c)
{
    if (c == NULL)
        return;
    free(c->townships);
    free(c->village_has_home);
    free(c);
}

static long find_unit(const gis_unit *u, size_t n, const char *code, size_t len)
{
    for (size_t i = 0; code && i < n; i++)
        if (u[i].code && strlen(u[i].code) == len && strncmp(u[i].code, code, len) == 0)
            return (long)i;
    return -1;
}

/* Township index of village v: its parent_code, else the first 9 digits of its code. */
static long township_of_village(const gis_unit *t, size_t n_t, const gis_unit *v)
{
    long i = v->parent_code ? find_unit(t, n_t, v->parent_code, strlen(v->parent_code)) : -1;
    return i >= 0 ? i : find_unit(t, n_t, v->code, 9);
}

static long village_of(gis_ctx *ctx, gis_polygon_locator *loc, const gis_unit *villages, size_t n_v,
                       const gis_facility *f, int *rc, gis_error *err)
{
    *rc = GIS_OK;
    if (f->geom && GEOSGeomTypeId_r(ctx->geos, gis_geom_geos(f->geom)) == GEOS_POINT &&
        !GEOSisEmpty_r(ctx->geos, gis_geom_geos(f->geom))) {
        double x, y;
        size_t idx, n = 0;
        GEOSGeomGetX_r(ctx->geos, gis_geom_geos(f->geom), &x);
        GEOSGeomGetY_r(ctx->geos, gis_geom_geos(f->geom), &y);
        if ((*rc = gis_polygon_locator_find(loc, x, y, &idx, 1, &n, err)) != GIS_OK)
            return -1;
        if (n == 1)
            return (long)idx;
    }
    return f->village_code ? find_unit(villages, n_v, f->village_code, strlen(f->village_code))
                           : -1;
}

static void add_facility(gis_facility_coverage *c, const gis_facility *f, long v, long t)
{
    int kind = gis_facility_kind_parse(f->kind);
    bool is_care = kind == GIS_FAC_ELDERLY_CARE_CENTRE || kind == GIS_FAC_WELFARE_HOME ||
                   kind == GIS_FAC_HAPPINESS_HOME;
    if (!is_care)
        return;
    int64_t beds = f->beds >= 0 ? f->beds : f->capacity >= 0 ? f->capacity : 0;
    c->county.beds += beds;
    if (t >= 0)
        c->townships[t].beds += beds;
    if (kind == GIS_FAC_ELDERLY_CARE_CENTRE) {
        c->county.n_centres++;
        if (t >= 0)
            c->townships[t].n_centres++;
    }
    if (kind == GIS_FAC_HAPPINESS_HOME && v >= 0)
        c->village_has_home[v] = true;
}

static void add_older(gis_fac_counts *k, int64_t older)
{
    if (older < 0)
        return;
    k->older_population = (k->older_population < 0 ? 0 : k->older_population) + older;
}

static void finish(gis_fac_counts *k)
{
    k->beds_per_1000 =
        k->older_population > 0 ? (double)k->beds * 1000.0 / (double)k->older_population : NAN;
    k->home_rate =
        k->n_admin_villages > 0 ? (double)k->n_with_home / (double)k->n_admin_villages : NAN;
}

static void tally_villages(gis_facility_coverage *c, const gis_unit *townships, size_t n_t,
                           const gis_unit *villages, size_t n_v)
{
    for (size_t v = 0; v < n_v; v++) {
        long t = township_of_village(townships, n_t, &villages[v]);
        add_older(&c->county, villages[v].older_population);
        if (t >= 0)
            add_older(&c->townships[t], villages[v].older_population);
        if (!villages[v].code || !gis_code_is_admin_village(villages[v].code))
            continue;
        c->county.n_admin_villages++;
        c->county.n_with_home += c->village_has_home[v];
        if (t >= 0) {
            c->townships[t].n_admin_villages++;
            c->townships[t].n_with_home += c->village_has_home[v];
        }
    }
    finish(&c->county);
    for (size_t t = 0; t < n_t; t++)
        finish(&c->townships[t]);
}

int gis_facility_coverage_compute(gis_ctx *ctx, const gis_unit *townships, size_t n_townships,
                                  const gis_unit *villages, size_t n_villages,
                                  const gis_facility *facilities, size_t n_facilities,
                                  gis_facility_coverage **out, gis_error *err)
{
    *out = NULL;
    int rc = GIS_OK;
    gis_polygon_locator *loc = NULL;
    const gis_geom **g = malloc((n_villages ? n_villages : 1) * sizeof *g);
    gis_facility_coverage *c = calloc(1, sizeof *c);
    if (c == NULL || g == NULL) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    c->n_townships = n_townships;
    c->n_villages = n_villages;
    c->townships = calloc(n_townships ? n_townships : 1, sizeof *c->townships);
    c->village_has_home = calloc(n_villages ? n_villages : 1, sizeof *c->village_has_home);
    if (!c->townships || !c->village_has_home) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    c->county.older_population = -1;
    for (size_t t = 0; t < n_townships; t++)
        c->townships[t].older_population = -1;
    for (size_t v = 0; v < n_villages; v++)
        g[v] = villages[v].geom;
    if ((rc = gis_polygon_locator_new(ctx, g, n_villages, 64, &loc, err)) != GIS_OK)
        goto done;
    for (size_t i = 0; i < n_facilities && rc == GIS_OK; i++) {
        long v = village_of(ctx, loc, villages, n_villages, &facilities[i], &rc, err);
        long t = v >= 0 ? township_of_village(townships, n_townships, &villages[v])
                 : facilities[i].village_code
                     ? find_unit(townships, n_townships, facilities[i].village_code, 9)
                     : -1;
        if (rc == GIS_OK)
            add_facility(c, &facilities[i], v, t);
    }
    if (rc == GIS_OK)
        tally_villages(c, townships, n_townships, villages, n_villages);
done:
    gis_polygon_locator_free(loc);
    free(g);
    if (rc != GIS_OK) {
        gis_facility_coverage_free(c);
        return rc;
    }
    *out = c;
    return GIS_OK;
}
