/*
 * This file declares the print atlas: a PDF (cairo, vector, with the CJK font embedded as a
 * subset so the Chinese stays searchable) holding a cover, a copyright page (版权页) with the
 * map approval number (审图号, DOMAIN.md MAP-02/03), a county overview map, one map per
 * township and the gazetteer (地名志) tables; or one map page as SVG or PNG. Maps are drawn in
 * the county's CGCS2000 3-degree Gauss-Kruger zone at a stated nominal scale, with legend,
 * scale bar, north arrow and a labelled CGCS2000 graticule. It reads the store only.
 */
#ifndef TILE_ATLAS_H
#define TILE_ATLAS_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/store.h"
#include "tiles/label.h"

enum tile_atlas_paper { TILE_PAPER_A4 = 0, TILE_PAPER_A3 = 1 };
enum tile_atlas_format { TILE_ATLAS_PDF = 0, TILE_ATLAS_SVG = 1, TILE_ATLAS_PNG = 2 };

/** What to render. Strings are borrowed for the call. */
typedef struct tile_atlas_opts {
    const char *out_path;     /* file to write (replaced) */
    int paper;                /* enum tile_atlas_paper */
    bool landscape;           /* landscape pages */
    int format;               /* enum tile_atlas_format; SVG/PNG render one map page */
    double dpi;               /* PNG resolution; <= 0 means 150 */
    const char *title;        /* atlas title; NULL: "<county>行政区划图集" */
    const char *map_number;   /* 审图号; NULL or "": 内部用图, 未经审核 (MAP-03) */
    const char *date;         /* data date shown on every map; NULL: meta data_vintage */
    const char *source;       /* source line; NULL: a default naming the county 民政局 */
    const char *const *units; /* "county", "townships" or unit codes; n_units 0: both words */
    size_t n_units;
} tile_atlas_opts;

/** One rendered map page, as measured by the renderer (for tests and --report). */
typedef struct tile_atlas_map {
    char code[16];            /* unit in focus */
    int page;                 /* 1-based page number in the document */
    double scale_denominator; /* nominal scale 1:N stated on the page */
    double bar_m;             /* scale bar length on the ground, metres */
    double bar_pt;            /* scale bar length on paper, points */
    double pt_per_m;          /* page points per ground metre in the GK zone (at scale 1) */
    size_t n_labels;          /* labels placed */
    size_t n_dropped;         /* labels dropped for lack of room */
    size_t n_names_dropped;   /* unit names among them (marker numbers give way first) */
    tile_label_box *labels;   /* n_labels placed boxes, page points */
    tile_label_box frame;     /* map frame, page points */
} tile_atlas_map;

/** One gazetteer (地名志) row as printed. */
typedef struct tile_atlas_row {
    char code[16];    /* unit code */
    double area_m2;   /* ellipsoidal area, m² (printed in km², 2 decimals) */
    double perim_m;   /* ellipsoidal perimeter, m (printed in km, 2 decimals) */
    double lon, lat;  /* centroid, CGCS2000 degrees (printed as D°MM′SS.S″) */
    int n_neighbours; /* units at the same level sharing boundary */
    int n_cemeteries; /* public cemeteries standing in the unit */
    int n_facilities; /* other facilities standing in the unit */
} tile_atlas_row;

/** What was rendered. Free with tile_atlas_report_free(). */
typedef struct tile_atlas_report {
    int n_pages;           /* pages in the document */
    int n_gazetteer_pages; /* 地名志 pages */
    int n_gazetteer_rows;  /* 地名志 entries */
    int rows_per_page;     /* 地名志 rows per page */
    double page_w, page_h; /* page size, points */
    tile_atlas_map *maps;  /* map pages in order */
    size_t n_maps;
    tile_atlas_row *rows; /* gazetteer rows in order (n_gazetteer_rows) */
} tile_atlas_report;

/** Renders the atlas of store s as o asks. On success, when report_out is not NULL, returns an
 *  owned report in *report_out (free with tile_atlas_report_free()). On failure the output
 *  file may be partial and is removed. Codes: GIS_EINVAL (bad options, unknown unit code, SVG
 *  or PNG asked for more than one map), GIS_ENOTFOUND (no county in the store), GIS_EIO
 *  (cannot write), GIS_EDB, GIS_EGEOM, GIS_ECRS, GIS_ENOMEM. */
int tile_atlas_render(gis_ctx *ctx, gis_store *s, const tile_atlas_opts *o,
                      tile_atlas_report **report_out, gis_error *err);

/** Frees r. NULL is a no-op. */
void tile_atlas_report_free(tile_atlas_report *r);

/** Gazetteer rows per page for a paper size and orientation (every row has the same height). */
int tile_atlas_gazetteer_rows_per_page(int paper, bool landscape);

/** Page size in points of a paper and orientation (A4 595.28 x 841.89, A3 841.89 x 1190.55). */
void tile_atlas_paper_size(int paper, bool landscape, double *w_pt, double *h_pt);

#endif
