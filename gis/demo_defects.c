/*
 * This file implements the demo's deliberate boundary defects, applied after the boundary lines
 * were derived from the clean partition (so lines and markers stay correct):
 *   - a gap: a 60 m x 60 m square centred on the 城关镇 boundary with its longest neighbour is
 *     cut out of 城关镇 and its villages (area = the square's part inside 城关镇);
 *   - an overlap: the part of another 60 m square that lies in 石花镇's longest neighbour is
 *     added to 石花镇 and to its village nearest the square.
 * Each is recorded in st->defects with its ellipsoidal area and a representative point.
 */
#include "gis/demo_int.h"

#include <math.h>
#include <string.h>

#define DEFECT_SQUARE_M 60.0
#define OVERLAP_AT 0.4 /* position along the line; 0.4 leaves no overlay artefacts in the
                         * default demo (checked by tests/demo and tests/validate) */

static int town_index(demo_state *st, const char *code, int fallback)
{
    for (size_t t = 0; t < st->n_towns; t++)
        if (strcmp(st->towns[t].src->code, code) == 0)
            return (int)t;
    return fallback < (int)st->n_towns ? fallback : 0;
}

/* The line of town t with the greatest length, optionally excluding a neighbour. */
static const demo_line *longest_line(demo_state *st, int t, int exclude)
{
    const demo_line *best = NULL;
    double best_len = -1;
    for (size_t i = 0; i < st->n_lines; i++) {
        const demo_line *l = &st->lines[i];
        if (l->left != t && l->right != t)
            continue;
        int other = l->left == t ? l->right : l->left;
        if (other == exclude)
            continue;
        double len = 0;
        GEOSLength_r(st->h, l->geom, &len);
        if (len > best_len) {
            best_len = len;
            best = l;
        }
    }
    return best;
}

static GEOSGeometry *square_at(demo_state *st, const demo_line *l, double at, double *cx,
                               double *cy)
{
    GEOSGeometry *mid = GEOSInterpolateNormalized_r(st->h, GEOSGetGeometryN_r(st->h, l->geom, 0),
                                                    at);
    GEOSGeomGetX_r(st->h, mid, cx);
    GEOSGeomGetY_r(st->h, mid, cy);
    GEOSGeom_destroy_r(st->h, mid);
    double h = DEFECT_SQUARE_M / 2;
    return GEOSGeom_createRectangle_r(st->h, *cx - h, *cy - h, *cx + h, *cy + h);
}

/* Records a defect: kind, the two township codes, ellipsoidal area and a point inside. */
static int record(demo_state *st, const char *kind, int a, int b, const GEOSGeometry *piece,
                  const char *description, gis_error *err)
{
    double area = 0, b4[4];
    gis_geom *pt_geo = NULL;
    GEOSGeometry *pt = GEOSPointOnSurface_r(st->h, piece);
    int rc = demo_area_m2(st, piece, &area, err);
    if (rc == GIS_OK)
        rc = demo_to_geo(st, pt, &pt_geo, err);
    if (rc == GIS_OK)
        rc = gis_geom_bounds(st->ctx, pt_geo, b4, err);
    GEOSGeom_destroy_r(st->h, pt);
    gis_geom_free(st->ctx, pt_geo);
    if (rc != GIS_OK)
        return rc;
    demo_defect_add(st, json_pack("{s:s,s:[s,s],s:[s,s],s:f,s:f,s:f,s:s}", "kind", kind, "units",
                                  st->towns[a].src->code, st->towns[b].src->code, "names",
                                  st->towns[a].src->name, st->towns[b].src->name, "area_m2", area,
                                  "lon", b4[0], "lat", b4[1], "description", description));
    return GIS_OK;
}

static int replace(demo_state *st, GEOSGeometry **slot, GEOSGeometry *g, gis_error *err)
{
    if (g == NULL)
        return gis_ctx_geos_error(st->ctx, err, "demo_boundary_defects", "overlay");
    GEOSGeom_destroy_r(st->h, *slot);
    *slot = g;
    return GIS_OK;
}

static int inject_gap(demo_state *st, gis_error *err)
{
    int a = town_index(st, "420625100", 0);
    const demo_line *l = longest_line(st, a, -1);
    if (l == NULL)
        return GIS_OK;
    int b = l->left == a ? l->right : l->left;
    double cx, cy;
    GEOSGeometry *sq = square_at(st, l, 0.5, &cx, &cy);
    GEOSGeometry *gap = GEOSIntersection_r(st->h, st->towns[a].geom, sq);
    int rc = gap ? GIS_OK : gis_ctx_geos_error(st->ctx, err, __func__, "gap");
    if (rc == GIS_OK)
        rc = replace(st, &st->towns[a].geom,
                     GEOSDifference_r(st->h, st->towns[a].geom, sq), err);
    for (size_t v = 0; v < st->n_villages && rc == GIS_OK; v++)
        if (st->villages[v].township == a &&
            GEOSIntersects_r(st->h, st->villages[v].geom, sq) == 1)
            rc = replace(st, &st->villages[v].geom,
                         GEOSDifference_r(st->h, st->villages[v].geom, sq), err);
    if (rc == GIS_OK)
        rc = record(st, "gap", a, b, gap, "两乡镇交界处 60 米见方的一块被从城关镇切除, 不属于任何乡镇", err);
    GEOSGeom_destroy_r(st->h, gap);
    GEOSGeom_destroy_r(st->h, sq);
    return rc;
}

static int nearest_village(demo_state *st, int town, const GEOSGeometry *piece)
{
    int best = -1;
    double best_d = INFINITY;
    for (size_t v = 0; v < st->n_villages; v++) {
        if (st->villages[v].township != town)
            continue;
        double d = INFINITY;
        GEOSDistance_r(st->h, st->villages[v].geom, piece, &d);
        if (d < best_d) {
            best_d = d;
            best = (int)v;
        }
    }
    return best;
}

static int inject_overlap(demo_state *st, gis_error *err)
{
    int a = town_index(st, "420625101", 1);
    int gap_town = town_index(st, "420625100", 0);
    const demo_line *l = longest_line(st, a, gap_town);
    if (l == NULL)
        return GIS_OK;
    int b = l->left == a ? l->right : l->left;
    double cx, cy;
    GEOSGeometry *sq = square_at(st, l, OVERLAP_AT, &cx, &cy);
    GEOSGeometry *piece = GEOSIntersection_r(st->h, st->towns[b].geom, sq);
    int rc = piece ? GIS_OK : gis_ctx_geos_error(st->ctx, err, __func__, "overlap");
    if (rc == GIS_OK)
        rc = replace(st, &st->towns[a].geom,
                     GEOSUnion_r(st->h, st->towns[a].geom, piece), err);
    int v = rc == GIS_OK ? nearest_village(st, a, piece) : -1;
    if (v >= 0)
        rc = replace(st, &st->villages[v].geom,
                     GEOSUnion_r(st->h, st->villages[v].geom, piece), err);
    if (rc == GIS_OK)
        rc = record(st, "overlap", a, b, piece,
                    "石花镇 (及其一个村) 的边界越过界线, 与相邻乡镇重叠一块", err);
    GEOSGeom_destroy_r(st->h, piece);
    GEOSGeom_destroy_r(st->h, sq);
    return rc;
}

int demo_boundary_defects(demo_state *st, gis_error *err)
{
    int rc = inject_gap(st, err);
    if (rc == GIS_OK)
        rc = inject_overlap(st, err);
    return rc;
}
