/*
 * This file implements `jiewang export DB --kind KIND --format F --out PATH [--encoding GBK]`
 * (issue #3): flag parsing and the summary line. The work is imp_export_run
 * (importers/export.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "gis/store.h"
#include "importers/export.h"

static int parse(int argc, char **argv, const char **db, const char **out, imp_export_options *opt)
{
    static const struct option longs[] = {{"kind", required_argument, NULL, 'k'},
                                          {"format", required_argument, NULL, 'f'},
                                          {"out", required_argument, NULL, 'o'},
                                          {"encoding", required_argument, NULL, 'e'},
                                          {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
        switch (c) {
        case 'k':
            opt->kind = optarg;
            break;
        case 'f':
            opt->format = optarg;
            break;
        case 'o':
            *out = optarg;
            break;
        case 'e':
            opt->encoding = optarg;
            break;
        case ':':
            return cli_usage("export", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage("export", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return cli_usage("export", "expected one database path");
    *db = argv[optind];
    if (opt->kind == NULL || opt->format == NULL || *out == NULL)
        return cli_usage("export", "--kind, --format and --out are required");
    return 0;
}

static int run(int argc, char **argv)
{
    const char *db = NULL, *out = NULL;
    imp_export_options opt = {0};
    if (parse(argc, argv, &db, &out, &opt) != 0)
        return CLI_FAIL;
    gis_error err = {0};
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    int64_t n = 0;
    int rc = cli_ctx_new(&ctx, false, &err);
    if (rc == GIS_OK)
        rc = gis_store_open(db, GIS_STORE_READONLY, &s, &err);
    if (rc == GIS_OK)
        rc = imp_export_run(ctx, s, out, &opt, &n, &err);
    gis_store_close(s);
    gis_ctx_free(ctx);
    if (rc != GIS_OK)
        return cli_fail("export", &err);
    printf("导出完成 exported %lld %s to %s (%s%s%s)\n", (long long)n, opt.kind, out, opt.format,
           opt.encoding ? ", " : "", opt.encoding ? opt.encoding : "");
    return CLI_OK;
}

const cli_command CLI_CMD_EXPORT = {
    "export", run, "write a layer back out through GDAL (GPKG, Shapefile, GeoJSON, KML, CSV, DXF)",
    "Usage: jiewang export DB --kind KIND --format FORMAT --out PATH [--encoding GBK]\n"
    "\n"
    "导出图层。Writes one layer kind of DB to a new file through GDAL, with field names that\n"
    "`jiewang import` maps back, so import -> export -> import keeps codes, names and geometry.\n"
    "\n"
    "  --kind KIND        county townships villages boundary_lines markers cemeteries\n"
    "                     facilities no_burial_zones graves\n"
    "  --format FORMAT    GPKG, \"ESRI Shapefile\", GeoJSON, KML, CSV, DXF\n"
    "  --out PATH         output file (must not exist)\n"
    "  --encoding ENC     Shapefile attribute encoding, e.g. GBK (writes a .cpg for ArcGIS)\n"
    "\n"
    "Geometries are CGCS2000 (EPSG:4490); KML is written in WGS 84; CSV of points has lon/lat\n"
    "columns, other CSVs a WKT column; DXF keeps geometry only.\n"
    "Example: jiewang export gucheng.sqlite --kind townships --format \"ESRI Shapefile\" \\\n"
    "           --out 乡镇.shp --encoding GBK\n"};
