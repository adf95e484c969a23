/*
 * This file declares greedy label placement with collision boxes for printed maps: callers
 * offer labels in order of importance, each is put at the first free candidate position or
 * dropped. Point labels try right, top, left, then bottom of their symbol (DOMAIN.md NAME-04);
 * area labels try their anchor (pole of inaccessibility) and then small shifts around it.
 * Every placed box lies wholly inside the frame, so no label is cut at the map's edge.
 * Coordinates are page points with y growing downwards. It does not measure or draw text.
 */
#ifndef TILE_LABEL_H
#define TILE_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/error.h"

/** Axis-aligned box in page points: x0 < x1, y0 < y1. */
typedef struct tile_label_box {
    double x0, y0, x1, y1;
} tile_label_box;

/** Where a point label went relative to its symbol. */
enum tile_label_pos {
    TILE_LABEL_RIGHT = 0,
    TILE_LABEL_TOP = 1,
    TILE_LABEL_LEFT = 2,
    TILE_LABEL_BOTTOM = 3,
    TILE_LABEL_CENTRE = 4, /* area labels */
};

typedef struct tile_label_placer tile_label_placer;

/** Creates a placer whose labels must fit inside *frame (copied). Returns an owned placer in
 *  *out; free with tile_label_placer_free(). Codes: GIS_EINVAL (empty frame), GIS_ENOMEM. */
int tile_label_placer_new(const tile_label_box *frame, tile_label_placer **out, gis_error *err);

/** Frees p. NULL is a no-op. */
void tile_label_placer_free(tile_label_placer *p);

/** Reserves *b (copied), e.g. a symbol, so that later labels avoid it. Obstacles are not
 *  labels: they may overlap each other and are not reported. Codes: GIS_EINVAL, GIS_ENOMEM. */
int tile_label_obstacle_add(tile_label_placer *p, const tile_label_box *b, gis_error *err);

/** Places a w x h label beside a symbol of half-size r centred at (x, y), `gap` points away,
 *  trying right, top, left, bottom (NAME-04). On success *placed is true and *box_out and
 *  *pos_out (enum tile_label_pos) say where; when every position collides or leaves the frame
 *  *placed is false and nothing is recorded. Codes: GIS_EINVAL (w or h <= 0), GIS_ENOMEM. */
int tile_label_place_point(tile_label_placer *p, double x, double y, double r, double w, double h,
                           double gap, tile_label_box *box_out, int *pos_out, bool *placed,
                           gis_error *err);

/** Places a w x h label centred on (x, y), else shifted by up to max_shift points (8
 *  directions, two rings). Same results and codes as tile_label_place_point(). */
int tile_label_place_area(tile_label_placer *p, double x, double y, double w, double h,
                          double max_shift, tile_label_box *box_out, bool *placed, gis_error *err);

/** Number of labels placed so far. */
size_t tile_label_count(const tile_label_placer *p);

/** Placed label boxes in placement order. Borrowed; valid until the next call on p. */
const tile_label_box *tile_label_boxes(const tile_label_placer *p);

/** True when a and b overlap by more than touching edges. */
bool tile_label_box_overlaps(const tile_label_box *a, const tile_label_box *b);

#endif
