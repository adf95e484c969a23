/*
 * This file declares srv_req, one HTTP request and its reply as handlers see them: a plain
 * struct (method, decoded path, query arguments, the few headers we read) so that tests can
 * call handlers through the router without a socket. The reply part is filled only through
 * server/reply.h. Everything a request allocates hangs off it and is freed by srv_req_clear().
 */
#ifndef SRV_REQ_H
#define SRV_REQ_H

#include <stdbool.h>
#include <stddef.h>

#include "server/app.h"

#define SRV_MAX_ARGS 32
#define SRV_MAX_HEADERS 16

typedef struct srv_kv {
    const char *key;
    const char *value;
} srv_kv;

typedef struct srv_req {
    /* Request: strings borrowed from MHD (or the test) for the request's lifetime. */
    srv_app *app;              /* borrowed */
    const char *method;        /* "GET", "HEAD", ... */
    const char *path;          /* percent-decoded path, starts with '/' */
    srv_kv args[SRV_MAX_ARGS]; /* query arguments in order */
    size_t n_args;
    bool too_many_args;          /* more than SRV_MAX_ARGS were sent */
    const char *accept;          /* Accept header or NULL */
    const char *accept_encoding; /* Accept-Encoding or NULL */
    const char *if_none_match;   /* If-None-Match or NULL */
    const char *authorization;   /* Authorization or NULL */
    const char *host;            /* Host or NULL */
    srv_worker *w;               /* checked out by srv_req_worker(), returned by clear */

    /* Reply: set through server/reply.h only. */
    int status;               /* HTTP status */
    const char *content_type; /* static string */
    char *body;               /* owned body (free()) or NULL */
    size_t body_len;
    const unsigned char *ext; /* shared body (e.g. a cached tile), kept alive by ext_ref */
    size_t ext_len;
    void (*ext_release)(void *ref); /* releases ext_ref; called by clear or by MHD */
    void *ext_ref;
    char etag[96]; /* ETag set by the handler; empty: hash of the body */
    int fd;        /* file body (owned, closed by clear) or -1 */
    size_t fd_len;
    srv_kv headers[SRV_MAX_HEADERS]; /* static keys, owned values */
    size_t n_headers;
    const char *cache_control; /* static string or NULL */
    bool may_gzip;             /* the body may be compressed */
    bool may_etag;             /* compute an ETag and honour If-None-Match */
    bool is_html;              /* HTML page: gets the page security policy */
    char log_detail[256];      /* internal error text for the access log, never sent */
} srv_req;

/** Initialises req for app, method and path (borrowed). */
void srv_req_init(srv_req *req, srv_app *app, const char *method, const char *path);

/** Appends a query argument (borrowed strings); sets too_many_args when full. */
void srv_req_add_arg(srv_req *req, const char *key, const char *value);

/** First value of query argument key, or NULL. */
const char *srv_req_arg(const srv_req *req, const char *key);

/** Checks a worker out of the app's pool for this request (once); returned by clear. */
srv_worker *srv_req_worker(srv_req *req);

/** The request's origin for absolute links: "http://" + a well-formed Host header, else the
 *  listening address. Writes into buf (size n); returns buf. */
const char *srv_req_origin(const srv_req *req, char *buf, size_t n);

/** Writes origin + req->path + "?" + the query arguments, percent-encoded, where each
 *  override replaces the argument of its key (a NULL value removes it; a new key is added).
 *  Truncates to n bytes. Returns buf. */
const char *srv_req_url(const srv_req *req, const srv_kv *overrides, size_t n_overrides, char *buf,
                        size_t n);

/** True when the client asked for HTML (?f=html, or Accept with text/html and no ?f). */
bool srv_req_wants_html(const srv_req *req);

/** Frees the reply's body, headers and file, and returns the worker. */
void srv_req_clear(srv_req *req);

#endif
