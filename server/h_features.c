/*
 * This file implements OGC API - Features Part 1 collections and items (/collections,
 * /collections/{id}, /collections/{id}/items, /collections/{id}/items/{featureId}) and Part 2
 * CRS by reference (crs, bbox-crs, Content-Crs). Documents are GeoJSON from tiles/geojson.h
 * or HTML from server/html.h; queries go through gis/store_query.h. Restricted collections
 * (graves) need a token and are left out of /collections for anonymous clients.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gis/store_query.h"
#include "gis/store_reader.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/html.h"
#include "server/params.h"
#include "server/reply.h"
#include "tiles/geojson.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT 10000
#define MAX_OFFSET 100000000
#define URL_MAX 2048

static const char *const ITEMS_PARAMS[] = {"bbox",   "bbox-crs", "crs",      "limit",
                                           "offset", "f",        "datetime", NULL};

/* Finds collection id and checks access; replies (404, 401, 403) and returns NULL on failure. */
static const gis_query_collection *lookup(srv_req *req, const char *id)
{
    const gis_query_collection *c = gis_query_collection_find(id);
    if (c == NULL) {
        srv_reply_error(req, GIS_ENOTFOUND, "no collection '%.64s'", id);
        return NULL;
    }
    if (c->restricted) {
        bool given = false;
        if (!srv_auth_check(req, &given)) {
            srv_reply_auth_error(req, given);
            return NULL;
        }
        req->cache_control = "private, no-store";
    }
    return c;
}

static size_t collection_index(const gis_query_collection *c)
{
    for (size_t i = 0; i < gis_query_collection_count(); i++)
        if (gis_query_collection_at(i) == c)
            return i;
    return 0;
}

/* Extents are cached per worker and recomputed when the store's data_version moves. Returns
 * the worker's slot of collection c, or -1 when the extents cannot be read. */
static int collection_extents(srv_req *req, const gis_query_collection *c)
{
    srv_worker *w = srv_req_worker(req);
    gis_error err = {0};
    int64_t version = -1;
    if (gis_store_data_version_cached(w->store, &version, &err) != GIS_OK)
        return -1;
    if (version != w->extent_version) {
        for (size_t i = 0; i < gis_query_collection_count() && i < SRV_MAX_COLLECTIONS; i++) {
            const gis_query_collection *ci = gis_query_collection_at(i);
            w->has_extent[i] = false;
            gis_store_query_extent(w->store, ci, w->extent[i], &w->has_extent[i], &err);
            gis_store_query_time_extent(w->store, ci, w->time_extent[i][0], w->time_extent[i][1],
                                        &w->has_time[i], &err);
        }
        w->extent_version = version;
    }
    size_t i = collection_index(c);
    return i < SRV_MAX_COLLECTIONS ? (int)i : -1;
}

/* OGC API - Features Part 1 extent: bbox in CRS84 and, for dated collections, the interval of
 * the records' dates as RFC 3339 date-times in China Standard Time (whole days). */
static json_t *extent_json(srv_req *req, const gis_query_collection *c)
{
    int i = collection_extents(req, c);
    if (i < 0)
        return NULL;
    srv_worker *w = srv_req_worker(req);
    json_t *extent = json_object();
    if (w->has_extent[i]) {
        const double *e = w->extent[i];
        json_object_set_new(
            extent, "spatial",
            json_pack("{s:[[ffff]],s:s}", "bbox", e[0], e[1], e[2], e[3], "crs", SRV_CRS84_URI));
    }
    if (w->has_time[i]) {
        char a[32], z[32];
        snprintf(a, sizeof a, "%sT00:00:00+08:00", w->time_extent[i][0]);
        snprintf(z, sizeof z, "%sT23:59:59+08:00", w->time_extent[i][1]);
        json_object_set_new(extent, "temporal",
                            json_pack("{s:[[ss]],s:s}", "interval", a, z, "trs",
                                      "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"));
    }
    if (json_object_size(extent) == 0) {
        json_decref(extent);
        return NULL;
    }
    return extent;
}

static json_t *link(const char *href, const char *rel, const char *type, const char *title)
{
    json_t *l = json_pack("{s:s,s:s,s:s}", "href", href, "rel", rel, "type", type);
    if (l && title)
        json_object_set_new(l, "title", json_string(title));
    return l;
}

static json_t *collection_json(srv_req *req, const gis_query_collection *c)
{
    char origin[128], url[URL_MAX];
    srv_req_origin(req, origin, sizeof origin);
    json_t *links = json_array();
    snprintf(url, sizeof url, "%s/collections/%s", origin, c->id);
    json_array_append_new(links, link(url, "self", SRV_CT_JSON, c->title));
    snprintf(url, sizeof url, "%s/collections/%s?f=html", origin, c->id);
    json_array_append_new(links, link(url, "alternate", "text/html", c->title));
    snprintf(url, sizeof url, "%s/collections/%s/items", origin, c->id);
    json_array_append_new(links, link(url, "items", SRV_CT_GEOJSON, c->title));
    snprintf(url, sizeof url, "%s/collections/%s/items?f=html", origin, c->id);
    json_array_append_new(links, link(url, "items", "text/html", c->title));
    snprintf(url, sizeof url, "%s/collections/%s/queryables", origin, c->id);
    json_array_append_new(links, link(url, "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                                      "application/schema+json", "Queryables"));
    snprintf(url, sizeof url, "%s/tiles/%s.json", origin, c->id);
    json_array_append_new(links, link(url, "tiles", SRV_CT_JSON, "TileJSON"));
    json_t *doc = json_pack("{s:s,s:s,s:s,s:s,s:o,s:[sss],s:s}", "id", c->id, "title", c->title,
                            "description", c->description, "itemType", "feature", "links", links,
                            "crs", SRV_CRS84_URI, SRV_EPSG4490_URI, SRV_EPSG3857_URI, "storageCrs",
                            SRV_EPSG4490_URI);
    json_t *extent = doc ? extent_json(req, c) : NULL;
    if (extent != NULL)
        json_object_set_new(doc, "extent", extent);
    return doc;
}

static void reply_doc(srv_req *req, json_t *doc, const char *ctype, const char *title)
{
    if (doc == NULL) {
        srv_reply_error(req, GIS_ENOMEM, "out of memory");
        return;
    }
    if (srv_req_wants_html(req))
        srv_html_reply(req, title, doc);
    else
        srv_reply_json(req, doc, ctype);
    json_decref(doc);
}

static bool check_f(srv_req *req)
{
    const char *f = srv_req_arg(req, "f");
    if (f != NULL && strcmp(f, "json") != 0 && strcmp(f, "html") != 0) {
        srv_reply_error(req, GIS_EINVAL, "f must be json or html");
        return false;
    }
    return true;
}

void srv_h_collections(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    if (!check_f(req))
        return;
    bool given = false, authorised = false;
    if (req->authorization != NULL)
        authorised = srv_auth_check(req, &given);
    char origin[128], url[URL_MAX];
    srv_req_origin(req, origin, sizeof origin);
    json_t *list = json_array();
    for (size_t i = 0; i < gis_query_collection_count(); i++) {
        const gis_query_collection *c = gis_query_collection_at(i);
        if (c->restricted && !authorised)
            continue;
        json_array_append_new(list, collection_json(req, c));
    }
    if (authorised)
        req->cache_control = "private, no-store";
    json_t *links = json_array();
    snprintf(url, sizeof url, "%s/collections", origin);
    json_array_append_new(links, link(url, "self", SRV_CT_JSON, "Collections"));
    snprintf(url, sizeof url, "%s/collections?f=html", origin);
    json_array_append_new(links, link(url, "alternate", "text/html", "Collections"));
    json_t *doc = json_pack("{s:o,s:o}", "links", links, "collections", list);
    reply_doc(req, doc, SRV_CT_JSON, "图层 Collections");
}

void srv_h_collection(srv_req *req, const char *const *params, size_t n_params)
{
    (void)n_params;
    const gis_query_collection *c = lookup(req, params[0]);
    if (c == NULL || !check_f(req))
        return;
    reply_doc(req, collection_json(req, c), SRV_CT_JSON, c->title);
}

static bool is_known_param(const gis_query_collection *c, const char *key)
{
    for (size_t i = 0; ITEMS_PARAMS[i]; i++)
        if (strcmp(ITEMS_PARAMS[i], key) == 0)
            return true;
    const gis_query_prop *p = gis_query_prop_find(c, key);
    return p != NULL && p->queryable;
}

/* Converts the bbox parameter, given in bbox-crs and its axis order, to EPSG:4490 lon/lat. */
static int parse_bbox(srv_req *req, gis_query *q, gis_error *err)
{
    const char *text = srv_req_arg(req, "bbox");
    if (text == NULL)
        return GIS_OK;
    int crs = TILE_GEOJSON_CRS84, rc;
    const char *bc = srv_req_arg(req, "bbox-crs");
    double b[4];
    if ((bc && (rc = srv_params_crs("bbox-crs", bc, &crs, err)) != GIS_OK) ||
        (rc = srv_params_bbox(text, b, err)) != GIS_OK)
        return rc;
    if (crs == TILE_GEOJSON_EPSG4490) {
        /* EPSG:4490 is latitude first: minlat, minlon, maxlat, maxlon. */
        double t0 = b[0], t2 = b[2];
        b[0] = b[1];
        b[1] = t0;
        b[2] = b[3];
        b[3] = t2;
    } else if (crs == TILE_GEOJSON_EPSG3857) {
        gis_crs_transform *t = NULL;
        const double lim = 20037508.342789244;
        for (int i = 0; i < 4; i++)
            b[i] = fmax(-lim, fmin(lim, b[i]));
        if ((rc = srv_worker_from_3857(srv_req_worker(req), &t, err)) != GIS_OK ||
            (rc = gis_crs_transform_xy(req->w->ctx, t, b, 2, err)) != GIS_OK)
            return rc;
    }
    if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90)
        return GIS_ERR(err, GIS_EINVAL, "bbox lies outside longitude -180..180, latitude -90..90");
    q->has_bbox = true;
    memcpy(q->bbox, b, sizeof b);
    return GIS_OK;
}

static int parse_items(srv_req *req, gis_query *q, int *crs, gis_error *err)
{
    int64_t limit = DEFAULT_LIMIT, offset = 0;
    const char *v;
    int rc;
    for (size_t i = 0; i < req->n_args; i++)
        if (!is_known_param(q->coll, req->args[i].key))
            return GIS_ERR(err, GIS_EINVAL, "unknown query parameter '%.64s'", req->args[i].key);
    if ((v = srv_req_arg(req, "limit")) != NULL &&
        srv_params_int("limit", v, 1, INT64_MAX / 2, &limit, err) != GIS_OK)
        return GIS_ERR(err, GIS_EINVAL,
                       "limit must be a positive integer (a page holds at most %d features)",
                       MAX_LIMIT);
    if ((v = srv_req_arg(req, "offset")) != NULL &&
        (rc = srv_params_int("offset", v, 0, MAX_OFFSET, &offset, err)) != GIS_OK)
        return rc;
    /* Part 1: a limit above the maximum is not an error; the maximum applies. */
    q->limit = limit > MAX_LIMIT ? MAX_LIMIT : limit;
    q->offset = offset;
    *crs = TILE_GEOJSON_CRS84;
    if ((v = srv_req_arg(req, "crs")) != NULL &&
        (rc = srv_params_crs("crs", v, crs, err)) != GIS_OK)
        return rc;
    if ((v = srv_req_arg(req, "datetime")) != NULL) {
        if ((rc = srv_params_datetime(v, q->time_from, q->time_to, err)) != GIS_OK)
            return rc;
        q->has_time = true;
    }
    if (!check_f(req))
        return GIS_EINVAL; /* already replied */
    for (size_t i = 0; i < req->n_args; i++) {
        const gis_query_prop *p = gis_query_prop_find(q->coll, req->args[i].key);
        if (p == NULL)
            continue;
        if (q->n_filters == GIS_QUERY_MAX_FILTERS)
            return GIS_ERR(err, GIS_EINVAL, "too many property filters (at most %d)",
                           GIS_QUERY_MAX_FILTERS);
        q->filters[q->n_filters].prop = p;
        q->filters[q->n_filters].value = req->args[i].value ? req->args[i].value : "";
        q->n_filters++;
    }
    return parse_bbox(req, q, err);
}

typedef struct emit_ctx {
    json_t *features;
    gis_ctx *ctx;
    tile_geojson_opts opts;
    gis_error *err;
} emit_ctx;

static int emit(void *user, const gis_query_row *row)
{
    emit_ctx *e = user;
    json_t *geom = NULL;
    if (row->wkb != NULL) {
        int rc =
            tile_geojson_geometry_from_wkb(e->ctx, row->wkb, row->wkb_len, &e->opts, &geom, e->err);
        if (rc != GIS_OK)
            return gis_err_prefix(e->err, "feature %lld", (long long)row->id);
    }
    json_t *f = tile_geojson_feature(row->id, geom, row->props);
    if (f == NULL || json_array_append_new(e->features, f) != 0)
        return GIS_ERR(e->err, GIS_ENOMEM, "out of memory");
    return GIS_OK;
}

static int run_query(srv_req *req, const gis_query *q, int crs, json_t *features, int64_t *matched,
                     gis_error *err)
{
    srv_worker *w = srv_req_worker(req);
    emit_ctx e = {features, w->ctx, {crs, NULL, -1}, err};
    int rc;
    if (crs == TILE_GEOJSON_EPSG3857 &&
        (rc = srv_worker_to_3857(w, &e.opts.to_3857, err)) != GIS_OK)
        return rc;
    return gis_store_query_run(w->store, q, emit, &e, matched, err);
}

static void add_page_links(srv_req *req, json_t *links, const gis_query *q, int64_t matched,
                           size_t returned)
{
    char url[URL_MAX], num[32];
    json_array_append_new(links, link(srv_req_url(req, NULL, 0, url, sizeof url), "self",
                                      SRV_CT_GEOJSON, "this page"));
    srv_kv html = {"f", "html"};
    json_array_append_new(links, link(srv_req_url(req, &html, 1, url, sizeof url), "alternate",
                                      "text/html", "this page as HTML"));
    if ((int64_t)returned > 0 && q->offset + (int64_t)returned < matched) {
        snprintf(num, sizeof num, "%lld", (long long)(q->offset + (int64_t)returned));
        srv_kv o = {"offset", num};
        json_array_append_new(links, link(srv_req_url(req, &o, 1, url, sizeof url), "next",
                                          SRV_CT_GEOJSON, "next page"));
    }
    if (q->offset > 0) {
        int64_t prev = q->offset - q->limit;
        snprintf(num, sizeof num, "%lld", (long long)(prev > 0 ? prev : 0));
        srv_kv o = {"offset", num};
        json_array_append_new(links, link(srv_req_url(req, &o, 1, url, sizeof url), "prev",
                                          SRV_CT_GEOJSON, "previous page"));
    }
}

void srv_h_items(srv_req *req, const char *const *params, size_t n_params)
{
    (void)n_params;
    const gis_query_collection *c = lookup(req, params[0]);
    if (c == NULL)
        return;
    gis_query q = {.coll = c};
    int crs = 0;
    gis_error err = {0};
    if (parse_items(req, &q, &crs, &err) != GIS_OK) {
        if (err.code != GIS_OK)
            srv_reply_gis_error(req, &err);
        return;
    }
    json_t *doc = tile_geojson_collection_new();
    int64_t matched = 0;
    if (doc == NULL) {
        srv_reply_error(req, GIS_ENOMEM, "out of memory");
        return;
    }
    if (run_query(req, &q, crs, json_object_get(doc, "features"), &matched, &err) != GIS_OK) {
        json_decref(doc);
        srv_reply_gis_error(req, &err);
        return;
    }
    size_t returned = json_array_size(json_object_get(doc, "features"));
    json_t *links = json_array();
    add_page_links(req, links, &q, matched, returned);
    json_object_set_new(doc, "numberMatched", json_integer(matched));
    json_object_set_new(doc, "numberReturned", json_integer((json_int_t)returned));
    /* No timeStamp (optional in Part 1): the body, and so its ETag, stays the same until the
     * data change, which makes If-None-Match useful. */
    json_object_set_new(doc, "links", links);
    srv_reply_header(req, "Content-Crs", "<%s>", srv_params_crs_uri(crs));
    reply_doc(req, doc, SRV_CT_GEOJSON, c->title);
}

void srv_h_item(srv_req *req, const char *const *params, size_t n_params)
{
    (void)n_params;
    const gis_query_collection *c = lookup(req, params[0]);
    if (c == NULL)
        return;
    gis_error err = {0};
    int64_t fid = 0;
    int crs = TILE_GEOJSON_CRS84;
    const char *v = srv_req_arg(req, "crs");
    for (size_t i = 0; i < req->n_args; i++)
        if (strcmp(req->args[i].key, "crs") != 0 && strcmp(req->args[i].key, "f") != 0) {
            srv_reply_error(req, GIS_EINVAL, "unknown query parameter '%.64s'", req->args[i].key);
            return;
        }
    if (srv_params_int("featureId", params[1], 1, INT64_MAX, &fid, &err) != GIS_OK)
        GIS_ERR(&err, GIS_EINVAL, "feature id '%.32s' must be a positive integer", params[1]);
    if (err.code != GIS_OK || (v && srv_params_crs("crs", v, &crs, &err) != GIS_OK)) {
        srv_reply_gis_error(req, &err);
        return;
    }
    if (!check_f(req))
        return;
    gis_query q = {.coll = c, .fid = fid, .limit = 1};
    json_t *features = json_array();
    if (run_query(req, &q, crs, features, NULL, &err) != GIS_OK) {
        json_decref(features);
        srv_reply_gis_error(req, &err);
        return;
    }
    json_t *f = json_incref(json_array_get(features, 0));
    json_decref(features);
    if (f == NULL) {
        srv_reply_error(req, GIS_ENOTFOUND, "no feature %lld in '%s'", (long long)fid, c->id);
        return;
    }
    char origin[128], url[URL_MAX];
    srv_req_origin(req, origin, sizeof origin);
    json_t *links = json_array();
    json_array_append_new(
        links, link(srv_req_url(req, NULL, 0, url, sizeof url), "self", SRV_CT_GEOJSON, NULL));
    snprintf(url, sizeof url, "%s/collections/%s", origin, c->id);
    json_array_append_new(links, link(url, "collection", SRV_CT_JSON, c->title));
    json_object_set_new(f, "links", links);
    srv_reply_header(req, "Content-Crs", "<%s>", srv_params_crs_uri(crs));
    reply_doc(req, f, SRV_CT_GEOJSON, c->title);
}

void srv_h_queryables(srv_req *req, const char *const *params, size_t n_params)
{
    (void)n_params;
    const gis_query_collection *c = lookup(req, params[0]);
    if (c == NULL || !check_f(req))
        return;
    char origin[128], id[256];
    srv_req_origin(req, origin, sizeof origin);
    snprintf(id, sizeof id, "%s/collections/%s/queryables", origin, c->id);
    json_t *props = json_object();
    for (size_t i = 0; i < c->n_props; i++) {
        const gis_query_prop *p = &c->props[i];
        if (!p->queryable)
            continue;
        const char *type = p->type == GIS_QTYPE_INT    ? "integer"
                           : p->type == GIS_QTYPE_REAL ? "number"
                                                       : "string";
        json_object_set_new(props, p->name,
                            json_pack("{s:s,s:s}", "title", p->title, "type", type));
    }
    json_t *doc =
        json_pack("{s:s,s:s,s:s,s:s,s:o,s:b}", "$schema",
                  "https://json-schema.org/draft/2019-09/schema", "$id", id, "type", "object",
                  "title", c->title, "properties", props, "additionalProperties", false);
    reply_doc(req, doc, "application/schema+json", c->title);
}
