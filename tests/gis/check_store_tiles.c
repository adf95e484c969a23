/*
 * Tests gis/store_tiles.c: the bounding-box filter through the R*Tree, property names and
 * types, the restricted graves layer, and errors.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/store_facilities.h"
#include "gis/store_tiles.h"
#include "gis/store_units.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static gis_store *store;
static char dir[64];

static void add_point_facility(const char *kind, const char *name, const char *wkt)
{
    gis_facility f = {
        .kind = (char *)kind, .name = (char *)name, .capacity = 100, .used = -1, .beds = -1};
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &f.geom, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_facility_insert(ctx, store, &f, 0, NULL), GIS_OK);
    gis_geom_free(ctx, f.geom);
}

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_stiles_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &store, NULL), GIS_OK);
    add_point_facility("public_cemetery", "东公墓", "POINT(111.8 32.2)");
    add_point_facility("public_cemetery", "西公墓", "POINT(111.2 32.2)");
    add_point_facility("welfare_home", "敬老院", "POINT(111.21 32.21)");
    gis_unit u = {.code = "420625",
                  .name = "谷城县",
                  .level = "county",
                  .population = -1,
                  .older_population = -1};
    ck_assert_int_eq(
        gis_geom_from_wkt(ctx, "POLYGON((111 32,112 32,112 33,111 33,111 32))", &u.geom, NULL),
        GIS_OK);
    ck_assert_int_eq(gis_store_unit_insert(ctx, store, &u, 0, NULL), GIS_OK);
    gis_geom_free(ctx, u.geom);
}

static void teardown(void)
{
    gis_store_close(store);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_ctx_free(ctx);
}

typedef struct seen {
    int n;
    char names[4][64];
    gis_tile_row last; /* copy of the last row; its strings are not valid after the call */
    char kind[32];     /* props[2] of the last row, copied */
} seen;

static int collect(void *user, const gis_tile_row *row)
{
    seen *s = user;
    if (s->n < 4)
        snprintf(s->names[s->n], sizeof s->names[0], "%s", row->props[1].s);
    s->n++;
    s->last = *row;
    s->last.geom = NULL;
    const char *kind = row->n_props > 2 && row->props[2].s ? row->props[2].s : "";
    snprintf(s->kind, sizeof s->kind, "%s", kind);
    return 0;
}

static int stop(void *user, const gis_tile_row *row)
{
    (void)user;
    (void)row;
    return 42;
}

START_TEST(test_store_tiles_bbox)
{
    seen s = {0};
    double west[4] = {111.0, 32.0, 111.5, 32.5};
    ck_assert_int_eq(gis_store_tiles_each(ctx, store, "cemeteries", west, collect, &s, NULL),
                     GIS_OK);
    ck_assert_int_eq(s.n, 1);
    ck_assert_str_eq(s.names[0], "西公墓");
    /* Properties as documented: id, name, kind, village_code, capacity, used. */
    ck_assert_str_eq(s.last.props[0].key, "id");
    ck_assert_int_eq(s.last.props[0].type, GIS_TPROP_INT);
    ck_assert_str_eq(s.last.props[2].key, "kind");
    ck_assert_str_eq(s.kind, "public_cemetery");
    ck_assert_str_eq(s.last.props[4].key, "capacity");
    ck_assert_int_eq(s.last.props[4].i, 100);
    ck_assert_str_eq(s.last.props[5].key, "used");
    ck_assert_int_eq(s.last.props[5].type, GIS_TPROP_NULL);
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(gis_store_tiles_each(ctx, store, "facilities", west, collect, &s, NULL),
                     GIS_OK);
    ck_assert_int_eq(s.n, 1);
    ck_assert_str_eq(s.names[0], "敬老院");
    memset(&s, 0, sizeof s);
    double north[4] = {111.0, 32.6, 112.0, 33.5}; /* meets the county only */
    ck_assert_int_eq(gis_store_tiles_each(ctx, store, "cemeteries", north, collect, &s, NULL),
                     GIS_OK);
    ck_assert_int_eq(s.n, 0);
    ck_assert_int_eq(gis_store_tiles_each(ctx, store, "county", north, collect, &s, NULL), GIS_OK);
    ck_assert_int_eq(s.n, 1);
    ck_assert_str_eq(s.names[0], "谷城县");
    int64_t v = -1, want = -2;
    ck_assert_int_eq(gis_store_tiles_data_version(store, &v, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_data_version(store, &want, NULL), GIS_OK);
    ck_assert_int_eq(v, want);
    ck_assert(gis_store_tiles_has_layer("graves"));
    ck_assert(!gis_store_tiles_has_layer("labels"));
}
END_TEST

START_TEST(test_store_tiles_errors)
{
    double bb[4] = {111, 32, 112, 33};
    gis_error err = {0};
    seen s = {0};
    int rc = gis_store_tiles_each(ctx, store, "roads", bb, collect, &s, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "unknown tile layer 'roads'");
    rc = gis_store_tiles_each(ctx, store, "cemeteries", bb, stop, NULL, &err);
    ck_assert_int_eq(rc, 42); /* the callback's result comes back */
    /* The statement was reset: the next walk works. */
    ck_assert_int_eq(gis_store_tiles_each(ctx, store, "cemeteries", bb, collect, &s, NULL), GIS_OK);
    ck_assert_int_eq(s.n, 2);
}
END_TEST

static Suite *gis_store_tiles_suite(void)
{
    Suite *s = suite_create("gis_store_tiles");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* store creation is slow under sanitizers */
    tcase_add_test(tc, test_store_tiles_bbox);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* store creation is slow under sanitizers */
    tcase_add_test(tc, test_store_tiles_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_store_tiles_suite)
