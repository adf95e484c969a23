/*
 * This file declares derived no-burial zones (DOMAIN.md BUR-01, BUR-10/11): each imported zone
 * widened by the buffer its reason calls for in the profile (railway and trunk road 500 m,
 * reservoir and river dike 300 m, water-source area 0 m by default; other reasons such as the
 * county seat's built-up area 0 m). Buffers are computed in metres in the county's
 * Gauss-Kruger zone and returned in EPSG:4490. Used to exclude land from candidate cemetery
 * sites; grave and cemetery conflicts use the zones as imported.
 */
#ifndef GIS_ZONE_BUFFERS_H
#define GIS_ZONE_BUFFERS_H

#include <stddef.h>

#include "gis/crs.h"
#include "gis/profile.h"
#include "gis/records.h"

/** Buffer width in metres the profile gives a zone reason ("railway", "highway", "trunk_road",
 *  "road", "reservoir", "river", "dike", "river_dike", "water_source", …); 0 for others and
 *  for NULL. Borrows p. */
double gis_zone_buffer_width_m(const gis_profile *p, const char *reason);

/** Returns in *out an owned array of n_zones owned geometries (EPSG:4490): zone i buffered by
 *  its width (a copy when the width is 0); free with gis_zone_buffers_free(). Borrows zones,
 *  p, to_gk (EPSG:4490 -> GK metres) and from_gk (its inverse). Codes: GIS_EINVAL (zone
 *  without geometry), GIS_EGEOM, GIS_ECRS, GIS_ENOMEM. */
int gis_zone_buffers_derive(gis_ctx *ctx, const gis_zone *zones, size_t n_zones,
                            const gis_profile *p, gis_crs_transform *to_gk,
                            gis_crs_transform *from_gk, gis_geom ***out, gis_error *err);

/** Frees an array from gis_zone_buffers_derive(). NULL is a no-op. */
void gis_zone_buffers_free(gis_ctx *ctx, gis_geom **a, size_t n);

#endif
