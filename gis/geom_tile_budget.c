/*
 * This file implements the bounded clip of polygons to a tile (gis/geom_tile_budget.h): the
 * one-pass estimate of GEOSClipByRect_r's work, and the linear clip on the pixel grid used
 * above the budget (Sutherland-Hodgman per ring, rounding, removal of repeated and collinear
 * vertices, then the snap to valid output). Choosing between the two is gis/geom_tile.c's job.
 */
#include "gis/geom_tile_budget.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_int.h"

/* ---- work estimate ---------------------------------------------------------------------- */

/* Cohen-Sutherland outcode of (x, y) against bb (minx, miny, maxx, maxy); NaN is outside. */
static unsigned outcode(double x, double y, const double bb[4])
{
    unsigned c = 0;
    if (!(x >= bb[0]))
        c |= 1;
    else if (!(x <= bb[2]))
        c |= 2;
    if (!(y >= bb[1]))
        c |= 4;
    else if (!(y <= bb[3]))
        c |= 8;
    return c;
}

/* Scratch buffer for the coordinates of one ring. */
typedef struct xybuf {
    double *xy;
    size_t cap; /* points */
} xybuf;

/* Adds to *crossings the segments of ring that cross bb's boundary (1 each) or, both ends
 * outside but not on the same outer side, may pass through bb (2 each). */
static int ring_crossings(gis_ctx *ctx, const GEOSGeometry *ring, const double bb[4], xybuf *buf,
                          double *crossings, unsigned *n_vertices)
{
    const GEOSCoordSequence *s = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned n = 0;
    if (s == NULL || !GEOSCoordSeq_getSize_r(ctx->geos, s, &n))
        return GIS_EGEOM;
    *n_vertices += n;
    if (n > buf->cap) {
        double *xy = realloc(buf->xy, (size_t)n * 2 * sizeof *xy);
        if (xy == NULL)
            return GIS_ENOMEM;
        buf->xy = xy;
        buf->cap = n;
    }
    if (n > 0 && !GEOSCoordSeq_copyToBuffer_r(ctx->geos, s, buf->xy, 0, 0))
        return GIS_EGEOM;
    unsigned prev = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned c = outcode(buf->xy[2 * i], buf->xy[2 * i + 1], bb);
        if (i > 0) {
            if ((c == 0) != (prev == 0))
                *crossings += 1;
            else if (c != 0 && (c & prev) == 0)
                *crossings += 2;
        }
        prev = c;
    }
    return GIS_OK;
}

static int polygon_work(gis_ctx *ctx, const GEOSGeometry *p, const double bb[4], xybuf *buf,
                        double *work)
{
    double crossings = 0;
    unsigned vertices = 0;
    int holes = GEOSGetNumInteriorRings_r(ctx->geos, p);
    const GEOSGeometry *shell = GEOSGetExteriorRing_r(ctx->geos, p);
    if (holes < 0 || shell == NULL)
        return GIS_EGEOM;
    int rc = ring_crossings(ctx, shell, bb, buf, &crossings, &vertices);
    for (int i = 0; i < holes && rc == GIS_OK; i++) {
        const GEOSGeometry *hole = GEOSGetInteriorRingN_r(ctx->geos, p, i);
        rc = hole ? ring_crossings(ctx, hole, bb, buf, &crossings, &vertices) : GIS_EGEOM;
    }
    double pieces = ceil(crossings / 2.0);
    *work += pieces * pieces + (pieces > 1 ? (double)holes * vertices : 0.0);
    return rc;
}

static int geom_work(gis_ctx *ctx, const GEOSGeometry *g, const double bb[4], xybuf *buf,
                     double *work)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POLYGON)
        return GEOSisEmpty_r(ctx->geos, g) == 1 ? GIS_OK : polygon_work(ctx, g, bb, buf, work);
    if (type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION)
        return type < 0 ? GIS_EGEOM : GIS_OK;
    int n = GEOSGetNumGeometries_r(ctx->geos, g);
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(ctx->geos, g, i);
        int rc = part ? geom_work(ctx, part, bb, buf, work) : GIS_EGEOM;
        if (rc != GIS_OK)
            return rc;
    }
    return n < 0 ? GIS_EGEOM : GIS_OK;
}

int gis_geom_tile_clip_work(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f, double *work,
                            gis_error *err)
{
    double bb[4];
    xybuf buf = {0};
    *work = 0;
    gis_tile_frame_lonlat_bbox(f, bb);
    int rc = geom_work(ctx, g->g, bb, &buf, work);
    free(buf.xy);
    if (rc == GIS_OK)
        return GIS_OK;
    *work = 0;
    return rc == GIS_ENOMEM ? GIS_ERR(err, GIS_ENOMEM, "out of memory reading vertices")
                            : gis_ctx_geos_error(ctx, err, __func__, "read vertices");
}

/* ---- linear clip on the pixel grid ------------------------------------------------------ */

/* A growable list of points (x, y interleaved). */
typedef struct pts {
    double *xy;
    size_t n, cap; /* points */
} pts;

static bool pts_reserve(pts *p, size_t n)
{
    if (n <= p->cap)
        return true;
    size_t cap = p->cap ? p->cap : 64;
    while (cap < n)
        cap *= 2;
    double *xy = realloc(p->xy, cap * 2 * sizeof *xy);
    if (xy == NULL)
        return false;
    p->xy = xy;
    p->cap = cap;
    return true;
}

static bool pts_push(pts *p, double x, double y)
{
    if (p->n == p->cap && !pts_reserve(p, p->n + 1))
        return false;
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
    return true;
}

/* One Sutherland-Hodgman pass: keeps the part of the closed ring in (open list of points)
 * where coordinate axis (0 x, 1 y) is >= bound (keep_above) or <= bound. Crossing points lie
 * exactly on the bound. A ring that does not reach the half-plane comes out empty; one that
 * leaves it several times comes out as one ring joined along the bound (zero-width bridges,
 * which the reduction and the snap remove). */
static bool clip_pass(const pts *in, pts *out, int axis, double bound, bool keep_above)
{
    out->n = 0;
    if (in->n == 0)
        return true;
    const int other = 1 - axis;
    const double *s = &in->xy[2 * (in->n - 1)];
    bool s_in = keep_above ? s[axis] >= bound : s[axis] <= bound;
    for (size_t i = 0; i < in->n; i++) {
        const double *e = &in->xy[2 * i];
        bool e_in = keep_above ? e[axis] >= bound : e[axis] <= bound;
        if (e_in != s_in) {
            double t = (bound - s[axis]) / (e[axis] - s[axis]), c[2];
            c[axis] = bound;
            c[other] = s[other] + t * (e[other] - s[other]);
            if (!pts_push(out, c[0], c[1]))
                return false;
        }
        if (e_in && !pts_push(out, e[0], e[1]))
            return false;
        s = e;
        s_in = e_in;
    }
    return true;
}

/* Twice the signed area of triangle a, b, c; exact for integer coordinates below 2^26. */
static double orient(const double *a, const double *b, const double *c)
{
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

static bool same(const double *a, const double *b)
{
    return a[0] == b[0] && a[1] == b[1];
}

/* Rounds the open ring in p to the 1-pixel grid and drops repeated vertices and vertices
 * collinear with both neighbours (going on or turning back): the path a-b-c and the path a-c
 * differ by a loop on one line, which encloses no area, so the ring's region is unchanged.
 * Keeps p->n = 0 when fewer than 3 vertices remain. Linear time (each vertex is removed once). */
static void round_reduce(pts *p)
{
    double *xy = p->xy;
    size_t m = 0;
    for (size_t i = 0; i < p->n; i++) {
        double q[2] = {nearbyint(xy[2 * i]), nearbyint(xy[2 * i + 1])};
        bool keep = true;
        while (m > 0) {
            if (same(&xy[2 * (m - 1)], q)) {
                keep = false;
                break;
            }
            if (m < 2 || orient(&xy[2 * (m - 2)], &xy[2 * (m - 1)], q) != 0)
                break;
            m--;
        }
        if (keep) { /* m <= i: the write never overtakes the read */
            xy[2 * m] = q[0];
            xy[2 * m + 1] = q[1];
            m++;
        }
    }
    /* The ring is cyclic: apply the same rules across the seam. */
    size_t start = 0;
    while (m - start >= 3) {
        const double *first = &xy[2 * start], *second = &xy[2 * (start + 1)];
        const double *last = &xy[2 * (m - 1)], *before = &xy[2 * (m - 2)];
        if (same(last, first) || orient(before, last, first) == 0)
            m--;
        else if (orient(last, first, second) == 0)
            start++;
        else
            break;
    }
    if (m - start < 3) {
        p->n = 0;
        return;
    }
    memmove(xy, xy + 2 * start, (m - start) * 2 * sizeof *xy);
    p->n = m - start;
}

/* Scratch lists reused for every ring of one clip. */
typedef struct scratch {
    pts a, b;
} scratch;

/* Clips one ring (GEOS, degrees) to the frame's buffered tile in pixels and builds the reduced
 * GEOS linear ring in *out (NULL when it collapses). */
static int clip_ring(gis_ctx *ctx, const GEOSGeometry *ring, const gis_tile_frame *f, scratch *w,
                     GEOSGeometry **out, gis_error *err)
{
    *out = NULL;
    const GEOSCoordSequence *s = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned n = 0;
    if (s == NULL || !GEOSCoordSeq_getSize_r(ctx->geos, s, &n))
        return gis_ctx_geos_error(ctx, err, __func__, "read ring");
    if (n < 4)
        return GIS_OK;
    if (!pts_reserve(&w->a, n))
        return GIS_ERR(err, GIS_ENOMEM, "out of memory clipping a ring of %u vertices", n);
    if (!GEOSCoordSeq_copyToBuffer_r(ctx->geos, s, w->a.xy, 0, 0))
        return gis_ctx_geos_error(ctx, err, __func__, "read ring");
    w->a.n = n - 1; /* open: the closing vertex repeats the first */
    for (size_t i = 0; i < w->a.n; i++) {
        double *v = &w->a.xy[2 * i];
        gis_tile_frame_lonlat_to_pixel(f, v[0], v[1], &v[0], &v[1]);
        if (!isfinite(v[0]) || !isfinite(v[1]))
            return GIS_ERR(err, GIS_EGEOM, "vertex %zu is not finite in tile pixels", i);
    }
    const double lo = -f->buffer, hi = f->extent + f->buffer;
    if (!clip_pass(&w->a, &w->b, 0, lo, true) || !clip_pass(&w->b, &w->a, 0, hi, false) ||
        !clip_pass(&w->a, &w->b, 1, lo, true) || !clip_pass(&w->b, &w->a, 1, hi, false))
        return GIS_ERR(err, GIS_ENOMEM, "out of memory clipping a ring of %u vertices", n);
    for (size_t i = 0; i < 2 * w->a.n; i++)
        if (!isfinite(w->a.xy[i]))
            return GIS_ERR(err, GIS_EGEOM, "ring crossing is not finite in tile pixels");
    round_reduce(&w->a);
    if (w->a.n == 0)
        return GIS_OK;
    if (!pts_push(&w->a, w->a.xy[0], w->a.xy[1])) /* close */
        return GIS_ERR(err, GIS_ENOMEM, "out of memory clipping a ring of %u vertices", n);
    GEOSCoordSequence *seq =
        GEOSCoordSeq_copyFromBuffer_r(ctx->geos, w->a.xy, (unsigned)w->a.n, 0, 0);
    if (seq == NULL || (*out = GEOSGeom_createLinearRing_r(ctx->geos, seq)) == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "build clipped ring");
    return GIS_OK;
}

static void destroy_all(gis_ctx *ctx, GEOSGeometry **g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(ctx->geos, g[i]);
}

/* Clips polygon p; appends the result (if any) to polys[*n_polys]. */
static int clip_polygon(gis_ctx *ctx, const GEOSGeometry *p, const gis_tile_frame *f, scratch *w,
                        GEOSGeometry **polys, size_t *n_polys, gis_error *err)
{
    if (GEOSisEmpty_r(ctx->geos, p) == 1)
        return GIS_OK;
    int n_holes = GEOSGetNumInteriorRings_r(ctx->geos, p);
    const GEOSGeometry *ring = GEOSGetExteriorRing_r(ctx->geos, p);
    if (n_holes < 0 || ring == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "read polygon");
    GEOSGeometry *shell = NULL;
    int rc = clip_ring(ctx, ring, f, w, &shell, err);
    if (rc != GIS_OK || shell == NULL)
        return rc;
    GEOSGeometry **holes = n_holes ? malloc((size_t)n_holes * sizeof *holes) : NULL;
    if (n_holes && holes == NULL) {
        GEOSGeom_destroy_r(ctx->geos, shell);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory clipping %d holes", n_holes);
    }
    size_t kept = 0;
    for (int i = 0; i < n_holes && rc == GIS_OK; i++) {
        const GEOSGeometry *h = GEOSGetInteriorRingN_r(ctx->geos, p, i);
        GEOSGeometry *clipped = NULL;
        rc = h ? clip_ring(ctx, h, f, w, &clipped, err)
               : gis_ctx_geos_error(ctx, err, __func__, "read hole");
        if (clipped != NULL)
            holes[kept++] = clipped;
    }
    if (rc != GIS_OK) {
        GEOSGeom_destroy_r(ctx->geos, shell);
        destroy_all(ctx, holes, kept);
        free(holes);
        return rc;
    }
    /* GEOS takes the rings, even when it fails (GEOS ticket 1111). */
    GEOSGeometry *poly = GEOSGeom_createPolygon_r(ctx->geos, shell, holes, (unsigned)kept);
    free(holes);
    if (poly == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "build clipped polygon");
    polys[(*n_polys)++] = poly;
    return GIS_OK;
}

int gis_geom_tile_clip_grid(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f,
                            gis_geom **out, gis_error *err)
{
    *out = NULL;
    if (!(f->extent > 0) || !(f->buffer >= 0) || !(f->merc[2] > f->merc[0]) ||
        !(f->merc[3] > f->merc[1]))
        return GIS_ERR(err, GIS_EINVAL, "degenerate tile frame");
    int type = GEOSGeomTypeId_r(ctx->geos, g->g);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
        return GIS_ERR(err, GIS_EINVAL, "grid clip needs a polygon or multipolygon");
    int n = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(ctx->geos, g->g);
    if (n < 0)
        return gis_ctx_geos_error(ctx, err, __func__, "read multipolygon");
    GEOSGeometry **polys = malloc(((size_t)n + 1) * sizeof *polys);
    if (polys == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory clipping %d polygons", n);
    scratch w = {{0}, {0}};
    size_t kept = 0;
    int rc = GIS_OK;
    for (int i = 0; i < n && rc == GIS_OK; i++) {
        const GEOSGeometry *p =
            type == GEOS_POLYGON ? g->g : GEOSGetGeometryN_r(ctx->geos, g->g, i);
        rc = p ? clip_polygon(ctx, p, f, &w, polys, &kept, err)
               : gis_ctx_geos_error(ctx, err, __func__, "read multipolygon");
    }
    free(w.a.xy);
    free(w.b.xy);
    if (rc != GIS_OK || kept == 0) {
        destroy_all(ctx, polys, kept);
        free(polys);
        return rc;
    }
    /* GEOS takes the polygons, even when it fails. */
    GEOSGeometry *all =
        GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, polys, (unsigned)kept);
    free(polys);
    if (all == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "build clipped multipolygon");
    gis_geom *grid = NULL;
    if ((rc = gis_geom_wrap(ctx, all, &grid, err)) != GIS_OK)
        return rc;
    /* On the grid already, but the rounding, the bridges along the tile edge and invalid input
     * can leave self-intersections: snap-rounding (GEOSGeom_setPrecision_r) repairs them. */
    rc = gis_geom_tile_snap(ctx, grid, out, err);
    gis_geom_free(ctx, grid);
    return rc;
}

/* ---- self-intersections before a repair ------------------------------------------------- */

/* One segment of a ring, with its envelope and its place in the ring (for adjacency). */
typedef struct seg {
    double x0, x1, y0, y1; /* envelope */
    double a[2], b[2];     /* end points */
    size_t ring, i, n;     /* ring number, segment index in the ring, segments in the ring */
} seg;

typedef struct segs {
    seg *s;
    size_t n, cap, rings;
} segs;

/* Appends the segments of ring to out, skipping repeated vertices (zero-length segments would
 * meet their neighbours' neighbours and count as false crossings). */
static int add_ring(gis_ctx *ctx, const GEOSGeometry *ring, segs *out)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    unsigned n = 0;
    if (cs == NULL || !GEOSCoordSeq_getSize_r(ctx->geos, cs, &n))
        return GIS_EGEOM;
    if (n < 2)
        return GIS_OK;
    if (out->n + n > out->cap) {
        size_t cap = out->cap ? out->cap : 256;
        while (cap < out->n + n)
            cap *= 2;
        seg *s = realloc(out->s, cap * sizeof *s);
        if (s == NULL)
            return GIS_ENOMEM;
        out->s = s;
        out->cap = cap;
    }
    double prev[2], xy[2];
    if (!GEOSCoordSeq_getXY_r(ctx->geos, cs, 0, &prev[0], &prev[1]))
        return GIS_EGEOM;
    size_t first = out->n;
    for (unsigned i = 1; i < n; i++) {
        if (!GEOSCoordSeq_getXY_r(ctx->geos, cs, i, &xy[0], &xy[1]))
            return GIS_EGEOM;
        if (same(prev, xy))
            continue;
        out->s[out->n] = (seg){.x0 = fmin(prev[0], xy[0]),
                               .x1 = fmax(prev[0], xy[0]),
                               .y0 = fmin(prev[1], xy[1]),
                               .y1 = fmax(prev[1], xy[1]),
                               .a = {prev[0], prev[1]},
                               .b = {xy[0], xy[1]},
                               .ring = out->rings,
                               .i = out->n - first};
        out->n++;
        prev[0] = xy[0];
        prev[1] = xy[1];
    }
    for (size_t k = first; k < out->n; k++)
        out->s[k].n = out->n - first;
    out->rings++;
    return GIS_OK;
}

static int add_polygons(gis_ctx *ctx, const GEOSGeometry *g, segs *out)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx->geos, g) == 1)
            return GIS_OK;
        int holes = GEOSGetNumInteriorRings_r(ctx->geos, g);
        const GEOSGeometry *shell = GEOSGetExteriorRing_r(ctx->geos, g);
        int rc = holes >= 0 && shell ? add_ring(ctx, shell, out) : GIS_EGEOM;
        for (int i = 0; i < holes && rc == GIS_OK; i++) {
            const GEOSGeometry *h = GEOSGetInteriorRingN_r(ctx->geos, g, i);
            rc = h ? add_ring(ctx, h, out) : GIS_EGEOM;
        }
        return rc;
    }
    if (type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION)
        return type < 0 ? GIS_EGEOM : GIS_OK;
    int n = GEOSGetNumGeometries_r(ctx->geos, g);
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(ctx->geos, g, i);
        int rc = part ? add_polygons(ctx, part, out) : GIS_EGEOM;
        if (rc != GIS_OK)
            return rc;
    }
    return n < 0 ? GIS_EGEOM : GIS_OK;
}

static int by_x0(const void *a, const void *b)
{
    double x = ((const seg *)a)->x0, y = ((const seg *)b)->x0;
    return (x > y) - (x < y);
}

static bool adjacent(const seg *p, const seg *q)
{
    if (p->ring != q->ring)
        return false;
    size_t d = p->i > q->i ? p->i - q->i : q->i - p->i;
    return d == 1 || d + 1 == p->n;
}

/* Whether c lies on segment a-b, given that a, b, c are collinear. */
static bool on_segment(const double *a, const double *b, const double *c)
{
    return fmin(a[0], b[0]) <= c[0] && c[0] <= fmax(a[0], b[0]) && fmin(a[1], b[1]) <= c[1] &&
           c[1] <= fmax(a[1], b[1]);
}

static int sign(double v)
{
    return (v > 0) - (v < 0);
}

/* How segments p and q meet: 0 not at all, 1 touching or overlapping, 2 crossing at a point
 * interior to both. */
static int segments_meet(const seg *p, const seg *q)
{
    int d1 = sign(orient(q->a, q->b, p->a)), d2 = sign(orient(q->a, q->b, p->b));
    int d3 = sign(orient(p->a, p->b, q->a)), d4 = sign(orient(p->a, p->b, q->b));
    if (d1 * d2 < 0 && d3 * d4 < 0)
        return 2;
    return (d1 == 0 && on_segment(q->a, q->b, p->a)) || (d2 == 0 && on_segment(q->a, q->b, p->b)) ||
           (d3 == 0 && on_segment(p->a, p->b, q->a)) || (d4 == 0 && on_segment(p->a, p->b, q->b));
}

int gis_geom_tile_self_crossings(gis_ctx *ctx, const gis_geom *px, double max_work,
                                 gis_tile_crossings *out, gis_error *err)
{
    segs all = {0};
    *out = (gis_tile_crossings){0};
    int rc = add_polygons(ctx, px->g, &all);
    if (rc != GIS_OK) {
        free(all.s);
        return rc == GIS_ENOMEM ? GIS_ERR(err, GIS_ENOMEM, "out of memory reading segments")
                                : gis_ctx_geos_error(ctx, err, __func__, "read segments");
    }
    if (all.n > 1)
        qsort(all.s, all.n, sizeof *all.s, by_x0);
    /* Sweep in x: every pair whose x ranges overlap is compared once. */
    double compared = 0, max_compared = GIS_TILE_REPAIR_COMPARE_FACTOR * max_work;
    for (size_t i = 0; i < all.n && !out->incomplete; i++) {
        const seg *p = &all.s[i];
        for (size_t j = i + 1; j < all.n && all.s[j].x0 <= p->x1; j++) {
            const seg *q = &all.s[j];
            int m = ++compared > max_compared                             ? -1
                    : q->y0 <= p->y1 && p->y0 <= q->y1 && !adjacent(p, q) ? segments_meet(p, q)
                                                                          : 0;
            out->meets += m > 0;
            out->proper += m == 2;
            if (m < 0 ||
                out->meets + (GIS_TILE_REPAIR_CROSSING_WEIGHT - 1) * out->proper > max_work) {
                out->incomplete = true;
                break;
            }
        }
    }
    free(all.s);
    return GIS_OK;
}
