/*
 * This file implements derived no-burial zones: a zone's polygon projected to the county's GK
 * zone, buffered by the profile width for its reason (round joins, 8 segments per quadrant),
 * and projected back to EPSG:4490. It does not store the derived zones.
 */
#include "gis/zone_buffers.h"

#include <stdlib.h>
#include <string.h>

#include "gis/geom_int.h"

double gis_zone_buffer_width_m(const gis_profile *p, const char *reason)
{
    if (reason == NULL)
        return 0;
    static const struct {
        const char *reason;
        size_t offset;
    } MAP[] = {
        {"railway", offsetof(gis_profile, buffer_railway_m)},
        {"highway", offsetof(gis_profile, buffer_trunk_road_m)},
        {"trunk_road", offsetof(gis_profile, buffer_trunk_road_m)},
        {"road", offsetof(gis_profile, buffer_trunk_road_m)},
        {"reservoir", offsetof(gis_profile, buffer_reservoir_m)},
        {"river", offsetof(gis_profile, buffer_river_dike_m)},
        {"dike", offsetof(gis_profile, buffer_river_dike_m)},
        {"river_dike", offsetof(gis_profile, buffer_river_dike_m)},
        {"water_source", offsetof(gis_profile, buffer_water_source_m)},
    };
    for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
        if (strcmp(reason, MAP[i].reason) == 0)
            return *(const double *)((const char *)p + MAP[i].offset);
    return 0;
}

void gis_zone_buffers_free(gis_ctx *ctx, gis_geom **a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        gis_geom_free(ctx, a[i]);
    free(a);
}

static int buffer_one(gis_ctx *ctx, const gis_zone *z, double width, gis_crs_transform *to_gk,
                      gis_crs_transform *from_gk, gis_geom **out, gis_error *err)
{
    *out = NULL;
    if (width <= 0)
        return gis_geom_clone(ctx, z->geom, out, err);
    gis_geom *gk = NULL, *wide = NULL;
    int rc = gis_crs_transform_geom(ctx, to_gk, z->geom, &gk, err);
    if (rc == GIS_OK) {
        /* Metres in the GK zone; the ellipsoidal scale error there is below 0.1%. */
        GEOSGeometry *b = GEOSBuffer_r(ctx->geos, gis_geom_geos(gk), width, 8);
        rc = gis_geom_wrap(ctx, b, &wide, err); /* b moves into wide */
    }
    if (rc == GIS_OK)
        rc = gis_crs_transform_geom(ctx, from_gk, wide, out, err);
    gis_geom_free(ctx, gk);
    gis_geom_free(ctx, wide);
    return rc;
}

int gis_zone_buffers_derive(gis_ctx *ctx, const gis_zone *zones, size_t n_zones,
                            const gis_profile *p, gis_crs_transform *to_gk,
                            gis_crs_transform *from_gk, gis_geom ***out, gis_error *err)
{
    *out = NULL;
    gis_geom **a = calloc(n_zones ? n_zones : 1, sizeof *a);
    if (a == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    int rc = GIS_OK;
    for (size_t i = 0; i < n_zones && rc == GIS_OK; i++) {
        if (zones[i].geom == NULL) {
            rc = GIS_ERR(err, GIS_EINVAL, "no-burial zone %lld has no geometry",
                         (long long)zones[i].id);
            break;
        }
        rc = buffer_one(ctx, &zones[i], gis_zone_buffer_width_m(p, zones[i].reason), to_gk, from_gk,
                        &a[i], err);
        if (rc != GIS_OK)
            gis_err_prefix(err, "no-burial zone '%s'", zones[i].name ? zones[i].name : "?");
    }
    if (rc != GIS_OK) {
        gis_zone_buffers_free(ctx, a, n_zones);
        return rc;
    }
    *out = a;
    return GIS_OK;
}
