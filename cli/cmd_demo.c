/*
 * This file implements `jiewang demo`: builds the 谷城县 demo store from the real codes and
 * outline in data/gucheng and the synthetic generator (gis/demo.h), atomically (a temporary
 * file renamed into place). With --out it writes and exits; without, it builds (once) in the
 * cache folder, runs validate and coverage, and serves the result.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "gis/demo.h"
#include "gis/store.h"
#include "importers/demo_source.h"

typedef struct demo_opts {
    const char *out;
    bool force;
    gis_demo_params params;
    const char *port;
} demo_opts;

static void remove_db(const char *path)
{
    char side[PATH_MAX + 8];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static int generate(gis_ctx *ctx, const char *path, const gis_demo_params *p, gis_error *err)
{
    char dir[PATH_MAX], outline_path[PATH_MAX], units_path[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/gucheng", cli_data_dir());
    snprintf(outline_path, sizeof outline_path, "%s/county-outline.geojson", dir);
    snprintf(units_path, sizeof units_path, "%s/units.csv", dir);
    gis_geom *outline = NULL;
    gis_unit *units = NULL;
    size_t n_units = 0;
    gis_store *s = NULL;
    gis_demo_summary sum;
    int rc = imp_demo_read_outline(ctx, outline_path, &outline, err);
    if (rc == GIS_OK)
        rc = imp_demo_read_units(ctx, units_path, &units, &n_units, err);
    if (rc == GIS_OK)
        rc = gis_store_open(path, GIS_STORE_CREATE, &s, err);
    if (rc == GIS_OK) {
        fprintf(stderr, "生成演示数据 generating the 谷城县 demo (%zu units, seed %llu)...\n",
                n_units, (unsigned long long)p->seed);
        rc = gis_demo_generate(ctx, s, outline, units, n_units, p, &sum, err);
    }
    gis_store_close(s);
    gis_geom_free(ctx, outline);
    gis_unit_array_free(ctx, units, n_units);
    if (rc == GIS_OK)
        fprintf(stderr,
                "乡镇 townships %d, 村 villages %d, 界线 lines %d, 界桩 markers %d, 公墓 cemeteries "
                "%d, 设施 facilities %d, 禁葬区 zones %d, 散坟 graves %d, 故意设置的缺陷 defects %d\n",
                sum.townships, sum.villages, sum.lines, sum.markers, sum.cemeteries, sum.facilities,
                sum.zones, sum.graves, sum.defects);
    return rc;
}

/* Writes to PATH.tmp-PID and renames it over PATH: readers never see a partial store. */
static int build_atomically(const char *path, const demo_opts *o)
{
    gis_error err = {0};
    if (access(path, F_OK) == 0 && !o->force) {
        fprintf(stderr, "jiewang demo: error: '%s' exists; use --force to replace it\n", path);
        return CLI_FAIL;
    }
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    remove_db(tmp);
    gis_ctx *ctx = NULL;
    if (cli_ctx_new(&ctx, false, &err) != GIS_OK)
        return cli_fail("demo", &err);
    int rc = generate(ctx, tmp, &o->params, &err);
    gis_ctx_free(ctx);
    if (rc != GIS_OK) {
        remove_db(tmp);
        return cli_fail("demo", &err);
    }
    remove_db(path);
    if (rename(tmp, path) != 0) {
        char buf[128];
        strerror_r(errno, buf, sizeof buf);
        remove_db(tmp);
        fprintf(stderr, "jiewang demo: error: cannot rename '%s' to '%s': %s\n", tmp, path, buf);
        return CLI_FAIL;
    }
    fprintf(stderr, "已写入 written: %s\n", path);
    return CLI_OK;
}

static int parse(int argc, char **argv, demo_opts *o)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"force", no_argument, NULL, 'f'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"graves", required_argument, NULL, 'g'},
                                         {"no-defects", no_argument, NULL, 'n'},
                                         {"port", required_argument, NULL, 'p'},
                                         {0, 0, 0, 0}};
    gis_demo_params_defaults(&o->params);
    opterr = 0;
    optind = 1;
    int c;
    char *end = NULL;
    while ((c = getopt_long(argc, argv, "o:f", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->out = optarg;
            break;
        case 'f':
            o->force = true;
            break;
        case 's':
            o->params.seed = strtoull(optarg, &end, 10);
            if (*end != '\0' || optarg[0] == '\0' || optarg[0] == '-')
                return cli_usage("demo", "--seed needs a non-negative integer, got '%s'", optarg);
            break;
        case 'g':
            o->params.n_graves = (int)strtol(optarg, &end, 10);
            if (*end != '\0' || o->params.n_graves < 0 || o->params.n_graves > 10000000)
                return cli_usage("demo", "--graves needs 0..10000000, got '%s'", optarg);
            break;
        case 'n':
            o->params.defects = false;
            break;
        case 'p':
            o->port = optarg;
            break;
        default:
            return cli_usage("demo", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage("demo", "unexpected argument '%s'", argv[optind]);
    return CLI_OK;
}

/* `jiewang demo` without --out: build once in the cache folder, check it, serve it. */
static int demo_and_serve(demo_opts *o)
{
    char dir[PATH_MAX], path[PATH_MAX];
    const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (cache && cache[0])
        snprintf(dir, sizeof dir, "%s/jiewang", cache);
    else
        snprintf(dir, sizeof dir, "%s/.cache/jiewang", home && home[0] ? home : "/tmp");
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash)
        *slash = '\0';
    mkdir(parent, 0755);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "jiewang demo: error: cannot create cache folder '%s'\n", dir);
        return CLI_FAIL;
    }
    snprintf(path, sizeof path, "%s/gucheng.sqlite", dir);
    if (access(path, F_OK) != 0 || o->force) {
        o->force = true;
        int rc = build_atomically(path, o);
        if (rc != CLI_OK)
            return rc;
        char *validate[] = {"validate", path, NULL};
        char *coverage[] = {"coverage", path, NULL};
        CLI_CMD_VALIDATE.run(2, validate);
        CLI_CMD_COVERAGE.run(2, coverage);
    }
    char *serve[] = {"serve", path, "--port", (char *)(o->port ? o->port : "8080"), NULL};
    return CLI_CMD_SERVE.run(4, serve);
}

static int run(int argc, char **argv)
{
    demo_opts o = {0};
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc;
    return o.out ? build_atomically(o.out, &o) : demo_and_serve(&o);
}

const cli_command CLI_CMD_DEMO = {
    "demo", run, "build the 谷城县 demo database (and serve it)",
    "Usage: jiewang demo [--out PATH [--force]] [--seed N] [--graves N] [--no-defects] [--port P]\n"
    "\n"
    "生成谷城县 (420625) 演示库: 11 个乡级单位和 290 个村级单位使用真实的统计用区划代码和名称,\n"
    "县界为真实轮廓; 乡镇和村的多边形、界线、界桩、公墓、养老设施、禁葬区和散坟均为合成数据,\n"
    "并故意设置了若干缺陷 (见 README.md (The demo data)), 供质检和覆盖分析演示。\n\n"
    "Builds the demo store of 谷城县: real codes, names and outline; synthetic polygons, lines,\n"
    "markers, facilities, zones and graves from a fixed seed, with documented deliberate defects.\n\n"
    "  --out PATH    write the store to PATH and exit (refuses to overwrite without --force)\n"
    "  --force       replace an existing PATH (or rebuild the cached demo)\n"
    "  --seed N      PRNG seed (default 420625: the documented demo)\n"
    "  --graves N    number of scattered graves (default 20000)\n"
    "  --no-defects  a clean partition without the deliberate defects\n"
    "  --port P      without --out: port to serve on (default 8080)\n\n"
    "Without --out the store is built once in ~/.cache/jiewang/gucheng.sqlite, validated,\n"
    "analysed (coverage) and served at http://127.0.0.1:8080/ until Ctrl-C.\n"};
