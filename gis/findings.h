/*
 * This file declares gis_finding, one problem reported by a checking tool (validate, coverage),
 * the growable gis_finding_list, and the JSON and GeoJSON documents of the findings output
 * contract (issue #4): {"tool":"jiewang","version":…,"command":…,"rules":{…},"summary":{…},
 * "findings":[…],"accepted":[…]}. Storing and matching findings across runs is in
 * gis/store_findings.h. It does not print anything.
 *
 * Typical use by a rule module:
 *
 *     gis_finding *f = NULL;
 *     rc = gis_finding_list_add(list, "gap", GIS_SEV_ERROR, &f, err);
 *     rc = gis_finding_add_unit(f, "420625101", err);
 *     rc = gis_finding_set_message(f, err, "%s与%s之间存在缝隙 %.0f 平方米", a, b, area);
 *     f->area_m2 = area;
 *     gis_finding_set_geom(ctx, f, gap_geom);           (takes ownership, EPSG:4490)
 *     rc = gis_finding_locate(ctx, f, err);             (lon/lat = point inside the geometry)
 *     json_object_set_new(f->details, "sliver", json_true());
 */
#ifndef GIS_FINDINGS_H
#define GIS_FINDINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/geom.h"

/** Severity of a finding; only GIS_SEV_ERROR findings that are not accepted fail a run. */
enum gis_severity { GIS_SEV_ERROR = 0, GIS_SEV_WARNING = 1, GIS_SEV_INFO = 2 };

/** Lifecycle of a stored finding (ArcGIS-style topology exceptions). */
enum gis_finding_status {
    GIS_FINDING_OPEN = 0,     /* reported and not accepted */
    GIS_FINDING_ACCEPTED = 1, /* accepted as an exception with a reason; does not fail runs */
    GIS_FINDING_FIXED = 2,    /* no longer reported by the latest run of its tool */
};

/** One finding. Strings and the geometry are owned by the finding (and so by its list). */
typedef struct gis_finding {
    int64_t id;     /* row id in table finding once stored, else 0 */
    char *rule;     /* stable rule name: "gap", "overlap", "marker_off_line", … */
    int severity;   /* enum gis_severity */
    char **units;   /* unit codes involved, in the order added */
    size_t n_units; /* number of codes in units */
    char *message; /* Chinese sentence for surveyors, e.g. 城关镇与石花镇之间存在缝隙 */
    double area_m2;      /* ellipsoidal area in m², NAN when not applicable */
    double distance_m;   /* distance in metres (GK zone), NAN when not applicable */
    double lon, lat;     /* representative point inside the problem, EPSG:4490; NAN unknown */
    gis_geom *geom;      /* problem geometry in EPSG:4490, or NULL */
    json_t *details;     /* owned JSON object of rule-specific measures; never NULL in a list */
    int status;          /* enum gis_finding_status (set by the store; OPEN before) */
    char *accept_reason; /* reason of an accepted exception, or NULL */
    char *tool;          /* tool that reported it, set by store loads, else NULL */
} gis_finding;

/** A list of findings. items[i] pointers stay valid until the list is freed. */
typedef struct gis_finding_list {
    gis_finding **items; /* owned findings */
    size_t n;            /* number of findings */
    size_t cap;          /* allocated slots */
} gis_finding_list;

/** Returns the stable name of a severity ("error", "warning", "info"), or NULL. */
const char *gis_severity_name(int severity);

/** Parses "error"/"warning"/"info"; returns the severity or -1. */
int gis_severity_parse(const char *s);

/** Returns the stable name of a status ("open", "accepted", "fixed"), or NULL. */
const char *gis_finding_status_name(int status);

/** Parses "open"/"accepted"/"fixed"; returns the status or -1. */
int gis_finding_status_parse(const char *s);

/** Returns an owned empty list in *out; free with gis_finding_list_free(). Codes: GIS_ENOMEM. */
int gis_finding_list_new(gis_finding_list **out, gis_error *err);

/** Frees the list, its findings and their geometries. NULL is a no-op. */
void gis_finding_list_free(gis_ctx *ctx, gis_finding_list *l);

/** Appends a new finding with rule and severity, NAN measures, no location and an empty details
 *  object. *out borrows the new finding; it stays valid while l lives. Codes: GIS_EINVAL (empty
 *  rule, unknown severity), GIS_ENOMEM. */
int gis_finding_list_add(gis_finding_list *l, const char *rule, int severity, gis_finding **out,
                         gis_error *err);

/** Counts findings of a rule (NULL: all) whose severity is `severity` (-1: any) and whose status
 *  is `status` (-1: any). */
size_t gis_finding_list_count(const gis_finding_list *l, const char *rule, int severity,
                              int status);

/** Appends a unit code (copied) to f. Codes: GIS_EINVAL (NULL code), GIS_ENOMEM. */
int gis_finding_add_unit(gis_finding *f, const char *code, gis_error *err);

/** Sets f's message from a printf format (UTF-8, Chinese). Codes: GIS_ENOMEM. */
int gis_finding_set_message(gis_finding *f, gis_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Sets f's geometry (EPSG:4490). Takes ownership of g (may be NULL), even on failure; a
 *  previous geometry is freed. */
void gis_finding_set_geom(gis_ctx *ctx, gis_finding *f, gis_geom *g);

/** Sets f->lon/lat to a point inside f->geom (GEOS point-on-surface: inside a polygon, on a
 *  line). Codes: GIS_EINVAL (f has no geometry or it is empty), GIS_EGEOM. */
int gis_finding_locate(gis_ctx *ctx, gis_finding *f, gis_error *err);

/** Builds one finding's JSON object: rule, severity, units, message, area_m2 / distance_m (when
 *  not NAN), lon, lat, the details keys merged at top level (fixed keys win), and id / status /
 *  accept_reason once stored. Returns a new reference in *out. Codes: GIS_ENOMEM. */
int gis_finding_to_json(const gis_finding *f, json_t **out, gis_error *err);

/** Builds the report document of the output contract:
 *  {"tool":"jiewang","version":JW_VERSION,"command":command,"rules":rules,
 *   "summary":{"units_checked":n,"findings":n,"errors":n,"warnings":n,"accepted":n,
 *              "by_rule":{rule:n}},"findings":[…not accepted…],"accepted":[…]}.
 *  Borrows rules (a JSON object of parameters, may be NULL: {}), copied into the result.
 *  by_rule and "findings" count the findings that are not accepted. Returns a new reference in
 *  *out. Codes: GIS_EINVAL (NULL command), GIS_ENOMEM. */
int gis_findings_to_json(const gis_finding_list *l, const char *command, const json_t *rules,
                         int64_t units_checked, json_t **out, gis_error *err);

/** Builds a GeoJSON FeatureCollection with one Feature per finding (accepted ones included,
 *  with "status"): geometry = the problem geometry (EPSG:4490 lon/lat, 7 decimals), or a Point
 *  at lon/lat when there is none, or null; properties = gis_finding_to_json(). Returns a new
 *  reference in *out. Codes: GIS_EGEOM, GIS_ENOMEM. */
int gis_findings_to_geojson(gis_ctx *ctx, const gis_finding_list *l, json_t **out, gis_error *err);

/** True when the list holds an error-severity finding that is not accepted: the condition for
 *  exit code 1 of validate and coverage. */
bool gis_finding_list_has_errors(const gis_finding_list *l);

#endif
