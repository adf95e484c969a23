/*
 * This file implements `jiewang findings list DB [--rule R] [--status S] [--tool T] [--json]`
 * and `jiewang findings accept DB ID --reason TEXT`: listing stored findings of validate and
 * coverage, and accepting one as an exception (例外) that persists across runs.
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

static const char *status_zh(int status)
{
    return status == GIS_FINDING_ACCEPTED ? "已接受"
           : status == GIS_FINDING_FIXED  ? "已修复"
                                          : "未解决";
}

static void print_list(const gis_finding_list *l)
{
    printf("%-6s %-9s %-28s %-7s %s\n", "id", "tool", "rule", "status", "message");
    for (size_t i = 0; i < l->n; i++) {
        const gis_finding *f = l->items[i];
        printf("%-6lld %-9s %-28s %-7s %s", (long long)f->id, f->tool ? f->tool : "", f->rule,
               gis_finding_status_name(f->status), f->message ? f->message : "");
        if (!isnan(f->lon))
            printf("  (%.6f, %.6f)", f->lon, f->lat);
        if (f->accept_reason != NULL)
            printf("  [%s: %s]", status_zh(f->status), f->accept_reason);
        putchar('\n');
    }
    printf("共 %zu 条\n", l->n);
}

static int do_list(int argc, char **argv)
{
    static const struct option opts[] = {{"rule", required_argument, NULL, 'r'},
                                         {"status", required_argument, NULL, 's'},
                                         {"tool", required_argument, NULL, 't'},
                                         {"json", no_argument, NULL, 'j'},
                                         {0, 0, 0, 0}};
    gis_findings_filter f = {.status = -1};
    bool as_json = false;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            f.rule = optarg;
        else if (c == 't')
            f.tool = optarg;
        else if (c == 'j')
            as_json = true;
        else if (c == 's' && (f.status = gis_finding_status_parse(optarg)) < 0)
            return cli_usage("findings", "--status must be open, accepted or fixed");
        else if (c != 's')
            return cli_usage("findings", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return cli_usage("findings", "usage: jiewang findings list DB [--rule R] [--status S]");
    gis_error err = {0};
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    gis_finding_list *l = NULL;
    json_t *doc = NULL;
    int rc = cli_ctx_new(&ctx, false, &err);
    if (rc == GIS_OK)
        rc = gis_store_open(argv[optind], GIS_STORE_READONLY, &s, &err);
    if (rc == GIS_OK)
        rc = gis_store_findings_list(ctx, s, &f, &l, &err);
    if (rc == GIS_OK && as_json) {
        doc = json_array();
        for (size_t i = 0; rc == GIS_OK && i < l->n; i++) {
            json_t *o = NULL;
            if ((rc = gis_finding_to_json(l->items[i], &o, &err)) == GIS_OK)
                json_array_append_new(doc, o);
        }
        if (rc == GIS_OK) {
            json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(12));
            putchar('\n');
        }
    } else if (rc == GIS_OK) {
        print_list(l);
    }
    int code = rc == GIS_OK ? CLI_OK : cli_fail("findings", &err);
    json_decref(doc);
    gis_finding_list_free(ctx, l);
    gis_store_close(s);
    gis_ctx_free(ctx);
    return code;
}

static int do_accept(int argc, char **argv)
{
    static const struct option opts[] = {{"reason", required_argument, NULL, 'r'}, {0, 0, 0, 0}};
    const char *reason = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'r')
            return cli_usage("findings", "unknown or incomplete option '%s'", argv[optind - 1]);
        reason = optarg;
    }
    if (optind != argc - 2)
        return cli_usage("findings", "usage: jiewang findings accept DB ID --reason TEXT");
    char *end = NULL;
    long long id = strtoll(argv[optind + 1], &end, 10);
    if (end == argv[optind + 1] || *end != '\0' || id <= 0)
        return cli_usage("findings", "finding id must be a positive number, got '%s'",
                         argv[optind + 1]);
    if (reason == NULL || reason[0] == '\0')
        return cli_usage("findings", "accept needs --reason \"…\" (例外理由)");
    gis_error err = {0};
    gis_store *s = NULL;
    int rc = gis_store_open(argv[optind], 0, &s, &err);
    if (rc == GIS_OK)
        rc = gis_store_finding_accept(s, (int64_t)id, reason, &err);
    gis_store_close(s);
    if (rc != GIS_OK)
        return cli_fail("findings", &err);
    printf("已接受例外 #%lld: %s\n", id, reason);
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("findings", "expected 'list' or 'accept'");
    if (strcmp(argv[1], "list") == 0)
        return do_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "accept") == 0)
        return do_accept(argc - 1, argv + 1);
    return cli_usage("findings", "unknown action '%s' (list or accept)", argv[1]);
}

const cli_command CLI_CMD_FINDINGS = {
    "findings", run, "list findings, accept exceptions: jiewang findings list|accept",
    "Usage: jiewang findings list DB [--rule R] [--status open|accepted|fixed] [--tool T] "
    "[--json]\n"
    "       jiewang findings accept DB ID --reason \"争议区, 待协商\"\n\n"
    "检查结果与例外: lists the findings stored by `jiewang validate` and `jiewang coverage`, and\n"
    "accepts one as an exception. Accepted findings keep their status across re-runs (matched by\n"
    "rule, units and location), are reported separately and do not fail the exit code; a\n"
    "finding no longer reported by its tool becomes 'fixed'.\n\n"
    "  --rule R      only this rule (e.g. gap, overlap, marker_off_line)\n"
    "  --status S    open | accepted | fixed\n"
    "  --tool T      validate | coverage\n"
    "  --json        JSON array output\n"
    "  --reason TEXT why the finding is accepted (required for accept)\n"};
