/*
 * This file declares the elderly-care facility coverage of issue #5 (DOMAIN.md ELD-02..06):
 * per township the comprehensive elderly-care centres (kind elderly_care_centre; rule
 * township_without_elderly_facility when there is none), the administrative villages with a
 * 幸福院/互助照料中心 (kind happiness_home, ELD-06 aliases) and their rate, and beds per 1,000
 * older residents (beds of elderly_care_centre, welfare_home and happiness_home; capacity when
 * beds is unknown) against the county target (ELD-04). A facility belongs to the village whose
 * polygon contains its point (edge counts as inside), else to its village_code attribute; a
 * village to the township of its parent_code (else its first 9 digits).
 */
#ifndef GIS_FACILITY_COVERAGE_H
#define GIS_FACILITY_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/records.h"

/** Counts for one township or the county. */
typedef struct gis_fac_counts {
    size_t n_centres;         /* comprehensive elderly-care centres */
    size_t n_admin_villages;  /* 行政村 (CODE-03) */
    size_t n_with_home;       /* of those, with a happiness home */
    int64_t beds;             /* beds of elderly-care facilities */
    int64_t older_population; /* residents aged 60+, -1 when no village states it */
    double beds_per_1000;     /* beds / older × 1000, NAN when older is unknown or 0 */
    double home_rate;         /* n_with_home / n_admin_villages, NAN when no villages */
} gis_fac_counts;

typedef struct gis_facility_coverage {
    gis_fac_counts county;
    gis_fac_counts *townships; /* one per township given */
    size_t n_townships;
    bool *village_has_home; /* one per village given */
    size_t n_villages;
} gis_facility_coverage;

/** Computes the coverage. Borrows townships, villages (geometries EPSG:4490) and facilities
 *  (all kinds; others are ignored). Returns an owned result in *out; free with
 *  gis_facility_coverage_free(). Codes: GIS_EGEOM, GIS_ENOMEM. */
int gis_facility_coverage_compute(gis_ctx *ctx, const gis_unit *townships, size_t n_townships,
                                  const gis_unit *villages, size_t n_villages,
                                  const gis_facility *facilities, size_t n_facilities,
                                  gis_facility_coverage **out, gis_error *err);

/** Frees c. NULL is a no-op. */
void gis_facility_coverage_free(gis_facility_coverage *c);

#endif
