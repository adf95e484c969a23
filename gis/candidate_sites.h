/*
 * This file declares candidate cemetery sites for an uncovered village (issue #5): the part of
 * the village polygon outside every no-burial zone and its configured buffer
 * (gis/zone_buffers.h), split into polygons, keeping those of at least the profile's minimum
 * area (DOMAIN.md BUR-07, about 5 亩 = 3,333 m²). Geometries are EPSG:4490, areas ellipsoidal.
 * It does not rank sites or look at slope, land use or roads.
 */
#ifndef GIS_CANDIDATE_SITES_H
#define GIS_CANDIDATE_SITES_H

#include <stddef.h>

#include "gis/geom.h"

/** One candidate polygon. */
typedef struct gis_candidate_site {
    gis_geom *geom; /* owned polygon, EPSG:4490 */
    double area_m2; /* ellipsoidal area */
} gis_candidate_site;

/** Computes the candidate sites of one village polygon. Borrows village and exclusions (NULL
 *  entries are ignored). Returns in *out an owned array (free with gis_candidate_sites_free())
 *  of *n_out sites, largest first; *n_out may be 0. Codes: GIS_EINVAL (NULL village or
 *  min_area_m2 < 0), GIS_EGEOM, GIS_ENOMEM. */
int gis_candidate_sites_find(gis_ctx *ctx, const gis_geom *village,
                             const gis_geom *const *exclusions, size_t n_exclusions,
                             double min_area_m2, gis_candidate_site **out, size_t *n_out,
                             gis_error *err);

/** Frees an array of sites. NULL is a no-op. */
void gis_candidate_sites_free(gis_ctx *ctx, gis_candidate_site *a, size_t n);

#endif
