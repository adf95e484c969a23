/*
 * Tests gis/coverage_report*.c and gis/coverage_*.c end to end on a tiny county built in a
 * temporary store: two townships, four villages and an urban community, two cemeteries (one
 * inside a no-burial zone, one short of plots), graves, care facilities. Expected counts are
 * known by construction; stored rows are read back with the sqlite3 program.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gis/coverage_report.h"
#include "gis/store_coverage.h"
#include "gis/store_facilities.h"
#include "gis/store_units.h"
#include "tests/gis/cov_fixture.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static char dir[64], path[128];

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_covr_XXXXXX");
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

static void unit(gis_store *s, const char *code, const char *name, const char *level,
                 const char *parent, double x0, double x1, int64_t pop, int64_t older)
{
    gis_unit u = {.code = (char *)code,
                  .name = (char *)name,
                  .level = (char *)level,
                  .parent_code = (char *)parent,
                  .population = pop,
                  .older_population = older};
    u.geom = cov_box(ctx, x0, 32.0, x1, 32.1);
    ck_assert_int_eq(gis_store_unit_insert(ctx, s, &u, 0, NULL), GIS_OK);
    gis_geom_free(ctx, u.geom);
}

static void facility(gis_store *s, const char *kind, const char *name, const char *code, double x,
                     int64_t capacity, int64_t used, int64_t beds)
{
    gis_facility f = cov_cemetery(name, code, NULL, cov_point(ctx, x, 32.05));
    f.kind = (char *)kind;
    f.capacity = capacity;
    f.used = used;
    f.beds = beds;
    ck_assert_int_eq(gis_store_facility_insert(ctx, s, &f, 0, NULL), GIS_OK);
    gis_geom_free(ctx, f.geom);
}

static void grave(gis_store *s, double x, bool prot, const char *built)
{
    gis_grave g = {
        .is_protected = prot, .status = (char *)"identified", .built_date = (char *)built};
    g.geom = cov_point(ctx, x, 32.02);
    ck_assert_int_eq(gis_store_grave_insert(ctx, s, &g, 0, NULL), GIS_OK);
    gis_geom_free(ctx, g.geom);
}

/* County [111.0,111.5]: 甲镇 = villages A [111.0,111.1], B [111.1,111.2] and community C
 * [111.2,111.3]; 乙乡 = villages D [111.3,111.4], E [111.4,111.5]. Cemeteries in A (plenty)
 * and D (10 free plots for 1,000 people: 1.4 years). Zone [111.35,111.45] holds D's cemetery
 * and four graves (one protected, one built after the effective date). */
static void build(void)
{
    gis_store *s = NULL;
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, NULL), GIS_OK);
    ck_assert_int_eq(gis_store_begin(s, NULL), GIS_OK);
    unit(s, "420625", "测试县", "county", NULL, 111.0, 111.5, -1, -1);
    unit(s, "420625101", "甲镇", "township", "420625", 111.0, 111.3, -1, -1);
    unit(s, "420625201", "乙乡", "township", "420625", 111.3, 111.5, -1, -1);
    unit(s, "420625101201", "A村委会", "village", "420625101", 111.0, 111.1, 1000, 200);
    unit(s, "420625101202", "B村委会", "village", "420625101", 111.1, 111.2, 1000, 200);
    unit(s, "420625101001", "C社区居委会", "village", "420625101", 111.2, 111.3, 5000, 600);
    unit(s, "420625201201", "D村委会", "village", "420625201", 111.3, 111.4, 1000, 300);
    unit(s, "420625201202", "E村委会", "village", "420625201", 111.4, 111.5, 1000, 300);
    facility(s, "public_cemetery", "A村公墓", "420625101201", 111.05, 10000, 0, -1);
    facility(s, "public_cemetery", "D村公墓", "420625201201", 111.38, 100, 90, -1);
    facility(s, "elderly_care_centre", "甲镇养老中心", "420625101201", 111.06, -1, -1, 20);
    facility(s, "happiness_home", "A村幸福院", "420625101201", 111.07, -1, -1, 10);
    gis_zone z = {.name = (char *)"水库禁葬区",
                  .reason = (char *)"reservoir",
                  .effective_date = (char *)"2020-01-01"};
    z.geom = cov_box(ctx, 111.35, 32.0, 111.45, 32.1);
    ck_assert_int_eq(gis_store_zone_insert(ctx, s, &z, 0, NULL), GIS_OK);
    gis_geom_free(ctx, z.geom);
    grave(s, 111.36, false, "2010-01-01");
    grave(s, 111.37, true, "2010-01-01");
    grave(s, 111.35, false, "2021-01-01"); /* on the zone edge */
    grave(s, 111.44, false, NULL);         /* in E */
    grave(s, 111.15, false, NULL);         /* in B, no zone */
    ck_assert_int_eq(gis_store_commit(s, NULL), GIS_OK);
    gis_store_close(s);
}

static const json_t *township(const json_t *sum, size_t i)
{
    return json_array_get(json_object_get(sum, "townships"), i);
}

static json_int_t geti(const json_t *o, const char *k)
{
    ck_assert_msg(json_is_integer(json_object_get(o, k)), "key %s", k);
    return json_integer_value(json_object_get(o, k));
}

START_TEST(test_report_run_and_save)
{
    build();
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, 0, &s, &err), GIS_OK);
    gis_coverage_options o;
    gis_coverage_options_defaults(&o);
    o.profile.min_candidate_site_m2 = 1000;
    gis_coverage_report *r = NULL;
    ck_assert_msg(gis_coverage_report_run(ctx, s, &o, &r, &err) == GIS_OK, "%s", err.msg);
    const json_t *sum = gis_coverage_report_summary(r), *county = json_object_get(sum, "county");
    ck_assert_int_eq(geti(county, "villages_in_scope"), 4);
    ck_assert_int_eq(geti(county, "covered"), 2);
    ck_assert_int_eq(geti(county, "uncovered"), 2);
    ck_assert_int_eq(geti(county, "urban_communities"), 1);
    ck_assert_double_eq_tol(json_real_value(json_object_get(county, "coverage_rate")), 0.5, 1e-12);
    ck_assert_int_eq(geti(township(sum, 0), "uncovered"), 1);
    ck_assert_int_eq(geti(township(sum, 1), "covered"), 1);
    ck_assert_int_eq(geti(township(sum, 1), "elderly_care_centres"), 0);
    const json_t *g = json_object_get(sum, "graves");
    ck_assert_int_eq(geti(g, "total"), 5);
    ck_assert_int_eq(geti(g, "in_zone"), 4);
    ck_assert_int_eq(geti(g, "protected_in_zone"), 1);
    ck_assert_int_eq(geti(g, "to_relocate"), 3);
    ck_assert_int_eq(geti(g, "new_illegal"), 1);
    gis_finding_list *l = gis_coverage_report_findings(r);
    ck_assert_uint_eq(gis_finding_list_count(l, "uncovered_village", GIS_SEV_ERROR, -1), 2);
    ck_assert_uint_eq(gis_finding_list_count(l, "cemetery_in_no_burial_zone", -1, -1), 1);
    ck_assert_uint_eq(gis_finding_list_count(l, "cemetery_capacity_low", -1, -1), 1);
    ck_assert_uint_eq(gis_finding_list_count(l, "graves_to_relocate", -1, -1), 1);
    ck_assert_uint_eq(gis_finding_list_count(l, "township_without_elderly_facility", -1, -1), 1);
    ck_assert_uint_eq(gis_finding_list_count(l, "happiness_home_rate_below_target", -1, -1), 1);
    /* Beds 30 for 1,600 older residents = 18.75 per 1,000 < 35. */
    ck_assert_uint_eq(gis_finding_list_count(l, "beds_below_target", -1, -1), 1);
    /* B is uncovered and outside the zone: one site, the whole village. */
    ck_assert_uint_eq(gis_finding_list_count(l, "candidate_site", GIS_SEV_INFO, -1), 2);
    ck_assert(gis_finding_list_has_errors(l));
    int64_t run = 0;
    ck_assert_msg(gis_coverage_report_save(r, s, &run, &err) == GIS_OK, "%s", err.msg);
    ck_assert_int_gt(run, 0);
    gis_coverage_row *rows = NULL;
    size_t n = 0;
    int64_t stored_run = 0;
    ck_assert_int_eq(gis_store_coverage_load(s, &rows, &n, &stored_run, &err), GIS_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(stored_run, run);
    ck_assert_str_eq(rows[0].code, "420625101001");
    ck_assert_str_eq(rows[0].status, "urban");
    ck_assert_str_eq(rows[1].status, "covered");
    ck_assert_str_eq(rows[2].status, "uncovered");
    ck_assert_str_eq(rows[3].status, "covered");
    ck_assert_int_eq(rows[3].graves_inside, 3);
    ck_assert_int_eq(rows[3].graves_to_relocate, 2);
    ck_assert_str_eq(rows[4].status, "uncovered");
    ck_assert_int_eq(rows[4].graves_to_relocate, 1);
    /* E's nearest cemetery is D's at 111.38, 0.02° of longitude west of E's edge at 111.40:
     * on a sphere 0.02 x 111,320 m x cos(32.05°), about 1,887 m (±5 m for the ellipsoid). */
    ck_assert_double_eq_tol(rows[4].nearest_distance_m, 0.02 * 111320 * cos(32.05 * M_PI / 180), 5);
    gis_coverage_rows_free(rows, n);
    json_t *doc = NULL;
    ck_assert_int_eq(gis_coverage_report_to_json(r, "coverage", &doc, &err), GIS_OK);
    ck_assert(json_is_object(json_object_get(json_object_get(doc, "summary"), "coverage")));
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(doc, "summary"), "units_checked")), 5);
    json_decref(doc);
    ck_assert_int_eq(gis_coverage_report_write_csv(r, dir, &err), GIS_OK);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "grep -c . %s/village_coverage.csv | grep -qx 6 && grep -q '^420625201,乙乡,' "
             "%s/township_rates.csv && grep -c . %s/graves_to_relocate.csv | grep -qx 4 && "
             "grep -q ',水库禁葬区,111.3500000,32.0200000,2021-01-01,identified,new_illegal$' "
             "%s/graves_to_relocate.csv",
             dir, dir, dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_coverage_report_free(r);
    gis_store_close(s);
}
END_TEST

START_TEST(test_report_errors)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_coverage_options o;
    gis_coverage_options_defaults(&o);
    gis_coverage_report *r = NULL;
    int rc = gis_coverage_report_run(ctx, s, &o, &r, &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "has no villages");
    ck_assert_ptr_null(r);
    gis_store_close(s);
    gis_coverage_report_free(NULL);
    /* CSV into a folder that does not exist. */
    build();
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    o.skip_graves = true;
    ck_assert_int_eq(gis_coverage_report_run(ctx, s, &o, &r, &err), GIS_OK);
    rc = gis_coverage_report_write_csv(r, "/nonexistent/dir", &err);
    ck_assert_fails_with(rc, err, GIS_EIO, "/nonexistent/dir/village_coverage.csv");
    /* Saving needs a writable store. */
    rc = gis_coverage_report_save(r, s, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "read-only");
    gis_coverage_report_free(r);
    gis_store_close(s);
}
END_TEST

START_TEST(test_report_repairs_invalid_village)
{
    build();
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, 0, &s, &err), GIS_OK);
    /* A self-intersecting (bow-tie) village across the zone: without the repair GEOS refuses the
     * overlay of its candidate sites (TopologyException). */
    gis_unit u = {.code = (char *)"420625201203",
                  .name = (char *)"F村委会",
                  .level = (char *)"village",
                  .parent_code = (char *)"420625201",
                  .population = 100,
                  .older_population = -1};
    u.geom = cov_wkt(ctx, "MULTIPOLYGON(((111.42 32.0,111.52 32.1,111.52 32.0,111.42 32.1,111.42 "
                          "32.0)))");
    ck_assert_int_eq(gis_store_unit_insert(ctx, s, &u, 0, NULL), GIS_OK);
    gis_geom_free(ctx, u.geom);
    /* And a village without any polygon. */
    u.geom = NULL;
    u.code = (char *)"420625201204";
    u.name = (char *)"G村委会";
    ck_assert_int_eq(gis_store_unit_insert(ctx, s, &u, 0, NULL), GIS_OK);
    gis_coverage_options o;
    gis_coverage_options_defaults(&o);
    gis_coverage_report *r = NULL;
    ck_assert_msg(gis_coverage_report_run(ctx, s, &o, &r, &err) == GIS_OK, "%s", err.msg);
    const json_t *sum = gis_coverage_report_summary(r), *county = json_object_get(sum, "county");
    ck_assert_int_eq(geti(county, "villages_in_scope"), 6);
    ck_assert_int_eq(geti(county, "uncovered"), 4);
    ck_assert_int_eq(json_array_size(json_object_get(sum, "repaired_geometries")), 1);
    gis_coverage_report_free(r);
    gis_store_close(s);
}
END_TEST

static Suite *gis_cov_report_suite(void)
{
    Suite *s = suite_create("cov_report");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_report_run_and_save);
    tcase_add_test(tc, test_report_repairs_invalid_village);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_report_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_cov_report_suite)
