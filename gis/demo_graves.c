/*
 * This file implements the demo's scattered graves (散埋乱葬): 85% spread over the
 * administrative villages in proportion to population, 15% clustered inside the no-burial
 * zones, with build years 1950-2024 (so some are newer than their zone, BUR-09), a few protected
 * (文物, BUR-01 exception, status exempt) and campaign statuses. Owners are placeholders
 * ("王某某"): the grave layer is restricted data and the demo holds no real names.
 */
#include "gis/demo_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/codes.h"
#include "gis/store_facilities.h"

static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                       "周", "吴", "徐", "孙", "胡", "朱", "高", "何"};

typedef struct grave_ctx {
    demo_state *st;
    gis_store *s;
    GEOSSTRtree *villages; /* items: village index + 1 cast to a pointer */
} grave_ctx;

typedef struct candidates {
    int idx[32]; /* village indexes whose envelope holds the point */
    int n;
} candidates;

static void collect(void *item, void *user)
{
    candidates *c = user;
    if (c->n < 32)
        c->idx[c->n++] = (int)(intptr_t)item - 1;
}

/* Village containing x,y: STRtree envelope hits, then an exact test. */
static int village_of(grave_ctx *g, double x, double y)
{
    demo_state *st = g->st;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, x, y);
    candidates c = {.n = 0};
    GEOSSTRtree_query_r(st->h, g->villages, pt, collect, &c);
    int found = -1;
    for (int i = 0; i < c.n && found < 0; i++)
        if (GEOSIntersects_r(st->h, st->villages[c.idx[i]].geom, pt) == 1)
            found = c.idx[i];
    GEOSGeom_destroy_r(st->h, pt);
    return found;
}

static int insert_grave(grave_ctx *g, double x, double y, int village, gis_error *err)
{
    demo_state *st = g->st;
    char owner[32], built[16];
    snprintf(owner, sizeof owner, "%s某某",
             SURNAMES[demo_rng_int(&st->rng, 0, sizeof SURNAMES / sizeof SURNAMES[0] - 1)]);
    int year = (int)demo_rng_int(&st->rng, 1950, 2024);
    snprintf(built, sizeof built, "%04d-%02d-%02d", year, (int)demo_rng_int(&st->rng, 1, 12),
             (int)demo_rng_int(&st->rng, 1, 28));
    bool prot = demo_rng_int(&st->rng, 0, 99) == 0;
    int r = (int)demo_rng_int(&st->rng, 0, 99);
    const char *status = prot ? "exempt"
                         : r < 70 ? "identified"
                         : r < 85 ? "notified"
                         : r < 93 ? "moved"
                                  : "deep_buried";
    gis_grave rec = {.owner = owner,
                     .village_code = village >= 0 ? st->villages[village].src->code : NULL,
                     .is_protected = prot, .status = (char *)status, .built_date = built};
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, x, y);
    int rc = demo_to_geo(st, pt, &rec.geom, err);
    GEOSGeom_destroy_r(st->h, pt);
    if (rc == GIS_OK)
        rc = gis_store_grave_insert(st->ctx, g->s, &rec, 0, err);
    gis_geom_free(st->ctx, rec.geom);
    if (rc == GIS_OK)
        st->summary->graves++;
    return rc;
}

/* k random points inside poly (prepared once), each inserted as a grave. */
static int scatter(grave_ctx *g, const GEOSGeometry *poly, int k, int village, gis_error *err)
{
    demo_state *st = g->st;
    double minx, miny, maxx, maxy;
    GEOSGeom_getXMin_r(st->h, poly, &minx);
    GEOSGeom_getYMin_r(st->h, poly, &miny);
    GEOSGeom_getXMax_r(st->h, poly, &maxx);
    GEOSGeom_getYMax_r(st->h, poly, &maxy);
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(st->h, poly);
    int rc = GIS_OK, placed = 0;
    for (int attempt = 0; placed < k && attempt < 200 * k && rc == GIS_OK; attempt++) {
        double x = demo_rng_range(&st->rng, minx, maxx), y = demo_rng_range(&st->rng, miny, maxy);
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, x, y);
        char inside = GEOSPreparedContains_r(st->h, prep, pt);
        GEOSGeom_destroy_r(st->h, pt);
        if (inside != 1)
            continue;
        rc = insert_grave(g, x, y, village >= 0 ? village : village_of(g, x, y), err);
        placed++;
    }
    GEOSPreparedGeom_destroy_r(st->h, prep);
    return rc;
}

int demo_graves_write(demo_state *st, gis_store *s, gis_error *err)
{
    int total = st->params->n_graves;
    if (total <= 0)
        return GIS_OK;
    grave_ctx g = {.st = st, .s = s, .villages = GEOSSTRtree_create_r(st->h, 10)};
    for (size_t v = 0; v < st->n_villages; v++)
        GEOSSTRtree_insert_r(st->h, g.villages, st->villages[v].geom, (void *)(intptr_t)(v + 1));
    int64_t rural_pop = 0;
    for (size_t v = 0; v < st->n_villages; v++)
        if (gis_code_is_admin_village(st->villages[v].src->code))
            rural_pop += st->villages[v].population;
    int in_zones = total * 15 / 100, spread = total - in_zones, rc = GIS_OK, done = 0;
    for (size_t v = 0; v < st->n_villages && rc == GIS_OK && rural_pop > 0; v++) {
        if (!gis_code_is_admin_village(st->villages[v].src->code))
            continue;
        int k = (int)(spread * st->villages[v].population / rural_pop);
        rc = scatter(&g, st->villages[v].geom, k, (int)v, err);
        done += k;
    }
    in_zones += spread - done; /* rounding remainder */
    for (size_t z = 0; z < st->n_zones && rc == GIS_OK; z++) {
        int k = in_zones / (int)st->n_zones + (z == 0 ? in_zones % (int)st->n_zones : 0);
        rc = scatter(&g, st->zones[z], k, -1, err);
    }
    GEOSSTRtree_destroy_r(st->h, g.villages);
    return rc;
}
