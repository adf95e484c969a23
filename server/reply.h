/*
 * This file declares every kind of reply a handler makes, and the one place that maps
 * jiewang status codes to HTTP status codes and writes problem bodies:
 * {"error":{"code":"EINVAL","message":"..."}}. GIS_EINVAL -> 400, GIS_ENOTFOUND -> 404,
 * GIS_EAUTH -> 401/403, GIS_EBUSY -> 503, anything else -> 500 with a generic message (the
 * detail goes to the access log, never to the client).
 */
#ifndef SRV_REPLY_H
#define SRV_REPLY_H

#include <jansson.h>

#include "server/req.h"

/** Content types. */
#define SRV_CT_JSON "application/json"
#define SRV_CT_GEOJSON "application/geo+json"
#define SRV_CT_OPENAPI "application/vnd.oai.openapi+json;version=3.0"
#define SRV_CT_HTML "text/html; charset=utf-8"
#define SRV_CT_TEXT "text/plain; charset=utf-8"
#define SRV_CT_PROMETHEUS "text/plain; version=0.0.4; charset=utf-8"
#define SRV_CT_MVT "application/vnd.mapbox-vector-tile"

/** Headers every response carries: {name, value} pairs ending with {NULL, NULL}. */
extern const char *const SRV_SECURITY_HEADERS[][2];

/** The Content-Security-Policy that lets cfg->frame_ancestors (not NULL) embed the pages;
 *  with it, X-Frame-Options is left out. */
void srv_reply_csp_embeddable(const srv_config *cfg, char *out, size_t n);

/** HTTP status of a jiewang status code (GIS_EAUTH gives 401). */
int srv_reply_status_of(int code);

/** Replies 200 with doc serialised (borrowed). ETag and gzip allowed. */
void srv_reply_json(srv_req *req, const json_t *doc, const char *content_type);

/** Replies 200 with an owned buffer (takes ownership of body, even on failure). */
void srv_reply_owned(srv_req *req, char *body, size_t len, const char *content_type);

/** Replies 200 with a shared body: data (len bytes) stays valid until release(ref) is called,
 *  which happens once the reply is sent or dropped (takes ownership of ref). gzipped marks a
 *  body already compressed. etag (may be NULL) is sent instead of a hash of the body. */
void srv_reply_shared(srv_req *req, const unsigned char *data, size_t len, const char *ctype,
                      void (*release)(void *ref), void *ref, bool gzipped, const char *etag);

/** Replies 200 with an open file (takes ownership of fd). */
void srv_reply_file(srv_req *req, int fd, size_t len, const char *content_type);

/** Replies with the problem body for code and a formatted message. */
void srv_reply_error(srv_req *req, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Replies for err: the message for 4xx codes; for 5xx a generic message, with err's text
 *  kept in req->log_detail. */
void srv_reply_gis_error(srv_req *req, const gis_error *err);

/** Replies 401 (no token: with WWW-Authenticate) or 403 (token given but not accepted). */
void srv_reply_auth_error(srv_req *req, bool token_given);

/** Replies 405 with an Allow header. */
void srv_reply_method_not_allowed(srv_req *req);

/** Replies 413: requests must not carry a body. */
void srv_reply_body_refused(srv_req *req);

/** Replies 204 to a CORS preflight. */
void srv_reply_preflight(srv_req *req);

/** Adds a response header: key is static, value is copied. Silently drops beyond the limit. */
void srv_reply_header(srv_req *req, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Finishes a reply before it is sent: ETag and If-None-Match (-> 304 without body), gzip
 *  when allowed and accepted, CORS and security headers. Idempotent per request. */
void srv_reply_finish(srv_req *req);

#endif
