/*
 * Tests gis/store*.c: creation, migration version, refusal of foreign files, round trips of
 * records through SpatiaLite.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/geom.h"
#include "gis/store.h"
#include "gis/store_facilities.h"
#include "gis/store_units.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static char dir[64];
static char path[128];

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_store_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
}

static void teardown(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_ctx_free(ctx);
}

START_TEST(test_store_create_and_version)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    int v = 0;
    ck_assert_int_eq(gis_store_schema_version(s, &v, &err), GIS_OK);
    ck_assert_int_eq(v, gis_store_latest_version());
    ck_assert_int_ge(v, 1);
    gis_store_close(s);
    /* Reopen read-only: same version, no migration. */
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    int64_t n = -1;
    ck_assert_int_eq(gis_store_count(s, "villages", &n, &err), GIS_OK);
    ck_assert_int_eq(n, 0);
    gis_store_close(s);
}
END_TEST

START_TEST(test_store_missing_file)
{
    gis_store *s = NULL;
    gis_error err = {0};
    int rc = gis_store_open(path, 0, &s, &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "does not exist");
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_store_garbage_file)
{
    FILE *f = fopen(path, "wb");
    fputs("this is not a database at all, just text", f);
    fclose(f);
    gis_store *s = NULL;
    gis_error err = {0};
    int rc = gis_store_open(path, GIS_STORE_CREATE, &s, &err);
    ck_assert_fails_with(rc, err, GIS_EDB, "not a SQLite database");
    /* The file is untouched. */
    f = fopen(path, "rb");
    char buf[64] = {0};
    ck_assert_uint_gt(fread(buf, 1, sizeof buf - 1, f), 0);
    fclose(f);
    ck_assert_str_eq(buf, "this is not a database at all, just text");
}
END_TEST

START_TEST(test_store_foreign_sqlite)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "sqlite3 %s 'CREATE TABLE x(a); INSERT INTO x VALUES(1);'", path);
    ck_assert_int_eq(system(cmd), 0);
    gis_store *s = NULL;
    gis_error err = {0};
    int rc = gis_store_open(path, 0, &s, &err);
    ck_assert_fails_with(rc, err, GIS_EDB, "not a jiewang store");
}
END_TEST

START_TEST(test_store_newer_version_refused)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_store_close(s);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "sqlite3 %s 'PRAGMA user_version=999;'", path);
    ck_assert_int_eq(system(cmd), 0);
    int rc = gis_store_open(path, 0, &s, &err);
    ck_assert_fails_with(rc, err, GIS_EVERSION, "schema version 999");
}
END_TEST

START_TEST(test_store_unit_round_trip)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_unit u = {0};
    u.code = "420625100215";
    u.name = "安家岗村委会";
    u.level = "village";
    u.parent_code = "420625100";
    u.population = 1234;
    u.older_population = -1;
    ck_assert_int_eq(
        gis_geom_from_wkt(ctx, "POLYGON((111.6 32.2,111.7 32.2,111.7 32.3,111.6 32.2))", &u.geom,
                          &err),
        GIS_OK);
    ck_assert_int_eq(gis_store_unit_insert(ctx, s, &u, 0, &err), GIS_OK);
    gis_geom_free(ctx, u.geom);
    gis_unit *units = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_units_load(ctx, s, "village", &units, &n, &err), GIS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(units[0].name, "安家岗村委会");
    ck_assert_int_eq(units[0].population, 1234);
    ck_assert_int_eq(units[0].older_population, -1);
    ck_assert_int_eq(gis_geom_type(ctx, units[0].geom), GIS_GEOM_MULTIPOLYGON);
    gis_unit_array_free(ctx, units, n);
    int64_t dv0 = 0, dv1 = 0;
    ck_assert_int_eq(gis_store_data_version(s, &dv0, &err), GIS_OK);
    ck_assert_int_eq(gis_store_bump_data_version(s, &err), GIS_OK);
    ck_assert_int_eq(gis_store_data_version(s, &dv1, &err), GIS_OK);
    ck_assert_int_eq(dv1, dv0 + 1);
    gis_store_close(s);
}
END_TEST

START_TEST(test_store_rollback_leaves_nothing)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    ck_assert_int_eq(gis_store_begin(s, &err), GIS_OK);
    gis_facility f = {0};
    f.kind = "public_cemetery";
    f.name = "测试公墓";
    f.capacity = f.used = f.beds = -1;
    gis_geom_from_wkt(ctx, "POINT(111.6 32.2)", &f.geom, &err);
    ck_assert_int_eq(gis_store_facility_insert(ctx, s, &f, 0, &err), GIS_OK);
    gis_geom_free(ctx, f.geom);
    gis_store_rollback(s);
    int64_t n = -1;
    ck_assert_int_eq(gis_store_count(s, "cemeteries", &n, &err), GIS_OK);
    ck_assert_int_eq(n, 0);
    /* A kind outside the CHECK constraint is refused by the store. */
    f.kind = "bakery";
    f.geom = NULL;
    int rc = gis_store_facility_insert(ctx, s, &f, 0, &err);
    ck_assert_fails_with(rc, err, GIS_EDB, "CHECK constraint");
    gis_store_close(s);
}
END_TEST

static Suite *gis_store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("open");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_store_create_and_version);
    tcase_add_test(tc, test_store_missing_file);
    tcase_add_test(tc, test_store_garbage_file);
    tcase_add_test(tc, test_store_foreign_sqlite);
    tcase_add_test(tc, test_store_newer_version_refused);
    tcase_add_test(tc, test_store_unit_round_trip);
    tcase_add_test(tc, test_store_rollback_leaves_nothing);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_store_suite)
