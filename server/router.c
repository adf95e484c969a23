/*
 * This file implements the route table and path matching of server/router.h. Paths are split
 * on '/' into at most MAX_SEGMENTS segments; a trailing slash is ignored. The /web/ prefix
 * passes the rest of the path to the static handler as one parameter.
 */
#include "server/router.h"

#include <string.h>

#include "server/handlers.h"
#include "server/reply.h"

#define MAX_SEGMENTS 8
#define MAX_PATH 1024

typedef struct route {
    const char *pattern[MAX_SEGMENTS]; /* segments, "*" matches one; NULL-terminated */
    srv_handler_fn fn;
} route;

static const route ROUTES[] = {
    {{NULL}, srv_h_landing},
    {{"conformance", NULL}, srv_h_conformance},
    {{"api", NULL}, srv_h_api},
    {{"collections", NULL}, srv_h_collections},
    {{"collections", "*", NULL}, srv_h_collection},
    {{"collections", "*", "items", NULL}, srv_h_items},
    {{"collections", "*", "items", "*", NULL}, srv_h_item},
    {{"collections", "*", "queryables", NULL}, srv_h_queryables},
    {{"tiles", "*", NULL}, srv_h_tilejson},
    {{"tiles", "*", "*", "*", "*", NULL}, srv_h_tile},
    {{"healthz", NULL}, srv_h_healthz},
    {{"metrics", NULL}, srv_h_metrics},
    {{"map", NULL}, srv_h_map},
};

static size_t split(const char *path, char *buf, const char **seg, bool *too_many)
{
    size_t n = 0;
    strcpy(buf, path);
    *too_many = false;
    for (char *p = buf; *p;) {
        while (*p == '/')
            p++;
        if (*p == '\0')
            break;
        if (n == MAX_SEGMENTS) {
            *too_many = true;
            break;
        }
        seg[n++] = p;
        char *slash = strchr(p, '/');
        if (slash == NULL)
            break;
        *slash = '\0';
        p = slash + 1;
    }
    return n;
}

static bool is_read_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

void srv_router_dispatch(srv_req *req)
{
    if (strcmp(req->method, "OPTIONS") == 0 && req->app->cfg.cors_origin != NULL) {
        srv_reply_preflight(req);
        return;
    }
    if (!is_read_method(req->method)) {
        srv_reply_method_not_allowed(req);
        return;
    }
    size_t len = strlen(req->path);
    if (req->path[0] != '/' || len >= MAX_PATH) {
        srv_reply_error(req, GIS_ENOTFOUND, "no such resource");
        return;
    }
    if (req->too_many_args) {
        srv_reply_error(req, GIS_EINVAL, "too many query parameters (at most %d)", SRV_MAX_ARGS);
        return;
    }
    if (strncmp(req->path, "/web/", 5) == 0) {
        const char *rest = req->path + 5;
        srv_h_web(req, &rest, 1);
        return;
    }
    char buf[MAX_PATH];
    const char *seg[MAX_SEGMENTS];
    bool too_many = false;
    size_t n = split(req->path, buf, seg, &too_many);
    for (size_t r = 0; !too_many && r < sizeof ROUTES / sizeof ROUTES[0]; r++) {
        const char *const *pat = ROUTES[r].pattern;
        const char *params[MAX_SEGMENTS];
        size_t n_params = 0, i = 0;
        for (; i < n && pat[i] != NULL; i++) {
            if (strcmp(pat[i], "*") == 0)
                params[n_params++] = seg[i];
            else if (strcmp(pat[i], seg[i]) != 0)
                break;
        }
        if (i == n && (i == MAX_SEGMENTS || pat[i] == NULL)) {
            ROUTES[r].fn(req, params, n_params);
            return;
        }
    }
    srv_reply_error(req, GIS_ENOTFOUND, "no such resource");
}
