/*
 * Internals shared by the gis/validate*.c modules: the run state (units with their checked and
 * repaired geometries, a code index, the Gauss-Kruger transform) and helpers that turn a GEOS
 * geometry into a finding. Not for other modules.
 */
#ifndef GIS_VALIDATE_INT_H
#define GIS_VALIDATE_INT_H

#include <stdbool.h>
#include <time.h>

#include "gis/crs.h"
#include "gis/geom_int.h"
#include "gis/validate.h"

/* Geometries closer than this touch (gap neighbours): 1 cm in GK metres or in degrees. */
#define VAL_EPS_M 0.01
#define VAL_EPS_DEG 1e-7

typedef struct vunit {
    const gis_unit *u;       /* borrowed record */
    const GEOSGeometry *geo; /* valid (multi)polygon in EPSG:4490: u's own or `fixed`; or NULL */
    GEOSGeometry *fixed;     /* owned make-valid copy when u's geometry is invalid, else NULL */
    GEOSGeometry *gk;        /* owned copy of geo in GK metres (vrun_units_overlay), else NULL */
    const GEOSGeometry *ov;  /* geometry in the overlay CRS: gk or geo; NULL before */
} vunit;

typedef struct vrun {
    gis_ctx *ctx;
    GEOSContextHandle_t h;        /* ctx->geos */
    const gis_validate_opts *o;   /* borrowed options */
    const gis_validate_input *in; /* borrowed input */
    gis_finding_list *out;        /* borrowed output */
    vunit *units;                 /* one per input unit, same order */
    size_t n_units;
    size_t *by_code;           /* unit indexes sorted by code (then index) */
    gis_crs_transform *to_gk;  /* EPSG:4490 -> GK metres, created by vrun_gk_init */
    gis_crs_transform *to_geo; /* GK metres -> EPSG:4490 */
    int gk_epsg;               /* 0 until vrun_gk_init */
    double *gk_cache;          /* transformed points (validate_gk.c), or NULL */
    bool overlay_gk;           /* overlay in GK metres (else EPSG:4490 degrees) */
    double eps;                /* VAL_EPS_M or VAL_EPS_DEG, in the overlay CRS */
    struct timespec lap;       /* time of the last vrun_lap */
    struct timespec lap_cpu;   /* process CPU time at the last vrun_lap */
} vrun;

/** Logs (debug level) the seconds spent since the previous lap, naming the phase: wall time
 *  and the process's CPU time (user + system, all threads), the steadier figure on a shared
 *  machine. */
void vrun_lap(vrun *r, const char *phase);

/** First unit with code, or NULL. */
const vunit *vrun_find(const vrun *r, const char *code);

/** Name of the unit with code, or the code itself when unknown (never NULL for non-NULL code). */
const char *vrun_name(const vrun *r, const char *code);

/** True when the unit's level is checked by the options' level. */
bool vrun_level_checked(const vrun *r, const char *level);

/** Creates the GK transform from the data's mean longitude (idempotent). Codes: GIS_ECRS.
 *  The GK helpers below live in validate_gk.c. */
int vrun_gk_init(vrun *r, gis_error *err);

/** Frees the transforms and the point cache. */
void vrun_gk_free(vrun *r);

/** Returns an owned copy of g (EPSG:4490) in GK metres. Codes: GIS_ECRS, GIS_EGEOM. */
int vrun_to_gk(vrun *r, const GEOSGeometry *g, GEOSGeometry **out, gis_error *err);

/** Returns an owned copy of g (GK metres) in EPSG:4490. Codes: GIS_ECRS, GIS_EGEOM. */
int vrun_to_geo(vrun *r, const GEOSGeometry *g, GEOSGeometry **out, gis_error *err);

/** Sets vunit.ov (and .gk when overlaying in GK) for every unit of `level` and of its parent
 *  level that has a geometry. */
int vrun_units_overlay(vrun *r, const char *level, gis_error *err);

/** A second thread that transforms units' points to GK ahead of their use (PROJ only: it
 *  reads the units' geometries and creates no GEOS geometry; its own gis_ctx). */
typedef struct vgk_pool vgk_pool;

/** Starts the worker on units[0..n) (indexes into r->units, whose geo must be set and stay
 *  unchanged until vgk_pool_stop). *out stays NULL when a thread is not worth it or cannot
 *  start: the caller then uses vrun_to_gk. */
int vgk_pool_start(vrun *r, const size_t *units, size_t n, vgk_pool **out, gis_error *err);

/** The GK copy of units[i] (as vrun_to_gk), built in the caller's thread; waits for the worker
 *  when needed. Take each i once, in increasing order. */
int vgk_pool_take(vrun *r, vgk_pool *p, size_t i, GEOSGeometry **out, gis_error *err);

/** Stops and joins the worker, frees what it left. NULL is a no-op. */
void vgk_pool_stop(vgk_pool *p);

/** Transforms one lon/lat point to GK x/y in place. */
int vrun_xy_to_gk(vrun *r, double *xy, gis_error *err);

/** Ellipsoidal area (m²) and perimeter (m) of g in EPSG:4490. */
int vrun_measure(vrun *r, const GEOSGeometry *g, double *area_m2, double *perimeter_m,
                 gis_error *err);

/** Returns an owned copy of g snap-rounded to 1 micrometre (GK) or 1e-11 degree, which removes the
 *  zero-width spikes overlay can leave (an unsnapped copy when snapping fails); NULL on GEOS
 *  failure. */
GEOSGeometry *vrun_snap(vrun *r, const GEOSGeometry *g);

/** Makes a finding for polygon part poly (overlay CRS) when its area reaches min_area_m2: sets
 *  area_m2, the geometry, a point inside it, and "sliver"/"width_m" when it is thinner than
 *  sliver_width_m (width = 2 * area / perimeter); the finding's geometry is poly in EPSG:4490,
 *  its area ellipsoidal. Takes ownership of poly, even on failure.
 *  *out is the new finding (borrowed from r->out) or NULL when below the threshold. The caller
 *  adds units and the message. */
int vrun_area_finding(vrun *r, const char *rule, GEOSGeometry *poly, gis_finding **out,
                      gis_error *err);

/** Makes a point finding at lon/lat (EPSG:4490) with a Point geometry. *out borrowed. */
int vrun_point_finding(vrun *r, const char *rule, int severity, double lon, double lat,
                       gis_finding **out, gis_error *err);

/** Collects the polygons of g (any type) into a newly allocated array of owned clones. */
int vrun_polygons(vrun *r, const GEOSGeometry *g, GEOSGeometry ***out, size_t *n_out,
                  gis_error *err);

/** A candidate pair of siblings: indexes into the caller's geometry array. */
typedef struct vpair {
    size_t a, b;
} vpair;

/** A boundary segment of sibling `owner`, directed with the sibling's interior on its left. */
typedef struct vseg {
    double x1, y1, x2, y2;
    size_t owner;
} vseg;

/** What the overlap pre-test learns about a group of siblings g[0..n). */
typedef struct vscreen {
    bool *maybe;   /* per pair: the boundaries cannot prove the interiors disjoint */
    bool *closed;  /* per sibling: every boundary segment is a shared edge */
    vseg *open;    /* the segments no paired sibling has reversed (owned array) */
    size_t n_open; /* number of open segments */
    bool complete; /* every sibling's boundary could be read (else open is partial) */
} vscreen;

/** Screens candidate pairs of siblings g[0..n) (valid polygons, overlay CRS). s->maybe[p] is
 *  false only when the boundaries of g[pairs[p].a] and g[pairs[p].b] prove that their
 *  interiors are disjoint. s->closed[k] is true when every boundary segment of g[k] is a shared
 *  edge (the same segment traversed the other way) of a polygon paired with it, so that the
 *  siblings cover both sides of g[k]'s boundary; s->open lists every other segment (plus, for
 *  pairs that are suspects, shared edges the test stopped before seeing). Pairs must include
 *  every two siblings whose extents meet. The caller allocates maybe (n_pairs) and closed (n)
 *  and frees s->open. In validate_pairs.c. Codes: GIS_ENOMEM. */
int vpairs_screen(vrun *r, const GEOSGeometry *const *g, size_t n, const vpair *pairs,
                  size_t n_pairs, vscreen *s, gis_error *err);

/** Siblings of one parent (validate_partition.c, validate_gaps.c). */
typedef struct vgroup {
    size_t *idx;         /* unit indexes of the siblings (with geometry) */
    size_t n;            /* number of siblings */
    const vunit *parent; /* parent with geometry, or NULL */
    GEOSSTRtree *tree;   /* items are (k + 1) cast to pointers, k into idx */
    bool *overlapping;   /* per sibling: shares area with another sibling */
    vpair *pairs;        /* candidate pairs (extents meet), k < j */
    size_t n_pairs;
    vscreen screen; /* the pre-test's findings about pairs and boundaries */
} vgroup;

/** STRtree answers: sibling indexes. */
typedef struct vhits {
    size_t *k;
    size_t n, cap;
    int oom;
} vhits;

/** The sibling's geometry in the overlay CRS (enum gis_validate_crs), and its code. */
const GEOSGeometry *vgroup_geom(const vrun *r, const vgroup *g, size_t k);
const char *vgroup_code(const vrun *r, const vgroup *g, size_t k);

/** Siblings whose extent meets q's (h reused, reset first). Codes: GIS_ENOMEM. */
int vgroup_query(vrun *r, const vgroup *g, const GEOSGeometry *q, vhits *h, gis_error *err);

/** Union of the siblings ks[0..nk): GEOS coverage union (linear on an exactly noded partition)
 *  of those that overlap nobody, the general union of the rest, then both together.
 *  In validate_partition.c. Codes: GIS_ENOMEM, GIS_EGEOM. */
int vgroup_union(vrun *r, const vgroup *g, const size_t *ks, size_t nk, GEOSGeometry **out,
                 gis_error *err);

/** gap findings of one group (after the overlaps). In validate_gaps.c. */
int vgaps_check(vrun *r, vgroup *g, gis_error *err);

/* Rule modules. Each appends findings to r->out. */
int vcodes_check(vrun *r, gis_error *err);
int vpart_check(vrun *r, const char *level, gis_error *err);
int vmarkers_check(vrun *r, gis_error *err);
/* Triple points of the townships without a marker; marker_xy = GK x,y per input marker (NAN
 * when it has no geometry). In validate_triple.c. */
int vtriple_points(vrun *r, const double *marker_xy, gis_error *err);
int vlines_check(vrun *r, gis_error *err);
/* line_unclosed over all townships; lines_gk per input line (GK, NULL allowed), outline = county
 * boundary in GK or NULL. In validate_closure.c. */
int vlines_unclosed(vrun *r, GEOSGeometry *const *lines_gk, const GEOSGeometry *outline,
                    gis_error *err);

#endif
