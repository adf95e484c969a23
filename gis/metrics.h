/*
 * This file declares measurements on the CGCS2000 ellipsoid (GRS 1980) with PROJ's geodesic
 * routines (Karney): areas in m² and lengths in metres of geometries in EPSG:4490 degrees.
 */
#ifndef GIS_METRICS_H
#define GIS_METRICS_H

#include "gis/geom.h"

/** Ellipsoidal area (m²) of the polygons in g (lon/lat degrees, EPSG:4490); other parts add 0. */
int gis_metrics_area_m2(gis_ctx *ctx, const gis_geom *g, double *out, gis_error *err);

/** Ellipsoidal length (m) of lines, or perimeter of polygons, in g (EPSG:4490 degrees). */
int gis_metrics_length_m(gis_ctx *ctx, const gis_geom *g, double *out, gis_error *err);

/** Geodesic distance (m) between two lon/lat points on the CGCS2000 ellipsoid. */
double gis_metrics_distance_m(double lon1, double lat1, double lon2, double lat2);

#endif
