/*
 * This file declares the bound on the work of clipping one geometry to one tile (issue #9,
 * finding R8). GEOS's clip by rectangle (GEOSClipByRect_r, used by gis_geom_tile_project())
 * reconnects the pieces of a polygon cut by the tile edge by comparing each open piece with all
 * the others (GEOS 3.11 RectangleIntersectionBuilder::reconnectPolygons): a polygon cut into k
 * pieces costs about k² steps, and a hostile ring zigzagging across the edge stalls a thread
 * (200,000 vertices: minutes). The work is estimated first, in one pass over the vertices;
 * above the budget the polygon is clipped in linear time on the pixel grid instead (see
 * gis_geom_tile_clip_grid()). Ordinary polygons stay under the budget and keep the exact GEOS
 * clip, so their tiles do not change. The repair of invalid polygons that follows the clip
 * (gis_geom_tile_snap()) is bounded too: GEOS's repair grows much faster than the number of
 * self-intersections, so they are counted first (gis_geom_tile_self_crossings()) and a polygon
 * above the limits is refused with an error instead of stalling the tile. It does not encode
 * MVT or read the store.
 */
#ifndef GIS_GEOM_TILE_BUDGET_H
#define GIS_GEOM_TILE_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/geom_tile.h"

/** Default clip budget in work units (see gis_geom_tile_clip_work()): 2^20, about 1,000
 *  pieces of one polygon in one tile, which GEOS reconnects in 20 to 40 ms (measured on a
 *  zigzag of 2,100 vertices, release build, GEOS 3.11.1; 10,000 vertices took 2.1 s). Surveyed
 * boundaries cross a tile edge a few dozen times at most. Override at build time with
 * -DGIS_TILE_CLIP_WORK_DEFAULT=... or per call with gis_geom_tile_project_budget(). */
#ifndef GIS_TILE_CLIP_WORK_DEFAULT
#define GIS_TILE_CLIP_WORK_DEFAULT 1048576.0
#endif

/** Estimates the work of clipping g (borrowed; EPSG:4490 degrees) to f's buffered tile with
 *  GEOSClipByRect_r, in one pass over its vertices without clipping. For each polygon, p is the
 *  number of pieces the tile edge may cut it into (half the number of ring segments that cross
 *  the buffered tile's boundary or may pass through the tile, rounded up) and the work is
 *  p² (reconnecting the pieces), plus holes x vertices when p > 1 (each hole is matched against
 *  the reconnected shells). Lines and points cost 0 (GEOS clips them in linear time). Sets
 *  *work (>= 0). Codes: GIS_EGEOM. */
int gis_geom_tile_clip_work(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f, double *work,
                            gis_error *err);

/** Clips the polygons of g (borrowed; EPSG:4490 degrees; Polygon or MultiPolygon) to f's
 *  buffered tile in time linear in the number of vertices: every vertex is mapped to the
 *  frame's pixels, each ring is clipped to the buffered tile by Sutherland-Hodgman (one pass per
 *  tile side), rounded to the 1-pixel grid, and repeated and collinear vertices are dropped (a
 *  zigzag finer than a pixel collapses to a few vertices per pixel); the result is then
 *  snapped to valid output as gis_geom_tile_snap() does. Differs from the GEOS clip followed by
 *  the snap by at most about a pixel. Returns an owned valid polygonal geometry in pixel space
 *  in *out, or *out NULL when nothing remains in the tile.
 *  Codes: GIS_EINVAL (not polygonal, or degenerate frame), GIS_EGEOM (a coordinate that is not
 *  finite in pixels, or GEOS failure), GIS_ENOMEM. */
int gis_geom_tile_clip_grid(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f,
                            gis_geom **out, gis_error *err);

/** Weight of a proper crossing against a touch or overlap in the repair work: GEOS's snap
 *  (GEOSGeom_setPrecision_r) took 0.41 s for 702,867 overlapping segment pairs (a ring wound
 *  400 times around the tile) but 1.25 s for 20,001 crossings (a star {20001/2}) (measured,
 *  release build, GEOS 3.11.1). */
#define GIS_TILE_REPAIR_CROSSING_WEIGHT 64

/** Segment pairs compared per unit of repair work before gis_geom_tile_self_crossings() gives
 *  up (16 x 2^20 comparisons take about 0.1 s). */
#define GIS_TILE_REPAIR_COMPARE_FACTOR 16.0

/** Default repair budget (gis_geom_tile_snap()): touches and overlaps count 1, proper
 *  crossings GIS_TILE_REPAIR_CROSSING_WEIGHT; 2^20 units take GEOS's snap about 0.6 s
 *  (overlaps) to 1 s (16,384 crossings). */
#ifndef GIS_TILE_REPAIR_WORK_DEFAULT
#define GIS_TILE_REPAIR_WORK_DEFAULT 1048576.0
#endif

/** Default limit of proper crossings above which GEOSMakeValid_r is not tried when the snap
 *  fails: its linework repair grows much faster than the crossings: a star polygon {101/50}
 *  (4,949 crossings) took 22 to 29 s, the densest stars near the limit 0.31 s (230 crossings)
 *  and 0.43 s (275) (measured, release build, GEOS 3.11.1). Bow-ties and the odd self-overlap
 *  of survey data are far below; a ring traced twice only overlaps itself, which the snap
 *  repairs. */
#ifndef GIS_TILE_MAKEVALID_CROSSINGS_DEFAULT
#define GIS_TILE_MAKEVALID_CROSSINGS_DEFAULT 256
#endif

/** Self-intersections of a polygonal geometry, counted by gis_geom_tile_self_crossings(). */
typedef struct gis_tile_crossings {
    size_t meets;    /* pairs of non-adjacent segments that touch, cross or overlap */
    size_t proper;   /* of those, pairs that cross at a point inside both segments */
    bool incomplete; /* counting stopped at the budget: the true counts are larger */
} gis_tile_crossings;

/** Counts the self-intersections of the polygons of px (borrowed; any polygonal geometry,
 *  e.g. pixel space): pairs of non-adjacent segments (repeated vertices skipped) of a ring,
 *  of two rings or of two polygons that touch, cross or overlap. Stops, with incomplete set,
 *  once meets + (GIS_TILE_REPAIR_CROSSING_WEIGHT - 1) x proper exceeds max_work or more than
 *  GIS_TILE_REPAIR_COMPARE_FACTOR x max_work pairs of segments with overlapping x ranges were
 *  compared. Time O(n log n + pairs compared). Codes: GIS_EGEOM, GIS_ENOMEM. */
int gis_geom_tile_self_crossings(gis_ctx *ctx, const gis_geom *px, double max_work,
                                 gis_tile_crossings *out, gis_error *err);

/** gis_geom_tile_project() with an explicit clip budget (work units, see
 *  gis_geom_tile_clip_work(); gis_geom_tile_project() uses GIS_TILE_CLIP_WORK_DEFAULT).
 *  Polygonal geometries whose estimated work exceeds max_work are clipped with
 *  gis_geom_tile_clip_grid() (output already on the pixel grid and valid); everything else
 *  takes the exact GEOS clip. max_work = 0 sends every polygon that crosses the tile edge to
 *  the grid clip; INFINITY never does. A geometry collection above the budget is refused
 *  (GIS_EGEOM) rather than clipped without bound. Implemented in gis/geom_tile.c.
 *  Codes: GIS_EINVAL (degenerate frame, max_work < 0 or NaN), GIS_EGEOM, GIS_ENOMEM. */
int gis_geom_tile_project_budget(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f,
                                 double max_work, gis_geom **out, gis_error *err);

#endif
