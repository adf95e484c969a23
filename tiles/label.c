/*
 * This file implements greedy label placement: each candidate box is tested against the
 * frame, the boxes already placed and the reserved obstacles. A page holds at most a few
 * hundred labels, so a linear scan is fast enough and keeps the code obvious.
 */
#include "tiles/label.h"

#include <stdlib.h>

/* Labels keep this much clear space (points) from each other and from symbols. */
#define LABEL_PAD 0.75

struct boxes {
    tile_label_box *v;
    size_t n, cap;
};

struct tile_label_placer {
    tile_label_box frame;   /* labels must lie inside, page points */
    struct boxes labels;    /* placed labels */
    struct boxes obstacles; /* reserved symbol areas */
};

static int push(struct boxes *b, const tile_label_box *x)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        tile_label_box *v = realloc(b->v, cap * sizeof *v);
        if (v == NULL)
            return GIS_ENOMEM;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = *x;
    return GIS_OK;
}

static bool is_valid(const tile_label_box *b)
{
    return b->x1 > b->x0 && b->y1 > b->y0;
}

int tile_label_placer_new(const tile_label_box *frame, tile_label_placer **out, gis_error *err)
{
    *out = NULL;
    if (frame == NULL || !is_valid(frame))
        return GIS_ERR(err, GIS_EINVAL, "label frame is empty");
    tile_label_placer *p = calloc(1, sizeof *p);
    if (p == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    p->frame = *frame;
    *out = p;
    return GIS_OK;
}

void tile_label_placer_free(tile_label_placer *p)
{
    if (p == NULL)
        return;
    free(p->labels.v);
    free(p->obstacles.v);
    free(p);
}

int tile_label_obstacle_add(tile_label_placer *p, const tile_label_box *b, gis_error *err)
{
    if (!is_valid(b))
        return GIS_ERR(err, GIS_EINVAL, "obstacle box is empty");
    if (push(&p->obstacles, b) != GIS_OK)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    return GIS_OK;
}

bool tile_label_box_overlaps(const tile_label_box *a, const tile_label_box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static bool collides(const struct boxes *bs, const tile_label_box *padded)
{
    for (size_t i = 0; i < bs->n; i++)
        if (tile_label_box_overlaps(&bs->v[i], padded))
            return true;
    return false;
}

static bool is_free(const tile_label_placer *p, const tile_label_box *b)
{
    const tile_label_box *f = &p->frame;
    if (b->x0 < f->x0 || b->y0 < f->y0 || b->x1 > f->x1 || b->y1 > f->y1)
        return false;
    tile_label_box padded = {b->x0 - LABEL_PAD, b->y0 - LABEL_PAD, b->x1 + LABEL_PAD,
                             b->y1 + LABEL_PAD};
    return !collides(&p->labels, &padded) && !collides(&p->obstacles, &padded);
}

static int accept(tile_label_placer *p, const tile_label_box *b, tile_label_box *box_out,
                  bool *placed, gis_error *err)
{
    if (push(&p->labels, b) != GIS_OK)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    if (box_out != NULL)
        *box_out = *b;
    *placed = true;
    return GIS_OK;
}

int tile_label_place_point(tile_label_placer *p, double x, double y, double r, double w, double h,
                           double gap, tile_label_box *box_out, int *pos_out, bool *placed,
                           gis_error *err)
{
    *placed = false;
    if (!(w > 0 && h > 0))
        return GIS_ERR(err, GIS_EINVAL, "label size %gx%g is empty", w, h);
    double d = r + gap;
    /* NAME-04: right, then top, left, bottom of the symbol. */
    const tile_label_box cand[4] = {
        {x + d, y - h / 2, x + d + w, y + h / 2},
        {x - w / 2, y - d - h, x + w / 2, y - d},
        {x - d - w, y - h / 2, x - d, y + h / 2},
        {x - w / 2, y + d, x + w / 2, y + d + h},
    };
    for (int i = 0; i < 4; i++) {
        if (!is_free(p, &cand[i]))
            continue;
        if (pos_out != NULL)
            *pos_out = i;
        return accept(p, &cand[i], box_out, placed, err);
    }
    return GIS_OK;
}

int tile_label_place_area(tile_label_placer *p, double x, double y, double w, double h,
                          double max_shift, tile_label_box *box_out, bool *placed, gis_error *err)
{
    *placed = false;
    if (!(w > 0 && h > 0))
        return GIS_ERR(err, GIS_EINVAL, "label size %gx%g is empty", w, h);
    static const double dirs[8][2] = {{0, -1}, {0, 1},   {1, 0}, {-1, 0},
                                      {1, -1}, {-1, -1}, {1, 1}, {-1, 1}};
    for (int ring = 0; ring <= 2; ring++) {
        double s = max_shift * ring / 2.0;
        for (int k = 0; k < (ring == 0 ? 1 : 8); k++) {
            double cx = x + (ring ? dirs[k][0] * s : 0), cy = y + (ring ? dirs[k][1] * s : 0);
            tile_label_box b = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
            if (is_free(p, &b))
                return accept(p, &b, box_out, placed, err);
        }
        if (max_shift <= 0)
            break;
    }
    return GIS_OK;
}

size_t tile_label_count(const tile_label_placer *p)
{
    return p->labels.n;
}

const tile_label_box *tile_label_boxes(const tile_label_placer *p)
{
    return p->labels.v;
}
