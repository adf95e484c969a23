/*
 * This file implements the unit memo: an open-addressing hash table of per-unit facts keyed by
 * row id, behind one mutex, emptied when the store's data version changes. It does not compute
 * the facts (tiles/tileset.c does).
 */
#include "tiles/unitmemo.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_UNITS 1000000

typedef struct slot {
    int64_t id; /* 0: empty (row ids start at 1) */
    tile_unit_facts facts;
} slot;

struct tile_unit_memo {
    pthread_mutex_t mu;
    int64_t version; /* data version the entries belong to */
    slot *slots;
    size_t n_slots; /* power of two, or 0 */
    size_t n_used;
};

int tile_unit_memo_new(tile_unit_memo **out, gis_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL || pthread_mutex_init(&(*out)->mu, NULL) != 0) {
        free(*out);
        *out = NULL;
        return GIS_ERR(err, GIS_ENOMEM, "out of memory creating the unit memo");
    }
    (*out)->version = -1;
    return GIS_OK;
}

void tile_unit_memo_free(tile_unit_memo *m)
{
    if (m == NULL)
        return;
    pthread_mutex_destroy(&m->mu);
    free(m->slots);
    free(m);
}

static size_t hash_id(int64_t id, size_t n)
{
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 17) & (n - 1);
}

/* Empties the table when version differs. Caller holds the lock. */
static void sync_version(tile_unit_memo *m, int64_t version)
{
    if (m->version == version)
        return;
    if (m->slots)
        memset(m->slots, 0, m->n_slots * sizeof *m->slots);
    m->n_used = 0;
    m->version = version;
}

static slot *find(tile_unit_memo *m, int64_t id)
{
    if (m->n_slots == 0)
        return NULL;
    for (size_t i = hash_id(id, m->n_slots);; i = (i + 1) & (m->n_slots - 1)) {
        if (m->slots[i].id == id)
            return &m->slots[i];
        if (m->slots[i].id == 0)
            return NULL;
    }
}

/* Doubles the table; false on OOM. Caller holds the lock. */
static bool grow(tile_unit_memo *m)
{
    size_t n = m->n_slots ? m->n_slots * 2 : 1024;
    slot *s = calloc(n, sizeof *s);
    if (s == NULL)
        return false;
    for (size_t i = 0; i < m->n_slots; i++) {
        if (m->slots[i].id == 0)
            continue;
        size_t j = hash_id(m->slots[i].id, n);
        while (s[j].id != 0)
            j = (j + 1) & (n - 1);
        s[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = s;
    m->n_slots = n;
    return true;
}

void tile_unit_memo_get(tile_unit_memo *m, int64_t version, int64_t id, tile_unit_facts *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&m->mu);
    sync_version(m, version);
    slot *s = find(m, id);
    if (s != NULL)
        *out = s->facts;
    pthread_mutex_unlock(&m->mu);
}

void tile_unit_memo_put(tile_unit_memo *m, int64_t version, int64_t id,
                        const tile_unit_facts *facts)
{
    if (id <= 0)
        return;
    pthread_mutex_lock(&m->mu);
    if (version < m->version)
        goto done; /* rendered from data older than the memo's: keep the memo */
    sync_version(m, version);
    slot *s = find(m, id);
    if (s == NULL) {
        if (m->n_used >= MAX_UNITS || ((m->n_used + 1) * 2 > m->n_slots && !grow(m)))
            goto done;
        size_t i = hash_id(id, m->n_slots);
        while (m->slots[i].id != 0)
            i = (i + 1) & (m->n_slots - 1);
        s = &m->slots[i];
        memset(s, 0, sizeof *s);
        s->id = id;
        m->n_used++;
    }
    if (facts->has_label) {
        s->facts.has_label = true;
        s->facts.label_ok = facts->label_ok;
        s->facts.lon = facts->lon;
        s->facts.lat = facts->lat;
    }
    if (facts->has_area) {
        s->facts.has_area = true;
        s->facts.area_m2 = facts->area_m2;
    }
done:
    pthread_mutex_unlock(&m->mu);
}

uint64_t tile_unit_memo_count(tile_unit_memo *m)
{
    pthread_mutex_lock(&m->mu);
    uint64_t n = m->n_used;
    pthread_mutex_unlock(&m->mu);
    return n;
}
