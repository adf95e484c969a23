/*
 * This file implements `jiewang atlas DB --out FILE ...`: flag parsing for the print atlas
 * (tiles/atlas.h), a one-line summary and an optional JSON report of what was drawn (scale,
 * scale bar, placed label boxes) for checks and tests.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "tiles/atlas.h"

#define MAX_UNITS 512

static json_t *box_json(const tile_label_box *b)
{
    return json_pack("[ffff]", b->x0, b->y0, b->x1, b->y1);
}

static int write_report(const char *path, const tile_atlas_report *r)
{
    json_t *maps = json_array();
    for (size_t i = 0; i < r->n_maps; i++) {
        const tile_atlas_map *m = &r->maps[i];
        json_t *labels = json_array();
        for (size_t k = 0; k < m->n_labels; k++)
            json_array_append_new(labels, box_json(&m->labels[k]));
        json_array_append_new(
            maps, json_pack("{s:s,s:i,s:f,s:f,s:f,s:f,s:I,s:I,s:I,s:o,s:o}", "code", m->code,
                            "page", m->page, "scale_denominator", m->scale_denominator, "bar_m",
                            m->bar_m, "bar_pt", m->bar_pt, "pt_per_m", m->pt_per_m, "n_labels",
                            (json_int_t)m->n_labels, "n_dropped", (json_int_t)m->n_dropped,
                            "n_names_dropped", (json_int_t)m->n_names_dropped, "frame",
                            box_json(&m->frame), "labels", labels));
    }
    json_t *rows = json_array();
    for (int i = 0; r->rows != NULL && i < r->n_gazetteer_rows; i++) {
        const tile_atlas_row *g = &r->rows[i];
        json_array_append_new(rows, json_pack("{s:s,s:f,s:f,s:f,s:f,s:i,s:i,s:i}", "code", g->code,
                                              "area_m2", g->area_m2, "perimeter_m", g->perim_m,
                                              "lon", g->lon, "lat", g->lat, "neighbours",
                                              g->n_neighbours, "cemeteries", g->n_cemeteries,
                                              "facilities", g->n_facilities));
    }
    json_t *root =
        json_pack("{s:i,s:i,s:i,s:i,s:f,s:f,s:o}", "pages", r->n_pages, "gazetteer_pages",
                  r->n_gazetteer_pages, "gazetteer_rows", r->n_gazetteer_rows, "rows_per_page",
                  r->rows_per_page, "page_w", r->page_w, "page_h", r->page_h, "maps", maps);
    json_object_set_new(root, "gazetteer", rows);
    gis_error err = {0};
    int rc = cli_write_json(path, root, JSON_INDENT(1) | JSON_REAL_PRECISION(10), &err);
    json_decref(root);
    if (rc != GIS_OK)
        fprintf(stderr, "jiewang atlas: error: %s\n", err.msg);
    return rc;
}

struct args {
    tile_atlas_opts o;
    const char *units[MAX_UNITS];
    char *units_buf[MAX_UNITS];
    size_t n_bufs;
    const char *report;
    const char *db;
};

static int add_units(struct args *a, const char *arg)
{
    char *copy = strdup(arg);
    if (copy == NULL || a->n_bufs == MAX_UNITS)
        return -1;
    a->units_buf[a->n_bufs++] = copy;
    char *save = NULL;
    for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        if (a->o.n_units == MAX_UNITS)
            return -1;
        a->units[a->o.n_units++] = t;
    }
    return 0;
}

static int parse(int argc, char **argv, struct args *a)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},    {"paper", required_argument, NULL, 'p'},
        {"landscape", no_argument, NULL, 'l'},    {"units", required_argument, NULL, 'u'},
        {"title", required_argument, NULL, 't'},  {"map-number", required_argument, NULL, 'n'},
        {"date", required_argument, NULL, 'd'},   {"source", required_argument, NULL, 's'},
        {"format", required_argument, NULL, 'f'}, {"dpi", required_argument, NULL, 'r'},
        {"report", required_argument, NULL, 'R'}, {0, 0, 0, 0}};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'o':
            a->o.out_path = optarg;
            break;
        case 'l':
            a->o.landscape = true;
            break;
        case 't':
            a->o.title = optarg;
            break;
        case 'n':
            a->o.map_number = optarg;
            break;
        case 'd':
            a->o.date = optarg;
            break;
        case 's':
            a->o.source = optarg;
            break;
        case 'R':
            a->report = optarg;
            break;
        case 'p':
            if (strcasecmp(optarg, "A4") && strcasecmp(optarg, "A3"))
                return cli_usage("atlas", "unknown paper '%s' (A4 or A3)", optarg);
            a->o.paper = strcasecmp(optarg, "A3") == 0 ? TILE_PAPER_A3 : TILE_PAPER_A4;
            break;
        case 'f':
            if (strcmp(optarg, "pdf") && strcmp(optarg, "svg") && strcmp(optarg, "png"))
                return cli_usage("atlas", "unknown format '%s' (pdf, svg or png)", optarg);
            a->o.format = strcmp(optarg, "svg") == 0   ? TILE_ATLAS_SVG
                          : strcmp(optarg, "png") == 0 ? TILE_ATLAS_PNG
                                                       : TILE_ATLAS_PDF;
            break;
        case 'r':
            a->o.dpi = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || a->o.dpi < 10 || a->o.dpi > 1200)
                return cli_usage("atlas", "--dpi '%s' is not a number in 10..1200", optarg);
            break;
        case 'u':
            if (add_units(a, optarg) != 0)
                return cli_usage("atlas", "too many units");
            break;
        default:
            return cli_usage("atlas", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage("atlas", "expected a database path");
    a->db = argv[optind++];
    /* Extra positional words are more units: --units 420625101 420625102. */
    for (; optind < argc; optind++)
        if (add_units(a, argv[optind]) != 0)
            return cli_usage("atlas", "too many units");
    if (a->o.out_path == NULL)
        return cli_usage("atlas", "--out FILE is required");
    a->o.units = a->units;
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    struct args a;
    memset(&a, 0, sizeof a);
    int rc = parse(argc, argv, &a), exit_code = CLI_FAIL;
    gis_error err = {0};
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    tile_atlas_report *r = NULL;
    if (rc != CLI_OK)
        goto done;
    if (cli_ctx_new(&ctx, false, &err) != GIS_OK ||
        gis_store_open(a.db, GIS_STORE_READONLY, &s, &err) != GIS_OK ||
        tile_atlas_render(ctx, s, &a.o, &r, &err) != GIS_OK) {
        exit_code = cli_fail("atlas", &err);
        goto done;
    }
    if (a.report != NULL && write_report(a.report, r) != GIS_OK)
        goto done;
    if (a.o.format == TILE_ATLAS_PDF)
        printf("写出 %s：%d 页（地图 %zu 页，地名志 %d 页，%d 条，每页 %d 条）\n", a.o.out_path,
               r->n_pages, r->n_maps, r->n_gazetteer_pages, r->n_gazetteer_rows, r->rows_per_page);
    else
        printf("写出 %s：地图 %s，比例尺 1:%.0f\n", a.o.out_path, r->maps[0].code,
               r->maps[0].scale_denominator);
    exit_code = CLI_OK;
done:
    tile_atlas_report_free(r);
    gis_store_close(s);
    gis_ctx_free(ctx);
    for (size_t i = 0; i < a.n_bufs; i++)
        free(a.units_buf[i]);
    return exit_code;
}

const cli_command CLI_CMD_ATLAS = {
    "atlas", run, "render the print atlas (PDF) and 地名志 gazetteer",
    "Usage: jiewang atlas DB --out FILE [options]\n\n"
    "Renders the atlas: cover, copyright page (版权页, with the 审图号), county overview map, one\n"
    "map per township and the gazetteer (地名志) tables, as a vector PDF with the Noto CJK font\n"
    "embedded. Maps are drawn in the county's CGCS2000 3-degree Gauss-Kruger zone at a stated\n"
    "scale, with legend, scale bar, north arrow and a labelled graticule.\n\n"
    "  --out FILE          output file (required)\n"
    "  --paper A4|A3       paper size (default A4)\n"
    "  --landscape         landscape pages\n"
    "  --units LIST        county, townships and/or unit codes, comma-separated or repeated\n"
    "                      (default: county,townships); a village code maps that village\n"
    "  --title TEXT        atlas title (default: <县名>行政区划图集)\n"
    "  --map-number TEXT   审图号 (default: 内部用图，未经审核; DOMAIN.md MAP-03)\n"
    "  --date TEXT         data date printed on every map (default: the store's data vintage)\n"
    "  --source TEXT       source line (default: <县名>民政局界线与地名数据库)\n"
    "  --format pdf|svg|png  svg and png render one map (pass one unit with --units)\n"
    "  --dpi N             PNG resolution (default 150)\n"
    "  --report FILE       write a JSON report: pages, scales, scale bars, label boxes\n\n"
    "Examples:\n"
    "  jiewang atlas gucheng.sqlite --out atlas.pdf\n"
    "  jiewang atlas gucheng.sqlite --out shihua.png --format png --units 420625101\n"};
