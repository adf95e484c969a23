/*
 * Tests gis/grave_analysis.c and gis/store_coverage.c: graves on a zone edge (inside by
 * convention), protected graves excluded from relocation, statuses, new illegal graves versus
 * backlog by the zone's effective date (BUR-09), graves on a shared village edge and outside
 * every village, streaming graves from a store, and village_coverage round trips.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "gis/grave_analysis.h"
#include "gis/store_coverage.h"
#include "gis/store_facilities.h"
#include "tests/gis/cov_fixture.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static char dir[64], path[128];
static gis_unit villages[2];
static gis_zone zones[2];

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_cov_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
    villages[0] =
        cov_village("420625101201", "甲村委会", cov_box(ctx, 111.0, 32.0, 111.1, 32.1), 1);
    villages[1] =
        cov_village("420625101202", "乙村委会", cov_box(ctx, 111.1, 32.0, 111.2, 32.1), 1);
    /* Zone 0 = [111.05,111.15] x [32.0,32.05], effective 2020-01-01; zone 1 overlaps it. */
    zones[0] = (gis_zone){.id = 1,
                          .name = (char *)"一号",
                          .effective_date = (char *)"2020-01-01",
                          .geom = cov_box(ctx, 111.05, 32.0, 111.15, 32.05)};
    zones[1] = (gis_zone){.id = 2,
                          .name = (char *)"二号",
                          .effective_date = NULL,
                          .geom = cov_box(ctx, 111.14, 32.0, 111.16, 32.05)};
}

static void teardown(void)
{
    for (int i = 0; i < 2; i++) {
        gis_geom_free(ctx, villages[i].geom);
        gis_geom_free(ctx, zones[i].geom);
    }
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_ctx_free(ctx);
}

static void add(gis_grave_analysis *a, int64_t id, double x, double y, bool prot,
                const char *status, const char *built, const char *code)
{
    gis_grave_point g = {.id = id,
                         .village_code = code,
                         .is_protected = prot,
                         .status = status,
                         .built_date = built,
                         .lon = x,
                         .lat = y};
    gis_error err = {0};
    ck_assert_msg(gis_grave_analysis_add(a, &g, &err) == GIS_OK, "%s", err.msg);
}

START_TEST(test_graves_edge_protected_dates)
{
    gis_grave_analysis *a = NULL;
    ck_assert_int_eq(gis_grave_analysis_new(ctx, villages, 2, zones, 2, &a, NULL), GIS_OK);
    add(a, 1, 111.05, 32.02, false, "identified", "2019-05-01", NULL); /* on zone 0's west edge */
    add(a, 2, 111.06, 32.05, false, "notified", "2020-01-01", NULL);  /* north edge, built on day */
    add(a, 3, 111.07, 32.03, true, "identified", "2021-01-01", NULL); /* protected */
    add(a, 4, 111.08, 32.03, false, "moved", NULL, NULL);             /* done */
    add(a, 5, 111.09, 32.03, false, "exempt", NULL, NULL);
    add(a, 6, 111.145, 32.01, false, "identified", "2022-02-02", NULL);  /* zones 0 and 1 */
    add(a, 7, 111.05 - 1e-9, 32.02, false, "identified", NULL, NULL);    /* just outside */
    add(a, 8, 111.30, 32.02, false, "identified", NULL, "420625101202"); /* outside villages */
    add(a, 9, 112.00, 33.00, false, "identified", NULL, "999");          /* unknown village */
    ck_assert_int_eq(a->county.total, 9);
    ck_assert_int_eq(a->county.in_zone, 6);
    ck_assert_int_eq(a->county.protected_in_zone, 1);
    ck_assert_int_eq(a->county.to_relocate, 3); /* 1, 2, 6 */
    ck_assert_int_eq(a->county.new_illegal, 2); /* 2 (built on the effective day) and 6 */
    ck_assert_int_eq(a->county.backlog, 1);
    ck_assert_int_eq(a->county.by_status[GIS_GRAVE_IDENTIFIED], 3);
    ck_assert_int_eq(a->county.by_status[GIS_GRAVE_MOVED], 1);
    ck_assert_int_eq(a->county.by_status[GIS_GRAVE_EXEMPT], 1);
    ck_assert_int_eq(a->by_status[GIS_GRAVE_IDENTIFIED], 6); /* 1, 3, 6, 7, 8, 9 */
    ck_assert_int_eq(a->by_status[GIS_GRAVE_NOTIFIED], 1);
    ck_assert_int_eq(a->zones[0].in_zone, 6);
    ck_assert_int_eq(a->zones[1].in_zone, 1);
    /* Zone 1 has no effective date: its grave is backlog there. */
    ck_assert_int_eq(a->zones[1].backlog, 1);
    ck_assert_int_eq(a->zones[1].new_illegal, 0);
    ck_assert_int_eq(a->villages[0].total, 6); /* 1-5 and 7 */
    ck_assert_int_eq(a->villages[0].in_zone, 5);
    ck_assert_int_eq(a->villages[0].to_relocate, 2);
    ck_assert_int_eq(a->villages[1].total, 2); /* 6 and 8 (by its village_code) */
    ck_assert_int_eq(a->n_outside_villages, 1);
    ck_assert_uint_eq(a->n_relocations, 3);
    ck_assert_int_eq(a->relocations[0].grave_id, 1);
    ck_assert(!a->relocations[0].is_new_illegal);
    ck_assert_str_eq(a->relocations[0].built_date, "2019-05-01");
    ck_assert_int_eq(a->relocations[2].grave_id, 6);
    ck_assert_int_eq(a->relocations[2].village, 1);
    ck_assert_int_eq(a->relocations[2].zone, 0);
    gis_grave_analysis_free(a);
}
END_TEST

START_TEST(test_graves_shared_village_edge)
{
    gis_grave_analysis *a = NULL;
    ck_assert_int_eq(gis_grave_analysis_new(ctx, villages, 2, zones, 0, &a, NULL), GIS_OK);
    add(a, 1, 111.1, 32.05, false, "identified", NULL, "420625101202");
    /* On the shared edge: the first village in the given order. */
    ck_assert_int_eq(a->villages[0].total, 1);
    ck_assert_int_eq(a->villages[1].total, 0);
    ck_assert_int_eq(a->county.in_zone, 0);
    ck_assert_str_eq(gis_grave_status_name(GIS_GRAVE_DEEP_BURIED), "deep_buried");
    ck_assert_ptr_null(gis_grave_status_name(GIS_GRAVE_STATUS_COUNT));
    gis_grave_analysis_free(a);
    gis_grave_analysis_free(NULL);
}
END_TEST

static void insert_grave(gis_store *s, double x, double y, bool prot, const char *status)
{
    gis_grave g = {0};
    g.is_protected = prot;
    g.status = (char *)status;
    g.built_date = (char *)"2021-06-01";
    g.village_code = (char *)"420625101201";
    g.geom = cov_point(ctx, x, y);
    ck_assert_int_eq(gis_store_grave_insert(ctx, s, &g, 0, NULL), GIS_OK);
    gis_geom_free(ctx, g.geom);
}

START_TEST(test_graves_scan_store)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    insert_grave(s, 111.05, 32.02, false, "identified");
    insert_grave(s, 111.123456789, 32.0987654321, true, "exempt");
    insert_grave(s, 111.07, 32.03, false, "notified");
    gis_grave_analysis *a = NULL;
    ck_assert_int_eq(gis_grave_analysis_new(ctx, villages, 2, zones, 2, &a, NULL), GIS_OK);
    ck_assert_int_eq(gis_grave_analysis_scan(a, s, &err), GIS_OK);
    ck_assert_int_eq(a->county.total, 3);
    ck_assert_int_eq(a->county.in_zone, 2);
    ck_assert_int_eq(a->county.to_relocate, 2);
    ck_assert_int_eq(a->county.new_illegal, 2);
    ck_assert_int_eq(a->villages[1].total, 1);
    /* Coordinates decoded from the blob are the inserted doubles, bit for bit. */
    ck_assert_double_eq(a->relocations[0].lon, 111.05);
    ck_assert_double_eq(a->relocations[1].lat, 32.03);
    gis_grave_analysis_free(a);
    gis_store_close(s);
    /* SpatiaLite's compact TinyPoint blobs decode too. */
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "spatialite %s \"SELECT EnableTinyPoint(); UPDATE grave SET geom = "
             "MakePoint(111.0625, 32.03125, 4490) WHERE id = 3;\" >/dev/null 2>&1",
             path);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    ck_assert_int_eq(gis_grave_analysis_new(ctx, villages, 2, zones, 2, &a, NULL), GIS_OK);
    ck_assert_int_eq(gis_grave_analysis_scan(a, s, &err), GIS_OK);
    ck_assert_uint_eq(a->n_relocations, 2);
    ck_assert_double_eq(a->relocations[1].lon, 111.0625);
    ck_assert_double_eq(a->relocations[1].lat, 32.03125);
    gis_grave_analysis_free(a);
    gis_store_close(s);
}
END_TEST

static int stop_at_second(void *user, const gis_grave_point *g)
{
    int *seen = user;
    (*seen)++;
    return g->id == 2 ? GIS_EINVAL : GIS_OK;
}

START_TEST(test_graves_scan_errors)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    insert_grave(s, 111.05, 32.02, false, "identified");
    insert_grave(s, 111.06, 32.02, false, "identified");
    insert_grave(s, 111.07, 32.02, false, "identified");
    int seen = 0;
    ck_assert_int_eq(gis_store_graves_scan(s, stop_at_second, &seen, NULL, &err), GIS_EINVAL);
    ck_assert_int_eq(seen, 2);
    gis_store_close(s);
    /* A grave geometry that is not a SpatiaLite point blob: bypass the geometry triggers. */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "sqlite3 %s \"SELECT 'DROP TRIGGER \\\"' || name || '\\\";' FROM sqlite_master "
             "WHERE type = 'trigger' AND tbl_name = 'grave'\" | sqlite3 %s && "
             "sqlite3 %s \"UPDATE grave SET geom = x'0001' WHERE id = 3\"",
             path, path, path);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    seen = 0;
    int64_t skipped = -1;
    int rc = gis_store_graves_scan(s, stop_at_second, &seen, &skipped, &err);
    ck_assert_int_eq(rc, GIS_EINVAL); /* stops at grave 2 before reaching 3 */
    gis_store_close(s);
    snprintf(cmd, sizeof cmd, "sqlite3 %s \"UPDATE grave SET geom = NULL WHERE id = 1\"", path);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    gis_grave_analysis *a = NULL;
    ck_assert_int_eq(gis_grave_analysis_new(ctx, villages, 2, zones, 2, &a, NULL), GIS_OK);
    rc = gis_grave_analysis_scan(a, s, &err);
    ck_assert_fails_with(rc, err, GIS_EGEOM, "grave 3: geometry is not a SpatiaLite XY point");
    ck_assert_int_eq(gis_store_graves_scan(s, stop_at_second, &seen, &skipped, &err), GIS_EINVAL);
    ck_assert_int_eq(skipped, 1);
    gis_grave_analysis_free(a);
    gis_store_close(s);
}
END_TEST

START_TEST(test_coverage_rows_round_trip)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_coverage_row rows[2] = {
        {.code = "420625101201",
         .status = GIS_COV_COVERED,
         .cemetery_ids = "3,7",
         .nearest_id = 3,
         .nearest_distance_m = 0,
         .graves_inside = 5,
         .graves_to_relocate = 4},
        {.code = "420625101202",
         .status = GIS_COV_UNCOVERED,
         .nearest_id = -1,
         .nearest_distance_m = NAN,
         .graves_inside = -1,
         .graves_to_relocate = -1},
    };
    ck_assert_int_eq(gis_store_coverage_write(s, rows, 2, -1, &err), GIS_OK);
    /* A second write replaces the first wholesale. */
    ck_assert_int_eq(gis_store_coverage_write(s, rows, 2, -1, &err), GIS_OK);
    gis_coverage_row *got = NULL;
    size_t n = 0;
    int64_t run = 0;
    ck_assert_int_eq(gis_store_coverage_load(s, &got, &n, &run, &err), GIS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(run, -1);
    ck_assert_str_eq(got[0].cemetery_ids, "3,7");
    ck_assert_int_eq(got[0].graves_to_relocate, 4);
    ck_assert_str_eq(got[1].status, "uncovered");
    ck_assert_ptr_null(got[1].cemetery_ids);
    ck_assert(isnan(got[1].nearest_distance_m));
    ck_assert_int_eq(got[1].nearest_id, -1);
    gis_coverage_rows_free(got, n);
    /* A row without status fails and leaves the table as it was. */
    rows[1].status = NULL;
    int rc = gis_store_coverage_write(s, rows, 2, -1, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "village coverage row without status");
    ck_assert_int_eq(gis_store_coverage_load(s, &got, &n, NULL, &err), GIS_OK);
    ck_assert_uint_eq(n, 2);
    gis_coverage_rows_free(got, n);
    /* Inside the caller's transaction the write commits or rolls back with it. */
    ck_assert_int_eq(gis_store_begin(s, &err), GIS_OK);
    rows[1].status = GIS_COV_URBAN;
    ck_assert_int_eq(gis_store_coverage_write(s, rows, 1, -1, &err), GIS_OK);
    gis_store_rollback(s);
    ck_assert_int_eq(gis_store_coverage_load(s, &got, &n, NULL, &err), GIS_OK);
    ck_assert_uint_eq(n, 2);
    gis_coverage_rows_free(got, n);
    ck_assert_int_eq(gis_store_begin(s, &err), GIS_OK);
    ck_assert_int_eq(gis_store_coverage_write(s, rows, 1, -1, &err), GIS_OK);
    ck_assert_int_eq(gis_store_commit(s, &err), GIS_OK);
    ck_assert_int_eq(gis_store_coverage_load(s, &got, &n, NULL, &err), GIS_OK);
    ck_assert_uint_eq(n, 1);
    gis_coverage_rows_free(got, n);
    gis_store_close(s);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    rc = gis_store_coverage_write(s, rows, 1, -1, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "read-only");
    gis_store_close(s);
}
END_TEST

static Suite *gis_cov_graves_suite(void)
{
    Suite *s = suite_create("cov_graves");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_graves_edge_protected_dates);
    tcase_add_test(tc, test_graves_shared_village_edge);
    tcase_add_test(tc, test_graves_scan_store);
    tcase_add_test(tc, test_coverage_rows_round_trip);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_graves_scan_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_cov_graves_suite)
