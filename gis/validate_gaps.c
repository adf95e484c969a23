/*
 * This file implements the gap rule of boundary validation: the area of the parent covered by
 * no child, or, without a parent geometry, the holes enclosed by the union of the siblings.
 * Neither needs the union of every sibling: the overlap pre-test (validate_pairs.c) tells which
 * siblings are closed (every boundary segment is a shared edge, siblings on both sides) and
 * lists the open segments (shared with no sibling), which bound every gap.
 *
 * With a parent: parent minus the union of the open siblings; each part is either a gap or
 * wholly filled by closed siblings (a closed sibling's boundary has siblings on both sides, so
 * no gap reaches it), and one point inside the part tells which.
 *
 * Without a parent: the open segments are the boundary of the union of the siblings, except
 * where siblings the pre-test could not clear (possible overlaps, touches) meet; each group of
 * those is merged with GEOS and the open edges of its union (no sibling outside the group on
 * the far side) take the place of its segments. Segments meeting at a vertex form a class. In
 * a class where every vertex starts one segment and ends one, the segments chain into rings:
 * clockwise rings (siblings outside, nothing inside along the ring) are the holes. Other classes
 * (holes meeting at a vertex) fall back to the GEOS union of their siblings, each hole of which
 * is a gap unless an edge of it is shared with a sibling outside the class (then siblings fill
 * it). When a boundary could not be read, the holes of the union of all siblings.
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- reporting ---------------------------------------------------------------------------- */

/* Adds the codes of siblings within r->eps of gap (overlay CRS) to f, writes the message. */
static int gap_units(vrun *r, const vgroup *g, const GEOSGeometry *gap, gis_finding *f,
                     gis_error *err)
{
    vhits h = {0};
    GEOSGeometry *probe = GEOSBuffer_r(r->h, gap, r->eps, 2);
    int rc = probe ? vgroup_query(r, g, probe, &h, err)
                   : gis_ctx_geos_error(r->ctx, err, __func__, "buffer");
    const char *names[3] = {NULL, NULL, NULL};
    size_t n = 0;
    for (size_t c = 0; c < h.n && rc == GIS_OK; c++) {
        double d = 1;
        if (GEOSDistance_r(r->h, gap, vgroup_geom(r, g, h.k[c]), &d) != 1 || d > r->eps)
            continue;
        rc = gis_finding_add_unit(f, vgroup_code(r, g, h.k[c]), err);
        if (n < 3)
            names[n] = vrun_name(r, vgroup_code(r, g, h.k[c]));
        n++;
    }
    free(h.k);
    if (probe != NULL)
        GEOSGeom_destroy_r(r->h, probe);
    if (rc != GIS_OK)
        return rc;
    const char *pname = g->parent ? g->parent->u->name : "";
    if (n == 0)
        return gis_finding_set_message(f, err, "%s内存在缝隙 %.0f 平方米, 不属于任何下级单位",
                                       pname, f->area_m2);
    if (n == 1)
        return gis_finding_set_message(f, err, "%s与%s边界之间存在缝隙 %.0f 平方米", names[0],
                                       pname[0] ? pname : "上级", f->area_m2);
    if (n == 2)
        return gis_finding_set_message(f, err, "%s与%s之间存在缝隙 %.0f 平方米", names[0], names[1],
                                       f->area_m2);
    return gis_finding_set_message(f, err, "%s、%s、%s%s之间存在缝隙 %.0f 平方米", names[0],
                                   names[1], names[2], n > 3 ? "等" : "", f->area_m2);
}

/* Reports poly (owned, consumed) as a gap when it reaches the area threshold. */
static int report_gap(vrun *r, const vgroup *g, GEOSGeometry *poly, gis_error *err)
{
    gis_finding *f = NULL;
    GEOSGeometry *keep = vrun_snap(r, poly);
    if (keep == NULL) {
        GEOSGeom_destroy_r(r->h, poly);
        return gis_ctx_geos_error(r->ctx, err, __func__, "clone gap");
    }
    int rc = vrun_area_finding(r, "gap", poly, &f, err); /* poly consumed */
    if (rc == GIS_OK && f != NULL)
        rc = gap_units(r, g, keep, f, err);
    GEOSGeom_destroy_r(r->h, keep);
    return rc;
}

/* Reports the polygon enclosed by ring (borrowed) as a gap. */
static int report_ring(vrun *r, const vgroup *g, const GEOSGeometry *ring, gis_error *err)
{
    GEOSGeometry *copy = GEOSGeom_clone_r(r->h, ring);
    GEOSGeometry *hole = copy ? GEOSGeom_createPolygon_r(r->h, copy, NULL, 0) : NULL;
    return hole ? report_gap(r, g, hole, err)
                : gis_ctx_geos_error(r->ctx, err, __func__, "hole polygon");
}

/* ---- with a parent ------------------------------------------------------------------------ */

/* True in *covered when a closed sibling covers the point inside region. */
static int covered_by_closed(vrun *r, const vgroup *g, const GEOSGeometry *region, bool *covered,
                             gis_error *err)
{
    *covered = false;
    GEOSGeometry *pt = GEOSPointOnSurface_r(r->h, region);
    if (pt == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "point inside a gap candidate");
    vhits h = {0};
    int rc = GEOSisEmpty_r(r->h, pt) == 1 ? GIS_OK : vgroup_query(r, g, pt, &h, err);
    for (size_t c = 0; c < h.n && rc == GIS_OK && !*covered; c++)
        *covered =
            g->screen.closed[h.k[c]] && GEOSIntersects_r(r->h, vgroup_geom(r, g, h.k[c]), pt) == 1;
    free(h.k);
    GEOSGeom_destroy_r(r->h, pt);
    return rc;
}

/* Parent minus the union of the open siblings; each part is a gap unless closed siblings fill
 * it (the union leaves them out: next to a closed sibling's boundary the siblings cover both
 * sides, so a part of the difference is either a gap of the whole partition or wholly filled by
 * closed siblings, and one point inside it tells which). */
static int parent_gaps(vrun *r, const vgroup *g, gis_error *err)
{
    size_t *open = malloc((g->n + 1) * sizeof *open), n_open = 0;
    if (open == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    for (size_t k = 0; k < g->n; k++)
        if (!g->screen.closed[k])
            open[n_open++] = k;
    GEOSGeometry *u = NULL, *diff = NULL;
    int rc = vgroup_union(r, g, open, n_open, &u, err);
    free(open);
    if (rc == GIS_OK && (diff = GEOSDifference_r(r->h, g->parent->ov, u)) == NULL)
        rc = gis_ctx_geos_error(r->ctx, err, __func__, "parent minus union");
    if (u != NULL)
        GEOSGeom_destroy_r(r->h, u);
    GEOSGeometry **polys = NULL;
    size_t n = 0;
    if (rc == GIS_OK)
        rc = vrun_polygons(r, diff, &polys, &n, err);
    if (diff != NULL)
        GEOSGeom_destroy_r(r->h, diff);
    for (size_t i = 0; i < n; i++) {
        bool covered = true;
        if (rc == GIS_OK)
            rc = covered_by_closed(r, g, polys[i], &covered, err);
        if (rc == GIS_OK && !covered)
            rc = report_gap(r, g, polys[i], err); /* consumed */
        else
            GEOSGeom_destroy_r(r->h, polys[i]);
    }
    free(polys);
    return rc;
}

/* ---- without a parent --------------------------------------------------------------------- */

/* Hash of a point; -0.0 and 0.0 hash alike because they compare equal. */
static uint64_t hash_xy(double x, double y)
{
    uint64_t a, b;
    x += 0.0;
    y += 0.0;
    memcpy(&a, &x, sizeof a);
    memcpy(&b, &y, sizeof b);
    uint64_t k = a * 0x9E3779B97F4A7C15u ^ (b + 0x632BE59BD9B4E019u) * 0xC2B2AE3D27D4EB4Fu;
    k ^= k >> 29;
    k *= 0xBF58476D1CE4E5B9u;
    return k ^ (k >> 32);
}

static bool before(double ax, double ay, double bx, double by)
{
    return ax < bx || (ax == bx && ay < by);
}

/* A set of undirected segments (open addressing; entries are indexes + 1 into xy). */
typedef struct segset {
    const double *xy; /* 4 per segment: x1 y1 x2 y2 */
    uint32_t *slot;
    size_t mask;
} segset;

static uint64_t hash_seg(double x1, double y1, double x2, double y2)
{
    if (before(x2, y2, x1, y1))
        return hash_xy(x2, y2) * 31 + hash_xy(x1, y1);
    return hash_xy(x1, y1) * 31 + hash_xy(x2, y2);
}

static bool segset_init(segset *s, const double *xy, size_t n)
{
    size_t slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    s->xy = xy;
    s->mask = slots - 1;
    if (n >= UINT32_MAX || (s->slot = calloc(slots, sizeof *s->slot)) == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        const double *p = &xy[4 * i];
        size_t k = (size_t)hash_seg(p[0], p[1], p[2], p[3]) & s->mask;
        while (s->slot[k] != 0)
            k = (k + 1) & s->mask;
        s->slot[k] = (uint32_t)(i + 1);
    }
    return true;
}

static bool segset_has(const segset *s, double x1, double y1, double x2, double y2)
{
    for (size_t k = (size_t)hash_seg(x1, y1, x2, y2) & s->mask; s->slot[k] != 0;
         k = (k + 1) & s->mask) {
        const double *p = &s->xy[4 * (s->slot[k] - 1)];
        if ((p[0] == x1 && p[1] == y1 && p[2] == x2 && p[3] == y2) ||
            (p[0] == x2 && p[1] == y2 && p[2] == x1 && p[3] == y1))
            return true;
    }
    return false;
}

/* Vertices of the open segments: ids by exact coordinates. */
typedef struct verts {
    double *xy;     /* 2 per vertex */
    uint32_t *slot; /* vertex id + 1 */
    size_t n, mask;
} verts;

static uint32_t vert_id(verts *v, double x, double y)
{
    size_t k = (size_t)hash_xy(x, y) & v->mask;
    for (; v->slot[k] != 0; k = (k + 1) & v->mask) {
        const double *p = &v->xy[2 * (v->slot[k] - 1)];
        if (p[0] == x && p[1] == y)
            return v->slot[k] - 1;
    }
    v->xy[2 * v->n] = x;
    v->xy[2 * v->n + 1] = y;
    v->slot[k] = (uint32_t)(++v->n);
    return (uint32_t)(v->n - 1);
}

static size_t uf_find(size_t *up, size_t k)
{
    while (up[k] != k) {
        up[k] = up[up[k]];
        k = up[k];
    }
    return k;
}

static void uf_unite(size_t *up, size_t a, size_t b)
{
    a = uf_find(up, a);
    b = uf_find(up, b);
    if (a != b)
        up[a > b ? a : b] = a < b ? a : b;
}

/* Groups 0..n-1 by union-find root: the members of root k are list[off[k] .. off[k + 1]), in
 * increasing order. Returns false when out of memory. */
static bool group_by_root(size_t *up, size_t n, size_t **off, size_t **list)
{
    *off = calloc(n + 1, sizeof **off);
    *list = malloc((n + 1) * sizeof **list);
    size_t *at = malloc((n + 1) * sizeof *at);
    bool ok = *off != NULL && *list != NULL && at != NULL;
    for (size_t k = 0; ok && k < n; k++)
        (*off)[uf_find(up, k) + 1]++;
    for (size_t k = 0; ok && k < n; k++)
        (*off)[k + 1] += (*off)[k];
    if (ok)
        memcpy(at, *off, n * sizeof *at);
    for (size_t k = 0; ok && k < n; k++)
        (*list)[at[uf_find(up, k)]++] = k;
    free(at);
    return ok;
}

/* Directed segments with owners (growable). */
typedef struct segbuf {
    vseg *s;
    size_t n, cap;
} segbuf;

static bool segbuf_push(segbuf *b, double x1, double y1, double x2, double y2, size_t owner)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 1024;
        vseg *grown = realloc(b->s, cap * sizeof *grown);
        if (grown == NULL)
            return false;
        b->s = grown;
        b->cap = cap;
    }
    b->s[b->n++] = (vseg){x1, y1, x2, y2, owner};
    return true;
}

/* Appends every segment of g (any polygonal geometry) to *xy (4 doubles each). */
static int add_segments(vrun *r, const GEOSGeometry *g, double **xy, size_t *n, size_t *cap,
                        gis_error *err)
{
    int type = GEOSGeomTypeId_r(r->h, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int parts = GEOSGetNumGeometries_r(r->h, g);
        int rc = GIS_OK;
        for (int i = 0; i < parts && rc == GIS_OK; i++)
            rc = add_segments(r, GEOSGetGeometryN_r(r->h, g, i), xy, n, cap, err);
        return rc;
    }
    if (type != GEOS_POLYGON)
        return GIS_OK;
    int holes = GEOSGetNumInteriorRings_r(r->h, g);
    for (int h = -1; h < holes; h++) {
        const GEOSGeometry *ring =
            h < 0 ? GEOSGetExteriorRing_r(r->h, g) : GEOSGetInteriorRingN_r(r->h, g, h);
        const GEOSCoordSequence *cs = ring ? GEOSGeom_getCoordSeq_r(r->h, ring) : NULL;
        unsigned m = 0;
        if (cs == NULL || GEOSCoordSeq_getSize_r(r->h, cs, &m) != 1)
            return gis_ctx_geos_error(r->ctx, err, __func__, "ring");
        double *pts = malloc(((size_t)m + 1) * 2 * sizeof *pts);
        if (pts == NULL || (m > 0 && GEOSCoordSeq_copyToBuffer_r(r->h, cs, pts, 0, 0) != 1)) {
            free(pts);
            return GIS_ERR(err, GIS_ENOMEM, "out of memory reading a ring");
        }
        if (*n + m > *cap) {
            size_t grown_cap = 2 * (*n + m);
            double *grown = realloc(*xy, grown_cap * 4 * sizeof *grown);
            if (grown == NULL) {
                free(pts);
                return GIS_ERR(err, GIS_ENOMEM, "out of memory reading a ring");
            }
            *xy = grown;
            *cap = grown_cap;
        }
        for (unsigned i = 0; i + 1 < m; i++) {
            memcpy(&(*xy)[4 * *n], &pts[2 * i], 4 * sizeof **xy);
            (*n)++;
        }
        free(pts);
    }
    return GIS_OK;
}

static double dist2_to_seg(const double *s, double x, double y)
{
    double dx = s[2] - s[0], dy = s[3] - s[1], len = dx * dx + dy * dy;
    double t = len > 0 ? ((x - s[0]) * dx + (y - s[1]) * dy) / len : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = s[0] + t * dx - x, ey = s[1] + t * dy - y;
    return ex * ex + ey * ey;
}

/* The segment of set (n of them) nearest to (x, y). */
static const double *nearest_seg(const segset *set, size_t n, double x, double y)
{
    double best = INFINITY;
    const double *near = n > 0 ? set->xy : NULL;
    for (size_t i = 0; i < n; i++) {
        double d = dist2_to_seg(&set->xy[4 * i], x, y);
        if (d < best) {
            best = d;
            near = &set->xy[4 * i];
        }
    }
    return near;
}

/* Whether edge p of a union's boundary (a segment of the siblings in `mine`, or a piece of one
 * that overlay split) has no sibling on its far side: the segment is open. */
static bool edge_open(const segset *open, const segset *mine, size_t n_mine, const double *p)
{
    if (segset_has(mine, p[0], p[1], p[2], p[3]))
        return segset_has(open, p[0], p[1], p[2], p[3]);
    const double *near = nearest_seg(mine, n_mine, (p[0] + p[2]) / 2, (p[1] + p[3]) / 2);
    return near != NULL && segset_has(open, near[0], near[1], near[2], near[3]);
}

/* Reads ring's coordinates into a new array (*m points). */
static int ring_coords(vrun *r, const GEOSGeometry *ring, double **out, unsigned *m, gis_error *err)
{
    *out = NULL;
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(r->h, ring);
    if (cs == NULL || GEOSCoordSeq_getSize_r(r->h, cs, m) != 1)
        return gis_ctx_geos_error(r->ctx, err, __func__, "ring");
    double *pts = malloc(((size_t)*m + 1) * 2 * sizeof *pts);
    if (pts == NULL || (*m > 0 && GEOSCoordSeq_copyToBuffer_r(r->h, cs, pts, 0, 0) != 1)) {
        free(pts);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory reading a ring");
    }
    *out = pts;
    return GIS_OK;
}

/* The segments of the siblings ks[0..nk), as a set (xy owned by the caller). */
static int class_segments(vrun *r, const vgroup *g, const size_t *ks, size_t nk, double **xy,
                          size_t *n, segset *set, gis_error *err)
{
    size_t cap = 0;
    *xy = NULL;
    *n = 0;
    int rc = GIS_OK;
    for (size_t i = 0; i < nk && rc == GIS_OK; i++)
        rc = add_segments(r, vgroup_geom(r, g, ks[i]), xy, n, &cap, err);
    if (rc == GIS_OK && !segset_init(set, *xy, *n))
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    return rc;
}

/* Siblings the pre-test could not clear (their boundaries may cross or run along each other)
 * are merged with GEOS, group by group: the open edges of their union (interior on the left)
 * replace their own open segments, with `owner` as owner. */
static int merge_suspects(vrun *r, const vgroup *g, const segset *open, const size_t *ks, size_t nk,
                          size_t owner, segbuf *out, gis_error *err)
{
    double *xy = NULL;
    size_t n = 0, np = 0;
    segset mine = {0};
    GEOSGeometry *u = NULL, **polys = NULL;
    int rc = class_segments(r, g, ks, nk, &xy, &n, &mine, err);
    if (rc == GIS_OK && (rc = vgroup_union(r, g, ks, nk, &u, err)) == GIS_OK)
        rc = vrun_polygons(r, u, &polys, &np, err);
    for (size_t i = 0; i < np; i++) {
        int holes = GEOSGetNumInteriorRings_r(r->h, polys[i]);
        for (int h = -1; h < holes && rc == GIS_OK; h++) {
            const GEOSGeometry *ring = h < 0 ? GEOSGetExteriorRing_r(r->h, polys[i])
                                             : GEOSGetInteriorRingN_r(r->h, polys[i], h);
            double *pts = NULL;
            unsigned m = 0;
            char ccw = 0;
            if ((rc = ring_coords(r, ring, &pts, &m, err)) != GIS_OK)
                break;
            const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(r->h, ring);
            if (m >= 4 && GEOSCoordSeq_isCCW_r(r->h, cs, &ccw) != 1)
                rc = gis_ctx_geos_error(r->ctx, err, __func__, "ring orientation");
            /* Shells counter-clockwise and holes clockwise leave the interior on the left. */
            bool flip = h >= 0 ? ccw != 0 : ccw == 0;
            for (unsigned e = 0; m >= 4 && e + 1 < m && rc == GIS_OK; e++) {
                const double *p = &pts[2 * e];
                if (!edge_open(open, &mine, n, p))
                    continue; /* a sibling outside the group on the far side */
                bool ok = flip ? segbuf_push(out, p[2], p[3], p[0], p[1], owner)
                               : segbuf_push(out, p[0], p[1], p[2], p[3], owner);
                if (!ok)
                    rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
            }
            free(pts);
        }
        GEOSGeom_destroy_r(r->h, polys[i]);
    }
    free(polys);
    if (u != NULL)
        GEOSGeom_destroy_r(r->h, u);
    free(mine.slot);
    free(xy);
    return rc;
}

/* Whether the hole ring of the union of a class's siblings is a gap: its first edge that is a
 * segment of the class decides (open: nothing on the far side; shared: a sibling outside the
 * class fills the hole). When overlay split every edge, the class segment nearest to the first
 * edge decides. */
static int hole_is_gap(vrun *r, const segset *open, const segset *mine, size_t n_mine,
                       const GEOSGeometry *ring, bool *gap, gis_error *err)
{
    *gap = false;
    double *pts = NULL;
    unsigned m = 0;
    int rc = ring_coords(r, ring, &pts, &m, err);
    bool decided = false;
    for (unsigned i = 0; rc == GIS_OK && m >= 4 && i + 1 < m && !decided; i++) {
        const double *p = &pts[2 * i];
        if (segset_has(open, p[0], p[1], p[2], p[3]))
            decided = *gap = true;
        else if (segset_has(mine, p[0], p[1], p[2], p[3]))
            decided = true;
    }
    if (rc == GIS_OK && m >= 4 && !decided)
        *gap = edge_open(open, mine, n_mine, pts);
    free(pts);
    return rc;
}

/* A class whose open segments do not chain into simple rings: the holes of the union of its
 * siblings that are gaps. */
static int hard_class(vrun *r, const vgroup *g, const segset *open, const size_t *ks, size_t nk,
                      gis_error *err)
{
    double *xy = NULL;
    size_t n = 0, np = 0;
    segset mine = {0};
    GEOSGeometry *u = NULL, **polys = NULL;
    int rc = class_segments(r, g, ks, nk, &xy, &n, &mine, err);
    if (rc == GIS_OK && (rc = vgroup_union(r, g, ks, nk, &u, err)) == GIS_OK)
        rc = vrun_polygons(r, u, &polys, &np, err);
    for (size_t i = 0; i < np; i++) {
        int holes = GEOSGetNumInteriorRings_r(r->h, polys[i]);
        for (int k = 0; k < holes && rc == GIS_OK; k++) {
            const GEOSGeometry *ring = GEOSGetInteriorRingN_r(r->h, polys[i], k);
            bool gap = false;
            if ((rc = hole_is_gap(r, open, &mine, n, ring, &gap, err)) == GIS_OK && gap)
                rc = report_ring(r, g, ring, err);
        }
        GEOSGeom_destroy_r(r->h, polys[i]);
    }
    free(polys);
    if (u != NULL)
        GEOSGeom_destroy_r(r->h, u);
    free(mine.slot);
    free(xy);
    return rc;
}

/* Every hole of the union of all siblings (when the pre-test could not read a boundary). */
static int all_holes(vrun *r, const vgroup *g, gis_error *err)
{
    size_t *all = malloc((g->n + 1) * sizeof *all);
    if (all == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    for (size_t k = 0; k < g->n; k++)
        all[k] = k;
    GEOSGeometry *u = NULL, **polys = NULL;
    size_t np = 0;
    int rc = vgroup_union(r, g, all, g->n, &u, err);
    free(all);
    if (rc == GIS_OK)
        rc = vrun_polygons(r, u, &polys, &np, err);
    for (size_t i = 0; i < np; i++) {
        int holes = GEOSGetNumInteriorRings_r(r->h, polys[i]);
        for (int k = 0; k < holes && rc == GIS_OK; k++)
            rc = report_ring(r, g, GEOSGetInteriorRingN_r(r->h, polys[i], k), err);
        GEOSGeom_destroy_r(r->h, polys[i]);
    }
    free(polys);
    if (u != NULL)
        GEOSGeom_destroy_r(r->h, u);
    return rc;
}

/* Rings of directed segments: vertex numbers, degrees and classes of siblings. */
typedef struct rings {
    const vseg *seg;
    size_t n_seg;
    uint32_t *from, *to; /* vertex per segment end */
    uint32_t *next;      /* per vertex: a segment starting there */
    size_t *up;          /* union-find over siblings: classes */
    bool *hard;          /* per class root: a vertex starts or ends more or less than once */
} rings;

static void rings_free(rings *w)
{
    free(w->from);
    free(w->to);
    free(w->next);
    free(w->hard);
}

/* Numbers the segments' vertices; siblings meeting at a vertex join one class (w->up, set up by
 * the caller); classes with a vertex that does not start exactly one segment and end exactly
 * one are hard. */
static int rings_init(const vgroup *g, rings *w, gis_error *err)
{
    size_t n = w->n_seg, slots = 16;
    while (slots < 4 * n)
        slots *= 2;
    verts v = {.mask = slots - 1};
    v.xy = malloc((2 * n + 1) * 2 * sizeof *v.xy);
    v.slot = calloc(slots, sizeof *v.slot);
    w->from = malloc((n + 1) * sizeof *w->from);
    w->to = malloc((n + 1) * sizeof *w->to);
    w->hard = calloc(g->n + 1, sizeof *w->hard);
    int rc = GIS_OK;
    if (v.xy == NULL || v.slot == NULL || w->from == NULL || w->to == NULL || w->hard == NULL ||
        2 * n >= UINT32_MAX)
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    for (size_t i = 0; i < n && rc == GIS_OK; i++) {
        w->from[i] = vert_id(&v, w->seg[i].x1, w->seg[i].y1);
        w->to[i] = vert_id(&v, w->seg[i].x2, w->seg[i].y2);
    }
    size_t *owner_at = NULL;
    uint32_t *n_out = NULL, *n_in = NULL;
    if (rc == GIS_OK) {
        w->next = malloc((v.n + 1) * sizeof *w->next);
        n_out = calloc(v.n + 1, sizeof *n_out);
        n_in = calloc(v.n + 1, sizeof *n_in);
        owner_at = malloc((v.n + 1) * sizeof *owner_at);
        if (w->next == NULL || n_out == NULL || n_in == NULL || owner_at == NULL)
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    }
    if (rc == GIS_OK) {
        for (size_t i = 0; i < v.n; i++)
            owner_at[i] = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            uint32_t ends[2] = {w->from[i], w->to[i]};
            w->next[w->from[i]] = (uint32_t)i;
            n_out[w->from[i]]++;
            n_in[w->to[i]]++;
            for (int e = 0; e < 2; e++) {
                if (owner_at[ends[e]] == SIZE_MAX)
                    owner_at[ends[e]] = w->seg[i].owner;
                else
                    uf_unite(w->up, owner_at[ends[e]], w->seg[i].owner);
            }
        }
        for (size_t i = 0; i < v.n; i++)
            if (n_out[i] != 1 || n_in[i] != 1)
                w->hard[uf_find(w->up, owner_at[i])] = true;
    }
    free(owner_at);
    free(n_out);
    free(n_in);
    free(v.xy);
    free(v.slot);
    return rc;
}

/* Chains segments from segment i (a plain class: one segment starts at each vertex) into a
 * ring and reports it when it runs clockwise: siblings outside it, none inside along it. */
static int walk_ring(vrun *r, const vgroup *g, const rings *w, bool *seen, size_t i, double *buf,
                     gis_error *err)
{
    size_t n = 0, j = i;
    do {
        seen[j] = true;
        buf[2 * n] = w->seg[j].x1;
        buf[2 * n + 1] = w->seg[j].y1;
        n++;
        j = w->next[w->to[j]];
    } while (j != i && n <= w->n_seg);
    if (j != i)
        return GIS_ERR(err, GIS_EGEOM, "open boundary segments do not close into rings");
    buf[2 * n] = buf[0];
    buf[2 * n + 1] = buf[1];
    n++;
    if (n < 4)
        return GIS_OK; /* no area */
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(r->h, buf, (unsigned)n, 0, 0);
    char ccw = 1;
    if (cs == NULL || GEOSCoordSeq_isCCW_r(r->h, cs, &ccw) != 1) {
        if (cs != NULL)
            GEOSCoordSeq_destroy_r(r->h, cs);
        return gis_ctx_geos_error(r->ctx, err, __func__, "ring of open segments");
    }
    if (ccw) { /* siblings inside: an outer boundary */
        GEOSCoordSeq_destroy_r(r->h, cs);
        return GIS_OK;
    }
    GEOSGeometry *ring = GEOSGeom_createLinearRing_r(r->h, cs); /* takes cs */
    GEOSGeometry *poly = ring ? GEOSGeom_createPolygon_r(r->h, ring, NULL, 0) : NULL;
    return poly ? report_gap(r, g, poly, err)
                : gis_ctx_geos_error(r->ctx, err, __func__, "hole polygon");
}

/* Holes enclosed by the siblings (no parent geometry). */
static int holes_no_parent(vrun *r, const vgroup *g, gis_error *err)
{
    const vscreen *sc = &g->screen;
    if (!sc->complete)
        return all_holes(r, g, err);
    size_t n = g->n;
    size_t *sus = malloc((n + 1) * sizeof *sus); /* union-find: groups of suspects */
    size_t *up = malloc((n + 1) * sizeof *up);
    bool *suspect = calloc(n + 1, sizeof *suspect);
    segset open = {0};
    segbuf segs = {0};
    rings w = {0};
    bool *seen = NULL, *done = NULL;
    double *buf = NULL;
    int rc = GIS_OK;
    if (sus == NULL || up == NULL || suspect == NULL)
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    for (size_t k = 0; rc == GIS_OK && k < n; k++)
        sus[k] = up[k] = k;
    for (size_t p = 0; rc == GIS_OK && p < g->n_pairs; p++)
        if (sc->maybe[p]) {
            uf_unite(sus, g->pairs[p].a, g->pairs[p].b);
            suspect[g->pairs[p].a] = suspect[g->pairs[p].b] = true;
        }
    /* The open segments as a set (x1 y1 x2 y2 of each vseg, which also holds an owner). */
    double *oxy = rc == GIS_OK ? malloc((sc->n_open + 1) * 4 * sizeof *oxy) : NULL;
    if (rc == GIS_OK) {
        for (size_t i = 0; oxy != NULL && i < sc->n_open; i++)
            memcpy(&oxy[4 * i], &sc->open[i].x1, 4 * sizeof *oxy);
        if (oxy == NULL || !segset_init(&open, oxy, sc->n_open))
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    }
    for (size_t i = 0; rc == GIS_OK && i < sc->n_open; i++)
        if (!suspect[sc->open[i].owner] &&
            !segbuf_push(&segs, sc->open[i].x1, sc->open[i].y1, sc->open[i].x2, sc->open[i].y2,
                         sc->open[i].owner))
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    size_t *off = NULL, *list = NULL;
    if (rc == GIS_OK && !group_by_root(sus, n, &off, &list))
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    for (size_t root = 0; rc == GIS_OK && root < n; root++) {
        if (!suspect[root] || uf_find(sus, root) != root)
            continue;
        for (size_t i = off[root]; i < off[root + 1]; i++)
            uf_unite(up, list[i], root); /* one class, whatever the rings */
        rc = merge_suspects(r, g, &open, list + off[root], off[root + 1] - off[root], root, &segs,
                            err);
    }
    free(off);
    free(list);
    off = list = NULL;
    w.seg = segs.s;
    w.n_seg = segs.n;
    w.up = up;
    if (rc == GIS_OK)
        rc = rings_init(g, &w, err);
    if (rc == GIS_OK) {
        seen = calloc(w.n_seg + 1, sizeof *seen);
        done = calloc(n + 1, sizeof *done);
        buf = malloc((w.n_seg + 2) * 2 * sizeof *buf);
        if (seen == NULL || done == NULL || buf == NULL)
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    }
    for (size_t i = 0; i < w.n_seg && rc == GIS_OK; i++)
        if (!seen[i] && !w.hard[uf_find(up, w.seg[i].owner)])
            rc = walk_ring(r, g, &w, seen, i, buf, err);
    if (rc == GIS_OK && !group_by_root(up, n, &off, &list))
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory finding gaps");
    for (size_t i = 0; i < w.n_seg && rc == GIS_OK; i++) {
        size_t root = uf_find(up, w.seg[i].owner);
        if (!w.hard[root] || done[root])
            continue;
        done[root] = true;
        rc = hard_class(r, g, &open, list + off[root], off[root + 1] - off[root], err);
    }
    free(off);
    free(list);
    rings_free(&w);
    free(seen);
    free(done);
    free(buf);
    free(segs.s);
    free(open.slot);
    free(oxy);
    free(sus);
    free(up);
    free(suspect);
    return rc;
}

int vgaps_check(vrun *r, vgroup *g, gis_error *err)
{
    return g->parent != NULL ? parent_gaps(r, g, err) : holes_no_parent(r, g, err);
}
