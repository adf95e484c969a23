/*
 * This file implements the atlas's text: one pango layout per document, fonts set by absolute
 * size in points (so no 96-dpi scaling), hinting off so positions are exact on paper, and the
 * degree-minute-second format of CGCS2000 coordinates. Text stays text in the PDF (pango with
 * cairo embeds a subset of the Noto CJK font), so the Chinese remains searchable.
 */
#include <math.h>
#include <stdio.h>

#include "tiles/atlas_int.h"

void atlas_text_set(struct atlas_doc *doc, const char *text, double size, bool bold, bool serif)
{
    pango_font_description_set_family(doc->font, serif ? ATLAS_FONT_SERIF : ATLAS_FONT_SANS);
    pango_font_description_set_weight(doc->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(doc->font, size * PANGO_SCALE);
    pango_layout_set_font_description(doc->layout, doc->font);
    pango_layout_set_width(doc->layout, -1);
    pango_layout_set_height(doc->layout, 0);
    pango_layout_set_text(doc->layout, text, -1);
}

void atlas_text_size(struct atlas_doc *doc, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(doc->layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

void atlas_text_show(struct atlas_doc *doc, double x, double y, double ax, double ay)
{
    double w, h;
    atlas_text_size(doc, &w, &h);
    cairo_move_to(doc->cr, x - ax * w, y - ay * h);
    pango_cairo_show_layout(doc->cr, doc->layout);
}

double atlas_text(struct atlas_doc *doc, const char *text, double size, bool bold, double x,
                  double y, double ax, double ay)
{
    double w, h;
    atlas_text_set(doc, text, size, bold, false);
    atlas_text_size(doc, &w, &h);
    cairo_move_to(doc->cr, x - ax * w, y - ay * h);
    pango_cairo_show_layout(doc->cr, doc->layout);
    return w;
}

void atlas_fmt_dms(double deg, char *buf, size_t len)
{
    double a = fabs(deg);
    /* Round to 0.1 arc-second first so that 59.95" carries into the minutes. */
    long tenths = lround(a * 36000.0);
    long d = tenths / 36000, m = (tenths / 600) % 60;
    double s = (double)(tenths % 600) / 10.0;
    snprintf(buf, len, "%s%ld°%02ld′%04.1f″", deg < 0 ? "-" : "", d, m, s);
}
