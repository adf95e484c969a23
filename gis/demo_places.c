/*
 * This file implements the demo's synthetic places: no-burial zones (禁葬区: the county-seat
 * built-up area, a reservoir with its 300 m belt, a trunk-road corridor of 500 m each side, a
 * water-source area; DOMAIN.md BUR-01/10/11 and the [P] buffer defaults), public cemeteries for
 * most administrative villages (some shared, 联村共建, BUR-02; some villages deliberately
 * without), elderly-care and other civil-affairs facilities, and scattered graves (散埋乱葬).
 */
#include "gis/demo_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/codes.h"
#include "gis/store_facilities.h"

#define N_UNCOVERED 12 /* administrative villages left without any cemetery */
#define N_SHARED 5     /* villages served by a neighbour's shared cemetery */

static int town_by_code(demo_state *st, const char *code)
{
    for (size_t t = 0; t < st->n_towns; t++)
        if (strcmp(st->towns[t].src->code, code) == 0)
            return (int)t;
    return -1;
}

static int add_zone(demo_state *st, gis_store *s, GEOSGeometry *gk, const char *name,
                    const char *reason, const char *basis, const char *date, gis_error *err)
{
    GEOSGeometry *clipped = gk ? GEOSIntersection_r(st->h, gk, st->outline) : NULL;
    GEOSGeom_destroy_r(st->h, gk);
    if (clipped == NULL)
        return gis_ctx_geos_error(st->ctx, err, __func__, "zone");
    gis_zone z = {.name = (char *)name, .reason = (char *)reason, .legal_basis = (char *)basis,
                  .effective_date = (char *)date};
    int rc = demo_to_geo(st, clipped, &z.geom, err);
    if (rc == GIS_OK)
        rc = gis_store_zone_insert(st->ctx, s, &z, 0, err);
    gis_geom_free(st->ctx, z.geom);
    if (rc != GIS_OK) {
        GEOSGeom_destroy_r(st->h, clipped);
        return rc;
    }
    st->zones[st->n_zones++] = clipped; /* kept for placing cemeteries and graves */
    st->summary->zones++;
    return GIS_OK;
}

static GEOSGeometry *capsule(demo_state *st, double x0, double y0, double x1, double y1, double r)
{
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(st->h, 2, 2);
    GEOSCoordSeq_setXY_r(st->h, seq, 0, x0, y0);
    GEOSCoordSeq_setXY_r(st->h, seq, 1, x1, y1);
    GEOSGeometry *line = GEOSGeom_createLineString_r(st->h, seq); /* takes seq */
    GEOSGeometry *buf = GEOSBuffer_r(st->h, line, r, 16);
    GEOSGeom_destroy_r(st->h, line);
    return buf;
}

static int write_zones(demo_state *st, gis_store *s, gis_error *err)
{
    st->zones = calloc(8, sizeof *st->zones);
    if (st->zones == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    int seat = town_by_code(st, "420625100");
    const demo_unit *c = &st->towns[seat >= 0 ? seat : 0];
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, c->x, c->y);
    int rc = add_zone(st, s, GEOSBuffer_r(st->h, pt, 2500, 16), "城关镇建成区禁葬区", "county_seat",
                      "示例文号-001 (合成)", "2018-01-01", err);
    GEOSGeom_destroy_r(st->h, pt);
    /* Reservoir: a 2.4 km water body 400 m wide plus the 300 m belt (DOMAIN.md [P]). */
    int t = town_by_code(st, "420625107");
    double x = 0, y = 0;
    if (rc == GIS_OK)
        rc = demo_random_point_in(st, st->towns[t >= 0 ? t : 0].geom, &x, &y, err);
    if (rc == GIS_OK)
        rc = add_zone(st, s, capsule(st, x - 1200, y - 300, x + 1200, y + 300, 200 + 300),
                      "水库及周边 300 米禁葬区", "reservoir", "示例文号-002 (合成)", "2019-07-01",
                      err);
    /* Trunk road: a corridor 500 m each side of a road across the county through the seat. */
    double b[4];
    GEOSGeom_getXMin_r(st->h, st->outline, &b[0]);
    GEOSGeom_getYMin_r(st->h, st->outline, &b[1]);
    GEOSGeom_getXMax_r(st->h, st->outline, &b[2]);
    GEOSGeom_getYMax_r(st->h, st->outline, &b[3]);
    if (rc == GIS_OK) {
        GEOSCoordSequence *seq = GEOSCoordSeq_create_r(st->h, 3, 2);
        GEOSCoordSeq_setXY_r(st->h, seq, 0, b[2], b[3] - (b[3] - b[1]) * 0.2);
        GEOSCoordSeq_setXY_r(st->h, seq, 1, c->x + 3000, c->y - 1500);
        GEOSCoordSeq_setXY_r(st->h, seq, 2, b[0] + (b[2] - b[0]) * 0.2, b[1]);
        GEOSGeometry *road = GEOSGeom_createLineString_r(st->h, seq);
        rc = add_zone(st, s, GEOSBuffer_r(st->h, road, 500, 8), "高速公路两侧 500 米禁葬区",
                      "highway", "示例文号-003 (合成)", "2020-01-01", err);
        GEOSGeom_destroy_r(st->h, road);
    }
    t = town_by_code(st, "420625108");
    if (rc == GIS_OK)
        rc = demo_random_point_in(st, st->towns[t >= 0 ? t : 0].geom, &x, &y, err);
    if (rc == GIS_OK) {
        pt = GEOSGeom_createPointFromXY_r(st->h, x, y);
        rc = add_zone(st, s, GEOSBuffer_r(st->h, pt, 800, 16), "饮用水水源保护区", "water_source",
                      "示例文号-004 (合成)", "2021-03-01", err);
        GEOSGeom_destroy_r(st->h, pt);
    }
    return rc;
}

static bool in_any_zone(demo_state *st, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, x, y);
    bool in = false;
    for (size_t z = 0; z < st->n_zones && !in; z++)
        in = GEOSIntersects_r(st->h, st->zones[z], pt) == 1;
    GEOSGeom_destroy_r(st->h, pt);
    return in;
}

static int add_facility(demo_state *st, gis_store *s, gis_facility *f, double x, double y,
                        gis_error *err)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, x, y);
    int rc = demo_to_geo(st, pt, &f->geom, err);
    GEOSGeom_destroy_r(st->h, pt);
    if (rc == GIS_OK)
        rc = gis_store_facility_insert(st->ctx, s, f, 0, err);
    gis_geom_free(st->ctx, f->geom);
    f->geom = NULL;
    return rc;
}

/* Short village name: 安家岗村委会 -> 安家岗村, 黄康街社区居委会 -> 黄康街社区. */
static void short_name(const char *name, char *out, size_t n)
{
    snprintf(out, n, "%s", name);
    char *p = strstr(out, "村委会");
    if (p)
        strcpy(p, "村");
    p = strstr(out, "居委会");
    if (p)
        *p = '\0';
}

/* Plan per village: 0 own cemetery, 1 uncovered, 2 served by a neighbour's shared cemetery. */
static void plan_cemeteries(demo_state *st, int *plan)
{
    size_t n_admin = 0;
    for (size_t v = 0; v < st->n_villages; v++) {
        plan[v] = gis_code_is_admin_village(st->villages[v].src->code) ? 0 : -1;
        n_admin += plan[v] == 0;
    }
    for (int want = 1; want <= 2; want++) {
        int left = want == 1 ? N_UNCOVERED : N_SHARED;
        while (left > 0 && n_admin > (size_t)(N_UNCOVERED + N_SHARED)) {
            size_t v = (size_t)demo_rng_int(&st->rng, 0, (int64_t)st->n_villages - 1);
            if (plan[v] != 0)
                continue;
            plan[v] = want;
            left--;
        }
    }
}

/* The nearest village of the same township that gets its own cemetery. */
static int host_for(demo_state *st, const int *plan, size_t v)
{
    int best = -1;
    double best_d = INFINITY;
    for (size_t k = 0; k < st->n_villages; k++) {
        if (plan[k] != 0 || st->villages[k].township != st->villages[v].township)
            continue;
        double d = hypot(st->villages[k].x - st->villages[v].x, st->villages[k].y - st->villages[v].y);
        if (d < best_d) {
            best_d = d;
            best = (int)k;
        }
    }
    return best;
}

static int write_cemeteries(demo_state *st, gis_store *s, const int *plan, gis_error *err)
{
    /* Host of each shared village, computed once (not per village pair). */
    int *host = malloc((st->n_villages ? st->n_villages : 1) * sizeof *host);
    if (host == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t k = 0; k < st->n_villages; k++)
        host[k] = plan[k] == 2 ? host_for(st, plan, k) : -1;
    int low_capacity_done = 0, rc = GIS_OK;
    for (size_t v = 0; v < st->n_villages && rc == GIS_OK; v++) {
        if (plan[v] != 0)
            continue;
        char serves[512] = "", name[256];
        snprintf(serves, sizeof serves, "%s", st->villages[v].src->code);
        for (size_t k = 0; k < st->n_villages; k++)
            if (host[k] == (int)v) {
                size_t len = strlen(serves);
                snprintf(serves + len, sizeof serves - len, ",%s", st->villages[k].src->code);
            }
        short_name(st->villages[v].src->name, name, sizeof name);
        strncat(name, "公益性公墓", sizeof name - strlen(name) - 1);
        double x = 0, y = 0;
        for (int tries = 0; tries < 40 && rc == GIS_OK; tries++) {
            rc = demo_random_point_in(st, st->villages[v].geom, &x, &y, err);
            if (rc == GIS_OK && !in_any_zone(st, x, y))
                break;
        }
        gis_facility f = {.kind = "public_cemetery", .name = name,
                          .village_code = st->villages[v].src->code, .beds = -1};
        f.serves_codes = strchr(serves, ',') ? serves : NULL;
        /* Sized for 35-90 more years of the served villages' deaths at the DOMAIN.md §4 [P]
         * crude death rate of 7 per 1,000, with 10-60% of the plots already used. */
        int64_t served = st->villages[v].population;
        for (size_t k = 0; k < st->n_villages; k++)
            if (host[k] == (int)v)
                served += st->villages[k].population;
        int64_t free_plots = served * 7 * demo_rng_int(&st->rng, 35, 90) / 1000;
        int64_t used_pct = demo_rng_int(&st->rng, 10, 60);
        f.capacity = (free_plots * 100 / (100 - used_pct) + 9) / 10 * 10;
        f.used = f.capacity * used_pct / 100;
        if (!low_capacity_done && st->params->defects && v > st->n_villages / 2) {
            f.used = f.capacity - 40; /* a few years of plots left: cemetery_capacity_low */
            low_capacity_done = 1;
            demo_defect_add(st, json_pack("{s:s,s:s,s:s,s:I,s:s}", "kind", "cemetery_capacity_low",
                                          "name", name, "village", st->villages[v].src->code,
                                          "free_plots", (json_int_t)40, "description",
                                          "公墓仅剩 40 个墓穴, 不足数年使用"));
        }
        char approval[64];
        snprintf(approval, sizeof approval, "谷民殡批〔2020〕%zu号 (合成)", v + 1);
        f.approval_no = approval;
        if (rc == GIS_OK)
            rc = add_facility(st, s, &f, x, y, err);
        if (rc == GIS_OK)
            st->summary->cemeteries++;
    }
    free(host);
    return rc;
}

/* Deliberate defect: one more public cemetery placed inside the trunk-road zone. */
static int write_cemetery_in_zone(demo_state *st, gis_store *s, const int *plan, gis_error *err)
{
    if (st->n_zones < 3)
        return GIS_OK;
    const GEOSGeometry *road = st->zones[2];
    for (size_t v = 0; v < st->n_villages; v++) {
        if (plan[v] != 0)
            continue;
        GEOSGeometry *part = GEOSIntersection_r(st->h, st->villages[v].geom, road);
        double area = 0;
        if (part)
            GEOSArea_r(st->h, part, &area);
        if (area < 200000) {
            GEOSGeom_destroy_r(st->h, part);
            continue;
        }
        double x = 0, y = 0;
        int rc = demo_random_point_in(st, part, &x, &y, err);
        GEOSGeom_destroy_r(st->h, part);
        char name[256];
        short_name(st->villages[v].src->name, name, sizeof name);
        strncat(name, "二号公益性公墓", sizeof name - strlen(name) - 1);
        gis_facility f = {.kind = "public_cemetery", .name = name, .beds = -1,
                          .village_code = st->villages[v].src->code, .capacity = 600, .used = 120};
        if (rc == GIS_OK)
            rc = add_facility(st, s, &f, x, y, err);
        if (rc == GIS_OK) {
            st->summary->cemeteries++;
            demo_defect_add(st, json_pack("{s:s,s:s,s:s,s:s}", "kind",
                                          "cemetery_in_no_burial_zone", "name", name, "village",
                                          st->villages[v].src->code, "description",
                                          "公墓建在高速公路两侧禁葬区内"));
        }
        return rc;
    }
    return GIS_OK;
}

static int write_care(demo_state *st, gis_store *s, const int *plan, gis_error *err)
{
    int rc = GIS_OK;
    for (size_t t = 0; t < st->n_towns && rc == GIS_OK; t++) {
        const demo_unit *town = &st->towns[t];
        char name[256];
        double x = 0, y = 0;
        /* 薤山林场 (政企合一) has no comprehensive elderly-care centre: a deliberate gap. */
        if (!(st->params->defects && strcmp(town->src->code, "420625500") == 0)) {
            snprintf(name, sizeof name, "%s综合养老服务中心", town->src->name);
            rc = demo_random_point_in(st, town->geom, &x, &y, err);
            gis_facility f = {.kind = "elderly_care_centre", .name = name, .used = -1};
            f.beds = f.capacity = demo_rng_int(&st->rng, 4, 15) * 10;
            int v = demo_village_at(st, x, y);
            f.village_code = v >= 0 ? st->villages[v].src->code : NULL;
            if (rc == GIS_OK && (rc = add_facility(st, s, &f, x, y, err)) == GIS_OK)
                st->summary->facilities++;
        } else {
            demo_defect_add(st, json_pack("{s:s,s:s,s:s}", "kind", "township_without_elderly_facility",
                                          "unit", town->src->code, "description",
                                          "薤山林场没有综合养老服务设施"));
        }
        snprintf(name, sizeof name, "%s儿童之家", town->src->name);
        if (rc == GIS_OK)
            rc = demo_random_point_in(st, town->geom, &x, &y, err);
        gis_facility child = {.kind = "child_centre", .name = name, .capacity = -1, .used = -1, .beds = -1};
        int v = demo_village_at(st, x, y);
        child.village_code = v >= 0 ? st->villages[v].src->code : NULL;
        if (rc == GIS_OK && (rc = add_facility(st, s, &child, x, y, err)) == GIS_OK)
            st->summary->facilities++;
    }
    for (size_t v = 0; v < st->n_villages && rc == GIS_OK; v++) {
        if (plan[v] < 0 || demo_rng_int(&st->rng, 0, 99) >= 65)
            continue;
        char name[256];
        double x = 0, y = 0;
        short_name(st->villages[v].src->name, name, sizeof name);
        strncat(name, "幸福院", sizeof name - strlen(name) - 1);
        gis_facility f = {.kind = "happiness_home", .name = name, .used = -1,
                          .village_code = st->villages[v].src->code};
        f.beds = f.capacity = demo_rng_int(&st->rng, 10, 30);
        rc = demo_random_point_in(st, st->villages[v].geom, &x, &y, err);
        if (rc == GIS_OK && (rc = add_facility(st, s, &f, x, y, err)) == GIS_OK)
            st->summary->facilities++;
    }
    return rc;
}

static int write_county_facilities(demo_state *st, gis_store *s, gis_error *err)
{
    int seat = town_by_code(st, "420625100");
    const demo_unit *c = &st->towns[seat >= 0 ? seat : 0];
    gis_facility fh = {.kind = "funeral_home", .name = "谷城县殡仪馆", .capacity = -1, .used = -1,
                       .beds = -1};
    gis_facility wh = {.kind = "welfare_home", .name = "谷城县社会福利院", .capacity = 200,
                       .used = -1, .beds = 200};
    int v = demo_village_at(st, c->x + 3200, c->y - 800);
    fh.village_code = v >= 0 ? st->villages[v].src->code : NULL;
    int rc = add_facility(st, s, &fh, c->x + 3200, c->y - 800, err);
    v = demo_village_at(st, c->x - 600, c->y + 400);
    wh.village_code = v >= 0 ? st->villages[v].src->code : NULL;
    if (rc == GIS_OK)
        rc = add_facility(st, s, &wh, c->x - 600, c->y + 400, err);
    st->summary->facilities += rc == GIS_OK ? 2 : 0;
    return rc;
}

int demo_places_write(demo_state *st, gis_store *s, gis_error *err)
{
    int *plan = calloc(st->n_villages ? st->n_villages : 1, sizeof *plan);
    if (plan == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    int rc = write_zones(st, s, err);
    if (rc == GIS_OK) {
        if (st->params->defects)
            plan_cemeteries(st, plan);
        else
            for (size_t v = 0; v < st->n_villages; v++)
                plan[v] = gis_code_is_admin_village(st->villages[v].src->code) ? 0 : -1;
        json_t *uncovered = json_array(), *shared = json_array();
        for (size_t v = 0; v < st->n_villages; v++) {
            if (plan[v] == 1)
                json_array_append_new(uncovered, json_string(st->villages[v].src->code));
            if (plan[v] == 2)
                json_array_append_new(shared, json_string(st->villages[v].src->code));
        }
        if (st->params->defects) {
            demo_defect_add(st, json_pack("{s:s,s:o,s:s}", "kind", "uncovered_village", "villages",
                                          uncovered, "description", "这些行政村没有公益性公墓"));
            demo_defect_add(st, json_pack("{s:s,s:o,s:s}", "kind", "shared_cemetery", "villages",
                                          shared, "description",
                                          "这些行政村由邻村的联村共建公墓服务 (不是缺陷, 按分配覆盖)"));
        } else {
            json_decref(uncovered);
            json_decref(shared);
        }
        rc = write_cemeteries(st, s, plan, err);
    }
    if (rc == GIS_OK && st->params->defects)
        rc = write_cemetery_in_zone(st, s, plan, err);
    if (rc == GIS_OK)
        rc = write_care(st, s, plan, err);
    if (rc == GIS_OK)
        rc = write_county_facilities(st, s, err);
    if (rc == GIS_OK)
        rc = demo_graves_write(st, s, err);
    free(plan);
    return rc;
}
