/*
 * This file implements `jiewang import DB FILE --as KIND [options]` (issue #3): flag parsing,
 * the progress bar and the one-line summary. The work is imp_import_run (importers/import.h).
 * A database this command created is removed again when the import fails.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "gis/store.h"
#include "importers/crs_detect.h"
#include "importers/import.h"

#define MAX_FIELDS 32

typedef struct args {
    const char *db, *file;
    imp_options opt;
    const char *fields[MAX_FIELDS];
    bool verbose, quiet;
} args;

static void progress(void *user, int64_t done, int64_t total)
{
    (void)user;
    if (total > 0)
        fprintf(stderr, "\r导入 importing %lld/%lld (%d%%)", (long long)done, (long long)total,
                (int)(100 * done / (total > done ? total : done)));
    else
        fprintf(stderr, "\r导入 importing %lld", (long long)done);
    if (total > 0 && done >= total)
        fputc('\n', stderr);
}

static int parse_opt(int c, args *a)
{
    switch (c) {
    case 'a':
        a->opt.kind = optarg;
        return 0;
    case 'l':
        a->opt.layer = optarg;
        return 0;
    case 's':
        a->opt.srs = optarg;
        return 0;
    case 'e':
        a->opt.encoding = optarg;
        return 0;
    case 't':
        a->opt.towgs84 = optarg;
        return 0;
    case 'r':
        a->opt.replace = true;
        return 0;
    case 'v':
        a->verbose = true;
        return 0;
    case 'q':
        a->quiet = true;
        return 0;
    case 'c': {
        char *end = NULL;
        long cm = strtol(optarg, &end, 10);
        if (*end != '\0' || cm <= 0 || cm > 180)
            return cli_usage("import", "--central-meridian '%s': expected degrees, e.g. 111",
                             optarg);
        a->opt.central_meridian = (int)cm;
        return 0;
    }
    case 'x':
        if (strcasecmp(optarg, "en") == 0)
            a->opt.axis = IMP_AXIS_EN;
        else if (strcasecmp(optarg, "ne") == 0)
            a->opt.axis = IMP_AXIS_NE;
        else
            return cli_usage("import", "--axis '%s': expected en or ne", optarg);
        return 0;
    case 'f':
        if (a->opt.n_fields == MAX_FIELDS)
            return cli_usage("import", "too many --field options (at most %d)", MAX_FIELDS);
        a->fields[a->opt.n_fields++] = optarg;
        return 0;
    default:
        return CLI_FAIL;
    }
}

static int parse(int argc, char **argv, args *a)
{
    static const struct option longs[] = {{"as", required_argument, NULL, 'a'},
                                          {"layer", required_argument, NULL, 'l'},
                                          {"srs", required_argument, NULL, 's'},
                                          {"encoding", required_argument, NULL, 'e'},
                                          {"towgs84", required_argument, NULL, 't'},
                                          {"central-meridian", required_argument, NULL, 'c'},
                                          {"axis", required_argument, NULL, 'x'},
                                          {"field", required_argument, NULL, 'f'},
                                          {"replace", no_argument, NULL, 'r'},
                                          {"verbose", no_argument, NULL, 'v'},
                                          {"quiet", no_argument, NULL, 'q'},
                                          {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
        if (c == '?')
            return cli_usage("import", "unknown option '%s'", argv[optind - 1]);
        if (c == ':')
            return cli_usage("import", "option '%s' needs a value", argv[optind - 1]);
        if (parse_opt(c, a) != 0)
            return CLI_FAIL;
    }
    if (argc - optind != 2)
        return cli_usage("import", "expected DB and FILE");
    a->db = argv[optind];
    a->file = argv[optind + 1];
    if (a->opt.kind == NULL)
        return cli_usage("import", "--as KIND is required");
    a->opt.fields = a->fields;
    return 0;
}

static void remove_db(const char *db)
{
    char side[4096];
    unlink(db);
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
}

static void print_summary(const args *a, const imp_summary *s)
{
    printf("导入完成 imported %lld of %lld features from %s (layer '%s', %s) as %s: "
           "%lld skipped (no geometry), %lld invalid polygons kept, %lld duplicate and %lld "
           "malformed codes kept, %lld unparsable values, %lld unknown kinds",
           (long long)s->n_imported, (long long)s->n_read, a->file, s->layer, s->driver,
           a->opt.kind, (long long)s->n_skipped, (long long)s->n_invalid, (long long)s->n_dup_keys,
           (long long)s->n_bad_codes, (long long)s->n_bad_values, (long long)s->n_unknown_kind);
    if (s->n_replaced > 0)
        printf(", %lld earlier rows replaced", (long long)s->n_replaced);
    printf("; CRS: %s", s->crs_note);
    if (s->axis_note[0])
        printf("; %s", s->axis_note);
    printf("; import #%lld\n", (long long)s->import_id);
}

static int run(int argc, char **argv)
{
    args a = {0};
    if (parse(argc, argv, &a) != 0)
        return CLI_FAIL;
    struct stat st;
    bool existed = stat(a.db, &st) == 0;
    gis_error err = {0};
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    imp_summary sum;
    int rc = cli_ctx_new(&ctx, a.verbose, &err);
    if (rc == GIS_OK)
        rc = gis_store_open(a.db, GIS_STORE_CREATE, &s, &err);
    if (rc == GIS_OK) {
        if (!a.quiet && cli_stderr_is_tty()) {
            a.opt.progress = progress;
        }
        rc = imp_import_run(ctx, s, a.file, &a.opt, &sum, &err);
    }
    gis_store_close(s);
    gis_ctx_free(ctx);
    if (rc != GIS_OK) {
        if (!existed)
            remove_db(a.db);
        return cli_fail("import", &err);
    }
    if (sum.crs_warn)
        fprintf(stderr, "warning: %s: %s\n", a.file, sum.crs_note);
    if (sum.n_empty > 0)
        fprintf(stderr, "warning: %s: %lld features without geometry skipped (first: %s %lld)\n",
                a.file, (long long)sum.n_empty, strcmp(sum.driver, "CSV") == 0 ? "line" : "feature",
                (long long)(sum.first_empty + (strcmp(sum.driver, "CSV") == 0)));
    if (!a.quiet)
        print_summary(&a, &sum);
    return CLI_OK;
}

const cli_command CLI_CMD_IMPORT = {
    "import", run,
    "load a survey or facility file (Shapefile, GPKG, GeoJSON, KML, DXF, GPX, CSV, XLSX) into a "
    "store",
    "Usage: jiewang import DB FILE --as KIND [options]\n"
    "\n"
    "导入测绘或民政设施数据。Loads one layer of FILE into DB (created when missing) in one\n"
    "transaction: any error leaves DB exactly as it was.\n"
    "\n"
    "KIND: county townships villages boundary_lines markers cemeteries facilities\n"
    "      no_burial_zones graves\n"
    "\n"
    "Options:\n"
    "  --as KIND               layer kind to load (required)\n"
    "  --layer NAME            layer of a multi-layer source (GPKG, KML, GPX; DXF: CAD layer)\n"
    "  --srs CRS               source CRS (EPSG:n, WKT or PROJ), overriding .prj / embedded\n"
    "  --central-meridian DEG  for 6-digit Gauss-Kruger eastings without zone prefix (e.g. 111)\n"
    "  --axis en|ne            X/Y columns: X is easting (en) or northing (ne, survey tables)\n"
    "  --towgs84 P             dx,dy,dz[,rx,ry,rz,ds] for Xian 1980 / Beijing 1954 sources\n"
    "  --encoding ENC          attribute encoding: GBK, GB18030, UTF-8 (overrides .cpg)\n"
    "  --field TARGET=SOURCE   map a source field explicitly (repeatable)\n"
    "  --replace               replace rows loaded earlier from a file of the same name\n"
    "  --quiet                 no progress bar and no summary\n"
    "  --verbose               more log lines\n"
    "\n"
    "Example: jiewang import gucheng.sqlite 乡镇界线.shp --as townships --encoding GBK\n"
    "Exit codes: 0 imported, 2 error (one line on stderr naming file, feature and field).\n"};
