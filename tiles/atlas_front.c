/*
 * This file implements the atlas's front matter: the cover and the copyright page (版权页),
 * which carries the map approval number (审图号) as DOMAIN.md MAP-03 requires, or the notice
 * 内部用图, 未经审核 when the map has not been reviewed.
 */
#include <math.h>
#include <stdio.h>

#include "tiles/atlas_int.h"

/* The county's townships in their map colours, centred in box (page points). */
static int cover_map(struct atlas_doc *doc, const tile_label_box *box, gis_error *err)
{
    const struct atlas_data *d = doc->d;
    if (d->cty.gk == NULL)
        return GIS_OK;
    const double *b = d->cty.bbox;
    struct atlas_view v = {.frame = *box};
    v.k = fmin((box->x1 - box->x0) / (b[2] - b[0]), (box->y1 - box->y0) / (b[3] - b[1]));
    v.cx = (b[0] + b[2]) / 2;
    v.cy = (b[1] + b[3]) / 2;
    int rc = GIS_OK;
    cairo_t *cr = doc->cr;
    for (size_t i = 0; i < d->n_towns && rc == GIS_OK; i++) {
        if (d->towns[i].gk == NULL)
            continue;
        rc = atlas_map_path(doc, &v, d->towns[i].gk, err);
        atlas_map_fill_colour(cr, d->towns[i].colour);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
    if (rc == GIS_OK)
        rc = atlas_map_path(doc, &v, d->cty.gk, err);
    cairo_set_source_rgb(cr, 0.55, 0.08, 0.08);
    cairo_set_line_width(cr, 1.6);
    cairo_stroke(cr);
    return rc;
}

int atlas_front_cover(struct atlas_doc *doc, gis_error *err)
{
    cairo_t *cr = doc->cr;
    double w = doc->w, h = doc->h;
    cairo_set_source_rgb(cr, 0.55, 0.08, 0.08);
    cairo_rectangle(cr, 0, 0, w, h * 0.42);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    atlas_text_set(doc, doc->title, w / 20, true, true);
    atlas_text_show(doc, w / 2, h * 0.24, 0.5, 0.5);
    atlas_text_set(doc, "行政区划图 · 标准地名图 · 地名志", w / 40, false, true);
    atlas_text_show(doc, w / 2, h * 0.33, 0.5, 0.5);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    char line[256];
    snprintf(line, sizeof line, "%s民政局 编制", doc->d->county_name);
    atlas_text_set(doc, line, w / 36, false, true);
    atlas_text_show(doc, w / 2, h * 0.78, 0.5, 0.5);
    snprintf(line, sizeof line, "数据日期：%s", doc->date);
    atlas_text(doc, line, w / 50, false, w / 2, h * 0.83, 0.5, 0.5);
    if (doc->d->synthetic)
        atlas_text(doc, "（演示版：界线、设施等为合成数据，不作为划界依据）", w / 60, false, w / 2,
                   h * 0.87, 0.5, 0.5);
    tile_label_box box = {w * 0.2, h * 0.45, w * 0.8, h * 0.73};
    return cover_map(doc, &box, err);
}

void atlas_front_copyright(struct atlas_doc *doc)
{
    cairo_t *cr = doc->cr;
    char rows[9][2][256];
    const char *book = doc->title;
    snprintf(rows[0][0], 256, "书名");
    snprintf(rows[0][1], 256, "%s", book);
    snprintf(rows[1][0], 256, "编制单位");
    snprintf(rows[1][1], 256, "%s民政局", doc->d->county_name);
    snprintf(rows[2][0], 256, "数据日期");
    snprintf(rows[2][1], 256, "%s", doc->date);
    snprintf(rows[3][0], 256, "坐标系统");
    snprintf(rows[3][1], 256, "2000国家大地坐标系（CGCS2000，EPSG:4490）");
    snprintf(rows[4][0], 256, "地图投影");
    snprintf(rows[4][1], 256, "高斯-克吕格投影，3°分带，中央经线 %d°E（EPSG:%d）", doc->d->cm,
             doc->d->epsg);
    snprintf(rows[5][0], 256, "资料来源");
    snprintf(rows[5][1], 256, "%s", doc->source);
    snprintf(rows[6][0], 256, "审图号");
    snprintf(rows[6][1], 256, "%s", doc->map_number);
    snprintf(rows[7][0], 256, "版次");
    snprintf(rows[7][1], 256, "第1版");
    snprintf(rows[8][0], 256, "制图软件");
    snprintf(rows[8][1], 256, "jiewang（界网）%s", JW_VERSION);
    double x = ATLAS_MARGIN + 40, y = doc->h * 0.45, lh = 22;
    cairo_set_source_rgb(cr, 0, 0, 0);
    atlas_text(doc, "版 权 页", 16, true, doc->w / 2, y - 50, 0.5, 0.5);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x, y - 20);
    cairo_line_to(cr, doc->w - x, y - 20);
    cairo_stroke(cr);
    for (int i = 0; i < 9; i++) {
        atlas_text(doc, rows[i][0], 10, true, x, y + i * lh, 0, 0);
        atlas_text(doc, rows[i][1], 10, false, x + 80, y + i * lh, 0, 0);
    }
    y += 9 * lh + 6;
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, doc->w - x, y);
    cairo_stroke(cr);
    atlas_text(doc, "本图集中行政区域界线依据界线协议书绘制；图上界线不作为权属争议的依据。", 8,
               false, x, y + 10, 0, 0);
}
