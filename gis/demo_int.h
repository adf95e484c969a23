/*
 * Internals of the demo generator shared by gis/demo*.c: the PRNG, the working state (all
 * geometry in the county's Gauss-Kruger zone, metres, x = easting) and the steps.
 */
#ifndef GIS_DEMO_INT_H
#define GIS_DEMO_INT_H

#include <jansson.h>

#include "gis/crs.h"
#include "gis/demo.h"
#include "gis/geom_int.h"

/* splitmix64: small, fast, fully deterministic across platforms. */
typedef struct demo_rng {
    uint64_t s;
} demo_rng;

static inline uint64_t demo_rng_next(demo_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/** Uniform in [lo, hi). */
static inline double demo_rng_range(demo_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)(demo_rng_next(r) >> 11) * 0x1.0p-53;
}

/** Uniform integer in [lo, hi]. */
static inline int64_t demo_rng_int(demo_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(demo_rng_next(r) % (uint64_t)(hi - lo + 1));
}

typedef struct demo_unit {
    const gis_unit *src;  /* borrowed: real code and name */
    int township;         /* villages: index of their township in st->towns */
    double x, y;          /* seed / seat point, GK metres */
    GEOSGeometry *geom;   /* owned polygonal geometry, GK metres */
    int64_t population;   /* synthetic */
    int64_t older;        /* synthetic residents aged 60+ */
} demo_unit;

typedef struct demo_line {
    char code[16];        /* GC01, GC02, ... */
    int left, right;      /* township indexes */
    GEOSGeometry *geom;   /* owned (multi)linestring, GK metres, oriented W->E or N->S */
} demo_line;

typedef struct demo_state {
    gis_ctx *ctx;
    GEOSContextHandle_t h;
    demo_rng rng;
    const gis_demo_params *params;
    const gis_unit *county;        /* borrowed */
    const gis_geom *outline_geo;   /* borrowed: the real outline, EPSG:4490 */
    GEOSGeometry *outline;         /* owned, the outline in GK metres */
    demo_unit *towns;              /* owned array */
    size_t n_towns;
    demo_unit *villages;           /* owned array */
    size_t n_villages;
    demo_line *lines;              /* owned array */
    size_t n_lines;
    GEOSGeometry **zones;          /* owned no-burial zone polygons, GK */
    size_t n_zones;
    int cm;                        /* central meridian of the GK zone */
    gis_crs_transform *to_geo;     /* GK -> EPSG:4490 */
    json_t *defects;               /* documented defects, JSON array */
    gis_demo_summary *summary;
} demo_state;


int demo_partition(demo_state *st, gis_error *err);
int demo_lines_build(demo_state *st, gis_error *err);
int demo_boundary_defects(demo_state *st, gis_error *err);
int demo_units_write(demo_state *st, gis_store *s, gis_error *err);
int demo_survey_write(demo_state *st, gis_store *s, gis_error *err);
int demo_places_write(demo_state *st, gis_store *s, gis_error *err);
int demo_graves_write(demo_state *st, gis_store *s, gis_error *err);

/** Transforms a GK geometry (borrowed) into an owned EPSG:4490 gis_geom. */
int demo_to_geo(demo_state *st, const GEOSGeometry *gk, gis_geom **out, gis_error *err);

/** Ellipsoidal area (m²) of a GK geometry, through its EPSG:4490 form. */
int demo_area_m2(demo_state *st, const GEOSGeometry *gk, double *out, gis_error *err);

/** Random point inside a polygonal GK geometry (rejection sampling in its envelope). */
int demo_random_point_in(demo_state *st, const GEOSGeometry *poly, double *x, double *y,
                         gis_error *err);

/** Index of the village whose polygon contains x,y, or -1. */
int demo_village_at(demo_state *st, double x, double y);

/** Appends a defect description {"id","kind","description",...measures} to st->defects. */
void demo_defect_add(demo_state *st, json_t *defect);

#endif
