/*
 * This file declares the capacity of public cemeteries (issue #5, DOMAIN.md BUR-05/06 and the
 * §4 [P] defaults): free plots = capacity − used; burials per year = served population × crude
 * death rate; years left = free plots / burials per year; low when under the profile's warning
 * years (rule cemetery_capacity_low). A village covered by several cemeteries splits its
 * population equally between them. Pure arithmetic: no geometry, no store.
 */
#ifndef GIS_CEMETERY_CAPACITY_H
#define GIS_CEMETERY_CAPACITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/cemetery_coverage.h"
#include "gis/profile.h"
#include "gis/records.h"

typedef struct gis_cem_capacity {
    int64_t free_plots;       /* capacity − used (never below 0); -1 when either is unknown */
    double served_population; /* residents of the villages served (shares), 0 when none known */
    double burials_per_year;  /* served_population × crude death rate */
    double years_left;        /* free / burials per year; NAN unknown, INFINITY no burials */
    bool is_low;              /* years_left < p->capacity_warning_years */
} gis_cem_capacity;

/** Computes one entry per cemetery. Borrows cemeteries, cov (from the same cemeteries and
 *  villages), villages and p. Returns an owned array in *out (free()). Codes: GIS_EINVAL
 *  (cov does not match the arrays, negative death rate), GIS_ENOMEM. */
int gis_cemetery_capacity_compute(const gis_facility *cemeteries, size_t n_cemeteries,
                                  const gis_cemetery_coverage *cov, const gis_unit *villages,
                                  size_t n_villages, const gis_profile *p, gis_cem_capacity **out,
                                  gis_error *err);

#endif
