/*
 * This file implements the partition rules of boundary validation apart from gaps
 * (validate_gaps.c): overlap (area claimed by two siblings) and outside_parent (the part of a
 * child outside its parent), and the sibling groups both work on. Siblings are grouped by parent
 * code; candidate pairs come from a GEOS STRtree and are screened by the boundary pre-test of
 * validate_pairs.c before GEOS intersects them; unions use GEOS coverage union when no overlap
 * was found (linear on exactly noded partitions) and unary union otherwise. Overlay happens in
 * the CRS chosen by enum gis_validate_crs; reported geometries are in EPSG:4490 with
 * ellipsoidal areas. It does not check codes, markers or lines.
 */
#include "gis/validate_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void collect(void *item, void *user)
{
    vhits *h = user;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        size_t *grown = realloc(h->k, cap * sizeof *grown);
        if (grown == NULL) {
            h->oom = 1;
            return;
        }
        h->k = grown;
        h->cap = cap;
    }
    h->k[h->n++] = (size_t)(uintptr_t)item - 1;
}

const GEOSGeometry *vgroup_geom(const vrun *r, const vgroup *g, size_t k)
{
    return r->units[g->idx[k]].ov;
}

const char *vgroup_code(const vrun *r, const vgroup *g, size_t k)
{
    return r->units[g->idx[k]].u->code;
}

int vgroup_query(vrun *r, const vgroup *g, const GEOSGeometry *q, vhits *h, gis_error *err)
{
    h->n = 0;
    GEOSSTRtree_query_r(r->h, g->tree, q, collect, h);
    return h->oom ? GIS_ERR(err, GIS_ENOMEM, "out of memory querying the STRtree") : GIS_OK;
}

static const GEOSGeometry *geo(const vrun *r, const vgroup *g, size_t k)
{
    return vgroup_geom(r, g, k);
}

static const char *code(const vrun *r, const vgroup *g, size_t k)
{
    return vgroup_code(r, g, k);
}

/* Reports each polygon of part (owned, consumed) under rule for units a and b. */
static int report_parts(vrun *r, const char *rule, GEOSGeometry *part, const char *a, const char *b,
                        gis_error *err)
{
    GEOSGeometry **polys = NULL;
    size_t n = 0;
    int rc = vrun_polygons(r, part, &polys, &n, err);
    GEOSGeom_destroy_r(r->h, part);
    size_t i = 0;
    for (; i < n && rc == GIS_OK; i++) {
        gis_finding *f = NULL;
        rc = vrun_area_finding(r, rule, polys[i], &f, err); /* polys[i] consumed */
        if (rc != GIS_OK || f == NULL)
            continue;
        if ((rc = gis_finding_add_unit(f, a, err)) == GIS_OK && b != NULL)
            rc = gis_finding_add_unit(f, b, err);
        if (rc != GIS_OK)
            continue;
        if (strcmp(rule, "overlap") == 0)
            rc = gis_finding_set_message(f, err, "%s与%s重叠 %.0f 平方米", vrun_name(r, a),
                                         vrun_name(r, b), f->area_m2);
        else
            rc = gis_finding_set_message(f, err, "%s超出%s边界 %.0f 平方米", vrun_name(r, a),
                                         vrun_name(r, b), f->area_m2);
    }
    for (; i < n; i++)
        GEOSGeom_destroy_r(r->h, polys[i]);
    free(polys);
    return rc;
}

/* Candidate pairs (k, j > k) in the order of the STRtree answers for k = 0, 1, ... */
static int candidate_pairs(vrun *r, vgroup *g, gis_error *err)
{
    vhits h = {0};
    size_t cap = 0;
    int rc = GIS_OK;
    for (size_t k = 0; k < g->n && rc == GIS_OK; k++) {
        if ((rc = vgroup_query(r, g, geo(r, g, k), &h, err)) != GIS_OK)
            break;
        for (size_t c = 0; c < h.n; c++) {
            if (h.k[c] <= k)
                continue;
            if (g->n_pairs == cap) {
                size_t grown_cap = cap ? 2 * cap : 1024;
                vpair *grown = realloc(g->pairs, grown_cap * sizeof *grown);
                if (grown == NULL) {
                    rc = GIS_ERR(err, GIS_ENOMEM, "out of memory collecting sibling pairs");
                    break;
                }
                g->pairs = grown;
                cap = grown_cap;
            }
            g->pairs[g->n_pairs++] = (vpair){k, h.k[c]};
        }
    }
    free(h.k);
    return rc;
}

/* Overlaps: pairwise intersections of STRtree candidates with a larger index that the
 * boundary pre-test (validate_pairs.c) cannot clear. Flags the siblings of every pair that
 * shares area (even below the threshold): coverage union cannot take them. */
static int overlaps(vrun *r, vgroup *g, gis_error *err)
{
    int rc = candidate_pairs(r, g, err);
    const GEOSGeometry **geoms = rc == GIS_OK ? malloc((g->n + 1) * sizeof *geoms) : NULL;
    g->screen.maybe = rc == GIS_OK ? malloc((g->n_pairs + 1) * sizeof *g->screen.maybe) : NULL;
    g->screen.closed = rc == GIS_OK ? malloc((g->n + 1) * sizeof *g->screen.closed) : NULL;
    if (rc == GIS_OK && (geoms == NULL || g->screen.maybe == NULL || g->screen.closed == NULL))
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory checking overlaps");
    for (size_t k = 0; rc == GIS_OK && k < g->n; k++)
        geoms[k] = geo(r, g, k);
    if (rc == GIS_OK)
        rc = vpairs_screen(r, geoms, g->n, g->pairs, g->n_pairs, &g->screen, err);
    free(geoms);
    if (rc == GIS_OK)
        vrun_lap(r, "overlap pre-test");
    const GEOSPreparedGeometry *pa = NULL;
    size_t pk = SIZE_MAX;
    for (size_t p = 0; p < g->n_pairs && rc == GIS_OK; p++) {
        size_t k = g->pairs[p].a, j = g->pairs[p].b;
        if (!g->screen.maybe[p])
            continue; /* shared edges only: no interior in common */
        const GEOSGeometry *a = geo(r, g, k);
        if (pk != k) {
            if (pa != NULL)
                GEOSPreparedGeom_destroy_r(r->h, pa);
            pk = k;
            if ((pa = GEOSPrepare_r(r->h, a)) == NULL) {
                rc = gis_ctx_geos_error(r->ctx, err, __func__, "prepare");
                break;
            }
        }
        if (GEOSPreparedIntersects_r(r->h, pa, geo(r, g, j)) != 1)
            continue;
        GEOSGeometry *x = GEOSIntersection_r(r->h, a, geo(r, g, j));
        if (x == NULL) {
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "intersection");
            break;
        }
        double area = 0;
        GEOSArea_r(r->h, x, &area);
        if (area > 0)
            g->overlapping[k] = g->overlapping[j] = true;
        if (area > 0)
            rc = report_parts(r, "overlap", x, code(r, g, k), code(r, g, j), err);
        else
            GEOSGeom_destroy_r(r->h, x);
    }
    if (pa != NULL)
        GEOSPreparedGeom_destroy_r(r->h, pa);
    return rc;
}

/* Collects clones of the polygons of the siblings ks[0..nk) whose overlap flag equals `flag`
 * into a new multipolygon in *out (possibly empty). */
static int collect_parts(vrun *r, const vgroup *g, const size_t *ks, size_t nk, bool flag,
                         GEOSGeometry **out, gis_error *err)
{
    *out = NULL;
    size_t n = 0, cap = nk + 1;
    GEOSGeometry **parts = malloc(cap * sizeof *parts);
    int rc = parts ? GIS_OK : GIS_ERR(err, GIS_ENOMEM, "out of memory for the union");
    for (size_t m = 0; m < nk && rc == GIS_OK; m++) {
        size_t k = ks[m];
        if (g->overlapping[k] != flag)
            continue;
        GEOSGeometry **polys = NULL;
        size_t np = 0;
        if ((rc = vrun_polygons(r, geo(r, g, k), &polys, &np, err)) != GIS_OK)
            break;
        GEOSGeometry **grown =
            n + np > cap ? realloc(parts, (cap = 2 * (n + np)) * sizeof *parts) : parts;
        if (grown == NULL) {
            for (size_t i = 0; i < np; i++)
                GEOSGeom_destroy_r(r->h, polys[i]);
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory for the union");
        } else {
            parts = grown;
            if (np > 0)
                memcpy(parts + n, polys, np * sizeof *polys);
            n += np;
        }
        free(polys);
    }
    if (rc == GIS_OK) {
        /* The collection takes the parts; the array stays ours. */
        *out = GEOSGeom_createCollection_r(r->h, GEOS_MULTIPOLYGON, parts, (unsigned)n);
        if (*out == NULL)
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "collect siblings");
    } else {
        for (size_t i = 0; i < n; i++)
            GEOSGeom_destroy_r(r->h, parts[i]);
    }
    free(parts);
    return rc;
}

int vgroup_union(vrun *r, const vgroup *g, const size_t *ks, size_t nk, GEOSGeometry **out,
                 gis_error *err)
{
    *out = NULL;
    GEOSGeometry *clean = NULL, *dirty = NULL, *u = NULL, *ud = NULL;
    int rc = collect_parts(r, g, ks, nk, false, &clean, err);
    if (rc == GIS_OK)
        rc = collect_parts(r, g, ks, nk, true, &dirty, err);
    if (rc == GIS_OK) {
        u = GEOSCoverageUnion_r(r->h, clean);
        if (u == NULL) /* not exactly noded: the general union */
            u = GEOSUnaryUnion_r(r->h, clean);
        if (u != NULL && GEOSisEmpty_r(r->h, dirty) != 1) {
            ud = GEOSUnaryUnion_r(r->h, dirty);
            GEOSGeometry *both = ud ? GEOSUnion_r(r->h, u, ud) : NULL;
            GEOSGeom_destroy_r(r->h, u);
            u = both;
        }
        if (u == NULL)
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "union of siblings");
    }
    if (clean != NULL)
        GEOSGeom_destroy_r(r->h, clean);
    if (dirty != NULL)
        GEOSGeom_destroy_r(r->h, dirty);
    if (ud != NULL)
        GEOSGeom_destroy_r(r->h, ud);
    *out = u;
    return rc;
}

static int outside(vrun *r, const vgroup *g, gis_error *err)
{
    const GEOSPreparedGeometry *pp = GEOSPrepare_r(r->h, g->parent->ov);
    if (pp == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "prepare parent");
    int rc = GIS_OK;
    for (size_t k = 0; k < g->n && rc == GIS_OK; k++) {
        if (GEOSPreparedCovers_r(r->h, pp, geo(r, g, k)) == 1)
            continue;
        GEOSGeometry *d = GEOSDifference_r(r->h, geo(r, g, k), g->parent->ov);
        rc = d ? report_parts(r, "outside_parent", d, code(r, g, k), g->parent->u->code, err)
               : gis_ctx_geos_error(r->ctx, err, __func__, "child minus parent");
    }
    GEOSPreparedGeom_destroy_r(r->h, pp);
    return rc;
}

static int check_group(vrun *r, vgroup *g, gis_error *err)
{
    if ((g->tree = GEOSSTRtree_create_r(r->h, 10)) == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "STRtree");
    for (size_t k = 0; k < g->n; k++)
        GEOSSTRtree_insert_r(r->h, g->tree, geo(r, g, k), (void *)(uintptr_t)(k + 1));
    vrun_lap(r, "STRtree");
    g->overlapping = calloc(g->n + 1, sizeof *g->overlapping);
    int rc = g->overlapping != NULL ? overlaps(r, g, err)
                                    : GIS_ERR(err, GIS_ENOMEM, "out of memory checking overlaps");
    if (rc == GIS_OK)
        vrun_lap(r, "overlaps");
    if (rc == GIS_OK && (rc = vgaps_check(r, g, err)) == GIS_OK)
        vrun_lap(r, "gaps");
    if (rc == GIS_OK && g->parent != NULL && (rc = outside(r, g, err)) == GIS_OK)
        vrun_lap(r, "outside parent");
    GEOSSTRtree_destroy_r(r->h, g->tree);
    g->tree = NULL;
    free(g->overlapping);
    free(g->pairs);
    free(g->screen.maybe);
    free(g->screen.closed);
    free(g->screen.open);
    return rc;
}

static const char *parent_code_of(const vrun *r, size_t i)
{
    const char *p = r->units[i].u->parent_code;
    return p ? p : "";
}

/* Sorts the sibling indexes by parent code (insertion into runs keeps it simple: the number of
 * distinct parents is small compared with the units). */
static int cmp_parent(const vrun *r, size_t a, size_t b)
{
    int c = strcmp(parent_code_of(r, a), parent_code_of(r, b));
    return c != 0 ? c : (a > b) - (a < b);
}

static void sort_by_parent(const vrun *r, size_t *idx, size_t n, size_t *tmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_parent(r, idx, h, tmp);
    sort_by_parent(r, idx + h, n - h, tmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_parent(r, idx[i], idx[j]) <= 0 ? idx[i++] : idx[j++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

int vpart_check(vrun *r, const char *level, gis_error *err)
{
    size_t *idx = malloc((r->n_units ? r->n_units : 1) * sizeof *idx);
    size_t *tmp = malloc((r->n_units ? r->n_units : 1) * sizeof *tmp);
    if (idx == NULL || tmp == NULL) {
        free(idx);
        free(tmp);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory grouping units");
    }
    size_t n = 0;
    int rc = vrun_units_overlay(r, level, err);
    vrun_lap(r, "overlay geometries");
    for (size_t i = 0; rc == GIS_OK && i < r->n_units; i++)
        if (r->units[i].ov != NULL && r->units[i].u->level != NULL &&
            strcmp(r->units[i].u->level, level) == 0)
            idx[n++] = i;
    sort_by_parent(r, idx, n, tmp);
    free(tmp);
    const char *plevel = strcmp(level, "village") == 0 ? "township" : "county";
    for (size_t lo = 0, hi; lo < n && rc == GIS_OK; lo = hi) {
        for (hi = lo + 1;
             hi < n && strcmp(parent_code_of(r, idx[hi]), parent_code_of(r, idx[lo])) == 0;)
            hi++;
        vgroup g = {.idx = idx + lo, .n = hi - lo};
        const vunit *p = vrun_find(r, parent_code_of(r, idx[lo]));
        if (p != NULL && p->ov != NULL && p->u->level != NULL && strcmp(p->u->level, plevel) == 0)
            g.parent = p;
        rc = check_group(r, &g, err);
    }
    free(idx);
    return rc;
}
