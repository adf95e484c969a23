/*
 * This file declares boundary validation (issue #4): the checks a 乡级界线勘定 team runs before
 * signing boundary agreements. Rules, each with a stable name used in every output:
 *
 *   invalid_geometry, gap, overlap, outside_parent            (partition, validate_partition.c)
 *   bad_code, duplicate_code, parent_mismatch                 (codes, validate_codes.c)
 *   unit_without_geometry, parent_without_children            (validate.c)
 *   marker_off_line, duplicate_marker, marker_unknown_line,
 *   marker_order, triple_point_without_marker                 (validate_markers.c)
 *   line_dangle, line_unclosed, two_sided_mismatch,
 *   inspection_overdue                                        (validate_lines.c)
 *
 * Overlay runs in EPSG:4490 or the GK zone (see enum gis_validate_crs); areas are ellipsoidal
 * (gis/metrics.h); tolerances in metres are applied in the county's 3-degree Gauss-Kruger zone
 * (DOMAIN.md CRS-02/04), chosen from the data's mean longitude. Candidate pairs come from a
 * GEOS STRtree, never from an all-pairs loop. It does not read or write the store itself
 * except through gis_validate_store(), and never prints.
 */
#ifndef GIS_VALIDATE_H
#define GIS_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

#include "gis/findings.h"
#include "gis/profile.h"
#include "gis/records.h"
#include "gis/store.h"

/** Which partitions to check (--level). */
enum gis_validate_level {
    GIS_VALIDATE_TOWNSHIP = 1, /* townships inside the county */
    GIS_VALIDATE_VILLAGE = 2,  /* villages inside their townships */
    GIS_VALIDATE_ALL = 3,      /* both */
};

/** CRS in which polygons are overlaid (gap, overlap, outside_parent). A straight edge in one
 *  CRS is curved in another (a 17 km GK grid line bows ~3 cm in degrees), so the overlay runs
 *  in the CRS the boundaries were drawn in, to avoid reprojection slivers. */
enum gis_validate_crs {
    GIS_VALIDATE_CRS_AUTO = 0,       /* GK, except in gis_validate_store when the newest unit
                                        import came from a geographic CRS (import_log) */
    GIS_VALIDATE_CRS_GEOGRAPHIC = 1, /* EPSG:4490 degrees, as stored */
    GIS_VALIDATE_CRS_GK = 2,         /* the county's 3-degree GK zone, metres */
};

/** Parameters; defaults from the profile (DOMAIN.md §3 [P]). */
typedef struct gis_validate_opts {
    int level;                    /* enum gis_validate_level */
    double tolerance_m;           /* marker to line, triple point to marker, dangles: 0.5 m */
    double two_sided_tolerance_m; /* two versions of one line may differ by this: 0.5 m */
    double min_area_m2;           /* smaller gaps/overlaps/outside parts are not reported: 1 m² */
    double sliver_width_m;        /* gap/overlap thinner than this is a sliver: 1 m */
    double inspection_years;      /* joint inspection (联检) interval, BND-13: 5 years */
    const char *today;            /* ISO date for inspection_overdue; NULL = the clock (UTC) */
    int overlay_crs;              /* enum gis_validate_crs */
} gis_validate_opts;

/** Fills o from profile p (NULL: DOMAIN.md defaults), level = GIS_VALIDATE_ALL, overlay CRS
 *  auto. */
void gis_validate_opts_init(gis_validate_opts *o, const gis_profile *p);

/** Chinese label of a validation rule name ("gap" -> "缝隙"); the name itself when unknown. */
const char *gis_validate_rule_zh(const char *rule);

/** Parses "township" | "village" | "all"; returns the level or -1. */
int gis_validate_level_parse(const char *s);

/** Returns the parameters as a new JSON object ({"level":…,"tolerance_m":…,…}), the "rules"
 *  member of the report; NULL on out of memory. */
json_t *gis_validate_opts_json(const gis_validate_opts *o);

/** The data to check. Borrowed arrays; any may be empty. Units of all levels together. */
typedef struct gis_validate_input {
    const gis_unit *units;
    size_t n_units;
    const gis_boundary_line *lines;
    size_t n_lines;
    const gis_marker *markers;
    size_t n_markers;
} gis_validate_input;

/** Counters of a run. */
typedef struct gis_validate_stats {
    size_t units_checked; /* units of the checked levels */
    int gk_epsg;          /* Gauss-Kruger CRS used for metric tolerances, 0 when none needed */
    int overlay_epsg;     /* CRS of the polygon overlay: 4490 or the GK EPSG code */
} gis_validate_stats;

/** Runs every rule on in with o and appends the findings to out (borrowed, modified). Invalid
 *  geometries are reported and a repaired copy (GEOS make-valid) is used for the other rules.
 *  stats may be NULL. Codes: GIS_EINVAL (bad options), GIS_ECRS, GIS_EGEOM (GEOS failure),
 *  GIS_ENOMEM. On failure out may hold some findings; discard it. Thread: uses ctx only. */
int gis_validate_run(gis_ctx *ctx, const gis_validate_input *in, const gis_validate_opts *o,
                     gis_finding_list *out, gis_validate_stats *stats, gis_error *err);

/** Loads units, boundary lines and markers from s and runs gis_validate_run(), resolving
 *  GIS_VALIDATE_CRS_AUTO from the store's import log. Borrows s.
 *  Codes: as gis_validate_run() plus the store's (GIS_EDB, GIS_EBUSY). */
int gis_validate_store(gis_ctx *ctx, gis_store *s, const gis_validate_opts *o,
                       gis_finding_list *out, gis_validate_stats *stats, gis_error *err);

#endif
