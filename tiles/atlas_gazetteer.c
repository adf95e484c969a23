/*
 * This file implements the gazetteer (地名志) pages: one row per township and village, sorted
 * by code, with standard name, code, kind, parent, ellipsoidal area and perimeter, centroid in
 * CGCS2000 degrees-minutes-seconds, neighbouring units and counts of public cemeteries and
 * other facilities (DOMAIN.md NAME-02/03: 行政区域, 群众自治组织). Every row has the same height
 * (neighbours wrap to two lines at most, then ellipsis), so the rows per page are fixed and the
 * header repeats on each page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/codes.h"
#include "tiles/atlas_int.h"

#define G_FONT 6.5    /* table text, points */
#define G_ROW 22.0    /* row height: two lines of 6.5 pt Noto CJK plus padding */
#define G_HEADER 20.0 /* header row height */
#define G_TITLE 30.0  /* page title band */
#define G_FOOTER 16.0 /* page number band */
#define N_COLS 11

static const char *const HEAD[N_COLS] = {"标准名称",  "代码",         "类别",      "上级单位",
                                         "面积\nkm²", "周长\nkm",     "中心经度",  "中心纬度",
                                         "相邻单位",  "公益性\n公墓", "其他\n设施"};
/* Column widths in points on A4 portrait (527 pt between margins); scaled for other paper. A
 * name of 10 characters and a 12-digit code fit on one line at 6.5 pt. */
static const double WIDTH[N_COLS] = {78, 56, 44, 34, 30, 30, 48, 45, 114, 24, 24};

int atlas_gazetteer_rows_per_page(double w, double h)
{
    (void)w;
    double usable = h - 2 * ATLAS_MARGIN - G_TITLE - G_HEADER - G_FOOTER;
    return (int)floor(usable / G_ROW);
}

struct grow {
    const struct atlas_unit *a;
    bool is_village;
};

static bool selected(const char *code, const char *const *codes, size_t n)
{
    if (n == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if (strncmp(code, codes[i], strlen(codes[i])) == 0)
            return true;
    return false;
}

/* Townships and villages merged in code order (both arrays are sorted by code). */
static int collect(const struct atlas_data *d, const char *const *codes, size_t n_codes,
                   struct grow **out, size_t *n_out, gis_error *err)
{
    struct grow *r = malloc((d->n_towns + d->n_vills + 1) * sizeof *r);
    if (r == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    size_t i = 0, j = 0, n = 0;
    while (i < d->n_towns || j < d->n_vills) {
        bool take_town = j >= d->n_vills ||
                         (i < d->n_towns && strcmp(d->towns[i].u->code, d->vills[j].u->code) < 0);
        struct grow g = {take_town ? &d->towns[i++] : &d->vills[j++], !take_town};
        if (selected(g.a->u->code, codes, n_codes))
            r[n++] = g;
    }
    *out = r;
    *n_out = n;
    return GIS_OK;
}

/* Neighbour lists use the short forms 某某村 and 某某社区 for 村(民)委员会 and 社区居(民)委(员)会;
 * the full standard name stays in the name column of the neighbour's own row. */
static void short_name(const char *name, char *buf, size_t len)
{
    static const char *const suffix[][2] = {{"社区居民委员会", "社区"},
                                            {"社区居委会", "社区"},
                                            {"村民委员会", "村"},
                                            {"村委会", "村"},
                                            {"居民委员会", "居委会"}};
    snprintf(buf, len, "%s", name ? name : "?");
    size_t n = strlen(buf);
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        size_t k = strlen(suffix[i][0]);
        if (n > k && strcmp(buf + n - k, suffix[i][0]) == 0) {
            snprintf(buf + n - k, len - (n - k), "%s", suffix[i][1]);
            return;
        }
    }
}

static void neighbours_text(const struct atlas_data *d, const struct grow *g, char *buf, size_t len)
{
    const struct atlas_unit *base = g->is_village ? d->vills : d->towns;
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < g->a->n_nbr && o + 1 < len; k++) {
        char name[128];
        short_name(base[g->a->nbr[k]].u->name, name, sizeof name);
        int w = snprintf(buf + o, len - o, "%s%s", k ? "、" : "", name);
        if (w < 0 || (size_t)w >= len - o)
            break;
        o += (size_t)w;
    }
    if (g->a->n_nbr == 0)
        snprintf(buf, len, "—");
}

static void cells(const struct atlas_data *d, const struct grow *g, char c[N_COLS][512])
{
    const gis_unit *u = g->a->u;
    const char *kind = u->kind         ? u->kind
                       : g->is_village ? gis_code_village_kind_zh(u->code)
                                       : gis_code_township_kind_zh(u->code);
    const char *parent = d->county_name;
    if (g->is_village)
        parent = g->a->parent >= 0 ? d->towns[g->a->parent].u->name : u->parent_code;
    snprintf(c[0], 512, "%s", u->name ? u->name : "");
    snprintf(c[1], 512, "%s", u->code ? u->code : "");
    snprintf(c[2], 512, "%s", kind ? kind : "—");
    snprintf(c[3], 512, "%s", parent ? parent : "—");
    if (g->a->gk != NULL) {
        snprintf(c[4], 512, "%.2f", g->a->area_m2 / 1e6);
        snprintf(c[5], 512, "%.2f", g->a->perim_m / 1e3);
        atlas_fmt_dms(g->a->lonlat[0], c[6], 512);
        atlas_fmt_dms(g->a->lonlat[1], c[7], 512);
    } else {
        for (int k = 4; k < 8; k++)
            snprintf(c[k], 512, "—");
    }
    neighbours_text(d, g, c[8], 512);
    snprintf(c[9], 512, "%d", g->a->n_cemeteries);
    snprintf(c[10], 512, "%d", g->a->n_facilities);
}

/* Wider paper gives its extra width to the neighbours column. */
static void column_x(const struct atlas_doc *doc, double x[N_COLS + 1])
{
    double total = 0, usable = doc->w - 2 * ATLAS_MARGIN;
    for (int i = 0; i < N_COLS; i++)
        total += WIDTH[i];
    double scale = usable < total ? usable / total : 1, extra = usable > total ? usable - total : 0;
    x[0] = ATLAS_MARGIN;
    for (int i = 0; i < N_COLS; i++)
        x[i + 1] = x[i] + WIDTH[i] * scale + (i == 8 ? extra : 0);
}

static void header(struct atlas_doc *doc, const double x[N_COLS + 1], double y, int part)
{
    cairo_t *cr = doc->cr;
    char title[128];
    snprintf(title, sizeof title, "地名志 · 行政区域与群众自治组织%s", part > 1 ? "（续）" : "");
    cairo_set_source_rgb(cr, 0, 0, 0);
    atlas_text(doc, title, 13, true, doc->w / 2, ATLAS_MARGIN + G_TITLE / 2, 0.5, 0.5);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.82);
    cairo_rectangle(cr, x[0], y, x[N_COLS] - x[0], G_HEADER);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int i = 0; i < N_COLS; i++) {
        atlas_text_set(doc, HEAD[i], G_FONT, true, false);
        pango_layout_set_alignment(doc->layout, PANGO_ALIGN_CENTER);
        atlas_text_show(doc, (x[i] + x[i + 1]) / 2, y + G_HEADER / 2, 0.5, 0.5);
    }
    pango_layout_set_alignment(doc->layout, PANGO_ALIGN_LEFT);
}

static void row(struct atlas_doc *doc, const double x[N_COLS + 1], double y, const struct grow *g)
{
    cairo_t *cr = doc->cr;
    char c[N_COLS][512];
    cells(doc->d, g, c);
    if (!g->is_village) {
        cairo_set_source_rgb(cr, 0.95, 0.93, 0.86);
        cairo_rectangle(cr, x[0], y, x[N_COLS] - x[0], G_ROW);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int i = 0; i < N_COLS; i++) {
        double cw = x[i + 1] - x[i] - 4;
        bool numeric = i >= 4 && i != 8;
        atlas_text_set(doc, c[i], G_FONT, i == 0 && !g->is_village, false);
        pango_layout_set_width(doc->layout, (int)(cw * PANGO_SCALE));
        pango_layout_set_wrap(doc->layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_height(doc->layout, i == 0 || i == 8 ? -2 : -1);
        pango_layout_set_ellipsize(doc->layout, PANGO_ELLIPSIZE_END);
        pango_layout_set_alignment(doc->layout, numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        double w, h;
        atlas_text_size(doc, &w, &h);
        cairo_move_to(doc->cr, x[i] + 2, y + (G_ROW - h) / 2);
        pango_cairo_show_layout(doc->cr, doc->layout);
    }
    pango_layout_set_ellipsize(doc->layout, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_alignment(doc->layout, PANGO_ALIGN_LEFT);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.3);
    cairo_move_to(cr, x[0], y + G_ROW);
    cairo_line_to(cr, x[N_COLS], y + G_ROW);
    cairo_stroke(cr);
}

static int report_rows(tile_atlas_report *r, const struct grow *rows, size_t n, gis_error *err)
{
    r->rows = calloc(n + 1, sizeof *r->rows);
    if (r->rows == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const struct atlas_unit *a = rows[i].a;
        tile_atlas_row *o = &r->rows[i];
        snprintf(o->code, sizeof o->code, "%s", a->u->code ? a->u->code : "");
        o->area_m2 = a->area_m2;
        o->perim_m = a->perim_m;
        o->lon = a->lonlat[0];
        o->lat = a->lonlat[1];
        o->n_neighbours = (int)a->n_nbr;
        o->n_cemeteries = a->n_cemeteries;
        o->n_facilities = a->n_facilities;
    }
    return GIS_OK;
}

int atlas_gazetteer_render(struct atlas_doc *doc, const char *const *codes, size_t n_codes,
                           gis_error *err)
{
    struct grow *rows = NULL;
    size_t n = 0;
    int rc = collect(doc->d, codes, n_codes, &rows, &n, err);
    if (rc != GIS_OK)
        return rc;
    rc = report_rows(doc->report, rows, n, err);
    if (rc != GIS_OK) {
        free(rows);
        return rc;
    }
    int per = atlas_gazetteer_rows_per_page(doc->w, doc->h);
    double x[N_COLS + 1];
    column_x(doc, x);
    double top = ATLAS_MARGIN + G_TITLE;
    int pages = 0;
    for (size_t i = 0; i < n && rc == GIS_OK; i += (size_t)per) {
        header(doc, x, top, ++pages);
        for (size_t k = 0; k < (size_t)per && i + k < n; k++)
            row(doc, x, top + G_HEADER + (double)k * G_ROW, &rows[i + k]);
        char foot[32];
        snprintf(foot, sizeof foot, "— %d —", doc->page + 1);
        atlas_text(doc, foot, 6.5, false, doc->w / 2, doc->h - ATLAS_MARGIN, 0.5, 0.5);
        rc = atlas_page_end(doc, err);
    }
    free(rows);
    doc->report->n_gazetteer_pages = pages;
    doc->report->n_gazetteer_rows = (int)n;
    doc->report->rows_per_page = per;
    return rc;
}
