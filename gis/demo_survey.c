/*
 * This file implements the demo's boundary survey: township boundary lines (界线) derived from
 * the shared edges of the clean partition, oriented west->east or north->south, and boundary
 * markers (界桩) along them every ~2.5 km, with three-faced markers (type C) at points where
 * three townships meet (DOMAIN.md BND-02/03/05). Numbers: line code + 3-digit sequence + type.
 * With defects on, it also injects the documented marker and line defects.
 */
#include "gis/demo_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/store_survey.h"

#define MARKER_SPACING_M 2500.0

/* Keeps only the linear parts of g, merged. Takes ownership of g. NULL when none. */
static GEOSGeometry *linear_parts(demo_state *st, GEOSGeometry *g)
{
    int n = GEOSGetNumGeometries_r(st->h, g);
    GEOSGeometry **parts = malloc((size_t)(n > 0 ? n : 1) * sizeof *parts);
    unsigned k = 0;
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(st->h, g, i);
        int type = GEOSGeomTypeId_r(st->h, p);
        if ((type == GEOS_LINESTRING || type == GEOS_MULTILINESTRING) && !GEOSisEmpty_r(st->h, p))
            parts[k++] = GEOSGeom_clone_r(st->h, p);
    }
    GEOSGeom_destroy_r(st->h, g);
    if (k == 0) {
        free(parts);
        return NULL;
    }
    GEOSGeometry *coll = GEOSGeom_createCollection_r(st->h, GEOS_GEOMETRYCOLLECTION, parts, k);
    free(parts);
    GEOSGeometry *merged = GEOSLineMerge_r(st->h, coll);
    GEOSGeom_destroy_r(st->h, coll);
    return merged;
}

/* Reverses each part that does not run west->east (mostly horizontal) or north->south. */
static GEOSGeometry *orient(demo_state *st, GEOSGeometry *g)
{
    int n = GEOSGetNumGeometries_r(st->h, g);
    GEOSGeometry **parts = malloc((size_t)n * sizeof *parts);
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(st->h, g, i);
        GEOSGeometry *a = GEOSGeomGetStartPoint_r(st->h, p), *b = GEOSGeomGetEndPoint_r(st->h, p);
        double ax, ay, bx, by;
        GEOSGeomGetX_r(st->h, a, &ax);
        GEOSGeomGetY_r(st->h, a, &ay);
        GEOSGeomGetX_r(st->h, b, &bx);
        GEOSGeomGetY_r(st->h, b, &by);
        GEOSGeom_destroy_r(st->h, a);
        GEOSGeom_destroy_r(st->h, b);
        bool flip = fabs(bx - ax) >= fabs(by - ay) ? bx < ax : by > ay;
        parts[i] = flip ? GEOSReverse_r(st->h, p) : GEOSGeom_clone_r(st->h, p);
    }
    GEOSGeom_destroy_r(st->h, g);
    GEOSGeometry *out =
        parts ? GEOSGeom_createCollection_r(st->h, GEOS_MULTILINESTRING, parts, (unsigned)n) : NULL;
    free(parts);
    return out;
}

int demo_lines_build(demo_state *st, gis_error *err)
{
    size_t cap = st->n_towns * st->n_towns;
    st->lines = calloc(cap ? cap : 1, sizeof *st->lines);
    if (st->lines == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < st->n_towns; i++) {
        GEOSGeometry *bi = GEOSBoundary_r(st->h, st->towns[i].geom);
        for (size_t j = i + 1; bi && j < st->n_towns; j++) {
            if (GEOSIntersects_r(st->h, st->towns[i].geom, st->towns[j].geom) != 1)
                continue;
            GEOSGeometry *bj = GEOSBoundary_r(st->h, st->towns[j].geom);
            GEOSGeometry *shared = bj ? GEOSIntersection_r(st->h, bi, bj) : NULL;
            GEOSGeom_destroy_r(st->h, bj);
            GEOSGeometry *lin = shared ? linear_parts(st, shared) : NULL;
            if (lin == NULL)
                continue;
            demo_line *l = &st->lines[st->n_lines];
            snprintf(l->code, sizeof l->code, "GC%02zu", st->n_lines + 1);
            l->left = (int)i;
            l->right = (int)j;
            l->geom = orient(st, lin);
            if (l->geom == NULL) {
                GEOSGeom_destroy_r(st->h, bi);
                return gis_ctx_geos_error(st->ctx, err, __func__, "orient line");
            }
            st->n_lines++;
        }
        GEOSGeom_destroy_r(st->h, bi);
    }
    return GIS_OK;
}

typedef struct marker_plan {
    char number[32];
    char type[4];
    const char *line_code;
    double x, y;
} marker_plan;

typedef struct marker_list {
    marker_plan *m;
    size_t n, cap;
} marker_list;

static int marker_push(marker_list *ml, const char *line_code, int seq, const char *type, double x,
                       double y)
{
    if (ml->n == ml->cap) {
        size_t cap = ml->cap ? 2 * ml->cap : 256;
        marker_plan *grown = realloc(ml->m, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ENOMEM;
        ml->m = grown;
        ml->cap = cap;
    }
    marker_plan *p = &ml->m[ml->n++];
    snprintf(p->number, sizeof p->number, "%s%03d%s", line_code, seq, type);
    snprintf(p->type, sizeof p->type, "%s", type);
    p->line_code = line_code;
    p->x = x;
    p->y = y;
    return GIS_OK;
}

static bool triple_seen(const marker_list *ml, double x, double y)
{
    for (size_t i = 0; i < ml->n; i++)
        if (strcmp(ml->m[i].type, "C") == 0 && hypot(ml->m[i].x - x, ml->m[i].y - y) < 1.0)
            return true;
    return false;
}

/* The deliberately missing triple-point marker (defects only). */
typedef struct skip_plan {
    int to_skip;      /* triple points still to leave without a marker */
    bool skipped;     /* one was skipped at sx, sy */
    double sx, sy;    /* GK metres */
    json_t *missing;  /* its description, owned */
} skip_plan;

/* Markers of one line: ends (C at interior triple points, once; Q on the county border) and
 * evenly spaced ones between. */
static int plan_line(demo_state *st, const demo_line *l, marker_list *ml, skip_plan *sp)
{
    GEOSGeometry *border = GEOSBoundary_r(st->h, st->outline);
    int seq = 1, n_parts = GEOSGetNumGeometries_r(st->h, l->geom);
    for (int p = 0; p < n_parts; p++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(st->h, l->geom, p);
        double len = 0;
        GEOSLength_r(st->h, part, &len);
        int n_seg = (int)fmax(1.0, round(len / MARKER_SPACING_M));
        for (int k = 0; k <= n_seg; k++) {
            GEOSGeometry *pt = GEOSInterpolate_r(st->h, part, len * k / n_seg);
            double x, y, d_border = 0;
            GEOSGeomGetX_r(st->h, pt, &x);
            GEOSGeomGetY_r(st->h, pt, &y);
            GEOSDistance_r(st->h, pt, border, &d_border);
            GEOSGeom_destroy_r(st->h, pt);
            bool end = k == 0 || k == n_seg;
            const char *type = end && d_border > 0.05 ? "C" : "Q";
            if (strcmp(type, "C") == 0 &&
                (triple_seen(ml, x, y) || (sp->skipped && hypot(sp->sx - x, sp->sy - y) < 1.0)))
                continue;
            if (strcmp(type, "C") == 0 && sp->to_skip > 0) {
                sp->to_skip--;
                sp->skipped = true;
                sp->sx = x;
                sp->sy = y;
                sp->missing =
                    json_pack("{s:s,s:f,s:f}", "line_code", l->code, "x_gk", x, "y_gk", y);
                continue;
            }
            if (marker_push(ml, l->code, seq++, type, x, y) != GIS_OK) {
                GEOSGeom_destroy_r(st->h, border);
                return GIS_ENOMEM;
            }
        }
    }
    GEOSGeom_destroy_r(st->h, border);
    return GIS_OK;
}

/* Index of the k-th marker of a line in ml, or -1. */
static int nth_marker(const marker_list *ml, const char *line_code, int k)
{
    for (size_t i = 0; i < ml->n; i++)
        if (ml->m[i].line_code == line_code && k-- == 0)
            return (int)i;
    return -1;
}

static int count_markers(const marker_list *ml, const char *line_code)
{
    int n = 0;
    for (size_t i = 0; i < ml->n; i++)
        n += ml->m[i].line_code == line_code;
    return n;
}

/* Off line, duplicate number and swapped order, each on a different line with 3+ markers. */
static int inject_marker_defects(demo_state *st, marker_list *ml)
{
    const demo_line *pick[3] = {NULL, NULL, NULL};
    for (size_t i = 0, k = 0; i < st->n_lines && k < 3; i++)
        if (count_markers(ml, st->lines[i].code) >= 3)
            pick[k++] = &st->lines[i];
    if (pick[2] == NULL)
        return GIS_OK;
    int off = nth_marker(ml, pick[0]->code, 1), dup_src = nth_marker(ml, pick[0]->code, 2);
    int dup = nth_marker(ml, pick[1]->code, 1);
    int sw1 = nth_marker(ml, pick[2]->code, 1), sw2 = nth_marker(ml, pick[2]->code, 2);
    /* Off line: moved 25 m north; the distance to the line is measured, not assumed. */
    ml->m[off].y += 25.0;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, ml->m[off].x, ml->m[off].y);
    double dist = 0;
    GEOSDistance_r(st->h, pt, pick[0]->geom, &dist);
    GEOSGeom_destroy_r(st->h, pt);
    demo_defect_add(st, json_pack("{s:s,s:s,s:s,s:s,s:f}", "kind", "marker_off_line", "marker",
                                  ml->m[off].number, "line_code", pick[0]->code, "description",
                                  "界桩向北移动 25 米, 偏离界线", "distance_m", dist));
    memcpy(ml->m[dup].number, ml->m[dup_src].number, sizeof ml->m[dup].number);
    demo_defect_add(st, json_pack("{s:s,s:s,s:s,s:s}", "kind", "duplicate_marker", "marker",
                                  ml->m[dup].number, "line_code", pick[1]->code, "description",
                                  "界线上一个界桩使用了另一条界线已有的编号"));
    char tmp[32];
    memcpy(tmp, ml->m[sw1].number, sizeof tmp);
    memcpy(ml->m[sw1].number, ml->m[sw2].number, sizeof tmp);
    memcpy(ml->m[sw2].number, tmp, sizeof tmp);
    demo_defect_add(st, json_pack("{s:s,s:s,s:[s,s],s:s}", "kind", "marker_order", "line_code",
                                  pick[2]->code, "markers", ml->m[sw1].number, ml->m[sw2].number,
                                  "description", "同一界线上相邻两个界桩编号顺序颠倒"));
    return GIS_OK;
}

static int write_markers(demo_state *st, gis_store *s, const marker_list *ml, gis_error *err)
{
    for (size_t i = 0; i < ml->n; i++) {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, ml->m[i].x, ml->m[i].y);
        gis_marker m = {0};
        int rc = demo_to_geo(st, pt, &m.geom, err);
        GEOSGeom_destroy_r(st->h, pt);
        if (rc != GIS_OK)
            return rc;
        m.number = (char *)ml->m[i].number;
        m.type = (char *)ml->m[i].type;
        m.line_code = (char *)ml->m[i].line_code;
        rc = gis_store_marker_insert(st->ctx, s, &m, 0, err);
        gis_geom_free(st->ctx, m.geom);
        if (rc != GIS_OK)
            return rc;
        st->summary->markers++;
    }
    return GIS_OK;
}

static int write_line(demo_state *st, gis_store *s, const demo_line *l, const GEOSGeometry *gk,
                      const char *surveyed_by, const char *inspected_on, gis_error *err)
{
    gis_boundary_line rec = {0};
    int rc = demo_to_geo(st, gk, &rec.geom, err);
    if (rc != GIS_OK)
        return rc;
    rec.line_code = (char *)l->code;
    rec.left_code = st->towns[l->left].src->code;
    rec.right_code = st->towns[l->right].src->code;
    rec.surveyed_by = (char *)surveyed_by;
    rec.inspected_on = (char *)inspected_on;
    rc = gis_store_line_insert(st->ctx, s, &rec, 0, err);
    gis_geom_free(st->ctx, rec.geom);
    if (rc == GIS_OK)
        st->summary->lines++;
    return rc;
}

/* A second survey of GC04 from the right-hand side, its middle vertex 3 m off (two-sided
 * survey disagreement above the 0.5 m tolerance of DOMAIN.md §3). */
static int write_two_sided(demo_state *st, gis_store *s, const demo_line *l, gis_error *err)
{
    const GEOSGeometry *part = GEOSGetGeometryN_r(st->h, l->geom, 0);
    GEOSCoordSequence *seq = GEOSCoordSeq_clone_r(st->h, GEOSGeom_getCoordSeq_r(st->h, part));
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(st->h, seq, &n);
    if (n < 3) {
        GEOSCoordSeq_destroy_r(st->h, seq);
        return GIS_OK;
    }
    double x, y;
    GEOSCoordSeq_getXY_r(st->h, seq, n / 2, &x, &y);
    GEOSCoordSeq_setXY_r(st->h, seq, n / 2, x + 3.0, y);
    GEOSGeometry *moved = GEOSGeom_createLineString_r(st->h, seq); /* takes seq */
    int rc = write_line(st, s, l, moved, st->towns[l->right].src->code, "2022-06-30", err);
    /* The vertex moved 3 m east; the versions' Hausdorff distance is measured, not assumed. */
    double hausdorff = 0;
    GEOSHausdorffDistance_r(st->h, part, moved, &hausdorff);
    GEOSGeom_destroy_r(st->h, moved);
    if (rc == GIS_OK)
        demo_defect_add(st, json_pack("{s:s,s:s,s:s,s:f,s:f}", "kind", "two_sided_mismatch",
                                      "line_code", l->code, "description",
                                      "双方分别测绘的同一条界线中部一个点相差 3 米", "moved_m", 3.0,
                                      "hausdorff_m", hausdorff));
    return rc;
}

int demo_survey_write(demo_state *st, gis_store *s, gis_error *err)
{
    marker_list ml = {0};
    skip_plan sp = {.to_skip = st->params->defects ? 1 : 0};
    int rc = GIS_OK;
    for (size_t i = 0; i < st->n_lines && rc == GIS_OK; i++) {
        /* Joint inspection (联检, BND-13) every 5 years: two lines are overdue on purpose. */
        const char *inspected = st->params->defects && (i == 5 || i == 6) ? "2019-06-30"
                                                                          : "2022-06-30";
        rc = write_line(st, s, &st->lines[i], st->lines[i].geom, st->towns[st->lines[i].left].src->code,
                        inspected, err);
        if (rc == GIS_OK && plan_line(st, &st->lines[i], &ml, &sp) != GIS_OK)
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory planning markers");
    }
    if (rc == GIS_OK && st->params->defects) {
        if (sp.missing) {
            json_t *d = json_pack("{s:s,s:O,s:s}", "kind", "triple_point_without_marker", "where",
                                  sp.missing, "description", "三乡镇交汇点 (三交点) 缺少三面型界桩");
            gis_geom *geo = NULL;
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(st->h, sp.sx, sp.sy);
            double b[4];
            if (demo_to_geo(st, pt, &geo, err) == GIS_OK && gis_geom_bounds(st->ctx, geo, b, err) == GIS_OK) {
                json_object_set_new(d, "lon", json_real(b[0]));
                json_object_set_new(d, "lat", json_real(b[1]));
            }
            gis_geom_free(st->ctx, geo);
            GEOSGeom_destroy_r(st->h, pt);
            demo_defect_add(st, d);
        }
        if (st->n_lines > 6)
            demo_defect_add(st, json_pack("{s:s,s:[s,s],s:s}", "kind", "inspection_overdue",
                                          "line_codes", st->lines[5].code, st->lines[6].code,
                                          "description", "界线联检超过 5 年 (最后一次 2019-06-30)"));
        rc = inject_marker_defects(st, &ml);
        if (rc == GIS_OK && st->n_lines > 3)
            rc = write_two_sided(st, s, &st->lines[3], err);
    }
    json_decref(sp.missing);
    if (rc == GIS_OK)
        rc = write_markers(st, s, &ml, err);
    free(ml.m);
    return rc;
}
