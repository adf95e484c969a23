/*
 * This file declares the storage of findings (tables finding_run and finding): recording a run
 * of a tool and matching its findings against the stored ones by fingerprint, so that accepted
 * exceptions persist across runs and findings that vanish become 'fixed' (ArcGIS topology
 * exceptions); accepting a finding with a reason; listing findings with filters.
 *
 * A fingerprint is "rule|sorted unit codes|lon,lat rounded to 1e-5 degree (about 1 m)", plus
 * "#k" for the k-th repeat of the same fingerprint within one run. Column meanings: message is
 * Chinese, units a JSON array string of codes, details a JSON object, geom EPSG:4490.
 */
#ifndef GIS_STORE_FINDINGS_H
#define GIS_STORE_FINDINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/findings.h"
#include "gis/store.h"

/** Outcome of gis_store_findings_replace(). */
typedef struct gis_findings_sync {
    int64_t run_id;    /* new finding_run row */
    size_t n_new;      /* findings not seen before (or seen fixed before): now open */
    size_t n_open;     /* findings still open from an earlier run */
    size_t n_accepted; /* findings matching an accepted exception: stay accepted */
    size_t n_fixed;    /* stored open/accepted findings of the tool not reported any more */
} gis_findings_sync;

/** Writes the fingerprint of f into buf (size len; 512 is plenty). Returns buf. */
char *gis_finding_fingerprint(const gis_finding *f, char *buf, size_t len);

/** Records a run of `tool` ("validate", "coverage") with params (borrowed JSON object, may be
 *  NULL) and synchronises its findings in one transaction: a finding whose fingerprint matches
 *  a stored finding of the same tool updates that row (keeping 'accepted' and its reason; a
 *  'fixed' row reopens as 'open'); other findings are inserted as 'open'; stored 'open' or
 *  'accepted' findings of the tool that were not reported become 'fixed'. Sets every
 *  l->items[i]'s id, status and accept_reason from the store, and *out (may be NULL).
 *  Borrows l (modified in place as said). Codes: GIS_EINVAL (empty tool, read-only store),
 *  GIS_EDB, GIS_EBUSY, GIS_ENOMEM. Nothing is written on failure. */
int gis_store_findings_replace(gis_ctx *ctx, gis_store *s, const char *tool, const json_t *params,
                               gis_finding_list *l, gis_findings_sync *out, gis_error *err);

/** Accepts finding id as an exception with reason (non-empty, UTF-8). An accepted finding can
 *  be accepted again (the reason is replaced). Codes: GIS_EINVAL (empty reason, finding is
 *  'fixed'), GIS_ENOTFOUND (no finding with that id), GIS_EDB. */
int gis_store_finding_accept(gis_store *s, int64_t id, const char *reason, gis_error *err);

/** Filters of gis_store_findings_list(); NULL / 0 / -1 mean "any". */
typedef struct gis_findings_filter {
    const char *tool; /* "validate", "coverage" or NULL */
    const char *rule; /* rule name or NULL */
    int status;       /* enum gis_finding_status or -1 */
    int64_t id;       /* one finding by id, or 0 */
    size_t limit;     /* at most this many rows, 0 = no limit */
    bool with_geom;   /* also load geometries */
} gis_findings_filter;

/** Loads stored findings matching f (NULL: all), ordered by tool, rule, id. Returns an owned
 *  list in *out; free with gis_finding_list_free(). Codes: GIS_EDB, GIS_ENOMEM, GIS_EGEOM. */
int gis_store_findings_list(gis_ctx *ctx, gis_store *s, const gis_findings_filter *f,
                            gis_finding_list **out, gis_error *err);

#endif
