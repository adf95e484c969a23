/*
 * Fuzzes the server's request handling without sockets: the router and every handler behind
 * it (server/router.h), over a small store with villages, a cemetery, graves and one token.
 * Line 0 is the method and path ("GET /collections/villages/items"; a line without a space is
 * a GET path), the following lines are "key=value" query arguments, except "A:value" (the
 * Authorization header), "E:value" (If-None-Match), "H:value" (Accept) and "C:value"
 * (Accept-Encoding). Oracles: no 5xx status for any request; no grave owner in any body unless
 * the request carried the valid token; every 4xx body is a JSON problem.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "gis/ctx.h"
#include "gis/geom.h"
#include "gis/store.h"
#include "gis/store_facilities.h"
#include "gis/store_tokens.h"
#include "gis/store_units.h"
#include "server/app.h"
#include "server/reply.h"
#include "server/req.h"
#include "server/router.h"
#include "tests/fuzz/fuzz_input.h"

#define OWNER "FUZZ秘密墓主"

static srv_app *app;
static char token[128];
static char dir[64];

static void must(int rc, const gis_error *err)
{
    if (rc != GIS_OK) {
        fprintf(stderr, "fuzz_router setup: %s\n", err->msg);
        abort();
    }
}

static void unit(gis_ctx *ctx, gis_store *s, const char *code, const char *name, const char *level,
                 const char *parent, const char *wkt)
{
    gis_error err = {0};
    gis_unit u = {0};
    u.code = (char *)code;
    u.name = (char *)name;
    u.level = (char *)level;
    u.parent_code = (char *)parent;
    u.population = 1000;
    u.older_population = -1;
    must(gis_geom_from_wkt(ctx, wkt, &u.geom, &err), &err);
    must(gis_store_unit_insert(ctx, s, &u, 0, &err), &err);
    gis_geom_free(ctx, u.geom);
}

static void cleanup(void)
{
    char p[128];
    srv_app_free(app);
    const char *files[] = {"t.sqlite", "t.sqlite-wal", "t.sqlite-shm", "web/index.html"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/web", dir);
    rmdir(p);
    rmdir(dir);
}

static void make_store(const char *path)
{
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    gis_error err = {0};
    must(gis_ctx_new(&ctx, &err), &err);
    must(gis_store_open(path, GIS_STORE_CREATE, &s, &err), &err);
    unit(ctx, s, "420625", "谷城县", "county", NULL,
         "POLYGON((111 32,111.3 32,111.3 32.1,111 32.1,111 32))");
    unit(ctx, s, "420625100", "城关镇", "township", "420625",
         "POLYGON((111 32,111.3 32,111.3 32.1,111 32.1,111 32))");
    unit(ctx, s, "420625100201", "甲村\"<b>", "village", "420625100",
         "POLYGON((111 32,111.1 32,111.1 32.1,111 32.1,111 32))");
    unit(ctx, s, "420625100202", "乙村", "village", "420625100",
         "POLYGON((111.1 32,111.3 32,111.3 32.1,111.1 32.1,111.1 32))");
    gis_facility fac = {0};
    fac.kind = "public_cemetery";
    fac.name = "甲村公墓";
    fac.village_code = "420625100201";
    fac.capacity = 500;
    fac.used = 100;
    fac.beds = -1;
    must(gis_geom_from_wkt(ctx, "POINT(111.05 32.05)", &fac.geom, &err), &err);
    must(gis_store_facility_insert(ctx, s, &fac, 0, &err), &err);
    gis_geom_free(ctx, fac.geom);
    gis_grave g = {0};
    g.owner = OWNER;
    g.village_code = "420625100202";
    g.status = "identified";
    must(gis_geom_from_wkt(ctx, "POINT(111.15 32.05)", &g.geom, &err), &err);
    must(gis_store_grave_insert(ctx, s, &g, 0, &err), &err);
    gis_geom_free(ctx, g.geom);
    char *t = NULL;
    must(gis_store_token_add(s, "fuzz", &t, &err), &err);
    snprintf(token, sizeof token, "Bearer %s", t);
    free(t);
    gis_store_close(s);
    gis_ctx_free(ctx);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "/tmp/jw_fuzz_router_XXXXXX");
    if (!mkdtemp(dir))
        abort();
    char path[128], web[128];
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
    snprintf(web, sizeof web, "%s/web", dir);
    make_store(path);
    mkdir(web, 0755);
    char p[160];
    snprintf(p, sizeof p, "%s/index.html", web);
    FILE *fp = fopen(p, "w");
    if (fp) {
        fputs("<html>map</html>", fp);
        fclose(fp);
    }
    static char db[128], webdir[128];
    memcpy(db, path, sizeof db);
    memcpy(webdir, web, sizeof webdir);
    srv_config cfg = {.db_path = db, .web_dir = webdir, .port = 8080, .cache_mb = 4};
    gis_error err = {0};
    must(srv_app_new(&cfg, 1, &app, &err), &err);
    atexit(cleanup);
    return 0;
}

/* True when needle occurs in the n bytes at hay (memmem is a GNU extension). */
static bool contains(const void *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    const char *h = hay;
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (h[i] == needle[0] && memcmp(h + i, needle, k) == 0)
            return true;
    return false;
}

/* True when body (gzip-compressed or not) contains the grave owner's name. */
static bool leaks_owner(const void *body, size_t len)
{
    if (!body)
        return false;
    if (contains(body, len, OWNER))
        return true;
    const unsigned char *b = body;
    if (len < 2 || b[0] != 0x1f || b[1] != 0x8b)
        return false;
    static unsigned char plain[1 << 22];
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return false;
    zs.next_in = (unsigned char *)b;
    zs.avail_in = (uInt)len;
    zs.next_out = plain;
    zs.avail_out = sizeof plain;
    inflate(&zs, Z_FINISH);
    size_t n = sizeof plain - zs.avail_out;
    inflateEnd(&zs);
    return contains(plain, n, OWNER);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lines l;
    if (!fuzz_lines_split(data, size, &l))
        return 0;
    char *first = (char *)l.line[0];
    const char *method = "GET", *path = first;
    char *sp = strchr(first, ' ');
    if (sp) {
        *sp = '\0';
        method = first;
        path = sp + 1;
    }
    if (path[0] != '/') /* MHD only hands over paths starting with '/' */
        goto done;
    srv_req req;
    srv_req_init(&req, app, method, path);
    /* Text echoed from the request (an unknown parameter's name) may legitimately hold the
     * owner's name: then the leak oracle cannot tell, and is skipped. */
    bool authorised = contains(data, size, OWNER);
    for (size_t i = 1; i < l.n; i++) {
        char *kv = (char *)l.line[i];
        if (kv[0] && kv[1] == ':') {
            const char *v = kv + 2;
            switch (kv[0]) {
            case 'A':
                if (strcmp(v, "T") == 0)
                    v = token; /* "A:T" stands for the valid token */
                req.authorization = v;
                authorised |= v == token;
                continue;
            case 'E':
                req.if_none_match = v;
                continue;
            case 'H':
                req.accept = v;
                continue;
            case 'C':
                req.accept_encoding = v;
                continue;
            default:
                break;
            }
        }
        char *eq = strchr(kv, '=');
        if (eq)
            *eq = '\0';
        srv_req_add_arg(&req, kv, eq ? eq + 1 : "");
    }
    srv_router_dispatch(&req);
    if (!authorised && (leaks_owner(req.body, req.body_len) || leaks_owner(req.ext, req.ext_len)))
        __builtin_trap();
    srv_reply_finish(&req);
    if (req.status >= 500) {
        fprintf(stderr, "status %d for %s %s: %s\n", req.status, method, path, req.log_detail);
        __builtin_trap();
    }
    if (!authorised && (leaks_owner(req.body, req.body_len) || leaks_owner(req.ext, req.ext_len))) {
        fprintf(stderr, "grave owner in the reply to %s %s without the token\n", method, path);
        __builtin_trap();
    }
    srv_req_clear(&req);
done:
    fuzz_lines_free(&l);
    return 0;
}
