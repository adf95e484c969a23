/*
 * This file implements the tilesets of tiles/tileset.h: which layers each tileset holds and
 * from which zoom (the per-zoom rules below), rendering one tile (store bbox read ->
 * gis_geom_tile_prepare -> MVT encoding) and the TileJSON 3.0.0 document.
 *
 * Per-zoom rules (minimum zoom of each layer, in the combined tileset and in single ones):
 *   county 0, townships 6, villages 9, boundary_lines 8, markers 12, cemeteries 10,
 *   facilities 10, no_burial_zones 8, findings 6, graves 10 (restricted tileset only);
 *   labels: county z0-9, townships z8-12, villages z11+.
 * It does not cache tiles (tiles/cache.c) or compress them (the server gzips).
 */
#include "tiles/tileset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_label.h"
#include "gis/geom_tile.h"
#include "gis/store_info.h"
#include "gis/store_tiles.h"
#include "tiles/mvt.h"
#include "tiles/tilemath.h"

#define TILE_BUFFER_PX 64
#define COMBINED "jiewang"
/* Unit layers are simplified as a coverage (shared borders simplified once, with this
 * Douglas-Peucker tolerance in tile pixels, 1/8 of a screen pixel at 512-pixel tiles) up to
 * COVERAGE_MAX_ZOOM: the county and township overview tiles, few and requested by every
 * viewer, where it halves the size of dense boundaries. It costs about 3x the rendering time
 * of snapping alone (0.5 s per tile for 40,000 township vertices), and 10x with villages,
 * so from z9 (villages) on, snapping to the pixel grid is the only simplification. */
#ifndef COVERAGE_MAX_ZOOM
#define COVERAGE_MAX_ZOOM 8
#endif
#define COVERAGE_TOLERANCE_PX 1.0

enum layer_kind { LK_UNIT, LK_PLAIN, LK_LABELS };

typedef struct layer_def {
    const char *name;                              /* MVT layer name = collection name */
    const char *store;                             /* gis_store_tiles layer (NULL for labels) */
    int kind;                                      /* enum layer_kind */
    int minzoom;                                   /* first zoom the layer appears at */
    bool restricted;                               /* never in the combined tileset */
    const char *fields[GIS_TILE_MAX_PROPS + 1][2]; /* name, TileJSON type; NULL-terminated */
} layer_def;

/* clang-format off */
#define UNIT_FIELDS                                                                              \
    {"code", "String"}, {"name", "String"}, {"level", "String"}, {"parent_code", "String"},      \
        {"kind", "String"}, {"area_km2", "Number"}

static const layer_def layer_defs[] = {
    {"county", "county", LK_UNIT, 0, false, {UNIT_FIELDS, {NULL, NULL}}},
    {"townships", "townships", LK_UNIT, 6, false, {UNIT_FIELDS, {NULL, NULL}}},
    {"villages", "villages", LK_UNIT, 9, false,
     {UNIT_FIELDS, {"coverage", "String"}, {NULL, NULL}}},
    {"labels", NULL, LK_LABELS, 0, false,
     {{"code", "String"}, {"name", "String"}, {"level", "String"}, {NULL, NULL}}},
    {"boundary_lines", "boundary_lines", LK_PLAIN, 8, false,
     {{"line_code", "String"}, {"left_code", "String"}, {"right_code", "String"}, {NULL, NULL}}},
    {"markers", "markers", LK_PLAIN, 12, false,
     {{"number", "String"}, {"type", "String"}, {"line_code", "String"}, {NULL, NULL}}},
    {"cemeteries", "cemeteries", LK_PLAIN, 10, false,
     {{"id", "Number"}, {"name", "String"}, {"kind", "String"}, {"village_code", "String"},
      {"capacity", "Number"}, {"used", "Number"}, {NULL, NULL}}},
    {"facilities", "facilities", LK_PLAIN, 10, false,
     {{"id", "Number"}, {"name", "String"}, {"kind", "String"}, {"village_code", "String"},
      {"beds", "Number"}, {NULL, NULL}}},
    {"no_burial_zones", "no_burial_zones", LK_PLAIN, 8, false,
     {{"id", "Number"}, {"name", "String"}, {"reason", "String"}, {"effective_date", "String"},
      {NULL, NULL}}},
    {"findings", "findings", LK_PLAIN, 6, false,
     {{"id", "Number"}, {"tool", "String"}, {"rule", "String"}, {"severity", "String"},
      {"message", "String"}, {"units", "String"}, {"area_m2", "Number"},
      {"distance_m", "Number"}, {"status", "String"}, {NULL, NULL}}},
    {"graves", "graves", LK_PLAIN, 10, true,
     {{"id", "Number"}, {"owner", "String"}, {"village_code", "String"},
      {"protected", "Number"}, {"status", "String"}, {"built_date", "String"}, {NULL, NULL}}},
};

/* clang-format on */

#define N_LAYER_DEFS (sizeof layer_defs / sizeof layer_defs[0])

/* Label sources: unit layer and zoom range of its labels. */
static const struct {
    const char *store;
    int minzoom, maxzoom;
} label_sources[] = {
    {"county", 0, 9},
    {"townships", 8, 12},
    {"villages", 11, TILE_MAX_ZOOM_SERVED},
};

/* The layers of a tileset: the combined one, or one collection (labels has no tileset). */
static bool tileset_layers(const char *name, const layer_def **defs, size_t *n)
{
    *n = 0;
    if (name == NULL)
        return false;
    bool combined = strcmp(name, COMBINED) == 0;
    for (size_t i = 0; i < N_LAYER_DEFS; i++) {
        const layer_def *d = &layer_defs[i];
        if (combined ? !d->restricted : (d->kind != LK_LABELS && strcmp(d->name, name) == 0))
            defs[(*n)++] = d;
    }
    return *n > 0;
}

bool tile_tileset_exists(const char *name, bool *restricted)
{
    const layer_def *defs[N_LAYER_DEFS];
    size_t n = 0;
    if (restricted)
        *restricted = false;
    if (!tileset_layers(name, defs, &n))
        return false;
    if (restricted)
        *restricted = n == 1 && defs[0]->restricted;
    return true;
}

/* State of one layer of one tile being rendered. */
typedef struct render {
    gis_ctx *ctx;
    const gis_tile_frame *frame;
    const layer_def *def;
    tile_mvt_layer *layer;
    const char *level;    /* labels: level of the units being labelled */
    tile_unit_memo *memo; /* per-unit facts shared across tiles, or NULL */
    int64_t version;      /* store data version the memo entries belong to */
    gis_error *err;
} render;

static int add_props(render *r, const gis_tile_row *row)
{
    int rc = GIS_OK;
    for (size_t i = 0; i < row->n_props && rc == GIS_OK; i++) {
        const gis_tile_prop *p = &row->props[i];
        if (p->type == GIS_TPROP_TEXT)
            rc = tile_mvt_prop_string(r->layer, p->key, p->s, r->err);
        else if (p->type == GIS_TPROP_INT)
            rc = tile_mvt_prop_int(r->layer, p->key, p->i, r->err);
        else if (p->type == GIS_TPROP_REAL)
            rc = tile_mvt_prop_double(r->layer, p->key, p->d, r->err);
    }
    return rc;
}

/* Area of a unit (m²), from the memo when known. */
static int unit_area(render *r, int64_t id, const gis_geom *g, double *out)
{
    tile_unit_facts f = {0};
    if (r->memo)
        tile_unit_memo_get(r->memo, r->version, id, &f);
    if (!f.has_area) {
        int rc = gis_geom_tile_area_m2(r->ctx, g, &f.area_m2, r->err);
        if (rc != GIS_OK)
            return rc;
        f.has_area = true;
        if (r->memo)
            tile_unit_memo_put(r->memo, r->version, id, &f);
    }
    *out = f.area_m2;
    return GIS_OK;
}

/* A geometry the tile code refuses (GIS_EGEOM: e.g. a polygon crossing itself too often to
 * repair within the per-tile work budget, gis/geom_tile_budget.h) leaves out that feature, with
 * a warning, instead of failing the whole tile for every other feature. */
static int skip_refused(render *r, int64_t id, int rc)
{
    if (rc != GIS_EGEOM)
        return rc;
    gis_ctx_log(r->ctx, GIS_LOG_WARN, "tile %s: feature %lld left out: %s", r->def->name,
                (long long)id, r->err ? r->err->msg : "");
    if (r->err != NULL)
        *r->err = (gis_error){0};
    return GIS_OK;
}

static int on_feature(void *user, const gis_tile_row *row)
{
    render *r = user;
    gis_geom *px = NULL;
    bool added = false;
    int rc = gis_geom_tile_prepare(r->ctx, row->geom, r->frame, &px, r->err);
    if (rc != GIS_OK)
        return skip_refused(r, row->id, rc);
    if (px == NULL)
        return GIS_OK;
    rc = tile_mvt_feature_add(r->ctx, r->layer, (uint64_t)row->id, px, &added, r->err);
    gis_geom_free(r->ctx, px);
    if (rc != GIS_OK || !added)
        return rc;
    if ((rc = add_props(r, row)) != GIS_OK)
        return rc;
    if (r->def->kind == LK_UNIT) {
        double m2 = 0;
        if ((rc = unit_area(r, row->id, row->geom, &m2)) != GIS_OK)
            return rc;
        rc = tile_mvt_prop_double(r->layer, "area_km2", round(m2 / 1e3) / 1e3, r->err);
    }
    return rc;
}

/* A unit held back until the whole layer of the tile is read (coverage simplification). */
typedef struct pending {
    int64_t id;
    double area_m2;
    size_t n_props;
    gis_tile_prop props[GIS_TILE_MAX_PROPS]; /* keys static (layer_defs), strings owned */
} pending;

typedef struct coverage {
    render *r;
    pending *p;
    gis_geom **px; /* projected, unsnapped geometries, owned */
    size_t n, cap;
} coverage;

/* The static name of a property of layer d, or NULL when d does not declare it. */
static const char *field_key(const layer_def *d, const char *key)
{
    for (size_t k = 0; d->fields[k][0] != NULL; k++)
        if (strcmp(d->fields[k][0], key) == 0)
            return d->fields[k][0];
    return NULL;
}

static int coverage_push(coverage *c, gis_geom *px)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        pending *p = realloc(c->p, cap * sizeof *p);
        if (p != NULL)
            c->p = p;
        gis_geom **g = p ? realloc(c->px, cap * sizeof *g) : NULL;
        if (g == NULL)
            return GIS_ENOMEM;
        c->px = g;
        c->cap = cap;
    }
    memset(&c->p[c->n], 0, sizeof c->p[c->n]);
    c->px[c->n++] = px; /* ownership of px moves into c */
    return GIS_OK;
}

static int on_collect(void *user, const gis_tile_row *row)
{
    coverage *c = user;
    render *r = c->r;
    gis_geom *px = NULL;
    int rc = gis_geom_tile_project(r->ctx, row->geom, r->frame, &px, r->err);
    if (rc != GIS_OK)
        return skip_refused(r, row->id, rc);
    if (px == NULL)
        return GIS_OK;
    if (coverage_push(c, px) != GIS_OK) {
        gis_geom_free(r->ctx, px);
        return GIS_ERR(r->err, GIS_ENOMEM, "out of memory in layer %s", r->def->name);
    }
    pending *p = &c->p[c->n - 1];
    p->id = row->id;
    if ((rc = unit_area(r, row->id, row->geom, &p->area_m2)) != GIS_OK)
        return rc;
    for (size_t i = 0; i < row->n_props; i++) {
        const char *key = field_key(r->def, row->props[i].key);
        if (key == NULL || row->props[i].type == GIS_TPROP_NULL)
            continue;
        gis_tile_prop *q = &p->props[p->n_props++];
        *q = row->props[i];
        q->key = key;
        if (q->type == GIS_TPROP_TEXT && (q->s = strdup(row->props[i].s)) == NULL) {
            q->type = GIS_TPROP_NULL;
            return GIS_ERR(r->err, GIS_ENOMEM, "out of memory in layer %s", r->def->name);
        }
    }
    return GIS_OK;
}

static void coverage_free(gis_ctx *ctx, coverage *c)
{
    for (size_t i = 0; i < c->n; i++) {
        gis_geom_free(ctx, c->px[i]);
        for (size_t k = 0; k < c->p[i].n_props; k++)
            if (c->p[i].props[k].type == GIS_TPROP_TEXT)
                free((char *)c->p[i].props[k].s);
    }
    free(c->p);
    free(c->px);
}

static int emit_pending(render *r, const pending *p, const gis_geom *g)
{
    bool added = false;
    int rc = tile_mvt_feature_add(r->ctx, r->layer, (uint64_t)p->id, g, &added, r->err);
    if (rc != GIS_OK || !added)
        return rc;
    gis_tile_row row = {.id = p->id, .geom = g, .n_props = p->n_props};
    memcpy(row.props, p->props, sizeof p->props);
    if ((rc = add_props(r, &row)) != GIS_OK)
        return rc;
    return tile_mvt_prop_double(r->layer, "area_km2", round(p->area_m2 / 1e3) / 1e3, r->err);
}

/* Renders a unit layer with its polygons simplified together (shared borders simplified once),
 * falling back to per-unit snapping when GEOS cannot build the coverage. */
static int render_units_coverage(gis_ctx *ctx, gis_store *s, render *r, const double bbox[4])
{
    coverage c = {.r = r};
    gis_geom **out = NULL;
    int rc = gis_store_tiles_each(ctx, s, r->def->store, bbox, on_collect, &c, r->err);
    if (rc == GIS_OK && c.n > 0 && (out = calloc(c.n, sizeof *out)) == NULL)
        rc = GIS_ERR(r->err, GIS_ENOMEM, "out of memory in layer %s", r->def->name);
    if (rc == GIS_OK && c.n > 0 &&
        gis_geom_tile_simplify_coverage(ctx, c.px, c.n, COVERAGE_TOLERANCE_PX, out, NULL) !=
            GIS_OK) {
        gis_ctx_log(ctx, GIS_LOG_DEBUG, "layer %s: coverage simplification failed, snapping",
                    r->def->name);
        for (size_t i = 0; i < c.n && rc == GIS_OK; i++)
            if ((rc = gis_geom_tile_snap(ctx, c.px[i], &out[i], r->err)) != GIS_OK)
                rc = skip_refused(r, c.p[i].id, rc);
    }
    for (size_t i = 0; i < c.n && rc == GIS_OK; i++)
        if (out[i] != NULL)
            rc = emit_pending(r, &c.p[i], out[i]);
    for (size_t i = 0; out != NULL && i < c.n; i++)
        gis_geom_free(ctx, out[i]);
    free(out);
    coverage_free(ctx, &c);
    return rc;
}

static const char *prop_text(const gis_tile_row *row, const char *key)
{
    for (size_t i = 0; i < row->n_props; i++)
        if (row->props[i].type == GIS_TPROP_TEXT && strcmp(row->props[i].key, key) == 0)
            return row->props[i].s;
    return NULL;
}

/* Computes the label point of a unit into f (label_ok false for degenerate units). */
static void label_facts(gis_ctx *ctx, const gis_geom *g, tile_unit_facts *f)
{
    double xy[2], radius = 0, b[4];
    f->has_label = true;
    f->label_ok = false;
    if (gis_geom_bounds(ctx, g, b, NULL) != GIS_OK)
        return;
    /* Tolerance from the unit's own size (1/60 of it, a few pixels at the zooms a label is
     * shown), not the zoom: the label stays put across zooms and tiles. */
    double tol = fmax(b[2] - b[0], b[3] - b[1]) / 60.0;
    if (!(tol > 0) || gis_geom_label_point(ctx, g, tol, xy, &radius, NULL) != GIS_OK)
        return;
    f->label_ok = true;
    f->lon = xy[0];
    f->lat = xy[1];
}

static int on_label(void *user, const gis_tile_row *row)
{
    render *r = user;
    tile_unit_facts f = {0};
    double px, py;
    if (r->memo)
        tile_unit_memo_get(r->memo, r->version, row->id, &f);
    if (!f.has_label) {
        label_facts(r->ctx, row->geom, &f);
        if (r->memo)
            tile_unit_memo_put(r->memo, r->version, row->id, &f);
    }
    if (!f.label_ok)
        return GIS_OK; /* degenerate unit: no label rather than no tile */
    gis_tile_frame_lonlat_to_pixel(r->frame, f.lon, f.lat, &px, &py);
    /* Only in the tile proper, not its buffer, so each label is in exactly one tile. */
    if (!(px >= 0 && py >= 0 && px < r->frame->extent && py < r->frame->extent))
        return GIS_OK;
    int rc = tile_mvt_feature_add_point(r->layer, (uint64_t)row->id, px, py, r->err);
    if (rc == GIS_OK)
        rc = tile_mvt_prop_string(r->layer, "code", prop_text(row, "code"), r->err);
    if (rc == GIS_OK)
        rc = tile_mvt_prop_string(r->layer, "name", prop_text(row, "name"), r->err);
    if (rc == GIS_OK)
        rc = tile_mvt_prop_string(r->layer, "level", r->level, r->err);
    return rc;
}

static int render_layer(gis_ctx *ctx, gis_store *s, render *r, int z, const double bbox[4])
{
    if (r->def->kind == LK_UNIT && z <= COVERAGE_MAX_ZOOM)
        return render_units_coverage(ctx, s, r, bbox);
    if (r->def->kind != LK_LABELS)
        return gis_store_tiles_each(ctx, s, r->def->store, bbox, on_feature, r, r->err);
    static const char *levels[] = {"county", "township", "village"};
    for (size_t i = 0; i < sizeof label_sources / sizeof label_sources[0]; i++) {
        if (z < label_sources[i].minzoom || z > label_sources[i].maxzoom)
            continue;
        r->level = levels[i];
        int rc = gis_store_tiles_each(ctx, s, label_sources[i].store, bbox, on_label, r, r->err);
        if (rc != GIS_OK)
            return rc;
    }
    return GIS_OK;
}

int tile_tileset_render(gis_ctx *ctx, gis_store *s, const char *name, int z, long x, long y,
                        unsigned char **out, size_t *len, gis_error *err)
{
    return tile_tileset_render_memo(ctx, s, NULL, name, z, x, y, out, len, err);
}

int tile_tileset_render_memo(gis_ctx *ctx, gis_store *s, tile_unit_memo *memo, const char *name,
                             int z, long x, long y, unsigned char **out, size_t *len,
                             gis_error *err)
{
    *out = NULL;
    *len = 0;
    const layer_def *defs[N_LAYER_DEFS];
    size_t n_defs = 0;
    if (!tile_math_is_valid(z, x, y) || z < TILE_MIN_ZOOM_SERVED || z > TILE_MAX_ZOOM_SERVED)
        return GIS_ERR(err, GIS_EINVAL, "tile %d/%ld/%ld is outside zoom %d-%d or its grid", z, x,
                       y, TILE_MIN_ZOOM_SERVED, TILE_MAX_ZOOM_SERVED);
    if (!tileset_layers(name, defs, &n_defs))
        return GIS_ERR(err, GIS_ENOTFOUND, "no tileset '%s'", name ? name : "(null)");
    gis_tile_frame frame = {.extent = TILE_EXTENT_DEFAULT, .buffer = TILE_BUFFER_PX};
    tile_math_bounds_mercator(z, x, y, frame.merc);
    double bbox[4];
    gis_tile_frame_lonlat_bbox(&frame, bbox);
    tile_mvt *t = NULL;
    bool began = false;
    int rc = tile_mvt_new(&t, err);
    int64_t version = 0;
    if (rc == GIS_OK)
        rc = gis_store_tiles_read_begin(s, &began, err);
    if (rc == GIS_OK && memo != NULL)
        rc = gis_store_tiles_data_version(s, &version, err);
    for (size_t i = 0; rc == GIS_OK && i < n_defs; i++) {
        if (z < defs[i]->minzoom)
            continue;
        render r = {.ctx = ctx,
                    .frame = &frame,
                    .def = defs[i],
                    .memo = memo,
                    .version = version,
                    .err = err};
        rc = tile_mvt_layer_add(t, defs[i]->name, TILE_EXTENT_DEFAULT, &r.layer, err);
        if (rc == GIS_OK)
            rc = render_layer(ctx, s, &r, z, bbox);
    }
    gis_store_tiles_read_end(s, began);
    if (rc == GIS_OK)
        rc = tile_mvt_encode(t, out, len, err);
    else
        gis_err_prefix(err, "tile %s/%d/%ld/%ld", name, z, x, y);
    tile_mvt_free(t);
    return rc;
}

/* Union of the extents of the tileset's layers (lon/lat); *found false when all are empty. */
static int tileset_bounds(gis_store *s, const layer_def **defs, size_t n, double out[4],
                          bool *found, gis_error *err)
{
    *found = false;
    for (size_t i = 0; i < n; i++) {
        if (defs[i]->store == NULL)
            continue;
        double b[4];
        bool has = false;
        int rc = gis_store_extent(s, defs[i]->store, b, &has, err);
        if (rc != GIS_OK)
            return rc;
        if (!has)
            continue;
        if (!*found) {
            memcpy(out, b, sizeof b);
            *found = true;
            continue;
        }
        out[0] = fmin(out[0], b[0]);
        out[1] = fmin(out[1], b[1]);
        out[2] = fmax(out[2], b[2]);
        out[3] = fmax(out[3], b[3]);
    }
    return GIS_OK;
}

static json_t *vector_layer(const layer_def *d)
{
    json_t *fields = json_object();
    for (size_t k = 0; d->fields[k][0] != NULL; k++)
        json_object_set_new(fields, d->fields[k][0], json_string(d->fields[k][1]));
    return json_pack("{s:s, s:o, s:i, s:i}", "id", d->name, "fields", fields, "minzoom", d->minzoom,
                     "maxzoom", TILE_MAX_ZOOM_SERVED);
}

/* Zoom at which the bounds span about one 256-pixel tile: the map's opening view. */
static int center_zoom(const double b[4])
{
    double span = fmax(b[2] - b[0], (b[3] - b[1]) * 1.2);
    int z = span > 0 ? (int)floor(log2(360.0 / span)) : 10;
    return z < 0 ? 0 : (z > 14 ? 14 : z);
}

static int attribution(gis_store *s, char *buf, size_t n, gis_error *err)
{
    char *review = NULL;
    int rc = gis_store_meta_get(s, "map_review_no", &review, err);
    if (rc != GIS_OK)
        return rc;
    /* DOMAIN.md MAP-02/03: a published map names its 审图号; without one it is internal. */
    if (review != NULL && review[0] != '\0')
        snprintf(buf, n, "jiewang 界网 · 审图号 %s", review);
    else
        snprintf(buf, n, "jiewang 界网 · 内部用图, 未经审核");
    free(review);
    return GIS_OK;
}

int tile_tileset_tilejson(gis_ctx *ctx, gis_store *s, const char *name, const char *base_url,
                          json_t **out, gis_error *err)
{
    (void)ctx;
    *out = NULL;
    const layer_def *defs[N_LAYER_DEFS];
    size_t n = 0;
    if (!tileset_layers(name, defs, &n))
        return GIS_ERR(err, GIS_ENOTFOUND, "no tileset '%s'", name ? name : "(null)");
    double b[4] = {-180.0, -GIS_TILE_MAX_LAT, 180.0, GIS_TILE_MAX_LAT};
    bool found = false;
    char attr[256];
    int rc = tileset_bounds(s, defs, n, b, &found, err);
    if (rc == GIS_OK)
        rc = attribution(s, attr, sizeof attr, err);
    if (rc != GIS_OK)
        return rc;
    size_t blen = base_url ? strlen(base_url) : 0;
    while (blen > 0 && base_url[blen - 1] == '/')
        blen--;
    char url[1024];
    snprintf(url, sizeof url, "%.*s/tiles/%s/{z}/{x}/{y}.mvt", (int)blen, base_url ? base_url : "",
             name);
    int minzoom = TILE_MAX_ZOOM_SERVED;
    json_t *layers = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(layers, vector_layer(defs[i]));
        minzoom = defs[i]->minzoom < minzoom ? defs[i]->minzoom : minzoom;
    }
    json_t *doc = json_pack(
        "{s:s, s:s, s:s, s:s, s:[s], s:o, s:i, s:i, s:[f,f,f,f], "
        "s:[f,f,i], s:s, s:s}",
        "tilejson", "3.0.0", "name", name, "scheme", "xyz", "format", "pbf", "tiles", url,
        "vector_layers", layers, "minzoom", minzoom, "maxzoom", TILE_MAX_ZOOM_SERVED, "bounds",
        b[0], b[1], b[2], b[3], "center", (b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0,
        found ? center_zoom(b) : minzoom, "attribution", attr, "version", "1.0.0");
    if (doc == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "cannot build TileJSON for '%s'", name);
    *out = doc;
    return GIS_OK;
}
