/*
 * This file declares the GEOS-side helpers cartographic output needs: where to put a polygon's
 * label (centre of the maximum inscribed circle, the pole of inaccessibility), a polygon's
 * centroid, and which polygons are neighbours (share a stretch of boundary), found with an
 * STRtree. Units are whatever CRS the caller's geometries use; the atlas passes Gauss-Kruger
 * metres. It does not draw or place text (see tiles/label.h, tiles/atlas*.c).
 */
#ifndef GIS_GEOM_LABEL_H
#define GIS_GEOM_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/geom.h"

/** Label anchor of a polygon or multipolygon: the centre of its maximum inscribed circle,
 *  computed to within `tolerance` (CRS units; <= 0 picks 1/200 of the larger bounding-box side).
 *  Borrows g. Writes the centre into xy_out (x, y) and the circle's radius into *radius_out.
 *  Codes: GIS_EINVAL (g empty or not polygonal), GIS_EGEOM. */
int gis_geom_label_point(gis_ctx *ctx, const gis_geom *g, double tolerance, double xy_out[2],
                         double *radius_out, gis_error *err);

/** Area centroid of g (planar, in g's CRS; project first for a true centroid). Borrows g.
 *  Codes: GIS_EINVAL (empty), GIS_EGEOM. */
int gis_geom_label_centroid(gis_ctx *ctx, const gis_geom *g, double xy_out[2], gis_error *err);

/** Finds neighbouring polygons among geoms[0..n-1]: pairs whose boundaries share a line
 *  (intersection of dimension 1), so units meeting at a single point are not neighbours. With
 *  tolerance > 0, pairs separated by a sliver gap or overlap narrower than `tolerance` (CRS
 *  units) along at least 10 * tolerance of boundary also count. NULL entries are skipped.
 *  Borrows geoms. Returns an owned array of 2 * *n_pairs_out indices (i < j, sorted) in
 *  *pairs_out (free with free(); NULL when there are none). Codes: GIS_ENOMEM, GIS_EGEOM. */
int gis_geom_label_neighbours(gis_ctx *ctx, const gis_geom *const *geoms, size_t n,
                              double tolerance, size_t **pairs_out, size_t *n_pairs_out,
                              gis_error *err);

/** Sets *out to whether g intersects the rectangle bbox (minx, miny, maxx, maxy, in g's CRS),
 *  e.g. whether a zone reaches into a map frame. Borrows g. Codes: GIS_EINVAL (empty box),
 *  GIS_EGEOM. */
int gis_geom_label_intersects_bbox(gis_ctx *ctx, const gis_geom *g, const double bbox[4], bool *out,
                                   gis_error *err);

#endif
