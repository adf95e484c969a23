/*
 * This file declares the cemetery coverage of villages (issue #5, DOMAIN.md BUR-02, CODE-03):
 * for each village the public cemeteries inside it (point in polygon, edge counts as inside),
 * those assigned to it by attribute (serves_codes, 联村共建, or village_code), the nearest
 * cemetery and its distance from the village polygon in metres (Gauss-Kruger zone of the
 * county, x = easting), and the resulting status (store_coverage.h GIS_COV_*). It also finds
 * public cemeteries inside no-burial zones. It does not read the store or build findings.
 */
#ifndef GIS_CEMETERY_COVERAGE_H
#define GIS_CEMETERY_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/crs.h"
#include "gis/records.h"

/** Coverage of one village (index into the villages given). */
typedef struct gis_cem_village {
    const char *status; /* GIS_COV_* string (static) */
    bool is_admin;      /* 行政村 (code segment 3 in 200-399, CODE-03) */
    size_t *covering;   /* owned: cemetery indices inside or assigned, ascending */
    size_t n_covering;
    size_t n_inside;  /* how many of covering stand inside the polygon */
    long nearest;     /* index of the nearest cemetery, -1 when there are none */
    double nearest_m; /* metres from the village polygon to it (0 when inside); NAN none */
} gis_cem_village;

/** Result over all villages and cemeteries. */
typedef struct gis_cemetery_coverage {
    gis_cem_village *villages; /* owned, one per village */
    size_t n_villages;
    size_t **served;  /* owned: per cemetery, village indices inside or assigned */
    size_t *n_served; /* owned: lengths of served[i] */
    size_t n_cemeteries;
} gis_cemetery_coverage;

/** Computes coverage. Borrows villages (level "village", geometries EPSG:4490), cemeteries
 *  (points EPSG:4490) and to_gk (EPSG:4490 -> the county's GK zone, metres). radius_m <= 0
 *  means coverage by containment or assignment only. Villages that are not 行政村 get status
 *  "urban" unless include_urban. A village without geometry can only be covered by
 *  assignment and has no nearest cemetery. Returns an owned result in *out; free with
 *  gis_cemetery_coverage_free(). Codes: GIS_EINVAL (village without code), GIS_EGEOM,
 *  GIS_ECRS, GIS_ENOMEM. */
int gis_cemetery_coverage_compute(gis_ctx *ctx, const gis_unit *villages, size_t n_villages,
                                  const gis_facility *cemeteries, size_t n_cemeteries,
                                  gis_crs_transform *to_gk, double radius_m, bool include_urban,
                                  gis_cemetery_coverage **out, gis_error *err);

/** Frees c. NULL is a no-op. */
void gis_cemetery_coverage_free(gis_cemetery_coverage *c);

/** One public cemetery inside a no-burial zone (rule cemetery_in_no_burial_zone). */
typedef struct gis_cem_zone_conflict {
    size_t cemetery;   /* index into the cemeteries given */
    size_t zone;       /* index into the zones given */
    double overlap_m2; /* ellipsoidal area of footprint ∩ zone; NAN for a point-only cemetery */
} gis_cem_zone_conflict;

/** Finds cemeteries whose point or footprint intersects a zone (edge counts as inside).
 *  Borrows cemeteries and zones. Returns an owned array in *out (free()) and its length.
 *  Codes: GIS_EGEOM, GIS_ENOMEM. */
int gis_cemetery_zone_conflicts(gis_ctx *ctx, const gis_facility *cemeteries, size_t n_cemeteries,
                                const gis_zone *zones, size_t n_zones, gis_cem_zone_conflict **out,
                                size_t *n_out, gis_error *err);

/** Splits a list of village codes ("a,b", also "、", "，", ";" or spaces) and calls fn for each
 *  code (NUL-terminated, borrowed for the call). Stops at and returns fn's first non-zero
 *  result. */
int gis_cemetery_codes_each(const char *list, int (*fn)(void *user, const char *code), void *user);

#endif
