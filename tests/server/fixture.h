/*
 * This file provides the small store the server unit tests share: a county, two townships,
 * three villages, one cemetery and two graves with known geometries (EPSG:4490), written with
 * the gis store API into a temporary folder. Header-only: each check_*.c is its own program.
 */
#ifndef TESTS_SERVER_FIXTURE_H
#define TESTS_SERVER_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gis/geom.h"
#include "gis/store.h"
#include "gis/store_facilities.h"
#include "gis/store_units.h"

typedef struct fx {
    char dir[64];
    char path[128];
} fx;

static void fx_unit(gis_ctx *ctx, gis_store *s, const char *code, const char *name,
                    const char *level, const char *parent, const char *wkt)
{
    gis_error err = {0};
    gis_unit u = {0};
    u.code = (char *)code;
    u.name = (char *)name;
    u.level = (char *)level;
    u.parent_code = (char *)parent;
    u.population = 1000;
    u.older_population = -1;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &u.geom, &err), GIS_OK);
    ck_assert_int_eq(gis_store_unit_insert(ctx, s, &u, 0, &err), GIS_OK);
    gis_geom_free(ctx, u.geom);
}

static void fx_point(gis_ctx *ctx, const char *wkt, gis_geom **out)
{
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, out, &err), GIS_OK);
}

/* Villages: 420625100201 (111.0-111.1), 420625100202 (111.1-111.2) in township
 * 420625100; 420625101201 (111.2-111.3) in 420625101. All span latitude 32.0-32.1. */
static void fx_create(fx *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/jw_srv_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/t.sqlite", f->dir);
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_ctx_new(&ctx, &err), GIS_OK);
    ck_assert_int_eq(gis_store_open(f->path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    fx_unit(ctx, s, "420625", "谷城县", "county", NULL,
            "POLYGON((111 32,111.3 32,111.3 32.1,111 32.1,111 32))");
    fx_unit(ctx, s, "420625100", "城关镇", "township", "420625",
            "POLYGON((111 32,111.2 32,111.2 32.1,111 32.1,111 32))");
    fx_unit(ctx, s, "420625101", "石花镇", "township", "420625",
            "POLYGON((111.2 32,111.3 32,111.3 32.1,111.2 32.1,111.2 32))");
    fx_unit(ctx, s, "420625100201", "甲村", "village", "420625100",
            "POLYGON((111 32,111.1 32,111.1 32.1,111 32.1,111 32))");
    fx_unit(ctx, s, "420625100202", "乙村", "village", "420625100",
            "POLYGON((111.1 32,111.2 32,111.2 32.1,111.1 32.1,111.1 32))");
    fx_unit(ctx, s, "420625101201", "丙村", "village", "420625101",
            "POLYGON((111.2 32,111.3 32,111.3 32.1,111.2 32.1,111.2 32))");
    gis_facility fac = {0};
    fac.kind = "public_cemetery";
    fac.name = "甲村公墓";
    fac.village_code = "420625100201";
    fac.capacity = 500;
    fac.used = 100;
    fac.beds = -1;
    fx_point(ctx, "POINT(111.05 32.05)", &fac.geom);
    ck_assert_int_eq(gis_store_facility_insert(ctx, s, &fac, 0, &err), GIS_OK);
    gis_geom_free(ctx, fac.geom);
    for (int i = 0; i < 2; i++) {
        gis_grave g = {0};
        g.owner = i ? "王某" : "李某";
        g.village_code = "420625100202";
        g.status = "identified";
        fx_point(ctx, i ? "POINT(111.15 32.05)" : "POINT(111.16 32.06)", &g.geom);
        ck_assert_int_eq(gis_store_grave_insert(ctx, s, &g, 0, &err), GIS_OK);
        gis_geom_free(ctx, g.geom);
    }
    gis_store_close(s);
    gis_ctx_free(ctx);
}

static void fx_destroy(fx *f)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    ck_assert_int_eq(system(cmd), 0);
}

#endif
