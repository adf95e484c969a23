/*
 * This file implements the grave analysis: each grave is located among the zones and the
 * villages with two polygon locators (grid + STRtree + prepared geometries), then counted per
 * zone, per village and for the county; graves to relocate are appended to the relocation
 * list. It does not read zones or villages from the store, nor write anything.
 */
#include "gis/grave_analysis.h"

#include <stdlib.h>
#include <string.h>

#include "gis/polygon_locator.h"

#define MAX_ZONES_PER_GRAVE 64

static const char *const STATUS_NAMES[GIS_GRAVE_STATUS_COUNT] = {"identified", "notified", "moved",
                                                                 "deep_buried", "exempt"};

typedef struct code_ref {
    const char *code;
    size_t idx;
} code_ref;

struct gis_grave_work {
    gis_ctx *ctx;
    const gis_unit *villages;
    const gis_zone *zones;
    gis_polygon_locator *zone_loc;
    gis_polygon_locator *village_loc;
    code_ref *by_code;     /* villages sorted by code, for the village_code fallback */
    char (*effective)[11]; /* per zone: ISO effective date or "" */
    size_t cap_relocations;
};

const char *gis_grave_status_name(int status)
{
    return status >= 0 && status < GIS_GRAVE_STATUS_COUNT ? STATUS_NAMES[status] : NULL;
}

static int parse_status(const char *s)
{
    for (int i = 0; s && i < GIS_GRAVE_STATUS_COUNT; i++)
        if (strcmp(s, STATUS_NAMES[i]) == 0)
            return i;
    return GIS_GRAVE_IDENTIFIED;
}

static int cmp_code_ref(const void *a, const void *b)
{
    return strcmp(((const code_ref *)a)->code, ((const code_ref *)b)->code);
}

static void copy_date(char dst[11], const char *src)
{
    size_t n = 0;
    while (src && n < 10 && src[n])
        n++;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

void gis_grave_analysis_free(gis_grave_analysis *a)
{
    if (a == NULL)
        return;
    if (a->work) {
        gis_polygon_locator_free(a->work->zone_loc);
        gis_polygon_locator_free(a->work->village_loc);
        free(a->work->by_code);
        free(a->work->effective);
        free(a->work);
    }
    free(a->zones);
    free(a->villages);
    free(a->relocations);
    free(a);
}

static int build_locators(gis_grave_analysis *a, gis_error *err)
{
    struct gis_grave_work *w = a->work;
    size_t n = a->n_zones > a->n_villages ? a->n_zones : a->n_villages;
    const gis_geom **g = malloc((n ? n : 1) * sizeof *g);
    if (g == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < a->n_zones; i++)
        g[i] = w->zones[i].geom;
    /* 128 cells a side: measured on 1,000,000 graves (bench/coverage.sh), 64 and 128 cost
     * the same, 256 about 20% more and 512 twice as much (classifying cells dominates). */
    int rc = gis_polygon_locator_new(w->ctx, g, a->n_zones, 128, &w->zone_loc, err);
    for (size_t i = 0; i < a->n_villages; i++)
        g[i] = w->villages[i].geom;
    if (rc == GIS_OK)
        rc = gis_polygon_locator_new(w->ctx, g, a->n_villages, 128, &w->village_loc, err);
    free(g);
    return rc;
}

int gis_grave_analysis_new(gis_ctx *ctx, const gis_unit *villages, size_t n_villages,
                           const gis_zone *zones, size_t n_zones, gis_grave_analysis **out,
                           gis_error *err)
{
    *out = NULL;
    gis_grave_analysis *a = calloc(1, sizeof *a);
    if (a == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    a->n_zones = n_zones;
    a->n_villages = n_villages;
    a->zones = calloc(n_zones ? n_zones : 1, sizeof *a->zones);
    a->villages = calloc(n_villages ? n_villages : 1, sizeof *a->villages);
    a->work = calloc(1, sizeof *a->work);
    struct gis_grave_work *w = a->work;
    int rc = GIS_OK;
    if (!a->zones || !a->villages || !w) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    *w = (struct gis_grave_work){.ctx = ctx, .villages = villages, .zones = zones};
    w->by_code = calloc(n_villages ? n_villages : 1, sizeof *w->by_code);
    w->effective = calloc(n_zones ? n_zones : 1, sizeof *w->effective);
    if (!w->by_code || !w->effective) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n_villages; i++)
        w->by_code[i] = (code_ref){villages[i].code ? villages[i].code : "", i};
    qsort(w->by_code, n_villages, sizeof *w->by_code, cmp_code_ref);
    for (size_t i = 0; i < n_zones; i++)
        copy_date(w->effective[i], zones[i].effective_date);
    rc = build_locators(a, err);
done:
    if (rc != GIS_OK) {
        gis_grave_analysis_free(a);
        return rc;
    }
    *out = a;
    return GIS_OK;
}

static long village_of(gis_grave_analysis *a, const gis_grave_point *g, int *rc, gis_error *err)
{
    size_t idx, n = 0;
    *rc = gis_polygon_locator_find(a->work->village_loc, g->lon, g->lat, &idx, 1, &n, err);
    if (*rc != GIS_OK || n == 1)
        return n == 1 ? (long)idx : -1;
    if (g->village_code == NULL)
        return -1;
    code_ref key = {g->village_code, 0};
    const code_ref *hit = bsearch(&key, a->work->by_code, a->n_villages, sizeof key, cmp_code_ref);
    return hit ? (long)hit->idx : -1;
}

static int add_relocation(gis_grave_analysis *a, const gis_grave_point *g, long village, long zone,
                          int status, bool is_new)
{
    struct gis_grave_work *w = a->work;
    if (a->n_relocations == w->cap_relocations) {
        size_t cap = w->cap_relocations ? w->cap_relocations * 2 : 256;
        gis_grave_relocation *grown = realloc(a->relocations, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ENOMEM;
        a->relocations = grown;
        w->cap_relocations = cap;
    }
    gis_grave_relocation *r = &a->relocations[a->n_relocations++];
    *r = (gis_grave_relocation){.grave_id = g->id,
                                .village = village,
                                .zone = zone,
                                .lon = g->lon,
                                .lat = g->lat,
                                .status = status,
                                .is_new_illegal = is_new};
    copy_date(r->built_date, g->built_date);
    return GIS_OK;
}

static void count(gis_grave_stats *s, bool in_zone, const gis_grave_point *g, int status,
                  bool relocate, bool is_new)
{
    s->total++;
    if (!in_zone)
        return;
    s->in_zone++;
    s->by_status[status]++;
    if (g->is_protected)
        s->protected_in_zone++;
    if (relocate) {
        s->to_relocate++;
        if (is_new)
            s->new_illegal++;
        else
            s->backlog++;
    }
}

/* True when the grave was built on or after the zone's effective date (BUR-09). */
static bool built_after(const gis_grave_point *g, const char *effective)
{
    return g->built_date && g->built_date[0] && effective[0] &&
           strncmp(g->built_date, effective, 10) >= 0;
}

int gis_grave_analysis_add(gis_grave_analysis *a, const gis_grave_point *g, gis_error *err)
{
    struct gis_grave_work *w = a->work;
    size_t zones[MAX_ZONES_PER_GRAVE], n_zones = 0;
    int rc = gis_polygon_locator_find(w->zone_loc, g->lon, g->lat, zones, MAX_ZONES_PER_GRAVE,
                                      &n_zones, err);
    if (rc != GIS_OK)
        return gis_err_prefix(err, "grave %lld", (long long)g->id);
    long village = village_of(a, g, &rc, err);
    if (rc != GIS_OK)
        return gis_err_prefix(err, "grave %lld", (long long)g->id);
    int status = parse_status(g->status);
    a->by_status[status]++;
    bool relocate = n_zones > 0 && !g->is_protected &&
                    (status == GIS_GRAVE_IDENTIFIED || status == GIS_GRAVE_NOTIFIED);
    bool is_new_any = false;
    for (size_t i = 0; i < n_zones; i++) {
        bool is_new = built_after(g, w->effective[zones[i]]);
        is_new_any = is_new_any || is_new;
        count(&a->zones[zones[i]], true, g, status, relocate, is_new);
    }
    /* Built after the earliest effective date of its zones = after at least one of them. */
    count(&a->county, n_zones > 0, g, status, relocate, is_new_any);
    if (village >= 0)
        count(&a->villages[village], n_zones > 0, g, status, relocate, is_new_any);
    else
        a->n_outside_villages++;
    if (relocate && add_relocation(a, g, village, (long)zones[0], status, is_new_any) != GIS_OK)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory growing the relocation list");
    return GIS_OK;
}

typedef struct scan_state {
    gis_grave_analysis *a;
    gis_error *err;
} scan_state;

static int on_grave(void *user, const gis_grave_point *g)
{
    scan_state *st = user;
    return gis_grave_analysis_add(st->a, g, st->err);
}

int gis_grave_analysis_scan(gis_grave_analysis *a, gis_store *s, gis_error *err)
{
    scan_state st = {a, err};
    return gis_store_graves_scan(s, on_grave, &st, NULL, err);
}
