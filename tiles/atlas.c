/*
 * This file implements the atlas document: option checks, the list of map pages asked for
 * (--units), the cairo surface (PDF with pages, or one SVG/PNG map), the page sequence cover,
 * copyright page, overview, township maps, gazetteer, and the report of what was drawn. The
 * pages themselves are drawn by atlas_front.c, atlas_page.c, atlas_map.c, atlas_gazetteer.c.
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/outfile.h"
#include "tiles/atlas_int.h"

/* One map page to draw: level 0 overview, 1 township, 2 village; index at that level. */
struct job {
    int level;
    long index;
};

void tile_atlas_paper_size(int paper, bool landscape, double *w_pt, double *h_pt)
{
    double w = paper == TILE_PAPER_A3 ? 297 : 210, h = paper == TILE_PAPER_A3 ? 420 : 297;
    *w_pt = (landscape ? h : w) * ATLAS_MM;
    *h_pt = (landscape ? w : h) * ATLAS_MM;
}

int tile_atlas_gazetteer_rows_per_page(int paper, bool landscape)
{
    double w, h;
    tile_atlas_paper_size(paper, landscape, &w, &h);
    return atlas_gazetteer_rows_per_page(w, h);
}

void tile_atlas_report_free(tile_atlas_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_maps; i++)
        free(r->maps[i].labels);
    free(r->maps);
    free(r->rows);
    free(r);
}

int atlas_page_end(struct atlas_doc *doc, gis_error *err)
{
    doc->page++;
    if (doc->o->format == TILE_ATLAS_PDF)
        cairo_show_page(doc->cr);
    cairo_status_t st = cairo_status(doc->cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return GIS_ERR(err, GIS_EIO, "drawing page %d of %s: %s", doc->page, doc->o->out_path,
                       cairo_status_to_string(st));
    return GIS_OK;
}

static bool is_word(const tile_atlas_opts *o, const char *w)
{
    for (size_t i = 0; i < o->n_units; i++)
        if (strcmp(o->units[i], w) == 0)
            return true;
    return o->n_units == 0;
}

/* Turns --units into map jobs, in the order given. */
static int plan(const struct atlas_data *d, const tile_atlas_opts *o, struct job **out,
                size_t *n_out, gis_error *err)
{
    size_t cap = 1 + d->n_towns + (o->n_units ? o->n_units : 0) * (d->n_towns + 1), n = 0;
    struct job *j = malloc(cap * sizeof *j);
    if (j == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    size_t n_tok = o->n_units ? o->n_units : 2;
    for (size_t t = 0; t < n_tok; t++) {
        const char *tok = o->n_units ? o->units[t] : (t == 0 ? "county" : "townships");
        bool is_village = false;
        long i;
        if (strcmp(tok, "county") == 0 || strcmp(tok, d->county[0].code) == 0) {
            j[n++] = (struct job){0, 0};
        } else if (strcmp(tok, "townships") == 0) {
            for (size_t k = 0; k < d->n_towns; k++)
                j[n++] = (struct job){1, (long)k};
        } else if ((i = atlas_data_find(d, tok, &is_village)) >= 0) {
            j[n++] = (struct job){is_village ? 2 : 1, i};
        } else {
            free(j);
            return GIS_ERR(err, GIS_EINVAL,
                           "unknown unit '%s' (use county, townships or a unit code)", tok);
        }
    }
    *out = j;
    *n_out = n;
    return GIS_OK;
}

/* PDF bookmark to the next page to be drawn, so editors can jump between maps. */
static void outline(struct atlas_doc *doc, const char *name)
{
    if (doc->o->format != TILE_ATLAS_PDF)
        return;
    char dest[32];
    snprintf(dest, sizeof dest, "page=%d", doc->page + 1);
    cairo_pdf_surface_add_outline(doc->surface, CAIRO_PDF_OUTLINE_ROOT, name, dest, 0);
}

static int map_page(struct atlas_doc *doc, const struct job *jb, tile_atlas_map *info,
                    gis_error *err)
{
    const struct atlas_data *d = doc->d;
    const struct atlas_unit *a = jb->level == 0   ? &d->cty
                                 : jb->level == 1 ? &d->towns[jb->index]
                                                  : &d->vills[jb->index];
    if (a->gk == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unit %s has no geometry to map", a->u->code);
    char title[256];
    if (jb->level == 2 && a->parent >= 0)
        snprintf(title, sizeof title, "%s%s位置图", d->towns[a->parent].u->name, a->u->name);
    else
        snprintf(title, sizeof title, "%s行政区划图", jb->level == 0 ? d->county_name : a->u->name);
    outline(doc, title);
    snprintf(info->code, sizeof info->code, "%s", a->u->code);
    info->page = doc->page + 1;
    struct atlas_view v;
    atlas_page_view(doc, a->bbox, &v);
    unsigned legend = 0;
    int rc = atlas_map_draw(doc, &v, jb->level, jb->index, &legend, info, err);
    if (rc == GIS_OK)
        rc = atlas_page_furniture(doc, &v, title, legend, info, err);
    if (rc == GIS_OK)
        rc = atlas_page_end(doc, err);
    return rc;
}

static void texts(struct atlas_doc *doc)
{
    const tile_atlas_opts *o = doc->o;
    const struct atlas_data *d = doc->d;
    snprintf(doc->title, sizeof doc->title, "%s", o->title && o->title[0] ? o->title : "");
    if (doc->title[0] == '\0')
        snprintf(doc->title, sizeof doc->title, "%s行政区划图集", d->county_name);
    snprintf(doc->date, sizeof doc->date, "%s",
             o->date && o->date[0] ? o->date : (d->vintage[0] ? d->vintage : "未注明"));
    if (o->source && o->source[0])
        snprintf(doc->source, sizeof doc->source, "%s", o->source);
    else
        snprintf(doc->source, sizeof doc->source, "%s民政局界线与地名数据库%s", d->county_name,
                 d->synthetic ? "（演示版，合成数据）" : "");
    /* DOMAIN.md MAP-03: an unreviewed map says so where the 审图号 would be. */
    snprintf(doc->map_number, sizeof doc->map_number, "%s",
             o->map_number && o->map_number[0] ? o->map_number : "内部用图，未经审核");
}

/* cairo's stream writer. A failed write is remembered by the outfile (and reported at commit)
 * but not returned to cairo: cairo 1.16 aborts on an assertion in its PDF error path
 * (_cairo_array_index_const) when the stream fails mid-document, e.g. on a full disk. */
static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
    gis_outfile_write(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static int open_surface(struct atlas_doc *doc, gis_error *err)
{
    const tile_atlas_opts *o = doc->o;
    double scale = 1;
    int rc = gis_outfile_open(o->out_path, &doc->out, err);
    if (rc != GIS_OK)
        return rc;
    if (o->format == TILE_ATLAS_PDF) {
        doc->surface = cairo_pdf_surface_create_for_stream(write_out, doc->out, doc->w, doc->h);
        cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_TITLE, doc->title);
        cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATOR,
                                       "jiewang " JW_VERSION);
    } else if (o->format == TILE_ATLAS_SVG) {
        doc->surface = cairo_svg_surface_create_for_stream(write_out, doc->out, doc->w, doc->h);
    } else {
        scale = (o->dpi > 0 ? o->dpi : 150) / 72.0;
        doc->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(doc->w * scale + 0.5),
                                                  (int)(doc->h * scale + 0.5));
    }
    cairo_status_t st = cairo_surface_status(doc->surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return GIS_ERR(err, GIS_EIO, "cannot create %s: %s", o->out_path,
                       cairo_status_to_string(st));
    doc->cr = cairo_create(doc->surface);
    cairo_scale(doc->cr, scale, scale);
    doc->layout = pango_cairo_create_layout(doc->cr);
    doc->font = pango_font_description_new();
    cairo_font_options_t *fo = cairo_font_options_create();
    /* Unhinted metrics: text sits exactly where it is measured, at any scale. */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(doc->layout), fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(doc->layout);
    if (o->format == TILE_ATLAS_PNG) {
        /* Image surfaces start black (RGB24); PDF and SVG pages are white paper already. */
        cairo_set_source_rgb(doc->cr, 1, 1, 1);
        cairo_paint(doc->cr);
    }
    return GIS_OK;
}

static int close_surface(struct atlas_doc *doc, bool ok, gis_error *err)
{
    int rc = GIS_OK;
    if (doc->font)
        pango_font_description_free(doc->font);
    if (doc->layout)
        g_object_unref(doc->layout);
    if (doc->cr)
        cairo_destroy(doc->cr);
    if (doc->surface == NULL)
        return GIS_OK;
    cairo_surface_flush(doc->surface);
    if (ok && doc->o->format == TILE_ATLAS_PNG &&
        cairo_surface_write_to_png_stream(doc->surface, write_out, doc->out) !=
            CAIRO_STATUS_SUCCESS)
        rc = GIS_ERR(err, GIS_EIO, "cannot encode %s as PNG", doc->o->out_path);
    cairo_surface_finish(doc->surface);
    cairo_status_t st = cairo_surface_status(doc->surface);
    if (ok && rc == GIS_OK && st != CAIRO_STATUS_SUCCESS)
        rc = GIS_ERR(err, GIS_EIO, "cannot write %s: %s", doc->o->out_path,
                     cairo_status_to_string(st));
    cairo_surface_destroy(doc->surface);
    return rc;
}

/* Commits the output file when everything was drawn, else removes the partial one. */
static int close_output(struct atlas_doc *doc, bool ok, gis_error *err)
{
    if (doc->out == NULL)
        return GIS_OK;
    gis_outfile *out = doc->out;
    doc->out = NULL;
    if (!ok) {
        gis_outfile_abort(out);
        return GIS_OK;
    }
    return gis_outfile_commit(out, err);
}

static int check_opts(const tile_atlas_opts *o, gis_error *err)
{
    if (o == NULL || o->out_path == NULL || o->out_path[0] == '\0')
        return GIS_ERR(err, GIS_EINVAL, "atlas needs an output path");
    if (o->paper != TILE_PAPER_A4 && o->paper != TILE_PAPER_A3)
        return GIS_ERR(err, GIS_EINVAL, "unknown paper %d (A4 or A3)", o->paper);
    if (o->format < TILE_ATLAS_PDF || o->format > TILE_ATLAS_PNG)
        return GIS_ERR(err, GIS_EINVAL, "unknown format %d (pdf, svg or png)", o->format);
    if (o->format == TILE_ATLAS_PNG && o->dpi > 1200)
        return GIS_ERR(err, GIS_EINVAL, "dpi %g is above 1200", o->dpi);
    return GIS_OK;
}

/* Gazetteer rows follow the units asked for: everything, or the codes given (and below). */
static int draw_all(struct atlas_doc *doc, const struct job *jobs, size_t n_jobs, gis_error *err)
{
    const tile_atlas_opts *o = doc->o;
    int rc = GIS_OK;
    if (o->format == TILE_ATLAS_PDF) {
        outline(doc, "封面");
        rc = atlas_front_cover(doc, err);
        if (rc == GIS_OK)
            rc = atlas_page_end(doc, err);
        if (rc == GIS_OK) {
            outline(doc, "版权页");
            atlas_front_copyright(doc);
            rc = atlas_page_end(doc, err);
        }
    }
    for (size_t i = 0; i < n_jobs && rc == GIS_OK; i++) {
        rc = map_page(doc, &jobs[i], &doc->report->maps[i], err);
        doc->report->n_maps = i + 1;
    }
    if (rc == GIS_OK && o->format == TILE_ATLAS_PDF) {
        bool all = is_word(o, "county") || is_word(o, "townships");
        outline(doc, "地名志");
        rc = atlas_gazetteer_render(doc, all ? NULL : o->units, all ? 0 : o->n_units, err);
    }
    doc->report->n_pages = doc->page;
    return rc;
}

int tile_atlas_render(gis_ctx *ctx, gis_store *s, const tile_atlas_opts *o,
                      tile_atlas_report **report_out, gis_error *err)
{
    if (report_out != NULL)
        *report_out = NULL;
    int rc = check_opts(o, err);
    if (rc != GIS_OK)
        return rc;
    struct atlas_data d;
    struct atlas_doc doc = {.ctx = ctx, .o = o, .d = &d};
    struct job *jobs = NULL;
    size_t n_jobs = 0;
    if ((rc = atlas_data_load(ctx, s, &d, err)) != GIS_OK)
        return rc;
    rc = plan(&d, o, &jobs, &n_jobs, err);
    if (rc == GIS_OK && o->format != TILE_ATLAS_PDF && n_jobs != 1)
        rc = GIS_ERR(err, GIS_EINVAL,
                     "svg and png render one map, but %zu were asked for "
                     "(pass one unit with --units)",
                     n_jobs);
    if (rc == GIS_OK) {
        doc.report = calloc(1, sizeof *doc.report);
        if (doc.report != NULL)
            doc.report->maps = calloc(n_jobs + 1, sizeof *doc.report->maps);
        if (doc.report == NULL || doc.report->maps == NULL)
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    if (rc == GIS_OK) {
        tile_atlas_paper_size(o->paper, o->landscape, &doc.w, &doc.h);
        doc.report->page_w = doc.w;
        doc.report->page_h = doc.h;
        texts(&doc);
        rc = open_surface(&doc, err);
    }
    if (rc == GIS_OK)
        rc = draw_all(&doc, jobs, n_jobs, err);
    int rc2 = close_surface(&doc, rc == GIS_OK, err);
    if (rc == GIS_OK)
        rc = rc2;
    rc2 = close_output(&doc, rc == GIS_OK, err);
    if (rc == GIS_OK)
        rc = rc2;
    free(jobs);
    atlas_data_clear(ctx, &d);
    if (rc == GIS_OK && report_out != NULL)
        *report_out = doc.report;
    else
        tile_atlas_report_free(doc.report);
    return rc;
}
