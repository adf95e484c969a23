/*
 * This file declares the grave analysis of issue #5 (DOMAIN.md BUR-01, BUR-09): which graves
 * lie inside no-burial zones (禁葬区), per zone and per village, how many are protected
 * (excluded from relocation), how many still need moving (the relocation list,
 * graves_to_relocate), and, where graves carry a build date and zones an effective date, new
 * illegal graves versus the relocation backlog; plus status counts. It streams graves one at a
 * time (gis_grave_analysis_add or gis_grave_analysis_scan), so memory stays flat apart from the
 * relocation list.
 *
 * Conventions: a grave exactly on a zone's (or village's) edge is inside it (GEOS intersects).
 * A grave on the shared edge of two villages counts for the first of them in the given order;
 * a grave outside every village polygon counts for its village_code attribute when that names
 * a village. A grave is "to relocate" when it is inside a zone, not protected, and its status
 * is identified or notified; it is a "new illegal" grave when built on or after the earliest
 * effective date of the zones containing it, else part of the backlog (also when either date
 * is unknown).
 */
#ifndef GIS_GRAVE_ANALYSIS_H
#define GIS_GRAVE_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/records.h"
#include "gis/store.h"
#include "gis/store_coverage.h"

/** Grave statuses (table grave, column status); unknown strings count as identified. */
enum gis_grave_status {
    GIS_GRAVE_IDENTIFIED,
    GIS_GRAVE_NOTIFIED,
    GIS_GRAVE_MOVED,
    GIS_GRAVE_DEEP_BURIED,
    GIS_GRAVE_EXEMPT,
    GIS_GRAVE_STATUS_COUNT
};

/** Stored name of a status ("identified", …), NULL when out of range. */
const char *gis_grave_status_name(int status);

/** Counts for one zone, one village or the county. */
typedef struct gis_grave_stats {
    int64_t total;             /* graves located (villages: in the village, zones: in the zone) */
    int64_t in_zone;           /* of those, inside at least one no-burial zone */
    int64_t protected_in_zone; /* inside a zone and protected (文物/受保护): never relocated */
    int64_t to_relocate;       /* inside a zone, not protected, status identified or notified */
    int64_t new_illegal;       /* of to_relocate: built on or after the zone's effective date */
    int64_t backlog;           /* of to_relocate: the rest (older or undated) */
    int64_t by_status[GIS_GRAVE_STATUS_COUNT]; /* status counts of the graves inside zones */
} gis_grave_stats;

/** One grave of the relocation list. */
typedef struct gis_grave_relocation {
    int64_t grave_id;
    long village;        /* index into the villages given, -1 when none */
    long zone;           /* index of the first zone containing it */
    double lon, lat;     /* EPSG:4490 */
    int status;          /* enum gis_grave_status */
    bool is_new_illegal; /* built on or after the zone's effective date */
    char built_date[11]; /* ISO date or "" */
} gis_grave_relocation;

/** Accumulated results; fields are readable, the struct is owned by the analysis. */
typedef struct gis_grave_analysis {
    gis_grave_stats county; /* all graves */
    gis_grave_stats *zones; /* one per zone */
    size_t n_zones;
    gis_grave_stats *villages; /* one per village */
    size_t n_villages;
    int64_t n_outside_villages; /* graves in no village polygon and no known village_code */
    int64_t by_status[GIS_GRAVE_STATUS_COUNT]; /* status counts of all graves */
    gis_grave_relocation *relocations;         /* the relocation list, in the order graves came */
    size_t n_relocations;
    struct gis_grave_work *work; /* private */
} gis_grave_analysis;

/** Prepares an analysis over villages and zones (geometries EPSG:4490). Borrows ctx, villages
 *  and zones; they must outlive the analysis. Returns an owned analysis in *out; free with
 *  gis_grave_analysis_free(). Codes: GIS_ENOMEM, GIS_EGEOM. */
int gis_grave_analysis_new(gis_ctx *ctx, const gis_unit *villages, size_t n_villages,
                           const gis_zone *zones, size_t n_zones, gis_grave_analysis **out,
                           gis_error *err);

/** Frees a. NULL is a no-op. */
void gis_grave_analysis_free(gis_grave_analysis *a);

/** Adds one grave. Borrows g for the call. Codes: GIS_EGEOM, GIS_ENOMEM. */
int gis_grave_analysis_add(gis_grave_analysis *a, const gis_grave_point *g, gis_error *err);

/** Adds every grave of the store (gis_store_graves_scan). Codes: those of the scan and add. */
int gis_grave_analysis_scan(gis_grave_analysis *a, gis_store *s, gis_error *err);

#endif
