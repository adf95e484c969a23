/*
 * This file declares coordinate operations through PROJ: transforms between CRSs with
 * longitude/easting first (x) whatever the CRS's official axis order, and the choice of the
 * CGCS2000 3-degree Gauss-Kruger zone for a longitude (DOMAIN.md CRS-02, CRS-04).
 * It does not guess a source's CRS (importers/crs_detect does that).
 */
#ifndef GIS_CRS_H
#define GIS_CRS_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/geom.h"

/** The store's CRS: CGCS2000 geographic (DOMAIN.md CRS-01). */
#define GIS_CRS_STORE "EPSG:4490"
#define GIS_CRS_STORE_SRID 4490

typedef struct gis_crs_transform gis_crs_transform;

/** Creates a transform from src to dst ("EPSG:n", WKT or PROJ string), axis order normalised to
 *  x = lon/easting, y = lat/northing. Returns an owned transform in *out; free with
 *  gis_crs_transform_free(). Use it only with ctx. Codes: GIS_ECRS (unknown CRS, no operation). */
int gis_crs_transform_new(gis_ctx *ctx, const char *src, const char *dst, gis_crs_transform **out,
                          gis_error *err);

/** Frees t. NULL is a no-op. */
void gis_crs_transform_free(gis_crs_transform *t);

/** Transforms n x,y pairs in place. Codes: GIS_ECRS when a point cannot be transformed. */
int gis_crs_transform_xy(gis_ctx *ctx, gis_crs_transform *t, double *xy, size_t n,
                         gis_error *err);

/** Returns an owned transformed copy of g in *out; free with gis_geom_free(). */
int gis_crs_transform_geom(gis_ctx *ctx, gis_crs_transform *t, const gis_geom *g, gis_geom **out,
                           gis_error *err);

/** Central meridian (degrees) of the 3-degree zone containing lon (DOMAIN.md CRS-02). */
int gis_crs_gk3_central_meridian(double lon);

/** EPSG code of the CGCS2000 3-degree GK CRS for central meridian cm: prefixed (false easting
 *  zone*1e6+500000, EPSG:4513-4533) or not (EPSG:4534-4554). 0 when cm is outside 75..135. */
int gis_crs_gk3_epsg(int cm, bool zone_prefixed);

/** True when the EPSG code is a known CGCS2000 geographic or GK CRS (4490, 4491-4554). */
bool gis_crs_is_cgcs2000(int epsg);

#endif
