/*
 * This file implements the MVT 2.1 tile builder: geometry command encoding (MoveTo, LineTo,
 * ClosePath with zigzag-encoded deltas, spec section 4.3), per-layer key and value
 * dictionaries (values deduplicated through a small open-addressing hash) and packing with
 * the protobuf-c code generated from tiles/proto/vector_tile.proto.
 * It does not clip, simplify or validate geometries (gis/geom_tile.c does).
 */
#include "tiles/mvt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vector_tile.pb-c.h"

enum { CMD_MOVETO = 1, CMD_LINETO = 2, CMD_CLOSEPATH = 7 };
enum { VAL_STRING, VAL_INT, VAL_DOUBLE };

typedef struct u32vec {
    uint32_t *v;
    size_t n, cap;
} u32vec;

typedef struct feature {
    uint64_t id; /* 0: none */
    int type;    /* VECTOR_TILE__TILE__GEOM_TYPE__* */
    u32vec geom; /* command stream */
    u32vec tags; /* key index, value index pairs */
} feature;

typedef struct value {
    int kind;  /* VAL_* */
    char *s;   /* owned, VAL_STRING */
    int64_t i; /* VAL_INT */
    double d;  /* VAL_DOUBLE */
} value;

struct tile_mvt_layer {
    char *name;
    uint32_t extent;
    feature *f;
    size_t n_f, cap_f;
    bool last_open;    /* the last feature accepts properties */
    bool last_dropped; /* the last feature_add produced nothing: ignore its properties */
    char **keys;
    size_t n_keys, cap_keys;
    value *vals;
    size_t n_vals, cap_vals;
    uint32_t *slots; /* hash of vals: index + 1, 0 = empty; size n_slots (power of two) */
    size_t n_slots;
};

struct tile_mvt {
    tile_mvt_layer **layers;
    size_t n, cap;
};

/* Geometry encoding state for one feature: the command stream and the pen position, which
 * the spec carries across parts of a multi-geometry. */
typedef struct enc {
    u32vec *out;
    int type;    /* 0 until the first part fixes it */
    long cx, cy; /* cursor, tile pixels */
    long *pts;   /* scratch x,y pairs of the current part */
    size_t cap_pts;
    bool skip_poly; /* current polygon's shell degenerated: skip its holes */
    long *mp;       /* quantised points of a (multi)point, emitted as one MoveTo */
    size_t n_mp, cap_mp;
    int rc; /* GIS_ENOMEM on allocation failure */
} enc;

static int vec_push(u32vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 32;
        uint32_t *grown = realloc(v->v, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ENOMEM;
        v->v = grown;
        v->cap = cap;
    }
    v->v[v->n++] = x;
    return GIS_OK;
}

static uint32_t command(int id, size_t count)
{
    return (uint32_t)(id & 0x7) | (uint32_t)(count << 3);
}

static uint32_t zigzag(long n)
{
    int32_t v = (int32_t)n;
    return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31);
}

static long quantise(double v)
{
    /* Keep deltas inside int32 even for unclipped input. */
    if (!(v > -1e9))
        return -1000000000L;
    if (v > 1e9)
        return 1000000000L;
    return lround(v);
}

/* Rounds n coordinates into e->pts, dropping consecutive repeats. Returns the point count. */
static size_t quantise_part(enc *e, const double *xy, size_t n)
{
    if (e->cap_pts < n * 2) {
        long *grown = realloc(e->pts, n * 2 * sizeof *grown);
        if (grown == NULL) {
            e->rc = GIS_ENOMEM;
            return 0;
        }
        e->pts = grown;
        e->cap_pts = n * 2;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        long x = quantise(xy[2 * i]), y = quantise(xy[2 * i + 1]);
        if (k > 0 && e->pts[2 * k - 2] == x && e->pts[2 * k - 1] == y)
            continue;
        e->pts[2 * k] = x;
        e->pts[2 * k + 1] = y;
        k++;
    }
    return k;
}

/* Emits MoveTo to point 0 and LineTo through points 1..n-1 of e->pts (reversed when asked). */
static int emit_path(enc *e, size_t n, bool reverse)
{
    int rc = GIS_OK;
    for (size_t j = 0; j < n && rc == GIS_OK; j++) {
        size_t i = reverse ? n - 1 - j : j;
        if (j == 0)
            rc = vec_push(e->out, command(CMD_MOVETO, 1));
        else if (j == 1)
            rc = vec_push(e->out, command(CMD_LINETO, n - 1));
        long x = e->pts[2 * i], y = e->pts[2 * i + 1];
        if (rc == GIS_OK)
            rc = vec_push(e->out, zigzag(x - e->cx));
        if (rc == GIS_OK)
            rc = vec_push(e->out, zigzag(y - e->cy));
        e->cx = x;
        e->cy = y;
    }
    return rc;
}

static bool accept_type(enc *e, int type)
{
    if (e->type == 0)
        e->type = type;
    return e->type == type;
}

static int on_point(void *user, double x, double y)
{
    enc *e = user;
    if (!accept_type(e, VECTOR_TILE__TILE__GEOM_TYPE__POINT))
        return 0;
    /* Spec 4.3.4.2: a multipoint is one MoveTo with a count, so points are gathered first. */
    if (e->n_mp == e->cap_mp) {
        size_t cap = e->cap_mp ? e->cap_mp * 2 : 8;
        long *grown = realloc(e->mp, cap * 2 * sizeof *grown);
        if (grown == NULL)
            return e->rc = GIS_ENOMEM;
        e->mp = grown;
        e->cap_mp = cap;
    }
    e->mp[2 * e->n_mp] = quantise(x);
    e->mp[2 * e->n_mp + 1] = quantise(y);
    e->n_mp++;
    return 0;
}

static int emit_points(enc *e)
{
    if (e->n_mp == 0)
        return GIS_OK;
    int rc = vec_push(e->out, command(CMD_MOVETO, e->n_mp));
    for (size_t i = 0; i < e->n_mp && rc == GIS_OK; i++) {
        rc = vec_push(e->out, zigzag(e->mp[2 * i] - e->cx));
        if (rc == GIS_OK)
            rc = vec_push(e->out, zigzag(e->mp[2 * i + 1] - e->cy));
        e->cx = e->mp[2 * i];
        e->cy = e->mp[2 * i + 1];
    }
    return rc;
}

static int on_line(void *user, const double *xy, size_t n)
{
    enc *e = user;
    if (!accept_type(e, VECTOR_TILE__TILE__GEOM_TYPE__LINESTRING))
        return 0;
    size_t k = quantise_part(e, xy, n);
    if (e->rc != GIS_OK)
        return e->rc;
    if (k < 2)
        return 0; /* collapsed to a point at this zoom */
    return emit_path(e, k, false);
}

static int on_polygon(void *user, size_t n_rings)
{
    enc *e = user;
    (void)n_rings;
    if (!accept_type(e, VECTOR_TILE__TILE__GEOM_TYPE__POLYGON))
        return 0;
    e->skip_poly = false;
    return 0;
}

/* Twice the signed area of e->pts by the surveyor's formula, tile coordinates (y down). */
static double ring_area2(const enc *e, size_t n)
{
    double a = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        a += (double)e->pts[2 * i] * (double)e->pts[2 * j + 1] -
             (double)e->pts[2 * j] * (double)e->pts[2 * i + 1];
    }
    return a;
}

static int on_ring(void *user, size_t ring_index, const double *xy, size_t n)
{
    enc *e = user;
    if (e->type != VECTOR_TILE__TILE__GEOM_TYPE__POLYGON || (ring_index > 0 && e->skip_poly))
        return 0;
    size_t k = quantise_part(e, xy, n);
    if (e->rc != GIS_OK)
        return e->rc;
    if (k > 1 && e->pts[0] == e->pts[2 * k - 2] && e->pts[1] == e->pts[2 * k - 1])
        k--; /* ClosePath closes the ring; the repeated first point is not written */
    double a2 = k >= 3 ? ring_area2(e, k) : 0.0;
    if (a2 == 0.0) {
        if (ring_index == 0)
            e->skip_poly = true;
        return 0;
    }
    /* Spec 2.1 section 4.3.4.4: exterior rings have positive area in tile coordinates. */
    bool reverse = ring_index == 0 ? a2 < 0 : a2 > 0;
    int rc = emit_path(e, k, reverse);
    if (rc == GIS_OK)
        rc = vec_push(e->out, command(CMD_CLOSEPATH, 1));
    return rc;
}

int tile_mvt_new(tile_mvt **out, gis_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory creating a tile");
    return GIS_OK;
}

static void layer_free(tile_mvt_layer *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n_f; i++) {
        free(l->f[i].geom.v);
        free(l->f[i].tags.v);
    }
    for (size_t i = 0; i < l->n_keys; i++)
        free(l->keys[i]);
    for (size_t i = 0; i < l->n_vals; i++)
        free(l->vals[i].s);
    free(l->f);
    free(l->keys);
    free(l->vals);
    free(l->slots);
    free(l->name);
    free(l);
}

void tile_mvt_free(tile_mvt *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++)
        layer_free(t->layers[i]);
    free(t->layers);
    free(t);
}

int tile_mvt_layer_add(tile_mvt *t, const char *name, uint32_t extent, tile_mvt_layer **out,
                       gis_error *err)
{
    *out = NULL;
    if (name == NULL || name[0] == '\0' || extent == 0)
        return GIS_ERR(err, GIS_EINVAL, "MVT layer needs a name and a non-zero extent");
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->layers[i]->name, name) == 0)
            return GIS_ERR(err, GIS_EINVAL, "duplicate MVT layer '%s'", name);
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        tile_mvt_layer **grown = realloc(t->layers, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory adding layer '%s'", name);
        t->layers = grown;
        t->cap = cap;
    }
    tile_mvt_layer *l = calloc(1, sizeof *l);
    if (l == NULL || (l->name = strdup(name)) == NULL) {
        free(l);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory adding layer '%s'", name);
    }
    l->extent = extent;
    t->layers[t->n++] = l;
    *out = l;
    return GIS_OK;
}

size_t tile_mvt_layer_feature_count(const tile_mvt_layer *l)
{
    return l->n_f;
}

int tile_mvt_feature_add(gis_ctx *ctx, tile_mvt_layer *l, uint64_t id, const gis_geom *g,
                         bool *added, gis_error *err)
{
    *added = false;
    l->last_open = false;
    l->last_dropped = false;
    if (l->n_f == l->cap_f) {
        size_t cap = l->cap_f ? l->cap_f * 2 : 16;
        feature *grown = realloc(l->f, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory in layer '%s'", l->name);
        l->f = grown;
        l->cap_f = cap;
    }
    feature *f = &l->f[l->n_f];
    memset(f, 0, sizeof *f);
    enc e = {.out = &f->geom};
    gis_geom_visitor v = {
        .point = on_point, .line = on_line, .polygon_begin = on_polygon, .ring = on_ring};
    int rc = gis_geom_walk(ctx, g, &v, &e, err);
    if (rc == GIS_OK && e.rc == GIS_OK)
        rc = emit_points(&e);
    free(e.pts);
    free(e.mp);
    if (rc == GIS_OK && e.rc != GIS_OK)
        rc = e.rc;
    if (rc != GIS_OK || f->geom.n == 0) {
        free(f->geom.v);
        l->last_dropped = rc == GIS_OK;
        if (rc == GIS_ENOMEM)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory encoding a feature of '%s'", l->name);
        return rc == GIS_OK ? GIS_OK : gis_err_prefix(err, "layer %s", l->name);
    }
    f->id = id;
    f->type = e.type;
    l->n_f++;
    l->last_open = true;
    *added = true;
    return GIS_OK;
}

int tile_mvt_feature_add_point(tile_mvt_layer *l, uint64_t id, double x, double y, gis_error *err)
{
    l->last_open = false;
    l->last_dropped = false;
    if (l->n_f == l->cap_f) {
        size_t cap = l->cap_f ? l->cap_f * 2 : 16;
        feature *grown = realloc(l->f, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory in layer '%s'", l->name);
        l->f = grown;
        l->cap_f = cap;
    }
    feature *f = &l->f[l->n_f];
    memset(f, 0, sizeof *f);
    if (vec_push(&f->geom, command(CMD_MOVETO, 1)) != GIS_OK ||
        vec_push(&f->geom, zigzag(quantise(x))) != GIS_OK ||
        vec_push(&f->geom, zigzag(quantise(y))) != GIS_OK) {
        free(f->geom.v);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory in layer '%s'", l->name);
    }
    f->id = id;
    f->type = VECTOR_TILE__TILE__GEOM_TYPE__POINT;
    l->n_f++;
    l->last_open = true;
    return GIS_OK;
}

static uint64_t value_hash(const value *v)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)v->kind;
    const unsigned char *p;
    size_t n;
    if (v->kind == VAL_STRING) {
        p = (const unsigned char *)v->s;
        n = strlen(v->s);
    } else if (v->kind == VAL_INT) {
        p = (const unsigned char *)&v->i;
        n = sizeof v->i;
    } else {
        p = (const unsigned char *)&v->d;
        n = sizeof v->d;
    }
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static bool value_eq(const value *a, const value *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == VAL_STRING)
        return strcmp(a->s, b->s) == 0;
    if (a->kind == VAL_INT)
        return a->i == b->i;
    return memcmp(&a->d, &b->d, sizeof a->d) == 0;
}

static int slots_grow(tile_mvt_layer *l)
{
    size_t n = l->n_slots ? l->n_slots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (slots == NULL)
        return GIS_ENOMEM;
    for (size_t i = 0; i < l->n_vals; i++) {
        size_t s = (size_t)value_hash(&l->vals[i]) & (n - 1);
        while (slots[s] != 0)
            s = (s + 1) & (n - 1);
        slots[s] = (uint32_t)(i + 1);
    }
    free(l->slots);
    l->slots = slots;
    l->n_slots = n;
    return GIS_OK;
}

/* Returns the index of v in the layer's value table, adding a copy when new. */
static int value_index(tile_mvt_layer *l, const value *v, uint32_t *idx)
{
    if ((l->n_vals + 1) * 2 > l->n_slots && slots_grow(l) != GIS_OK)
        return GIS_ENOMEM;
    size_t s = (size_t)value_hash(v) & (l->n_slots - 1);
    while (l->slots[s] != 0) {
        if (value_eq(&l->vals[l->slots[s] - 1], v)) {
            *idx = l->slots[s] - 1;
            return GIS_OK;
        }
        s = (s + 1) & (l->n_slots - 1);
    }
    if (l->n_vals == l->cap_vals) {
        size_t cap = l->cap_vals ? l->cap_vals * 2 : 32;
        value *grown = realloc(l->vals, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ENOMEM;
        l->vals = grown;
        l->cap_vals = cap;
    }
    value copy = *v;
    if (v->kind == VAL_STRING && (copy.s = strdup(v->s)) == NULL)
        return GIS_ENOMEM;
    l->vals[l->n_vals] = copy;
    l->slots[s] = (uint32_t)(l->n_vals + 1);
    *idx = (uint32_t)l->n_vals++;
    return GIS_OK;
}

static int key_index(tile_mvt_layer *l, const char *key, uint32_t *idx)
{
    for (size_t i = 0; i < l->n_keys; i++) {
        if (strcmp(l->keys[i], key) == 0) {
            *idx = (uint32_t)i;
            return GIS_OK;
        }
    }
    if (l->n_keys == l->cap_keys) {
        size_t cap = l->cap_keys ? l->cap_keys * 2 : 16;
        char **grown = realloc(l->keys, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ENOMEM;
        l->keys = grown;
        l->cap_keys = cap;
    }
    if ((l->keys[l->n_keys] = strdup(key)) == NULL)
        return GIS_ENOMEM;
    *idx = (uint32_t)l->n_keys++;
    return GIS_OK;
}

static int prop_add(tile_mvt_layer *l, const char *key, const value *v, gis_error *err)
{
    if (key == NULL || key[0] == '\0')
        return GIS_ERR(err, GIS_EINVAL, "empty property key in layer '%s'", l->name);
    if (l->last_dropped)
        return GIS_OK; /* the feature vanished in quantisation; so do its properties */
    if (!l->last_open)
        return GIS_ERR(err, GIS_EINVAL, "property '%s' without a feature in layer '%s'", key,
                       l->name);
    feature *f = &l->f[l->n_f - 1];
    uint32_t ki = 0, vi = 0;
    if (key_index(l, key, &ki) != GIS_OK || value_index(l, v, &vi) != GIS_OK ||
        vec_push(&f->tags, ki) != GIS_OK || vec_push(&f->tags, vi) != GIS_OK)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory adding '%s' in layer '%s'", key, l->name);
    return GIS_OK;
}

int tile_mvt_prop_string(tile_mvt_layer *l, const char *key, const char *value_s, gis_error *err)
{
    if (value_s == NULL)
        return GIS_OK;
    value v = {.kind = VAL_STRING, .s = (char *)value_s};
    return prop_add(l, key, &v, err);
}

int tile_mvt_prop_int(tile_mvt_layer *l, const char *key, int64_t value_i, gis_error *err)
{
    value v = {.kind = VAL_INT, .i = value_i};
    return prop_add(l, key, &v, err);
}

int tile_mvt_prop_double(tile_mvt_layer *l, const char *key, double value_d, gis_error *err)
{
    if (!isfinite(value_d))
        return GIS_OK;
    value v = {.kind = VAL_DOUBLE, .d = value_d};
    return prop_add(l, key, &v, err);
}

/* protobuf-c views of one layer; they borrow the layer's arrays. */
typedef struct layer_view {
    VectorTile__Tile__Layer layer;
    VectorTile__Tile__Feature *features;
    VectorTile__Tile__Feature **feature_ptrs;
    VectorTile__Tile__Value *values;
    VectorTile__Tile__Value **value_ptrs;
} layer_view;

static void view_free(layer_view *v)
{
    free(v->features);
    free(v->feature_ptrs);
    free(v->values);
    free(v->value_ptrs);
}

static int view_build(tile_mvt_layer *l, layer_view *v)
{
    memset(v, 0, sizeof *v);
    vector_tile__tile__layer__init(&v->layer);
    v->features = calloc(l->n_f, sizeof *v->features);
    v->feature_ptrs = calloc(l->n_f, sizeof *v->feature_ptrs);
    v->values = calloc(l->n_vals + 1, sizeof *v->values);
    v->value_ptrs = calloc(l->n_vals + 1, sizeof *v->value_ptrs);
    if (!v->features || !v->feature_ptrs || !v->values || !v->value_ptrs)
        return GIS_ENOMEM;
    for (size_t i = 0; i < l->n_f; i++) {
        VectorTile__Tile__Feature *f = &v->features[i];
        vector_tile__tile__feature__init(f);
        f->has_id = l->f[i].id != 0;
        f->id = l->f[i].id;
        f->has_type = 1;
        f->type = (VectorTile__Tile__GeomType)l->f[i].type;
        f->n_geometry = l->f[i].geom.n;
        f->geometry = l->f[i].geom.v;
        f->n_tags = l->f[i].tags.n;
        f->tags = l->f[i].tags.v;
        v->feature_ptrs[i] = f;
    }
    for (size_t i = 0; i < l->n_vals; i++) {
        VectorTile__Tile__Value *val = &v->values[i];
        vector_tile__tile__value__init(val);
        if (l->vals[i].kind == VAL_STRING) {
            val->string_value = l->vals[i].s;
        } else if (l->vals[i].kind == VAL_INT) {
            val->has_int_value = 1;
            val->int_value = l->vals[i].i;
        } else {
            val->has_double_value = 1;
            val->double_value = l->vals[i].d;
        }
        v->value_ptrs[i] = val;
    }
    v->layer.version = 2;
    v->layer.name = l->name;
    v->layer.has_extent = 1;
    v->layer.extent = l->extent;
    v->layer.n_features = l->n_f;
    v->layer.features = v->feature_ptrs;
    v->layer.n_keys = l->n_keys;
    v->layer.keys = l->keys;
    v->layer.n_values = l->n_vals;
    v->layer.values = v->value_ptrs;
    return GIS_OK;
}

int tile_mvt_encode(tile_mvt *t, unsigned char **out, size_t *len, gis_error *err)
{
    *out = NULL;
    *len = 0;
    int rc = GIS_OK;
    layer_view *views = calloc(t->n + 1, sizeof *views);
    VectorTile__Tile__Layer **ptrs = calloc(t->n + 1, sizeof *ptrs);
    VectorTile__Tile tile = VECTOR_TILE__TILE__INIT;
    size_t n_used = 0;
    if (views == NULL || ptrs == NULL) {
        rc = GIS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < t->n; i++) {
        if (t->layers[i]->n_f == 0)
            continue;
        layer_view *v = &views[n_used];
        if ((rc = view_build(t->layers[i], v)) != GIS_OK) {
            view_free(v);
            goto done;
        }
        ptrs[n_used++] = &v->layer;
    }
    tile.n_layers = n_used;
    tile.layers = ptrs;
    size_t n = vector_tile__tile__get_packed_size(&tile);
    unsigned char *buf = malloc(n ? n : 1);
    if (buf == NULL) {
        rc = GIS_ENOMEM;
        goto done;
    }
    *len = vector_tile__tile__pack(&tile, buf);
    *out = buf;
done:
    for (size_t i = 0; i < n_used; i++)
        view_free(&views[i]);
    free(views);
    free(ptrs);
    if (rc != GIS_OK)
        return GIS_ERR(err, rc, "out of memory packing a tile");
    return GIS_OK;
}
