/*
 * This file implements the boundary-marker (界桩) rules of validation, in the county's GK zone
 * (metres): marker_off_line (farther than the tolerance from its line, or from every line when
 * its line is unknown), duplicate_marker (one number used twice), marker_unknown_line (a line
 * code no line has), marker_order (numbers that do not run in order along the line, DOMAIN.md
 * BND-02/03) and triple_point_without_marker (a node where three or more townships meet with
 * no marker within the tolerance, BND-05). Lines are found with a GEOS STRtree. When no
 * boundary lines are loaded, township boundaries stand in for them. It does not check lines.
 */
#include "gis/validate_int.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct mline {
    const char *code; /* line code, or the township code when lines stand in */
    const char *left; /* unit codes on both sides, may be NULL */
    const char *right;
    GEOSGeometry *gk; /* owned, GK metres */
} mline;

typedef struct mstate {
    vrun *r;
    mline *lines;
    size_t n_lines;
    bool real_lines;   /* boundary_line rows (else township boundaries) */
    GEOSSTRtree *tree; /* items: line index + 1 */
    double *xy;        /* marker GK coordinates, NAN when no geometry */
} mstate;

static void mstate_free(mstate *m)
{
    if (m->tree != NULL)
        GEOSSTRtree_destroy_r(m->r->h, m->tree);
    for (size_t i = 0; i < m->n_lines; i++)
        if (m->lines[i].gk != NULL)
            GEOSGeom_destroy_r(m->r->h, m->lines[i].gk);
    free(m->lines);
    free(m->xy);
}

static int load_lines(mstate *m, gis_error *err)
{
    vrun *r = m->r;
    const gis_validate_input *in = r->in;
    m->real_lines = in->n_lines > 0;
    size_t cap = m->real_lines ? in->n_lines : r->n_units;
    m->lines = calloc(cap ? cap : 1, sizeof *m->lines);
    if (m->lines == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory loading lines");
    int rc = GIS_OK;
    for (size_t i = 0; i < cap && rc == GIS_OK; i++) {
        mline *l = &m->lines[m->n_lines];
        if (m->real_lines) {
            const gis_boundary_line *b = &in->lines[i];
            if (b->geom == NULL || gis_geom_is_empty(r->ctx, b->geom))
                continue;
            *l = (mline){b->line_code, b->left_code, b->right_code, NULL};
            rc = vrun_to_gk(r, gis_geom_geos(b->geom), &l->gk, err);
        } else {
            const vunit *v = &r->units[i];
            if (v->geo == NULL || strcmp(v->u->level ? v->u->level : "", "township") != 0)
                continue;
            GEOSGeometry *gk = NULL;
            *l = (mline){v->u->code, v->u->code, NULL, NULL};
            if ((rc = vrun_to_gk(r, v->geo, &gk, err)) == GIS_OK) {
                l->gk = GEOSBoundary_r(r->h, gk);
                GEOSGeom_destroy_r(r->h, gk);
                if (l->gk == NULL)
                    rc = gis_ctx_geos_error(r->ctx, err, __func__, "township boundary");
            }
        }
        if (rc == GIS_OK)
            m->n_lines++;
    }
    if (rc == GIS_OK && (m->tree = GEOSSTRtree_create_r(r->h, 10)) == NULL)
        rc = gis_ctx_geos_error(r->ctx, err, __func__, "STRtree");
    for (size_t i = 0; rc == GIS_OK && i < m->n_lines; i++)
        GEOSSTRtree_insert_r(r->h, m->tree, m->lines[i].gk, (void *)(uintptr_t)(i + 1));
    return rc;
}

static int load_markers(mstate *m, gis_error *err)
{
    vrun *r = m->r;
    size_t n = r->in->n_markers;
    m->xy = malloc((n ? n : 1) * 2 * sizeof *m->xy);
    if (m->xy == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory loading markers");
    int rc = GIS_OK;
    for (size_t i = 0; i < n && rc == GIS_OK; i++) {
        double b[4];
        const gis_geom *g = r->in->markers[i].geom;
        m->xy[2 * i] = m->xy[2 * i + 1] = NAN;
        if (g == NULL || gis_geom_bounds(r->ctx, g, b, NULL) != GIS_OK)
            continue;
        m->xy[2 * i] = b[0];
        m->xy[2 * i + 1] = b[1];
        rc = vrun_xy_to_gk(r, &m->xy[2 * i], err);
    }
    return rc;
}

static const mline *find_line(const mstate *m, const char *code)
{
    for (size_t i = 0; m->real_lines && code != NULL && i < m->n_lines; i++)
        if (m->lines[i].code != NULL && strcmp(m->lines[i].code, code) == 0)
            return &m->lines[i];
    return NULL;
}

static int nearest_cb(const void *item1, const void *item2, double *distance, void *user)
{
    mstate *m = user;
    const mline *l = &m->lines[(uintptr_t)item1 - 1];
    return GEOSDistance_r(m->r->h, l->gk, (const GEOSGeometry *)item2, distance);
}

/* Distance (m) from the GK point to line l, or to the nearest line when l is NULL. */
static double distance_to(mstate *m, const mline *l, const GEOSGeometry *pt, const mline **near)
{
    double d = INFINITY;
    *near = l;
    if (l == NULL && m->n_lines > 0) {
        const void *item = GEOSSTRtree_nearest_generic_r(m->r->h, m->tree, pt, pt, nearest_cb, m);
        if (item != NULL)
            *near = &m->lines[(uintptr_t)item - 1];
    }
    if (*near != NULL && GEOSDistance_r(m->r->h, (*near)->gk, pt, &d) != 1)
        d = INFINITY;
    return d;
}

static int marker_finding(vrun *r, const char *rule, size_t i, const mline *l, gis_finding **out,
                          gis_error *err)
{
    const gis_marker *mk = &r->in->markers[i];
    double b[4] = {NAN, NAN, NAN, NAN};
    if (mk->geom != NULL)
        gis_geom_bounds(r->ctx, mk->geom, b, NULL);
    int rc = isnan(b[0]) ? gis_finding_list_add(r->out, rule, GIS_SEV_ERROR, out, err)
                         : vrun_point_finding(r, rule, GIS_SEV_ERROR, b[0], b[1], out, err);
    if (rc == GIS_OK && l != NULL && l->left != NULL)
        rc = gis_finding_add_unit(*out, l->left, err);
    if (rc == GIS_OK && l != NULL && l->right != NULL)
        rc = gis_finding_add_unit(*out, l->right, err);
    if (rc == GIS_OK) {
        json_object_set_new((*out)->details, "marker", json_string(mk->number ? mk->number : ""));
        if (mk->line_code != NULL)
            json_object_set_new((*out)->details, "line_code", json_string(mk->line_code));
    }
    return rc;
}

/* marker_off_line and marker_unknown_line for marker i. */
static int check_position(mstate *m, size_t i, gis_error *err)
{
    vrun *r = m->r;
    const gis_marker *mk = &r->in->markers[i];
    const mline *own = find_line(m, mk->line_code);
    gis_finding *f = NULL;
    int rc = GIS_OK;
    if (m->real_lines && mk->line_code != NULL && mk->line_code[0] && own == NULL) {
        if ((rc = marker_finding(r, "marker_unknown_line", i, NULL, &f, err)) == GIS_OK)
            rc = gis_finding_set_message(f, err, "界桩 %s 所属界线 %s 不存在", mk->number,
                                         mk->line_code);
    }
    if (rc != GIS_OK || isnan(m->xy[2 * i]) || m->n_lines == 0)
        return rc;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(r->h, m->xy[2 * i], m->xy[2 * i + 1]);
    if (pt == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "marker point");
    const mline *near = NULL;
    double d = distance_to(m, own, pt, &near);
    GEOSGeom_destroy_r(r->h, pt);
    if (!(d > r->o->tolerance_m))
        return GIS_OK;
    if ((rc = marker_finding(r, "marker_off_line", i, near, &f, err)) != GIS_OK)
        return rc;
    f->distance_m = d;
    return gis_finding_set_message(f, err, "界桩 %s 距界线 %s %.2f 米, 超过容差 %.2f 米",
                                   mk->number, near && near->code ? near->code : "", d,
                                   r->o->tolerance_m);
}

/* Sequence number of a marker number: the last run of digits ("GC01003Q" -> 3), or -1. */
static long marker_seq(const char *number)
{
    if (number == NULL)
        return -1;
    const char *end = number + strlen(number);
    while (end > number && !isdigit((unsigned char)end[-1]))
        end--;
    const char *start = end;
    while (start > number && isdigit((unsigned char)start[-1]) && end - start < 3)
        start--;
    return start == end ? -1 : strtol(start, NULL, 10);
}

static int cmp_number(const gis_marker *a, const gis_marker *b)
{
    return strcmp(a->number ? a->number : "", b->number ? b->number : "");
}

/* Sorts marker indexes with a comparison on the markers (merge sort, no globals). */
static void sort_idx(const gis_marker *mk, size_t *idx, size_t n, size_t *tmp,
                     int (*cmp)(const gis_marker *, const gis_marker *))
{
    if (n < 2)
        return;
    size_t h = n / 2, i = 0, j = h, k = 0;
    sort_idx(mk, idx, h, tmp, cmp);
    sort_idx(mk, idx + h, n - h, tmp, cmp);
    while (i < h && j < n)
        tmp[k++] = cmp(&mk[idx[i]], &mk[idx[j]]) <= 0 ? idx[i++] : idx[j++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static int check_duplicates(mstate *m, const size_t *idx, gis_error *err)
{
    vrun *r = m->r;
    const gis_marker *mk = r->in->markers;
    size_t n = r->in->n_markers;
    int rc = GIS_OK;
    for (size_t lo = 0, hi; lo < n && rc == GIS_OK; lo = hi) {
        for (hi = lo + 1; hi < n && cmp_number(&mk[idx[lo]], &mk[idx[hi]]) == 0;)
            hi++;
        if (hi - lo < 2 || mk[idx[lo]].number == NULL || mk[idx[lo]].number[0] == '\0')
            continue;
        gis_finding *f = NULL;
        /* Reported at the second use: the first one is usually the right one. */
        if ((rc = marker_finding(r, "duplicate_marker", idx[lo + 1],
                                 find_line(m, mk[idx[lo + 1]].line_code), &f, err)) != GIS_OK)
            break;
        json_object_set_new(f->details, "count", json_integer((json_int_t)(hi - lo)));
        rc = gis_finding_set_message(f, err, "界桩编号 %s 重复出现 %zu 次 (界线 %s 与 %s)",
                                     mk[idx[lo]].number, hi - lo,
                                     mk[idx[lo]].line_code ? mk[idx[lo]].line_code : "?",
                                     mk[idx[lo + 1]].line_code ? mk[idx[lo + 1]].line_code : "?");
    }
    return rc;
}

static int cmp_line_seq(const gis_marker *a, const gis_marker *b)
{
    int c = strcmp(a->line_code ? a->line_code : "", b->line_code ? b->line_code : "");
    if (c != 0)
        return c;
    long x = marker_seq(a->number), y = marker_seq(b->number);
    return (x > y) - (x < y);
}

/* marker_order for the markers idx[0..n) of one line, sorted by sequence number: positions
 * along the line (GK projection) must run one way; a marker that steps back is reported. */
static int check_order_line(mstate *m, const mline *l, const size_t *idx, size_t n, gis_error *err)
{
    vrun *r = m->r;
    double *pos = malloc((n ? n : 1) * sizeof *pos);
    if (pos == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory ordering markers");
    for (size_t k = 0; k < n; k++) {
        GEOSGeometry *pt =
            GEOSGeom_createPointFromXY_r(r->h, m->xy[2 * idx[k]], m->xy[2 * idx[k] + 1]);
        pos[k] = pt ? GEOSProject_r(r->h, l->gk, pt) : NAN;
        if (pt != NULL)
            GEOSGeom_destroy_r(r->h, pt);
    }
    /* The direction is the majority of steps, so one swapped pair does not flip it. */
    int up = 0;
    for (size_t k = 1; k < n; k++)
        up += pos[k] > pos[k - 1] ? 1 : pos[k] < pos[k - 1] ? -1 : 0;
    int rc = GIS_OK;
    double last = pos[0];
    for (size_t k = 1; k < n && rc == GIS_OK; k++) {
        bool wrong = up >= 0 ? pos[k] < last : pos[k] > last;
        if (!wrong) {
            last = pos[k];
            continue;
        }
        gis_finding *f = NULL;
        if ((rc = marker_finding(r, "marker_order", idx[k], l, &f, err)) == GIS_OK)
            rc = gis_finding_set_message(
                f, err, "界桩 %s 的编号顺序与界线 %s 走向不符 (应在 %s 之后)",
                r->in->markers[idx[k]].number, l->code, r->in->markers[idx[k - 1]].number);
    }
    free(pos);
    return rc;
}

static int check_order(mstate *m, size_t *idx, size_t *tmp, gis_error *err)
{
    const gis_marker *mk = m->r->in->markers;
    size_t n = 0;
    for (size_t i = 0; i < m->r->in->n_markers; i++)
        if (!isnan(m->xy[2 * i]) && marker_seq(mk[i].number) >= 0 && find_line(m, mk[i].line_code))
            idx[n++] = i;
    sort_idx(mk, idx, n, tmp, cmp_line_seq);
    int rc = GIS_OK;
    for (size_t lo = 0, hi; lo < n && rc == GIS_OK; lo = hi) {
        for (hi = lo + 1; hi < n && strcmp(mk[idx[hi]].line_code, mk[idx[lo]].line_code) == 0;)
            hi++;
        if (hi - lo >= 3)
            rc = check_order_line(m, find_line(m, mk[idx[lo]].line_code), idx + lo, hi - lo, err);
    }
    return rc;
}

int vmarkers_check(vrun *r, gis_error *err)
{
    if (r->in->n_markers == 0)
        return GIS_OK;
    mstate m = {.r = r};
    size_t n = r->in->n_markers;
    size_t *idx = malloc(n * sizeof *idx), *tmp = malloc(n * sizeof *tmp);
    int rc = idx && tmp ? GIS_OK : GIS_ERR(err, GIS_ENOMEM, "out of memory checking markers");
    if (rc == GIS_OK)
        rc = load_lines(&m, err);
    if (rc == GIS_OK)
        rc = load_markers(&m, err);
    for (size_t i = 0; i < n && rc == GIS_OK; i++)
        rc = check_position(&m, i, err);
    for (size_t i = 0; i < n && rc == GIS_OK; i++)
        idx[i] = i;
    if (rc == GIS_OK) {
        sort_idx(r->in->markers, idx, n, tmp, cmp_number);
        rc = check_duplicates(&m, idx, err);
    }
    if (rc == GIS_OK)
        rc = check_order(&m, idx, tmp, err);
    if (rc == GIS_OK)
        rc = vtriple_points(r, m.xy, err);
    free(idx);
    free(tmp);
    mstate_free(&m);
    return rc;
}
