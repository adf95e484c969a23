/*
 * Tests the server's handlers through the router with plain srv_req structs (no socket): OGC
 * API documents, paging, problem bodies, restricted graves, ETag/304, gzip, the static web
 * folder and its traversal guards, metrics.
 */
#include <check.h>
#include <jansson.h>
#include <string.h>
#include <zlib.h>

#include "gis/store_tokens.h"
#include "server/app.h"
#include "server/reply.h"
#include "server/req.h"
#include "server/router.h"
#include "tests/server/fixture.h"
#include "tests/support/check_main.h"

static fx f;
static srv_app *app;
static char web[160];
static char token[128];

static void setup(void)
{
    fx_create(&f);
    gis_error err = {0};
    gis_store *s = NULL;
    char *t = NULL;
    ck_assert_int_eq(gis_store_open(f.path, 0, &s, &err), GIS_OK);
    ck_assert_int_eq(gis_store_token_add(s, "t", &t, &err), GIS_OK);
    snprintf(token, sizeof token, "Bearer %s", t);
    free(t);
    gis_store_close(s);
    snprintf(web, sizeof web, "%s/web", f.dir);
    ck_assert_int_eq(mkdir(web, 0755), 0);
    char p[200];
    snprintf(p, sizeof p, "%s/index.html", web);
    FILE *fp = fopen(p, "w");
    fputs("<html>map</html>", fp);
    fclose(fp);
    snprintf(p, sizeof p, "%s/secret.txt", f.dir);
    fp = fopen(p, "w");
    fputs("secret", fp);
    fclose(fp);
    srv_config cfg = {.db_path = f.path, .web_dir = web, .map_number = "测试号", .port = 8080};
    ck_assert_int_eq(srv_app_new(&cfg, 2, &app, &err), GIS_OK);
}

static void teardown(void)
{
    srv_app_free(app);
    fx_destroy(&f);
}

/* Runs path?args through the router and srv_reply_finish; the caller clears req. */
static void get(srv_req *req, const char *path, const char *const *kv, size_t n_kv)
{
    srv_req_init(req, app, "GET", path);
    for (size_t i = 0; i + 1 < n_kv; i += 2)
        srv_req_add_arg(req, kv[i], kv[i + 1]);
    srv_router_dispatch(req);
    srv_reply_finish(req);
}

static json_t *body_json(const srv_req *req)
{
    json_error_t je;
    json_t *j = json_loadb(req->body, req->body_len, 0, &je);
    ck_assert_msg(j != NULL, "body is not JSON: %s", je.text);
    return j;
}

static const char *header(const srv_req *req, const char *key)
{
    for (size_t i = 0; i < req->n_headers; i++)
        if (strcmp(req->headers[i].key, key) == 0)
            return req->headers[i].value;
    return NULL;
}

START_TEST(test_router_landing_and_collections)
{
    srv_req req;
    get(&req, "/", NULL, 0);
    ck_assert_int_eq(req.status, 200);
    ck_assert_str_eq(req.content_type, SRV_CT_JSON);
    srv_req_clear(&req);
    get(&req, "/collections", NULL, 0);
    json_t *j = body_json(&req);
    ck_assert_int_eq(json_array_size(json_object_get(j, "collections")), 9);
    ck_assert_ptr_null(strstr(req.body, "graves"));
    json_decref(j);
    srv_req_clear(&req);
    srv_req_init(&req, app, "GET", "/collections");
    req.authorization = token;
    srv_router_dispatch(&req);
    ck_assert_ptr_nonnull(strstr(req.body, "\"graves\""));
    srv_req_clear(&req);
    const char *html[] = {"f", "html"};
    get(&req, "/collections/villages/items", html, 2);
    ck_assert_str_eq(req.content_type, SRV_CT_HTML);
    ck_assert_ptr_nonnull(strstr(req.body, "乙村"));
    srv_req_clear(&req);
}
END_TEST

START_TEST(test_router_items)
{
    srv_req req;
    const char *args[] = {"limit", "2", "parent_code", "420625100"};
    get(&req, "/collections/villages/items", args, 2);
    json_t *j = body_json(&req);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "numberMatched")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "numberReturned")), 2);
    ck_assert_ptr_nonnull(strstr(req.body, "\"rel\":\"next\""));
    json_decref(j);
    srv_req_clear(&req);
    get(&req, "/collections/villages/items", args, 4);
    j = body_json(&req);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "numberMatched")), 2);
    json_decref(j);
    ck_assert_str_eq(header(&req, "Content-Crs"), "<"
                                                  "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
                                                  ">");
    srv_req_clear(&req);
    const char *bbox[] = {"bbox", "32.01,111.21,32.02,111.22", "bbox-crs", "EPSG:4490"};
    get(&req, "/collections/villages/items", bbox, 4);
    j = body_json(&req);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "numberMatched")), 1);
    ck_assert_ptr_nonnull(strstr(req.body, "丙村"));
    json_decref(j);
    srv_req_clear(&req);
    get(&req, "/collections/villages/queryables", NULL, 0);
    j = body_json(&req);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_object_get(j, "properties"), "parent_code"), "type")),
                     "string");
    ck_assert_ptr_null(json_object_get(json_object_get(j, "properties"), "population"));
    json_decref(j);
    srv_req_clear(&req);
    get(&req, "/collections/graves/queryables", NULL, 0);
    ck_assert_int_eq(req.status, 401);
    srv_req_clear(&req);
    get(&req, "/collections/villages/items/5", NULL, 0);
    ck_assert_int_eq(req.status, 200);
    ck_assert_ptr_nonnull(strstr(req.body, "乙村"));
    srv_req_clear(&req);
}
END_TEST

START_TEST(test_router_errors)
{
    srv_req req;
    const char *bad[] = {"limit", "x"};
    get(&req, "/collections/villages/items", bad, 2);
    ck_assert_int_eq(req.status, 400);
    json_t *j = body_json(&req);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
                     "EINVAL");
    json_decref(j);
    srv_req_clear(&req);
    get(&req, "/collections/nope/items", NULL, 0);
    ck_assert_int_eq(req.status, 404);
    srv_req_clear(&req);
    get(&req, "/collections/villages/items/99", NULL, 0);
    ck_assert_int_eq(req.status, 404);
    srv_req_clear(&req);
    srv_req_init(&req, app, "PUT", "/collections");
    srv_router_dispatch(&req);
    ck_assert_int_eq(req.status, 405);
    ck_assert_str_eq(header(&req, "Allow"), "GET, HEAD, OPTIONS");
    srv_req_clear(&req);
    get(&req, "/collections/graves/items", NULL, 0);
    ck_assert_int_eq(req.status, 401);
    ck_assert_ptr_null(strstr(req.body, "王某"));
    srv_req_clear(&req);
    srv_req_init(&req, app, "GET", "/collections/graves/items");
    req.authorization = "Bearer jw_0000000000000000000000";
    srv_router_dispatch(&req);
    ck_assert_int_eq(req.status, 403);
    srv_req_clear(&req);
    srv_req_init(&req, app, "GET", "/collections/graves/items");
    req.authorization = token;
    srv_router_dispatch(&req);
    ck_assert_int_eq(req.status, 200);
    ck_assert_ptr_nonnull(strstr(req.body, "王某"));
    srv_req_clear(&req);
}
END_TEST

START_TEST(test_router_etag_gzip)
{
    srv_req req;
    const char *args[] = {"limit", "3"};
    get(&req, "/collections/villages/items", args, 2);
    char etag[128];
    snprintf(etag, sizeof etag, "%s", header(&req, "ETag"));
    size_t plain = req.body_len;
    srv_req_clear(&req);
    srv_req_init(&req, app, "GET", "/collections/villages/items");
    srv_req_add_arg(&req, "limit", "3");
    req.if_none_match = etag;
    srv_router_dispatch(&req);
    srv_reply_finish(&req);
    ck_assert_int_eq(req.status, 304);
    ck_assert_int_eq(req.body_len, 0);
    srv_req_clear(&req);
    srv_req_init(&req, app, "GET", "/collections/villages/items");
    srv_req_add_arg(&req, "limit", "3");
    req.accept_encoding = "br, gzip";
    srv_router_dispatch(&req);
    srv_reply_finish(&req);
    ck_assert_str_eq(header(&req, "Content-Encoding"), "gzip");
    ck_assert_int_lt(req.body_len, plain);
    unsigned char out[65536];
    z_stream zs = {0};
    inflateInit2(&zs, 15 + 16);
    zs.next_in = (unsigned char *)req.body;
    zs.avail_in = (uInt)req.body_len;
    zs.next_out = out;
    zs.avail_out = sizeof out;
    ck_assert_int_eq(inflate(&zs, Z_FINISH), Z_STREAM_END);
    ck_assert_int_eq(zs.total_out, plain);
    inflateEnd(&zs);
    srv_req_clear(&req);
}
END_TEST

START_TEST(test_router_static)
{
    srv_req req;
    get(&req, "/map", NULL, 0);
    ck_assert_int_eq(req.status, 200);
    ck_assert_int_ge(req.fd, 0);
    ck_assert_int_eq(req.fd_len, 16);
    srv_req_clear(&req);
    const char *bad[] = {"/web/../secret.txt",
                         "/web/./index.html",
                         "/web/.hidden.txt",
                         "/web/node_modules/x.js",
                         "/web/index.sh",
                         "/web/",
                         "/web/vendor/maplibre-gl/../../secret.txt",
                         "/web/a//b.js"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        get(&req, bad[i], NULL, 0);
        ck_assert_msg(req.status == 404, "%s gave %d", bad[i], req.status);
        srv_req_clear(&req);
    }
    get(&req, "/web/config.json", NULL, 0);
    json_t *j = body_json(&req);
    ck_assert_str_eq(json_string_value(json_object_get(j, "map_number")), "测试号");
    ck_assert(json_is_null(json_object_get(j, "tianditu_token")));
    json_decref(j);
    srv_req_clear(&req);
}
END_TEST

START_TEST(test_router_metrics)
{
    srv_req req;
    srv_metrics_observe(&app->metrics, 200, 0.002, 10);
    srv_metrics_observe(&app->metrics, 404, 3.0, 10);
    get(&req, "/metrics", NULL, 0);
    ck_assert_str_eq(req.content_type, SRV_CT_PROMETHEUS);
    ck_assert_ptr_nonnull(strstr(req.body, "jiewang_http_requests_total{code=\"404\"} 1"));
    ck_assert_ptr_nonnull(strstr(req.body, "_bucket{le=\"0.0025\"} 1"));
    ck_assert_ptr_nonnull(strstr(req.body, "_bucket{le=\"+Inf\"} 2"));
    srv_req_clear(&req);
    get(&req, "/healthz", NULL, 0);
    ck_assert_int_eq(req.status, 200);
    srv_req_clear(&req);
}
END_TEST

static Suite *srv_router_suite(void)
{
    Suite *s = suite_create("router");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_router_landing_and_collections);
    tcase_add_test(tc, test_router_items);
    tcase_add_test(tc, test_router_etag_gzip);
    tcase_add_test(tc, test_router_static);
    tcase_add_test(tc, test_router_metrics);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_router_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(srv_router_suite)
