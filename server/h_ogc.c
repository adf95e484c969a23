/*
 * This file implements the OGC API - Features landing page (/), conformance declaration
 * (/conformance) and API definition (/api), as JSON or HTML.
 */
#include <stdio.h>
#include <string.h>

#include "server/handlers.h"
#include "server/html.h"
#include "server/openapi.h"
#include "server/reply.h"

static const char *const CONFORMANCE[] = {
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    NULL,
};

static bool check_args(srv_req *req)
{
    for (size_t i = 0; i < req->n_args; i++)
        if (strcmp(req->args[i].key, "f") != 0) {
            srv_reply_error(req, GIS_EINVAL, "unknown query parameter '%.64s'", req->args[i].key);
            return false;
        }
    const char *f = srv_req_arg(req, "f");
    if (f != NULL && strcmp(f, "json") != 0 && strcmp(f, "html") != 0) {
        srv_reply_error(req, GIS_EINVAL, "f must be json or html");
        return false;
    }
    return true;
}

static void reply(srv_req *req, json_t *doc, const char *title)
{
    if (doc == NULL) {
        srv_reply_error(req, GIS_ENOMEM, "out of memory");
        return;
    }
    if (srv_req_wants_html(req))
        srv_html_reply(req, title, doc);
    else
        srv_reply_json(req, doc, SRV_CT_JSON);
    json_decref(doc);
}

static json_t *lnk(const char *origin, const char *path, const char *rel, const char *type,
                   const char *title)
{
    char href[256];
    snprintf(href, sizeof href, "%s%s", origin, path);
    return json_pack("{s:s,s:s,s:s,s:s}", "href", href, "rel", rel, "type", type, "title", title);
}

void srv_h_landing(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    if (!check_args(req))
        return;
    char o[128];
    srv_req_origin(req, o, sizeof o);
    json_t *links = json_pack(
        "[ooooooooo]", lnk(o, "/", "self", "application/json", "This document"),
        lnk(o, "/?f=html", "alternate", "text/html", "This document as HTML"),
        lnk(o, "/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0",
            "API definition (OpenAPI 3.0)"),
        lnk(o, "/conformance", "conformance", "application/json", "Conformance classes"),
        lnk(o, "/collections", "data", "application/json", "Collections"),
        lnk(o, "/map", "alternate", "text/html", "网页地图 Web map"),
        lnk(o, "/tiles/jiewang.json", "tiles", "application/json", "Vector tiles (TileJSON)"),
        lnk(o, "/healthz", "status", "application/json", "Health"),
        lnk(o, "/metrics", "metrics", "text/plain", "Prometheus metrics"));
    json_t *doc =
        json_pack("{s:s,s:s,s:o}", "title", "界网 jiewang — 谷城县民政地理信息服务", "description",
                  "OGC API - Features and vector tiles of county boundaries, boundary "
                  "markers, cemeteries, civil-affairs facilities and no-burial zones. "
                  "网页地图: /map",
                  "links", links);
    reply(req, doc, "界网 jiewang");
}

void srv_h_conformance(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    if (!check_args(req))
        return;
    json_t *list = json_array();
    for (size_t i = 0; CONFORMANCE[i]; i++)
        json_array_append_new(list, json_string(CONFORMANCE[i]));
    reply(req, json_pack("{s:o}", "conformsTo", list), "一致性 Conformance");
}

void srv_h_api(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    if (!check_args(req))
        return;
    char o[128];
    srv_req_origin(req, o, sizeof o);
    json_t *doc = srv_openapi_build(o, false);
    if (doc == NULL) {
        srv_reply_error(req, GIS_ENOMEM, "out of memory");
        return;
    }
    srv_reply_json(req, doc, SRV_CT_OPENAPI);
    json_decref(doc);
}
