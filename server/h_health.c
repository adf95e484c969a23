/*
 * This file implements /healthz (the store answers: 200 with its data_version, else 503) and
 * /metrics (Prometheus text).
 */
#include <stdlib.h>

#include "gis/store_reader.h"
#include "server/handlers.h"
#include "server/reply.h"

void srv_h_healthz(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    srv_worker *w = srv_req_worker(req);
    gis_error err = {0};
    int64_t version = 0;
    if (gis_store_data_version_cached(w->store, &version, &err) != GIS_OK) {
        srv_reply_error(req, GIS_EBUSY, "store unavailable: %s", err.msg);
        return;
    }
    json_t *doc = json_pack("{s:s,s:I}", "status", "ok", "data_version", (json_int_t)version);
    srv_reply_json(req, doc, SRV_CT_JSON);
    json_decref(doc);
    req->may_etag = false;
    req->cache_control = "no-store";
}

void srv_h_metrics(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    size_t len = 0;
    char *text = srv_metrics_render(&req->app->metrics, &len);
    if (text == NULL) {
        srv_reply_error(req, GIS_ENOMEM, "out of memory");
        return;
    }
    srv_reply_owned(req, text, len, SRV_CT_PROMETHEUS);
    req->may_etag = false;
    req->cache_control = "no-store";
}
