/*
 * Tests tiles/qc_report.c: the HTML QC report (质检报告) is self-contained, escapes every text,
 * has one inline SVG map per finding, lists accepted exceptions separately with their reasons,
 * and fails cleanly without its JSON document or with an unwritable path.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/findings.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/qc_report.h"

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}

static void teardown(void)
{
    gis_ctx_free(ctx);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static gis_finding_list *findings(void)
{
    gis_error err = {0};
    gis_finding_list *l = NULL;
    ck_assert_int_eq(gis_finding_list_new(&l, &err), GIS_OK);
    gis_finding *f = NULL;
    gis_geom *g = NULL;
    ck_assert_int_eq(gis_finding_list_add(l, "gap", GIS_SEV_ERROR, &f, &err), GIS_OK);
    gis_finding_add_unit(f, "420625100", &err);
    gis_finding_add_unit(f, "420625101", &err);
    gis_finding_set_message(f, &err, "城关镇与石花镇之间存在缝隙 %d 平方米", 2012);
    f->area_m2 = 2012.4;
    json_object_set_new(f->details, "sliver", json_true());
    json_object_set_new(f->details, "width_m", json_real(0.4));
    ck_assert_int_eq(
        gis_geom_from_wkt(ctx, "POLYGON((111 32,111.001 32,111.001 32.001,111 32.001,111 32))", &g,
                          &err),
        GIS_OK);
    gis_finding_set_geom(ctx, f, g);
    ck_assert_int_eq(gis_finding_locate(ctx, f, &err), GIS_OK);
    ck_assert_int_eq(gis_finding_list_add(l, "marker_off_line", GIS_SEV_WARNING, &f, &err), GIS_OK);
    gis_finding_set_message(f, &err, "界桩 <script>alert(1)</script> & \"x\" 偏离");
    f->distance_m = 3.25;
    f->lon = 111.0005;
    f->lat = 32.0005;
    ck_assert_int_eq(gis_finding_list_add(l, "overlap", GIS_SEV_ERROR, &f, &err), GIS_OK);
    gis_finding_set_message(f, &err, "盛康镇与庙滩镇重叠 12 平方米");
    f->status = GIS_FINDING_ACCEPTED;
    f->accept_reason = strdup("争议区, 待协商 <b>");
    f->lon = 111.0002;
    f->lat = 32.0002;
    return l;
}

START_TEST(test_qc_report_html)
{
    gis_error err = {0};
    gis_finding_list *l = findings();
    json_t *rules = json_pack("{s:f,s:s}", "tolerance_m", 0.5, "level", "all");
    json_t *doc = NULL;
    ck_assert_int_eq(gis_findings_to_json(l, "validate", rules, 13, &doc, &err), GIS_OK);
    gis_unit u = {.code = "420625100", .name = "城关镇"};
    ck_assert_int_eq(gis_geom_from_wkt(ctx,
                                       "POLYGON((110.99 31.99,111.01 31.99,111.01 32.01,"
                                       "110.99 32.01,110.99 31.99))",
                                       &u.geom, &err),
                     GIS_OK);
    tile_qc_report_info info = {.title = "谷城县界线质检报告",
                                .db_path = "/tmp/a<b>.sqlite",
                                .doc = doc,
                                .units = &u,
                                .n_units = 1};
    char *html = NULL;
    ck_assert_int_eq(tile_qc_report_html(ctx, l, &info, &html, &err), GIS_OK);
    ck_assert_ptr_nonnull(strstr(html, "<title>谷城县界线质检报告</title>"));
    ck_assert_ptr_nonnull(strstr(html, "/tmp/a&lt;b&gt;.sqlite"));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_nonnull(
        strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    ck_assert_ptr_nonnull(strstr(html, "城关镇与石花镇之间存在缝隙 2012 平方米"));
    ck_assert_ptr_nonnull(strstr(html, "2012.4 m²"));
    ck_assert_ptr_nonnull(strstr(html, "细长条 宽 0.40 m"));
    ck_assert_ptr_nonnull(strstr(html, "tolerance_m"));
    ck_assert_ptr_nonnull(strstr(html, "已接受的例外"));
    ck_assert_ptr_nonnull(strstr(html, "争议区, 待协商 &lt;b&gt;"));
    ck_assert_uint_eq(count(html, "<svg"), 3);
    ck_assert_uint_eq(count(html, "<svg"), count(html, "</svg>"));
    /* The gap is drawn filled; the unit boundary behind it in grey. */
    ck_assert_ptr_nonnull(strstr(html, "fill=\"#e0301e\""));
    ck_assert_ptr_nonnull(strstr(html, "stroke=\"#555\""));
    ck_assert_ptr_null(strstr(html, "http://www.w3.org/1999"));
    free(html);

    char path[] = "/tmp/jw_qc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd); /* the report replaces the file: read it by name */
    ck_assert_int_eq(tile_qc_report_write(ctx, l, &info, path, &err), GIS_OK);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char head[16] = {0};
    ck_assert_uint_gt(fread(head, 1, sizeof head - 1, f), 0);
    fclose(f);
    unlink(path);
    ck_assert_ptr_nonnull(strstr(head, "<!DOCTYPE html>"));
    gis_geom_free(ctx, u.geom);
    json_decref(doc);
    json_decref(rules);
    gis_finding_list_free(ctx, l);
}
END_TEST

START_TEST(test_qc_report_errors)
{
    gis_error err = {0};
    gis_finding_list *l = findings();
    tile_qc_report_info info = {.db_path = "x"};
    char *html = NULL;
    int rc = tile_qc_report_html(ctx, l, &info, &html, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "JSON report");
    ck_assert_ptr_null(html);
    json_t *doc = NULL;
    ck_assert_int_eq(gis_findings_to_json(l, "validate", NULL, 0, &doc, &err), GIS_OK);
    info.doc = doc;
    rc = tile_qc_report_write(ctx, l, &info, "/nonexistent/dir/qc.html", &err);
    ck_assert_fails_with(rc, err, GIS_EIO,
                         "QC report: cannot create /nonexistent/dir/qc.html: No such file");
    json_decref(doc);
    gis_finding_list_free(ctx, l);
}
END_TEST

static Suite *tile_qc_report_suite(void)
{
    Suite *s = suite_create("qc_report");
    TCase *tc = tcase_create("html");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_qc_report_html);
    tcase_add_test(tc, test_qc_report_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_qc_report_suite)
