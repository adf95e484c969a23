/*
 * This file declares the tile cache: a thread-safe in-memory LRU of encoded tiles bounded in
 * bytes, keyed by (tileset, z, x, y) and tagged with the store's data version
 * (gis_store_data_version), so a tile rendered from older data misses and is dropped once the
 * data change. Entries are immutable, reference-counted blobs: a reader keeps its blob while
 * the cache evicts or replaces the entry, so the server can send it without copying.
 * The tileset string is opaque: a server may cache variants under their own names (for
 * example "jiewang+gzip"). It does not render tiles (tiles/tileset.c does).
 */
#ifndef TILE_CACHE_H
#define TILE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/error.h"

typedef struct tile_cache tile_cache;
typedef struct tile_cache_blob tile_cache_blob;

/** Counters for /metrics. */
typedef struct tile_cache_stats {
    uint64_t hits;      /* lookups answered from the cache */
    uint64_t misses;    /* lookups not answered (absent or stale) */
    uint64_t stale;     /* misses that found an entry of an older data version */
    uint64_t evictions; /* entries dropped to stay under the byte bound */
    uint64_t entries;   /* entries held now */
    uint64_t bytes;     /* bytes held now (tile data plus per-entry overhead) */
    uint64_t max_bytes; /* the bound */
} tile_cache_stats;

/** Creates a cache holding at most max_bytes (> 0). Returns an owned cache in *out; free with
 *  tile_cache_free(). Codes: GIS_EINVAL (max_bytes 0), GIS_ENOMEM. */
int tile_cache_new(size_t max_bytes, tile_cache **out, gis_error *err);

/** Frees c. Blobs still held by readers stay valid until released. NULL is a no-op. */
void tile_cache_free(tile_cache *c);

/** Looks up tileset/z/x/y for data version `version`. On a hit returns true and a reference
 *  in *out (release with tile_cache_blob_release()); an entry of another version is removed
 *  and counts as a miss. Thread-safe. */
bool tile_cache_get(tile_cache *c, const char *tileset, int z, long x, long y, int64_t version,
                    tile_cache_blob **out);

/** Stores a copy of len bytes of data (len may be 0) as tileset/z/x/y of data version
 *  `version`, replacing an older entry, then evicts least recently used entries over the
 *  bound. A tile larger than the whole bound is not cached (returns GIS_OK). If out is not
 *  NULL it receives a reference to the stored blob (release it), also when not cached.
 *  Thread-safe. Codes: GIS_EINVAL (NULL tileset), GIS_ENOMEM. */
int tile_cache_put(tile_cache *c, const char *tileset, int z, long x, long y, int64_t version,
                   const unsigned char *data, size_t len, tile_cache_blob **out, gis_error *err);

/** Drops every entry (e.g. after an import). Thread-safe. */
void tile_cache_clear(tile_cache *c);

/** Copies the counters into *out. Thread-safe. */
void tile_cache_stats_get(tile_cache *c, tile_cache_stats *out);

/** Bytes of a blob; borrowed, valid until the blob is released. */
const unsigned char *tile_cache_blob_data(const tile_cache_blob *b);
size_t tile_cache_blob_len(const tile_cache_blob *b);

/** Data version the blob was rendered from. */
int64_t tile_cache_blob_version(const tile_cache_blob *b);

/** Releases a reference from tile_cache_get() or tile_cache_put(). NULL is a no-op.
 *  Thread-safe; may be called from any thread (e.g. MHD's free callback). */
void tile_cache_blob_release(tile_cache_blob *b);

#endif
