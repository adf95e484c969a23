/*
 * This file declares the coverage report of issue #5, the library side of `jiewang coverage`:
 * it loads the county from a store, runs every coverage analysis (cemetery coverage and
 * capacity, cemeteries in no-burial zones, graves in zones, elderly-care facilities, candidate
 * sites), turns the results into findings (tool "coverage") and the summary.coverage JSON
 * object (county and per-township rates), stores them (findings plus table village_coverage)
 * and writes the CSV tables for the county government. It does not print.
 *
 * Rules and severities: uncovered_village (error), cemetery_in_no_burial_zone (error),
 * cemetery_capacity_low (warning), graves_to_relocate (warning, one per zone with graves to
 * move), township_without_elderly_facility (warning), happiness_home_rate_below_target
 * (warning), beds_below_target (warning), candidate_site (info, polygons with area).
 */
#ifndef GIS_COVERAGE_REPORT_H
#define GIS_COVERAGE_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "gis/findings.h"
#include "gis/profile.h"
#include "gis/store.h"

typedef struct gis_coverage_report gis_coverage_report;

/** Options of a run. */
typedef struct gis_coverage_options {
    gis_profile profile;          /* DOMAIN.md [P] parameters (radius, death rate, …) */
    bool include_urban;           /* count 社区居委会 as villages (default: reported apart) */
    bool skip_graves;             /* do not read graves */
    bool buffer_zones;            /* widen imported zones by the profile buffers (zone_buffers.h)
                                     before every analysis; off: zones are used as imported */
    size_t max_sites_per_village; /* candidate sites kept per uncovered village (0 = 5) */
    const char *population_csv;   /* borrowed path of a population table (population_table.h)
                                     overriding admin_unit.population, or NULL */
} gis_coverage_options;

/** Fills o with the profile defaults and the default options. */
void gis_coverage_options_defaults(gis_coverage_options *o);

/** Runs the analysis on s (read access is enough). Borrows ctx (must outlive the report), s
 *  (for the call) and o (copied). Returns an owned report in *out; free with
 *  gis_coverage_report_free(). Codes: GIS_ENOTFOUND (no villages in the store), GIS_EINVAL,
 *  GIS_EDB, GIS_EGEOM, GIS_ECRS, GIS_ENOMEM. */
int gis_coverage_report_run(gis_ctx *ctx, gis_store *s, const gis_coverage_options *o,
                            gis_coverage_report **out, gis_error *err);

/** Frees r. NULL is a no-op. */
void gis_coverage_report_free(gis_coverage_report *r);

/** The findings of the run. Borrowed; valid while r lives. */
gis_finding_list *gis_coverage_report_findings(gis_coverage_report *r);

/** The summary.coverage object. Borrowed; valid while r lives. */
const json_t *gis_coverage_report_summary(const gis_coverage_report *r);

/** The parameters of the run as a JSON object (radius, scope, death rate, …). Borrowed. */
const json_t *gis_coverage_report_params(const gis_coverage_report *r);

/** Number of villages analysed (the units_checked of the report document). */
int64_t gis_coverage_report_n_villages(const gis_coverage_report *r);

/** Stores the findings (tool "coverage", gis_store_findings_replace) and then rewrites
 *  village_coverage with the new run id. s must be open for writing. *run_id_out may be NULL.
 *  Codes: those of the two store calls. */
int gis_coverage_report_save(gis_coverage_report *r, gis_store *s, int64_t *run_id_out,
                             gis_error *err);

/** Builds the report document: gis_findings_to_json() of the findings with
 *  summary.coverage added. Returns a new reference in *out. Codes: GIS_ENOMEM. */
int gis_coverage_report_to_json(const gis_coverage_report *r, const char *command, json_t **out,
                                gis_error *err);

/** Writes dir/village_coverage.csv, dir/township_rates.csv and dir/graves_to_relocate.csv
 *  (UTF-8 with BOM, comma-separated, header row; names and codes of villages and townships).
 *  dir must exist. Codes: GIS_EIO. */
int gis_coverage_report_write_csv(const gis_coverage_report *r, const char *dir, gis_error *err);

#endif
