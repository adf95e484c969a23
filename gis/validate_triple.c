/*
 * This file implements triple_point_without_marker (DOMAIN.md BND-05): the nodes where three
 * or more townships meet (三交点) are the polygon vertices shared by three or more townships
 * (keys rounded to 1 mm in the GK zone), found by sorting, not by pairwise tests; each needs a
 * boundary marker within the tolerance. Points on the county outline where two townships meet
 * the neighbouring county are left to the county-level survey and not checked.
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vkey {
    int64_t x, y; /* GK millimetres */
    size_t unit;  /* unit index */
} vkey;

typedef struct vkeys {
    vkey *k;
    size_t n, cap;
    size_t unit;
    bool oom;
} vkeys;

static int on_ring(void *user, size_t ring_index, const double *xy, size_t n)
{
    (void)ring_index;
    vkeys *v = user;
    for (size_t i = 0; i + 1 < n; i++) { /* the closing vertex repeats the first */
        if (v->n == v->cap) {
            size_t cap = v->cap ? v->cap * 2 : 1024;
            vkey *grown = realloc(v->k, cap * sizeof *grown);
            if (grown == NULL) {
                v->oom = true;
                return 1;
            }
            v->k = grown;
            v->cap = cap;
        }
        v->k[v->n++] = (vkey){llround(xy[2 * i] * 1000), llround(xy[2 * i + 1] * 1000), v->unit};
    }
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    const vkey *x = a, *y = b;
    if (x->x != y->x)
        return x->x < y->x ? -1 : 1;
    if (x->y != y->y)
        return x->y < y->y ? -1 : 1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

static int collect(vrun *r, vkeys *keys, gis_error *err)
{
    gis_geom_visitor vis = {.ring = on_ring};
    int rc = GIS_OK;
    for (size_t i = 0; i < r->n_units && rc == GIS_OK; i++) {
        vunit *v = &r->units[i];
        if (v->geo == NULL || strcmp(v->u->level ? v->u->level : "", "township") != 0)
            continue;
        if (v->gk == NULL && (rc = vrun_to_gk(r, v->geo, &v->gk, err)) != GIS_OK)
            break;
        keys->unit = i;
        gis_geom view = {v->gk};
        int w = gis_geom_walk(r->ctx, &view, &vis, keys, err);
        if (keys->oom)
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory collecting vertices");
        else if (w != 0)
            rc = w;
    }
    return rc;
}

/* Distance (m) from x,y to the nearest marker; markers sorted by x in order[]. */
static double nearest_marker(const double *mxy, const size_t *order, size_t n, double x, double y,
                             double radius)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mxy[2 * order[mid]] < x - radius)
            lo = mid + 1;
        else
            hi = mid;
    }
    double best = INFINITY;
    for (size_t i = lo; i < n && mxy[2 * order[i]] <= x + radius; i++)
        best = fmin(best, hypot(mxy[2 * order[i]] - x, mxy[2 * order[i] + 1] - y));
    return best;
}

static int report(vrun *r, const vkey *g, size_t n, gis_error *err)
{
    double xy[2] = {g[0].x / 1000.0, g[0].y / 1000.0};
    int rc = gis_crs_transform_xy(r->ctx, r->to_geo, xy, 1, err);
    gis_finding *f = NULL;
    if (rc == GIS_OK)
        rc = vrun_point_finding(r, "triple_point_without_marker", GIS_SEV_ERROR, xy[0], xy[1], &f,
                                err);
    char names[160] = "";
    size_t pos = 0, shown = 0;
    for (size_t i = 0; i < n && rc == GIS_OK; i++) {
        if (i > 0 && g[i].unit == g[i - 1].unit)
            continue;
        const char *code = r->units[g[i].unit].u->code;
        rc = gis_finding_add_unit(f, code, err);
        if (shown++ < 4 && pos < sizeof names)
            pos += (size_t)snprintf(names + pos, sizeof names - pos, "%s%s", shown > 1 ? "、" : "",
                                    vrun_name(r, code));
    }
    if (rc == GIS_OK)
        rc = gis_finding_set_message(f, err, "%s交汇的三交点 %.1f 米内没有界桩 (应设三面型界桩)",
                                     names, r->o->tolerance_m);
    return rc;
}

static int cmp_double(const void *a, const void *b, const double *mxy)
{
    double x = mxy[2 * *(const size_t *)a], y = mxy[2 * *(const size_t *)b];
    return (x > y) - (x < y);
}

/* Insertion sort of marker indexes by x: marker counts are in the hundreds. */
static void sort_markers(const double *mxy, size_t *order, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i], j = i;
        while (j > 0 && cmp_double(&order[j - 1], &v, mxy) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

int vtriple_points(vrun *r, const double *marker_xy, gis_error *err)
{
    vkeys keys = {0};
    size_t nm = 0, *order = malloc((r->in->n_markers ? r->in->n_markers : 1) * sizeof *order);
    int rc = order ? collect(r, &keys, err) : GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; rc == GIS_OK && i < r->in->n_markers; i++)
        if (!isnan(marker_xy[2 * i]))
            order[nm++] = i;
    if (rc == GIS_OK) {
        sort_markers(marker_xy, order, nm);
        qsort(keys.k, keys.n, sizeof *keys.k, cmp_key);
    }
    for (size_t lo = 0, hi; rc == GIS_OK && lo < keys.n; lo = hi) {
        size_t distinct = 1;
        for (hi = lo + 1;
             hi < keys.n && keys.k[hi].x == keys.k[lo].x && keys.k[hi].y == keys.k[lo].y; hi++)
            distinct += keys.k[hi].unit != keys.k[hi - 1].unit;
        if (distinct < 3)
            continue;
        double d = nearest_marker(marker_xy, order, nm, keys.k[lo].x / 1000.0,
                                  keys.k[lo].y / 1000.0, r->o->tolerance_m);
        if (d > r->o->tolerance_m)
            rc = report(r, keys.k + lo, hi - lo, err);
    }
    free(keys.k);
    free(order);
    return rc;
}
