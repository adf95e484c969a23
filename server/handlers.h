/*
 * This file declares the request handlers, one family per h_*.c file, as the router calls
 * them: params are the path segments the route's wildcards matched (borrowed for the call).
 * A handler fills the reply through server/reply.h and never fails otherwise.
 */
#ifndef SRV_HANDLERS_H
#define SRV_HANDLERS_H

#include <stddef.h>

#include "server/req.h"

typedef void (*srv_handler_fn)(srv_req *req, const char *const *params, size_t n_params);

/* h_ogc.c: OGC API - Features landing page, conformance, OpenAPI document. */
void srv_h_landing(srv_req *req, const char *const *params, size_t n_params);
void srv_h_conformance(srv_req *req, const char *const *params, size_t n_params);
void srv_h_api(srv_req *req, const char *const *params, size_t n_params);

/* h_features.c: collections and their items. */
void srv_h_collections(srv_req *req, const char *const *params, size_t n_params);
void srv_h_collection(srv_req *req, const char *const *params, size_t n_params);
void srv_h_items(srv_req *req, const char *const *params, size_t n_params);
void srv_h_item(srv_req *req, const char *const *params, size_t n_params);
void srv_h_queryables(srv_req *req, const char *const *params, size_t n_params);

/* h_tiles.c: vector tiles and TileJSON. */
void srv_h_tile(srv_req *req, const char *const *params, size_t n_params);
void srv_h_tilejson(srv_req *req, const char *const *params, size_t n_params);

/* h_health.c: health and metrics. */
void srv_h_healthz(srv_req *req, const char *const *params, size_t n_params);
void srv_h_metrics(srv_req *req, const char *const *params, size_t n_params);

/* h_static.c: the web map. */
void srv_h_map(srv_req *req, const char *const *params, size_t n_params);
void srv_h_web(srv_req *req, const char *const *params, size_t n_params);

#endif
