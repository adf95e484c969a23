/*
 * This file implements the fast pre-test of overlap checking: a proof, from the two polygons'
 * boundary segments alone, that two siblings share no interior, so that the GEOS intersection
 * runs only for pairs that may overlap. In an exactly noded partition every segment one
 * polygon has near the other is either the same segment traversed the other way (a shared
 * edge, interiors on opposite sides) or stays outside the other polygon. Anything else (a
 * crossing, a touch that is not a shared vertex, a collinear piece, a segment inside the
 * other) makes the pair a suspect and the caller intersects it with GEOS. The test is
 * conservative: doubtful orientations count as touching.
 *
 * Why it is sound: if the interiors of A and B meet in a region R, then either a boundary
 * segment of A has points inside B (it is not a reversed shared edge; it either meets B's
 * boundary away from shared vertices, or lies wholly inside B, which the midpoint test sees)
 * or R is bounded by edges of both traversed the same way (collinear pieces). Both are
 * suspects.
 *
 * All candidate pairs of a group are screened in one sweep from west to east: each polygon's
 * segments are read from GEOS once and listed in the cells of a grid over its extent (which
 * answers: the segment starting at a point, segments near a segment, crossings of a ray), kept
 * while the sweep line crosses the polygon's extent and freed behind it. A shared edge found
 * from one side is followed along both rings at once and marked on both. The sweep also records
 * which polygons are "closed" (every boundary segment is a shared edge of some candidate partner)
 * and lists the "open" segments that are not, from which validate_gaps.c finds the gaps.
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct seg {
    double x1, y1, x2, y2; /* directed so that the polygon's interior is on the left */
} seg;

typedef struct segs {
    seg *s;
    size_t n, cap;
    bool bad; /* out of memory or unreadable boundary: treated as "cannot prove" */
} segs;

/* Segment indexes bucketed by cells of a grid over a polygon's extent: cell (i, j) covers
 * [x0 + i * w, x0 + (i + 1) * w] x [y0 + j * h, y0 + (j + 1) * h]; a segment is listed in every
 * cell its box meets. */
typedef struct grid {
    uint32_t *off; /* nx * ny + 1 offsets into seg, cell (i, j) at j * nx + i */
    uint32_t *seg;
    size_t nx, ny;
    double dnx, dny;       /* nx, ny */
    double x1, y1;         /* the extent's east and north */
    double x0, y0, kx, ky; /* kx = 1 / w, ky = 1 / h (0 for a flat extent) */
} grid;

/* One polygon's boundary while the sweep needs it. */
typedef struct vpoly {
    segs b;         /* every segment of every ring */
    grid cells;     /* square-ish cells: segments near a segment or a ray */
    uint32_t *seen; /* per segment: the last ray that counted it */
    uint32_t ray;   /* rays cast so far */
    bool *shared;   /* per segment: a partner has it reversed */
    uint32_t *twin; /* per segment: 1 + the pair in which it was found reversed in the partner */
    bool built;
} vpoly;

static inline double min2(double a, double b)
{
    return a < b ? a : b;
}

static inline double max2(double a, double b)
{
    return a > b ? a : b;
}

static void push(segs *l, double x1, double y1, double x2, double y2)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        seg *grown = realloc(l->s, cap * sizeof *grown);
        if (grown == NULL) {
            l->bad = true;
            return;
        }
        l->s = grown;
        l->cap = cap;
    }
    l->s[l->n++] = (seg){x1, y1, x2, y2};
}

/* Appends the segments of one ring, interior on the left. */
static void add_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, bool hole, segs *out)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    char ccw = 0;
    if (cs == NULL || GEOSCoordSeq_getSize_r(h, cs, &n) != 1 || n < 2 ||
        GEOSCoordSeq_isCCW_r(h, cs, &ccw) != 1) {
        out->bad = true;
        return;
    }
    double *xy = malloc((size_t)n * 2 * sizeof *xy);
    if (xy == NULL || GEOSCoordSeq_copyToBuffer_r(h, cs, xy, 0, 0) != 1) {
        free(xy);
        out->bad = true;
        return;
    }
    /* Shells counter-clockwise and holes clockwise leave the interior on the left. */
    bool flip = hole ? ccw != 0 : ccw == 0;
    for (unsigned i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            out->bad = true;
    for (unsigned i = 0; i + 1 < n; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
        if (flip)
            push(out, bx, by, ax, ay);
        else
            push(out, ax, ay, bx, by);
    }
    free(xy);
}

static void add_polygons(GEOSContextHandle_t h, const GEOSGeometry *g, segs *out)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        add_ring(h, GEOSGetExteriorRing_r(h, g), false, out);
        int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; i++)
            add_ring(h, GEOSGetInteriorRingN_r(h, g, i), true, out);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++)
            add_polygons(h, GEOSGetGeometryN_r(h, g, i), out);
    } else {
        out->bad = true; /* not polygonal: let GEOS decide */
    }
}

/* Cell index along one axis of a coordinate (clamped to the grid); monotonic in v. */
static inline size_t cell_of(double v, double v0, double k, double n)
{
    double f = (v - v0) * k;
    if (!(f > 0))
        return 0;
    return f >= n ? (size_t)n - 1 : (size_t)(int64_t)f;
}

/* Cell ranges [c[0], c[1]] x [c[2], c[3]] met by the box of s. */
static inline void cells_of(const grid *g, const seg *s, size_t c[4])
{
    c[0] = cell_of(min2(s->x1, s->x2), g->x0, g->kx, g->dnx);
    c[1] = cell_of(max2(s->x1, s->x2), g->x0, g->kx, g->dnx);
    c[2] = cell_of(min2(s->y1, s->y2), g->y0, g->ky, g->dny);
    c[3] = cell_of(max2(s->y1, s->y2), g->y0, g->ky, g->dny);
}

/* Fills g (nx by ny cells over box) with the segments of b (a counting sort by cell; range
 * holds 4 cell numbers per segment, scratch); false when out of memory. */
static bool grid_build(grid *g, const segs *b, const double *box, size_t nx, size_t ny,
                       uint32_t *range)
{
    g->nx = nx;
    g->ny = ny;
    g->dnx = (double)nx;
    g->dny = (double)ny;
    g->x0 = box[0];
    g->y0 = box[1];
    g->x1 = box[2];
    g->y1 = box[3];
    double w = (box[2] - box[0]) / (double)nx, h = (box[3] - box[1]) / (double)ny;
    g->kx = w > 0 && isfinite(w) ? 1 / w : 0;
    g->ky = h > 0 && isfinite(h) ? 1 / h : 0;
    size_t cells = nx * ny, total = 0, c[4];
    if ((g->off = calloc(cells + 1, sizeof *g->off)) == NULL)
        return false;
    for (size_t i = 0; i < b->n; i++) {
        uint32_t *q = &range[4 * i];
        cells_of(g, &b->s[i], c);
        for (int k = 0; k < 4; k++)
            q[k] = (uint32_t)c[k];
        total += (c[1] - c[0] + 1) * (c[3] - c[2] + 1);
        for (size_t y = c[2]; y <= c[3]; y++)
            for (size_t x = c[0]; x <= c[1]; x++)
                g->off[y * nx + x + 1]++;
    }
    if (total >= UINT32_MAX || (g->seg = malloc((total + 1) * sizeof *g->seg)) == NULL)
        return false;
    for (size_t k = 0; k < cells; k++)
        g->off[k + 1] += g->off[k];
    /* off[k] runs through cell k's slots, ending at the start of cell k + 1 ... */
    for (size_t i = 0; i < b->n; i++) {
        const uint32_t *q = &range[4 * i];
        for (size_t y = q[2]; y <= q[3]; y++)
            for (size_t x = q[0]; x <= q[1]; x++)
                g->seg[g->off[y * nx + x]++] = (uint32_t)i;
    }
    /* ... so shifting by one cell restores the starts. */
    memmove(g->off + 1, g->off, cells * sizeof *g->off);
    g->off[0] = 0;
    return true;
}

static void grid_free(grid *g)
{
    free(g->off);
    free(g->seg);
}

static void poly_free(vpoly *p)
{
    free(p->b.s);
    grid_free(&p->cells);
    free(p->seen);
    free(p->shared);
    free(p->twin);
    memset(p, 0, sizeof *p);
}

/* Reads g's segments and builds the cells (box = g's extent). */
static void poly_build(GEOSContextHandle_t h, const GEOSGeometry *g, const double *box, vpoly *p)
{
    memset(p, 0, sizeof *p);
    p->built = true;
    add_polygons(h, g, &p->b);
    size_t n = p->b.n;
    if (p->b.bad || n == 0 || n >= UINT32_MAX / 4) {
        p->b.bad = true;
        return;
    }
    p->shared = calloc(n, sizeof *p->shared);
    p->twin = calloc(n, sizeof *p->twin);
    if (p->shared == NULL || p->twin == NULL) {
        p->b.bad = true;
        return;
    }
    /* About two segments per boundary cell. */
    size_t side = (size_t)sqrt(2.0 * (double)n) + 1;
    uint32_t *range = malloc(4 * n * sizeof *range);
    p->seen = calloc(n, sizeof *p->seen);
    if (range == NULL || p->seen == NULL || !grid_build(&p->cells, &p->b, box, side, side, range))
        p->b.bad = true;
    free(range);
}

/* Index of p's segment (x1,y1)->(x2,y2), or -1: it is listed in the cell of its start. */
static long find_seg(const vpoly *p, double x1, double y1, double x2, double y2)
{
    const grid *g = &p->cells;
    if (!(x1 >= g->x0 && x1 <= g->x1 && y1 >= g->y0 && y1 <= g->y1))
        return -1;
    size_t cell = cell_of(y1, g->y0, g->ky, g->dny) * g->nx + cell_of(x1, g->x0, g->kx, g->dnx);
    for (uint32_t i = g->off[cell]; i < g->off[cell + 1]; i++) {
        const seg *t = &p->b.s[g->seg[i]];
        if (t->x1 == x1 && t->y1 == y1 && t->x2 == x2 && t->y2 == y2)
            return (long)g->seg[i];
    }
    return -1;
}

/* The segment next to i in p's array (rings are stored in order, either way round) that
 * starts (from) or ends (!from) at (x, y), or -1. */
static long neighbour(const vpoly *p, long i, bool from, double x, double y)
{
    for (long k = i - 1; k <= i + 1; k += 2) {
        if (k < 0 || (size_t)k >= p->b.n)
            continue;
        const seg *t = &p->b.s[k];
        if (from ? t->x1 == x && t->y1 == y : t->x2 == x && t->y2 == y)
            return k;
    }
    return -1;
}

static bool reversed(const seg *s, const seg *t)
{
    return s->x1 == t->x2 && s->y1 == t->y2 && s->x2 == t->x1 && s->y2 == t->y1;
}

/* Marks a's segment i and b's segment j (the same segment reversed) as shared edges of pair
 * `pair`, then follows the shared edge both ways along the rings (a forward while b runs
 * backward), so that a long shared boundary costs one lookup. */
static void mark_shared(vpoly *a, long i, vpoly *b, long j, uint32_t pair)
{
    for (int dir = 0; dir < 2; dir++) {
        long ci = i, cj = j;
        for (;;) {
            a->shared[ci] = b->shared[cj] = true;
            a->twin[ci] = b->twin[cj] = pair;
            const seg *s = &a->b.s[ci], *t = &b->b.s[cj];
            /* Forward: a's next segment starts at s's end, b's previous ends at t's start. */
            long ni = dir == 0 ? neighbour(a, ci, true, s->x2, s->y2)
                               : neighbour(a, ci, false, s->x1, s->y1);
            long nj = dir == 0 ? neighbour(b, cj, false, t->x1, t->y1)
                               : neighbour(b, cj, true, t->x2, t->y2);
            if (ni < 0 || nj < 0 || a->twin[ni] == pair || !reversed(&a->b.s[ni], &b->b.s[nj]))
                break;
            ci = ni;
            cj = nj;
        }
    }
}

/* Orientation of c relative to a->b, 0 when within the rounding doubt of the inputs. */
static int orient(double ax, double ay, double bx, double by, double cx, double cy)
{
    double d = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    double scale = (fabs(bx - ax) + fabs(by - ay)) * (fabs(cx - ax) + fabs(cy - ay));
    if (fabs(d) <= scale * 1e-12)
        return 0;
    return d > 0 ? 1 : -1;
}

static bool same(double ax, double ay, double bx, double by)
{
    return ax == bx && ay == by;
}

/* True when a and b, seen from v, point in opposite directions. */
static bool opposite(double vx, double vy, double ax, double ay, double bx, double by)
{
    return (ax - vx) * (bx - vx) + (ay - vy) * (by - vy) < 0;
}

/* True when s meets t anywhere but a shared endpoint, or lies along it. */
static bool touches(const seg *s, const seg *t)
{
    if (max2(s->x1, s->x2) < min2(t->x1, t->x2) || min2(s->x1, s->x2) > max2(t->x1, t->x2) ||
        max2(s->y1, s->y2) < min2(t->y1, t->y2) || min2(s->y1, s->y2) > max2(t->y1, t->y2))
        return false;
    int o1 = orient(t->x1, t->y1, t->x2, t->y2, s->x1, s->y1);
    int o2 = orient(t->x1, t->y1, t->x2, t->y2, s->x2, s->y2);
    int o3 = orient(s->x1, s->y1, s->x2, s->y2, t->x1, t->y1);
    int o4 = orient(s->x1, s->y1, s->x2, s->y2, t->x2, t->y2);
    /* Meeting at a vertex is fine, running along is not; in line with each other, two segments
     * that leave their common vertex in opposite directions only meet there. */
    if (same(s->x1, s->y1, t->x1, t->y1))
        return o1 == 0 && o2 == 0 && !opposite(s->x1, s->y1, s->x2, s->y2, t->x2, t->y2);
    if (same(s->x1, s->y1, t->x2, t->y2))
        return o1 == 0 && o2 == 0 && !opposite(s->x1, s->y1, s->x2, s->y2, t->x1, t->y1);
    if (same(s->x2, s->y2, t->x1, t->y1))
        return o1 == 0 && o2 == 0 && !opposite(s->x2, s->y2, s->x1, s->y1, t->x2, t->y2);
    if (same(s->x2, s->y2, t->x2, t->y2))
        return o1 == 0 && o2 == 0 && !opposite(s->x2, s->y2, s->x1, s->y1, t->x1, t->y1);
    if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0)
        return true; /* a T-junction or a doubt */
    return o1 != o2 && o3 != o4;
}

/* True when s touches a segment of p (only the cells s's box meets can hold one). */
static bool touches_any(const vpoly *p, const seg *s)
{
    const grid *g = &p->cells;
    size_t c[4];
    cells_of(g, s, c);
    for (size_t y = c[2]; y <= c[3]; y++)
        for (size_t x = c[0]; x <= c[1]; x++)
            for (uint32_t i = g->off[y * g->nx + x]; i < g->off[y * g->nx + x + 1]; i++)
                if (touches(s, &p->b.s[g->seg[i]]))
                    return true;
    return false;
}

/* Even-odd point in polygon: crossings of a ray from (x, y) to the nearest side of p's cells
 * (the extent). A segment the ray crosses is listed in a cell the ray passes (monotonic cell
 * numbers), so the ray counts each segment of those cells once. Sound for points off the
 * boundary, which is all the caller asks: segments that come near p's boundary were suspects
 * already. */
static bool inside(vpoly *p, double x, double y)
{
    const grid *g = &p->cells;
    if (!(x >= g->x0 && x <= g->x1 && y >= g->y0 && y <= g->y1))
        return false;                                           /* outside the extent */
    double d[4] = {x - g->x0, g->x1 - x, y - g->y0, g->y1 - y}; /* west, east, south, north */
    int dir = 0;
    for (int k = 1; k < 4; k++)
        if (d[k] < d[dir])
            dir = k;
    if (++p->ray == 0) { /* wrapped: forget old rays */
        memset(p->seen, 0, p->b.n * sizeof *p->seen);
        p->ray = 1;
    }
    size_t cx = cell_of(x, g->x0, g->kx, g->dnx), cy = cell_of(y, g->y0, g->ky, g->dny);
    bool in = false;
    for (size_t c = dir < 2 ? cx : cy;;) {
        size_t cell = dir < 2 ? cy * g->nx + c : c * g->nx + cx;
        for (uint32_t i = g->off[cell]; i < g->off[cell + 1]; i++) {
            uint32_t k = g->seg[i];
            if (p->seen[k] == p->ray)
                continue;
            p->seen[k] = p->ray;
            const seg *t = &p->b.s[k];
            if (dir < 2 && (t->y1 > y) != (t->y2 > y)) {
                double xc = t->x1 + (y - t->y1) * (t->x2 - t->x1) / (t->y2 - t->y1);
                if (dir == 0 ? xc < x : xc > x)
                    in = !in;
            } else if (dir >= 2 && (t->x1 > x) != (t->x2 > x)) {
                double yc = t->y1 + (x - t->x1) * (t->y2 - t->y1) / (t->x2 - t->x1);
                if (dir == 2 ? yc < y : yc > y)
                    in = !in;
            }
        }
        size_t last = dir == 1 ? g->nx - 1 : dir == 3 ? g->ny - 1 : 0;
        if (c == last)
            break;
        c = dir == 0 || dir == 2 ? c - 1 : c + 1;
    }
    return in;
}

/* True when segment i of mine, if its box meets win, may reach into other; marks it when other
 * has it reversed (a shared edge). */
static bool suspect_seg(vpoly *mine, uint32_t i, vpoly *other, const double *win, uint32_t pair)
{
    if (mine->twin[i] == pair)
        return false; /* a shared edge found from either side */
    const seg *s = &mine->b.s[i];
    if (max2(s->x1, s->x2) < win[0] || min2(s->x1, s->x2) > win[2] || max2(s->y1, s->y2) < win[1] ||
        min2(s->y1, s->y2) > win[3])
        return false;
    long j = find_seg(other, s->x2, s->y2, s->x1, s->y1);
    if (j >= 0) {
        mark_shared(mine, i, other, j, pair); /* interiors on opposite sides */
        return false;
    }
    if (touches_any(other, s))
        return true;
    /* Meeting the other's boundary nowhere but at shared vertices, the open segment is wholly
     * inside or wholly outside the other polygon. */
    return inside(other, (s->x1 + s->x2) / 2, (s->y1 + s->y2) / 2);
}

/* True when some segment of mine within win may reach into other; marks the shared edges of
 * both (pair = 1 + the pair's index) on the way. */
static bool suspect(vpoly *mine, vpoly *other, const double *win, uint32_t pair)
{
    const grid *g = &mine->cells;
    seg w = {win[0], win[1], win[2], win[3]};
    size_t c[4];
    cells_of(g, &w, c); /* a segment whose box meets win is listed in one of these cells */
    for (size_t y = c[2]; y <= c[3]; y++)
        for (size_t x = c[0]; x <= c[1]; x++)
            for (uint32_t k = g->off[y * g->nx + x]; k < g->off[y * g->nx + x + 1]; k++)
                if (suspect_seg(mine, g->seg[k], other, win, pair))
                    return true;
    return false;
}

/* The pre-test of one pair with extents ea and eb (NULL when unknown); pair = 1 + its index. */
static bool may_overlap(vpoly *a, vpoly *b, const double *ea, const double *eb, uint32_t pair)
{
    if (ea == NULL || eb == NULL)
        return true;
    double win[4] = {max2(ea[0], eb[0]), max2(ea[1], eb[1]), min2(ea[2], eb[2]),
                     min2(ea[3], eb[3])};
    if (win[0] > win[2] || win[1] > win[3])
        return false; /* boxes apart */
    if (a->b.bad || b->b.bad)
        return true;
    return suspect(a, b, win, pair) || suspect(b, a, win, pair);
}

/* ---- the sweep ---------------------------------------------------------------------------- */

typedef struct sweep {
    const double *box; /* 4 per polygon */
    const bool *has_box;
} sweep;

/* Merge sort of polygon indexes by box[key] (then index); the comparison needs the boxes and
 * C17 has no qsort_r. */
static void sort_by(const sweep *w, int key, size_t *idx, size_t n, size_t *tmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by(w, key, idx, h, tmp);
    sort_by(w, key, idx + h, n - h, tmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        double x = w->box[4 * idx[i] + key], y = w->box[4 * idx[j] + key];
        tmp[k++] = (x < y || (x == y && idx[i] < idx[j])) ? idx[i++] : idx[j++];
    }
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

/* Polygon k leaves the sweep: closed when every segment is a shared edge; the other segments
 * go to s->open. */
static void retire(vpoly *p, size_t k, vscreen *s, size_t *cap)
{
    bool all = p->built && !p->b.bad;
    if (!all)
        s->complete = false;
    for (size_t i = 0; i < p->b.n && !p->b.bad; i++) {
        if (p->shared[i])
            continue;
        all = false;
        if (s->n_open == *cap) {
            size_t grown_cap = *cap ? 2 * *cap : 1024;
            vseg *grown = realloc(s->open, grown_cap * sizeof *grown);
            if (grown == NULL) {
                s->complete = false;
                break;
            }
            s->open = grown;
            *cap = grown_cap;
        }
        const seg *t = &p->b.s[i];
        s->open[s->n_open++] = (vseg){t->x1, t->y1, t->x2, t->y2, k};
    }
    s->closed[k] = all;
    poly_free(p);
}

int vpairs_screen(vrun *r, const GEOSGeometry *const *g, size_t n, const vpair *pairs,
                  size_t n_pairs, vscreen *s, gis_error *err)
{
    s->open = NULL;
    s->n_open = 0;
    s->complete = true;
    for (size_t k = 0; k < n; k++)
        s->closed[k] = false;
    if (n == 0)
        return GIS_OK;
    if (n_pairs >= UINT32_MAX)
        return GIS_ERR(err, GIS_ENOMEM, "too many sibling pairs to screen");
    size_t cap = 0;
    double *box = malloc(4 * n * sizeof *box);
    bool *has_box = malloc(n * sizeof *has_box);
    size_t *by_min = malloc(n * sizeof *by_min), *by_max = malloc(n * sizeof *by_max);
    size_t *tmp = malloc(n * sizeof *tmp), *rank = malloc(n * sizeof *rank);
    size_t *off = calloc(n + 1, sizeof *off), *at = malloc((n_pairs + 1) * sizeof *at);
    vpoly *poly = calloc(n, sizeof *poly);
    int rc = GIS_OK;
    if (box == NULL || has_box == NULL || by_min == NULL || by_max == NULL || tmp == NULL ||
        rank == NULL || off == NULL || at == NULL || poly == NULL) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory screening sibling pairs");
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        double *b = &box[4 * k];
        has_box[k] = GEOSGeom_getExtent_r(r->h, g[k], &b[0], &b[1], &b[2], &b[3]) == 1;
        if (!has_box[k]) { /* kept in the sweep from start to end */
            b[0] = b[1] = -INFINITY;
            b[2] = b[3] = INFINITY;
        }
        by_min[k] = by_max[k] = k;
    }
    sweep w = {box, has_box};
    sort_by(&w, 0, by_min, n, tmp);
    sort_by(&w, 2, by_max, n, tmp);
    for (size_t t = 0; t < n; t++)
        rank[by_min[t]] = t;
    /* Each pair is tested when the later of its two polygons (in sweep order) enters. */
    for (size_t p = 0; p < n_pairs; p++) {
        size_t a = pairs[p].a, b = pairs[p].b;
        off[(rank[a] > rank[b] ? a : b) + 1]++;
    }
    for (size_t k = 0; k < n; k++)
        off[k + 1] += off[k];
    memcpy(tmp, off, n * sizeof *tmp);
    for (size_t p = 0; p < n_pairs; p++) {
        size_t a = pairs[p].a, b = pairs[p].b;
        at[tmp[rank[a] > rank[b] ? a : b]++] = p;
    }
    size_t gone = 0;
    for (size_t t = 0; t < n; t++) {
        size_t k = by_min[t];
        /* Polygons wholly west of this one meet no later polygon. */
        while (gone < n && box[4 * by_max[gone] + 2] < box[4 * k]) {
            retire(&poly[by_max[gone]], by_max[gone], s, &cap);
            gone++;
        }
        poly_build(r->h, g[k], &box[4 * k], &poly[k]);
        for (size_t i = off[k]; i < off[k + 1]; i++) {
            const vpair *q = &pairs[at[i]];
            s->maybe[at[i]] =
                may_overlap(&poly[q->a], &poly[q->b], has_box[q->a] ? &box[4 * q->a] : NULL,
                            has_box[q->b] ? &box[4 * q->b] : NULL, (uint32_t)(at[i] + 1));
        }
    }
    for (; gone < n; gone++)
        retire(&poly[by_max[gone]], by_max[gone], s, &cap);
done:
    free(box);
    free(has_box);
    free(by_min);
    free(by_max);
    free(tmp);
    free(rank);
    free(off);
    free(at);
    free(poly);
    return rc;
}
