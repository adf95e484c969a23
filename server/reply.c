/*
 * This file implements replies: JSON bodies, owned buffers and files, the problem body for
 * errors (the only place that turns status codes into HTTP statuses), authentication errors,
 * and the finishing steps every reply goes through (ETag/304, gzip, CORS and security
 * headers). It does not talk to libmicrohttpd: server.c sends what is left in srv_req.
 */
#include "server/reply.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* The web map loads MapLibre from /web/vendor, its style and tiles from here, and Tianditu
 * base tiles; MapLibre starts its workers from blob: URLs. */
#define CSP_BASE                                                                                   \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                    \
    "img-src 'self' data: blob: https://*.tianditu.gov.cn http://*.tianditu.gov.cn; "              \
    "connect-src 'self' https://*.tianditu.gov.cn http://*.tianditu.gov.cn; "                      \
    "worker-src 'self' blob:; child-src blob:; font-src 'self' data:; object-src 'none'; "         \
    "base-uri 'none'; form-action 'self'; "
#define CSP CSP_BASE "frame-ancestors 'none'"

#define GZIP_MIN_BYTES 512

int srv_reply_status_of(int code)
{
    switch (code) {
    case GIS_OK:
        return 200;
    case GIS_EINVAL:
        return 400;
    case GIS_EAUTH:
        return 401;
    case GIS_ENOTFOUND:
        return 404;
    case GIS_EBUSY:
        return 503;
    default:
        return 500;
    }
}

static void set_body(srv_req *req, int status, char *body, size_t len, const char *ctype)
{
    free(req->body);
    if (req->fd >= 0)
        close(req->fd);
    req->fd = -1;
    if (req->ext_ref != NULL && req->ext_release != NULL)
        req->ext_release(req->ext_ref);
    req->ext_ref = NULL;
    req->ext = NULL;
    req->ext_len = 0;
    req->status = status;
    req->body = body;
    req->body_len = body ? len : 0;
    req->content_type = ctype;
}

void srv_reply_owned(srv_req *req, char *body, size_t len, const char *content_type)
{
    set_body(req, 200, body, len, content_type);
    req->may_gzip = true;
    req->may_etag = true;
}

void srv_reply_json(srv_req *req, const json_t *doc, const char *content_type)
{
    char *s = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (s == NULL) {
        srv_reply_error(req, GIS_ENOMEM, "out of memory");
        return;
    }
    srv_reply_owned(req, s, strlen(s), content_type);
}

void srv_reply_shared(srv_req *req, const unsigned char *data, size_t len, const char *ctype,
                      void (*release)(void *ref), void *ref, bool gzipped, const char *etag)
{
    set_body(req, 200, NULL, 0, ctype);
    req->ext = data;
    req->ext_len = len;
    req->ext_release = release;
    req->ext_ref = ref;
    req->may_gzip = false;
    req->may_etag = true;
    if (etag != NULL)
        snprintf(req->etag, sizeof req->etag, "%s", etag);
    if (gzipped)
        srv_reply_header(req, "Content-Encoding", "gzip");
    srv_reply_header(req, "Vary", "Accept-Encoding");
}

void srv_reply_file(srv_req *req, int fd, size_t len, const char *content_type)
{
    set_body(req, 200, NULL, 0, content_type);
    req->fd = fd;
    req->fd_len = len;
    req->may_gzip = false;
    req->may_etag = false;
}

static void problem(srv_req *req, int status, int code, const char *msg)
{
    json_t *doc =
        json_pack("{s:{s:s,s:s}}", "error", "code", gis_status_name(code), "message", msg);
    /* A message that is not UTF-8 (it may quote a client's bytes) is replaced, not lost. */
    if (doc == NULL)
        doc = json_pack("{s:{s:s,s:s}}", "error", "code", gis_status_name(code), "message",
                        "invalid request");
    char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    set_body(req, status, s, s ? strlen(s) : 0, SRV_CT_JSON);
    req->may_gzip = false;
    req->may_etag = false;
    req->cache_control = "no-store";
    req->is_html = false;
}

void srv_reply_error(srv_req *req, int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int status = srv_reply_status_of(code);
    if (status >= 500) {
        snprintf(req->log_detail, sizeof req->log_detail, "%s", msg);
        problem(req, status, code, status == 503 ? "server busy, retry later" : "internal error");
        return;
    }
    problem(req, status, code, msg);
}

void srv_reply_gis_error(srv_req *req, const gis_error *err)
{
    int code = err && err->code != GIS_OK ? err->code : GIS_EIO;
    srv_reply_error(req, code, "%s", err && err->msg[0] ? err->msg : "unknown error");
}

void srv_reply_auth_error(srv_req *req, bool token_given)
{
    if (token_given) {
        problem(req, 403, GIS_EAUTH, "the token is not valid for this collection");
        return;
    }
    problem(req, 401, GIS_EAUTH, "this collection needs 'Authorization: Bearer <token>'");
    srv_reply_header(req, "WWW-Authenticate", "Bearer realm=\"jiewang\"");
}

void srv_reply_method_not_allowed(srv_req *req)
{
    char msg[96];
    snprintf(msg, sizeof msg, "method %.16s is not allowed; use GET or HEAD", req->method);
    problem(req, 405, GIS_EINVAL, msg);
    srv_reply_header(req, "Allow", "GET, HEAD, OPTIONS");
}

void srv_reply_body_refused(srv_req *req)
{
    problem(req, 413, GIS_EINVAL, "requests must not carry a body");
    srv_reply_header(req, "Connection", "close");
}

void srv_reply_preflight(srv_req *req)
{
    set_body(req, 204, NULL, 0, NULL);
    srv_reply_header(req, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    srv_reply_header(req, "Access-Control-Allow-Headers", "Authorization, If-None-Match");
    srv_reply_header(req, "Access-Control-Max-Age", "600");
}

void srv_reply_header(srv_req *req, const char *key, const char *fmt, ...)
{
    if (req->n_headers >= SRV_MAX_HEADERS)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *v = strdup(buf);
    if (v == NULL)
        return;
    req->headers[req->n_headers].key = key;
    req->headers[req->n_headers].value = v;
    req->n_headers++;
}

/* Weak ETag of the uncompressed body: the same for identity and gzip encodings (RFC 9110
 * allows weak validators to be shared by both). */
static void make_etag(const srv_req *req, char out[96])
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)req->body, req->body_len, NULL, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(out, 96, "W/\"%s\"", hex);
}

static bool etag_matches(const char *inm, const char *etag)
{
    if (inm == NULL)
        return false;
    if (strcmp(inm, "*") == 0)
        return true;
    /* Compare the opaque part (between quotes) so strong and weak forms both match. */
    const char *opaque = strchr(etag, '"');
    size_t n = strlen(opaque);
    for (const char *p = strstr(inm, opaque); p; p = strstr(p + 1, opaque))
        if (p[n] == '\0' || p[n] == ',' || p[n] == ' ')
            return true;
    return false;
}

static bool accepts_gzip(const char *ae)
{
    /* Accept-Encoding is a comma-separated list of "coding[;q=x]"; "gzip;q=0" refuses. */
    for (const char *p = ae; p && *p;) {
        p += strspn(p, " \t,");
        size_t n = strcspn(p, ",");
        if (strncmp(p, "gzip", 4) == 0 &&
            (p[4] == ';' || p[4] == ',' || p[4] == ' ' || p[4] == '\0')) {
            const char *q = strstr(p, "q=");
            if (q == NULL || q > p + n)
                return true;
            return strtod(q + 2, NULL) > 0.0;
        }
        p += n;
    }
    return false;
}

static void gzip_body(srv_req *req)
{
    z_stream zs = {0};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return;
    uLong cap = deflateBound(&zs, (uLong)req->body_len) + 32;
    unsigned char *out = malloc(cap);
    if (out != NULL) {
        zs.next_in = (Bytef *)req->body;
        zs.avail_in = (uInt)req->body_len;
        zs.next_out = out;
        zs.avail_out = (uInt)cap;
        if (deflate(&zs, Z_FINISH) == Z_STREAM_END) {
            free(req->body);
            req->body = (char *)out;
            req->body_len = zs.total_out;
            out = NULL;
            srv_reply_header(req, "Content-Encoding", "gzip");
        }
        free(out);
    }
    deflateEnd(&zs);
}

void srv_reply_finish(srv_req *req)
{
    const srv_config *cfg = &req->app->cfg;
    if (req->may_gzip)
        srv_reply_header(req, "Vary", "Accept-Encoding");
    if (req->status == 200 && req->may_etag && (req->body != NULL || req->etag[0])) {
        char etag[96];
        if (req->etag[0])
            snprintf(etag, sizeof etag, "%s", req->etag);
        else
            make_etag(req, etag);
        srv_reply_header(req, "ETag", "%s", etag);
        if (etag_matches(req->if_none_match, etag)) {
            set_body(req, 304, NULL, 0, req->content_type);
            req->may_gzip = false;
        }
    }
    if (req->status == 200 && req->may_gzip && req->body_len >= GZIP_MIN_BYTES &&
        accepts_gzip(req->accept_encoding))
        gzip_body(req);
    req->may_gzip = req->may_etag = false;
    if (req->cache_control == NULL)
        req->cache_control = req->status < 400 ? "no-cache" : "no-store";
    if (cfg->cors_origin != NULL && cfg->cors_origin[0] != '\0')
        srv_reply_header(req, "Access-Control-Allow-Origin", "%s", cfg->cors_origin);
}

void srv_reply_csp_embeddable(const srv_config *cfg, char *out, size_t n)
{
    snprintf(out, n, "%sframe-ancestors %s", CSP_BASE, cfg->frame_ancestors);
}

/* Headers every response carries; server.c adds them without a per-request copy. */
const char *const SRV_SECURITY_HEADERS[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "DENY"},
    {"Content-Security-Policy", CSP},
    {NULL, NULL},
};
