/*
 * Tests gis/validate_partition.c and the validity rule of gis/validate.c: gap, overlap,
 * outside_parent, slivers, the area threshold and invalid_geometry. Expected areas come from
 * SpatiaLite SQL (ST_Area(..., 1) on the ellipsoid, ST_Difference, ST_Intersection) run through
 * the `spatialite` program, and from defects of known size injected by construction, including
 * a partition of the real 谷城县 outline in EPSG:4525 metres (tests/data/val_gucheng_*.wkt).
 */
#include <stdarg.h>

#include "tests/gis/validate_fixture.h"

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

#define COUNTY "POLYGON((111 32,111.04 32,111.04 32.03,111 32.03,111 32))"
#define T1_OK "POLYGON((111 32,111.02 32,111.02 32.015,111 32.015,111 32))"
#define T2_OK "POLYGON((111.02 32,111.04 32,111.04 32.015,111.02 32.015,111.02 32))"
#define T3_OK "POLYGON((111 32.015,111.02 32.015,111.02 32.03,111 32.03,111 32.015))"
#define T4_OK "POLYGON((111.02 32.015,111.04 32.015,111.04 32.03,111.02 32.03,111.02 32.015))"
/* T1 with a notch [111.019,111.02]x[32.005,32.006] on its edge with T2: a gap. */
#define T1_GAP                                                                                     \
    "POLYGON((111 32,111.02 32,111.02 32.005,111.019 32.005,111.019 32.006,111.02 32.006,"         \
    "111.02 32.015,111 32.015,111 32))"
#define R_GAP "POLYGON((111.019 32.005,111.02 32.005,111.02 32.006,111.019 32.006,111.019 32.005))"
/* T3 reaching [111.02,111.021]x[32.02,32.021] into T4: an overlap. */
#define T3_OVER                                                                                    \
    "POLYGON((111 32.015,111.02 32.015,111.02 32.02,111.021 32.02,111.021 32.021,111.02 32.021,"   \
    "111.02 32.03,111 32.03,111 32.015))"
/* T2 reaching [111.04,111.041]x[32.005,32.006] out of the county, with a 0.5 m² hole. */
#define T2_OUT                                                                                     \
    "POLYGON((111.02 32,111.04 32,111.04 32.005,111.041 32.005,111.041 32.006,111.04 32.006,"      \
    "111.04 32.015,111.02 32.015,111.02 32),"                                                      \
    "(111.03 32.01,111.03 32.010005,111.03001 32.010005,111.03001 32.01,111.03 32.01))"
/* T4 short of the county's north edge by 4e-6 degrees (0.44 m) over 0.01 degree: a sliver. */
#define T4_SLIVER                                                                                  \
    "POLYGON((111.02 32.015,111.04 32.015,111.04 32.029996,111.03 32.029996,111.03 32.03,"         \
    "111.02 32.03,111.02 32.015))"

typedef struct fixture {
    gis_unit units[6];
    size_t n;
    gis_finding_list *out;
} fixture;

static void build(fixture *fx, const char *t1, const char *t2, const char *t3, const char *t4,
                  const char *county)
{
    memset(fx, 0, sizeof *fx);
    if (county != NULL)
        vf_unit(ctx, &fx->units[fx->n++], "420625", "谷城县", "county", NULL, county);
    vf_unit(ctx, &fx->units[fx->n++], "420625100", "城关镇", "township", "420625", t1);
    vf_unit(ctx, &fx->units[fx->n++], "420625101", "石花镇", "township", "420625", t2);
    vf_unit(ctx, &fx->units[fx->n++], "420625102", "盛康镇", "township", "420625", t3);
    vf_unit(ctx, &fx->units[fx->n++], "420625103", "庙滩镇", "township", "420625", t4);
}

static int run(fixture *fx, const gis_validate_opts *o)
{
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&fx->out, &err), GIS_OK);
    gis_validate_input in = {.units = fx->units, .n_units = fx->n};
    gis_validate_opts def;
    gis_validate_opts_init(&def, NULL);
    def.level = GIS_VALIDATE_TOWNSHIP;
    def.overlay_crs = GIS_VALIDATE_CRS_GEOGRAPHIC; /* the fixtures are drawn in degrees */
    int rc = gis_validate_run(ctx, &in, o ? o : &def, fx->out, NULL, &err);
    ck_assert_msg(rc == GIS_OK, "%s", err.msg);
    return rc;
}

static void done(fixture *fx)
{
    gis_finding_list_free(ctx, fx->out);
    for (size_t i = 0; i < fx->n; i++)
        gis_unit_clear(ctx, &fx->units[i]);
}

static double sql_area(const char *expr)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "SELECT ST_Area(%s, 1);\n", expr);
    return vf_spatialite_real(sql);
}

START_TEST(test_validate_partition_clean)
{
    fixture fx;
    build(&fx, T1_OK, T2_OK, T3_OK, T4_OK, COUNTY);
    run(&fx, NULL);
    ck_assert_msg(fx.out->n == 0, "clean partition gave %zu findings, first: %s", fx.out->n,
                  fx.out->n ? fx.out->items[0]->message : "");
    done(&fx);
}
END_TEST

START_TEST(test_validate_partition_defects)
{
    fixture fx;
    build(&fx, T1_GAP, T2_OUT, T3_OVER, T4_SLIVER, COUNTY);
    run(&fx, NULL);
    gis_finding *gaps[8], *ovs[4], *outs[4];
    size_t n_gaps = vf_by_rule(fx.out, "gap", gaps, 8);
    ck_assert_uint_eq(n_gaps, 2); /* notch and sliver; the 0.5 m² hole is under 1 m² */
    ck_assert_uint_eq(vf_by_rule(fx.out, "overlap", ovs, 4), 1);
    ck_assert_uint_eq(vf_by_rule(fx.out, "outside_parent", outs, 4), 1);
    ck_assert_uint_eq(fx.out->n, 4);

    /* Oracle: SpatiaLite on the ellipsoid. */
    double want_gap = sql_area("GeomFromText('" R_GAP "',4490)");
    double want_sliver = sql_area("ST_Difference(GeomFromText('" T4_OK "',4490),"
                                  "GeomFromText('" T4_SLIVER "',4490))");
    double want_all = sql_area("ST_Difference(GeomFromText('" COUNTY "',4490),ST_Union("
                               "ST_Union(GeomFromText('" T1_GAP "',4490),GeomFromText('" T2_OUT
                               "',4490)),ST_Union(GeomFromText('" T3_OVER
                               "',4490),GeomFromText('" T4_SLIVER "',4490))))");
    double want_over = sql_area("ST_Intersection(GeomFromText('" T3_OVER "',4490),"
                                "GeomFromText('" T4_SLIVER "',4490))");
    double want_out = sql_area("ST_Difference(GeomFromText('" T2_OUT "',4490),"
                               "GeomFromText('" COUNTY "',4490))");
    ck_assert(want_gap > 10000 && want_sliver > 300 && want_over > 10000 && want_out > 10000);
    gis_finding *g = gaps[0]->area_m2 > gaps[1]->area_m2 ? gaps[0] : gaps[1];
    gis_finding *s = g == gaps[0] ? gaps[1] : gaps[0];
    ck_assert_double_eq_tol(g->area_m2, want_gap, want_gap * 0.01);
    ck_assert_double_eq_tol(s->area_m2, want_sliver, want_sliver * 0.01);
    /* Everything SQL finds is reported except the sub-threshold hole (about 0.5 m²). */
    ck_assert_double_eq_tol(g->area_m2 + s->area_m2, want_all, 1.0);
    ck_assert_double_eq_tol(ovs[0]->area_m2, want_over, want_over * 0.01);
    ck_assert_double_eq_tol(outs[0]->area_m2, want_out, want_out * 0.01);

    /* Units, points inside the problem, sliver flags, Chinese messages. */
    ck_assert(vf_has_unit(g, "420625100") && vf_has_unit(g, "420625101") && g->n_units == 2);
    ck_assert(g->lon > 111.019 && g->lon < 111.02 && g->lat > 32.005 && g->lat < 32.006);
    ck_assert_ptr_nonnull(strstr(g->message, "城关镇与石花镇之间存在缝隙"));
    ck_assert_ptr_null(json_object_get(g->details, "sliver"));
    ck_assert(json_is_true(json_object_get(s->details, "sliver")));
    double w = json_real_value(json_object_get(s->details, "width_m"));
    ck_assert_msg(w > 0.3 && w < 0.5, "sliver width %f", w);
    ck_assert(vf_has_unit(s, "420625103"));
    ck_assert(vf_has_unit(ovs[0], "420625102") && vf_has_unit(ovs[0], "420625103"));
    ck_assert_ptr_nonnull(strstr(ovs[0]->message, "盛康镇与庙滩镇重叠"));
    ck_assert(vf_has_unit(outs[0], "420625101") && vf_has_unit(outs[0], "420625"));
    ck_assert(outs[0]->lon > 111.04 && outs[0]->lon < 111.041);
    ck_assert_ptr_nonnull(strstr(outs[0]->message, "石花镇超出谷城县边界"));
    done(&fx);
}
END_TEST

START_TEST(test_validate_partition_thresholds)
{
    fixture fx;
    build(&fx, T1_GAP, T2_OUT, T3_OVER, T4_SLIVER, COUNTY);
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = GIS_VALIDATE_TOWNSHIP;
    o.overlay_crs = GIS_VALIDATE_CRS_GEOGRAPHIC;
    o.min_area_m2 = 0.1;    /* now the 0.5 m² hole counts */
    o.sliver_width_m = 0.1; /* and the 0.44 m strip is no sliver */
    run(&fx, &o);
    gis_finding *gaps[8];
    ck_assert_uint_eq(vf_by_rule(fx.out, "gap", gaps, 8), 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_ptr_null(json_object_get(gaps[i]->details, "sliver"));
    done(&fx);
    build(&fx, T1_GAP, T2_OUT, T3_OVER, T4_SLIVER, COUNTY);
    o.min_area_m2 = 5000; /* only the 10,000 m² defects remain, not the sliver */
    run(&fx, &o);
    ck_assert_uint_eq(vf_by_rule(fx.out, "gap", gaps, 8), 1);
    done(&fx);
}
END_TEST

START_TEST(test_validate_partition_no_parent)
{
    /* Without a county, the outer edge is not a gap; a hole enclosed by the siblings is. */
    fixture fx;
    build(&fx, T1_GAP, T2_OK, T3_OK, T4_SLIVER, NULL);
    run(&fx, NULL);
    gis_finding *gaps[4];
    ck_assert_uint_eq(vf_by_rule(fx.out, "gap", gaps, 4), 1);
    double want = sql_area("GeomFromText('" R_GAP "',4490)");
    ck_assert_double_eq_tol(gaps[0]->area_m2, want, want * 0.01);
    ck_assert_uint_eq(fx.out->n, 1);
    done(&fx);
}
END_TEST

START_TEST(test_validate_overlap_cases)
{
    /* Overlaps the boundary pre-test must not miss: a duplicate of a whole unit (edges run the
     * same way), a unit strictly inside another, and one inside another along its edge. */
    fixture fx;
    build(&fx, T1_OK, T2_OK, T3_OK, T4_OK, COUNTY);
    vf_unit(ctx, &fx.units[fx.n++], "420625104", "复制镇", "township", "420625", T1_OK);
    run(&fx, NULL);
    gis_finding *ovs[4];
    ck_assert_uint_eq(vf_by_rule(fx.out, "overlap", ovs, 4), 1);
    double want = sql_area("GeomFromText('" T1_OK "',4490)");
    ck_assert_double_eq_tol(ovs[0]->area_m2, want, want * 0.01);
    ck_assert(vf_has_unit(ovs[0], "420625100") && vf_has_unit(ovs[0], "420625104"));
    done(&fx);

    build(&fx, T1_OK, T2_OK, T3_OK, T4_OK, COUNTY);
    vf_unit(ctx, &fx.units[fx.n++], "420625104", "岛镇", "township", "420625",
            "POLYGON((111.03 32.005,111.031 32.005,111.031 32.006,111.03 32.006,111.03 32.005))");
    run(&fx, NULL);
    ck_assert_uint_eq(vf_by_rule(fx.out, "overlap", ovs, 4), 1);
    ck_assert(vf_has_unit(ovs[0], "420625101") && vf_has_unit(ovs[0], "420625104"));
    done(&fx);

    build(&fx, T1_OK, T2_OK, T3_OK, T4_OK, COUNTY);
    vf_unit(ctx, &fx.units[fx.n++], "420625104", "边镇", "township", "420625",
            "POLYGON((111 32.02,111.001 32.02,111.001 32.021,111 32.021,111 32.02))");
    run(&fx, NULL);
    ck_assert_uint_eq(vf_by_rule(fx.out, "overlap", ovs, 4), 1);
    ck_assert(vf_has_unit(ovs[0], "420625102") && vf_has_unit(ovs[0], "420625104"));
    want = sql_area("GeomFromText('POLYGON((111 32.02,111.001 32.02,111.001 32.021,111 32.021,"
                    "111 32.02))',4490)");
    ck_assert_double_eq_tol(ovs[0]->area_m2, want, want * 0.01);
    done(&fx);
}
END_TEST

START_TEST(test_validate_invalid_geometry)
{
    /* A bow-tie T4 is reported with GEOS's reason and location; the gap elsewhere is still
     * found, and the repaired bow-tie overlaps nothing. */
    fixture fx;
    build(&fx, T1_GAP, T2_OK, T3_OK,
          "POLYGON((111.02 32.015,111.04 32.03,111.04 32.015,111.02 32.03,111.02 32.015))", COUNTY);
    run(&fx, NULL);
    gis_finding *inv[2], *gaps[4];
    ck_assert_uint_eq(vf_by_rule(fx.out, "invalid_geometry", inv, 2), 1);
    ck_assert(vf_has_unit(inv[0], "420625103"));
    ck_assert_ptr_nonnull(strstr(inv[0]->message, "自相交"));
    ck_assert_str_eq(json_string_value(json_object_get(inv[0]->details, "reason")),
                     "Self-intersection");
    ck_assert_double_eq_tol(inv[0]->lon, 111.03, 1e-9); /* the crossing point */
    ck_assert_double_eq_tol(inv[0]->lat, 32.0225, 1e-9);
    ck_assert_uint_ge(vf_by_rule(fx.out, "gap", gaps, 4), 2); /* notch + bow-tie's missing part */
    ck_assert_uint_eq(vf_by_rule(fx.out, "overlap", gaps, 4), 0);
    done(&fx);
}
END_TEST

START_TEST(test_validate_errors)
{
    gis_error err = {0};
    gis_finding_list *l = NULL;
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    gis_validate_input in = {0};
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = 9;
    int rc = gis_validate_run(ctx, &in, &o, l, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "level");
    gis_validate_opts_init(&o, NULL);
    o.min_area_m2 = -1;
    rc = gis_validate_run(ctx, &in, &o, l, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, ">= 0");
    o.min_area_m2 = NAN;
    rc = gis_validate_run(ctx, &in, &o, l, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, ">= 0");
    ck_assert_int_eq(gis_validate_level_parse("village"), GIS_VALIDATE_VILLAGE);
    ck_assert_int_eq(gis_validate_level_parse("province"), -1);
    gis_validate_opts_init(&o, NULL);
    json_t *j = gis_validate_opts_json(&o);
    ck_assert_str_eq(json_string_value(json_object_get(j, "level")), "all");
    ck_assert_double_eq(json_real_value(json_object_get(j, "tolerance_m")), 0.5);
    ck_assert_double_eq(json_real_value(json_object_get(j, "min_area_m2")), 1.0);
    json_decref(j);
    gis_finding_list_free(ctx, l);
}
END_TEST

/* ---- the real 谷城县 outline, partitioned and damaged in EPSG:4525 metres ------------------ */

/* Envelope of tests/data/val_gucheng_outline_4525.wkt (EPSG:4525, x = easting with zone 37). */
#define GX0 37512166.54
#define GY0 3528631.38
#define GDX ((37582652.23 - GX0) / 4)
#define GDY ((3597203.52 - GY0) / 4)

static char *read_file(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", TEST_DATA_DIR, name);
    FILE *f = fopen(p, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = calloc(1, (size_t)n + 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Appends printf text to a growing SQL script. */
static void app(char **buf, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void app(char **buf, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    *buf = realloc(*buf, *len + (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)n;
}

static void mbr(char **b, size_t *n, double x0, double y0, double x1, double y1)
{
    app(b, n, "BuildMbr(%.3f,%.3f,%.3f,%.3f,4525)", x0, y0, x1, y1);
}

START_TEST(test_validate_partition_gucheng_4525)
{
    char *outline = read_file("val_gucheng_outline_4525.wkt");
    /* Cells (i,j) of a 4x4 grid over the outline's envelope, clipped to the outline by
     * SpatiaLite. Known defects, metres: a 200 x 50 gap cut from (1,1) on its edge with (2,1)
     * = 10,000 m²; a 100 x 40 tongue of (1,2) into (2,2) = 4,000 m² overlap; a 0.4 x 2,000
     * strip cut from (2,2) on its edge with (3,2) = 800 m² sliver gap; and (1,1) receives a
     * 0.6 x 0.6 hole = 0.36 m², below the threshold. */
    double x1 = GX0 + GDX, x2 = GX0 + 2 * GDX, x3 = GX0 + 3 * GDX;
    double y1 = GY0 + GDY, y2 = GY0 + 2 * GDY;
    char *sql = NULL;
    size_t len = 0;
    app(&sql, &len, "CREATE TABLE o AS SELECT GeomFromText('%s',4525) AS g;\n", outline);
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++) {
            app(&sql, &len, "SELECT %d, %d, AsText(", i, j);
            if (i == 1 && j == 1) {
                app(&sql, &len, "ST_Difference(ST_Difference(");
            } else if (i == 1 && j == 2) {
                app(&sql, &len, "ST_Union(");
            } else if (i == 2 && j == 2) {
                app(&sql, &len, "ST_Difference(");
            }
            app(&sql, &len, "ST_Intersection(g,");
            mbr(&sql, &len, GX0 + i * GDX, GY0 + j * GDY, GX0 + (i + 1) * GDX, GY0 + (j + 1) * GDY);
            app(&sql, &len, ")");
            if (i == 1 && j == 1) {
                app(&sql, &len, ",");
                mbr(&sql, &len, x2 - 200, y1 + 5000, x2, y1 + 5050);
                app(&sql, &len, "),");
                mbr(&sql, &len, x1 + 3000, y1 + 3000, x1 + 3000.6, y1 + 3000.6);
                app(&sql, &len, ")");
            } else if (i == 1 && j == 2) {
                app(&sql, &len, ",");
                mbr(&sql, &len, x2, y2 + 3000, x2 + 100, y2 + 3040);
                app(&sql, &len, ")");
            } else if (i == 2 && j == 2) {
                app(&sql, &len, ",");
                mbr(&sql, &len, x3 - 0.4, y2 + 1000, x3, y2 + 3000);
                app(&sql, &len, ")");
            }
            app(&sql, &len, ") FROM o;\n");
        }
    char *cells = vf_spatialite(sql);
    free(sql);

    gis_unit units[17];
    size_t n = 0;
    gis_error err = {0};
    gis_crs_transform *t = NULL;
    ck_assert_int_eq(gis_crs_transform_new(ctx, "EPSG:4525", "EPSG:4490", &t, &err), GIS_OK);
    vf_unit(ctx, &units[n++], "420625", "谷城县", "county", NULL, outline);
    char *save = NULL;
    for (char *line = strtok_r(cells, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        int i, j;
        char *bar = strrchr(line, '|');
        if (bar == NULL || sscanf(line, "%d|%d|", &i, &j) != 2 || bar[1] == '\0')
            continue; /* empty cell outside the outline */
        char code[16], name[32];
        snprintf(code, sizeof code, "420625%03d", 100 + j * 4 + i);
        snprintf(name, sizeof name, "格%d%d", i, j);
        ck_assert_uint_lt(n, 17);
        vf_unit(ctx, &units[n++], code, name, "township", "420625", bar + 1);
    }
    free(cells);
    ck_assert_uint_ge(n, 12);
    for (size_t k = 0; k < n; k++) {
        gis_geom *g = NULL;
        ck_assert_int_eq(gis_crs_transform_geom(ctx, t, units[k].geom, &g, &err), GIS_OK);
        gis_geom_free(ctx, units[k].geom);
        units[k].geom = g;
    }
    gis_crs_transform_free(t);
    free(outline);

    gis_finding_list *out = NULL;
    ck_assert_int_eq(gis_finding_list_new(&out, &err), GIS_OK);
    gis_validate_input in = {.units = units, .n_units = n};
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = GIS_VALIDATE_TOWNSHIP;
    o.overlay_crs = GIS_VALIDATE_CRS_GK; /* surveyed in EPSG:4525: straight edges there */
    gis_validate_stats st;
    ck_assert_int_eq(gis_validate_run(ctx, &in, &o, out, &st, &err), GIS_OK);
    gis_finding *gaps[8], *ovs[4];
    ck_assert_uint_eq(vf_by_rule(out, "gap", gaps, 8), 2);
    ck_assert_uint_eq(vf_by_rule(out, "overlap", ovs, 4), 1);
    ck_assert_uint_eq(out->n, 3);
    gis_finding *g = gaps[0]->area_m2 > gaps[1]->area_m2 ? gaps[0] : gaps[1];
    gis_finding *s = g == gaps[0] ? gaps[1] : gaps[0];
    ck_assert_double_eq_tol(g->area_m2, 10000, 100);
    ck_assert_double_eq_tol(s->area_m2, 800, 8);
    ck_assert(json_is_true(json_object_get(s->details, "sliver")));
    ck_assert_double_eq_tol(json_real_value(json_object_get(s->details, "width_m")), 0.4, 0.01);
    ck_assert_double_eq_tol(ovs[0]->area_m2, 4000, 40);
    ck_assert(vf_has_unit(g, "420625105") && vf_has_unit(g, "420625106") && g->n_units == 2);
    ck_assert(vf_has_unit(ovs[0], "420625109") && vf_has_unit(ovs[0], "420625110"));
    ck_assert(vf_has_unit(s, "420625110") && vf_has_unit(s, "420625111") && s->n_units == 2);
    ck_assert_int_eq(st.overlay_epsg, 4546);
    ck_assert_int_eq(st.units_checked, n - 1);
    gis_finding_list_free(ctx, out);
    for (size_t k = 0; k < n; k++)
        gis_unit_clear(ctx, &units[k]);
}
END_TEST

static Suite *gis_validate_partition_suite(void)
{
    Suite *s = suite_create("validate_partition");
    TCase *tc = tcase_create("partition");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* shared 2-core machine, SpatiaLite subprocesses */
    tcase_add_test(tc, test_validate_partition_clean);
    tcase_add_test(tc, test_validate_partition_defects);
    tcase_add_test(tc, test_validate_partition_thresholds);
    tcase_add_test(tc, test_validate_partition_no_parent);
    tcase_add_test(tc, test_validate_invalid_geometry);
    tcase_add_test(tc, test_validate_overlap_cases);
    tcase_add_test(tc, test_validate_partition_gucheng_4525);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* shared 2-core machine, SpatiaLite subprocesses */
    tcase_add_test(tc, test_validate_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_validate_partition_suite)
