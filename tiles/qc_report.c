/*
 * This file implements the QC report (质检报告): a self-contained HTML page with inline CSS and
 * one inline SVG map per finding, built in a growable string with every text escaped. It does
 * not read the store or compute findings; cli/cmd_validate.c passes them in.
 */
#include "tiles/qc_report.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/outfile.h"
#include "gis/validate.h"

/* ---- growable string ------------------------------------------------------------------- */

typedef struct sb {
    char *s;
    size_t len, cap;
    bool oom;
} sb;

static void sb_add(sb *b, const char *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (grown == NULL) {
            b->oom = true;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_puts(sb *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_printf(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sb *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sb_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
        b->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(b, big, (size_t)n);
    free(big);
}

/* Appends s with the five HTML-significant characters escaped (text and attribute values). */
static void sb_esc(sb *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&':
            sb_puts(b, "&amp;");
            break;
        case '<':
            sb_puts(b, "&lt;");
            break;
        case '>':
            sb_puts(b, "&gt;");
            break;
        case '"':
            sb_puts(b, "&quot;");
            break;
        case '\'':
            sb_puts(b, "&#39;");
            break;
        default:
            sb_add(b, p, 1);
        }
    }
}

/* ---- SVG maps ---------------------------------------------------------------------------- */

#define MAP_W 240.0
#define MAP_H 180.0

typedef struct frame {
    double x0, y0, x1, y1; /* lon/lat window */
    double k, kx;          /* pixels per degree of latitude; longitude scale (cos lat) */
    sb *b;
    bool first;    /* next point starts a subpath */
    double px, py; /* last emitted pixel */
} frame;

static void to_px(const frame *f, double lon, double lat, double *x, double *y)
{
    *x = (lon - f->x0) * f->k * f->kx;
    *y = (f->y1 - lat) * f->k;
}

static int add_path(frame *f, const double *xy, size_t n, bool close)
{
    for (size_t i = 0; i < n; i++) {
        double x, y;
        to_px(f, xy[2 * i], xy[2 * i + 1], &x, &y);
        /* Points closer than half a pixel add nothing visible. */
        if (i > 0 && i + 1 < n && fabs(x - f->px) < 0.5 && fabs(y - f->py) < 0.5)
            continue;
        sb_printf(f->b, "%s%.1f %.1f", i == 0 ? "M" : "L", x, y);
        f->px = x;
        f->py = y;
    }
    if (close)
        sb_puts(f->b, "Z");
    return 0;
}

static int on_line(void *user, const double *xy, size_t n)
{
    return add_path(user, xy, n, false);
}

static int on_ring(void *user, size_t ring_index, const double *xy, size_t n)
{
    (void)ring_index;
    return add_path(user, xy, n, true);
}

static int on_point(void *user, double x, double y)
{
    frame *f = user;
    double px, py;
    to_px(f, x, y, &px, &py);
    sb_printf(f->b, "M%.1f %.1fm-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0", px, py);
    return 0;
}

static bool overlaps(const double a[4], const frame *f)
{
    return a[0] <= f->x1 && a[2] >= f->x0 && a[1] <= f->y1 && a[3] >= f->y0;
}

/* Sets the window around bbox b (lon/lat) with a margin, at least about 60 m across. */
static void frame_init(frame *f, const double b[4])
{
    double cy = (b[1] + b[3]) / 2;
    f->kx = cos(cy * M_PI / 180);
    double w = (b[2] - b[0]) * f->kx, h = b[3] - b[1];
    double span = fmax(fmax(w, h) * 1.6, 0.0006);
    double cx = (b[0] + b[2]) / 2;
    double half_h = span / 2, half_w = span / 2 * MAP_W / MAP_H;
    f->x0 = cx - half_w / f->kx;
    f->x1 = cx + half_w / f->kx;
    f->y0 = cy - half_h;
    f->y1 = cy + half_h;
    f->k = MAP_H / (2 * half_h);
}

static int svg_map(gis_ctx *ctx, sb *b, const gis_finding *fd, const tile_qc_report_info *info,
                   const double (*ub)[4], gis_error *err)
{
    double bb[4];
    if (fd->geom != NULL && gis_geom_bounds(ctx, fd->geom, bb, NULL) == GIS_OK) {
    } else if (!isnan(fd->lon)) {
        bb[0] = bb[2] = fd->lon;
        bb[1] = bb[3] = fd->lat;
    } else {
        return GIS_OK;
    }
    frame f = {.b = b};
    frame_init(&f, bb);
    sb_printf(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
              "viewBox=\"0 0 %.0f %.0f\"><rect width=\"100%%\" height=\"100%%\" "
              "fill=\"#f7f7f2\"/>",
              MAP_W, MAP_H, MAP_W, MAP_H);
    gis_geom_visitor v = {.line = on_line, .ring = on_ring, .point = on_point};
    int rc = GIS_OK;
    for (size_t i = 0; i < info->n_units && rc == GIS_OK; i++) {
        if (info->units[i].geom == NULL || !overlaps(ub[i], &f))
            continue;
        sb_puts(b, "<path fill=\"none\" stroke=\"#555\" stroke-width=\"1\" d=\"");
        rc = gis_geom_walk(ctx, info->units[i].geom, &v, &f, err);
        sb_puts(b, "\"/>");
    }
    if (rc == GIS_OK && fd->geom != NULL) {
        sb_puts(b, "<path fill=\"#e0301e\" fill-opacity=\"0.55\" stroke=\"#c00\" "
                   "stroke-width=\"2\" fill-rule=\"evenodd\" d=\"");
        rc = gis_geom_walk(ctx, fd->geom, &v, &f, err);
        sb_puts(b, "\"/>");
    }
    if (rc == GIS_OK && !isnan(fd->lon)) {
        double x, y;
        to_px(&f, fd->lon, fd->lat, &x, &y);
        sb_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#00f\"/>", x, y);
    }
    /* Scale bar: metres per pixel from the latitude span (1 degree = 111,320 m). */
    double m_per_px = 111320.0 / f.k;
    double bar_m = pow(10, floor(log10(m_per_px * 80)));
    sb_printf(b,
              "<path d=\"M10 %.0fh%.1f\" stroke=\"#000\" stroke-width=\"2\"/>"
              "<text x=\"10\" y=\"%.0f\" font-size=\"10\">%.0f m</text></svg>",
              MAP_H - 8, bar_m / m_per_px, MAP_H - 12, bar_m);
    return rc;
}

/* ---- HTML ------------------------------------------------------------------------------- */

static void measure(sb *b, const gis_finding *f)
{
    if (!isnan(f->area_m2))
        sb_printf(b, "%.1f m²", f->area_m2);
    if (!isnan(f->area_m2) && !isnan(f->distance_m))
        sb_puts(b, "<br>");
    if (!isnan(f->distance_m))
        sb_printf(b, "%.2f m", f->distance_m);
    json_t *sliver = json_object_get(f->details, "sliver");
    if (json_is_true(sliver))
        sb_printf(b, "<br>细长条 宽 %.2f m",
                  json_number_value(json_object_get(f->details, "width_m")));
}

static int finding_row(gis_ctx *ctx, sb *b, const gis_finding *f, size_t n,
                       const tile_qc_report_info *info, const double (*ub)[4], bool map,
                       gis_error *err)
{
    sb_printf(b, "<tr><td>%zu</td><td>", n);
    if (f->id > 0)
        sb_printf(b, "#%lld<br>", (long long)f->id);
    sb_esc(b, gis_validate_rule_zh(f->rule));
    sb_puts(b, "<br><code>");
    sb_esc(b, f->rule);
    sb_printf(b, "</code></td><td class=\"%s\">", gis_severity_name(f->severity));
    sb_esc(b, gis_severity_name(f->severity));
    sb_puts(b, "</td><td>");
    sb_esc(b, f->message);
    if (f->accept_reason != NULL) {
        sb_puts(b, "<br><i>例外理由: ");
        sb_esc(b, f->accept_reason);
        sb_puts(b, "</i>");
    }
    sb_puts(b, "<br><small>");
    for (size_t i = 0; i < f->n_units; i++) {
        sb_puts(b, i ? ", " : "");
        sb_esc(b, f->units[i]);
    }
    sb_puts(b, "</small></td><td>");
    measure(b, f);
    sb_puts(b, "</td><td>");
    if (!isnan(f->lon))
        sb_printf(b, "%.6f<br>%.6f", f->lon, f->lat);
    sb_puts(b, "</td><td>");
    int rc = map ? svg_map(ctx, b, f, info, ub, err) : GIS_OK;
    sb_puts(b, "</td></tr>\n");
    return rc;
}

static void header(sb *b, const tile_qc_report_info *info)
{
    const char *title = info->title ? info->title : "行政区域界线质检报告";
    sb_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
    sb_esc(b, title);
    sb_puts(b, "</title><style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em;}"
               "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;"
               "padding:4px 8px;vertical-align:top;font-size:13px}th{background:#eee}"
               ".error{color:#b00;font-weight:bold}.warning{color:#a60}.info{color:#06a}"
               "code{font-size:11px;color:#555}</style></head><body>\n<h1>");
    sb_esc(b, title);
    sb_puts(b, "</h1>\n<p>数据库: <code>");
    sb_esc(b, info->db_path);
    sb_puts(b, "</code> · 软件: jiewang ");
    sb_esc(b, json_string_value(json_object_get(info->doc, "version")));
    sb_puts(b, "</p>\n<h2>检查参数</h2><table><tr><th>参数</th><th>值</th></tr>");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)json_object_get(info->doc, "rules"), key, v)
    {
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
        sb_puts(b, "<tr><td>");
        sb_esc(b, key);
        sb_puts(b, "</td><td>");
        sb_esc(b, text ? text : "");
        sb_puts(b, "</td></tr>");
        free(text);
    }
    sb_puts(b, "</table>\n");
}

static void summary(sb *b, const json_t *doc)
{
    const json_t *s = json_object_get(doc, "summary");
    sb_printf(b,
              "<h2>结果汇总</h2><p>检查单位 %lld 个; 问题 %lld 个 (错误 %lld, 警告 %lld); "
              "已接受例外 %lld 个。</p><table><tr><th>规则</th><th>名称</th><th>数量</th></tr>",
              (long long)json_integer_value(json_object_get(s, "units_checked")),
              (long long)json_integer_value(json_object_get(s, "findings")),
              (long long)json_integer_value(json_object_get(s, "errors")),
              (long long)json_integer_value(json_object_get(s, "warnings")),
              (long long)json_integer_value(json_object_get(s, "accepted")));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)json_object_get(s, "by_rule"), key, v)
    {
        sb_puts(b, "<tr><td><code>");
        sb_esc(b, key);
        sb_puts(b, "</code></td><td>");
        sb_esc(b, gis_validate_rule_zh(key));
        sb_printf(b, "</td><td>%lld</td></tr>", (long long)json_integer_value(v));
    }
    sb_puts(b, "</table>\n");
}

static int section(gis_ctx *ctx, sb *b, const gis_finding_list *l, bool accepted,
                   const tile_qc_report_info *info, const double (*ub)[4], gis_error *err)
{
    size_t max_maps = info->max_maps ? info->max_maps : 500, n = 0;
    sb_puts(b, accepted ? "<h2>已接受的例外</h2>\n" : "<h2>问题清单</h2>\n");
    sb_puts(b, "<table><tr><th>序号</th><th>规则</th><th>级别</th><th>说明 / 单位代码</th>"
               "<th>面积 / 距离</th><th>经度 / 纬度 (CGCS2000)</th><th>位置图</th></tr>\n");
    int rc = GIS_OK;
    for (size_t i = 0; i < l->n && rc == GIS_OK; i++) {
        const gis_finding *f = l->items[i];
        if ((f->status == GIS_FINDING_ACCEPTED) != accepted || f->status == GIS_FINDING_FIXED)
            continue;
        n++;
        rc = finding_row(ctx, b, f, n, info, ub, n <= max_maps, err);
    }
    if (n == 0)
        sb_puts(b, "<tr><td colspan=\"7\">无</td></tr>");
    sb_puts(b, "</table>\n");
    return rc;
}

int tile_qc_report_html(gis_ctx *ctx, const gis_finding_list *l, const tile_qc_report_info *info,
                        char **out, gis_error *err)
{
    *out = NULL;
    if (info == NULL || info->doc == NULL)
        return GIS_ERR(err, GIS_EINVAL, "QC report needs the JSON report document");
    double(*ub)[4] = calloc(info->n_units ? info->n_units : 1, sizeof *ub);
    if (ub == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory for the QC report");
    for (size_t i = 0; i < info->n_units; i++)
        if (info->units[i].geom == NULL ||
            gis_geom_bounds(ctx, info->units[i].geom, ub[i], NULL) != GIS_OK)
            ub[i][0] = ub[i][1] = INFINITY, ub[i][2] = ub[i][3] = -INFINITY;
    sb b = {0};
    header(&b, info);
    summary(&b, info->doc);
    int rc = section(ctx, &b, l, false, info, (const double(*)[4])ub, err);
    if (rc == GIS_OK)
        rc = section(ctx, &b, l, true, info, (const double(*)[4])ub, err);
    sb_puts(&b, "<p><small>坐标系 CGCS2000 (EPSG:4490); 面积为椭球面积; 距离与容差按高斯-克吕格"
                "3度带计算。</small></p></body></html>\n");
    free(ub);
    if (rc == GIS_OK && b.oom)
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory building the QC report");
    if (rc != GIS_OK) {
        free(b.s);
        return rc;
    }
    *out = b.s;
    return GIS_OK;
}

int tile_qc_report_write(gis_ctx *ctx, const gis_finding_list *l, const tile_qc_report_info *info,
                         const char *path, gis_error *err)
{
    char *html = NULL;
    int rc = tile_qc_report_html(ctx, l, info, &html, err);
    if (rc != GIS_OK)
        return rc;
    gis_outfile *f = NULL;
    if ((rc = gis_outfile_open(path, &f, err)) != GIS_OK) {
        free(html);
        return gis_err_prefix(err, "QC report");
    }
    gis_outfile_write(f, html, strlen(html));
    free(html);
    if ((rc = gis_outfile_commit(f, err)) != GIS_OK)
        return gis_err_prefix(err, "QC report");
    return GIS_OK;
}
