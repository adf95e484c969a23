/*
 * Tests gis/findings.c (finding list, JSON and GeoJSON documents of the output contract) and
 * gis/store_findings.c (runs, fingerprint matching, accepted exceptions, fixed findings).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/findings.h"
#include "gis/store.h"
#include "gis/store_findings.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static char dir[64];
static char path[128];

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_findings_XXXXXX");
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

/* Adds a finding with two units, a message and a polygon geometry located inside it. */
static gis_finding *add(gis_finding_list *l, const char *rule, int sev, const char *a,
                        const char *b, const char *wkt)
{
    gis_error err = {0};
    gis_finding *f = NULL;
    ck_assert_int_eq(gis_finding_list_add(l, rule, sev, &f, &err), GIS_OK);
    ck_assert_int_eq(gis_finding_add_unit(f, a, &err), GIS_OK);
    if (b != NULL)
        ck_assert_int_eq(gis_finding_add_unit(f, b, &err), GIS_OK);
    ck_assert_int_eq(
        gis_finding_set_message(f, &err, "%s与%s之间存在缝隙 %d 平方米", a, b ? b : "-", 12),
        GIS_OK);
    if (wkt != NULL) {
        gis_geom *g = NULL;
        ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &g, &err), GIS_OK);
        gis_finding_set_geom(ctx, f, g);
        ck_assert_int_eq(gis_finding_locate(ctx, f, &err), GIS_OK);
    }
    return f;
}

#define SQ1 "POLYGON((111 32,111.001 32,111.001 32.001,111 32.001,111 32))"
#define SQ2 "POLYGON((111.5 32,111.501 32,111.501 32.001,111.5 32.001,111.5 32))"
#define SQ3 "POLYGON((111.7 32,111.701 32,111.701 32.001,111.7 32.001,111.7 32))"

START_TEST(test_findings_list_basics)
{
    gis_finding_list *l = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    gis_finding *f = add(l, "gap", GIS_SEV_ERROR, "420625101", "420625102", SQ1);
    ck_assert(isnan(f->area_m2) && isnan(f->distance_m));
    /* The located point lies inside the square (known by construction). */
    ck_assert(f->lon > 111 && f->lon < 111.001 && f->lat > 32 && f->lat < 32.001);
    add(l, "overlap", GIS_SEV_WARNING, "420625101", NULL, NULL);
    ck_assert_uint_eq(gis_finding_list_count(l, NULL, -1, -1), 2);
    ck_assert_uint_eq(gis_finding_list_count(l, "gap", GIS_SEV_ERROR, GIS_FINDING_OPEN), 1);
    ck_assert_uint_eq(gis_finding_list_count(l, "gap", GIS_SEV_WARNING, -1), 0);
    ck_assert(gis_finding_list_has_errors(l));
    f->status = GIS_FINDING_ACCEPTED;
    ck_assert(!gis_finding_list_has_errors(l));
    ck_assert_str_eq(gis_severity_name(GIS_SEV_INFO), "info");
    ck_assert_int_eq(gis_severity_parse("warning"), GIS_SEV_WARNING);
    ck_assert_int_eq(gis_severity_parse("fatal"), -1);
    ck_assert_int_eq(gis_finding_status_parse("fixed"), GIS_FINDING_FIXED);
    ck_assert_ptr_null(gis_finding_status_name(7));
    gis_finding_list_free(ctx, l);
    gis_finding_list_free(ctx, NULL);
}
END_TEST

START_TEST(test_findings_errors)
{
    gis_finding_list *l = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    gis_finding *f = NULL;
    int rc = gis_finding_list_add(l, "gap", 9, &f, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "known severity");
    ck_assert_ptr_null(f);
    rc = gis_finding_list_add(l, "", GIS_SEV_ERROR, &f, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "rule name");
    f = add(l, "bad_code", GIS_SEV_ERROR, "42062510", NULL, NULL);
    rc = gis_finding_locate(ctx, f, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "no geometry");
    rc = gis_finding_add_unit(f, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "NULL");
    json_t *doc = NULL;
    rc = gis_findings_to_json(l, NULL, NULL, 0, &doc, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "command");
    ck_assert_ptr_null(doc);
    gis_finding_list_free(ctx, l);
}
END_TEST

START_TEST(test_findings_json_contract)
{
    gis_finding_list *l = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    gis_finding *g1 = add(l, "gap", GIS_SEV_ERROR, "420625101", "420625102", SQ1);
    g1->area_m2 = 2012.4;
    json_object_set_new(g1->details, "sliver", json_true());
    json_object_set_new(g1->details, "width_m", json_real(0.4));
    json_object_set_new(g1->details, "rule", json_string("must not override"));
    add(l, "gap", GIS_SEV_ERROR, "420625103", "420625104", SQ2);
    gis_finding *m = add(l, "marker_off_line", GIS_SEV_WARNING, "420625101", NULL, NULL);
    m->distance_m = 3.25;
    gis_finding *acc = add(l, "overlap", GIS_SEV_ERROR, "420625105", "420625106", SQ3);
    acc->status = GIS_FINDING_ACCEPTED;
    json_t *rules = json_pack("{s:f}", "tolerance_m", 0.5);
    json_t *doc = NULL;
    ck_assert_int_eq(gis_findings_to_json(l, "validate", rules, 301, &doc, &err), GIS_OK);
    json_decref(rules);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "tool")), "jiewang");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "version")), JW_VERSION);
    ck_assert_double_eq(
        json_real_value(json_object_get(json_object_get(doc, "rules"), "tolerance_m")), 0.5);
    json_t *sum = json_object_get(doc, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "units_checked")), 301);
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "findings")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "errors")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "accepted")), 1);
    json_t *by_rule = json_object_get(sum, "by_rule");
    ck_assert_int_eq(json_integer_value(json_object_get(by_rule, "gap")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(by_rule, "marker_off_line")), 1);
    ck_assert_ptr_null(json_object_get(by_rule, "overlap"));
    json_t *fs = json_object_get(doc, "findings");
    ck_assert_uint_eq(json_array_size(fs), 3);
    json_t *f0 = json_array_get(fs, 0);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "rule")), "gap");
    ck_assert_str_eq(json_string_value(json_object_get(f0, "severity")), "error");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(f0, "units"), 1)),
                     "420625102");
    ck_assert_double_eq(json_real_value(json_object_get(f0, "area_m2")), 2012.4);
    ck_assert_ptr_null(json_object_get(f0, "distance_m"));
    ck_assert(json_is_true(json_object_get(f0, "sliver")));
    ck_assert_double_eq(json_real_value(json_object_get(f0, "width_m")), 0.4);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(f0, "message")), "缝隙"));
    ck_assert(json_is_real(json_object_get(f0, "lon")) && json_is_real(json_object_get(f0, "lat")));
    json_t *f2 = json_array_get(fs, 2);
    ck_assert_double_eq(json_real_value(json_object_get(f2, "distance_m")), 3.25);
    ck_assert_ptr_null(json_object_get(f2, "lon"));
    json_t *accd = json_object_get(doc, "accepted");
    ck_assert_uint_eq(json_array_size(accd), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(accd, 0), "status")),
                     "accepted");
    json_decref(doc);
    gis_finding_list_free(ctx, l);
}
END_TEST

START_TEST(test_findings_geojson)
{
    gis_finding_list *l = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    add(l, "gap", GIS_SEV_ERROR, "420625101", "420625102", SQ1);
    gis_finding *p = add(l, "duplicate_code", GIS_SEV_ERROR, "420625101", NULL, NULL);
    p->lon = 111.25;
    p->lat = 32.5;
    add(l, "unit_without_geometry", GIS_SEV_ERROR, "420625107", NULL, NULL);
    json_t *fc = NULL;
    ck_assert_int_eq(gis_findings_to_geojson(ctx, l, &fc, &err), GIS_OK);
    ck_assert_str_eq(json_string_value(json_object_get(fc, "type")), "FeatureCollection");
    json_t *feats = json_object_get(fc, "features");
    ck_assert_uint_eq(json_array_size(feats), 3);
    json_t *g0 = json_object_get(json_array_get(feats, 0), "geometry");
    ck_assert_str_eq(json_string_value(json_object_get(g0, "type")), "Polygon");
    json_t *ring = json_array_get(json_object_get(g0, "coordinates"), 0);
    ck_assert_uint_eq(json_array_size(ring), 5);
    ck_assert_double_eq_tol(json_real_value(json_array_get(json_array_get(ring, 1), 0)), 111.001,
                            1e-9);
    json_t *g1 = json_object_get(json_array_get(feats, 1), "geometry");
    ck_assert_str_eq(json_string_value(json_object_get(g1, "type")), "Point");
    ck_assert_double_eq(json_real_value(json_array_get(json_object_get(g1, "coordinates"), 0)),
                        111.25);
    ck_assert(json_is_null(json_object_get(json_array_get(feats, 2), "geometry")));
    json_t *props = json_object_get(json_array_get(feats, 0), "properties");
    ck_assert_str_eq(json_string_value(json_object_get(props, "rule")), "gap");
    json_decref(fc);
    gis_finding_list_free(ctx, l);
}
END_TEST

START_TEST(test_findings_fingerprint)
{
    gis_finding_list *l = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    gis_finding *a = add(l, "overlap", GIS_SEV_ERROR, "420625102", "420625101", NULL);
    gis_finding *b = add(l, "overlap", GIS_SEV_ERROR, "420625101", "420625102", NULL);
    a->lon = 111.700001;
    a->lat = 32.300001;
    b->lon = 111.700002; /* 0.1 m east: same rounded location */
    b->lat = 32.300002;
    char fa[512], fb[512];
    ck_assert_str_eq(gis_finding_fingerprint(a, fa, sizeof fa),
                     "overlap|420625101,420625102|111.70000,32.30000");
    ck_assert_str_eq(gis_finding_fingerprint(b, fb, sizeof fb), fa);
    b->lon = 111.70003; /* about 3 m east: another location */
    ck_assert_str_ne(gis_finding_fingerprint(b, fb, sizeof fb), fa);
    b->lon = NAN;
    ck_assert_str_eq(gis_finding_fingerprint(b, fb, sizeof fb), "overlap|420625101,420625102|-");
    gis_finding_list_free(ctx, l);
}
END_TEST

/* Builds the run-1 or run-2 list: run 1 = gaps A, B, overlap C; run 2 = A, C, new gap D. */
static gis_finding_list *run_list(int run)
{
    gis_finding_list *l = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    add(l, "gap", GIS_SEV_ERROR, "420625101", "420625102", SQ1);
    if (run == 1)
        add(l, "gap", GIS_SEV_ERROR, "420625103", "420625104", SQ2);
    /* Units in another order in run 2: the fingerprint sorts them. */
    if (run == 1)
        add(l, "overlap", GIS_SEV_ERROR, "420625105", "420625106", SQ3);
    else
        add(l, "overlap", GIS_SEV_ERROR, "420625106", "420625105", SQ3);
    if (run == 2)
        add(l, "gap", GIS_SEV_ERROR, "420625107", "420625108",
            "POLYGON((111.9 32,111.901 32,111.901 32.001,111.9 32))");
    return l;
}

static int64_t stored_id(gis_store *s, const char *rule, const char *unit, int *status)
{
    gis_finding_list *l = NULL;
    gis_error err = {0};
    gis_findings_filter f = {.tool = "validate", .rule = rule, .status = -1};
    ck_assert_int_eq(gis_store_findings_list(ctx, s, &f, &l, &err), GIS_OK);
    int64_t id = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i]->units[0], unit) == 0 || strcmp(l->items[i]->units[1], unit) == 0) {
            ck_assert_int_eq(id, 0); /* one row per fingerprint */
            id = l->items[i]->id;
            *status = l->items[i]->status;
        }
    gis_finding_list_free(ctx, l);
    return id;
}

START_TEST(test_store_findings_runs)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_finding_list *l1 = run_list(1);
    json_t *params = json_pack("{s:f}", "tolerance_m", 0.5);
    gis_findings_sync sync;
    ck_assert_int_eq(gis_store_findings_replace(ctx, s, "validate", params, l1, &sync, &err),
                     GIS_OK);
    ck_assert_int_gt(sync.run_id, 0);
    ck_assert_uint_eq(sync.n_new, 3);
    ck_assert_uint_eq(sync.n_fixed, 0);
    ck_assert_int_gt(l1->items[2]->id, 0);
    int64_t overlap_id = l1->items[2]->id;
    ck_assert_int_eq(gis_store_finding_accept(s, overlap_id, "争议区, 待协商", &err), GIS_OK);
    gis_finding_list_free(ctx, l1);

    gis_finding_list *l2 = run_list(2);
    ck_assert_int_eq(gis_store_findings_replace(ctx, s, "validate", params, l2, &sync, &err),
                     GIS_OK);
    ck_assert_uint_eq(sync.n_new, 1);      /* gap D */
    ck_assert_uint_eq(sync.n_open, 1);     /* gap A */
    ck_assert_uint_eq(sync.n_accepted, 1); /* overlap C */
    ck_assert_uint_eq(sync.n_fixed, 1);    /* gap B */
    ck_assert_int_eq(l2->items[1]->id, overlap_id);
    ck_assert_int_eq(l2->items[1]->status, GIS_FINDING_ACCEPTED);
    ck_assert_str_eq(l2->items[1]->accept_reason, "争议区, 待协商");
    ck_assert(gis_finding_list_has_errors(l2)); /* gaps A and D are open errors */
    gis_finding_list_free(ctx, l2);

    int st = -1;
    ck_assert_int_gt(stored_id(s, "gap", "420625103", &st), 0);
    ck_assert_int_eq(st, GIS_FINDING_FIXED);
    ck_assert_int_eq(stored_id(s, "overlap", "420625105", &st), overlap_id);
    ck_assert_int_eq(st, GIS_FINDING_ACCEPTED);
    /* Filters: status and limit; another tool's findings are untouched by this tool's runs. */
    gis_finding_list *open = NULL;
    gis_findings_filter f = {.status = GIS_FINDING_OPEN, .with_geom = true};
    ck_assert_int_eq(gis_store_findings_list(ctx, s, &f, &open, &err), GIS_OK);
    ck_assert_uint_eq(open->n, 2);
    ck_assert_ptr_nonnull(open->items[0]->geom);
    ck_assert_str_eq(open->items[0]->tool, "validate");
    ck_assert_ptr_nonnull(strstr(open->items[0]->message, "缝隙"));
    gis_finding_list_free(ctx, open);

    /* Run 3: gap B comes back and reopens its old row. */
    gis_finding_list *l3 = run_list(1);
    ck_assert_int_eq(gis_store_findings_replace(ctx, s, "validate", params, l3, &sync, &err),
                     GIS_OK);
    ck_assert_uint_eq(sync.n_new, 1);
    ck_assert_uint_eq(sync.n_fixed, 1); /* gap D */
    ck_assert_int_eq(stored_id(s, "gap", "420625103", &st), l3->items[1]->id);
    ck_assert_int_eq(st, GIS_FINDING_OPEN);
    gis_finding_list_free(ctx, l3);
    json_decref(params);
    gis_store_close(s);
}
END_TEST

START_TEST(test_store_findings_repeats)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_finding_list *l = NULL;
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    for (int i = 0; i < 3; i++)
        add(l, "duplicate_code", GIS_SEV_ERROR, "420625101", NULL, NULL);
    gis_findings_sync sync;
    ck_assert_int_eq(gis_store_findings_replace(ctx, s, "validate", NULL, l, &sync, &err), GIS_OK);
    ck_assert_uint_eq(sync.n_new, 3);
    ck_assert_int_ne(l->items[0]->id, l->items[2]->id);
    ck_assert_int_eq(gis_store_findings_replace(ctx, s, "validate", NULL, l, &sync, &err), GIS_OK);
    ck_assert_uint_eq(sync.n_open, 3);
    ck_assert_uint_eq(sync.n_new, 0);
    gis_finding_list_free(ctx, l);
    gis_store_close(s);
}
END_TEST

START_TEST(test_store_findings_errors)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_finding_list *l = run_list(1);
    int rc = gis_store_findings_replace(ctx, s, "", NULL, l, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "tool name");
    rc = gis_store_finding_accept(s, 999, "原因", &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "no finding with id 999");
    ck_assert_int_eq(gis_store_findings_replace(ctx, s, "validate", NULL, l, NULL, &err), GIS_OK);
    rc = gis_store_finding_accept(s, l->items[0]->id, "", &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "needs a reason");
    gis_finding_list *empty = NULL;
    ck_assert_int_eq(gis_finding_list_new(&empty, &err), GIS_OK);
    ck_assert_int_eq(gis_store_findings_replace(ctx, s, "validate", NULL, empty, NULL, &err),
                     GIS_OK);
    rc = gis_store_finding_accept(s, l->items[0]->id, "原因", &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "is fixed");
    gis_store_close(s);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    rc = gis_store_findings_replace(ctx, s, "validate", NULL, l, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "read-only");
    gis_finding_list_free(ctx, empty);
    gis_finding_list_free(ctx, l);
    gis_store_close(s);
}
END_TEST

static Suite *gis_findings_suite(void)
{
    Suite *s = suite_create("findings");
    TCase *tc = tcase_create("list");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* shared 2-core machine, SpatiaLite subprocesses */
    tcase_add_test(tc, test_findings_list_basics);
    tcase_add_test(tc, test_findings_errors);
    tcase_add_test(tc, test_findings_json_contract);
    tcase_add_test(tc, test_findings_geojson);
    tcase_add_test(tc, test_findings_fingerprint);
    suite_add_tcase(s, tc);
    tc = tcase_create("store");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* shared 2-core machine, SpatiaLite subprocesses */
    tcase_add_test(tc, test_store_findings_runs);
    tcase_add_test(tc, test_store_findings_repeats);
    tcase_add_test(tc, test_store_findings_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_findings_suite)
