/*
 * This file declares gis_polygon_locator: which of a fixed set of polygons contain a point, for
 * millions of points (graves against villages and no-burial zones, issue #5). It combines a GEOS
 * STRtree, prepared geometries and a lazily classified grid: a grid cell that one polygon covers
 * answers without any geometry test. It does not own the polygons.
 *
 * Convention (documented in README.md (Coverage analysis)): a point on a polygon's boundary is inside it
 * (GEOS intersects), so a grave exactly on a zone edge counts as inside the zone.
 */
#ifndef GIS_POLYGON_LOCATOR_H
#define GIS_POLYGON_LOCATOR_H

#include <stddef.h>

#include "gis/geom.h"

typedef struct gis_polygon_locator gis_polygon_locator;

/** Builds a locator over n (multi)polygons; NULL or empty entries are never matched. Borrows
 *  ctx and geoms (the array and the geometries); they must outlive the locator. grid_side is the
 *  number of grid cells per side (0 = 128). Returns an owned locator in *out; free with
 *  gis_polygon_locator_free(). Codes: GIS_ENOMEM, GIS_EGEOM, GIS_EINVAL (grid_side > 4096). */
int gis_polygon_locator_new(gis_ctx *ctx, const gis_geom *const *geoms, size_t n,
                            unsigned grid_side, gis_polygon_locator **out, gis_error *err);

/** Frees loc (its index and prepared geometries, not the polygons). NULL is a no-op. */
void gis_polygon_locator_free(gis_polygon_locator *loc);

/** Finds the polygons whose closure contains (x, y): the smallest indices in ascending order, at
 * most max of them, go to idx (may be NULL when max is 0); *n_out receives the number written.
 *  Codes: GIS_EGEOM, GIS_ENOMEM. Use only on the thread of the locator's ctx. */
int gis_polygon_locator_find(gis_polygon_locator *loc, double x, double y, size_t *idx, size_t max,
                             size_t *n_out, gis_error *err);

/** Number of polygons the locator was built over. */
size_t gis_polygon_locator_count(const gis_polygon_locator *loc);

#endif
