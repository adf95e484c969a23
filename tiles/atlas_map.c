/*
 * This file implements the features of a map page: unit fills (neighbours never share a
 * colour), boundary lines in the conventional dash patterns (county dash-dot-dot, township
 * dash-dot, village dashed), no-burial zones, facility and marker symbols, and labels placed
 * with tiles/label.c: area labels at the pole of inaccessibility, point labels right, top,
 * left, bottom of the symbol (DOMAIN.md NAME-04), never outside the frame. The frame,
 * legend and scale bar are atlas_page.c's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_label.h"
#include "tiles/atlas_int.h"

#define SYM_HALF 4.5 /* half-size of a point symbol, points */

static const double PALETTE[6][3] = {{0.99, 0.93, 0.80}, {0.86, 0.93, 0.82}, {0.84, 0.90, 0.97},
                                     {0.97, 0.86, 0.88}, {0.92, 0.88, 0.97}, {0.96, 0.96, 0.82}};

struct path_ctx {
    cairo_t *cr;
    const struct atlas_view *v;
};

static int on_ring(void *user, size_t ring_index, const double *xy, size_t n)
{
    (void)ring_index;
    struct path_ctx *p = user;
    for (size_t i = 0; i < n; i++) {
        double x, y;
        atlas_view_xy(p->v, xy[2 * i], xy[2 * i + 1], &x, &y);
        (i ? cairo_line_to : cairo_move_to)(p->cr, x, y);
    }
    cairo_close_path(p->cr);
    return 0;
}

void atlas_map_fill_colour(cairo_t *cr, int colour)
{
    const double *c = PALETTE[colour % 6];
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

int atlas_map_path(struct atlas_doc *doc, const struct atlas_view *v, const gis_geom *g,
                   gis_error *err)
{
    struct path_ctx p = {doc->cr, v};
    gis_geom_visitor vis = {.ring = on_ring};
    cairo_new_path(doc->cr);
    return gis_geom_walk(doc->ctx, g, &vis, &p, err);
}

static bool in_view(const struct atlas_view *v, const double bbox[4])
{
    double x0, y0, x1, y1;
    atlas_view_xy(v, bbox[0], bbox[1], &x0, &y1);
    atlas_view_xy(v, bbox[2], bbox[3], &x1, &y0);
    return x1 >= v->frame.x0 && x0 <= v->frame.x1 && y1 >= v->frame.y0 && y0 <= v->frame.y1;
}

void atlas_map_line_style(cairo_t *cr, int sym)
{
    static const double county[] = {7, 1.5, 1, 1.5, 1, 1.5}, town[] = {5, 1.5, 1, 1.5},
                        village[] = {2, 1.2}, zone[] = {3, 1.5};
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    switch (sym) {
    case SYM_COUNTY_LINE:
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 1.6);
        cairo_set_dash(cr, county, 6, 0);
        break;
    case SYM_TOWN_LINE:
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        cairo_set_line_width(cr, 0.9);
        cairo_set_dash(cr, town, 4, 0);
        break;
    case SYM_VILLAGE_LINE:
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr, 0.4);
        cairo_set_dash(cr, village, 2, 0);
        break;
    default: /* SYM_ZONE: translucent red fill, dashed red outline */
        cairo_set_source_rgba(cr, 0.9, 0.15, 0.15, 0.22);
        cairo_set_line_width(cr, 0.7);
        cairo_set_dash(cr, zone, 2, 0);
        break;
    }
}

static void circle(cairo_t *cr, double x, double y, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
}

void atlas_map_symbol(cairo_t *cr, int sym, double x, double y)
{
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 0.6);
    cairo_new_path(cr);
    switch (sym) {
    case SYM_SEAT:
        cairo_set_source_rgb(cr, 0.8, 0, 0);
        circle(cr, x, y, 4.2);
        cairo_stroke(cr);
        circle(cr, x, y, 2);
        cairo_fill(cr);
        break;
    case SYM_CEMETERY:
        cairo_set_source_rgb(cr, 0.05, 0.4, 0.15);
        cairo_rectangle(cr, x - 3.2, y - 3.2, 6.4, 6.4);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_move_to(cr, x, y - 2.4);
        cairo_line_to(cr, x, y + 2.4);
        cairo_move_to(cr, x - 1.6, y - 0.8);
        cairo_line_to(cr, x + 1.6, y - 0.8);
        cairo_stroke(cr);
        break;
    case SYM_FUNERAL:
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_rectangle(cr, x - 3.2, y - 3.2, 6.4, 6.4);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, x - 1.4, y - 1.4, 2.8, 2.8);
        cairo_fill(cr);
        break;
    case SYM_WELFARE:
    case SYM_HAPPINESS:
    case SYM_OTHER:
        if (sym == SYM_WELFARE)
            cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
        else if (sym == SYM_HAPPINESS)
            cairo_set_source_rgb(cr, 0.95, 0.55, 0.05);
        else
            cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        circle(cr, x, y, 3);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_stroke(cr);
        break;
    case SYM_ELDERLY:
        cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
        cairo_set_line_width(cr, 1.0);
        circle(cr, x, y, 3.3);
        cairo_stroke(cr);
        circle(cr, x, y, 1.4);
        cairo_fill(cr);
        break;
    case SYM_CHILD:
        cairo_set_source_rgb(cr, 0.1, 0.35, 0.85);
        cairo_move_to(cr, x, y - 3.6);
        cairo_line_to(cr, x + 3.6, y);
        cairo_line_to(cr, x, y + 3.6);
        cairo_line_to(cr, x - 3.6, y);
        cairo_close_path(cr);
        cairo_fill(cr);
        break;
    default: /* SYM_MARKER: 界桩 */
        cairo_set_source_rgb(cr, 0.85, 0.05, 0.05);
        cairo_move_to(cr, x, y - 3.2);
        cairo_line_to(cr, x + 2.8, y + 2);
        cairo_line_to(cr, x - 2.8, y + 2);
        cairo_close_path(cr);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
        break;
    }
    cairo_restore(cr);
}

/* What a page shows: level 0 county overview; 1 township `focus`; 2 village `focus`. */
struct page {
    struct atlas_doc *doc;
    const struct atlas_view *v;
    const struct atlas_data *d;
    long town;    /* township in focus, -1 on the overview */
    long village; /* village in focus or -1 */
    tile_label_placer *placer;
    unsigned legend;
    tile_atlas_map *info;
};

static int fill_units(struct page *pg, gis_error *err)
{
    const struct atlas_data *d = pg->d;
    cairo_t *cr = pg->doc->cr;
    int rc = GIS_OK;
    for (size_t i = 0; i < d->n_towns && rc == GIS_OK; i++) {
        const struct atlas_unit *t = &d->towns[i];
        if (t->gk == NULL || !in_view(pg->v, t->bbox))
            continue;
        rc = atlas_map_path(pg->doc, pg->v, t->gk, err);
        if (pg->town < 0)
            cairo_set_source_rgb(cr, PALETTE[t->colour][0], PALETTE[t->colour][1],
                                 PALETTE[t->colour][2]);
        else
            cairo_set_source_rgb(cr, 0.94, 0.94, 0.93);
        cairo_fill(cr);
    }
    if (pg->town < 0)
        return rc;
    for (size_t i = 0; i < d->n_vills && rc == GIS_OK; i++) {
        const struct atlas_unit *u = &d->vills[i];
        if (u->gk == NULL || u->parent != pg->town || !in_view(pg->v, u->bbox))
            continue;
        rc = atlas_map_path(pg->doc, pg->v, u->gk, err);
        const double *c = PALETTE[u->colour];
        cairo_set_source_rgb(cr, c[0], c[1], c[2]);
        cairo_fill_preserve(cr);
        atlas_map_line_style(cr, SYM_VILLAGE_LINE);
        cairo_stroke(cr);
        pg->legend |= 1u << SYM_VILLAGE_LINE;
    }
    return rc;
}

static int zones_and_lines(struct page *pg, gis_error *err)
{
    const struct atlas_data *d = pg->d;
    cairo_t *cr = pg->doc->cr;
    int rc = GIS_OK;
    /* The frame in GK metres, for exact tests of which zones reach into it. */
    double frame[4] = {pg->v->cx + (pg->v->frame.x0 - pg->v->frame.x1) / 2 / pg->v->k,
                       pg->v->cy - (pg->v->frame.y1 - pg->v->frame.y0) / 2 / pg->v->k,
                       pg->v->cx + (pg->v->frame.x1 - pg->v->frame.x0) / 2 / pg->v->k,
                       pg->v->cy + (pg->v->frame.y1 - pg->v->frame.y0) / 2 / pg->v->k};
    for (size_t i = 0; pg->town >= 0 && i < d->n_zones && rc == GIS_OK; i++) {
        bool hit = false;
        if (d->zone_gk[i] != NULL && (rc = gis_geom_label_intersects_bbox(
                                          pg->doc->ctx, d->zone_gk[i], frame, &hit, err)) != GIS_OK)
            break;
        if (!hit)
            continue;
        rc = atlas_map_path(pg->doc, pg->v, d->zone_gk[i], err);
        atlas_map_line_style(cr, SYM_ZONE);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
        cairo_stroke(cr);
        pg->legend |= 1u << SYM_ZONE;
    }
    for (size_t i = 0; i < d->n_towns && rc == GIS_OK; i++) {
        if (d->towns[i].gk == NULL || !in_view(pg->v, d->towns[i].bbox))
            continue;
        rc = atlas_map_path(pg->doc, pg->v, d->towns[i].gk, err);
        atlas_map_line_style(cr, SYM_TOWN_LINE);
        cairo_stroke(cr);
        pg->legend |= 1u << SYM_TOWN_LINE;
    }
    if (rc == GIS_OK && d->cty.gk != NULL) {
        rc = atlas_map_path(pg->doc, pg->v, d->cty.gk, err);
        atlas_map_line_style(cr, SYM_COUNTY_LINE);
        cairo_stroke(cr);
        pg->legend |= 1u << SYM_COUNTY_LINE;
    }
    cairo_set_dash(cr, NULL, 0, 0);
    return rc;
}

static bool point_in_frame(const struct atlas_view *v, double px, double py)
{
    return px >= v->frame.x0 + SYM_HALF && px <= v->frame.x1 - SYM_HALF &&
           py >= v->frame.y0 + SYM_HALF && py <= v->frame.y1 - SYM_HALF;
}

static bool in_town(const struct page *pg, const struct atlas_point *p)
{
    const char *town = pg->d->towns[pg->town].u->code, *vc = p->village_code;
    return vc != NULL && town != NULL && strncmp(vc, town, strlen(town)) == 0;
}

static int symbols(struct page *pg, gis_error *err)
{
    const struct atlas_data *d = pg->d;
    for (size_t i = 0; pg->town >= 0 && i < d->n_pts; i++) {
        const struct atlas_point *p = &d->pts[i];
        /* Facilities of the township in focus only; markers wherever the frame shows them. */
        if (p->sym != SYM_MARKER && !in_town(pg, p))
            continue;
        double px, py;
        atlas_view_xy(pg->v, p->x, p->y, &px, &py);
        if (!point_in_frame(pg->v, px, py))
            continue;
        atlas_map_symbol(pg->doc->cr, p->sym, px, py);
        pg->legend |= 1u << p->sym;
        tile_label_box b = {px - SYM_HALF, py - SYM_HALF, px + SYM_HALF, py + SYM_HALF};
        int rc = tile_label_obstacle_add(pg->placer, &b, err);
        if (rc != GIS_OK)
            return rc;
    }
    if (d->has_seat) {
        double px, py;
        atlas_view_xy(pg->v, d->seat[0], d->seat[1], &px, &py);
        if (point_in_frame(pg->v, px, py)) {
            atlas_map_symbol(pg->doc->cr, SYM_SEAT, px, py);
            pg->legend |= 1u << SYM_SEAT;
            tile_label_box b = {px - SYM_HALF, py - SYM_HALF, px + SYM_HALF, py + SYM_HALF};
            return tile_label_obstacle_add(pg->placer, &b, err);
        }
    }
    return GIS_OK;
}

/* Draws the current layout text at box b with a white halo. */
static void draw_label(struct atlas_doc *doc, const tile_label_box *b, double grey)
{
    cairo_t *cr = doc->cr;
    cairo_move_to(cr, b->x0, b->y0);
    pango_cairo_layout_path(cr, doc->layout);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_set_line_width(cr, 1.6);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_move_to(cr, b->x0, b->y0);
    cairo_set_source_rgb(cr, grey, grey, grey);
    pango_cairo_show_layout(cr, doc->layout);
}

/* Area label for unit a: the largest font (from size down to 6 pt) that fits the inscribed
 * circle, centred on the pole of inaccessibility, shifted a little when it collides; when
 * crowded, smaller fonts down to 5.5 pt, then beside the anchor as a point label. */
static int area_label(struct page *pg, const struct atlas_unit *a, double size, bool bold,
                      double grey, gis_error *err)
{
    if (a->gk == NULL || a->u->name == NULL)
        return GIS_OK;
    double px, py, w = 0, h = 0, r = a->label_r * pg->v->k, s = size;
    atlas_view_xy(pg->v, a->label[0], a->label[1], &px, &py);
    for (; s > 6; s -= 1) {
        atlas_text_set(pg->doc, a->u->name, s, bold, false);
        atlas_text_size(pg->doc, &w, &h);
        if (w <= 2 * r)
            break;
    }
    tile_label_box b;
    bool ok = false;
    int rc = GIS_OK, pos;
    for (; s >= 5.5 && !ok && rc == GIS_OK; s -= 0.5) {
        atlas_text_set(pg->doc, a->u->name, s, bold, false);
        atlas_text_size(pg->doc, &w, &h);
        rc = tile_label_place_area(pg->placer, px, py, w, h, fmax(fmin(r, 12), 6), &b, &ok, err);
    }
    if (rc == GIS_OK && !ok) {
        /* The layout still holds the text at the last size tried (5.5 pt). */
        rc = tile_label_place_area(pg->placer, px, py, w, h, 2 * fmax(r, 12), &b, &ok, err);
    }
    for (double gap = 2; gap <= 14 && rc == GIS_OK && !ok; gap += 4)
        rc = tile_label_place_point(pg->placer, px, py, 0, w, h, gap, &b, &pos, &ok, err);
    if (rc == GIS_OK && ok) {
        draw_label(pg->doc, &b, grey);
    } else if (rc == GIS_OK) {
        pg->info->n_dropped++;
        pg->info->n_names_dropped++;
    }
    return rc;
}

static int point_label(struct page *pg, double x, double y, const char *text, double size,
                       bool bold, gis_error *err)
{
    double px, py, w, h;
    atlas_view_xy(pg->v, x, y, &px, &py);
    if (!point_in_frame(pg->v, px, py))
        return GIS_OK;
    atlas_text_set(pg->doc, text, size, bold, false);
    atlas_text_size(pg->doc, &w, &h);
    tile_label_box b;
    bool ok = false;
    int pos;
    int rc = tile_label_place_point(pg->placer, px, py, SYM_HALF, w, h, 1.0, &b, &pos, &ok, err);
    if (rc == GIS_OK && ok)
        draw_label(pg->doc, &b, 0);
    else if (rc == GIS_OK)
        pg->info->n_dropped++;
    return rc;
}

static int cmp_area_desc(const void *a, const void *b)
{
    const struct atlas_unit *x = *(const struct atlas_unit *const *)a,
                            *y = *(const struct atlas_unit *const *)b;
    return (x->area_m2 < y->area_m2) - (x->area_m2 > y->area_m2);
}

static int village_labels(struct page *pg, gis_error *err)
{
    const struct atlas_data *d = pg->d;
    const struct atlas_unit **order = malloc((d->n_vills + 1) * sizeof *order);
    if (order == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < d->n_vills; i++)
        if (d->vills[i].parent == pg->town && d->vills[i].gk != NULL &&
            in_view(pg->v, d->vills[i].bbox))
            order[n++] = &d->vills[i];
    /* Larger villages first: when labels compete, the small ones give way. The village in
     * focus (village maps) goes first of all. */
    qsort(order, n, sizeof *order, cmp_area_desc);
    for (size_t i = 0; pg->village >= 0 && i < n; i++)
        if (order[i] == &d->vills[pg->village]) {
            memmove(order + 1, order, i * sizeof *order);
            order[0] = &d->vills[pg->village];
            break;
        }
    int rc = GIS_OK;
    for (size_t i = 0; i < n && rc == GIS_OK; i++) {
        bool focus = pg->village >= 0 && order[i] == &d->vills[pg->village];
        rc = area_label(pg, order[i], focus ? 12 : 8, focus, 0.05, err);
    }
    free(order);
    return rc;
}

static int labels(struct page *pg, gis_error *err)
{
    const struct atlas_data *d = pg->d;
    int rc = GIS_OK;
    if (d->has_seat)
        rc = point_label(pg, d->seat[0], d->seat[1], d->county_name, 9, true, err);
    if (rc == GIS_OK && pg->town >= 0)
        rc = village_labels(pg, err);
    for (size_t i = 0; i < d->n_towns && rc == GIS_OK; i++) {
        if ((long)i == pg->town || d->towns[i].gk == NULL || !in_view(pg->v, d->towns[i].bbox))
            continue;
        /* A neighbouring township whose anchor lies beyond the frame is named on its own page. */
        double px, py;
        atlas_view_xy(pg->v, d->towns[i].label[0], d->towns[i].label[1], &px, &py);
        if (pg->town >= 0 && !point_in_frame(pg->v, px, py))
            continue;
        rc = area_label(pg, &d->towns[i], pg->town < 0 ? 11 : 9, true, pg->town < 0 ? 0 : 0.5, err);
    }
    for (size_t i = 0; pg->town >= 0 && i < d->n_pts && rc == GIS_OK; i++)
        if (d->pts[i].sym == SYM_MARKER && d->pts[i].text != NULL)
            rc = point_label(pg, d->pts[i].x, d->pts[i].y, d->pts[i].text, 5.5, false, err);
    return rc;
}

static int report_labels(struct page *pg, gis_error *err)
{
    size_t n = tile_label_count(pg->placer);
    pg->info->labels = malloc((n + 1) * sizeof *pg->info->labels);
    if (pg->info->labels == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    if (n > 0)
        memcpy(pg->info->labels, tile_label_boxes(pg->placer), n * sizeof *pg->info->labels);
    pg->info->n_labels = n;
    return GIS_OK;
}

int atlas_map_draw(struct atlas_doc *doc, const struct atlas_view *v, int level, long focus,
                   unsigned *legend, tile_atlas_map *info, gis_error *err)
{
    const struct atlas_data *d = doc->d;
    struct page pg = {doc, v, d, -1, -1, NULL, 0, info};
    if (level == 1)
        pg.town = focus;
    if (level == 2) {
        pg.village = focus;
        pg.town = d->vills[focus].parent;
    }
    tile_label_box north;
    atlas_north_box(v, &north);
    int rc = tile_label_placer_new(&v->frame, &pg.placer, err);
    if (rc == GIS_OK)
        rc = tile_label_obstacle_add(pg.placer, &north, err);
    if (rc != GIS_OK) {
        tile_label_placer_free(pg.placer);
        return rc;
    }
    cairo_t *cr = doc->cr;
    cairo_save(cr);
    cairo_rectangle(cr, v->frame.x0, v->frame.y0, v->frame.x1 - v->frame.x0,
                    v->frame.y1 - v->frame.y0);
    cairo_clip(cr);
    rc = fill_units(&pg, err);
    if (rc == GIS_OK)
        rc = zones_and_lines(&pg, err);
    if (rc == GIS_OK && pg.village >= 0 && d->vills[pg.village].gk != NULL) {
        rc = atlas_map_path(doc, v, d->vills[pg.village].gk, err);
        cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
        cairo_set_line_width(cr, 1.8);
        cairo_stroke(cr);
    }
    if (rc == GIS_OK)
        rc = symbols(&pg, err);
    if (rc == GIS_OK)
        rc = labels(&pg, err);
    cairo_restore(cr);
    if (rc == GIS_OK)
        rc = report_labels(&pg, err);
    tile_label_placer_free(pg.placer);
    *legend = pg.legend;
    return rc;
}
