/*
 * This file declares the demo-county generator: given the real outline of a county and its
 * real list of township- and village-level units (codes and names), it writes a complete,
 * deterministic, SYNTHETIC store: townships and villages partitioning the outline exactly,
 * boundary lines and markers, public cemeteries and elderly-care facilities, no-burial zones
 * and scattered graves, plus a documented set of deliberate defects (README.md (The demo data)) so that
 * validation and coverage have true findings to show. Same inputs and seed, same output.
 */
#ifndef GIS_DEMO_H
#define GIS_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "gis/records.h"
#include "gis/store.h"

typedef struct gis_demo_params {
    uint64_t seed;   /* PRNG seed; GIS_DEMO_DEFAULT_SEED for the documented demo */
    int n_graves;    /* number of scattered graves, about 20,000 by default */
    bool defects;    /* inject the documented defects (true for the demo) */
} gis_demo_params;

#define GIS_DEMO_DEFAULT_SEED 420625u
#define GIS_DEMO_DEFAULT_GRAVES 20000

typedef struct gis_demo_summary {
    int townships, villages, lines, markers, cemeteries, facilities, zones, graves, defects;
} gis_demo_summary;

/** Fills p with the documented defaults. */
void gis_demo_params_defaults(gis_demo_params *p);

/** Generates the demo into an empty store s, in one transaction. outline is the county polygon
 *  in EPSG:4490 (borrowed); units (borrowed) holds one county, its townships and villages with
 *  code, name, level and parent_code. Writes meta keys county_code, county_name, data_vintage,
 *  demo_seed and demo_defects (a JSON array describing each injected defect with its measures).
 *  Codes: GIS_EINVAL (units inconsistent, store not empty), GIS_EGEOM, GIS_ECRS, GIS_EDB. */
int gis_demo_generate(gis_ctx *ctx, gis_store *s, const gis_geom *outline, const gis_unit *units,
                      size_t n_units, const gis_demo_params *p, gis_demo_summary *out,
                      gis_error *err);

#endif
