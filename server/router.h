/*
 * This file declares the router: method and path -> handler, from a const table of path
 * patterns whose '*' segments are passed to the handler. Unknown paths get 404, methods other
 * than GET/HEAD get 405 (OPTIONS: a CORS preflight when --cors is set).
 */
#ifndef SRV_ROUTER_H
#define SRV_ROUTER_H

#include "server/req.h"

/** Routes req to its handler and leaves the reply in req (not yet finished). */
void srv_router_dispatch(srv_req *req);

#endif
