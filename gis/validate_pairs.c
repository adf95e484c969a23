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
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct seg {
    double x1, y1, x2, y2; /* directed so that the polygon's interior is on the left */
} seg;

typedef struct segs {
    seg *s;
    size_t n, cap;
    bool oom;
} segs;

static void push(segs *l, double x1, double y1, double x2, double y2)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        seg *grown = realloc(l->s, cap * sizeof *grown);
        if (grown == NULL) {
            l->oom = true;
            return;
        }
        l->s = grown;
        l->cap = cap;
    }
    l->s[l->n++] = (seg){x1, y1, x2, y2};
}

/* Appends the segments of one ring; window NULL keeps all, else those whose box meets it. */
static void add_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, bool hole, const double *win,
                     segs *out)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    char ccw = 0;
    if (cs == NULL || GEOSCoordSeq_getSize_r(h, cs, &n) != 1 || n < 2 ||
        GEOSCoordSeq_isCCW_r(h, cs, &ccw) != 1) {
        out->oom = true; /* treated as "cannot prove": the caller intersects */
        return;
    }
    double *xy = malloc((size_t)n * 2 * sizeof *xy);
    if (xy == NULL || GEOSCoordSeq_copyToBuffer_r(h, cs, xy, 0, 0) != 1) {
        free(xy);
        out->oom = true;
        return;
    }
    /* Shells counter-clockwise and holes clockwise leave the interior on the left. */
    bool flip = hole ? ccw != 0 : ccw == 0;
    for (unsigned i = 0; i + 1 < n; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
        if (win != NULL && (fmax(ax, bx) < win[0] || fmin(ax, bx) > win[2] ||
                            fmax(ay, by) < win[1] || fmin(ay, by) > win[3]))
            continue;
        if (flip)
            push(out, bx, by, ax, ay);
        else
            push(out, ax, ay, bx, by);
    }
    free(xy);
}

static void add_polygons(GEOSContextHandle_t h, const GEOSGeometry *g, const double *win, segs *out)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        add_ring(h, GEOSGetExteriorRing_r(h, g), false, win, out);
        int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; i++)
            add_ring(h, GEOSGetInteriorRingN_r(h, g, i), true, win, out);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++)
            add_polygons(h, GEOSGetGeometryN_r(h, g, i), win, out);
    } else {
        out->oom = true; /* not polygonal: let GEOS decide */
    }
}

static int cmp_seg(const void *a, const void *b)
{
    const double *x = a, *y = b;
    for (int i = 0; i < 4; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
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

/* True when s meets t anywhere but a shared endpoint, or lies along it. */
static bool touches(const seg *s, const seg *t)
{
    if (fmax(s->x1, s->x2) < fmin(t->x1, t->x2) || fmin(s->x1, s->x2) > fmax(t->x1, t->x2) ||
        fmax(s->y1, s->y2) < fmin(t->y1, t->y2) || fmin(s->y1, s->y2) > fmax(t->y1, t->y2))
        return false;
    int o1 = orient(t->x1, t->y1, t->x2, t->y2, s->x1, s->y1);
    int o2 = orient(t->x1, t->y1, t->x2, t->y2, s->x2, s->y2);
    int o3 = orient(s->x1, s->y1, s->x2, s->y2, t->x1, t->y1);
    int o4 = orient(s->x1, s->y1, s->x2, s->y2, t->x2, t->y2);
    bool shared = same(s->x1, s->y1, t->x1, t->y1) || same(s->x1, s->y1, t->x2, t->y2) ||
                  same(s->x2, s->y2, t->x1, t->y1) || same(s->x2, s->y2, t->x2, t->y2);
    if (shared)
        return o1 == 0 && o2 == 0; /* meeting at a vertex is fine, running along is not */
    if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0)
        return true; /* a T-junction or a doubt */
    return o1 != o2 && o3 != o4;
}

/* Even-odd point in polygon over all segments of the other polygon; 1 inside, 0 outside. */
static bool inside(const segs *all, double x, double y)
{
    bool in = false;
    for (size_t i = 0; i < all->n; i++) {
        const seg *t = &all->s[i];
        if ((t->y1 > y) != (t->y2 > y)) {
            double xc = t->x1 + (y - t->y1) * (t->x2 - t->x1) / (t->y2 - t->y1);
            if (xc > x)
                in = !in;
        }
    }
    return in;
}

/* True when some segment of mine (near the other) may reach into the other polygon. */
static bool suspect(const segs *mine, const segs *other_sorted, const segs *other_all)
{
    for (size_t i = 0; i < mine->n; i++) {
        const seg *s = &mine->s[i];
        seg rev = {s->x2, s->y2, s->x1, s->y1};
        if (other_sorted->n > 0 &&
            bsearch(&rev, other_sorted->s, other_sorted->n, sizeof rev, cmp_seg) != NULL)
            continue; /* a shared edge with the interiors on opposite sides */
        for (size_t k = 0; k < other_sorted->n; k++)
            if (touches(s, &other_sorted->s[k]))
                return true;
        /* Meeting the other's boundary nowhere but at shared vertices, the open segment is
         * wholly inside or wholly outside the other polygon. */
        if (inside(other_all, (s->x1 + s->x2) / 2, (s->y1 + s->y2) / 2))
            return true;
    }
    return false;
}

bool vpair_may_overlap(vrun *r, const GEOSGeometry *a, const GEOSGeometry *b)
{
    double ea[4], eb[4];
    if (GEOSGeom_getExtent_r(r->h, a, &ea[0], &ea[1], &ea[2], &ea[3]) != 1 ||
        GEOSGeom_getExtent_r(r->h, b, &eb[0], &eb[1], &eb[2], &eb[3]) != 1)
        return true;
    double win[4] = {fmax(ea[0], eb[0]), fmax(ea[1], eb[1]), fmin(ea[2], eb[2]),
                     fmin(ea[3], eb[3])};
    if (win[0] > win[2] || win[1] > win[3])
        return false; /* boxes apart */
    segs wa = {0}, wb = {0}, all_a = {0}, all_b = {0};
    add_polygons(r->h, a, win, &wa);
    add_polygons(r->h, b, win, &wb);
    add_polygons(r->h, a, NULL, &all_a);
    add_polygons(r->h, b, NULL, &all_b);
    bool maybe = wa.oom || wb.oom || all_a.oom || all_b.oom;
    if (!maybe) {
        if (wa.n > 1)
            qsort(wa.s, wa.n, sizeof *wa.s, cmp_seg);
        if (wb.n > 1)
            qsort(wb.s, wb.n, sizeof *wb.s, cmp_seg);
        maybe = suspect(&wa, &wb, &all_b) || suspect(&wb, &wa, &all_a);
    }
    free(wa.s);
    free(wb.s);
    free(all_a.s);
    free(all_b.s);
    return maybe;
}
