/*
 * Fuzzes the vector tile pipeline (gis/geom_tile.h then tiles/mvt.h) with degenerate
 * geometries. Byte 0 picks the mode:
 *   even: the rest is WKB, encoded as given (pixel space) and, after gis_geom_tile_prepare, in
 *         the tile picked by bytes 1..3 (z/x/y around the demo county or anywhere);
 *   odd:  the rest is a generator: a vertex count (up to 2^20, so large rings), a geometry
 *         type, and doubles used cyclically as coordinates (huge, NaN, repeated, collapsed).
 * Checks that encoding succeeds or fails with a code and message, and that an encoded tile
 * is non-empty exactly when a feature was added.
 */
#include <math.h>
#include <stdint.h>

#include "gis/ctx.h"
#include "gis/geom.h"
#include "gis/geom_tile.h"
#include "tiles/mvt.h"
#include "tiles/tilemath.h"
#include "tests/fuzz/fuzz_input.h"

static gis_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gis_error err = {0};
    if (gis_ctx_new(&ctx, &err) != GIS_OK)
        abort();
    return 0;
}

typedef struct wkb_buf {
    unsigned char *p;
    size_t len, cap;
} wkb_buf;

static void put(wkb_buf *b, const void *v, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->len, v, n);
    b->len += n;
}

static void put_u32(wkb_buf *b, uint32_t v)
{
    put(b, &v, 4);
}

/* Little-endian WKB of a linestring, polygon (one ring, closed) or multipoint with n vertices
 * taken cyclically from the doubles in src. */
static void generate(const uint8_t *src, size_t len, uint32_t n, int type, wkb_buf *b)
{
    size_t nd = len / sizeof(double);
    double xy[2];
    unsigned char le = 1;
    put(b, &le, 1);
    put_u32(b, (uint32_t)type);
    if (type == GIS_GEOM_POLYGON)
        put_u32(b, 1);
    if (type != GIS_GEOM_MULTIPOINT)
        put_u32(b, n + (type == GIS_GEOM_POLYGON));
    else
        put_u32(b, n);
    double first[2] = {0, 0};
    for (uint32_t i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            if (nd)
                memcpy(&xy[k], src + ((2 * (size_t)i + k) % nd) * sizeof(double), sizeof(double));
            else
                xy[k] = (double)(i * (k + 1));
            /* A slow drift keeps long rings from being all-repeated points. */
            if (i >= nd && isfinite(xy[k]))
                xy[k] += (double)i * 1e-3;
        }
        if (i == 0)
            memcpy(first, xy, sizeof first);
        if (type == GIS_GEOM_MULTIPOINT) {
            put(b, &le, 1);
            put_u32(b, GIS_GEOM_POINT);
        }
        put(b, xy, sizeof xy);
    }
    if (type == GIS_GEOM_POLYGON)
        put(b, first, sizeof first);
}

static void encode(gis_geom *g, const gis_geom *tiled)
{
    tile_mvt *t = NULL;
    tile_mvt_layer *raw = NULL, *layer = NULL;
    gis_error err = {0};
    bool added = false, any = false;
    if (tile_mvt_new(&t, &err) != GIS_OK)
        abort();
    if (tile_mvt_layer_add(t, "raw", TILE_EXTENT_DEFAULT, &raw, &err) != GIS_OK ||
        tile_mvt_layer_add(t, "tiled", TILE_EXTENT_DEFAULT, &layer, &err) != GIS_OK)
        abort();
    int rc = tile_mvt_feature_add(ctx, raw, 1, g, &added, &err);
    if (rc != GIS_OK && err.msg[0] == '\0')
        __builtin_trap();
    any |= rc == GIS_OK && added;
    if (rc == GIS_OK && added)
        tile_mvt_prop_string(raw, "name", "村", &err);
    if (tiled) {
        added = false;
        rc = tile_mvt_feature_add(ctx, layer, 2, tiled, &added, &err);
        any |= rc == GIS_OK && added;
    }
    unsigned char *out = NULL;
    size_t len = 0;
    if (tile_mvt_encode(t, &out, &len, &err) == GIS_OK) {
        if (out == NULL || (any && len == 0))
            __builtin_trap();
        free(out);
    }
    tile_mvt_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    gis_error err = {0};
    gis_geom *g = NULL;
    wkb_buf b = {0};
    uint32_t n = 0;
    if (data[0] & 1) {
        uint16_t n16;
        memcpy(&n16, data + 4, 2);
        /* Up to 65,535 vertices, or up to about a million with bit 6 of byte 1. */
        n = data[1] & 0x40 ? (uint32_t)n16 << 4 : n16;
        int types[] = {GIS_GEOM_LINESTRING, GIS_GEOM_POLYGON, GIS_GEOM_MULTIPOINT};
        generate(data + 8, size - 8, n, types[data[1] % 3], &b);
        (void)gis_geom_from_wkb(ctx, b.p, b.len, &g, &err);
    } else {
        (void)gis_geom_from_wkb(ctx, data + 4, size - 4, &g, &err);
    }
    free(b.p);
    if (!g)
        return 0;
    /* A tile over 谷城县 at zooms 5..20, or any tile of zoom 0..15. */
    int z;
    long x, y;
    if (data[1] & 0x80) {
        z = 5 + data[2] % 16;
        tile_math_tile_for_lonlat(z, 111.4 + data[3] / 512.0, 32.2, &x, &y);
    } else {
        z = data[2] % 16;
        long side = 1L << z;
        x = (long)(data[3] * 131u) % side;
        y = (long)(data[3] * 71u + data[2]) % side;
    }
    gis_tile_frame f = {.extent = TILE_EXTENT_DEFAULT, .buffer = 64};
    tile_math_bounds_mercator(z, x, y, f.merc);
    gis_geom *tiled = NULL;
    /* Finding R8 (README.md, Reliability and security): GEOS's clip by rectangle is quadratic
     * in the number of times a ring crosses the tile edge (regressions/mvt/
     * clip_855k_vertex_zigzag took more than 30 s). gis_geom_tile_prepare now bounds its work
     * (gis/geom_tile_budget.h), so every generated ring, up to about a million vertices, is
     * prepared; a refusal (too self-intersecting to repair) is an error with a message. */
    int rc = gis_geom_tile_prepare(ctx, g, &f, &tiled, &err);
    if (rc != GIS_OK && err.msg[0] == '\0')
        __builtin_trap();
    encode(g, tiled);
    double area = 0;
    (void)gis_geom_tile_area_m2(ctx, g, &area, &err);
    gis_geom_free(ctx, tiled);
    gis_geom_free(ctx, g);
    return 0;
}
