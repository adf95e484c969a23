/*
 * This file declares the geometry operations vector tiles need, done with GEOS: projection of
 * store geometries (EPSG:4490 lon/lat) to spherical web mercator (EPSG:3857) and on to the
 * pixel space of one tile (0..extent, y down), clipping to the tile plus a buffer and snapping
 * polygons to the pixel grid with valid output. Label points come from gis/geom_label.h.
 *
 * Shared borders stay shared: snapping is a pure function of a vertex's coordinates, so two
 * neighbours whose source borders share vertices get identical snapped borders at every zoom
 * (no slivers or gaps between townships), and GEOS's snap-rounding keeps each polygon valid.
 * Vertices closer than one pixel merge, which is the per-zoom simplification.
 * CGCS2000 and WGS84 differ by about 0.1 mm (DOMAIN.md CRS-01), so EPSG:4490 degrees are
 * projected as WGS84 degrees. It does not encode MVT (tiles/mvt.c does).
 */
#ifndef GIS_GEOM_TILE_H
#define GIS_GEOM_TILE_H

#include "gis/geom.h"

/** Latitude limit of the web-mercator square (degrees). */
#define GIS_TILE_MAX_LAT 85.0511287798066

/** The pixel space of one tile. */
typedef struct gis_tile_frame {
    double merc[4]; /* tile bounds minx, miny, maxx, maxy in EPSG:3857 metres */
    double extent;  /* pixels per tile side (MVT extent, e.g. 4096) */
    double buffer;  /* pixels kept beyond each tile edge (e.g. 64), so strokes join */
} gis_tile_frame;

/** Spherical web mercator: lon/lat degrees to EPSG:3857 metres (latitude clamped to
 *  +-GIS_TILE_MAX_LAT). Same formula as PROJ's EPSG:3857. */
void gis_tile_lonlat_to_mercator(double lon, double lat, double *x, double *y);

/** Inverse of gis_tile_lonlat_to_mercator(). */
void gis_tile_mercator_to_lonlat(double x, double y, double *lon, double *lat);

/** Bounds in lon/lat degrees (minlon, minlat, maxlon, maxlat) of the frame's tile grown by
 *  its buffer: the box to query the store with. */
void gis_tile_frame_lonlat_bbox(const gis_tile_frame *f, double bbox[4]);

/** Maps g (borrowed; EPSG:4490 degrees) into f's pixel space: clipped to the tile grown by the
 *  buffer, then, for polygons, snapped to the 1-pixel grid with valid output (collapsed parts
 *  removed, invalid survey input repaired with GEOSMakeValid first). Lines and points keep
 *  fractional pixels; the MVT encoder rounds them. Returns an owned geometry in *out (free with
 *  gis_geom_free()), or *out NULL when nothing of g lies in the buffered tile.
 *  The work per tile is bounded (gis/geom_tile_budget.h): polygons whose GEOS clip would be
 *  quadratic are clipped on the pixel grid in linear time instead, and a polygon crossing
 *  itself too often to repair within the budget is refused with GIS_EGEOM (callers leave such
 *  a feature out; tiles/tileset.c).
 *  Codes: GIS_EINVAL (degenerate frame), GIS_EGEOM. */
int gis_geom_tile_prepare(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f, gis_geom **out,
                          gis_error *err);

/** First half of gis_geom_tile_prepare(): clip to the buffered tile and map to pixels, without
 *  snapping. Returns an owned geometry in *out (free with gis_geom_free()), or *out NULL when
 *  nothing lies in the buffered tile. Codes: GIS_EINVAL (degenerate frame), GIS_EGEOM. */
int gis_geom_tile_project(gis_ctx *ctx, const gis_geom *g, const gis_tile_frame *f, gis_geom **out,
                          gis_error *err);

/** Second half: snaps polygonal px (borrowed; pixel space) to the 1-pixel grid with valid
 *  output; other geometries are copied. Returns an owned geometry in *out, or *out NULL when
 *  everything collapsed. Codes: GIS_EGEOM (also: too many self-intersections to repair within
 *  the work budget). */
int gis_geom_tile_snap(gis_ctx *ctx, const gis_geom *px, gis_geom **out, gis_error *err);

/** Simplifies a coverage: polygonal pixel-space geometries in[0..n) (borrowed; NULL entries
 *  skipped; from gis_geom_tile_project()) are simplified together so that shared borders stay
 *  shared. Their boundaries are noded into unique edges, merged into chains between junctions,
 *  simplified with GEOS's topology-preserving simplifier (tolerance in pixels), snapped to the
 *  1-pixel grid, noded again and polygonized; each face goes to every input that contains its
 *  interior point (overlaps in the input stay overlaps, gaps stay gaps). Fills out[0..n) with
 *  owned valid polygons (free each with gis_geom_free()) or NULL where a unit vanished.
 *  Codes: GIS_EINVAL (tolerance < 0), GIS_ENOMEM, GIS_EGEOM (out all NULL on failure). */
int gis_geom_tile_simplify_coverage(gis_ctx *ctx, gis_geom *const *in, size_t n, double tolerance,
                                    gis_geom **out, gis_error *err);

/** Maps lon/lat degrees (EPSG:4490) to f's pixel coordinates (x right, y down; fractional). */
void gis_tile_frame_lonlat_to_pixel(const gis_tile_frame *f, double lon, double lat, double *px,
                                    double *py);

/** Ellipsoidal area (m²) of the polygons in g (borrowed; EPSG:4490 degrees, GRS 1980) by the
 *  trapezoid rule on the authalic sphere: exact for edges along parallels and within about
 *  1e-6 of gis_metrics_area_m2() (geodesic edges) for survey polygons whose edges are shorter
 *  than a few kilometres, at a small fraction of its cost (tiles compute it per tile).
 *  Holes subtract; lines and points add 0. Codes: GIS_EGEOM. */
int gis_geom_tile_area_m2(gis_ctx *ctx, const gis_geom *g, double *out, gis_error *err);

#endif
