/*
 * This file implements the vector tile endpoints: /tiles/{name}/{z}/{x}/{y}.mvt through the
 * tiles library (tiles/tileset.h) and its LRU cache (tiles/cache.h), and /tiles/{name}.json
 * (TileJSON 3.0.0). Tiles are cached per data_version in two variants, plain and gzip (the
 * cache key "name+gz"), and sent from the cache without copying. The ETag names the data
 * version and tile, so revalidation costs no rendering. Restricted tilesets need a token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gis/store_reader.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/params.h"
#include "server/reply.h"
#include "tiles/tileset.h"

#define NAME_MAX_LEN 32

static void release_blob(void *ref)
{
    tile_cache_blob_release(ref);
}

/* Checks the tileset name and access; replies and returns false on failure. */
static bool check_tileset(srv_req *req, const char *name, bool *restricted_out)
{
    bool restricted = false;
    if (strlen(name) > NAME_MAX_LEN || !tile_tileset_exists(name, &restricted)) {
        srv_reply_error(req, GIS_ENOTFOUND, "no tileset '%.32s'", name);
        return false;
    }
    if (restricted) {
        bool given = false;
        if (!srv_auth_check(req, &given)) {
            srv_reply_auth_error(req, given);
            return false;
        }
    }
    *restricted_out = restricted;
    return true;
}

static bool wants_gzip(const char *ae)
{
    /* Tiles are offered as gzip when asked at all; q-values are honoured by reply.c for
     * other bodies, and a client refusing gzip does not list it. */
    return ae != NULL && strstr(ae, "gzip") != NULL && strstr(ae, "gzip;q=0") == NULL;
}

static int gzip_bytes(const unsigned char *in, size_t len, unsigned char **out, size_t *out_len,
                      gis_error *err)
{
    z_stream zs = {0};
    *out = NULL;
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return GIS_ERR(err, GIS_ENOMEM, "zlib initialisation failed");
    uLong cap = deflateBound(&zs, (uLong)len) + 32;
    unsigned char *buf = malloc(cap);
    int rc = GIS_OK;
    if (buf == NULL) {
        rc = GIS_ERR(err, GIS_ENOMEM, "out of memory compressing a tile");
    } else {
        zs.next_in = (Bytef *)in;
        zs.avail_in = (uInt)len;
        zs.next_out = buf;
        zs.avail_out = (uInt)cap;
        if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
            free(buf);
            buf = NULL;
            rc = GIS_ERR(err, GIS_ENOMEM, "zlib failed compressing a tile");
        }
    }
    *out = buf;
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return rc;
}

/* Renders a missing tile and caches it under both variants (plain under `name`, gzip under
 * "name+gz"), so the other encoding is a hit later; *out receives the one asked for. */
static int render(srv_req *req, const char *name, bool gz, int z, long x, long y, int64_t version,
                  tile_cache_blob **out, gis_error *err)
{
    srv_worker *w = srv_req_worker(req);
    unsigned char *raw = NULL, *packed = NULL;
    size_t len = 0, packed_len = 0;
    char gz_key[NAME_MAX_LEN + 8];
    snprintf(gz_key, sizeof gz_key, "%s+gz", name);
    tile_cache_blob *plain = NULL, *zipped = NULL;
    int rc = tile_tileset_render_memo(w->ctx, w->store, req->app->units, name, z, x, y, &raw, &len, err);
    if (rc == GIS_OK && len > 0)
        rc = gzip_bytes(raw, len, &packed, &packed_len, err);
    if (rc == GIS_OK)
        rc = tile_cache_put(req->app->tiles, name, z, x, y, version, raw, len, &plain, err);
    if (rc == GIS_OK)
        rc = tile_cache_put(req->app->tiles, gz_key, z, x, y, version, packed ? packed : raw,
                            packed ? packed_len : len, &zipped, err);
    free(raw);
    free(packed);
    *out = gz ? zipped : plain;
    tile_cache_blob_release(gz ? plain : zipped);
    if (rc != GIS_OK) {
        tile_cache_blob_release(*out);
        *out = NULL;
    }
    return rc;
}

static void tile_etag(char out[96], const char *name, int64_t version, int z, long x, long y)
{
    snprintf(out, 96, "W/\"%s-%lld-%d-%ld-%ld\"", name, (long long)version, z, x, y);
}

/* Without a cache (--cache-mb 0): render, compress if asked, reply with the owned buffer. */
static void render_uncached(srv_req *req, const char *name, bool gz, int z, long x, long y,
                            int64_t version, bool restricted)
{
    srv_worker *w = srv_req_worker(req);
    unsigned char *raw = NULL, *packed = NULL;
    size_t len = 0, packed_len = 0;
    gis_error err = {0};
    atomic_fetch_add_explicit(&req->app->metrics.tile_misses, 1, memory_order_relaxed);
    int rc = tile_tileset_render_memo(w->ctx, w->store, req->app->units, name, z, x, y, &raw, &len, &err);
    if (rc == GIS_OK && gz && len > 0)
        rc = gzip_bytes(raw, len, &packed, &packed_len, &err);
    if (rc != GIS_OK) {
        free(raw);
        srv_reply_gis_error(req, &err);
        return;
    }
    char etag[96];
    tile_etag(etag, name, version, z, x, y);
    if (packed != NULL) {
        free(raw);
        srv_reply_shared(req, packed, packed_len, SRV_CT_MVT, free, packed, true, etag);
    } else {
        srv_reply_shared(req, raw, len, SRV_CT_MVT, free, raw, false, etag);
    }
    req->cache_control = restricted ? "private, no-store" : "public, max-age=60";
}

void srv_h_tile(srv_req *req, const char *const *params, size_t n_params)
{
    (void)n_params;
    const char *name = params[0];
    gis_error err = {0};
    int z = 0;
    long x = 0, y = 0;
    bool restricted = false;
    if (!check_tileset(req, name, &restricted))
        return;
    if (req->n_args > 0) {
        srv_reply_error(req, GIS_EINVAL, "tiles take no query parameters");
        return;
    }
    if (srv_params_tile(params[1], params[2], params[3], ".mvt", TILE_MAX_ZOOM_SERVED, &z, &x, &y,
                        &err) != GIS_OK) {
        srv_reply_gis_error(req, &err);
        return;
    }
    srv_worker *w = srv_req_worker(req);
    int64_t version = 0;
    if (gis_store_data_version_cached(w->store, &version, &err) != GIS_OK) {
        srv_reply_gis_error(req, &err);
        return;
    }
    bool gz = wants_gzip(req->accept_encoding);
    char key[NAME_MAX_LEN + 8];
    snprintf(key, sizeof key, "%s%s", name, gz ? "+gz" : "");
    tile_cache_blob *blob = NULL;
    if (req->app->tiles == NULL) {
        render_uncached(req, name, gz, z, x, y, version, restricted);
        return;
    }
    if (tile_cache_get(req->app->tiles, key, z, x, y, version, &blob)) {
        atomic_fetch_add_explicit(&req->app->metrics.tile_hits, 1, memory_order_relaxed);
    } else {
        atomic_fetch_add_explicit(&req->app->metrics.tile_misses, 1, memory_order_relaxed);
        if (render(req, name, gz, z, x, y, version, &blob, &err) != GIS_OK) {
            srv_reply_gis_error(req, &err);
            return;
        }
    }
    char etag[96];
    tile_etag(etag, name, version, z, x, y);
    size_t len = tile_cache_blob_len(blob);
    srv_reply_shared(req, tile_cache_blob_data(blob), len, SRV_CT_MVT, release_blob, blob,
                     gz && len > 0, etag);
    req->cache_control = restricted ? "private, no-store" : "public, max-age=60";
}

void srv_h_tilejson(srv_req *req, const char *const *params, size_t n_params)
{
    (void)n_params;
    char name[NAME_MAX_LEN + 1];
    size_t n = strlen(params[0]);
    if (n <= 5 || n - 5 > NAME_MAX_LEN || strcmp(params[0] + n - 5, ".json") != 0) {
        srv_reply_error(req, GIS_ENOTFOUND, "no such resource");
        return;
    }
    memcpy(name, params[0], n - 5);
    name[n - 5] = '\0';
    bool restricted = false;
    if (!check_tileset(req, name, &restricted))
        return;
    srv_worker *w = srv_req_worker(req);
    char origin[128];
    json_t *doc = NULL;
    gis_error err = {0};
    if (tile_tileset_tilejson(w->ctx, w->store, name, srv_req_origin(req, origin, sizeof origin),
                              &doc, &err) != GIS_OK) {
        srv_reply_gis_error(req, &err);
        return;
    }
    srv_reply_json(req, doc, SRV_CT_JSON);
    json_decref(doc);
    req->cache_control = restricted ? "private, no-store" : "no-cache";
}
