/*
 * Tests tiles/atlas*.c on a small store built here: a square county of two townships and four
 * villages with a cemetery, an elderly-care centre, a marker and a no-burial zone. Page counts
 * follow from the construction (cover + copyright + maps + gazetteer pages from rows per page),
 * sizes from the A4/A3 definitions (mm * 72 / 25.4), and the scale from the definition of 1:N.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/metrics.h"
#include "gis/store_facilities.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/atlas.h"

/* LeakSanitizer hook (read only in sanitizer builds): fontconfig keeps its configuration and
 * font caches for the life of the process (pango's default font map holds them), and cairo
 * 1.16's PDF surface leaks a few small arrays inside cairo_surface_finish (seen with
 * ASAN_OPTIONS=fast_unwind_on_malloc=0). Neither is ours; the same list is in
 * tests/support/lsan.supp. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

static gis_ctx *ctx;
static gis_store *store;
static char dir[64], db[128], out[128];

static void unit(const char *code, const char *name, const char *level, const char *parent,
                 double x0, double y0, double x1, double y1)
{
    char wkt[256];
    snprintf(wkt, sizeof wkt, "MULTIPOLYGON(((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f)))",
             x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    gis_error err = {0};
    gis_unit u = {0};
    u.code = (char *)code;
    u.name = (char *)name;
    u.level = (char *)level;
    u.parent_code = (char *)parent;
    u.population = u.older_population = -1;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &u.geom, &err), GIS_OK);
    ck_assert_msg(gis_store_unit_insert(ctx, store, &u, 0, &err) == GIS_OK, "%s", err.msg);
    gis_geom_free(ctx, u.geom);
}

static void point_facility(const char *kind, const char *name, const char *village, double x,
                           double y)
{
    char wkt[64];
    snprintf(wkt, sizeof wkt, "POINT(%.4f %.4f)", x, y);
    gis_error err = {0};
    gis_facility f = {0};
    f.kind = (char *)kind;
    f.name = (char *)name;
    f.village_code = (char *)village;
    f.capacity = f.used = f.beds = -1;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &f.geom, &err), GIS_OK);
    ck_assert_msg(gis_store_facility_insert(ctx, store, &f, 0, &err) == GIS_OK, "%s", err.msg);
    gis_geom_free(ctx, f.geom);
}

static void fill_store(void)
{
    gis_error err = {0};
    ck_assert_int_eq(gis_store_begin(store, &err), GIS_OK);
    unit("420625", "谷城县", "county", "420600", 111.5, 32.1, 111.8, 32.4);
    unit("420625100", "城关镇", "township", "420625", 111.5, 32.1, 111.65, 32.4);
    unit("420625101", "石花镇", "township", "420625", 111.65, 32.1, 111.8, 32.4);
    unit("420625100201", "东村村", "village", "420625100", 111.5, 32.1, 111.65, 32.25);
    unit("420625100202", "西村村", "village", "420625100", 111.5, 32.25, 111.65, 32.4);
    unit("420625101201", "南山村", "village", "420625101", 111.65, 32.1, 111.8, 32.25);
    unit("420625101202", "北山村", "village", "420625101", 111.65, 32.25, 111.8, 32.4);
    point_facility("public_cemetery", "东村公墓", "420625100201", 111.55, 32.15);
    point_facility("elderly_care_centre", "城关养老中心", "420625100201", 111.60, 32.20);
    gis_marker m = {0};
    m.number = "GC001Q";
    m.line_code = "420625100-420625101";
    ck_assert_int_eq(gis_geom_from_wkt(ctx, "POINT(111.65 32.3)", &m.geom, &err), GIS_OK);
    ck_assert_int_eq(gis_store_marker_insert(ctx, store, &m, 0, &err), GIS_OK);
    gis_geom_free(ctx, m.geom);
    gis_zone z = {0};
    z.name = "县城禁葬区";
    z.reason = "county_seat";
    ck_assert_int_eq(gis_geom_from_wkt(ctx,
                                       "MULTIPOLYGON(((111.56 32.3,111.6 32.3,111.6 32.34,"
                                       "111.56 32.34,111.56 32.3)))",
                                       &z.geom, &err),
                     GIS_OK);
    ck_assert_int_eq(gis_store_zone_insert(ctx, store, &z, 0, &err), GIS_OK);
    gis_geom_free(ctx, z.geom);
    ck_assert_int_eq(gis_store_commit(store, &err), GIS_OK);
}

static void setup(void)
{
    gis_error err = {0};
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_atlas_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/t.sqlite", dir);
    snprintf(out, sizeof out, "%s/atlas.pdf", dir);
    ck_assert_int_eq(gis_store_open(db, GIS_STORE_CREATE, &store, &err), GIS_OK);
    fill_store();
}

static void teardown(void)
{
    char cmd[160];
    gis_store_close(store);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_ctx_free(ctx);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void assert_labels_ok(const tile_atlas_map *m)
{
    for (size_t i = 0; i < m->n_labels; i++) {
        const tile_label_box *a = &m->labels[i];
        ck_assert(a->x0 >= m->frame.x0 && a->x1 <= m->frame.x1);
        ck_assert(a->y0 >= m->frame.y0 && a->y1 <= m->frame.y1);
        for (size_t j = i + 1; j < m->n_labels; j++)
            ck_assert_msg(!(a->x0 < m->labels[j].x1 && m->labels[j].x0 < a->x1 &&
                            a->y0 < m->labels[j].y1 && m->labels[j].y0 < a->y1),
                          "labels %zu and %zu overlap on page %d", i, j, m->page);
    }
}

START_TEST(test_atlas_pdf_pages_and_scale)
{
    tile_atlas_opts o = {.out_path = out, .paper = TILE_PAPER_A4};
    tile_atlas_report *r = NULL;
    gis_error err = {0};
    ck_assert_msg(tile_atlas_render(ctx, store, &o, &r, &err) == GIS_OK, "%s", err.msg);
    /* A4 = 210 x 297 mm. */
    ck_assert_double_eq_tol(r->page_w, 210 * 72 / 25.4, 0.01);
    ck_assert_double_eq_tol(r->page_h, 297 * 72 / 25.4, 0.01);
    int per = tile_atlas_gazetteer_rows_per_page(TILE_PAPER_A4, false);
    ck_assert_int_gt(per, 10);
    int gaz = (6 + per - 1) / per; /* 2 townships + 4 villages */
    ck_assert_int_eq(r->n_gazetteer_rows, 6);
    ck_assert_int_eq(r->n_gazetteer_pages, gaz);
    ck_assert_uint_eq(r->n_maps, 3); /* overview + 2 townships */
    ck_assert_int_eq(r->n_pages, 2 + 3 + gaz);
    ck_assert_str_eq(r->maps[0].code, "420625");
    ck_assert_str_eq(r->maps[1].code, "420625100");
    ck_assert_int_eq(r->maps[1].page, 4);
    /* The township is 0.15 deg of longitude wide at 32.1 N: its width on paper at 1:N must fit
     * the frame. Ground width from the geodesic, not the projection the renderer used. */
    double ground = gis_metrics_distance_m(111.5, 32.1, 111.65, 32.1);
    for (size_t i = 0; i < r->n_maps; i++) {
        const tile_atlas_map *m = &r->maps[i];
        /* 1:N means 1 m on the ground is 1000/N mm on paper. */
        double want_pt_per_m = 1000.0 / m->scale_denominator * 72 / 25.4;
        ck_assert_double_eq_tol(m->bar_pt / m->bar_m, want_pt_per_m, want_pt_per_m * 0.01);
        ck_assert(m->bar_pt > 10 && m->bar_pt <= 50 * 72 / 25.4 + 1e-6);
        if (i > 0)
            ck_assert(ground * want_pt_per_m <= m->frame.x1 - m->frame.x0);
        assert_labels_ok(m);
    }
    /* Each township page labels its two villages. */
    ck_assert_uint_ge(r->maps[1].n_labels, 2);
    tile_atlas_report_free(r);
    FILE *f = fopen(out, "rb");
    char magic[5] = {0};
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(magic, 1, 4, f), 4);
    fclose(f);
    ck_assert_str_eq(magic, "%PDF");
}
END_TEST

/* GRS 1980 (CGCS2000 ellipsoid). */
static const double A = 6378137.0, F = 1 / 298.257222101;

/* Area between two parallels and meridians on the ellipsoid, closed form:
 * A = b^2/2 * dlambda * [q(phi2) - q(phi1)], q = u/(1-e2 u^2) + ln((1+e u)/(1-e u))/(2e). */
static double quad_area(double lon1, double lat1, double lon2, double lat2)
{
    double e2 = F * (2 - F), e = sqrt(e2), b2 = A * A * (1 - e2), r = M_PI / 180;
    double q[2], lat[2] = {lat1, lat2};
    for (int i = 0; i < 2; i++) {
        double u = sin(lat[i] * r);
        q[i] = u / (1 - e2 * u * u) + log((1 + e * u) / (1 - e * u)) / (2 * e);
    }
    return b2 / 2 * (lon2 - lon1) * r * (q[1] - q[0]);
}

/* Perimeter of the same quadrangle: two meridian arcs (Simpson's rule over the meridian radius
 * of curvature M) and two parallel arcs (N cos phi dlambda). */
static double quad_perimeter(double lon1, double lat1, double lon2, double lat2)
{
    double e2 = F * (2 - F), r = M_PI / 180, arc = 0;
    int n = 1000;
    for (int i = 0; i <= n; i++) {
        double phi = (lat1 + (lat2 - lat1) * i / n) * r, s = sin(phi);
        double m = A * (1 - e2) / pow(1 - e2 * s * s, 1.5);
        arc += m * (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2));
    }
    arc *= (lat2 - lat1) * r / (3 * n);
    double par = 0, lat[2] = {lat1, lat2};
    for (int i = 0; i < 2; i++) {
        double s = sin(lat[i] * r);
        par += A / sqrt(1 - e2 * s * s) * cos(lat[i] * r) * (lon2 - lon1) * r;
    }
    return 2 * arc + par;
}

START_TEST(test_atlas_gazetteer_measures)
{
    tile_atlas_opts o = {.out_path = out};
    tile_atlas_report *r = NULL;
    gis_error err = {0};
    ck_assert_msg(tile_atlas_render(ctx, store, &o, &r, &err) == GIS_OK, "%s", err.msg);
    static const char *const codes[6] = {"420625100", "420625100201", "420625100202",
                                         "420625101", "420625101201", "420625101202"};
    /* Bounds of each unit as built in fill_store(): lon1, lat1, lon2, lat2. */
    static const double box[6][4] = {{111.5, 32.1, 111.65, 32.4},  {111.5, 32.1, 111.65, 32.25},
                                     {111.5, 32.25, 111.65, 32.4}, {111.65, 32.1, 111.8, 32.4},
                                     {111.65, 32.1, 111.8, 32.25}, {111.65, 32.25, 111.8, 32.4}};
    static const int nbr[6] = {1, 2, 2, 1, 2, 2}, cem[6] = {1, 1, 0, 0, 0, 0},
                     fac[6] = {1, 1, 0, 0, 0, 0};
    ck_assert_int_eq(r->n_gazetteer_rows, 6);
    for (int i = 0; i < 6; i++) {
        const tile_atlas_row *row = &r->rows[i];
        const double *b = box[i];
        ck_assert_str_eq(row->code, codes[i]);
        double want_a = quad_area(b[0], b[1], b[2], b[3]);
        double want_p = quad_perimeter(b[0], b[1], b[2], b[3]);
        ck_assert_double_eq_tol(row->area_m2, want_a, want_a * 5e-4);
        ck_assert_double_eq_tol(row->perim_m, want_p, want_p * 1e-5);
        /* The centroid of a small quadrangle is its middle to within metres. */
        ck_assert_double_eq_tol(row->lon, (b[0] + b[2]) / 2, 2e-4);
        ck_assert_double_eq_tol(row->lat, (b[1] + b[3]) / 2, 2e-4);
        ck_assert_int_eq(row->n_neighbours, nbr[i]);
        ck_assert_int_eq(row->n_cemeteries, cem[i]);
        ck_assert_int_eq(row->n_facilities, fac[i]);
    }
    tile_atlas_report_free(r);
}
END_TEST

START_TEST(test_atlas_a3_landscape_and_units)
{
    const char *units[] = {"420625101"};
    tile_atlas_opts o = {.out_path = out,
                         .paper = TILE_PAPER_A3,
                         .landscape = true,
                         .units = units,
                         .n_units = 1,
                         .map_number = "GS(2024)0001号"};
    tile_atlas_report *r = NULL;
    gis_error err = {0};
    ck_assert_msg(tile_atlas_render(ctx, store, &o, &r, &err) == GIS_OK, "%s", err.msg);
    ck_assert_double_eq_tol(r->page_w, 420 * 72 / 25.4, 0.01);
    ck_assert_double_eq_tol(r->page_h, 297 * 72 / 25.4, 0.01);
    ck_assert_uint_eq(r->n_maps, 1);
    ck_assert_int_eq(r->n_gazetteer_rows, 3); /* the township and its two villages */
    ck_assert_int_eq(r->n_pages, 2 + 1 + 1);
    tile_atlas_report_free(r);
}
END_TEST

START_TEST(test_atlas_svg_and_png_one_map)
{
    const char *units[] = {"420625100202"};
    tile_atlas_opts o = {
        .out_path = out, .format = TILE_ATLAS_PNG, .dpi = 50, .units = units, .n_units = 1};
    gis_error err = {0};
    snprintf(out, sizeof out, "%s/v.png", dir);
    ck_assert_msg(tile_atlas_render(ctx, store, &o, NULL, &err) == GIS_OK, "%s", err.msg);
    ck_assert_int_gt(file_size(out), 1000);
    snprintf(out, sizeof out, "%s/v.svg", dir);
    o.format = TILE_ATLAS_SVG;
    ck_assert_msg(tile_atlas_render(ctx, store, &o, NULL, &err) == GIS_OK, "%s", err.msg);
    ck_assert_int_gt(file_size(out), 1000);
}
END_TEST

START_TEST(test_atlas_county_only)
{
    /* A store holding just the county: cover, copyright page, overview, no gazetteer rows. */
    gis_store *keep = store;
    gis_error err = {0};
    char path[160];
    snprintf(path, sizeof path, "%s/county.sqlite", dir);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &store, &err), GIS_OK);
    unit("420625", "谷城县", "county", "420600", 111.5, 32.1, 111.8, 32.4);
    tile_atlas_opts o = {.out_path = out};
    tile_atlas_report *r = NULL;
    ck_assert_msg(tile_atlas_render(ctx, store, &o, &r, &err) == GIS_OK, "%s", err.msg);
    ck_assert_int_eq(r->n_pages, 3);
    ck_assert_uint_eq(r->n_maps, 1);
    ck_assert_int_eq(r->n_gazetteer_rows, 0);
    ck_assert_int_eq(r->n_gazetteer_pages, 0);
    tile_atlas_report_free(r);
    gis_store_close(store);
    store = keep;
}
END_TEST

START_TEST(test_atlas_errors)
{
    gis_error err = {0};
    const char *bad[] = {"420625999"};
    tile_atlas_opts o = {.out_path = out, .units = bad, .n_units = 1};
    int rc = tile_atlas_render(ctx, store, &o, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "unknown unit '420625999'");
    ck_assert_int_lt(file_size(out), 0);
    o = (tile_atlas_opts){.out_path = out, .format = TILE_ATLAS_SVG};
    rc = tile_atlas_render(ctx, store, &o, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "render one map");
    o = (tile_atlas_opts){.out_path = "/nonexistent-dir/x.pdf"};
    rc = tile_atlas_render(ctx, store, &o, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EIO, "/nonexistent-dir/x.pdf");
    o = (tile_atlas_opts){.out_path = NULL};
    rc = tile_atlas_render(ctx, store, &o, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "output path");
    /* A store without a county. */
    gis_store *empty = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/empty.sqlite", dir);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &empty, &err), GIS_OK);
    o = (tile_atlas_opts){.out_path = out};
    rc = tile_atlas_render(ctx, empty, &o, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "no county");
    gis_store_close(empty);
    tile_atlas_report_free(NULL);
}
END_TEST

static Suite *tile_atlas_suite(void)
{
    Suite *s = suite_create("atlas");
    TCase *tc = tcase_create("render");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_atlas_pdf_pages_and_scale);
    tcase_add_test(tc, test_atlas_a3_landscape_and_units);
    tcase_add_test(tc, test_atlas_gazetteer_measures);
    tcase_add_test(tc, test_atlas_county_only);
    tcase_add_test(tc, test_atlas_svg_and_png_one_map);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_atlas_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_atlas_suite)
