/*
 * This file implements `jiewang coverage DB [options]`: parses flags, runs the coverage report
 * (gis/coverage_report.h), stores its findings and village_coverage rows, writes the JSON,
 * GeoJSON and CSV outputs and prints the per-township table in Chinese. Exit code 0 when no
 * open error finding, 1 with one, 2 when the run fails.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "gis/coverage_report.h"
#include "gis/findings.h"
#include "gis/store.h"

typedef struct cov_args {
    const char *db, *json, *geojson, *csv, *profile, *population;
    double radius_m; /* NAN: from the profile */
    bool include_urban, no_save, skip_graves, buffer_zones, verbose;
} cov_args;

/* Display width of a UTF-8 string: CJK (3-byte sequences) count 2 columns. */
static int width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += (*p >= 0xE0) ? 2 : 1;
    return w;
}

static void cell(const char *s, int w, bool left)
{
    int pad = w - width(s);
    if (!left)
        printf("%*s", pad > 0 ? pad : 0, "");
    fputs(s, stdout);
    if (left)
        printf("%*s", pad > 0 ? pad : 0, "");
}

static void rate(char *buf, size_t len, const json_t *v)
{
    if (json_is_number(v))
        snprintf(buf, len, "%.1f%%", json_number_value(v) * 100);
    else
        snprintf(buf, len, "-");
}

static void row(const json_t *o, const char *label)
{
    char b[64];
    cell(label ? label : json_string_value(json_object_get(o, "name")), 14, true);
    static const char *const INTS[] = {"villages_in_scope", "covered", "uncovered"};
    for (int i = 0; i < 3; i++) {
        snprintf(b, sizeof b, "%lld", (long long)json_integer_value(json_object_get(o, INTS[i])));
        cell(b, 8, false);
    }
    rate(b, sizeof b, json_object_get(o, "coverage_rate"));
    cell(b, 9, false);
    rate(b, sizeof b, json_object_get(o, "happiness_home_rate"));
    cell(b, 12, false);
    snprintf(b, sizeof b, "%lld",
             (long long)json_integer_value(json_object_get(o, "elderly_care_centres")));
    cell(b, 12, false);
    const json_t *beds = json_object_get(o, "beds_per_1000_older");
    if (json_is_number(beds))
        snprintf(b, sizeof b, "%.1f", json_number_value(beds));
    else
        snprintf(b, sizeof b, "-");
    cell(b, 12, false);
    putchar('\n');
}

static void print_table(gis_coverage_report *r)
{
    const json_t *sum = gis_coverage_report_summary(r), *params = gis_coverage_report_params(r);
    const json_t *county = json_object_get(sum, "county");
    const json_t *radius = json_object_get(params, "radius_m");
    const char *name = json_string_value(json_object_get(county, "name"));
    printf("%s 公益性公墓覆盖与养老设施 (范围: %s; 覆盖半径: ", name ? name : "全县",
           json_is_true(json_object_get(params, "include_urban")) ? "全部村级单位" : "行政村");
    if (json_is_number(radius))
        printf("%.0f 米)\n\n", json_number_value(radius));
    else
        printf("关闭, 仅按村内或指定公墓)\n\n");
    static const char *const HEAD[] = {"乡镇",   "行政村",     "已覆盖",   "未覆盖",
                                       "覆盖率", "幸福院覆盖", "养老中心", "床位/千老人"};
    static const int W[] = {14, 8, 8, 8, 9, 12, 12, 12};
    for (int i = 0; i < 8; i++)
        cell(HEAD[i], W[i], i == 0);
    putchar('\n');
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(sum, "townships"), i, t) row(t, NULL);
    row(county, "合计");
    const json_t *g = json_object_get(sum, "graves");
    if (json_is_object(g))
        printf("\n禁葬区内坟墓 %lld 座: 受保护 %lld, 待迁移或深埋 %lld (生效后新增 %lld, 历史存量 "
               "%lld)\n",
               (long long)json_integer_value(json_object_get(g, "in_zone")),
               (long long)json_integer_value(json_object_get(g, "protected_in_zone")),
               (long long)json_integer_value(json_object_get(g, "to_relocate")),
               (long long)json_integer_value(json_object_get(g, "new_illegal")),
               (long long)json_integer_value(json_object_get(g, "backlog")));
}

static void print_findings(gis_coverage_report *r)
{
    const gis_finding_list *l = gis_coverage_report_findings(r);
    printf("\n检查结果 findings: %zu (错误 %zu, 警告 %zu)\n", l->n,
           gis_finding_list_count(l, NULL, GIS_SEV_ERROR, -1),
           gis_finding_list_count(l, NULL, GIS_SEV_WARNING, -1));
    /* At most PER_RULE lines per rule; the files hold them all. */
    enum { PER_RULE = 12 };
    for (size_t i = 0; i < l->n; i++) {
        const gis_finding *f = l->items[i];
        if (f->severity == GIS_SEV_INFO)
            continue;
        size_t seen = 0, total = 0;
        for (size_t k = 0; k < l->n; k++) {
            if (strcmp(l->items[k]->rule, f->rule) != 0)
                continue;
            total++;
            seen += k < i;
        }
        if (seen < PER_RULE)
            printf("  [%s] %s: %s%s\n", gis_severity_name(f->severity), f->rule,
                   f->message ? f->message : "",
                   f->status == GIS_FINDING_ACCEPTED ? " (已接受例外)" : "");
        else if (seen == PER_RULE)
            printf("  [%s] %s: …… 另有 %zu 条 (more in --json/--geojson)\n",
                   gis_severity_name(f->severity), f->rule, total - PER_RULE);
    }
    size_t n_sites = gis_finding_list_count(l, "candidate_site", -1, -1);
    if (n_sites > 0)
        printf("  [info] candidate_site: %zu 个候选地块 (见 GeoJSON/JSON 输出)\n", n_sites);
}

static void print_written(const cov_args *a)
{
    if (!a->no_save)
        printf("\n已保存 stored: 检查结果 (tool coverage) 与 village_coverage 表\n");
    if (a->json)
        printf("已写入 written: %s\n", a->json);
    if (a->geojson)
        printf("已写入 written: %s\n", a->geojson);
    if (a->csv)
        printf("已写入 written: %s/village_coverage.csv, township_rates.csv, "
               "graves_to_relocate.csv\n",
               a->csv);
}

static int parse(int argc, char **argv, cov_args *a)
{
    static const struct option opts[] = {
        {"json", required_argument, NULL, 'j'},       {"geojson", required_argument, NULL, 'g'},
        {"csv", required_argument, NULL, 'c'},        {"radius-m", required_argument, NULL, 'r'},
        {"profile", required_argument, NULL, 'p'},    {"include-urban", no_argument, NULL, 'u'},
        {"no-save", no_argument, NULL, 'n'},          {"skip-graves", no_argument, NULL, 's'},
        {"verbose", no_argument, NULL, 'v'},          {"buffer-zones", no_argument, NULL, 'b'},
        {"population", required_argument, NULL, 'P'}, {0, 0, 0, 0}};
    *a = (cov_args){.radius_m = NAN};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'j':
            a->json = optarg;
            break;
        case 'g':
            a->geojson = optarg;
            break;
        case 'c':
            a->csv = optarg;
            break;
        case 'p':
            a->profile = optarg;
            break;
        case 'u':
            a->include_urban = true;
            break;
        case 'n':
            a->no_save = true;
            break;
        case 's':
            a->skip_graves = true;
            break;
        case 'P':
            a->population = optarg;
            break;
        case 'b':
            a->buffer_zones = true;
            break;
        case 'v':
            a->verbose = true;
            break;
        case 'r':
            a->radius_m = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(a->radius_m >= 0) || a->radius_m > 1e6)
                return cli_usage("coverage",
                                 "--radius-m needs metres between 0 and 1000000, "
                                 "got '%s'",
                                 optarg);
            break;
        default:
            return cli_usage("coverage", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return cli_usage("coverage", "expected one database path");
    a->db = argv[optind];
    return CLI_OK;
}

static int outputs(gis_ctx *ctx, gis_coverage_report *r, const cov_args *a, gis_error *err)
{
    int rc = GIS_OK;
    json_t *doc = NULL;
    if (a->json && (rc = gis_coverage_report_to_json(r, "coverage", &doc, err)) == GIS_OK)
        rc = cli_write_json(a->json, doc, JSON_INDENT(2) | JSON_REAL_PRECISION(10), err);
    json_decref(doc);
    doc = NULL;
    if (rc == GIS_OK && a->geojson &&
        (rc = gis_findings_to_geojson(ctx, gis_coverage_report_findings(r), &doc, err)) == GIS_OK)
        rc = cli_write_json(a->geojson, doc, JSON_INDENT(2) | JSON_REAL_PRECISION(10), err);
    json_decref(doc);
    if (rc == GIS_OK && a->csv)
        rc = gis_coverage_report_write_csv(r, a->csv, err);
    return rc;
}

static int run(int argc, char **argv)
{
    cov_args a;
    int code = parse(argc, argv, &a);
    if (code != CLI_OK)
        return code;
    gis_error err = {0};
    gis_coverage_options o;
    gis_coverage_options_defaults(&o);
    if (a.profile && gis_profile_load(&o.profile, a.profile, &err) != GIS_OK)
        return cli_fail("coverage", &err);
    if (!isnan(a.radius_m))
        o.profile.coverage_radius_m = a.radius_m;
    o.include_urban = a.include_urban;
    o.skip_graves = a.skip_graves;
    o.buffer_zones = a.buffer_zones;
    o.population_csv = a.population;
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    gis_coverage_report *r = NULL;
    code = CLI_FAIL;
    if (cli_ctx_new(&ctx, a.verbose, &err) != GIS_OK ||
        gis_store_open(a.db, a.no_save ? GIS_STORE_READONLY : 0, &s, &err) != GIS_OK ||
        gis_coverage_report_run(ctx, s, &o, &r, &err) != GIS_OK ||
        (!a.no_save && gis_coverage_report_save(r, s, NULL, &err) != GIS_OK) ||
        outputs(ctx, r, &a, &err) != GIS_OK) {
        cli_fail("coverage", &err);
        goto done;
    }
    print_table(r);
    print_findings(r);
    print_written(&a);
    code = gis_finding_list_has_errors(gis_coverage_report_findings(r)) ? CLI_FINDINGS : CLI_OK;
done:
    gis_coverage_report_free(r);
    gis_store_close(s);
    gis_ctx_free(ctx);
    return code;
}

const cli_command CLI_CMD_COVERAGE = {
    "coverage", run, "cemetery, no-burial zone, grave and elderly-care coverage analysis",
    "Usage: jiewang coverage DB [--json FILE] [--geojson FILE] [--csv DIR] [--radius-m M]\n"
    "                           [--profile FILE] [--include-urban] [--buffer-zones] [--no-save]\n"
    "                           [--population FILE] [--skip-graves]\n\n"
    "公益性公墓覆盖、禁葬区、坟墓迁移、公墓容量与养老设施覆盖分析 (issue #5).\n\n"
    "Per administrative village (村委会, code segment 3 in 200-399): covered when a public\n"
    "cemetery stands inside it, is assigned to it (serves_codes, village_code), or with\n"
    "--radius-m lies within that distance; else rule uncovered_village. Urban communities are\n"
    "reported apart unless --include-urban. Also: cemetery_in_no_burial_zone, graves_to_relocate\n"
    "per zone (protected graves excluded; new illegal vs backlog by effective date),\n"
    "cemetery_capacity_low, township_without_elderly_facility, happiness_home_rate_below_target,\n"
    "beds_below_target, candidate_site polygons for uncovered villages.\n\n"
    "  --json FILE       report document with summary.coverage (county and township rates)\n"
    "  --geojson FILE    findings as a GeoJSON FeatureCollection (EPSG:4490)\n"
    "  --csv DIR         village_coverage.csv, township_rates.csv, graves_to_relocate.csv\n"
    "  --radius-m M      also cover villages within M metres of a cemetery (default: profile, 0 = "
    "off)\n"
    "  --profile FILE    domain parameters (data/profiles/*.json)\n"
    "  --include-urban   count 社区居委会 as villages\n"
    "  --buffer-zones    widen each zone by the profile buffer of its reason (railway/trunk road\n"
    "                    500 m, reservoir/river dike 300 m, water source 0 m) before analysing\n"
    "  --population FILE CSV with columns code,population[,older_population] overriding the\n"
    "                    villages' population attributes (capacity, beds per 1,000)\n"
    "  --no-save         open the database read-only; store neither findings nor village_coverage\n"
    "  --skip-graves     do not analyse graves\n"
    "  -v, --verbose     log progress and repaired geometries on stderr\n\n"
    "Findings are stored (tool \"coverage\") and table village_coverage rewritten.\n"
    "Exit codes: 0 no open error finding, 1 error findings, 2 failure.\n\n"
    "Example: jiewang coverage gucheng.sqlite --radius-m 3000 --csv out/\n"};
