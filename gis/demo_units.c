/*
 * This file implements writing the demo's administrative units: the county with its real
 * outline, the synthetic township and village polygons under their real codes and names, with
 * their kind from the code (DOMAIN.md CODE-03) and synthetic populations.
 */
#include "gis/demo_int.h"

#include <stdlib.h>

#include "gis/codes.h"
#include "gis/store_units.h"

static int write_one(demo_state *st, gis_store *s, const gis_unit *src, gis_geom *geo,
                     const char *kind, int64_t population, int64_t older, gis_error *err)
{
    gis_unit u = *src; /* borrowed strings; only kind, population and geometry differ */
    u.kind = (char *)kind;
    u.population = population;
    u.older_population = older;
    u.geom = geo;
    return gis_store_unit_insert(st->ctx, s, &u, 0, err);
}

/* A polygon valid in GK metres can self-intersect in degrees where a vertex added on a long
 * straight GK edge (the overlap defect) is ~0.1 m off the straight edge in degrees. The demo is
 * our own synthetic data, so it is repaired here; imported survey data never is. */
/* The polygons of g (a polygon, multipolygon or collection) as one multipolygon. */
static GEOSGeometry *polygonal_parts(demo_state *st, const GEOSGeometry *g)
{
    int n = GEOSGetNumGeometries_r(st->h, g), k = 0;
    GEOSGeometry **parts = malloc(sizeof *parts * (size_t)(n > 0 ? 4 * n : 1));
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(st->h, g, i);
        int type = GEOSGeomTypeId_r(st->h, p);
        if (type == GEOS_POLYGON)
            parts[k++] = GEOSGeom_clone_r(st->h, p);
        else if (type == GEOS_MULTIPOLYGON)
            for (int j = 0; j < GEOSGetNumGeometries_r(st->h, p) && k < 4 * n; j++)
                parts[k++] = GEOSGeom_clone_r(st->h, GEOSGetGeometryN_r(st->h, p, j));
    }
    GEOSGeometry *out =
        parts ? GEOSGeom_createCollection_r(st->h, GEOS_MULTIPOLYGON, parts, (unsigned)k) : NULL;
    free(parts); /* the array only; the parts belong to out */
    return out;
}

static int make_valid_in_degrees(demo_state *st, gis_geom **geo, gis_error *err)
{
    if (GEOSisValid_r(st->h, (*geo)->g) == 1)
        return GIS_OK;
    GEOSGeometry *fixed = GEOSMakeValid_r(st->h, (*geo)->g);
    if (fixed == NULL)
        return gis_ctx_geos_error(st->ctx, err, __func__, "make valid");
    GEOSGeometry *poly = polygonal_parts(st, fixed);
    GEOSGeom_destroy_r(st->h, fixed);
    if (poly == NULL)
        return gis_ctx_geos_error(st->ctx, err, __func__, "extract polygons");
    gis_geom_free(st->ctx, *geo);
    return gis_geom_wrap(st->ctx, poly, geo, err);
}

static int write_demo_unit(demo_state *st, gis_store *s, const demo_unit *d, const char *kind,
                           gis_error *err)
{
    gis_geom *geo = NULL;
    int rc = demo_to_geo(st, d->geom, &geo, err);
    if (rc == GIS_OK)
        rc = make_valid_in_degrees(st, &geo, err);
    if (rc == GIS_OK)
        rc = write_one(st, s, d->src, geo, kind, d->population, d->older, err);
    gis_geom_free(st->ctx, geo);
    return rc;
}

int demo_units_write(demo_state *st, gis_store *s, gis_error *err)
{
    int64_t pop = 0, older = 0;
    for (size_t t = 0; t < st->n_towns; t++) {
        pop += st->towns[t].population;
        older += st->towns[t].older;
    }
    /* The county keeps its real outline (EPSG:4490, as delivered). */
    gis_geom *outline = NULL;
    int rc = gis_geom_clone(st->ctx, st->outline_geo, &outline, err);
    if (rc == GIS_OK)
        rc = write_one(st, s, st->county, outline, "县", pop, older, err);
    gis_geom_free(st->ctx, outline);
    for (size_t t = 0; t < st->n_towns && rc == GIS_OK; t++) {
        const char *kind = gis_code_township_kind_zh(st->towns[t].src->code);
        rc = write_demo_unit(st, s, &st->towns[t], kind ? kind : "镇", err);
    }
    for (size_t v = 0; v < st->n_villages && rc == GIS_OK; v++) {
        const char *kind = gis_code_village_kind_zh(st->villages[v].src->code);
        rc = write_demo_unit(st, s, &st->villages[v], kind ? kind : "村委会", err);
    }
    return rc;
}
