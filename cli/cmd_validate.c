/*
 * This file implements `jiewang validate DB [options]`: parses flags, runs boundary validation
 * (gis/validate.h), stores the findings (gis/store_findings.h), writes the JSON, GeoJSON and
 * HTML QC report outputs and prints a short table grouped by rule in Chinese. Exit code 0 when
 * no open error finding, 1 with one, 2 when the run fails.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "gis/findings.h"
#include "gis/store.h"
#include "gis/store_findings.h"
#include "gis/store_units.h"
#include "gis/validate.h"
#include "tiles/qc_report.h"

typedef struct val_args {
    const char *db, *json, *geojson, *report, *profile;
    const char *level, *overlay;
    double tolerance_m, min_area_m2, sliver_width_m; /* NAN: from the profile */
    bool no_save, verbose;
    size_t show; /* findings printed per rule */
} val_args;

static int parse_real(const char *opt, const char *s, double *out)
{
    char *end = NULL;
    *out = strtod(s, &end);
    if (end == s || *end != '\0' || !(*out >= 0))
        return cli_usage("validate", "%s needs a number >= 0, got '%s'", opt, s);
    return CLI_OK;
}

static int parse_args(int argc, char **argv, val_args *a)
{
    static const struct option opts[] = {{"json", required_argument, NULL, 'j'},
                                         {"geojson", required_argument, NULL, 'g'},
                                         {"report", required_argument, NULL, 'r'},
                                         {"profile", required_argument, NULL, 'p'},
                                         {"level", required_argument, NULL, 'l'},
                                         {"tolerance-m", required_argument, NULL, 't'},
                                         {"min-area-m2", required_argument, NULL, 'a'},
                                         {"sliver-width-m", required_argument, NULL, 's'},
                                         {"overlay-crs", required_argument, NULL, 'c'},
                                         {"no-save", no_argument, NULL, 'n'},
                                         {"show", required_argument, NULL, 'S'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {0, 0, 0, 0}};
    int c, rc = CLI_OK;
    opterr = 0;
    optind = 1;
    while (rc == CLI_OK && (c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            a->json = optarg;
            break;
        case 'g':
            a->geojson = optarg;
            break;
        case 'r':
            a->report = optarg;
            break;
        case 'p':
            a->profile = optarg;
            break;
        case 'l':
            a->level = optarg;
            break;
        case 'c':
            a->overlay = optarg;
            break;
        case 't':
            rc = parse_real("--tolerance-m", optarg, &a->tolerance_m);
            break;
        case 'a':
            rc = parse_real("--min-area-m2", optarg, &a->min_area_m2);
            break;
        case 's':
            rc = parse_real("--sliver-width-m", optarg, &a->sliver_width_m);
            break;
        case 'S':
            a->show = (size_t)strtoul(optarg, NULL, 10);
            break;
        case 'n':
            a->no_save = true;
            break;
        case 'v':
            a->verbose = true;
            break;
        default:
            return cli_usage("validate", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (rc != CLI_OK)
        return rc;
    if (optind != argc - 1)
        return cli_usage("validate", "expected one database path");
    a->db = argv[optind];
    return CLI_OK;
}

static int make_opts(const val_args *a, gis_validate_opts *o, gis_error *err)
{
    gis_profile p;
    gis_profile_defaults(&p);
    if (a->profile != NULL) {
        int rc = gis_profile_load(&p, a->profile, err);
        if (rc != GIS_OK)
            return rc;
    }
    gis_validate_opts_init(o, &p);
    if (a->level != NULL && (o->level = gis_validate_level_parse(a->level)) < 0)
        return GIS_ERR(err, GIS_EINVAL, "--level must be township, village or all, not '%s'",
                       a->level);
    if (!isnan(a->tolerance_m))
        o->tolerance_m = o->two_sided_tolerance_m = a->tolerance_m;
    if (!isnan(a->min_area_m2))
        o->min_area_m2 = a->min_area_m2;
    if (!isnan(a->sliver_width_m))
        o->sliver_width_m = a->sliver_width_m;
    if (a->overlay != NULL) {
        if (strcmp(a->overlay, "auto") == 0)
            o->overlay_crs = GIS_VALIDATE_CRS_AUTO;
        else if (strcmp(a->overlay, "4490") == 0 || strcmp(a->overlay, "EPSG:4490") == 0)
            o->overlay_crs = GIS_VALIDATE_CRS_GEOGRAPHIC;
        else if (strcmp(a->overlay, "gk") == 0)
            o->overlay_crs = GIS_VALIDATE_CRS_GK;
        else
            return GIS_ERR(err, GIS_EINVAL, "--overlay-crs must be auto, 4490 or gk, not '%s'",
                           a->overlay);
    }
    return GIS_OK;
}

static void print_group(const gis_finding_list *l, const char *rule, size_t show)
{
    size_t n = gis_finding_list_count(l, rule, -1, GIS_FINDING_OPEN);
    printf("\n%s %s (%zu)\n", gis_validate_rule_zh(rule), rule, n);
    size_t shown = 0;
    for (size_t i = 0; i < l->n; i++) {
        const gis_finding *f = l->items[i];
        if (f->status != GIS_FINDING_OPEN || strcmp(f->rule, rule) != 0)
            continue;
        if (shown++ == show) {
            printf("  … 另有 %zu 条, 见 --json / --report\n", n - show);
            break;
        }
        printf("  %s #%lld %s",
               f->severity == GIS_SEV_ERROR     ? "错误"
               : f->severity == GIS_SEV_WARNING ? "警告"
                                                : "提示",
               (long long)f->id, f->message);
        if (!isnan(f->lon))
            printf("  (%.6f, %.6f)", f->lon, f->lat);
        putchar('\n');
    }
}

static void print_table(const val_args *a, const gis_finding_list *l, const json_t *doc,
                        const gis_validate_stats *st, const gis_findings_sync *sync)
{
    const json_t *s = json_object_get(doc, "summary");
    printf("界线质检 %s\n", a->db);
    printf("检查单位 %lld 个; 问题 %lld 个 (错误 %lld, 警告 %lld); 已接受例外 %lld 个; "
           "叠加坐标系 EPSG:%d\n",
           (long long)json_integer_value(json_object_get(s, "units_checked")),
           (long long)json_integer_value(json_object_get(s, "findings")),
           (long long)json_integer_value(json_object_get(s, "errors")),
           (long long)json_integer_value(json_object_get(s, "warnings")),
           (long long)json_integer_value(json_object_get(s, "accepted")), st->overlay_epsg);
    const char *rule;
    json_t *v;
    json_object_foreach((json_t *)json_object_get(s, "by_rule"), rule, v)
        print_group(l, rule, a->show);
    size_t n_acc = gis_finding_list_count(l, NULL, -1, GIS_FINDING_ACCEPTED);
    if (n_acc > 0) {
        printf("\n已接受的例外 accepted (%zu)\n", n_acc);
        for (size_t i = 0; i < l->n; i++)
            if (l->items[i]->status == GIS_FINDING_ACCEPTED)
                printf("  #%lld %s — 理由: %s\n", (long long)l->items[i]->id, l->items[i]->message,
                       l->items[i]->accept_reason ? l->items[i]->accept_reason : "");
    }
    if (sync != NULL)
        printf("\n已写入数据库: 新问题 %zu, 仍未解决 %zu, 已接受 %zu, 已修复 %zu\n", sync->n_new,
               sync->n_open, sync->n_accepted, sync->n_fixed);
}

static int outputs(gis_ctx *ctx, gis_store *s, const val_args *a, const gis_finding_list *l,
                   const json_t *doc, gis_error *err)
{
    int rc = GIS_OK;
    if (a->json != NULL)
        rc = cli_write_json(a->json, doc, JSON_INDENT(1) | JSON_REAL_PRECISION(12), err);
    if (rc == GIS_OK && a->geojson != NULL) {
        json_t *fc = NULL;
        if ((rc = gis_findings_to_geojson(ctx, l, &fc, err)) == GIS_OK)
            rc = cli_write_json(a->geojson, fc, JSON_INDENT(1) | JSON_REAL_PRECISION(12), err);
        json_decref(fc);
    }
    if (rc == GIS_OK && a->report != NULL) {
        gis_unit *units = NULL;
        size_t n = 0;
        if ((rc = gis_store_units_load(ctx, s, NULL, &units, &n, err)) == GIS_OK) {
            tile_qc_report_info info = {.db_path = a->db, .doc = doc, .units = units, .n_units = n};
            rc = tile_qc_report_write(ctx, l, &info, a->report, err);
        }
        gis_unit_array_free(ctx, units, n);
    }
    return rc;
}

static int run(int argc, char **argv)
{
    val_args a = {.tolerance_m = NAN, .min_area_m2 = NAN, .sliver_width_m = NAN, .show = 20};
    int crc = parse_args(argc, argv, &a);
    if (crc != CLI_OK)
        return crc;
    gis_error err = {0};
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    gis_finding_list *l = NULL;
    json_t *rules = NULL, *doc = NULL;
    gis_validate_opts o;
    gis_validate_stats st = {0};
    gis_findings_sync sync = {0};
    int rc = make_opts(&a, &o, &err);
    if (rc == GIS_OK)
        rc = cli_ctx_new(&ctx, a.verbose, &err);
    if (rc == GIS_OK)
        rc = gis_store_open(a.db, a.no_save ? GIS_STORE_READONLY : 0, &s, &err);
    if (rc == GIS_OK)
        rc = gis_finding_list_new(&l, &err);
    if (rc == GIS_OK)
        rc = gis_validate_store(ctx, s, &o, l, &st, &err);
    if (rc == GIS_OK && (rules = gis_validate_opts_json(&o)) == NULL)
        rc = GIS_ERR(&err, GIS_ENOMEM, "out of memory");
    if (rc == GIS_OK) {
        json_object_set_new(rules, "overlay_epsg", json_integer(st.overlay_epsg));
        json_object_set_new(rules, "gk_epsg", json_integer(st.gk_epsg));
    }
    if (rc == GIS_OK && !a.no_save)
        rc = gis_store_findings_replace(ctx, s, "validate", rules, l, &sync, &err);
    if (rc == GIS_OK)
        rc = gis_findings_to_json(l, "validate", rules, (int64_t)st.units_checked, &doc, &err);
    if (rc == GIS_OK)
        rc = outputs(ctx, s, &a, l, doc, &err);
    if (rc == GIS_OK && !(a.json != NULL && strcmp(a.json, "-") == 0))
        print_table(&a, l, doc, &st, a.no_save ? NULL : &sync);
    int exit_code = rc != GIS_OK                     ? cli_fail("validate", &err)
                    : gis_finding_list_has_errors(l) ? CLI_FINDINGS
                                                     : CLI_OK;
    json_decref(doc);
    json_decref(rules);
    gis_finding_list_free(ctx, l);
    gis_store_close(s);
    gis_ctx_free(ctx);
    return exit_code;
}

const cli_command CLI_CMD_VALIDATE = {
    "validate", run, "check boundaries: gaps, overlaps, nesting, codes, markers (质检)",
    "Usage: jiewang validate DB [options]\n\n"
    "界线质检: checks the township and village partitions, codes, boundary markers and lines,\n"
    "stores the findings in DB (accepted exceptions persist) and prints them grouped by rule.\n\n"
    "  --json FILE           write the findings report as JSON ('-' = stdout)\n"
    "  --geojson FILE        write the findings as a GeoJSON FeatureCollection\n"
    "  --report FILE         write the HTML QC report (质检报告) with a map per finding\n"
    "  --level L             township | village | all (default all)\n"
    "  --tolerance-m M       marker/line/two-sided tolerance in metres (default 0.5)\n"
    "  --min-area-m2 A       smallest gap/overlap reported (default 1)\n"
    "  --sliver-width-m W    thinner gaps/overlaps are flagged as slivers (default 1)\n"
    "  --profile FILE        domain profile JSON (data/profiles/default.json)\n"
    "  --overlay-crs C       auto | 4490 | gk: CRS of the polygon overlay (default auto:\n"
    "                        gk when the units were imported from a Gauss-Kruger CRS)\n"
    "  --show N              findings printed per rule (default 20)\n"
    "  --no-save             do not store findings (opens DB read-only)\n\n"
    "Rules: invalid_geometry gap overlap outside_parent bad_code duplicate_code parent_mismatch\n"
    "unit_without_geometry parent_without_children marker_off_line duplicate_marker\n"
    "marker_unknown_line marker_order triple_point_without_marker line_dangle line_unclosed\n"
    "two_sided_mismatch inspection_overdue.\n\n"
    "Exit code: 0 no open error, 1 open errors found, 2 failure to run.\n"
    "Example: jiewang validate gucheng.sqlite --json qc.json --report qc.html\n"};
