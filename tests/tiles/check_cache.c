/*
 * Tests tiles/cache.c: hits and misses, data-version invalidation, LRU eviction under the byte
 * bound, blobs outliving eviction, oversized tiles, and concurrent use from several threads.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/cache.h"

static tile_cache *c;

static void setup(void)
{
    /* Room for three 1000-byte tiles with their overhead (128 + key), not four. */
    ck_assert_int_eq(tile_cache_new(3 * (1000 + 128 + 16), &c, NULL), GIS_OK);
}

static void teardown(void)
{
    tile_cache_free(c);
}

static void put(const char *ts, int z, long x, long y, int64_t version, unsigned char fill)
{
    unsigned char data[1000];
    memset(data, fill, sizeof data);
    ck_assert_int_eq(tile_cache_put(c, ts, z, x, y, version, data, sizeof data, NULL, NULL),
                     GIS_OK);
}

static bool has(const char *ts, int z, long x, long y, int64_t version, unsigned char fill)
{
    tile_cache_blob *b = NULL;
    if (!tile_cache_get(c, ts, z, x, y, version, &b))
        return false;
    ck_assert_uint_eq(tile_cache_blob_len(b), 1000);
    ck_assert_int_eq(tile_cache_blob_data(b)[999], fill);
    ck_assert_int_eq(tile_cache_blob_version(b), version);
    tile_cache_blob_release(b);
    return true;
}

START_TEST(test_cache_hit_miss)
{
    ck_assert(!has("jiewang", 9, 1, 2, 1, 0));
    put("jiewang", 9, 1, 2, 1, 0xAB);
    ck_assert(has("jiewang", 9, 1, 2, 1, 0xAB));
    ck_assert(!has("villages", 9, 1, 2, 1, 0xAB)); /* other tileset */
    ck_assert(!has("jiewang", 9, 2, 1, 1, 0xAB));  /* x and y swapped */
    tile_cache_stats st;
    tile_cache_stats_get(c, &st);
    ck_assert_uint_eq(st.hits, 1);
    ck_assert_uint_eq(st.misses, 3);
    ck_assert_uint_eq(st.entries, 1);
    ck_assert_uint_eq(st.bytes, 1000 + 7 + 128);
}
END_TEST

START_TEST(test_cache_version_invalidates)
{
    put("jiewang", 9, 1, 2, 1, 0x01);
    ck_assert(!has("jiewang", 9, 1, 2, 2, 0x01)); /* data changed: miss, entry dropped */
    tile_cache_stats st;
    tile_cache_stats_get(c, &st);
    ck_assert_uint_eq(st.stale, 1);
    ck_assert_uint_eq(st.entries, 0);
    ck_assert(!has("jiewang", 9, 1, 2, 1, 0x01));
    put("jiewang", 9, 1, 2, 2, 0x02);
    put("jiewang", 9, 1, 2, 3, 0x03); /* replaces, does not add */
    ck_assert(has("jiewang", 9, 1, 2, 3, 0x03));
    tile_cache_stats_get(c, &st);
    ck_assert_uint_eq(st.entries, 1);
}
END_TEST

START_TEST(test_cache_lru_eviction)
{
    put("jiewang", 9, 0, 0, 1, 1);
    put("jiewang", 9, 0, 1, 1, 2);
    put("jiewang", 9, 0, 2, 1, 3);
    ck_assert(has("jiewang", 9, 0, 0, 1, 1)); /* touch: 0/1 is now least recent */
    put("jiewang", 9, 0, 3, 1, 4);
    ck_assert(!has("jiewang", 9, 0, 1, 1, 2));
    ck_assert(has("jiewang", 9, 0, 0, 1, 1));
    ck_assert(has("jiewang", 9, 0, 2, 1, 3));
    ck_assert(has("jiewang", 9, 0, 3, 1, 4));
    tile_cache_stats st;
    tile_cache_stats_get(c, &st);
    ck_assert_uint_eq(st.evictions, 1);
    ck_assert_uint_le(st.bytes, st.max_bytes);
    tile_cache_clear(c);
    tile_cache_stats_get(c, &st);
    ck_assert_uint_eq(st.entries, 0);
    ck_assert_uint_eq(st.bytes, 0);
}
END_TEST

START_TEST(test_cache_blob_outlives_eviction)
{
    unsigned char data[1000];
    memset(data, 7, sizeof data);
    tile_cache_blob *mine = NULL;
    ck_assert_int_eq(tile_cache_put(c, "jiewang", 1, 0, 0, 1, data, sizeof data, &mine, NULL),
                     GIS_OK);
    tile_cache_clear(c);
    ck_assert_int_eq(tile_cache_blob_data(mine)[500], 7); /* still readable (ASan checks) */
    tile_cache_blob_release(mine);
    tile_cache_blob_release(NULL);
}
END_TEST

START_TEST(test_cache_oversized_and_empty)
{
    static unsigned char big[10000];
    tile_cache_blob *b = NULL;
    ck_assert_int_eq(tile_cache_put(c, "jiewang", 1, 0, 0, 1, big, sizeof big, &b, NULL), GIS_OK);
    ck_assert_uint_eq(tile_cache_blob_len(b), sizeof big); /* caller still gets the tile */
    tile_cache_blob_release(b);
    tile_cache_stats st;
    tile_cache_stats_get(c, &st);
    ck_assert_uint_eq(st.entries, 0);
    ck_assert_int_eq(tile_cache_put(c, "jiewang", 1, 0, 0, 1, NULL, 0, NULL, NULL), GIS_OK);
    ck_assert(tile_cache_get(c, "jiewang", 1, 0, 0, 1, &b));
    ck_assert_uint_eq(tile_cache_blob_len(b), 0);
    tile_cache_blob_release(b);
}
END_TEST

static void *worker(void *arg)
{
    long id = (long)arg;
    unsigned char data[300];
    for (int i = 0; i < 4000; i++) {
        long x = (i * 7 + id) % 50;
        tile_cache_blob *b = NULL;
        if (tile_cache_get(c, "jiewang", 12, x, id, 1, &b)) {
            if (tile_cache_blob_data(b)[0] != (unsigned char)x)
                return (void *)1;
            tile_cache_blob_release(b);
        } else {
            memset(data, (int)x, sizeof data);
            if (tile_cache_put(c, "jiewang", 12, x, id, 1, data, sizeof data, NULL, NULL) != 0)
                return (void *)1;
        }
    }
    return NULL;
}

START_TEST(test_cache_threads)
{
    pthread_t th[4];
    for (long i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, worker, (void *)i), 0);
    for (int i = 0; i < 4; i++) {
        void *r = NULL;
        pthread_join(th[i], &r);
        ck_assert_ptr_null(r);
    }
    tile_cache_stats st;
    tile_cache_stats_get(c, &st);
    ck_assert_uint_eq(st.hits + st.misses, 16000);
    ck_assert_uint_le(st.bytes, st.max_bytes);
}
END_TEST

START_TEST(test_cache_errors)
{
    tile_cache *z = NULL;
    gis_error err = {0};
    int rc = tile_cache_new(0, &z, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "tile cache size must be positive");
    ck_assert_ptr_null(z);
    rc = tile_cache_put(c, NULL, 1, 0, 0, 1, NULL, 0, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "needs a tileset");
    tile_cache_blob *b = NULL;
    ck_assert(!tile_cache_get(c, NULL, 1, 0, 0, 1, &b));
    tile_cache_free(NULL);
}
END_TEST

static Suite *tile_cache_suite(void)
{
    Suite *s = suite_create("tile_cache");
    TCase *tc = tcase_create("lru");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cache_hit_miss);
    tcase_add_test(tc, test_cache_version_invalidates);
    tcase_add_test(tc, test_cache_lru_eviction);
    tcase_add_test(tc, test_cache_blob_outlives_eviction);
    tcase_add_test(tc, test_cache_oversized_and_empty);
    tcase_add_test(tc, test_cache_threads);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cache_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_cache_suite)
