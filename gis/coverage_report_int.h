/*
 * Internals of gis_coverage_report shared by gis/coverage_report.c (run, save),
 * gis/coverage_findings.c (findings), gis/coverage_summary.c (summary JSON) and
 * gis/coverage_csv.c (CSV tables). Not for other modules.
 */
#ifndef GIS_COVERAGE_REPORT_INT_H
#define GIS_COVERAGE_REPORT_INT_H

#include "gis/candidate_sites.h"
#include "gis/cemetery_capacity.h"
#include "gis/cemetery_coverage.h"
#include "gis/coverage_report.h"
#include "gis/facility_coverage.h"
#include "gis/grave_analysis.h"
#include "gis/records.h"

struct gis_coverage_report {
    gis_ctx *ctx;             /* borrowed */
    gis_coverage_options opt; /* copied options */
    char gk_crs[32];          /* "EPSG:45xx", the county's GK zone for metres */
    gis_unit *counties, *townships, *villages;
    size_t n_counties, n_townships, n_villages;
    long *village_township; /* per village: township index or -1 */
    gis_facility *cemeteries, *facilities;
    size_t n_cemeteries, n_facilities;
    gis_zone *zones;
    size_t n_zones;
    gis_cemetery_coverage *cem; /* per village coverage */
    gis_cem_zone_conflict *conflicts;
    size_t n_conflicts;
    gis_cem_capacity *capacity; /* per cemetery */
    gis_facility_coverage *fac;
    gis_grave_analysis *graves; /* NULL when skipped */
    gis_candidate_site **sites; /* per village (NULL unless uncovered) */
    size_t *n_sites;
    gis_finding_list *findings;
    json_t *summary; /* summary.coverage */
    json_t *params;
    json_t *repaired; /* [{"layer","id"}] of invalid geometries repaired (MakeValid) */
};

/** Builds r->findings from the analysis results. */
int gis_coverage_findings_build(gis_coverage_report *r, gis_error *err);

/** Builds r->summary from the analysis results. */
int gis_coverage_summary_build(gis_coverage_report *r, gis_error *err);

#endif
