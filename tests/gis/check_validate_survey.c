/*
 * Tests gis/validate_markers.c, validate_triple.c, validate_lines.c and validate_closure.c:
 * marker_off_line, duplicate_marker, marker_unknown_line, marker_order,
 * triple_point_without_marker, line_dangle, line_unclosed and two_sided_mismatch. The fixture
 * is drawn in EPSG:4546 metres (x = easting) so that every expected distance and length is
 * known by construction, then transformed to EPSG:4490 as the store holds it.
 */
#include "tests/gis/validate_fixture.h"

#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;

static const char *run_today;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    run_today = NULL;
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

#define X0 550000.0
#define Y0 3570000.0

/* Returns a geometry built from WKT whose coordinates are offsets in metres from X0,Y0 in
 * EPSG:4546, transformed to EPSG:4490. */
static gis_geom *gk(const char *wkt_offsets)
{
    /* Shift by rewriting each "x y" pair: the fixture WKTs hold plain numbers only. */
    char out[2048];
    size_t pos = 0;
    const char *p = wkt_offsets;
    int axis = 0;
    while (*p && pos < sizeof out - 64) {
        if ((*p >= '0' && *p <= '9') || *p == '-') {
            char *end = NULL;
            double v = strtod(p, &end);
            pos += (size_t)snprintf(out + pos, sizeof out - pos, "%.6f", v + (axis ? Y0 : X0));
            axis = !axis;
            p = end;
        } else {
            out[pos++] = *p++;
        }
    }
    out[pos] = '\0';
    gis_error err = {0};
    gis_geom *g = NULL, *t = NULL;
    gis_crs_transform *tr = NULL;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, out, &g, &err), GIS_OK);
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4546", "EPSG:4490", &tr, &err), GIS_OK);
    ck_assert_int_eq(gis_crs_transform_geom(ctx, tr, g, &t, &err), GIS_OK);
    gis_crs_transform_free(tr);
    gis_geom_free(ctx, g);
    return t;
}

typedef struct survey {
    gis_unit units[4];
    gis_boundary_line lines[6];
    gis_marker markers[16];
    size_t n_units, n_lines, n_markers;
    gis_finding_list *out;
} survey;

static void unit(survey *s, const char *code, const char *name, const char *level,
                 const char *parent, const char *wkt)
{
    gis_unit *u = &s->units[s->n_units++];
    vf_unit(ctx, u, code, name, level, parent, NULL);
    u->geom = gk(wkt);
}

static void line(survey *s, const char *code, const char *left, const char *right, const char *by,
                 const char *wkt)
{
    gis_boundary_line *l = &s->lines[s->n_lines++];
    memset(l, 0, sizeof *l);
    l->line_code = strdup(code);
    l->left_code = strdup(left);
    l->right_code = strdup(right);
    l->surveyed_by = strdup(by);
    l->geom = gk(wkt);
}

static void marker(survey *s, const char *number, const char *line_code, double x, double y)
{
    gis_marker *m = &s->markers[s->n_markers++];
    memset(m, 0, sizeof *m);
    m->number = strdup(number);
    m->line_code = strdup(line_code);
    m->type = strdup(number + strlen(number) - 1);
    char wkt[64];
    snprintf(wkt, sizeof wkt, "POINT(%.3f %.3f)", x, y);
    m->geom = gk(wkt);
}

/* County 3000 x 2000 m; A and B below y = 1000 (split at x = 1500), C above. Lines L1 (A|B),
 * L2 (A|C), L3 (B|C); markers every 500 m on L2, a three-faced marker at the triple point
 * (1500,1000), two on L1, two on L3. */
static void build_clean(survey *s)
{
    memset(s, 0, sizeof *s);
    unit(s, "420625", "谷城县", "county", NULL, "POLYGON((0 0,3000 0,3000 2000,0 2000,0 0))");
    unit(s, "420625100", "甲镇", "township", "420625",
         "POLYGON((0 0,1500 0,1500 1000,0 1000,0 0))");
    unit(s, "420625101", "乙镇", "township", "420625",
         "POLYGON((1500 0,3000 0,3000 1000,1500 1000,1500 0))");
    unit(s, "420625102", "丙镇", "township", "420625",
         "POLYGON((0 1000,1500 1000,3000 1000,3000 2000,0 2000,0 1000))");
    line(s, "L1", "420625100", "420625101", "420625100", "LINESTRING(1500 0,1500 1000)");
    line(s, "L2", "420625100", "420625102", "420625100", "LINESTRING(0 1000,1500 1000)");
    line(s, "L3", "420625101", "420625102", "420625101", "LINESTRING(1500 1000,3000 1000)");
    marker(s, "L2001Q", "L2", 0, 1000);
    marker(s, "L2002Q", "L2", 500, 1000);
    marker(s, "L2003Q", "L2", 1000, 1000);
    marker(s, "L2004C", "L2", 1500, 1000);
    marker(s, "L1001Q", "L1", 1500, 0);
    marker(s, "L1002Q", "L1", 1500, 500);
    marker(s, "L3001Q", "L3", 2000, 1000);
    marker(s, "L3002Q", "L3", 2500, 1000);
}

static void run(survey *s)
{
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&s->out, &err), GIS_OK);
    gis_validate_input in = {s->units, s->n_units, s->lines, s->n_lines, s->markers, s->n_markers};
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = GIS_VALIDATE_TOWNSHIP;
    o.today = run_today;
    gis_validate_stats st;
    int rc = gis_validate_run(ctx, &in, &o, s->out, &st, &err);
    ck_assert_msg(rc == GIS_OK, "%s", err.msg);
    ck_assert_int_eq(st.gk_epsg, 4546);
}

static void done(survey *s)
{
    gis_finding_list_free(ctx, s->out);
    for (size_t i = 0; i < s->n_units; i++)
        gis_unit_clear(ctx, &s->units[i]);
    for (size_t i = 0; i < s->n_lines; i++) {
        free(s->lines[i].line_code);
        free(s->lines[i].left_code);
        free(s->lines[i].right_code);
        free(s->lines[i].surveyed_by);
        gis_geom_free(ctx, s->lines[i].geom);
    }
    for (size_t i = 0; i < s->n_markers; i++) {
        free(s->markers[i].number);
        free(s->markers[i].line_code);
        free(s->markers[i].type);
        gis_geom_free(ctx, s->markers[i].geom);
    }
}

static void move_marker(survey *s, size_t i, const char *number, double x, double y)
{
    free(s->markers[i].number);
    s->markers[i].number = strdup(number);
    gis_geom_free(ctx, s->markers[i].geom);
    char wkt[64];
    snprintf(wkt, sizeof wkt, "POINT(%.3f %.3f)", x, y);
    s->markers[i].geom = gk(wkt);
}

START_TEST(test_validate_survey_clean)
{
    survey s;
    build_clean(&s);
    run(&s);
    for (size_t i = 0; i < s.out->n; i++)
        fprintf(stderr, "unexpected: %s %s\n", s.out->items[i]->rule, s.out->items[i]->message);
    ck_assert_uint_eq(s.out->n, 0);
    done(&s);
}
END_TEST

START_TEST(test_validate_markers)
{
    survey s;
    build_clean(&s);
    move_marker(&s, 5, "L1002Q", 1503, 500);  /* 3 m east of L1 */
    move_marker(&s, 7, "L3001Q", 2500, 1000); /* L3001Q now twice */
    move_marker(&s, 1, "L2003Q", 500, 1000);  /* 002 and 003 swapped along L2 */
    move_marker(&s, 2, "L2002Q", 1000, 1000);
    marker(&s, "L9001Q", "L9", 2800, 1000); /* no line L9 */
    run(&s);
    gis_finding *f[4];
    ck_assert_uint_eq(vf_by_rule(s.out, "marker_off_line", f, 4), 1);
    ck_assert_double_eq_tol(f[0]->distance_m, 3.0, 1e-3);
    ck_assert_str_eq(json_string_value(json_object_get(f[0]->details, "marker")), "L1002Q");
    ck_assert(vf_has_unit(f[0], "420625100") && vf_has_unit(f[0], "420625101"));
    ck_assert_ptr_nonnull(strstr(f[0]->message, "3.00 米"));
    ck_assert_uint_eq(vf_by_rule(s.out, "duplicate_marker", f, 4), 1);
    ck_assert_ptr_nonnull(strstr(f[0]->message, "L3001Q"));
    ck_assert_uint_eq(vf_by_rule(s.out, "marker_unknown_line", f, 4), 1);
    ck_assert_ptr_nonnull(strstr(f[0]->message, "L9"));
    ck_assert_uint_eq(vf_by_rule(s.out, "marker_order", f, 4), 1);
    ck_assert_str_eq(json_string_value(json_object_get(f[0]->details, "marker")), "L2003Q");
    ck_assert_uint_eq(vf_by_rule(s.out, "triple_point_without_marker", f, 4), 0);
    done(&s);
}
END_TEST

START_TEST(test_validate_triple_point)
{
    survey s;
    build_clean(&s);
    move_marker(&s, 3, "L2004C", 1500, 1001); /* 1 m from the triple point: beyond 0.5 m */
    run(&s);
    gis_finding *f[4];
    ck_assert_uint_eq(vf_by_rule(s.out, "triple_point_without_marker", f, 4), 1);
    ck_assert_uint_eq(f[0]->n_units, 3);
    ck_assert(vf_has_unit(f[0], "420625100") && vf_has_unit(f[0], "420625101") &&
              vf_has_unit(f[0], "420625102"));
    /* Located at the triple point: compare with the fixture's point transformed by SpatiaLite. */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT X(Transform(MakePoint(%.3f,%.3f,4546),4490));\n", X0 + 1500,
             Y0 + 1000);
    ck_assert_double_eq_tol(f[0]->lon, vf_spatialite_real(sql), 1e-8);
    ck_assert_ptr_nonnull(strstr(f[0]->message, "三交点"));
    /* The marker is 1 m off its line too. */
    ck_assert_uint_eq(vf_by_rule(s.out, "marker_off_line", f, 4), 1);
    ck_assert_double_eq_tol(f[0]->distance_m, 1.0, 1e-3);
    done(&s);
}
END_TEST

START_TEST(test_validate_lines)
{
    survey s;
    build_clean(&s);
    /* L3 stops 100 m short of the county outline: a dangle, and 99 m (100 m less the 0.5 m
     * tolerance at both ends) of the B and C boundaries without a line. */
    gis_geom_free(ctx, s.lines[2].geom);
    s.lines[2].geom = gk("LINESTRING(1500 1000,2900 1000)");
    /* A second survey of L1 by 乙镇 with its middle 2 m east: Hausdorff distance 2 m. */
    line(&s, "L1", "420625100", "420625101", "420625101", "LINESTRING(1500 0,1502 500,1500 1000)");
    run(&s);
    gis_finding *f[4];
    ck_assert_uint_eq(vf_by_rule(s.out, "line_dangle", f, 4), 1);
    ck_assert_str_eq(json_string_value(json_object_get(f[0]->details, "line_code")), "L3");
    ck_assert_uint_eq(vf_by_rule(s.out, "line_unclosed", f, 4), 2);
    for (int i = 0; i < 2; i++)
        ck_assert_double_eq_tol(json_real_value(json_object_get(f[i]->details, "length_m")), 99.0,
                                0.1);
    ck_assert(vf_has_unit(f[0], "420625101") || vf_has_unit(f[1], "420625101"));
    ck_assert(vf_has_unit(f[0], "420625102") || vf_has_unit(f[1], "420625102"));
    ck_assert_uint_eq(vf_by_rule(s.out, "two_sided_mismatch", f, 4), 1);
    ck_assert_double_eq_tol(f[0]->distance_m, 2.0, 1e-3);
    ck_assert_ptr_nonnull(strstr(f[0]->message, "甲镇 与 乙镇"));
    /* The marker at L1's middle is still on L1's first version. */
    ck_assert_uint_eq(vf_by_rule(s.out, "marker_off_line", f, 4), 0);
    done(&s);
}
END_TEST

START_TEST(test_validate_inspection)
{
    /* BND-13: 5 years between joint inspections. L1 was inspected 7 years before "today", L2
     * 4 years before, L3 never (no date, nothing to say). */
    survey s;
    build_clean(&s);
    s.lines[0].inspected_on = strdup("2019-06-30");
    s.lines[1].inspected_on = strdup("2022-11-30");
    run_today = "2026-11-29";
    run(&s);
    gis_finding *f[4];
    ck_assert_uint_eq(vf_by_rule(s.out, "inspection_overdue", f, 4), 1);
    ck_assert_str_eq(json_string_value(json_object_get(f[0]->details, "line_code")), "L1");
    ck_assert_int_eq(f[0]->severity, GIS_SEV_WARNING);
    ck_assert_ptr_nonnull(strstr(f[0]->message, "2019-06-30"));
    ck_assert(!gis_finding_list_has_errors(s.out));
    for (size_t i = 0; i < 2; i++) {
        free(s.lines[i].inspected_on);
        s.lines[i].inspected_on = NULL;
    }
    done(&s);
}
END_TEST

START_TEST(test_validate_markers_without_lines)
{
    /* Without boundary lines, township boundaries stand in: an off-boundary marker is still
     * found, line codes are not checked, and lines rules stay silent. */
    survey s;
    build_clean(&s);
    for (size_t i = 0; i < s.n_lines; i++) {
        free(s.lines[i].line_code);
        free(s.lines[i].left_code);
        free(s.lines[i].right_code);
        free(s.lines[i].surveyed_by);
        gis_geom_free(ctx, s.lines[i].geom);
    }
    s.n_lines = 0;
    move_marker(&s, 6, "L3001Q", 2000, 1010);
    run(&s);
    gis_finding *f[4];
    ck_assert_uint_eq(vf_by_rule(s.out, "marker_off_line", f, 4), 1);
    ck_assert_double_eq_tol(f[0]->distance_m, 10.0, 1e-3);
    ck_assert_uint_eq(vf_by_rule(s.out, "marker_unknown_line", f, 4), 0);
    ck_assert_uint_eq(s.out->n, 1);
    done(&s);
}
END_TEST

static Suite *gis_validate_survey_suite(void)
{
    Suite *s = suite_create("validate_survey");
    TCase *tc = tcase_create("survey");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* shared 2-core machine, SpatiaLite subprocesses */
    tcase_add_test(tc, test_validate_survey_clean);
    tcase_add_test(tc, test_validate_markers);
    tcase_add_test(tc, test_validate_triple_point);
    tcase_add_test(tc, test_validate_lines);
    tcase_add_test(tc, test_validate_markers_without_lines);
    tcase_add_test(tc, test_validate_inspection);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_validate_survey_suite)
