/*
 * This file implements GeoJSON documents: a bounds-checked WKB reader writing GeoJSON geometry
 * objects (jansson), coordinate rounding and CRS output (CRS84, EPSG:4490 latitude-first,
 * EPSG:3857 through gis/crs.h), Features, FeatureCollections and compact serialisation.
 * It reads WKB itself rather than through GEOS because the store already holds valid geometry
 * and a page of 10,000 features should not build GEOS objects.
 */
#include "tiles/geojson.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8

typedef struct wkb_reader {
    const unsigned char *p; /* next byte */
    size_t left;            /* bytes left */
    gis_ctx *ctx;
    const tile_geojson_opts *o;
    double scale; /* 10^decimals */
    gis_error *err;
} wkb_reader;

static int rd_u8(wkb_reader *r, unsigned *out)
{
    if (r->left < 1)
        return GIS_ERR(r->err, GIS_EGEOM, "truncated WKB");
    *out = r->p[0];
    r->p++;
    r->left--;
    return GIS_OK;
}

static int rd_u32(wkb_reader *r, bool le, uint32_t *out)
{
    if (r->left < 4)
        return GIS_ERR(r->err, GIS_EGEOM, "truncated WKB");
    const unsigned char *b = r->p;
    *out = le ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
              : (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
    r->p += 4;
    r->left -= 4;
    return GIS_OK;
}

static double rd_f64_at(const unsigned char *b, bool le)
{
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u |= (uint64_t)b[le ? i : 7 - i] << (8 * i);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static double round_to(double v, double scale)
{
    double r = round(v * scale) / scale;
    return r == 0.0 ? 0.0 : r; /* no "-0.0" in documents */
}

/* Reads n points of dims doubles each and returns a JSON array of [x, y] positions. */
static int rd_points(wkb_reader *r, bool le, uint32_t n, int dims, json_t **out)
{
    size_t stride = (size_t)dims * 8;
    if (n > r->left / stride)
        return GIS_ERR(r->err, GIS_EGEOM, "truncated WKB (%u points)", n);
    double *xy = malloc(((size_t)n ? n : 1) * 2 * sizeof *xy);
    json_t *arr = json_array();
    int rc = GIS_OK;
    if (xy == NULL || arr == NULL) {
        rc = GIS_ERR(r->err, GIS_ENOMEM, "out of memory writing GeoJSON");
        goto done;
    }
    for (uint32_t i = 0; i < n; i++) {
        xy[2 * i] = rd_f64_at(r->p + i * stride, le);
        xy[2 * i + 1] = rd_f64_at(r->p + i * stride + 8, le);
    }
    r->p += n * stride;
    r->left -= n * stride;
    if (r->o->crs == TILE_GEOJSON_EPSG3857) {
        if (r->o->to_3857 == NULL) {
            rc = GIS_ERR(r->err, GIS_ECRS, "no transform to EPSG:3857");
            goto done;
        }
        if ((rc = gis_crs_transform_xy(r->ctx, r->o->to_3857, xy, n, r->err)) != GIS_OK)
            goto done;
    }
    bool swap = r->o->crs == TILE_GEOJSON_EPSG4490;
    for (uint32_t i = 0; i < n; i++) {
        double a = round_to(xy[2 * i + (swap ? 1 : 0)], r->scale);
        double b = round_to(xy[2 * i + (swap ? 0 : 1)], r->scale);
        /* Empty points are written in WKB as NaN coordinates; JSON has no NaN. */
        if (!isfinite(a) || !isfinite(b))
            continue;
        /* json_pack would parse a format string per position; pages hold many thousands. */
        json_t *pos = json_array();
        if (pos == NULL || json_array_append_new(pos, json_real(a)) != 0 ||
            json_array_append_new(pos, json_real(b)) != 0) {
            json_decref(pos);
            rc = GIS_ERR(r->err, GIS_ENOMEM, "out of memory writing GeoJSON");
            goto done;
        }
        if (json_array_append_new(arr, pos) != 0) { /* jansson frees pos on failure */
            rc = GIS_ERR(r->err, GIS_ENOMEM, "out of memory writing GeoJSON");
            goto done;
        }
    }
done:
    free(xy);
    if (rc != GIS_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return GIS_OK;
}

static int rd_geometry(wkb_reader *r, int depth, json_t **out);

static const char *const TYPE_NAMES[] = {
    NULL,         "Point",           "LineString",   "Polygon",
    "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"};

/* Reads the body of a geometry of base type t (1..7) into coordinates or geometries. */
static int rd_body(wkb_reader *r, bool le, uint32_t t, int dims, int depth, json_t **out)
{
    uint32_t n = 0;
    int rc;
    if (t == 1) {
        json_t *pts = NULL;
        if ((rc = rd_points(r, le, 1, dims, &pts)) != GIS_OK)
            return rc;
        /* An empty point (NaN coordinates) is [] in GeoJSON. */
        json_t *p = json_array_size(pts) ? json_incref(json_array_get(pts, 0)) : json_array();
        json_decref(pts);
        *out = p;
        return GIS_OK;
    }
    if ((rc = rd_u32(r, le, &n)) != GIS_OK)
        return rc;
    if (t == 2)
        return rd_points(r, le, n, dims, out);
    if (n > r->left / 4)
        return GIS_ERR(r->err, GIS_EGEOM, "truncated WKB (%u parts)", n);
    json_t *arr = json_array();
    if (arr == NULL)
        return GIS_ERR(r->err, GIS_ENOMEM, "out of memory writing GeoJSON");
    for (uint32_t i = 0; i < n; i++) {
        json_t *part = NULL;
        uint32_t rn = 0;
        if (t == 3) {
            rc = rd_u32(r, le, &rn);
            if (rc == GIS_OK)
                rc = rd_points(r, le, rn, dims, &part);
        } else if (t == 7) {
            rc = rd_geometry(r, depth + 1, &part);
        } else {
            /* Parts of multi geometries are full WKB geometries of the single type. */
            json_t *g = NULL;
            rc = rd_geometry(r, depth + 1, &g);
            if (rc == GIS_OK) {
                const char *want = TYPE_NAMES[t - 3];
                if (strcmp(json_string_value(json_object_get(g, "type")), want) != 0)
                    rc = GIS_ERR(r->err, GIS_EGEOM, "WKB %s holds a foreign part", TYPE_NAMES[t]);
                else
                    part = json_incref(json_object_get(g, "coordinates"));
            }
            json_decref(g);
        }
        if (rc != GIS_OK) {
            json_decref(arr);
            return rc;
        }
        json_array_append_new(arr, part);
    }
    *out = arr;
    return GIS_OK;
}

static int rd_geometry(wkb_reader *r, int depth, json_t **out)
{
    if (depth > MAX_DEPTH)
        return GIS_ERR(r->err, GIS_EGEOM, "WKB nested too deeply");
    unsigned order = 0;
    uint32_t code = 0;
    int rc = rd_u8(r, &order);
    if (rc == GIS_OK && order > 1)
        rc = GIS_ERR(r->err, GIS_EGEOM, "bad WKB byte order %u", order);
    if (rc == GIS_OK)
        rc = rd_u32(r, order == 1, &code);
    if (rc != GIS_OK)
        return rc;
    /* ISO WKB: 1000 Z, 2000 M, 3000 ZM; EWKB flags in the high bits. */
    bool ez = (code & 0x80000000u) != 0, em = (code & 0x40000000u) != 0;
    if (code & 0x20000000u)
        return GIS_ERR(r->err, GIS_EGEOM, "EWKB with SRID is not supported");
    code &= 0x0fffffffu;
    uint32_t t = code % 1000, iso = code / 1000;
    if (t < 1 || t > 7 || iso > 3)
        return GIS_ERR(r->err, GIS_EGEOM, "unknown WKB geometry type %u", code);
    int dims = 2 + ((iso == 1 || iso == 3 || ez) ? 1 : 0) + ((iso == 2 || iso == 3 || em) ? 1 : 0);
    json_t *body = NULL;
    if ((rc = rd_body(r, order == 1, t, dims, depth, &body)) != GIS_OK)
        return rc;
    json_t *g =
        json_pack("{s:s,s:o}", "type", TYPE_NAMES[t], t == 7 ? "geometries" : "coordinates", body);
    if (g == NULL)
        return GIS_ERR(r->err, GIS_ENOMEM, "out of memory writing GeoJSON");
    *out = g;
    return GIS_OK;
}

int tile_geojson_geometry_from_wkb(gis_ctx *ctx, const unsigned char *wkb, size_t len,
                                   const tile_geojson_opts *o, json_t **out, gis_error *err)
{
    *out = NULL;
    int decimals = o->decimals;
    if (decimals < 0)
        decimals = o->crs == TILE_GEOJSON_EPSG3857 ? 2 : 7;
    if (decimals > 12)
        decimals = 12;
    wkb_reader r = {wkb, len, ctx, o, pow(10.0, decimals), err};
    if (wkb == NULL || len == 0)
        return GIS_ERR(err, GIS_EGEOM, "empty WKB");
    return rd_geometry(&r, 0, out);
}

json_t *tile_geojson_feature(int64_t id, json_t *geometry, json_t *props)
{
    json_t *f = json_object();
    if (f == NULL) {
        json_decref(geometry);
        return NULL;
    }
    json_object_set_new(f, "type", json_string("Feature"));
    json_object_set_new(f, "id", json_integer((json_int_t)id));
    json_object_set_new(f, "geometry", geometry ? geometry : json_null());
    if (props != NULL)
        json_object_set(f, "properties", props);
    else
        json_object_set_new(f, "properties", json_object());
    return f;
}

json_t *tile_geojson_collection_new(void)
{
    return json_pack("{s:s,s:[]}", "type", "FeatureCollection", "features");
}

int tile_geojson_dump(const json_t *doc, char **out, size_t *len, gis_error *err)
{
    *out = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(TILE_GEOJSON_REAL_PRECISION));
    if (*out == NULL) {
        *len = 0;
        return GIS_ERR(err, GIS_ENOMEM, "out of memory serialising GeoJSON");
    }
    *len = strlen(*out);
    return GIS_OK;
}
