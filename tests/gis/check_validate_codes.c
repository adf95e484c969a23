/*
 * Tests gis/validate_codes.c and the unit rules of gis/validate.c: bad_code, duplicate_code,
 * parent_mismatch, unit_without_geometry, parent_without_children, levels, and
 * gis_validate_store() on a store (findings round trip through gis/store_findings.c).
 */
#include "tests/gis/validate_fixture.h"

#include "gis/store.h"
#include "gis/store_units.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

#define CTY "POLYGON((111 32,111.02 32,111.02 32.01,111 32.01,111 32))"
#define TA "POLYGON((111 32,111.01 32,111.01 32.01,111 32.01,111 32))"
#define TB "POLYGON((111.01 32,111.02 32,111.02 32.01,111.01 32.01,111.01 32))"
#define VA1 "POLYGON((111 32,111.01 32,111.01 32.005,111 32.005,111 32))"
#define VA2 "POLYGON((111 32.005,111.01 32.005,111.01 32.01,111 32.01,111 32.005))"
#define VB1 TB

typedef struct set {
    gis_unit u[10];
    size_t n;
    gis_finding_list *out;
} set;

static void clean(set *s)
{
    memset(s, 0, sizeof *s);
    vf_unit(ctx, &s->u[s->n++], "420625", "谷城县", "county", NULL, CTY);
    vf_unit(ctx, &s->u[s->n++], "420625100", "城关镇", "township", "420625", TA);
    vf_unit(ctx, &s->u[s->n++], "420625101", "石花镇", "township", "420625", TB);
    vf_unit(ctx, &s->u[s->n++], "420625100001", "东街社区", "village", "420625100", VA1);
    vf_unit(ctx, &s->u[s->n++], "420625100201", "黄康村", "village", "420625100", VA2);
    vf_unit(ctx, &s->u[s->n++], "420625101201", "石花村", "village", "420625101", VB1);
}

static void replace(set *s, size_t i, const char *code, const char *level, const char *parent,
                    const char *wkt)
{
    char *name = strdup(s->u[i].name);
    gis_unit_clear(ctx, &s->u[i]);
    vf_unit(ctx, &s->u[i], code, name, level, parent, wkt);
    free(name);
}

static void run(set *s, int level)
{
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&s->out, &err), GIS_OK);
    gis_validate_input in = {.units = s->u, .n_units = s->n};
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = level;
    o.overlay_crs = GIS_VALIDATE_CRS_GEOGRAPHIC;
    gis_validate_stats st;
    int rc = gis_validate_run(ctx, &in, &o, s->out, &st, &err);
    ck_assert_msg(rc == GIS_OK, "%s", err.msg);
}

static void done(set *s)
{
    gis_finding_list_free(ctx, s->out);
    for (size_t i = 0; i < s->n; i++)
        gis_unit_clear(ctx, &s->u[i]);
}

START_TEST(test_validate_codes_clean)
{
    set s;
    clean(&s);
    run(&s, GIS_VALIDATE_ALL);
    for (size_t i = 0; i < s.out->n; i++)
        fprintf(stderr, "unexpected: %s %s\n", s.out->items[i]->rule, s.out->items[i]->message);
    ck_assert_uint_eq(s.out->n, 0);
    done(&s);
}
END_TEST

START_TEST(test_validate_codes_defects)
{
    set s;
    clean(&s);
    replace(&s, 5, "42062510120", "village", "420625101", VB1);  /* 11 digits */
    replace(&s, 4, "420625101201", "village", "420625100", VA2); /* prefix != parent */
    vf_unit(ctx, &s.u[s.n++], "420625100", "城关镇二", "township", "420625", NULL); /* dup */
    vf_unit(ctx, &s.u[s.n++], "420625109201", "孤村", "village", "420625109", NULL);
    vf_unit(ctx, &s.u[s.n++], "420625102", "盛康镇", "township", "420625", TB); /* no villages */
    run(&s, GIS_VALIDATE_ALL);
    gis_finding *f[4];
    ck_assert_uint_eq(vf_by_rule(s.out, "bad_code", f, 4), 1);
    ck_assert(vf_has_unit(f[0], "42062510120"));
    ck_assert_ptr_nonnull(strstr(f[0]->message, "12 位数字"));
    ck_assert(!isnan(f[0]->lon)); /* located inside its polygon */
    ck_assert_uint_eq(vf_by_rule(s.out, "duplicate_code", f, 4), 1);
    ck_assert(vf_has_unit(f[0], "420625100"));
    ck_assert_int_eq(json_integer_value(json_object_get(f[0]->details, "count")), 2);
    ck_assert_ptr_nonnull(strstr(f[0]->message, "城关镇, 城关镇二"));
    ck_assert_uint_eq(vf_by_rule(s.out, "parent_mismatch", f, 4), 2);
    ck_assert(vf_has_unit(f[0], "420625101201") || vf_has_unit(f[1], "420625101201"));
    ck_assert(vf_has_unit(f[0], "420625109201") || vf_has_unit(f[1], "420625109201"));
    ck_assert_uint_eq(vf_by_rule(s.out, "unit_without_geometry", f, 4), 2);
    ck_assert_uint_eq(vf_by_rule(s.out, "parent_without_children", f, 4), 1);
    ck_assert(vf_has_unit(f[0], "420625102"));
    ck_assert_ptr_nonnull(strstr(f[0]->message, "盛康镇 (420625102) 没有下属村级单位"));
    ck_assert_int_eq(f[0]->severity, GIS_SEV_WARNING);
    done(&s);
}
END_TEST

START_TEST(test_validate_levels)
{
    /* A village defect is invisible at township level and found at village level. */
    set s;
    clean(&s);
    replace(&s, 4, "420625100201", "village", "420625100",
            "POLYGON((111 32.004,111.01 32.004,111.01 32.01,111 32.01,111 32.004))");
    run(&s, GIS_VALIDATE_TOWNSHIP);
    ck_assert_uint_eq(s.out->n, 0);
    gis_finding_list_free(ctx, s.out);
    run(&s, GIS_VALIDATE_VILLAGE);
    gis_finding *f[2];
    ck_assert_uint_eq(vf_by_rule(s.out, "overlap", f, 2), 1);
    double want = vf_spatialite_real(
        "SELECT ST_Area(GeomFromText('POLYGON((111 32.004,111.01 32.004,111.01 32.005,"
        "111 32.005,111 32.004))',4490),1);\n");
    ck_assert_double_eq_tol(f[0]->area_m2, want, want * 0.01);
    ck_assert_ptr_nonnull(strstr(f[0]->message, "东街社区与黄康村重叠"));
    done(&s);
}
END_TEST

START_TEST(test_validate_store_roundtrip)
{
    char dir[] = "/tmp/jw_vcodes_XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
    gis_error err = {0};
    gis_store *st = NULL;
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &st, &err), GIS_OK);
    set s;
    clean(&s);
    replace(&s, 2, "420625101", "township", "420625",
            "POLYGON((111.011 32,111.02 32,111.02 32.01,111.011 32.01,111.011 32))");
    for (size_t i = 0; i < s.n; i++)
        ck_assert_int_eq(gis_store_unit_insert(ctx, st, &s.u[i], 0, &err), GIS_OK);
    gis_finding_list *l = NULL;
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = GIS_VALIDATE_TOWNSHIP;
    gis_validate_stats vs;
    ck_assert_int_eq(gis_validate_store(ctx, st, &o, l, &vs, &err), GIS_OK);
    ck_assert_int_eq(vs.overlay_epsg, 4546); /* auto without an import log: GK */
    ck_assert_uint_eq(vs.units_checked, 2);
    gis_finding *f[2];
    ck_assert_uint_eq(vf_by_rule(l, "gap", f, 2), 1);
    double want = vf_spatialite_real(
        "SELECT ST_Area(GeomFromText('POLYGON((111.01 32,111.011 32,111.011 32.01,111.01 32.01,"
        "111.01 32))',4490),1);\n");
    ck_assert_double_eq_tol(f[0]->area_m2, want, want * 0.01);
    gis_finding_list_free(ctx, l);
    gis_store_close(st);
    /* A read-only store still validates; a missing one fails. */
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &st, &err), GIS_OK);
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    o.level = 7;
    int rc = gis_validate_store(ctx, st, &o, l, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "level");
    gis_finding_list_free(ctx, l);
    gis_store_close(st);
    done(&s);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_validate_rule_labels)
{
    ck_assert_str_eq(gis_validate_rule_zh("gap"), "缝隙");
    ck_assert_str_eq(gis_validate_rule_zh("triple_point_without_marker"), "三交点缺少界桩");
    ck_assert_str_eq(gis_validate_rule_zh("no_such_rule"), "no_such_rule");
}
END_TEST

static Suite *gis_validate_codes_suite(void)
{
    Suite *s = suite_create("validate_codes");
    TCase *tc = tcase_create("codes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* shared 2-core machine, SpatiaLite subprocesses */
    tcase_add_test(tc, test_validate_codes_clean);
    tcase_add_test(tc, test_validate_codes_defects);
    tcase_add_test(tc, test_validate_levels);
    tcase_add_test(tc, test_validate_store_roundtrip);
    tcase_add_test(tc, test_validate_rule_labels);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_validate_codes_suite)
