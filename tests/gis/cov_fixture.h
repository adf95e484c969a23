/*
 * This file provides small builders for the coverage tests (tests/gis/check_cov_*.c): square
 * polygons in degrees around 谷城县 (EPSG:4490), villages, cemeteries, zones and graves. Only
 * the coverage tests include it; every helper is static.
 */
#ifndef TESTS_GIS_COV_FIXTURE_H
#define TESTS_GIS_COV_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "gis/geom.h"
#include "gis/records.h"

/* Returns an owned geometry parsed from WKT (fails the test on error). */
static inline gis_geom *cov_wkt(gis_ctx *ctx, const char *wkt)
{
    gis_geom *g = NULL;
    gis_error err = {0};
    ck_assert_msg(gis_geom_from_wkt(ctx, wkt, &g, &err) == GIS_OK, "%s: %s", wkt, err.msg);
    return g;
}

/* Returns an owned axis-aligned rectangle x0..x1, y0..y1 (degrees). */
static inline gis_geom *cov_box(gis_ctx *ctx, double x0, double y0, double x1, double y1)
{
    char buf[256];
    snprintf(buf, sizeof buf,
             "MULTIPOLYGON(((%.10f %.10f,%.10f %.10f,%.10f %.10f,%.10f %.10f,"
             "%.10f %.10f)))",
             x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    return cov_wkt(ctx, buf);
}

static inline gis_geom *cov_point(gis_ctx *ctx, double x, double y)
{
    char buf[96];
    snprintf(buf, sizeof buf, "POINT(%.10f %.10f)", x, y);
    return cov_wkt(ctx, buf);
}

/* A village record borrowing code and name; geom is owned (free with cov_unit_clear). */
static inline gis_unit cov_village(const char *code, const char *name, gis_geom *geom,
                                   int64_t population)
{
    gis_unit u = {0};
    u.code = (char *)code;
    u.name = (char *)name;
    u.level = (char *)"village";
    u.population = population;
    u.older_population = -1;
    u.geom = geom;
    return u;
}

static inline gis_facility cov_cemetery(const char *name, const char *village_code,
                                        const char *serves, gis_geom *pt)
{
    gis_facility f = {0};
    f.kind = (char *)"public_cemetery";
    f.name = (char *)name;
    f.village_code = (char *)village_code;
    f.serves_codes = (char *)serves;
    f.capacity = -1;
    f.used = -1;
    f.beds = -1;
    f.geom = pt;
    return f;
}

#endif
