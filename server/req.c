/*
 * This file implements srv_req: argument lookup, worker checkout, the request origin for
 * absolute links, content negotiation and cleanup.
 */
#include "server/req.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void srv_req_init(srv_req *req, srv_app *app, const char *method, const char *path)
{
    memset(req, 0, sizeof *req);
    req->app = app;
    req->method = method;
    req->path = path;
    req->fd = -1;
    req->status = 200;
}

void srv_req_add_arg(srv_req *req, const char *key, const char *value)
{
    if (req->n_args >= SRV_MAX_ARGS) {
        req->too_many_args = true;
        return;
    }
    req->args[req->n_args].key = key ? key : "";
    req->args[req->n_args].value = value;
    req->n_args++;
}

const char *srv_req_arg(const srv_req *req, const char *key)
{
    for (size_t i = 0; i < req->n_args; i++)
        if (strcmp(req->args[i].key, key) == 0)
            return req->args[i].value ? req->args[i].value : "";
    return NULL;
}

srv_worker *srv_req_worker(srv_req *req)
{
    if (req->w == NULL)
        req->w = srv_ctxpool_get(req->app->pool);
    return req->w;
}

/* A Host header is used in links only when it is a plain host[:port]: no injection of
 * markup, paths or other schemes into documents. */
static bool is_sane_host(const char *h)
{
    size_t n = h ? strlen(h) : 0;
    if (n == 0 || n > 100)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
        if (!ok)
            return false;
    }
    return true;
}

const char *srv_req_origin(const srv_req *req, char *buf, size_t n)
{
    if (is_sane_host(req->host))
        snprintf(buf, n, "http://%s", req->host);
    else
        snprintf(buf, n, "%s", req->app->origin);
    return buf;
}

static void append_encoded(char *buf, size_t n, size_t *len, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s && *len + 4 < n; s++) {
        unsigned char c = (unsigned char)*s;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_' || c == '.' || c == '~' || c == ',' || c == ':';
        if (plain) {
            buf[(*len)++] = (char)c;
        } else {
            buf[(*len)++] = '%';
            buf[(*len)++] = hex[c >> 4];
            buf[(*len)++] = hex[c & 15];
        }
    }
    buf[*len] = '\0';
}

static void append_arg(char *buf, size_t n, size_t *len, bool *first, const char *k, const char *v)
{
    if (*len + 2 >= n)
        return;
    buf[(*len)++] = *first ? '?' : '&';
    buf[*len] = '\0';
    *first = false;
    append_encoded(buf, n, len, k);
    if (*len + 2 < n) {
        buf[(*len)++] = '=';
        buf[*len] = '\0';
    }
    append_encoded(buf, n, len, v);
}

const char *srv_req_url(const srv_req *req, const srv_kv *overrides, size_t n_overrides, char *buf,
                        size_t n)
{
    char origin[128];
    snprintf(buf, n, "%s%s", srv_req_origin(req, origin, sizeof origin), req->path);
    size_t len = strlen(buf);
    bool first = true;
    bool used[16] = {false};
    for (size_t i = 0; i < req->n_args; i++) {
        const char *v = req->args[i].value ? req->args[i].value : "";
        bool skip = false;
        for (size_t o = 0; o < n_overrides && o < 16; o++)
            if (strcmp(overrides[o].key, req->args[i].key) == 0) {
                skip = used[o] || overrides[o].value == NULL;
                v = overrides[o].value;
                used[o] = true;
            }
        if (!skip)
            append_arg(buf, n, &len, &first, req->args[i].key, v);
    }
    for (size_t o = 0; o < n_overrides && o < 16; o++)
        if (!used[o] && overrides[o].value != NULL)
            append_arg(buf, n, &len, &first, overrides[o].key, overrides[o].value);
    return buf;
}

bool srv_req_wants_html(const srv_req *req)
{
    const char *f = srv_req_arg(req, "f");
    if (f != NULL)
        return strcmp(f, "html") == 0;
    if (req->accept == NULL)
        return false;
    /* Browsers send text/html first; programs (GDAL, QGIS, curl) do not ask for it. */
    const char *html = strstr(req->accept, "text/html");
    const char *json = strstr(req->accept, "json");
    return html != NULL && (json == NULL || html < json);
}

void srv_req_clear(srv_req *req)
{
    free(req->body);
    req->body = NULL;
    for (size_t i = 0; i < req->n_headers; i++)
        free((char *)req->headers[i].value);
    req->n_headers = 0;
    if (req->fd >= 0)
        close(req->fd);
    req->fd = -1;
    if (req->ext_ref != NULL && req->ext_release != NULL)
        req->ext_release(req->ext_ref);
    req->ext_ref = NULL;
    req->ext = NULL;
    if (req->w != NULL)
        srv_ctxpool_put(req->app->pool, req->w);
    req->w = NULL;
}
