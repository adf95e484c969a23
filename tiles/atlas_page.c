/*
 * This file implements the frame of a map page: the choice of a nominal scale that fits the
 * unit (computed in Gauss-Kruger metres, so ground metres per paper millimetre are true in
 * the zone), title, CGCS2000 graticule with labelled ticks, north arrow (rotated by the
 * meridian convergence, so it points to true north), legend of the symbols present, scale
 * bar, data date, source line and map approval number (DOMAIN.md MAP-03). Features are drawn
 * by atlas_map.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tiles/atlas_int.h"

#define TITLE_BAND 30.0  /* points above the frame for the title */
#define TICK_BAND 13.0   /* points for graticule labels outside the frame */
#define SIDE_BAND 30.0   /* points for latitude labels left and right of the frame */
#define LEGEND_BAND 84.0 /* points below the frame for legend and scale bar */
#define FOOTER_BAND 30.0 /* points for the three footer lines */
#define TICK_FONT 6.5

static const char *const SYM_LABEL[SYM_COUNT] = {
    "县界",       "乡镇界",   "村界",           "禁葬区",           "县人民政府驻地",
    "公益性公墓", "殡仪馆",   "敬老院、福利院", "综合养老服务中心", "农村幸福院",
    "儿童之家",   "其他设施", "界桩及编号"};

/* Landscape pages keep the legend and scale bar in a panel right of the frame, portrait
 * pages in a band below it. */
#define PANEL_W 120.0

static bool has_panel(const struct atlas_doc *doc)
{
    return doc->w > doc->h;
}

static void frame_box(const struct atlas_doc *doc, tile_label_box *f)
{
    double m = ATLAS_MARGIN;
    f->x0 = m + SIDE_BAND;
    f->x1 = doc->w - m - SIDE_BAND - (has_panel(doc) ? PANEL_W : 0);
    f->y0 = m + TITLE_BAND + TICK_BAND;
    f->y1 = doc->h - m - FOOTER_BAND - TICK_BAND - (has_panel(doc) ? 0 : LEGEND_BAND);
}

/* Smallest round denominator >= need: a multiple of a quarter of need's power of ten
 * (1:175,000, 1:50,000, 1:12,500), so the unit fills the frame at a scale easy to state. */
static double nice_scale(double need)
{
    double step = pow(10, floor(log10(need))) / 4;
    return ceil(need / step * (1 - 1e-12)) * step;
}

void atlas_page_view(const struct atlas_doc *doc, const double bbox[4], struct atlas_view *v)
{
    frame_box(doc, &v->frame);
    double fw_m = (v->frame.x1 - v->frame.x0) / ATLAS_MM / 1000.0; /* paper metres */
    double fh_m = (v->frame.y1 - v->frame.y0) / ATLAS_MM / 1000.0;
    /* 4% of air around the unit; never larger than 1:5,000 for tiny units. */
    double need = fmax((bbox[2] - bbox[0]) * 1.08 / fw_m, (bbox[3] - bbox[1]) * 1.08 / fh_m);
    v->denom = nice_scale(fmax(need, 5000));
    v->k = ATLAS_MM * 1000.0 / v->denom;
    v->cx = (bbox[0] + bbox[2]) / 2;
    v->cy = (bbox[1] + bbox[3]) / 2;
}

/* Inverse of atlas_view_xy: page points to GK metres. */
static void page_to_gk(const struct atlas_view *v, double px, double py, double *x, double *y)
{
    *x = v->cx + (px - (v->frame.x0 + v->frame.x1) / 2) / v->k;
    *y = v->cy - (py - (v->frame.y0 + v->frame.y1) / 2) / v->k;
}

/* Longitude/latitude range covered by the frame (corners and edge midpoints). */
static int frame_range(struct atlas_doc *doc, const struct atlas_view *v, double r[4],
                       gis_error *err)
{
    const tile_label_box *f = &v->frame;
    double xs[3] = {f->x0, (f->x0 + f->x1) / 2, f->x1}, ys[3] = {f->y0, (f->y0 + f->y1) / 2, f->y1};
    double xy[18];
    for (int i = 0; i < 9; i++)
        page_to_gk(v, xs[i % 3], ys[i / 3], &xy[2 * i], &xy[2 * i + 1]);
    int rc = gis_crs_transform_xy(doc->ctx, doc->d->to_geo, xy, 9, err);
    if (rc != GIS_OK)
        return rc;
    r[0] = r[2] = xy[0];
    r[1] = r[3] = xy[1];
    for (int i = 1; i < 9; i++) {
        r[0] = fmin(r[0], xy[2 * i]);
        r[2] = fmax(r[2], xy[2 * i]);
        r[1] = fmin(r[1], xy[2 * i + 1]);
        r[3] = fmax(r[3], xy[2 * i + 1]);
    }
    return GIS_OK;
}

static void fmt_dm(double deg, char *buf, size_t len)
{
    long mins = lround(deg * 60);
    snprintf(buf, len, "%ld°%02ld′", mins / 60, mins % 60);
}

/* Ticks and labels where one graticule line (page polyline) crosses the frame. */
static void ticks(struct atlas_doc *doc, const struct atlas_view *v, const double *p, int n,
                  bool is_meridian, const char *label)
{
    const tile_label_box *f = &v->frame;
    cairo_t *cr = doc->cr;
    for (int i = 0; i + 1 < n; i++) {
        const double *a = &p[2 * i], *b = &p[2 * i + 2];
        for (int side = 0; side < 2; side++) {
            double edge = is_meridian ? (side ? f->y1 : f->y0) : (side ? f->x1 : f->x0);
            double ca = is_meridian ? a[1] : a[0], cb = is_meridian ? b[1] : b[0];
            if ((ca - edge) * (cb - edge) > 0 || ca == cb)
                continue;
            double t = (edge - ca) / (cb - ca);
            double at = is_meridian ? a[0] + t * (b[0] - a[0]) : a[1] + t * (b[1] - a[1]);
            double lo = is_meridian ? f->x0 : f->y0, hi = is_meridian ? f->x1 : f->y1;
            if (at < lo || at > hi)
                continue;
            double out = side ? 4 : -4;
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 0.5);
            if (is_meridian) {
                cairo_move_to(cr, at, edge);
                cairo_line_to(cr, at, edge + out);
                cairo_stroke(cr);
                atlas_text(doc, label, TICK_FONT, false, at, edge + out * 1.25, 0.5, side ? 0 : 1);
            } else {
                cairo_move_to(cr, edge, at);
                cairo_line_to(cr, edge + out, at);
                cairo_stroke(cr);
                atlas_text(doc, label, TICK_FONT, false, edge + out * 1.25, at, side ? 0 : 1, 0.5);
            }
        }
    }
}

/* One graticule line from (lon0, lat0) to (lon1, lat1), sampled in geographic degrees. */
static int graticule_line(struct atlas_doc *doc, const struct atlas_view *v, double lon0,
                          double lat0, double lon1, double lat1, bool is_meridian, gis_error *err)
{
    enum { N = 32 };
    double xy[2 * N];
    for (int i = 0; i < N; i++) {
        xy[2 * i] = lon0 + (lon1 - lon0) * i / (N - 1);
        xy[2 * i + 1] = lat0 + (lat1 - lat0) * i / (N - 1);
    }
    int rc = gis_crs_transform_xy(doc->ctx, doc->d->to_gk, xy, N, err);
    if (rc != GIS_OK)
        return rc;
    for (int i = 0; i < N; i++)
        atlas_view_xy(v, xy[2 * i], xy[2 * i + 1], &xy[2 * i], &xy[2 * i + 1]);
    cairo_t *cr = doc->cr;
    cairo_save(cr);
    cairo_rectangle(cr, v->frame.x0, v->frame.y0, v->frame.x1 - v->frame.x0,
                    v->frame.y1 - v->frame.y0);
    cairo_clip(cr);
    cairo_set_source_rgba(cr, 0.25, 0.35, 0.6, 0.55);
    cairo_set_line_width(cr, 0.3);
    for (int i = 0; i < N; i++)
        (i ? cairo_line_to : cairo_move_to)(cr, xy[2 * i], xy[2 * i + 1]);
    cairo_stroke(cr);
    cairo_restore(cr);
    char label[32];
    fmt_dm(is_meridian ? lon0 : lat0, label, sizeof label);
    ticks(doc, v, xy, N, is_meridian, label);
    return GIS_OK;
}

static int graticule(struct atlas_doc *doc, const struct atlas_view *v, gis_error *err)
{
    double r[4];
    int rc = frame_range(doc, v, r, err);
    if (rc != GIS_OK)
        return rc;
    static const double minutes[] = {1, 2, 5, 10, 15, 20, 30, 60, 120};
    double iv = 120 / 60.0;
    for (size_t i = 0; i < sizeof minutes / sizeof minutes[0]; i++)
        if ((r[2] - r[0]) * 60 / minutes[i] <= 5.5) {
            iv = minutes[i] / 60.0;
            break;
        }
    double pad = iv;
    for (double lon = ceil(r[0] / iv - 1e-9) * iv; lon <= r[2] && rc == GIS_OK; lon += iv)
        rc = graticule_line(doc, v, lon, r[1] - pad, lon, r[3] + pad, true, err);
    for (double lat = ceil(r[1] / iv - 1e-9) * iv; lat <= r[3] && rc == GIS_OK; lat += iv)
        rc = graticule_line(doc, v, r[0] - pad, lat, r[2] + pad, lat, false, err);
    return rc;
}

/* North arrow in the frame's top-right corner, rotated to true north. */
static int north_arrow(struct atlas_doc *doc, const struct atlas_view *v, gis_error *err)
{
    double xy[4];
    page_to_gk(v, (v->frame.x0 + v->frame.x1) / 2, (v->frame.y0 + v->frame.y1) / 2, &xy[0], &xy[1]);
    int rc = gis_crs_transform_xy(doc->ctx, doc->d->to_geo, xy, 1, err);
    xy[2] = xy[0];
    xy[3] = xy[1] + 0.05;
    if (rc == GIS_OK)
        rc = gis_crs_transform_xy(doc->ctx, doc->d->to_gk, xy, 2, err);
    if (rc != GIS_OK)
        return rc;
    double gamma = atan2(xy[2] - xy[0], xy[3] - xy[1]); /* clockwise from grid north */
    cairo_t *cr = doc->cr;
    tile_label_box b;
    atlas_north_box(v, &b);
    double cx = (b.x0 + b.x1) / 2, cy = b.y0 + 26;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    cairo_fill(cr);
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, gamma);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, 0, -14);
    cairo_line_to(cr, -6, 10);
    cairo_line_to(cr, 0, 5);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill_preserve(cr);
    cairo_stroke(cr);
    cairo_move_to(cr, 0, -14);
    cairo_line_to(cr, 6, 10);
    cairo_line_to(cr, 0, 5);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_stroke(cr);
    cairo_restore(cr);
    atlas_text(doc, "北", 8, true, cx, cy - 16, 0.5, 1);
    return GIS_OK;
}

static void fmt_thousands(double n, char *buf, size_t len)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", n);
    size_t nd = strlen(digits), o = 0;
    for (size_t i = 0; i < nd && o + 2 < len; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

/* Scale bar below the frame's right end: ground length L in {1,2,5} x 10^n metres, at most
 * 50 mm on paper; its paper length is L * k, true in the GK zone at the stated scale. */
static void scale_bar(struct atlas_doc *doc, const struct atlas_view *v, tile_atlas_map *info)
{
    bool panel = has_panel(doc);
    double max_pt = panel ? PANEL_W - 30 : 50 * ATLAS_MM;
    double L = pow(10, floor(log10(max_pt / v->k)));
    if (5 * L * v->k <= max_pt)
        L *= 5;
    else if (2 * L * v->k <= max_pt)
        L *= 2;
    int lead = (int)lround(L / pow(10, floor(log10(L))));
    int n_seg = lead == 2 ? 4 : 5;
    double bar = L * v->k, x0 = v->frame.x1 - bar - 30, y = v->frame.y1 + TICK_BAND + 42;
    if (panel) {
        x0 = v->frame.x1 + SIDE_BAND + 8;
        y = v->frame.y1 - 6;
    }
    cairo_t *cr = doc->cr;
    cairo_set_line_width(cr, 0.5);
    for (int i = 0; i < n_seg; i++) {
        cairo_rectangle(cr, x0 + bar * i / n_seg, y, bar / n_seg, 4);
        cairo_set_source_rgb(cr, (i % 2) ? 1 : 0, (i % 2) ? 1 : 0, (i % 2) ? 1 : 0);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_stroke(cr);
    }
    char end[32], num[32], text[64];
    bool km = L >= 1000;
    snprintf(end, sizeof end, "%g", km ? L / 1000 : L);
    atlas_text(doc, "0", 7, false, x0, y - 1.5, 0.5, 1);
    double ew = atlas_text(doc, end, 7, false, x0 + bar, y - 1.5, 0.5, 1);
    atlas_text(doc, km ? "公里" : "米", 7, false, x0 + bar + ew / 2 + 4, y - 1.5, 0, 1);
    fmt_thousands(v->denom, num, sizeof num);
    snprintf(text, sizeof text, "比例尺 1:%s", num);
    atlas_text(doc, text, 9, true, x0 + bar / 2, y - 14, 0.5, 1);
    info->scale_denominator = v->denom;
    info->bar_m = L;
    info->bar_pt = bar;
    info->pt_per_m = v->k;
}

static void legend(struct atlas_doc *doc, const struct atlas_view *v, unsigned mask)
{
    cairo_t *cr = doc->cr;
    double x = v->frame.x0, y = v->frame.y1 + TICK_BAND + 6, row = 12.5, col = 100;
    if (has_panel(doc)) {
        x = v->frame.x1 + SIDE_BAND + 4;
        y = v->frame.y0;
    }
    atlas_text(doc, "图 例", 9, true, x, y, 0, 0);
    int n = 0, rows = has_panel(doc) ? SYM_COUNT : (int)((LEGEND_BAND - 18) / row);
    for (int s = 0; s < SYM_COUNT; s++) {
        if (!(mask & (1u << s)))
            continue;
        double ex = x + (n / rows) * col, ey = y + 16 + (n % rows) * row;
        n++;
        if (s <= SYM_VILLAGE_LINE) {
            atlas_map_line_style(cr, s);
            cairo_move_to(cr, ex, ey + 4);
            cairo_line_to(cr, ex + 18, ey + 4);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        } else if (s == SYM_ZONE) {
            cairo_rectangle(cr, ex + 2, ey, 14, 8);
            atlas_map_line_style(cr, SYM_ZONE);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        } else {
            atlas_map_symbol(cr, s, ex + 9, ey + 4);
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        atlas_text(doc, SYM_LABEL[s], 7, false, ex + 22, ey + 4, 0, 0.5);
    }
}

static void footer(struct atlas_doc *doc, const struct atlas_view *v)
{
    char line[512];
    double y = doc->h - ATLAS_MARGIN - 18, x0 = v->frame.x0 - SIDE_BAND;
    cairo_set_source_rgb(doc->cr, 0, 0, 0);
    snprintf(line, sizeof line, "数据日期：%s    资料来源：%s", doc->date, doc->source);
    atlas_text(doc, line, 6.5, false, x0, y, 0, 0.5);
    snprintf(line, sizeof line,
             "坐标系：2000国家大地坐标系（CGCS2000）  高斯-克吕格投影 3°带  中央经线 %d°E  "
             "EPSG:%d",
             doc->d->cm, doc->d->epsg);
    atlas_text(doc, line, 6.5, false, x0, y + 9, 0, 0.5);
    snprintf(line, sizeof line, "审图号：%s", doc->map_number);
    atlas_text(doc, line, 6.5, false, x0, y + 18, 0, 0.5);
    snprintf(line, sizeof line, "— %d —", doc->page + 1);
    atlas_text(doc, line, 6.5, false, doc->w - ATLAS_MARGIN, y + 18, 1, 0.5);
}

int atlas_page_furniture(struct atlas_doc *doc, const struct atlas_view *v, const char *title,
                         unsigned legend_mask, tile_atlas_map *info, gis_error *err)
{
    cairo_t *cr = doc->cr;
    int rc = graticule(doc, v, err);
    if (rc == GIS_OK)
        rc = north_arrow(doc, v, err);
    if (rc != GIS_OK)
        return rc;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, v->frame.x0, v->frame.y0, v->frame.x1 - v->frame.x0,
                    v->frame.y1 - v->frame.y0);
    cairo_stroke(cr);
    atlas_text(doc, title, 16, true, doc->w / 2, ATLAS_MARGIN + TITLE_BAND / 2, 0.5, 0.5);
    atlas_text(doc, doc->title, 7, false, doc->w - ATLAS_MARGIN, ATLAS_MARGIN, 1, 0.5);
    legend(doc, v, legend_mask);
    scale_bar(doc, v, info);
    footer(doc, v);
    info->frame = v->frame;
    return GIS_OK;
}
