/*
 * This file implements the boundary-line (界线) rules of validation, in the county's GK zone
 * (metres): line_dangle (a line end that meets no other line and not the county outline),
 * line_unclosed (a stretch of a township's boundary that no line covers, so its lines do not
 * close into its polygon) and two_sided_mismatch (one line surveyed by both sides whose two
 * versions differ by more than the tolerance: discrete Hausdorff distance, located at the
 * vertex of greatest deviation) and inspection_overdue (last joint inspection older than the
 * interval, DOMAIN.md BND-13). Other lines near an end are found with a GEOS STRtree. It
 * runs only when boundary lines are loaded.
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct lstate {
    vrun *r;
    GEOSGeometry **gk;     /* per input line, owned, GK metres, NULL without geometry */
    GEOSSTRtree *tree;     /* items: line index + 1 */
    GEOSGeometry *outline; /* county boundary in GK, or NULL */
} lstate;

static void lstate_free(lstate *s)
{
    vrun *r = s->r;
    if (s->tree != NULL)
        GEOSSTRtree_destroy_r(r->h, s->tree);
    for (size_t i = 0; s->gk != NULL && i < r->in->n_lines; i++)
        if (s->gk[i] != NULL)
            GEOSGeom_destroy_r(r->h, s->gk[i]);
    free(s->gk);
    if (s->outline != NULL)
        GEOSGeom_destroy_r(r->h, s->outline);
}

static int lstate_init(lstate *s, gis_error *err)
{
    vrun *r = s->r;
    size_t n = r->in->n_lines;
    if ((s->gk = calloc(n, sizeof *s->gk)) == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory loading lines");
    if ((s->tree = GEOSSTRtree_create_r(r->h, 10)) == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "STRtree");
    int rc = GIS_OK;
    for (size_t i = 0; i < n && rc == GIS_OK; i++) {
        const gis_geom *g = r->in->lines[i].geom;
        if (g == NULL || gis_geom_is_empty(r->ctx, g))
            continue;
        if ((rc = vrun_to_gk(r, gis_geom_geos(g), &s->gk[i], err)) == GIS_OK)
            GEOSSTRtree_insert_r(r->h, s->tree, s->gk[i], (void *)(uintptr_t)(i + 1));
    }
    for (size_t i = 0; i < r->n_units && rc == GIS_OK && s->outline == NULL; i++) {
        const vunit *v = &r->units[i];
        if (v->geo == NULL || strcmp(v->u->level ? v->u->level : "", "county") != 0)
            continue;
        GEOSGeometry *gk = NULL;
        if ((rc = vrun_to_gk(r, v->geo, &gk, err)) == GIS_OK) {
            s->outline = GEOSBoundary_r(r->h, gk);
            GEOSGeom_destroy_r(r->h, gk);
        }
    }
    return rc;
}

static const char *code_of(const lstate *s, size_t i)
{
    const char *c = s->r->in->lines[i].line_code;
    return c ? c : "";
}

typedef struct near_q {
    const lstate *s;
    size_t self;
    const GEOSGeometry *pt;
    double tol;
    bool found;
} near_q;

static void near_cb(void *item, void *user)
{
    near_q *q = user;
    size_t j = (size_t)(uintptr_t)item - 1;
    double d = INFINITY;
    /* Another version of the same line does not close this one. */
    if (q->found || strcmp(code_of(q->s, j), code_of(q->s, q->self)) == 0)
        return;
    if (GEOSDistance_r(q->s->r->h, q->s->gk[j], q->pt, &d) == 1 && d <= q->tol)
        q->found = true;
}

static int dangle(lstate *s, size_t i, const GEOSGeometry *pt, gis_error *err)
{
    vrun *r = s->r;
    double tol = r->o->tolerance_m, d = INFINITY;
    if (s->outline != NULL && GEOSDistance_r(r->h, s->outline, pt, &d) == 1 && d <= tol)
        return GIS_OK;
    GEOSGeometry *probe = GEOSBuffer_r(r->h, pt, tol, 4);
    if (probe == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "buffer");
    near_q q = {s, i, pt, tol, false};
    GEOSSTRtree_query_r(r->h, s->tree, probe, near_cb, &q);
    GEOSGeom_destroy_r(r->h, probe);
    if (q.found)
        return GIS_OK;
    double xy[2];
    GEOSGeomGetX_r(r->h, pt, &xy[0]);
    GEOSGeomGetY_r(r->h, pt, &xy[1]);
    int rc = gis_crs_transform_xy(r->ctx, r->to_geo, xy, 1, err);
    gis_finding *f = NULL;
    const gis_boundary_line *l = &r->in->lines[i];
    if (rc == GIS_OK)
        rc = vrun_point_finding(r, "line_dangle", GIS_SEV_ERROR, xy[0], xy[1], &f, err);
    if (rc == GIS_OK && l->left_code)
        rc = gis_finding_add_unit(f, l->left_code, err);
    if (rc == GIS_OK && l->right_code)
        rc = gis_finding_add_unit(f, l->right_code, err);
    if (rc == GIS_OK) {
        json_object_set_new(f->details, "line_code", json_string(code_of(s, i)));
        rc = gis_finding_set_message(f, err, "界线 %s 的端点悬空: %.1f 米内没有相接的界线或县界",
                                     code_of(s, i), tol);
    }
    return rc;
}

/* line_dangle: both ends of every part of line i (after merging its parts). */
static int check_ends(lstate *s, size_t i, gis_error *err)
{
    vrun *r = s->r;
    GEOSGeometry *merged = GEOSLineMerge_r(r->h, s->gk[i]);
    if (merged == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "line merge");
    int rc = GIS_OK, n = GEOSGetNumGeometries_r(r->h, merged);
    for (int p = 0; p < n && rc == GIS_OK; p++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(r->h, merged, p);
        if (GEOSGeomTypeId_r(r->h, part) != GEOS_LINESTRING || GEOSisClosed_r(r->h, part) == 1)
            continue;
        GEOSGeometry *ends[2] = {GEOSGeomGetStartPoint_r(r->h, part),
                                 GEOSGeomGetEndPoint_r(r->h, part)};
        for (int e = 0; e < 2 && rc == GIS_OK; e++)
            rc = ends[e] ? dangle(s, i, ends[e], err)
                         : gis_ctx_geos_error(r->ctx, err, __func__, "line end");
        for (int e = 0; e < 2; e++)
            if (ends[e] != NULL)
                GEOSGeom_destroy_r(r->h, ends[e]);
    }
    GEOSGeom_destroy_r(r->h, merged);
    return rc;
}

/* Largest distance from a vertex of a to b; *where gets that vertex (GK). */
static double farthest_vertex(vrun *r, const GEOSGeometry *a, const GEOSGeometry *b,
                              double where[2])
{
    double best = -1;
    const GEOSPreparedGeometry *pb = GEOSPrepare_r(r->h, b);
    int n = GEOSGetNumGeometries_r(r->h, a);
    for (int p = 0; p < n && pb != NULL; p++) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(r->h, GEOSGetGeometryN_r(r->h, a, p));
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(r->h, cs, &size);
        for (unsigned k = 0; k < size; k++) {
            double x, y, d = -1;
            GEOSCoordSeq_getXY_r(r->h, cs, k, &x, &y);
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(r->h, x, y);
            if (pt != NULL && GEOSPreparedDistance_r(r->h, pb, pt, &d) == 1 && d > best) {
                best = d;
                where[0] = x;
                where[1] = y;
            }
            if (pt != NULL)
                GEOSGeom_destroy_r(r->h, pt);
        }
    }
    if (pb != NULL)
        GEOSPreparedGeom_destroy_r(r->h, pb);
    return best;
}

/* two_sided_mismatch between lines i and j of the same code. */
static int check_two_sided(lstate *s, size_t i, size_t j, gis_error *err)
{
    vrun *r = s->r;
    double w1[2], w2[2];
    double d1 = farthest_vertex(r, s->gk[i], s->gk[j], w1);
    double d2 = farthest_vertex(r, s->gk[j], s->gk[i], w2);
    double d = fmax(d1, d2), *w = d1 >= d2 ? w1 : w2;
    if (!(d > r->o->two_sided_tolerance_m))
        return GIS_OK;
    int rc = gis_crs_transform_xy(r->ctx, r->to_geo, w, 1, err);
    gis_finding *f = NULL;
    const gis_boundary_line *a = &r->in->lines[i], *b = &r->in->lines[j];
    if (rc == GIS_OK)
        rc = vrun_point_finding(r, "two_sided_mismatch", GIS_SEV_ERROR, w[0], w[1], &f, err);
    if (rc == GIS_OK && a->left_code)
        rc = gis_finding_add_unit(f, a->left_code, err);
    if (rc == GIS_OK && a->right_code)
        rc = gis_finding_add_unit(f, a->right_code, err);
    if (rc != GIS_OK)
        return rc;
    f->distance_m = d;
    json_object_set_new(f->details, "line_code", json_string(code_of(s, i)));
    json_object_set_new(f->details, "hausdorff_m", json_real(d));
    return gis_finding_set_message(
        f, err, "界线 %s 双方测绘结果 (%s 与 %s) 最大相差 %.2f 米, 超过容差 %.2f 米", code_of(s, i),
        a->surveyed_by ? vrun_name(r, a->surveyed_by) : "甲方",
        b->surveyed_by ? vrun_name(r, b->surveyed_by) : "乙方", d, r->o->two_sided_tolerance_m);
}

/* Today as YYYY-MM-DD (UTC) into buf, or opts.today. */
static const char *today(const vrun *r, char buf[16])
{
    if (r->o->today != NULL)
        return r->o->today;
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) == NULL || strftime(buf, 16, "%Y-%m-%d", &tm) == 0)
        return "9999-12-31";
    return buf;
}

/* inspection_overdue (BND-13): the line's last joint inspection is older than the interval;
 * ISO dates compare as strings once the years are shifted. One warning per line code. */
static int check_inspection(lstate *s, size_t i, gis_error *err)
{
    vrun *r = s->r;
    const gis_boundary_line *l = &r->in->lines[i];
    char buf[16], due[16];
    const char *on = l->inspected_on;
    if (on == NULL || strlen(on) < 10 || !(r->o->inspection_years > 0))
        return GIS_OK;
    for (size_t k = 0; k < i; k++) /* the first version of a code speaks for it */
        if (strcmp(code_of(s, k), code_of(s, i)) == 0)
            return GIS_OK;
    int year = atoi(on) + (int)ceil(r->o->inspection_years);
    snprintf(due, sizeof due, "%04d%.6s", year, on + 4);
    if (strcmp(due, today(r, buf)) >= 0)
        return GIS_OK;
    gis_finding *f = NULL;
    double xy[2] = {NAN, NAN};
    int rc = GIS_OK;
    if (s->gk[i] != NULL) {
        GEOSGeometry *mid =
            GEOSInterpolateNormalized_r(r->h, GEOSGetGeometryN_r(r->h, s->gk[i], 0), 0.5);
        if (mid != NULL) {
            GEOSGeomGetX_r(r->h, mid, &xy[0]);
            GEOSGeomGetY_r(r->h, mid, &xy[1]);
            GEOSGeom_destroy_r(r->h, mid);
            rc = gis_crs_transform_xy(r->ctx, r->to_geo, xy, 1, err);
        }
    }
    if (rc == GIS_OK)
        rc = isnan(xy[0])
                 ? gis_finding_list_add(r->out, "inspection_overdue", GIS_SEV_WARNING, &f, err)
                 : vrun_point_finding(r, "inspection_overdue", GIS_SEV_WARNING, xy[0], xy[1], &f,
                                      err);
    if (rc == GIS_OK && l->left_code)
        rc = gis_finding_add_unit(f, l->left_code, err);
    if (rc == GIS_OK && l->right_code)
        rc = gis_finding_add_unit(f, l->right_code, err);
    if (rc != GIS_OK)
        return rc;
    json_object_set_new(f->details, "line_code", json_string(code_of(s, i)));
    json_object_set_new(f->details, "inspected_on", json_string(on));
    return gis_finding_set_message(f, err, "界线 %s 上次联检为 %.10s, 已超过 %.0f 年的联检周期",
                                   code_of(s, i), on, r->o->inspection_years);
}

int vlines_check(vrun *r, gis_error *err)
{
    size_t n = r->in->n_lines;
    if (n == 0)
        return GIS_OK;
    lstate s = {.r = r};
    int rc = lstate_init(&s, err);
    for (size_t i = 0; i < n && rc == GIS_OK; i++)
        if (s.gk[i] != NULL)
            rc = check_ends(&s, i, err);
    for (size_t i = 0; i < n && rc == GIS_OK; i++) {
        if (s.gk[i] == NULL)
            continue;
        /* Compare each later version of a code with its first version only. */
        for (size_t j = i + 1; j < n && rc == GIS_OK; j++) {
            bool first = true;
            for (size_t k = 0; k < i && first; k++)
                first = s.gk[k] == NULL || strcmp(code_of(&s, k), code_of(&s, i)) != 0;
            if (first && s.gk[j] != NULL && strcmp(code_of(&s, i), code_of(&s, j)) == 0)
                rc = check_two_sided(&s, i, j, err);
        }
    }
    for (size_t i = 0; i < n && rc == GIS_OK; i++)
        rc = check_inspection(&s, i, err);
    if (rc == GIS_OK)
        rc = vlines_unclosed(r, s.gk, s.outline, err);
    lstate_free(&s);
    return rc;
}
