/*
 * This file implements cemetery capacity arithmetic: population shares of covered villages,
 * burials per year at the profile's crude death rate (per mille), years of plots left.
 */
#include "gis/cemetery_capacity.h"

#include <math.h>
#include <stdlib.h>

int gis_cemetery_capacity_compute(const gis_facility *cemeteries, size_t n_cemeteries,
                                  const gis_cemetery_coverage *cov, const gis_unit *villages,
                                  size_t n_villages, const gis_profile *p, gis_cem_capacity **out,
                                  gis_error *err)
{
    *out = NULL;
    if (cov == NULL || cov->n_cemeteries != n_cemeteries || cov->n_villages != n_villages)
        return GIS_ERR(err, GIS_EINVAL,
                       "coverage result does not match %zu cemeteries and %zu "
                       "villages",
                       n_cemeteries, n_villages);
    if (!(p->crude_death_rate_per_mille >= 0))
        return GIS_ERR(err, GIS_EINVAL, "crude death rate %g per mille is negative",
                       p->crude_death_rate_per_mille);
    gis_cem_capacity *a = calloc(n_cemeteries ? n_cemeteries : 1, sizeof *a);
    if (a == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t v = 0; v < n_villages; v++) {
        const gis_cem_village *cv = &cov->villages[v];
        if (villages[v].population < 0 || cv->n_covering == 0)
            continue;
        double share = (double)villages[v].population / (double)cv->n_covering;
        for (size_t i = 0; i < cv->n_covering; i++)
            a[cv->covering[i]].served_population += share;
    }
    for (size_t k = 0; k < n_cemeteries; k++) {
        gis_cem_capacity *c = &a[k];
        const gis_facility *f = &cemeteries[k];
        c->burials_per_year = c->served_population * p->crude_death_rate_per_mille / 1000.0;
        c->free_plots = f->capacity < 0 || f->used < 0 ? -1
                        : f->capacity > f->used        ? f->capacity - f->used
                                                       : 0;
        if (c->free_plots < 0)
            c->years_left = NAN;
        else if (c->burials_per_year > 0)
            c->years_left = (double)c->free_plots / c->burials_per_year;
        else
            c->years_left = c->free_plots > 0 ? INFINITY : 0;
        c->is_low = isfinite(c->years_left) && c->years_left < p->capacity_warning_years;
    }
    *out = a;
    return GIS_OK;
}
