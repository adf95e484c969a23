/*
 * This file implements the vector tile endpoints /tiles/{name}/{z}/{x}/{y}.mvt and
 * /tiles/{name}.json. Until tiles/tileset.c lands they answer 404.
 */
#include "server/handlers.h"
#include "server/reply.h"

void srv_h_tile(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    srv_reply_error(req, GIS_ENOTFOUND, "vector tiles are not available in this build");
}

void srv_h_tilejson(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    srv_reply_error(req, GIS_ENOTFOUND, "vector tiles are not available in this build");
}
