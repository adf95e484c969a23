/*
 * Internals shared by the tiles/atlas*.c files: the loaded and projected data, the document
 * being drawn (cairo context, one reused pango layout), the map view (page <-> Gauss-Kruger
 * metres) and the symbol kinds. Only tiles/atlas*.c include this header (cairo lives there).
 */
#ifndef TILE_ATLAS_INT_H
#define TILE_ATLAS_INT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "gis/crs.h"
#include "gis/records.h"
#include "tiles/atlas.h"
#include "tiles/label.h"

#define ATLAS_MM (72.0 / 25.4) /* points per millimetre */
#define ATLAS_MARGIN (12 * ATLAS_MM)
#define ATLAS_FONT_SANS "Noto Sans CJK SC"
#define ATLAS_FONT_SERIF "Noto Serif CJK SC"

/* A township or village with everything the maps and the gazetteer need. */
struct atlas_unit {
    const gis_unit *u; /* borrowed from atlas_data's arrays */
    gis_geom *gk;      /* owned; metres in the GK zone, x = easting */
    double bbox[4];    /* GK bounds */
    double label[2];   /* GK label anchor (maximum inscribed circle centre) */
    double label_r;    /* inscribed circle radius, metres */
    double area_m2;    /* ellipsoidal (gis_metrics_area_m2) */
    double perim_m;    /* ellipsoidal perimeter */
    double lonlat[2];  /* centroid in CGCS2000 degrees */
    size_t *nbr;       /* owned indices of neighbours at the same level */
    size_t n_nbr;
    int n_cemeteries; /* public cemeteries standing in the unit */
    int n_facilities; /* other facilities */
    int colour;       /* fill colour index (no two neighbours share one) */
    long parent;      /* index of the township for villages, -1 otherwise */
};

/* Symbol and legend kinds (bit positions in a legend mask). */
enum atlas_sym {
    SYM_COUNTY_LINE,
    SYM_TOWN_LINE,
    SYM_VILLAGE_LINE,
    SYM_ZONE,
    SYM_SEAT,
    SYM_CEMETERY,
    SYM_FUNERAL,
    SYM_WELFARE,
    SYM_ELDERLY,
    SYM_HAPPINESS,
    SYM_CHILD,
    SYM_OTHER,
    SYM_MARKER,
    SYM_COUNT
};

struct atlas_point {
    double x, y;              /* GK metres */
    int sym;                  /* enum atlas_sym */
    const char *text;         /* label (marker number) or NULL; borrowed */
    const char *village_code; /* facility's village or NULL; borrowed */
};

struct atlas_data {
    gis_unit *county; /* owned array (first is used) */
    size_t n_county;
    gis_unit *towns_raw, *vills_raw;
    size_t n_towns, n_vills;
    struct atlas_unit *towns, *vills; /* parallel to the raw arrays */
    struct atlas_unit cty;            /* the county itself (no neighbours) */
    gis_facility *fac;                /* owned */
    size_t n_fac;
    gis_zone *zones; /* owned */
    size_t n_zones;
    gis_geom **zone_gk;  /* owned, GK */
    gis_marker *markers; /* owned */
    size_t n_markers;
    struct atlas_point *pts; /* facilities then markers, GK */
    size_t n_pts;
    double seat[2]; /* county seat, GK; has_seat false when unknown */
    bool has_seat;
    int cm;   /* central meridian of the GK zone, degrees */
    int epsg; /* EPSG code of the GK CRS (unprefixed) */
    gis_crs_transform *to_gk, *to_geo;
    char county_name[64];
    char vintage[32];
    bool synthetic;
};

/* The document being drawn. */
struct atlas_doc {
    gis_ctx *ctx;
    const tile_atlas_opts *o;
    const struct atlas_data *d;
    struct gis_outfile *out; /* the output file, committed by rename when complete */
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoLayout *layout;        /* reused for every text */
    PangoFontDescription *font; /* reused, changed per text */
    double w, h;                /* page size, points */
    int page;                   /* pages finished */
    tile_atlas_report *report;
    char title[160];
    char date[64];
    char source[256];
    char map_number[128]; /* "审图号: ..." or 内部用图 */
};

/* The map view: Gauss-Kruger metres to page points. */
struct atlas_view {
    tile_label_box frame; /* map frame, points */
    double cx, cy;        /* GK centre of the frame, metres */
    double denom;         /* scale 1:denom */
    double k;             /* points per ground metre */
};

static inline void atlas_view_xy(const struct atlas_view *v, double x, double y, double *px,
                                 double *py)
{
    *px = (v->frame.x0 + v->frame.x1) / 2 + (x - v->cx) * v->k;
    *py = (v->frame.y0 + v->frame.y1) / 2 - (y - v->cy) * v->k;
}

/* Where the north arrow sits (top-right of the frame): labels keep out of it. */
static inline void atlas_north_box(const struct atlas_view *v, tile_label_box *b)
{
    *b = (tile_label_box){v->frame.x1 - 34, v->frame.y0 + 4, v->frame.x1 - 6, v->frame.y0 + 48};
}

/* atlas_data.c */
int atlas_data_load(gis_ctx *ctx, gis_store *s, struct atlas_data *d, gis_error *err);
void atlas_data_clear(gis_ctx *ctx, struct atlas_data *d);
/* Index of the unit with `code` at its level, or -1. */
long atlas_data_find(const struct atlas_data *d, const char *code, bool *is_village);

/* atlas_text.c: text through the doc's pango layout, sizes in points. */
void atlas_text_set(struct atlas_doc *doc, const char *text, double size, bool bold, bool serif);
void atlas_text_size(struct atlas_doc *doc, double *w, double *h);
/* Draws the current text with its box's (ax, ay) fraction at (x, y): 0,0 top-left. */
void atlas_text_show(struct atlas_doc *doc, double x, double y, double ax, double ay);
/* Sets, measures and draws in one go; returns the width. */
double atlas_text(struct atlas_doc *doc, const char *text, double size, bool bold, double x,
                  double y, double ax, double ay);
void atlas_fmt_dms(double deg, char *buf, size_t len);

/* atlas_page.c: frame, graticule, scale bar, north arrow, legend, footer. */
void atlas_page_view(const struct atlas_doc *doc, const double bbox[4], struct atlas_view *v);
int atlas_page_furniture(struct atlas_doc *doc, const struct atlas_view *v, const char *title,
                         unsigned legend, tile_atlas_map *info, gis_error *err);

/* atlas_map.c: features inside the frame; returns the legend mask of what was drawn. */
int atlas_map_draw(struct atlas_doc *doc, const struct atlas_view *v, int level, long focus,
                   unsigned *legend, tile_atlas_map *info, gis_error *err);
void atlas_map_symbol(cairo_t *cr, int sym, double x, double y);
/* Starts a new path with the rings of g (GK metres) in page points. */
int atlas_map_path(struct atlas_doc *doc, const struct atlas_view *v, const gis_geom *g,
                   gis_error *err);
/* Sets the source to fill colour `colour` (struct atlas_unit.colour). */
void atlas_map_fill_colour(cairo_t *cr, int colour);
void atlas_map_line_style(cairo_t *cr, int sym);

/* atlas_front.c: cover and copyright pages. */
int atlas_front_cover(struct atlas_doc *doc, gis_error *err);
void atlas_front_copyright(struct atlas_doc *doc);

/* atlas_gazetteer.c: 地名志 pages. */
int atlas_gazetteer_rows_per_page(double w, double h);
int atlas_gazetteer_render(struct atlas_doc *doc, const char *const *codes, size_t n_codes,
                           gis_error *err);

/* atlas.c */
int atlas_page_end(struct atlas_doc *doc, gis_error *err);

#endif
