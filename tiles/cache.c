/*
 * This file implements the tile cache: a chained hash table of entries threaded on a doubly
 * linked LRU list (most recent at the head), one mutex around both, and reference-counted
 * immutable blobs (C11 atomics) so readers never hold the lock while sending.
 * It does not render or compress tiles.
 */
#include "tiles/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Bookkeeping charged per entry besides the tile bytes: entry, blob header, key. */
#define ENTRY_OVERHEAD 128

struct tile_cache_blob {
    atomic_uint refs;
    int64_t version;
    size_t len;
    unsigned char data[]; /* len bytes */
};

typedef struct entry {
    struct entry *chain;       /* next in the hash bucket */
    struct entry *prev, *next; /* LRU list neighbours */
    uint64_t hash;
    int z;
    long x, y;
    char *tileset;         /* owned */
    tile_cache_blob *blob; /* one reference held by the cache */
    size_t cost;           /* bytes charged */
} entry;

struct tile_cache {
    pthread_mutex_t mu;
    entry **buckets;
    size_t n_buckets; /* power of two */
    entry *head, *tail;
    tile_cache_stats st;
};

static uint64_t key_hash(const char *tileset, int z, long x, long y)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)tileset; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    uint64_t k[3] = {(uint64_t)z, (uint64_t)x, (uint64_t)y};
    for (int i = 0; i < 3; i++) {
        h ^= k[i] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 1099511628211ULL;
    }
    return h;
}

int tile_cache_new(size_t max_bytes, tile_cache **out, gis_error *err)
{
    *out = NULL;
    if (max_bytes == 0)
        return GIS_ERR(err, GIS_EINVAL, "tile cache size must be positive");
    tile_cache *c = calloc(1, sizeof *c);
    if (c == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory creating the tile cache");
    c->n_buckets = 1024;
    c->buckets = calloc(c->n_buckets, sizeof *c->buckets);
    if (c->buckets == NULL || pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c->buckets);
        free(c);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory creating the tile cache");
    }
    c->st.max_bytes = max_bytes;
    *out = c;
    return GIS_OK;
}

void tile_cache_blob_release(tile_cache_blob *b)
{
    if (b != NULL && atomic_fetch_sub(&b->refs, 1) == 1)
        free(b);
}

static void blob_retain(tile_cache_blob *b)
{
    atomic_fetch_add(&b->refs, 1);
}

const unsigned char *tile_cache_blob_data(const tile_cache_blob *b)
{
    return b->data;
}

size_t tile_cache_blob_len(const tile_cache_blob *b)
{
    return b->len;
}

int64_t tile_cache_blob_version(const tile_cache_blob *b)
{
    return b->version;
}

static void entry_free(entry *e)
{
    tile_cache_blob_release(e->blob);
    free(e->tileset);
    free(e);
}

/* Unlinks e from its bucket and the LRU list, and uncharges it. Caller holds the lock. */
static void entry_remove(tile_cache *c, entry *e)
{
    entry **pp = &c->buckets[e->hash & (c->n_buckets - 1)];
    while (*pp != e)
        pp = &(*pp)->chain;
    *pp = e->chain;
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    c->st.entries--;
    c->st.bytes -= e->cost;
    entry_free(e);
}

static void lru_push_front(tile_cache *c, entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    c->head = e;
    if (c->tail == NULL)
        c->tail = e;
}

static void lru_touch(tile_cache *c, entry *e)
{
    if (c->head == e)
        return;
    e->prev->next = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    lru_push_front(c, e);
}

static entry *find(tile_cache *c, uint64_t h, const char *tileset, int z, long x, long y)
{
    for (entry *e = c->buckets[h & (c->n_buckets - 1)]; e; e = e->chain)
        if (e->hash == h && e->z == z && e->x == x && e->y == y && strcmp(e->tileset, tileset) == 0)
            return e;
    return NULL;
}

/* Doubles the bucket array when entries outnumber buckets; on OOM keeps the old one. */
static void maybe_grow(tile_cache *c)
{
    if (c->st.entries < c->n_buckets)
        return;
    size_t n = c->n_buckets * 2;
    entry **b = calloc(n, sizeof *b);
    if (b == NULL)
        return;
    for (size_t i = 0; i < c->n_buckets; i++) {
        entry *e = c->buckets[i];
        while (e) {
            entry *next = e->chain;
            e->chain = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
            e = next;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->n_buckets = n;
}

bool tile_cache_get(tile_cache *c, const char *tileset, int z, long x, long y, int64_t version,
                    tile_cache_blob **out)
{
    *out = NULL;
    if (tileset == NULL)
        return false;
    uint64_t h = key_hash(tileset, z, x, y);
    pthread_mutex_lock(&c->mu);
    entry *e = find(c, h, tileset, z, x, y);
    if (e != NULL && e->blob->version != version) {
        c->st.stale++;
        entry_remove(c, e);
        e = NULL;
    }
    if (e != NULL) {
        lru_touch(c, e);
        blob_retain(e->blob);
        *out = e->blob;
        c->st.hits++;
    } else {
        c->st.misses++;
    }
    pthread_mutex_unlock(&c->mu);
    return *out != NULL;
}

static int entry_new(const char *tileset, int z, long x, long y, uint64_t h, tile_cache_blob *blob,
                     entry **out)
{
    entry *e = calloc(1, sizeof *e);
    if (e == NULL || (e->tileset = strdup(tileset)) == NULL) {
        free(e);
        return GIS_ENOMEM;
    }
    e->hash = h;
    e->z = z;
    e->x = x;
    e->y = y;
    e->blob = blob;
    e->cost = blob->len + strlen(tileset) + ENTRY_OVERHEAD;
    *out = e;
    return GIS_OK;
}

int tile_cache_put(tile_cache *c, const char *tileset, int z, long x, long y, int64_t version,
                   const unsigned char *data, size_t len, tile_cache_blob **out, gis_error *err)
{
    if (out)
        *out = NULL;
    if (tileset == NULL)
        return GIS_ERR(err, GIS_EINVAL, "tile cache key needs a tileset");
    tile_cache_blob *b = malloc(sizeof *b + (len ? len : 1));
    if (b == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory caching tile %s/%d/%ld/%ld", tileset, z, x,
                       y);
    atomic_init(&b->refs, 1);
    b->version = version;
    b->len = len;
    if (len)
        memcpy(b->data, data, len);
    if (out) {
        blob_retain(b);
        *out = b;
    }
    uint64_t h = key_hash(tileset, z, x, y);
    entry *e = NULL;
    size_t cost = len + strlen(tileset) + ENTRY_OVERHEAD;
    if (cost > c->st.max_bytes) {
        tile_cache_blob_release(b); /* too big to cache; the caller's reference stays */
        return GIS_OK;
    }
    if (entry_new(tileset, z, x, y, h, b, &e) != GIS_OK) {
        tile_cache_blob_release(b);
        if (out) {
            tile_cache_blob_release(*out);
            *out = NULL;
        }
        return GIS_ERR(err, GIS_ENOMEM, "out of memory caching tile %s/%d/%ld/%ld", tileset, z, x,
                       y);
    }
    pthread_mutex_lock(&c->mu);
    entry *old = find(c, h, tileset, z, x, y);
    if (old != NULL)
        entry_remove(c, old);
    maybe_grow(c);
    size_t slot = h & (c->n_buckets - 1);
    e->chain = c->buckets[slot];
    c->buckets[slot] = e;
    lru_push_front(c, e);
    c->st.entries++;
    c->st.bytes += e->cost;
    while (c->st.bytes > c->st.max_bytes && c->tail != NULL && c->tail != e) {
        entry_remove(c, c->tail);
        c->st.evictions++;
    }
    pthread_mutex_unlock(&c->mu);
    return GIS_OK;
}

void tile_cache_clear(tile_cache *c)
{
    pthread_mutex_lock(&c->mu);
    while (c->tail != NULL)
        entry_remove(c, c->tail);
    pthread_mutex_unlock(&c->mu);
}

void tile_cache_stats_get(tile_cache *c, tile_cache_stats *out)
{
    pthread_mutex_lock(&c->mu);
    *out = c->st;
    pthread_mutex_unlock(&c->mu);
}

void tile_cache_free(tile_cache *c)
{
    if (c == NULL)
        return;
    tile_cache_clear(c);
    pthread_mutex_destroy(&c->mu);
    free(c->buckets);
    free(c);
}
