/*
 * This file implements candidate cemetery sites: village minus the union of the exclusions
 * that touch it (GEOS overlay), exploded into polygons, filtered by ellipsoidal area.
 */
#include "gis/candidate_sites.h"

#include <stdlib.h>

#include "gis/geom_int.h"
#include "gis/metrics.h"

void gis_candidate_sites_free(gis_ctx *ctx, gis_candidate_site *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        gis_geom_free(ctx, a[i].geom);
    free(a);
}

static int cmp_area_desc(const void *a, const void *b)
{
    double x = ((const gis_candidate_site *)a)->area_m2;
    double y = ((const gis_candidate_site *)b)->area_m2;
    return (x < y) - (x > y);
}

/* Returns the village minus every exclusion that intersects it (a new GEOS geometry). */
static GEOSGeometry *remaining(gis_ctx *ctx, const GEOSGeometry *v,
                               const gis_geom *const *exclusions, size_t n)
{
    GEOSGeometry *rest = GEOSGeom_clone_r(ctx->geos, v);
    for (size_t i = 0; i < n && rest != NULL; i++) {
        if (exclusions[i] == NULL)
            continue;
        char hit = GEOSIntersects_r(ctx->geos, rest, gis_geom_geos(exclusions[i]));
        if (hit == 2) {
            GEOSGeom_destroy_r(ctx->geos, rest);
            return NULL;
        }
        if (hit == 0)
            continue;
        GEOSGeometry *d = GEOSDifference_r(ctx->geos, rest, gis_geom_geos(exclusions[i]));
        GEOSGeom_destroy_r(ctx->geos, rest);
        rest = d;
    }
    return rest;
}

/* Appends polygon part p (cloned) when its area reaches min_area_m2. */
static int keep_part(gis_ctx *ctx, const GEOSGeometry *p, double min_area_m2, gis_candidate_site *a,
                     size_t *n, gis_error *err)
{
    gis_geom *g = NULL;
    int rc = gis_geom_wrap(ctx, GEOSGeom_clone_r(ctx->geos, p), &g, err); /* clone moves */
    double area = 0;
    if (rc == GIS_OK)
        rc = gis_metrics_area_m2(ctx, g, &area, err);
    if (rc != GIS_OK || area < min_area_m2) {
        gis_geom_free(ctx, g);
        return rc;
    }
    a[(*n)++] = (gis_candidate_site){g, area};
    return GIS_OK;
}

int gis_candidate_sites_find(gis_ctx *ctx, const gis_geom *village,
                             const gis_geom *const *exclusions, size_t n_exclusions,
                             double min_area_m2, gis_candidate_site **out, size_t *n_out,
                             gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    if (village == NULL)
        return GIS_ERR(err, GIS_EINVAL, "candidate sites need a village polygon");
    if (!(min_area_m2 >= 0))
        return GIS_ERR(err, GIS_EINVAL, "minimum site area %g m² is negative", min_area_m2);
    GEOSGeometry *rest = remaining(ctx, gis_geom_geos(village), exclusions, n_exclusions);
    if (rest == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "village minus no-burial zones");
    int parts = GEOSGetNumGeometries_r(ctx->geos, rest);
    int rc = GIS_OK;
    size_t n = 0;
    gis_candidate_site *a = calloc(parts > 0 ? (size_t)parts : 1, sizeof *a);
    if (a == NULL) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
        goto done;
    }
    for (int i = 0; i < parts && rc == GIS_OK; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx->geos, rest, i);
        if (GEOSGeomTypeId_r(ctx->geos, p) == GEOS_POLYGON && !GEOSisEmpty_r(ctx->geos, p))
            rc = keep_part(ctx, p, min_area_m2, a, &n, err);
    }
done:
    GEOSGeom_destroy_r(ctx->geos, rest);
    if (rc != GIS_OK) {
        gis_candidate_sites_free(ctx, a, n);
        return rc;
    }
    qsort(a, n, sizeof *a, cmp_area_desc);
    *out = a;
    *n_out = n;
    return GIS_OK;
}
