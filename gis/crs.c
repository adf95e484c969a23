/*
 * This file implements PROJ transforms and Gauss-Kruger zone arithmetic (DOMAIN.md CRS-02).
 */
#include "gis/crs.h"

#include <math.h>
#include <stdlib.h>

#include "gis/geom_int.h"

struct gis_crs_transform {
    PJ *pj; /* normalised for visualisation: x = lon/easting */
};

int gis_crs_transform_new(gis_ctx *ctx, const char *src, const char *dst, gis_crs_transform **out,
                          gis_error *err)
{
    *out = NULL;
    PJ *raw = proj_create_crs_to_crs(ctx->proj, src, dst, NULL);
    if (raw == NULL) {
        int e = proj_context_errno(ctx->proj);
        return GIS_ERR(err, GIS_ECRS, "no coordinate operation from %s to %s: %s", src, dst,
                       proj_context_errno_string(ctx->proj, e));
    }
    PJ *norm = proj_normalize_for_visualization(ctx->proj, raw);
    proj_destroy(raw);
    if (norm == NULL)
        return GIS_ERR(err, GIS_ECRS, "cannot normalise axis order for %s to %s", src, dst);
    gis_crs_transform *t = malloc(sizeof *t);
    if (t == NULL) {
        proj_destroy(norm);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    t->pj = norm;
    *out = t;
    return GIS_OK;
}

void gis_crs_transform_free(gis_crs_transform *t)
{
    if (t == NULL)
        return;
    proj_destroy(t->pj);
    free(t);
}

int gis_crs_transform_xy(gis_ctx *ctx, gis_crs_transform *t, double *xy, size_t n,
                         gis_error *err)
{
    (void)ctx;
    if (n == 0)
        return GIS_OK;
    proj_trans_generic(t->pj, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n,
                       NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            return GIS_ERR(err, GIS_ECRS, "coordinate %zu cannot be transformed", i / 2);
    return GIS_OK;
}

struct xy_job {
    PJ *pj;
    int failed;
};

static int transform_one(double *x, double *y, void *user)
{
    struct xy_job *job = user;
    PJ_COORD c = proj_coord(*x, *y, 0, 0);
    c = proj_trans(job->pj, PJ_FWD, c);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) {
        job->failed = 1;
        return 0;
    }
    *x = c.xy.x;
    *y = c.xy.y;
    return 1;
}

int gis_crs_transform_geom(gis_ctx *ctx, gis_crs_transform *t, const gis_geom *g, gis_geom **out,
                           gis_error *err)
{
    *out = NULL;
    struct xy_job job = {t->pj, 0};
    GEOSGeometry *r = GEOSGeom_transformXY_r(ctx->geos, g->g, transform_one, &job);
    if (r == NULL) {
        if (job.failed)
            return GIS_ERR(err, GIS_ECRS, "geometry has coordinates that cannot be transformed");
        return gis_ctx_geos_error(ctx, err, __func__, "transform");
    }
    return gis_geom_wrap(ctx, r, out, err);
}

int gis_crs_gk3_central_meridian(double lon)
{
    return (int)lround(lon / 3.0) * 3;
}

int gis_crs_gk3_epsg(int cm, bool zone_prefixed)
{
    if (cm < 75 || cm > 135 || cm % 3 != 0)
        return 0;
    int zone = cm / 3;
    return zone_prefixed ? 4513 + (zone - 25) : 4534 + (cm - 75) / 3;
}

bool gis_crs_is_cgcs2000(int epsg)
{
    return epsg == 4490 || (epsg >= 4491 && epsg <= 4554);
}
