/*
 * Tests tiles/unitmemo.c: facts merge per unit, a new data version empties the memo, an older
 * one is ignored, many units grow the table, and use from several threads.
 */
#include <check.h>
#include <pthread.h>

#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/unitmemo.h"

static tile_unit_memo *m;

static void setup(void)
{
    ck_assert_int_eq(tile_unit_memo_new(&m, NULL), GIS_OK);
}

static void teardown(void)
{
    tile_unit_memo_free(m);
}

START_TEST(test_unitmemo_merge_and_version)
{
    tile_unit_facts f = {0};
    tile_unit_memo_get(m, 1, 7, &f);
    ck_assert(!f.has_label && !f.has_area);
    tile_unit_facts area = {.has_area = true, .area_m2 = 12.5};
    tile_unit_memo_put(m, 1, 7, &area);
    tile_unit_facts label = {.has_label = true, .label_ok = true, .lon = 111.5, .lat = 32.25};
    tile_unit_memo_put(m, 1, 7, &label);
    tile_unit_memo_get(m, 1, 7, &f);
    ck_assert(f.has_area && f.has_label && f.label_ok);
    ck_assert_double_eq(f.area_m2, 12.5);
    ck_assert_double_eq(f.lon, 111.5);
    ck_assert_double_eq(f.lat, 32.25);
    ck_assert_uint_eq(tile_unit_memo_count(m), 1);
    /* Older data than the memo's: ignored. */
    tile_unit_facts old = {.has_area = true, .area_m2 = 99};
    tile_unit_memo_put(m, 0, 7, &old);
    tile_unit_memo_get(m, 1, 7, &f);
    ck_assert_double_eq(f.area_m2, 12.5);
    /* Newer data: the memo forgets everything. */
    tile_unit_memo_get(m, 2, 7, &f);
    ck_assert(!f.has_label && !f.has_area);
    ck_assert_uint_eq(tile_unit_memo_count(m), 0);
}
END_TEST

START_TEST(test_unitmemo_grows)
{
    for (int64_t id = 1; id <= 5000; id++) {
        tile_unit_facts f = {.has_area = true, .area_m2 = (double)id};
        tile_unit_memo_put(m, 3, id, &f);
    }
    ck_assert_uint_eq(tile_unit_memo_count(m), 5000);
    for (int64_t id = 1; id <= 5000; id += 499) {
        tile_unit_facts f;
        tile_unit_memo_get(m, 3, id, &f);
        ck_assert(f.has_area);
        ck_assert_double_eq(f.area_m2, (double)id);
    }
    tile_unit_facts f = {.has_area = true};
    tile_unit_memo_put(m, 3, 0, &f); /* ids start at 1: ignored */
    ck_assert_uint_eq(tile_unit_memo_count(m), 5000);
}
END_TEST

static void *worker(void *arg)
{
    (void)arg;
    for (int64_t id = 1; id <= 2000; id++) {
        tile_unit_facts f;
        tile_unit_memo_get(m, 1, id, &f);
        if (f.has_area && f.area_m2 != (double)id * 2)
            return (void *)1;
        tile_unit_facts put = {.has_area = true, .area_m2 = (double)id * 2};
        tile_unit_memo_put(m, 1, id, &put);
    }
    return NULL;
}

START_TEST(test_unitmemo_threads)
{
    pthread_t th[4];
    for (long i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, worker, (void *)i), 0);
    for (int i = 0; i < 4; i++) {
        void *r = NULL;
        pthread_join(th[i], &r);
        ck_assert_ptr_null(r);
    }
    ck_assert_uint_eq(tile_unit_memo_count(m), 2000);
    tile_unit_memo_free(NULL);
}
END_TEST

static Suite *tile_unitmemo_suite(void)
{
    Suite *s = suite_create("tile_unitmemo");
    TCase *tc = tcase_create("memo");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unitmemo_merge_and_version);
    tcase_add_test(tc, test_unitmemo_grows);
    tcase_add_test(tc, test_unitmemo_threads);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_unitmemo_suite)
