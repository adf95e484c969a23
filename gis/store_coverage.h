/*
 * This file declares the store side of the coverage analysis (issue #5): the village_coverage
 * table (one row per village, rewritten wholesale by each `jiewang coverage` run, read by the
 * tiles and the web map) and a fast streaming read of graves as plain points for the
 * per-grave analysis (no per-grave geometry parsing by GEOS, no per-grave SQL).
 */
#ifndef GIS_STORE_COVERAGE_H
#define GIS_STORE_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/store.h"

/** Statuses of table village_coverage (data/migrations/002_coverage.sql). */
#define GIS_COV_COVERED "covered"                             /* a public cemetery inside */
#define GIS_COV_COVERED_BY_ASSIGNMENT "covered_by_assignment" /* serves_codes / village_code */
#define GIS_COV_COVERED_BY_RADIUS "covered_by_radius"         /* nearest within --radius-m */
#define GIS_COV_UNCOVERED "uncovered"                         /* rule uncovered_village */
#define GIS_COV_URBAN "urban"                                 /* 社区居委会, reported apart */

/** One row of village_coverage. Strings are borrowed on write and owned (malloc) on load. */
typedef struct gis_coverage_row {
    char *code;                 /* 12-digit village code */
    char *status;               /* one of the GIS_COV_* strings */
    char *cemetery_ids;         /* comma-separated facility ids covering the village, or NULL */
    int64_t nearest_id;         /* nearest public cemetery, -1 when there is none */
    double nearest_distance_m;  /* metres from the village polygon (0 inside), NAN unknown */
    int64_t graves_inside;      /* graves in the village inside a no-burial zone */
    int64_t graves_to_relocate; /* of those: not protected, status identified or notified */
} gis_coverage_row;

/** Replaces every row of village_coverage by rows[0..n) with run_id (<= 0 for NULL) and bumps
 *  meta.data_version: in a transaction of its own, or inside the caller's open transaction (a
 *  savepoint) so that it commits together with the caller's other writes. Borrows rows. Codes: GIS_EINVAL
 *  (read-only store, a row without code or status), GIS_EDB, GIS_EBUSY. Nothing is written on
 *  failure. */
int gis_store_coverage_write(gis_store *s, const gis_coverage_row *rows, size_t n, int64_t run_id,
                             gis_error *err);

/** Loads village_coverage ordered by code. Returns an owned array in *out (free with
 *  gis_coverage_rows_free()) and its length; *run_id_out (may be NULL) gets the run id of the
 *  first row or -1. Codes: GIS_EDB, GIS_ENOMEM. */
int gis_store_coverage_load(gis_store *s, gis_coverage_row **out, size_t *n_out,
                            int64_t *run_id_out, gis_error *err);

/** Frees rows loaded by gis_store_coverage_load(). NULL is a no-op. */
void gis_coverage_rows_free(gis_coverage_row *rows, size_t n);

/** A grave as the analysis streams it. Strings are borrowed for the callback only. */
typedef struct gis_grave_point {
    int64_t id;
    const char *village_code; /* as delivered, may be NULL */
    bool is_protected;        /* 文物/受保护 (BUR-01 exception) */
    const char *status;       /* identified | notified | moved | deep_buried | exempt */
    const char *built_date;   /* ISO date or NULL */
    double lon, lat;          /* EPSG:4490 degrees */
} gis_grave_point;

/** Calls fn for every grave with a point geometry, in id order, reading coordinates straight
 *  from the SpatiaLite blob. Graves without geometry are skipped and counted in *n_skipped
 *  (may be NULL). A non-zero return from fn stops the walk and is returned. Codes: GIS_EDB,
 *  GIS_EGEOM (a geometry that is not a SpatiaLite XY point). */
int gis_store_graves_scan(gis_store *s, int (*fn)(void *user, const gis_grave_point *g), void *user,
                          int64_t *n_skipped, gis_error *err);

#endif
