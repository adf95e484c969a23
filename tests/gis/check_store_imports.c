/*
 * Tests gis/store_imports.c: import log rows, the duplicate lookup, --replace deletes and the
 * bulk-load trigger/index suspension. Independent checks read the file with plain SQLite
 * (trigger and R*Tree counts) and through gis_store_count / gis_store_imports_recent.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom.h"
#include "gis/store.h"
#include "gis/store_facilities.h"
#include "gis/store_imports.h"
#include "gis/store_info.h"
#include "gis/store_units.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static gis_store *s;
static char dir[64], path[128];

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_simp_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_store_close(s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_ctx_free(ctx);
}

static int64_t add_grave(int64_t source_id)
{
    gis_grave g = {0};
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "POINT(111.6 32.2)", &g.geom, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_grave_insert(ctx, s, &g, source_id, NULL), GIS_OK);
    gis_geom_free(ctx, g.geom);
    return g.id;
}

static int64_t count(const char *kind)
{
    int64_t n = -1;
    ck_assert_int_eq(gis_store_count(s, kind, &n, NULL), GIS_OK);
    return n;
}

/* Reads one integer with plain SQLite on a second connection (committed state only). */
static int64_t sql_int(const char *sql)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

START_TEST(test_store_imports_log_find_delete)
{
    gis_import_log log = {"g.csv", "g", "abc123", "graves", "EPSG:4490", "{}"};
    int64_t id = 0, found = 0, deleted = 0;
    ck_assert_int_eq(gis_store_begin(s, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_import_log_begin(s, &log, &id, NULL), GIS_OK);
    ck_assert_int_gt(id, 0);
    add_grave(id);
    add_grave(id);
    add_grave(-1); /* from no import: never replaced */
    ck_assert_int_eq(gis_store_import_log_finish(s, id, 3, 2, 1, 0, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_commit(s, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_import_find(s, "graves", "abc123", &found, NULL), GIS_OK);
    ck_assert_int_eq(found, id);
    ck_assert_int_eq(gis_store_import_find(s, "markers", "abc123", &found, NULL), GIS_OK);
    ck_assert_int_eq(found, 0);
    gis_import_row *rows = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_imports_recent(s, 5, &rows, &n, NULL), GIS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(rows[0].features_imported, 2);
    ck_assert_int_eq(rows[0].features_skipped, 1);
    gis_import_rows_free(rows, n);
    ck_assert_int_eq(gis_store_import_delete_rows(s, "graves", "g.csv", &deleted, NULL), GIS_OK);
    ck_assert_int_eq(deleted, 2);
    ck_assert_int_eq(count("graves"), 1);
}
END_TEST

START_TEST(test_store_imports_errors)
{
    gis_import_log log = {"g.csv", NULL, "x", "lakes", NULL, NULL};
    int64_t id = 0, n = 0;
    gis_error err = {0};
    char *saved = NULL;
    ck_assert_fails_with(gis_store_import_log_begin(s, &log, &id, &err), err, GIS_EINVAL,
                         "unknown layer kind 'lakes'");
    ck_assert_fails_with(gis_store_import_log_finish(s, 999, 1, 1, 0, 0, &err), err, GIS_ENOTFOUND,
                         "import log row 999 does not exist");
    ck_assert_fails_with(gis_store_import_delete_rows(s, "lakes", "g.csv", &n, &err), err,
                         GIS_EINVAL, "unknown layer kind");
    ck_assert_fails_with(gis_store_import_bulk_begin(s, "lakes", &saved, &err), err, GIS_EINVAL,
                         "unknown layer kind");
    ck_assert_ptr_null(saved);
    ck_assert_fails_with(gis_store_import_bulk_end(s, "lakes", "", &err), err, GIS_EINVAL,
                         "unknown layer kind");
}
END_TEST

START_TEST(test_store_imports_bulk_restores_triggers_and_index)
{
    const char *triggers = "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND "
                           "tbl_name='grave'";
    int64_t n_triggers = sql_int(triggers);
    ck_assert_int_gt(n_triggers, 2);
    char *saved = NULL;
    ck_assert_int_eq(gis_store_begin(s, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_import_bulk_begin(s, "graves", &saved, NULL), GIS_OK);
    ck_assert_ptr_nonnull(saved);
    for (int i = 0; i < 50; i++)
        add_grave(-1);
    ck_assert_int_eq(gis_store_import_bulk_end(s, "graves", saved, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_commit(s, NULL), GIS_OK);
    free(saved);
    ck_assert_int_eq(sql_int(triggers), n_triggers);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM idx_grave_geom"), 50);
    /* The restored constraint trigger still refuses a wrong geometry type. */
    gis_grave g = {0};
    gis_error err = {0};
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "LINESTRING(111 32, 112 33)", &g.geom, NULL), GIS_OK);
    ck_assert_int_ne(gis_store_grave_insert(ctx, s, &g, -1, &err), GIS_OK);
    gis_geom_free(ctx, g.geom);
}
END_TEST

START_TEST(test_store_imports_unit_insert)
{
    gis_unit u = {0};
    u.code = "420625100";
    u.name = "城关镇";
    u.level = "township";
    u.parent_code = "420625";
    u.population = 1200;
    u.older_population = -1;
    ck_assert_int_eq(gis_geom_from_wkt(ctx,
                                       "POLYGON((111.6 32.2,111.7 32.2,111.7 32.3,111.6 32.2))",
                                       &u.geom, NULL),
                     GIS_OK);
    ck_assert_int_eq(gis_store_unit_insert(ctx, s, &u, -1, NULL), GIS_OK);
    ck_assert_int_gt(u.id, 0);
    gis_geom_free(ctx, u.geom);
    gis_unit *a = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_units_load(ctx, s, "township", &a, &n, NULL), GIS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(a[0].code, "420625100");
    ck_assert_str_eq(a[0].parent_code, "420625");
    ck_assert_int_eq(a[0].population, 1200);
    ck_assert_int_eq(gis_geom_type(ctx, a[0].geom), GIS_GEOM_MULTIPOLYGON);
    gis_unit_array_free(ctx, a, n);
    /* A line is refused by the geometry constraint, naming the unit. */
    gis_error err = {0};
    u.code = "420625101";
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "LINESTRING(111 32,112 33)", &u.geom, NULL), GIS_OK);
    int rc = gis_store_unit_insert(ctx, s, &u, -1, &err);
    gis_geom_free(ctx, u.geom);
    ck_assert_int_ne(rc, GIS_OK);
    ck_assert_ptr_nonnull(strstr(err.msg, "unit 420625101"));
    ck_assert_int_eq(count("townships"), 1);
}
END_TEST

static Suite *gis_store_imports_suite(void)
{
    Suite *su = suite_create("store_imports");
    TCase *ok = tcase_create("valid");
    tcase_add_checked_fixture(ok, setup, teardown);
    tcase_set_timeout(ok, 60); /* store creation is slow on a loaded machine */
    tcase_add_test(ok, test_store_imports_log_find_delete);
    tcase_add_test(ok, test_store_imports_bulk_restores_triggers_and_index);
    tcase_add_test(ok, test_store_imports_unit_insert);
    suite_add_tcase(su, ok);
    TCase *bad = tcase_create("errors");
    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_set_timeout(bad, 60); /* store creation is slow on a loaded machine */
    tcase_add_test(bad, test_store_imports_errors);
    suite_add_tcase(su, bad);
    return su;
}

CHECK_MAIN(gis_store_imports_suite)
