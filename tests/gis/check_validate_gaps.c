/*
 * Tests gis/validate_gaps.c: gaps found from the open boundary segments of the overlap
 * pre-test instead of a union of every sibling. Grids of 0.01-degree cells (exactly shared
 * edges) with cells left out or reshaped by construction; expected areas come from SpatiaLite
 * SQL (ST_Area(..., 1) on the ellipsoid of BuildMbr / ST_Union / ST_Difference) through the
 * `spatialite` program. Cases: siblings inside a gap (an island whose middle is surrounded by
 * siblings), two gaps meeting at one vertex, a gap next to an overlap (siblings the pre-test
 * cannot clear), a clean grid without parent, and an island inside a gap under a parent.
 */
#include <stdarg.h>

#include "tests/gis/validate_fixture.h"

#include "tests/support/check_main.h"

#define X0 111.0
#define Y0 32.0
#define D 0.01

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

typedef struct grid {
    gis_unit units[64];
    size_t n;
    gis_finding_list *out;
} grid;

static void box_wkt(char *buf, size_t cap, double x0, double y0, double x1, double y1)
{
    snprintf(buf, cap, "POLYGON((%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g))", x0,
             y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

static void add_unit(grid *gr, const char *parent, const char *wkt)
{
    char code[16], name[16];
    ck_assert_uint_lt(gr->n, 64);
    snprintf(code, sizeof code, "420625%03zu", 100 + gr->n);
    snprintf(name, sizeof name, "格%zu", gr->n);
    vf_unit(ctx, &gr->units[gr->n++], code, name, "township", parent, wkt);
}

/* Adds cell (i, j) of the grid. */
static void add_cell(grid *gr, const char *parent, int i, int j)
{
    char wkt[512];
    box_wkt(wkt, sizeof wkt, X0 + i * D, Y0 + j * D, X0 + (i + 1) * D, Y0 + (j + 1) * D);
    add_unit(gr, parent, wkt);
}

static void run(grid *gr)
{
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&gr->out, &err), GIS_OK);
    gis_validate_input in = {.units = gr->units, .n_units = gr->n};
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = GIS_VALIDATE_TOWNSHIP;
    o.overlay_crs = GIS_VALIDATE_CRS_GEOGRAPHIC; /* drawn in degrees */
    ck_assert_msg(gis_validate_run(ctx, &in, &o, gr->out, NULL, &err) == GIS_OK, "%s", err.msg);
}

static void done(grid *gr)
{
    gis_finding_list_free(ctx, gr->out);
    for (size_t i = 0; i < gr->n; i++)
        gis_unit_clear(ctx, &gr->units[i]);
    gr->n = 0;
}

static double sql_area(const char *fmt, ...)
{
    char expr[4096], sql[4200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(expr, sizeof expr, fmt, ap);
    va_end(ap);
    snprintf(sql, sizeof sql, "SELECT ST_Area(%s, 1);\n", expr);
    return vf_spatialite_real(sql);
}

/* Area on the ellipsoid of the cells [i0, i1) x [j0, j1) as one box. */
static double box_area(int i0, int j0, int i1, int j1)
{
    return sql_area("BuildMbr(%.17g,%.17g,%.17g,%.17g,4490)", X0 + i0 * D, Y0 + j0 * D, X0 + i1 * D,
                    Y0 + j1 * D);
}

START_TEST(test_gaps_clean_grid)
{
    /* 5 x 5 cells without parent: the outer edge is no gap, the middle cells are closed. */
    grid gr = {0};
    for (int j = 0; j < 5; j++)
        for (int i = 0; i < 5; i++)
            add_cell(&gr, NULL, i, j);
    run(&gr);
    ck_assert_msg(gr.out->n == 0, "clean grid gave %zu findings", gr.out->n);
    done(&gr);
}
END_TEST

START_TEST(test_gaps_island_in_gap)
{
    /* 7 x 7 cells without the ring of 16 cells around the middle 3 x 3 block: an island whose
     * middle cell is closed (siblings all round) inside the gap. The gap is the hole of the
     * union, its whole ring: the 5 x 5 block, as SpatiaLite's interior ring says. */
    grid gr = {0};
    for (int j = 0; j < 7; j++)
        for (int i = 0; i < 7; i++) {
            bool ring =
                i >= 1 && i <= 5 && j >= 1 && j <= 5 && !(i >= 2 && i <= 4 && j >= 2 && j <= 4);
            if (!ring)
                add_cell(&gr, NULL, i, j);
        }
    ck_assert_uint_eq(gr.n, 33);
    run(&gr);
    gis_finding *gaps[4];
    ck_assert_uint_eq(vf_by_rule(gr.out, "gap", gaps, 4), 1);
    ck_assert_uint_eq(gr.out->n, 1);
    /* Oracle: the interior ring of SpatiaLite's union of the outer 24 cells. */
    double want = sql_area("MakePolygon(ST_InteriorRingN(ST_Difference(BuildMbr(%.17g,%.17g,%.17g,"
                           "%.17g,4490),BuildMbr(%.17g,%.17g,%.17g,%.17g,4490)),1))",
                           X0, Y0, X0 + 7 * D, Y0 + 7 * D, X0 + D, Y0 + D, X0 + 6 * D, Y0 + 6 * D);
    ck_assert_double_eq_tol(want, box_area(1, 1, 6, 6), want * 1e-9);
    ck_assert_double_eq_tol(gaps[0]->area_m2, want, want * 0.001);
    /* Named after the siblings along it: the outer ring and the island. */
    ck_assert_uint_ge(gaps[0]->n_units, 16 + 8);
    done(&gr);
}
END_TEST

START_TEST(test_gaps_meeting_at_a_vertex)
{
    /* 4 x 4 cells without (1,1) and (2,2): two holes that touch at one corner, where two open
     * segments start and two end. */
    grid gr = {0};
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            if (!((i == 1 && j == 1) || (i == 2 && j == 2)))
                add_cell(&gr, NULL, i, j);
    run(&gr);
    gis_finding *gaps[4];
    ck_assert_uint_eq(vf_by_rule(gr.out, "gap", gaps, 4), 2);
    ck_assert_uint_eq(gr.out->n, 2);
    double a = box_area(1, 1, 2, 2), b = box_area(2, 2, 3, 3);
    double lo = gaps[0]->area_m2 < gaps[1]->area_m2 ? gaps[0]->area_m2 : gaps[1]->area_m2;
    double hi = gaps[0]->area_m2 < gaps[1]->area_m2 ? gaps[1]->area_m2 : gaps[0]->area_m2;
    ck_assert_double_eq_tol(lo, a < b ? a : b, a * 0.001);
    ck_assert_double_eq_tol(hi, a < b ? b : a, a * 0.001);
    /* Oracle: SpatiaLite's union of the 14 cells has the same two interior rings in area. */
    double total = sql_area("ST_Difference(BuildMbr(%.17g,%.17g,%.17g,%.17g,4490),ST_Union("
                            "BuildMbr(%.17g,%.17g,%.17g,%.17g,4490),"
                            "BuildMbr(%.17g,%.17g,%.17g,%.17g,4490)))",
                            X0 + D, Y0 + D, X0 + 3 * D, Y0 + 3 * D, X0 + D, Y0 + 2 * D, X0 + 2 * D,
                            Y0 + 3 * D, X0 + 2 * D, Y0 + D, X0 + 3 * D, Y0 + 2 * D);
    ck_assert_double_eq_tol(gaps[0]->area_m2 + gaps[1]->area_m2, total, total * 0.001);
    done(&gr);
}
END_TEST

START_TEST(test_gaps_next_to_overlap)
{
    /* 4 x 4 cells; cell (1,1) = A sends a tongue [x1, x1+d] x [y+0.002, y+0.004] into its east
     * neighbour B = (2,1), and B has a notch [x1, x1+d] x [y+0.004, y+0.006] on the same edge,
     * right above the tongue: an overlap and a gap that share an edge, between two siblings the
     * pre-test cannot clear (the notch corner stands on A's edge). */
    double x0 = X0 + D, x1 = X0 + 2 * D, x2 = X0 + 3 * D, y = Y0 + D, y1 = Y0 + 2 * D;
    double d = 0.003;
    char a[1024], b[1024];
    snprintf(a, sizeof a,
             "POLYGON((%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,"
             "%.17g %.17g,%.17g %.17g,%.17g %.17g))",
             x0, y, x1, y, x1, y + 0.002, x1 + d, y + 0.002, x1 + d, y + 0.004, x1, y + 0.004, x1,
             y1, x0, y1, x0, y);
    snprintf(b, sizeof b,
             "POLYGON((%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,"
             "%.17g %.17g,%.17g %.17g,%.17g %.17g))",
             x1, y, x2, y, x2, y1, x1, y1, x1, y + 0.006, x1 + d, y + 0.006, x1 + d, y + 0.004, x1,
             y + 0.004, x1, y);
    grid gr = {0};
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++) {
            if (j == 1 && i == 1)
                add_unit(&gr, NULL, a);
            else if (j == 1 && i == 2)
                add_unit(&gr, NULL, b);
            else
                add_cell(&gr, NULL, i, j);
        }
    run(&gr);
    gis_finding *gaps[4], *ovs[4];
    ck_assert_uint_eq(vf_by_rule(gr.out, "gap", gaps, 4), 1);
    ck_assert_uint_eq(vf_by_rule(gr.out, "overlap", ovs, 4), 1);
    ck_assert_uint_eq(gr.out->n, 2);
    double want_gap = sql_area("ST_Difference(BuildMbr(%.17g,%.17g,%.17g,%.17g,4490),ST_Union("
                               "GeomFromText('%s',4490),GeomFromText('%s',4490)))",
                               x1, y + 0.004, x1 + d, y + 0.006, a, b);
    double want_over =
        sql_area("ST_Intersection(GeomFromText('%s',4490),GeomFromText('%s',4490))", a, b);
    ck_assert_double_eq_tol(
        want_gap,
        sql_area("BuildMbr(%.17g,%.17g,%.17g,%.17g,4490)", x1, y + 0.004, x1 + d, y + 0.006),
        want_gap * 1e-6);
    ck_assert_double_eq_tol(gaps[0]->area_m2, want_gap, want_gap * 0.001);
    ck_assert_double_eq_tol(ovs[0]->area_m2, want_over, want_over * 0.001);
    ck_assert(vf_has_unit(gaps[0], "420625105") && vf_has_unit(gaps[0], "420625106"));
    done(&gr);
}
END_TEST

START_TEST(test_gaps_island_under_parent)
{
    /* The island of test_gaps_island_in_gap inside a county that is the whole 7 x 7 block:
     * parent minus the children is the ring of 16 cells (the island is not a gap). */
    grid gr = {0};
    char county[512];
    box_wkt(county, sizeof county, X0, Y0, X0 + 7 * D, Y0 + 7 * D);
    vf_unit(ctx, &gr.units[gr.n++], "420625", "谷城县", "county", NULL, county);
    for (int j = 0; j < 7; j++)
        for (int i = 0; i < 7; i++) {
            bool ring =
                i >= 1 && i <= 5 && j >= 1 && j <= 5 && !(i >= 2 && i <= 4 && j >= 2 && j <= 4);
            if (!ring)
                add_cell(&gr, "420625", i, j);
        }
    run(&gr);
    gis_finding *gaps[4];
    ck_assert_uint_eq(vf_by_rule(gr.out, "gap", gaps, 4), 1);
    ck_assert_uint_eq(gr.out->n, 1);
    double want = sql_area("ST_Difference(BuildMbr(%.17g,%.17g,%.17g,%.17g,4490),"
                           "BuildMbr(%.17g,%.17g,%.17g,%.17g,4490))",
                           X0 + D, Y0 + D, X0 + 6 * D, Y0 + 6 * D, X0 + 2 * D, Y0 + 2 * D,
                           X0 + 5 * D, Y0 + 5 * D);
    ck_assert_double_eq_tol(gaps[0]->area_m2, want, want * 0.001);
    done(&gr);
}
END_TEST

START_TEST(test_gaps_gk_many_units)
{
    /* 17 x 17 cells (enough for the Gauss-Kruger worker thread) without the middle one, overlaid
     * in GK: one gap, the missing cell as SpatiaLite measures it. */
    grid gr = {0};
    gis_unit *units = calloc(17 * 17, sizeof *units);
    size_t n = 0;
    for (int j = 0; j < 17; j++)
        for (int i = 0; i < 17; i++) {
            if (i == 8 && j == 8)
                continue;
            char wkt[512], code[16], name[16];
            box_wkt(wkt, sizeof wkt, X0 + i * D, Y0 + j * D, X0 + (i + 1) * D, Y0 + (j + 1) * D);
            snprintf(code, sizeof code, "420625%03zu", 100 + n);
            snprintf(name, sizeof name, "格%zu", n);
            vf_unit(ctx, &units[n++], code, name, "township", NULL, wkt);
        }
    gis_error err = {0};
    ck_assert_int_eq(gis_finding_list_new(&gr.out, &err), GIS_OK);
    gis_validate_input in = {.units = units, .n_units = n};
    gis_validate_opts o;
    gis_validate_opts_init(&o, NULL);
    o.level = GIS_VALIDATE_TOWNSHIP;
    o.overlay_crs = GIS_VALIDATE_CRS_GK;
    gis_validate_stats st;
    ck_assert_msg(gis_validate_run(ctx, &in, &o, gr.out, &st, &err) == GIS_OK, "%s", err.msg);
    gis_finding *gaps[4];
    ck_assert_uint_eq(vf_by_rule(gr.out, "gap", gaps, 4), 1);
    ck_assert_uint_eq(gr.out->n, 1);
    double want = box_area(8, 8, 9, 9);
    ck_assert_double_eq_tol(gaps[0]->area_m2, want, want * 0.01);
    ck_assert_uint_eq(gaps[0]->n_units, 8);
    ck_assert_int_eq(st.overlay_epsg, 4546); /* 3-degree zone with CM 111 E */
    gis_finding_list_free(ctx, gr.out);
    for (size_t k = 0; k < n; k++)
        gis_unit_clear(ctx, &units[k]);
    free(units);
}
END_TEST

static Suite *gis_validate_gaps_suite(void)
{
    Suite *s = suite_create("validate_gaps");
    TCase *tc = tcase_create("gaps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120); /* shared 2-core machine, SpatiaLite subprocesses */
    tcase_add_test(tc, test_gaps_clean_grid);
    tcase_add_test(tc, test_gaps_island_in_gap);
    tcase_add_test(tc, test_gaps_meeting_at_a_vertex);
    tcase_add_test(tc, test_gaps_next_to_overlap);
    tcase_add_test(tc, test_gaps_island_under_parent);
    tcase_add_test(tc, test_gaps_gk_many_units);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_validate_gaps_suite)
