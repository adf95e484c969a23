/*
 * This file implements the demo's synthetic partition of the real county outline: township
 * seats at approximate real positions, village seeds spread inside each seat's Voronoi cell and
 * relaxed (Lloyd), then ONE Voronoi diagram of all village seeds clipped to the outline, so that
 * neighbouring villages share identical edges (the same Voronoi vertices); a township is the
 * coverage union of its villages, so villages nest exactly. All in GK metres.
 */
#include "gis/demo_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gis/codes.h"

/* Approximate positions (lon, lat) of the township seats of 谷城县, for a plausible layout
 * only; the demo's polygons are synthetic. Unknown codes get a random seat. */
static const struct {
    const char *code;
    double lon, lat;
} SEATS[] = {
    {"420625100", 111.652, 32.263}, /* 城关镇 */
    {"420625101", 111.440, 32.230}, /* 石花镇 */
    {"420625102", 111.720, 32.130}, /* 盛康镇 */
    {"420625103", 111.520, 32.370}, /* 庙滩镇 */
    {"420625104", 111.330, 32.190}, /* 五山镇 */
    {"420625105", 111.790, 32.400}, /* 茨河镇 */
    {"420625106", 111.560, 32.170}, /* 南河镇 */
    {"420625107", 111.500, 32.030}, /* 紫金镇 */
    {"420625108", 111.770, 32.290}, /* 冷集镇 */
    {"420625200", 111.250, 32.060}, /* 赵湾乡 */
    {"420625500", 111.340, 31.960}, /* 薤山林场 */
};

static GEOSGeometry *multipoint(demo_state *st, const double *xy, size_t n)
{
    GEOSGeometry **pts = malloc(n * sizeof *pts);
    if (pts == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        pts[i] = GEOSGeom_createPointFromXY_r(st->h, xy[2 * i], xy[2 * i + 1]);
    GEOSGeometry *mp = GEOSGeom_createCollection_r(st->h, GEOS_MULTIPOINT, pts, (unsigned)n);
    free(pts); /* the array only; the points belong to mp */
    return mp;
}

/* Voronoi cells of n seeds clipped to `clip`, returned in seed order (cells[i] holds seed i). */
static int voronoi_cells(demo_state *st, const double *xy, size_t n, const GEOSGeometry *clip,
                         GEOSGeometry **cells, gis_error *err)
{
    GEOSGeometry *mp = multipoint(st, xy, n);
    if (mp == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    GEOSGeometry *diagram = GEOSVoronoiDiagram_r(st->h, mp, clip, 0.0, 0);
    GEOSGeom_destroy_r(st->h, mp);
    if (diagram == NULL)
        return gis_ctx_geos_error(st->ctx, err, __func__, "Voronoi diagram");
    memset(cells, 0, n * sizeof *cells);
    int n_cells = GEOSGetNumGeometries_r(st->h, diagram);
    for (int c = 0; c < n_cells; c++) {
        const GEOSGeometry *cell = GEOSGetGeometryN_r(st->h, diagram, c);
        const GEOSPreparedGeometry *prep = GEOSPrepare_r(st->h, cell);
        for (size_t i = 0; i < n; i++) {
            if (cells[i] != NULL)
                continue;
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, xy[2 * i], xy[2 * i + 1]);
            char inside = GEOSPreparedIntersects_r(st->h, prep, pt);
            GEOSGeom_destroy_r(st->h, pt);
            if (inside == 1) {
                cells[i] = GEOSIntersection_r(st->h, cell, clip);
                break;
            }
        }
        GEOSPreparedGeom_destroy_r(st->h, prep);
    }
    GEOSGeom_destroy_r(st->h, diagram);
    for (size_t i = 0; i < n; i++)
        if (cells[i] == NULL) {
            for (size_t k = 0; k < n; k++)
                GEOSGeom_destroy_r(st->h, cells[k]);
            return GIS_ERR(err, GIS_EGEOM, "Voronoi cell missing for seed %zu", i);
        }
    return GIS_OK;
}

static int place_seats(demo_state *st, gis_error *err)
{
    char gk[32];
    snprintf(gk, sizeof gk, "EPSG:%d", gis_crs_gk3_epsg(st->cm, false));
    gis_crs_transform *to_gk = NULL;
    int rc = gis_crs_transform_new(st->ctx, GIS_CRS_STORE, gk, &to_gk, err);
    if (rc != GIS_OK)
        return rc;
    for (size_t t = 0; t < st->n_towns && rc == GIS_OK; t++) {
        demo_unit *town = &st->towns[t];
        double xy[2] = {NAN, NAN};
        for (size_t k = 0; k < sizeof SEATS / sizeof SEATS[0]; k++)
            if (strcmp(SEATS[k].code, town->src->code) == 0) {
                xy[0] = SEATS[k].lon;
                xy[1] = SEATS[k].lat;
            }
        GEOSGeometry *pt = NULL;
        if (!isnan(xy[0]) && (rc = gis_crs_transform_xy(st->ctx, to_gk, xy, 1, err)) == GIS_OK)
            pt = GEOSGeom_createPointFromXY_r(st->h, xy[0], xy[1]);
        if (pt != NULL && GEOSContains_r(st->h, st->outline, pt) == 1) {
            town->x = xy[0];
            town->y = xy[1];
        } else if (rc == GIS_OK) {
            rc = demo_random_point_in(st, st->outline, &town->x, &town->y, err);
        }
        GEOSGeom_destroy_r(st->h, pt);
    }
    gis_crs_transform_free(to_gk);
    return rc;
}

/* Seeds of township t's villages: random in its seat cell, then Lloyd-relaxed in that cell. */
static int seed_villages(demo_state *st, size_t t, const GEOSGeometry *cell, gis_error *err)
{
    size_t n = 0;
    for (size_t v = 0; v < st->n_villages; v++)
        n += st->villages[v].township == (int)t;
    if (n == 0)
        return GIS_OK;
    double *xy = malloc(2 * n * sizeof *xy);
    GEOSGeometry **cells = calloc(n, sizeof *cells);
    int rc = xy && cells ? GIS_OK : GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == GIS_OK; i++)
        rc = demo_random_point_in(st, cell, &xy[2 * i], &xy[2 * i + 1], err);
    for (int iter = 0; iter < 4 && rc == GIS_OK && n > 1; iter++) {
        if ((rc = voronoi_cells(st, xy, n, cell, cells, err)) != GIS_OK)
            break;
        for (size_t i = 0; i < n; i++) {
            GEOSGeometry *c = GEOSGetCentroid_r(st->h, cells[i]);
            double cx, cy;
            if (c && !GEOSisEmpty_r(st->h, c) && GEOSGeomGetX_r(st->h, c, &cx) &&
                GEOSGeomGetY_r(st->h, c, &cy)) {
                xy[2 * i] = cx;
                xy[2 * i + 1] = cy;
            }
            GEOSGeom_destroy_r(st->h, c);
            GEOSGeom_destroy_r(st->h, cells[i]);
            cells[i] = NULL;
        }
    }
    for (size_t v = 0, i = 0; v < st->n_villages && rc == GIS_OK; v++)
        if (st->villages[v].township == (int)t) {
            st->villages[v].x = xy[2 * i];
            st->villages[v].y = xy[2 * i + 1];
            i++;
        }
    free(xy);
    free(cells);
    return rc;
}

/* Orders township t's villages so communities (社区, CODE-03 001-199) take the seeds nearest
 * the seat and villages go round the seat by angle: codes then cluster spatially. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void assign_codes(demo_state *st, size_t t)
{
    size_t n = 0;
    for (size_t v = 0; v < st->n_villages; v++)
        n += st->villages[v].township == (int)t;
    if (n == 0)
        return;
    /* key, x, y triples sorted by key: communities by distance, villages by 10^7 + angle. */
    double *keyed = malloc(3 * n * sizeof *keyed);
    size_t *idx = malloc(n * sizeof *idx);
    if (keyed == NULL || idx == NULL) {
        free(keyed);
        free(idx);
        return;
    }
    size_t n_comm = 0, i = 0;
    for (size_t v = 0; v < st->n_villages; v++) {
        if (st->villages[v].township != (int)t)
            continue;
        idx[i++] = v;
        n_comm += !gis_code_is_admin_village(st->villages[v].src->code);
    }
    const demo_unit *seat = &st->towns[t];
    /* Communities take the n_comm seeds nearest the seat. */
    double *dist = malloc(n * sizeof *dist);
    for (size_t k = 0; dist && k < n; k++) {
        const demo_unit *u = &st->villages[idx[k]];
        dist[k] = hypot(u->x - seat->x, u->y - seat->y);
    }
    double *sorted = dist ? malloc(n * sizeof *sorted) : NULL;
    double cutoff = INFINITY;
    if (sorted) {
        memcpy(sorted, dist, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_double);
        cutoff = n_comm > 0 ? sorted[n_comm - 1] : -1;
    }
    for (size_t k = 0; k < n; k++) {
        const demo_unit *u = &st->villages[idx[k]];
        bool near = dist && dist[k] <= cutoff;
        double angle = atan2(u->y - seat->y, u->x - seat->x);
        keyed[3 * k] = near ? (dist ? dist[k] : 0) : 1e7 + angle;
        keyed[3 * k + 1] = u->x;
        keyed[3 * k + 2] = u->y;
    }
    /* Sort seeds by key (rows of 3 doubles compare on the first). */
    qsort(keyed, n, 3 * sizeof *keyed, cmp_double);
    /* Units are in code order already (the store loads and the CSV lists by code). */
    for (size_t k = 0; k < n; k++) {
        st->villages[idx[k]].x = keyed[3 * k + 1];
        st->villages[idx[k]].y = keyed[3 * k + 2];
    }
    free(sorted);
    free(dist);
    free(keyed);
    free(idx);
}

static int union_townships(demo_state *st, gis_error *err)
{
    for (size_t t = 0; t < st->n_towns; t++) {
        size_t n = 0;
        GEOSGeometry **parts = malloc(st->n_villages * sizeof *parts);
        if (parts == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory");
        for (size_t v = 0; v < st->n_villages; v++)
            if (st->villages[v].township == (int)t)
                parts[n++] = GEOSGeom_clone_r(st->h, st->villages[v].geom);
        GEOSGeometry *coll = GEOSGeom_createCollection_r(st->h, GEOS_GEOMETRYCOLLECTION, parts,
                                                         (unsigned)n);
        free(parts);
        GEOSGeometry *u = coll ? GEOSCoverageUnion_r(st->h, coll) : NULL;
        if (u == NULL && coll != NULL)
            u = GEOSUnaryUnion_r(st->h, coll);
        GEOSGeom_destroy_r(st->h, coll);
        if (u == NULL)
            return gis_ctx_geos_error(st->ctx, err, __func__, "township union");
        st->towns[t].geom = u;
    }
    return GIS_OK;
}

static void synth_population(demo_state *st)
{
    for (size_t v = 0; v < st->n_villages; v++) {
        demo_unit *u = &st->villages[v];
        bool urban = !gis_code_is_admin_village(u->src->code);
        u->population = urban ? demo_rng_int(&st->rng, 3000, 9000)
                              : demo_rng_int(&st->rng, 700, 3200);
        u->older = u->population * demo_rng_int(&st->rng, 18, 27) / 100;
    }
    for (size_t t = 0; t < st->n_towns; t++) {
        st->towns[t].population = st->towns[t].older = 0;
        for (size_t v = 0; v < st->n_villages; v++)
            if (st->villages[v].township == (int)t) {
                st->towns[t].population += st->villages[v].population;
                st->towns[t].older += st->villages[v].older;
            }
    }
}

int demo_partition(demo_state *st, gis_error *err)
{
    int rc = place_seats(st, err);
    if (rc != GIS_OK)
        return rc;
    double *seats = malloc(2 * st->n_towns * sizeof *seats);
    double *seeds = malloc(2 * (st->n_villages ? st->n_villages : 1) * sizeof *seeds);
    GEOSGeometry **cells = calloc(st->n_towns > st->n_villages ? st->n_towns : st->n_villages,
                                  sizeof *cells);
    if (seats == NULL || seeds == NULL || cells == NULL) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t t = 0; t < st->n_towns; t++) {
        seats[2 * t] = st->towns[t].x;
        seats[2 * t + 1] = st->towns[t].y;
    }
    if ((rc = voronoi_cells(st, seats, st->n_towns, st->outline, cells, err)) != GIS_OK)
        goto done;
    for (size_t t = 0; t < st->n_towns && rc == GIS_OK; t++)
        rc = seed_villages(st, t, cells[t], err);
    for (size_t t = 0; t < st->n_towns; t++) {
        GEOSGeom_destroy_r(st->h, cells[t]);
        cells[t] = NULL;
    }
    if (rc != GIS_OK)
        goto done;
    for (size_t t = 0; t < st->n_towns; t++)
        assign_codes(st, t);
    for (size_t v = 0; v < st->n_villages; v++) {
        seeds[2 * v] = st->villages[v].x;
        seeds[2 * v + 1] = st->villages[v].y;
    }
    if ((rc = voronoi_cells(st, seeds, st->n_villages, st->outline, cells, err)) != GIS_OK)
        goto done;
    for (size_t v = 0; v < st->n_villages; v++)
        st->villages[v].geom = cells[v]; /* ownership moves to the village */
    if ((rc = union_townships(st, err)) != GIS_OK)
        goto done;
    synth_population(st);
    st->summary->townships = (int)st->n_towns;
    st->summary->villages = (int)st->n_villages;
done:
    free(seats);
    free(seeds);
    free(cells);
    return rc;
}
