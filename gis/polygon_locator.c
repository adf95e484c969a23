/*
 * This file implements gis_polygon_locator: point-in-polygons queries through a grid whose
 * cells are classified on first use (STRtree candidates, then prepared covers/intersects of the
 * cell rectangle), so most points are answered by a cell that one polygon covers entirely and
 * only points in boundary cells cost a prepared point-in-polygon test. It does not copy,
 * validate or repair the polygons.
 */
#include "gis/polygon_locator.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_int.h"

/* Cell codes: not yet classified, no polygon, exactly one covering polygon (its index in the
 * low bits; the common case answered from cell_off alone), else an offset into lists. */
#define UNCLASSIFIED UINT32_MAX
#define EMPTY_CELL (UINT32_MAX - 1)
#define SINGLE_BIT 0x80000000u
#define DEFAULT_SIDE 128u
/* Flags on candidate indices while a cell is classified. */
#define FULL_BIT 0x80000000u
#define PARTIAL_BIT 0x40000000u
#define INDEX_MASK 0x3fffffffu

struct gis_polygon_locator {
    gis_ctx *ctx;                      /* borrowed */
    size_t n;                          /* number of polygons */
    const GEOSGeometry **g;            /* borrowed GEOS geometries, NULL when skipped */
    const GEOSPreparedGeometry **prep; /* owned prepared geometries, NULL when skipped */
    GEOSSTRtree *tree;                 /* owned; items point into g */
    bool has_extent;                   /* false when no polygon has coordinates */
    double minx, miny, maxx, maxy;     /* extent of all polygons, in their CRS */
    double dx, dy;                     /* cell size */
    unsigned side;                     /* cells per side */
    uint32_t *cell_off;                /* per cell: a cell code (see UNCLASSIFIED) */
    uint32_t *lists;                   /* per classified cell: n_full, n_partial, indices */
    size_t n_lists, cap_lists;
    uint32_t *scratch; /* STRtree query results, then full/partial split */
    size_t n_scratch, cap_scratch;
};

size_t gis_polygon_locator_count(const gis_polygon_locator *loc)
{
    return loc ? loc->n : 0;
}

void gis_polygon_locator_free(gis_polygon_locator *loc)
{
    if (loc == NULL)
        return;
    GEOSContextHandle_t h = loc->ctx->geos;
    /* Index and prepared geometries go before the geometries they reference (STYLE.md §4). */
    if (loc->tree)
        GEOSSTRtree_destroy_r(h, loc->tree);
    for (size_t i = 0; loc->prep && i < loc->n; i++)
        if (loc->prep[i])
            GEOSPreparedGeom_destroy_r(h, loc->prep[i]);
    free(loc->prep);
    free(loc->g);
    free(loc->cell_off);
    free(loc->lists);
    free(loc->scratch);
    free(loc);
}

static int push(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        uint32_t *grown = realloc(*a, ncap * sizeof **a);
        if (grown == NULL)
            return GIS_ENOMEM;
        *a = grown;
        *cap = ncap;
    }
    (*a)[(*n)++] = v;
    return GIS_OK;
}

static void on_candidate(void *item, void *user)
{
    gis_polygon_locator *loc = user;
    uint32_t i = (uint32_t)((const GEOSGeometry **)item - loc->g);
    /* An allocation failure here surfaces as a missing candidate; checked by the caller. */
    if (push(&loc->scratch, &loc->n_scratch, &loc->cap_scratch, i) != GIS_OK)
        loc->n_scratch = SIZE_MAX;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int add_polygon(gis_polygon_locator *loc, size_t i, const gis_geom *geom, gis_error *err)
{
    GEOSContextHandle_t h = loc->ctx->geos;
    if (geom == NULL || GEOSisEmpty_r(h, gis_geom_geos(geom)) != 0)
        return GIS_OK;
    loc->g[i] = gis_geom_geos(geom);
    loc->prep[i] = GEOSPrepare_r(h, loc->g[i]);
    if (loc->prep[i] == NULL)
        return gis_ctx_geos_error(loc->ctx, err, __func__, "prepare polygon");
    GEOSSTRtree_insert_r(h, loc->tree, loc->g[i], (void *)&loc->g[i]);
    double x0, y0, x1, y1;
    if (!GEOSGeom_getXMin_r(h, loc->g[i], &x0) || !GEOSGeom_getYMin_r(h, loc->g[i], &y0) ||
        !GEOSGeom_getXMax_r(h, loc->g[i], &x1) || !GEOSGeom_getYMax_r(h, loc->g[i], &y1))
        return gis_ctx_geos_error(loc->ctx, err, __func__, "polygon bounds");
    if (!loc->has_extent) {
        loc->minx = x0, loc->miny = y0, loc->maxx = x1, loc->maxy = y1;
        loc->has_extent = true;
    } else {
        loc->minx = fmin(loc->minx, x0), loc->miny = fmin(loc->miny, y0);
        loc->maxx = fmax(loc->maxx, x1), loc->maxy = fmax(loc->maxy, y1);
    }
    return GIS_OK;
}

int gis_polygon_locator_new(gis_ctx *ctx, const gis_geom *const *geoms, size_t n,
                            unsigned grid_side, gis_polygon_locator **out, gis_error *err)
{
    *out = NULL;
    if (grid_side > 4096)
        return GIS_ERR(err, GIS_EINVAL, "grid side %u is larger than 4096", grid_side);
    if (n > INDEX_MASK)
        return GIS_ERR(err, GIS_EINVAL, "too many polygons (%zu) for one locator", n);
    int rc = GIS_OK;
    gis_polygon_locator *loc = calloc(1, sizeof *loc);
    if (loc == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory building polygon locator");
    loc->ctx = ctx;
    loc->n = n;
    loc->side = grid_side ? grid_side : DEFAULT_SIDE;
    loc->g = calloc(n ? n : 1, sizeof *loc->g);
    loc->prep = calloc(n ? n : 1, sizeof *loc->prep);
    loc->cell_off = malloc((size_t)loc->side * loc->side * sizeof *loc->cell_off);
    loc->tree = GEOSSTRtree_create_r(ctx->geos, 10);
    if (!loc->g || !loc->prep || !loc->cell_off || !loc->tree) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory building polygon locator");
        goto done;
    }
    memset(loc->cell_off, 0xff, (size_t)loc->side * loc->side * sizeof *loc->cell_off);
    for (size_t i = 0; i < n; i++)
        if ((rc = add_polygon(loc, i, geoms[i], err)) != GIS_OK)
            goto done;
    /* A degenerate extent still needs a positive cell size. */
    loc->dx = loc->maxx > loc->minx ? (loc->maxx - loc->minx) / loc->side : 1.0;
    loc->dy = loc->maxy > loc->miny ? (loc->maxy - loc->miny) / loc->side : 1.0;
done:
    if (rc != GIS_OK) {
        gis_polygon_locator_free(loc);
        return rc;
    }
    *out = loc;
    return GIS_OK;
}

static void cell_rect(const gis_polygon_locator *loc, unsigned i, unsigned j, double r[4])
{
    r[0] = loc->minx + i * loc->dx;
    r[1] = loc->miny + j * loc->dy;
    r[2] = i + 1 == loc->side ? loc->maxx : loc->minx + (i + 1) * loc->dx;
    r[3] = j + 1 == loc->side ? loc->maxy : loc->miny + (j + 1) * loc->dy;
}

/* Appends "n_full, n_partial, full..., partial..." (each ascending) to lists for the flagged
 * candidates in scratch. */
static int append_cell(gis_polygon_locator *loc, size_t *head_out)
{
    size_t head = loc->n_lists;
    uint32_t n_full = 0, n_partial = 0;
    if (push(&loc->lists, &loc->n_lists, &loc->cap_lists, 0) != GIS_OK ||
        push(&loc->lists, &loc->n_lists, &loc->cap_lists, 0) != GIS_OK)
        return GIS_ENOMEM;
    for (uint32_t bit = FULL_BIT; bit >= PARTIAL_BIT; bit >>= 1) {
        for (size_t k = 0; k < loc->n_scratch; k++) {
            if (!(loc->scratch[k] & bit))
                continue;
            if (push(&loc->lists, &loc->n_lists, &loc->cap_lists, loc->scratch[k] & INDEX_MASK) !=
                GIS_OK)
                return GIS_ENOMEM;
            if (bit == FULL_BIT)
                n_full++;
            else
                n_partial++;
        }
    }
    loc->lists[head] = n_full;
    loc->lists[head + 1] = n_partial;
    *head_out = head;
    return GIS_OK;
}

/* Stores the classified candidates in scratch as a cell code. */
static int encode_cell(gis_polygon_locator *loc, uint32_t *code, gis_error *err)
{
    size_t n_full = 0, n_partial = 0, full = 0;
    for (size_t k = 0; k < loc->n_scratch; k++) {
        if (loc->scratch[k] & FULL_BIT) {
            n_full++;
            full = loc->scratch[k] & INDEX_MASK;
        }
        n_partial += (loc->scratch[k] & PARTIAL_BIT) != 0;
    }
    if (n_partial == 0 && n_full <= 1) {
        *code = n_full == 0 ? EMPTY_CELL : SINGLE_BIT | (uint32_t)full;
        return GIS_OK;
    }
    size_t head = 0;
    if (append_cell(loc, &head) != GIS_OK || head >= SINGLE_BIT)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory classifying grid cell");
    *code = (uint32_t)head;
    return GIS_OK;
}

/* Classifies one cell: STRtree candidates, then for each a prepared covers (the polygon holds
 * the whole closed cell) or intersects (the cell crosses its boundary) test. */
static int classify(gis_polygon_locator *loc, unsigned i, unsigned j, gis_error *err)
{
    GEOSContextHandle_t h = loc->ctx->geos;
    double r[4];
    cell_rect(loc, i, j, r);
    GEOSGeometry *rect = GEOSGeom_createRectangle_r(h, r[0], r[1], r[2], r[3]);
    if (rect == NULL)
        return gis_ctx_geos_error(loc->ctx, err, __func__, "cell rectangle");
    loc->n_scratch = 0;
    GEOSSTRtree_query_r(h, loc->tree, rect, on_candidate, loc);
    int rc = GIS_OK;
    if (loc->n_scratch == SIZE_MAX) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory classifying grid cell");
        goto done;
    }
    if (loc->n_scratch > 1)
        qsort(loc->scratch, loc->n_scratch, sizeof *loc->scratch, cmp_u32);
    for (size_t k = 0; k < loc->n_scratch; k++) {
        uint32_t p = loc->scratch[k];
        char covers = GEOSPreparedCovers_r(h, loc->prep[p], rect);
        char hits = covers == 1 ? 1 : GEOSPreparedIntersects_r(h, loc->prep[p], rect);
        if (covers == 2 || hits == 2) {
            rc = gis_ctx_geos_error(loc->ctx, err, __func__, "cell predicate");
            goto done;
        }
        loc->scratch[k] = p | (covers == 1 ? FULL_BIT : hits == 1 ? PARTIAL_BIT : 0);
    }
    rc = encode_cell(loc, &loc->cell_off[(size_t)j * loc->side + i], err);
done:
    GEOSGeom_destroy_r(h, rect);
    return rc;
}

/* Cell index along one axis, nudged so that the point lies inside the cell's closed range
 * even when the division rounds across a cell edge. */
static unsigned axis_cell(double v, double lo, double d, unsigned side)
{
    double f = floor((v - lo) / d);
    unsigned c = f < 0 ? 0 : f >= side ? side - 1 : (unsigned)f;
    if (c > 0 && v < lo + c * d)
        c--;
    else if (c + 1 < side && v > lo + (c + 1) * d)
        c++;
    return c;
}

/* Keeps idx ascending; when it is full, the largest index drops out so the smallest stay. */
static void insert_sorted(size_t *idx, size_t *n, size_t max, size_t v)
{
    if (max == 0)
        return;
    if (*n == max) {
        if (idx[max - 1] <= v)
            return;
        (*n)--;
    }
    size_t k = *n;
    while (k > 0 && idx[k - 1] > v) {
        idx[k] = idx[k - 1];
        k--;
    }
    idx[k] = v;
    (*n)++;
}

int gis_polygon_locator_find(gis_polygon_locator *loc, double x, double y, size_t *idx, size_t max,
                             size_t *n_out, gis_error *err)
{
    *n_out = 0;
    if (!loc->has_extent || !(x >= loc->minx && x <= loc->maxx && y >= loc->miny && y <= loc->maxy))
        return GIS_OK;
    unsigned i = axis_cell(x, loc->minx, loc->dx, loc->side);
    unsigned j = axis_cell(y, loc->miny, loc->dy, loc->side);
    size_t c = (size_t)j * loc->side + i;
    int rc;
    if (loc->cell_off[c] == UNCLASSIFIED && (rc = classify(loc, i, j, err)) != GIS_OK)
        return rc;
    uint32_t code = loc->cell_off[c];
    if (code == EMPTY_CELL)
        return GIS_OK;
    if (code & SINGLE_BIT) {
        if (max > 0)
            idx[(*n_out)++] = code & INDEX_MASK;
        return GIS_OK;
    }
    const uint32_t *l = loc->lists + code;
    uint32_t n_full = l[0], n_partial = l[1];
    size_t n = 0;
    for (uint32_t k = 0; k < n_full; k++)
        insert_sorted(idx, &n, max, l[2 + k]);
    if (n_partial > 0) {
        GEOSContextHandle_t h = loc->ctx->geos;
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
        if (pt == NULL)
            return gis_ctx_geos_error(loc->ctx, err, __func__, "point");
        for (uint32_t k = 0; k < n_partial; k++) {
            uint32_t p = l[2 + n_full + k];
            char hit = GEOSPreparedIntersects_r(h, loc->prep[p], pt);
            if (hit == 2) {
                GEOSGeom_destroy_r(h, pt);
                return gis_ctx_geos_error(loc->ctx, err, __func__, "point in polygon");
            }
            if (hit == 1)
                insert_sorted(idx, &n, max, p);
        }
        GEOSGeom_destroy_r(h, pt);
    }
    *n_out = n;
    return GIS_OK;
}
