/*
 * This file declares the domain profile: the [P] parameters of ../shared/DOMAIN.md (tolerances,
 * buffers, rates) with their defaults, and loading overrides from a JSON file
 * (data/profiles/default.json documents every key).
 */
#ifndef GIS_PROFILE_H
#define GIS_PROFILE_H

#include "gis/error.h"

typedef struct gis_profile {
    double marker_tolerance_m;        /* marker-to-line distance, DOMAIN.md §3 [P] 0.5 m */
    double two_sided_tolerance_m;     /* two-sided survey agreement, §3 [P] 0.5 m */
    double min_area_m2;               /* smallest reported gap/overlap, §3 [P] 1 m² */
    double sliver_width_m;            /* sliver width threshold, §3 [P] 1 m */
    double buffer_railway_m;          /* BUR-10/11 [P] 500 m */
    double buffer_trunk_road_m;       /* [P] 500 m */
    double buffer_reservoir_m;        /* [P] 300 m */
    double buffer_river_dike_m;       /* [P] 300 m */
    double buffer_water_source_m;     /* [P] 0 m: the zone itself */
    double coverage_radius_m;         /* 0 = off (containment or assignment only), §4 [P] */
    double crude_death_rate_per_mille; /* §4 [P] 7 per 1,000 per year */
    double capacity_warning_years;    /* §4 [P] 30 years, BUR-05/06 */
    double inspection_interval_years; /* BND-13: 5 years */
    double beds_per_1000_older_target; /* ELD-04: 35 */
    double happiness_home_target_rate; /* §5 [P] 1.0 of 行政村 */
    double min_candidate_site_m2;     /* BUR-07: about 5 亩 = 3,333 m² */
} gis_profile;

/** Fills p with the defaults of DOMAIN.md. */
void gis_profile_defaults(gis_profile *p);

/** Overrides p's fields from a JSON object file; unknown keys are an error (typos matter).
 *  Codes: GIS_EIO (unreadable), GIS_EINVAL (not JSON, unknown key, non-number). */
int gis_profile_load(gis_profile *p, const char *path, gis_error *err);

#endif
