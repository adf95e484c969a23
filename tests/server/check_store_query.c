/*
 * Tests gis/store_query.c and gis/store_tokens.c on the fixture store: catalogue, counts,
 * filters, bbox through the R*Tree, paging, feature by id, extents, hostile filter values,
 * and hashed tokens (add, verify, list, remove, errors).
 */
#include <check.h>
#include <string.h>

#include "gis/store_query.h"
#include "gis/store_reader.h"
#include "gis/store_tokens.h"
#include "tests/server/fixture.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static fx f;
static gis_store *s;

static void setup(void)
{
    fx_create(&f);
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(f.path, 0, &s, &err), GIS_OK);
}

static void teardown(void)
{
    gis_store_close(s);
    fx_destroy(&f);
}

typedef struct seen {
    int n;
    char codes[8][16];
    bool has_geom;
} seen;

static int collect(void *user, const gis_query_row *row)
{
    seen *x = user;
    const char *code = json_string_value(json_object_get(row->props, "code"));
    if (x->n < 8 && code)
        snprintf(x->codes[x->n], sizeof x->codes[0], "%s", code);
    x->has_geom = row->wkb != NULL && row->wkb_len > 0;
    x->n++;
    return 0;
}

static int64_t run(gis_query *q, seen *x)
{
    gis_error err = {0};
    int64_t matched = -1;
    memset(x, 0, sizeof *x);
    ck_assert_msg(gis_store_query_run(s, q, collect, x, &matched, &err) == GIS_OK, "%s", err.msg);
    return matched;
}

START_TEST(test_query_catalogue)
{
    ck_assert_int_eq(gis_query_collection_count(), 10);
    const gis_query_collection *c = gis_query_collection_find("graves");
    ck_assert_ptr_nonnull(c);
    ck_assert(c->restricted);
    ck_assert(!gis_query_collection_find("villages")->restricted);
    ck_assert_ptr_null(gis_query_collection_find("villages'--"));
    ck_assert_ptr_null(gis_query_collection_find(NULL));
    ck_assert_ptr_nonnull(gis_query_prop_find(c, "status"));
    ck_assert_ptr_null(gis_query_prop_find(c, "nope"));
    ck_assert_ptr_null(gis_query_collection_at(10));
}
END_TEST

START_TEST(test_query_counts_filters_paging)
{
    seen x;
    const gis_query_collection *v = gis_query_collection_find("villages");
    gis_query q = {.coll = v, .limit = 100};
    ck_assert_int_eq(run(&q, &x), 3);
    ck_assert_int_eq(x.n, 3);
    ck_assert(x.has_geom);
    q.n_filters = 1;
    q.filters[0].prop = gis_query_prop_find(v, "parent_code");
    q.filters[0].value = "420625100";
    ck_assert_int_eq(run(&q, &x), 2);
    ck_assert_str_eq(x.codes[0], "420625100201");
    q.limit = 1;
    q.offset = 1;
    ck_assert_int_eq(run(&q, &x), 2);
    ck_assert_int_eq(x.n, 1);
    ck_assert_str_eq(x.codes[0], "420625100202");
    /* Hostile text is a value, never SQL. */
    q.filters[0].value = "420625100' OR '1'='1";
    q.offset = 0;
    ck_assert_int_eq(run(&q, &x), 0);
    ck_assert_int_eq(run(&(gis_query){.coll = gis_query_collection_find("graves"), .limit = 9}, &x),
                     2);
}
END_TEST

START_TEST(test_query_bbox_and_fid)
{
    seen x;
    const gis_query_collection *v = gis_query_collection_find("villages");
    /* Inside the second village only (111.1-111.2). */
    gis_query q = {
        .coll = v, .limit = 100, .has_bbox = true, .bbox = {111.12, 32.01, 111.18, 32.02}};
    ck_assert_int_eq(run(&q, &x), 1);
    ck_assert_str_eq(x.codes[0], "420625100202");
    /* Far away. */
    q.bbox[0] = 100;
    q.bbox[2] = 101;
    ck_assert_int_eq(run(&q, &x), 0);
    gis_query byid = {.coll = v, .fid = 5, .limit = 1};
    ck_assert_int_eq(run(&byid, &x), 1);
    ck_assert_str_eq(x.codes[0], "420625100202");
    double e[4];
    bool has = false;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_query_extent(s, v, e, &has, &err), GIS_OK);
    ck_assert(has);
    ck_assert_double_eq_tol(e[0], 111.0, 1e-9);
    ck_assert_double_eq_tol(e[2], 111.3, 1e-9);
    ck_assert_int_eq(gis_store_query_extent(s, gis_query_collection_find("markers"), e, &has, &err),
                     GIS_OK);
    ck_assert(!has);
}
END_TEST

START_TEST(test_query_errors)
{
    seen x;
    gis_error err = {0};
    const gis_query_collection *g = gis_query_collection_find("graves");
    gis_query q = {.coll = g, .limit = 10, .n_filters = 1};
    q.filters[0].prop = gis_query_prop_find(g, "protected");
    q.filters[0].value = "1 OR 1=1";
    int rc = gis_store_query_run(s, &q, collect, &x, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "filter 'protected' needs a number");
    q.filters[0].prop = gis_query_prop_find(g, "owner"); /* not queryable */
    q.filters[0].value = "x";
    rc = gis_store_query_run(s, &q, collect, &x, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "not queryable");
    gis_query bad = {.coll = g, .limit = 1, .has_bbox = true, .bbox = {2, 0, 1, 1}};
    rc = gis_store_query_run(s, &bad, collect, &x, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "bbox minimum exceeds maximum");
    gis_query neg = {.coll = g, .limit = -1};
    rc = gis_store_query_run(s, &neg, collect, &x, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "must not be negative");
    gis_query none = {.coll = NULL};
    rc = gis_store_query_run(s, &none, collect, &x, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "without a collection");
}
END_TEST

START_TEST(test_tokens)
{
    gis_error err = {0};
    char *token = NULL, *name = NULL;
    ck_assert_int_eq(gis_store_token_add(s, "team-1", &token, &err), GIS_OK);
    ck_assert(strncmp(token, "jw_", 3) == 0);
    ck_assert_int_eq(strlen(token), 3 + 43);
    ck_assert_int_eq(gis_store_token_verify(s, token, &name, &err), GIS_OK);
    ck_assert_str_eq(name, "team-1");
    free(name);
    gis_token_row *rows = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_tokens_list(s, &rows, &n, &err), GIS_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(rows[0].name, "team-1");
    gis_token_rows_free(rows, n);
    char *again = NULL;
    int rc = gis_store_token_add(s, "team-1", &again, &err);
    ck_assert_fails_with(rc, err, GIS_EEXIST, "already exists");
    ck_assert_ptr_null(again);
    rc = gis_store_token_add(s, "bad name;", &again, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "must be 1-64 letters");
    token[10] ^= 1;
    rc = gis_store_token_verify(s, token, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EAUTH, "unknown token");
    token[10] ^= 1;
    rc = gis_store_token_verify(s, "Bearer x", NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EAUTH, "malformed token");
    ck_assert_int_eq(gis_store_token_remove(s, "team-1", &err), GIS_OK);
    rc = gis_store_token_verify(s, token, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EAUTH, "unknown token");
    rc = gis_store_token_remove(s, "team-1", &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "no token called 'team-1'");
    free(token);
}
END_TEST

START_TEST(test_store_open_another)
{
    gis_error err = {0};
    gis_store *more = NULL;
    ck_assert_int_eq(gis_store_open_another(s, &more, &err), GIS_OK);
    int64_t n = 0;
    ck_assert_int_eq(gis_store_count(more, "villages", &n, &err), GIS_OK);
    ck_assert_int_eq(n, 3);
    gis_store_close(more);
    /* The file removed after the first connection opened: the extra one cannot open. */
    gis_store *bad = NULL, *first = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/other.sqlite", f.dir);
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &first, &err), GIS_OK);
    unlink(path);
    int rc = gis_store_open_another(first, &bad, &err);
    ck_assert_fails_with(rc, err, GIS_EDB, "other.sqlite");
    ck_assert_ptr_null(bad);
    gis_store_close(first);
}
END_TEST

static Suite *gis_store_query_suite(void)
{
    Suite *su = suite_create("store_query");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_query_catalogue);
    tcase_add_test(tc, test_query_counts_filters_paging);
    tcase_add_test(tc, test_query_bbox_and_fid);
    tcase_add_test(tc, test_tokens);
    tcase_add_test(tc, test_store_open_another);
    suite_add_tcase(su, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_query_errors);
    suite_add_tcase(su, tc);
    return su;
}

CHECK_MAIN(gis_store_query_suite)
