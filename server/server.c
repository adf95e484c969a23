/*
 * This file implements srv_server_run(): the bind-address policy (loopback unless allowed),
 * libmicrohttpd start-up with a thread pool, connection limits and timeouts, the access
 * handler that turns an MHD request into a srv_req, dispatches it and sends the reply, the
 * access log line and metrics per request, and shutdown when the stop flag rises.
 * It is the only file besides none other that includes microhttpd.h.
 */
#include "server/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/app.h"
#include "server/reply.h"
#include "server/req.h"
#include "server/router.h"

/* Per connection: request line, headers and reply headers. MHD clears the pool per request,
 * so a larger one costs memset time on every tile. */
#define MEMORY_LIMIT (16 * 1024)

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    srv_req_add_arg(cls, key, value);
    return MHD_YES;
}

/* MHD's own decoding (MHD_http_unescape) lets a decoded %00 end the path and the argument
 * strings, so "/web/index.html%00.png" would be served as "/web/index.html" (README.md, R5).
 * This decoder is the same but turns every decoded NUL into DEL (0x7f), which on_request
 * refuses with 400 before routing. */
static size_t unescape_marking_nul(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    size_t n = MHD_http_unescape(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0')
            s[i] = 0x7f;
    return n;
}

static bool has_del(const char *s)
{
    return s != NULL && strchr(s, 0x7f) != NULL;
}

/* True when the decoded path or any query argument held %00 (or %7F). */
static bool has_nul_byte(const srv_req *req)
{
    if (has_del(req->path))
        return true;
    for (size_t i = 0; i < req->n_args; i++)
        if (has_del(req->args[i].key) || has_del(req->args[i].value))
            return true;
    return false;
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static struct MHD_Response *make_response(srv_req *req)
{
    struct MHD_Response *r;
    if (req->fd >= 0) {
        r = MHD_create_response_from_fd(req->fd_len, req->fd);
        if (r != NULL)
            req->fd = -1; /* MHD closes it */
    } else if (req->ext != NULL) {
        r = MHD_create_response_from_buffer_with_free_callback_cls(req->ext_len, (void *)req->ext,
                                                                   req->ext_release, req->ext_ref);
        if (r != NULL)
            req->ext_ref = NULL; /* MHD releases it */
    } else if (req->body != NULL) {
        r = MHD_create_response_from_buffer_with_free_callback(req->body_len, req->body, free);
        if (r != NULL)
            req->body = NULL; /* MHD frees it */
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (r == NULL)
        return NULL;
    if (req->content_type != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
    if (req->cache_control != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, req->cache_control);
    for (size_t i = 0; i < req->n_headers; i++)
        MHD_add_response_header(r, req->headers[i].key, req->headers[i].value);
    const srv_config *cfg = &req->app->cfg;
    for (size_t i = 0; SRV_SECURITY_HEADERS[i][0] != NULL; i++) {
        const char *key = SRV_SECURITY_HEADERS[i][0];
        if (cfg->frame_ancestors != NULL && strcmp(key, "X-Frame-Options") == 0)
            continue;
        if (cfg->frame_ancestors != NULL && strcmp(key, "Content-Security-Policy") == 0) {
            char csp[1024];
            srv_reply_csp_embeddable(cfg, csp, sizeof csp);
            MHD_add_response_header(r, key, csp);
            continue;
        }
        MHD_add_response_header(r, key, SRV_SECURITY_HEADERS[i][1]);
    }
    return r;
}

/* Writes printable ASCII of s (paths are decoded and may hold control bytes). */
static void clean(char *out, size_t n, const char *s)
{
    size_t i = 0;
    for (; s && *s && i + 1 < n; s++)
        out[i++] = ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '"') ? '?' : *s;
    out[i] = '\0';
}

static void access_log(const srv_app *app, struct MHD_Connection *c, const srv_req *req,
                       double seconds, size_t bytes)
{
    if (app->cfg.access_log == NULL)
        return;
    char ip[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip,
                      sizeof ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip,
                      sizeof ip);
    }
    char path[512], method[16], when[32], line[1024];
    clean(path, sizeof path, req->path);
    clean(method, sizeof method, req->method);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(line, sizeof line, "%s %s \"%s %s\" %d %zu %.3fms%s%s", ip, when, method, path,
             req->status, bytes, seconds * 1e3, req->log_detail[0] ? " " : "", req->log_detail);
    app->cfg.access_log(app->cfg.access_log_user, line);
}

static bool has_body(struct MHD_Connection *c, size_t upload_size)
{
    const char *cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
    return upload_size > 0 || header(c, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL ||
           (cl != NULL && strcmp(cl, "0") != 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    (void)upload_data;
    static const char first_call_seen = 1;
    /* MHD calls twice for a request without body; answering on the first call would make it
     * close the connection (the body might be unread), so keep-alive needs the second. A
     * request announcing a body is refused at once. */
    if (*con_cls == NULL && !has_body(c, *upload_data_size)) {
        *con_cls = (void *)&first_call_seen;
        return MHD_YES;
    }
    srv_app *app = cls;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    srv_req req;
    srv_req_init(&req, app, method, url);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &req);
    req.accept = header(c, MHD_HTTP_HEADER_ACCEPT);
    req.accept_encoding = header(c, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    req.if_none_match = header(c, MHD_HTTP_HEADER_IF_NONE_MATCH);
    req.authorization = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
    req.host = header(c, MHD_HTTP_HEADER_HOST);
    if (has_body(c, *upload_data_size))
        srv_reply_body_refused(&req);
    else if (has_nul_byte(&req))
        srv_reply_error(
            &req, GIS_EINVAL,
            "the request path or a query parameter holds a NUL (%%00) or DEL (%%7F) byte");
    else
        srv_router_dispatch(&req);
    srv_reply_finish(&req);
    size_t bytes = req.fd >= 0 ? req.fd_len : req.ext ? req.ext_len : req.body_len;
    int status = req.status;
    enum MHD_Result ret = MHD_NO;
    struct MHD_Response *r = make_response(&req);
    if (r != NULL) {
        ret = MHD_queue_response(c, (unsigned)status, r);
        MHD_destroy_response(r);
    }
    /* Any body left (response creation failed) and the worker go back now. */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    srv_metrics_observe(&app->metrics, status, seconds, bytes);
    access_log(app, c, &req, seconds, bytes);
    srv_req_clear(&req);
    return ret;
}

/* Parses the bind address into sa; refuses non-loopback addresses unless allowed. */
static int bind_address(const srv_config *cfg, struct sockaddr_storage *sa, bool *v6,
                        gis_error *err)
{
    const char *bind = cfg->bind && cfg->bind[0] ? cfg->bind : "127.0.0.1";
    memset(sa, 0, sizeof *sa);
    if (cfg->port < 0 || cfg->port > 65535)
        return GIS_ERR(err, GIS_EINVAL, "port %d out of range 0..65535", cfg->port);
    struct sockaddr_in *s4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;
    bool loopback;
    if (inet_pton(AF_INET, bind, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)cfg->port);
        loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
        *v6 = false;
    } else if (inet_pton(AF_INET6, bind, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)cfg->port);
        loopback = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
        *v6 = true;
    } else {
        return GIS_ERR(err, GIS_EINVAL, "bind address '%.64s' is not an IPv4 or IPv6 address",
                       bind);
    }
    if (!loopback && !cfg->allow_public_bind)
        return GIS_ERR(err, GIS_EINVAL,
                       "refusing to listen on non-loopback address %s without "
                       "--allow-public-bind (it would publish the data to the network)",
                       bind);
    return GIS_OK;
}

static void start_url(srv_app *app, const char *bind, bool v6, int port)
{
    snprintf(app->origin, sizeof app->origin, v6 ? "http://[%s]:%d" : "http://%s:%d", bind, port);
}

int srv_server_run(const srv_config *cfg, volatile sig_atomic_t *stop, gis_error *err)
{
    struct sockaddr_storage sa;
    bool v6 = false;
    int rc = bind_address(cfg, &sa, &v6, err);
    if (rc != GIS_OK)
        return rc;
    int threads = srv_app_thread_count(cfg);
    srv_app *app = NULL;
    if ((rc = srv_app_new(cfg, threads, &app, err)) != GIS_OK)
        return rc;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | (v6 ? MHD_USE_IPv6 : 0);
    unsigned limit = cfg->connection_limit > 0 ? (unsigned)cfg->connection_limit : 1024;
    unsigned timeout = cfg->timeout_s > 0 ? (unsigned)cfg->timeout_s : 15;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT, limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, limit, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT, MHD_OPTION_UNESCAPE_CALLBACK,
        unescape_marking_nul, NULL, MHD_OPTION_END);
    if (d == NULL) {
        srv_app_free(app);
        return GIS_ERR(err, GIS_EIO, "cannot listen on %s port %d (in use, or not permitted)",
                       cfg->bind ? cfg->bind : "127.0.0.1", cfg->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = info ? (int)info->port : cfg->port;
    start_url(app, cfg->bind && cfg->bind[0] ? cfg->bind : "127.0.0.1", v6, port);
    if (cfg->on_ready != NULL) {
        char url[200];
        snprintf(url, sizeof url, "%s/", app->origin);
        cfg->on_ready(cfg->on_ready_user, url, port);
    }
    while (!*stop) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    srv_app_free(app);
    return GIS_OK;
}
