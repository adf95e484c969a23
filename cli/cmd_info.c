/*
 * This file implements `jiewang info DB [--json]`: schema version, layer counts and extents,
 * CRS, recent imports and finding counts.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "gis/crs.h"
#include "gis/store.h"
#include "gis/store_info.h"
#include "gis/store_units.h"

static const char *const KINDS[] = {"county",     "townships",  "villages",        "boundary_lines",
                                    "markers",    "cemeteries", "facilities",      "no_burial_zones",
                                    "graves",     "findings"};
#define N_KINDS (sizeof KINDS / sizeof KINDS[0])

static int collect(gis_store *s, json_t *root, gis_error *err)
{
    int version = 0, rc;
    if ((rc = gis_store_schema_version(s, &version, err)) != GIS_OK)
        return rc;
    json_object_set_new(root, "schema_version", json_integer(version));
    json_object_set_new(root, "crs", json_string(GIS_CRS_STORE));
    char *county = NULL;
    if ((rc = gis_store_meta_get(s, "county_code", &county, err)) != GIS_OK)
        return rc;
    json_object_set_new(root, "county_code", county ? json_string(county) : json_null());
    free(county);
    json_t *layers = json_object();
    json_object_set_new(root, "layers", layers);
    for (size_t i = 0; i < N_KINDS; i++) {
        int64_t n = 0;
        double bbox[4];
        bool has = false;
        if ((rc = gis_store_count(s, KINDS[i], &n, err)) != GIS_OK ||
            (rc = gis_store_extent(s, KINDS[i], bbox, &has, err)) != GIS_OK)
            return rc;
        json_t *l = json_object();
        json_object_set_new(l, "count", json_integer(n));
        json_object_set_new(l, "extent", has ? json_pack("[ffff]", bbox[0], bbox[1], bbox[2],
                                                         bbox[3])
                                             : json_null());
        json_object_set_new(layers, KINDS[i], l);
    }
    gis_import_row *imports = NULL;
    size_t n_imports = 0;
    if ((rc = gis_store_imports_recent(s, 10, &imports, &n_imports, err)) != GIS_OK)
        return rc;
    json_t *ji = json_array();
    for (size_t i = 0; i < n_imports; i++)
        json_array_append_new(
            ji, json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:I,s:I,s:I,s:s?}", "id", (json_int_t)imports[i].id,
                          "source_file", imports[i].source_file, "layer_kind", imports[i].layer_kind,
                          "source_crs", imports[i].source_crs, "sha256", imports[i].sha256,
                          "features_imported", (json_int_t)imports[i].features_imported,
                          "features_skipped", (json_int_t)imports[i].features_skipped,
                          "invalid_geometries", (json_int_t)imports[i].invalid_geometries,
                          "imported_at", imports[i].imported_at));
    gis_import_rows_free(imports, n_imports);
    json_object_set_new(root, "imports", ji);
    gis_rule_count *counts = NULL;
    size_t n_counts = 0;
    if ((rc = gis_store_finding_counts(s, &counts, &n_counts, err)) != GIS_OK)
        return rc;
    json_t *jf = json_array();
    for (size_t i = 0; i < n_counts; i++)
        json_array_append_new(jf, json_pack("{s:s?,s:s?,s:s?,s:I}", "tool", counts[i].tool,
                                            "rule", counts[i].rule, "status", counts[i].status,
                                            "count", (json_int_t)counts[i].count));
    gis_rule_counts_free(counts, n_counts);
    json_object_set_new(root, "findings", jf);
    return GIS_OK;
}

static void print_text(const char *path, json_t *root)
{
    printf("数据库 database: %s\n", path);
    printf("schema version:  %lld\n",
           (long long)json_integer_value(json_object_get(root, "schema_version")));
    printf("CRS:             %s (CGCS2000)\n", json_string_value(json_object_get(root, "crs")));
    json_t *county = json_object_get(root, "county_code");
    if (json_is_string(county))
        printf("county code:     %s\n", json_string_value(county));
    printf("\n%-16s %10s  %s\n", "layer", "count", "extent (lon/lat)");
    const char *key;
    json_t *l;
    json_object_foreach(json_object_get(root, "layers"), key, l)
    {
        json_t *e = json_object_get(l, "extent");
        printf("%-16s %10lld  ", key, (long long)json_integer_value(json_object_get(l, "count")));
        if (json_is_array(e))
            printf("%.5f %.5f %.5f %.5f\n", json_real_value(json_array_get(e, 0)),
                   json_real_value(json_array_get(e, 1)), json_real_value(json_array_get(e, 2)),
                   json_real_value(json_array_get(e, 3)));
        else
            printf("-\n");
    }
    json_t *imports = json_object_get(root, "imports");
    if (json_array_size(imports) > 0) {
        printf("\n最近导入 recent imports:\n");
        size_t i;
        json_t *r;
        json_array_foreach(imports, i, r)
        {
            printf("  #%lld %s -> %s, %lld features, CRS %s, %s\n",
                   (long long)json_integer_value(json_object_get(r, "id")),
                   json_string_value(json_object_get(r, "source_file")),
                   json_string_value(json_object_get(r, "layer_kind")),
                   (long long)json_integer_value(json_object_get(r, "features_imported")),
                   json_string_value(json_object_get(r, "source_crs")) ? json_string_value(json_object_get(r, "source_crs")) : "?",
                   json_string_value(json_object_get(r, "imported_at")) ? json_string_value(json_object_get(r, "imported_at")) : "");
        }
    }
    json_t *findings = json_object_get(root, "findings");
    if (json_array_size(findings) > 0) {
        printf("\n检查结果 findings:\n");
        size_t i;
        json_t *r;
        json_array_foreach(findings, i, r)
        {
            printf("  %-9s %-34s %-9s %lld\n", json_string_value(json_object_get(r, "tool")),
                   json_string_value(json_object_get(r, "rule")),
                   json_string_value(json_object_get(r, "status")),
                   (long long)json_integer_value(json_object_get(r, "count")));
        }
    }
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0, 0, 0, 0}};
    bool as_json = false;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
        if (c == 'j')
            as_json = true;
        else
            return cli_usage("info", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return cli_usage("info", "expected one database path");
    const char *path = argv[optind];
    gis_error err = {0};
    gis_store *s = NULL;
    if (gis_store_open(path, GIS_STORE_READONLY, &s, &err) != GIS_OK)
        return cli_fail("info", &err);
    json_t *root = json_object();
    int rc = collect(s, root, &err);
    gis_store_close(s);
    if (rc != GIS_OK) {
        json_decref(root);
        return cli_fail("info", &err);
    }
    if (as_json) {
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
        putchar('\n');
    } else {
        print_text(path, root);
    }
    json_decref(root);
    return CLI_OK;
}

const cli_command CLI_CMD_INFO = {
    "info", run, "print schema version, layer counts, extents, imports and findings of a store",
    "Usage: jiewang info DB [--json]\n\n"
    "Prints the store's schema version, CRS (EPSG:4490, CGCS2000), the count and extent of each\n"
    "layer (county, townships, villages, boundary_lines, markers, cemeteries, facilities,\n"
    "no_burial_zones, graves, findings), the last imports and finding counts per rule.\n\n"
    "  --json   machine-readable output\n\n"
    "Example: jiewang info gucheng.sqlite\n"};
