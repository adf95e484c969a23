/*
 * This file implements the OpenAPI 3.0 document: shared parameters (bbox, bbox-crs, crs,
 * limit, offset, f), one items and one item path per collection with its queryable
 * properties, and the fixed paths (landing, conformance, collections, tiles, health).
 */
#include "server/openapi.h"

#include <stdbool.h>
#include <stdio.h>

#include "gis/store_query.h"
#include "server/params.h"

static json_t *ok_response(const char *desc, const char *ctype)
{
    return json_pack("{s:{s:s,s:{s:{}}}}", "200", "description", desc, "content", ctype);
}

static json_t *param(const char *name, const char *in, const char *desc, json_t *schema,
                     bool required)
{
    return json_pack("{s:s,s:s,s:s,s:b,s:o,s:s,s:b}", "name", name, "in", in, "description", desc,
                     "required", required, "schema", schema, "style", "form", "explode", false);
}

static json_t *components(void)
{
    json_t *p = json_object();
    json_object_set_new(p, "bbox",
                        param("bbox", "query", "minx,miny,maxx,maxy in bbox-crs",
                              json_pack("{s:s,s:i,s:i,s:{s:s}}", "type", "array", "minItems", 4,
                                        "maxItems", 6, "items", "type", "number"),
                              false));
    json_object_set_new(p, "bbox-crs",
                        param("bbox-crs", "query", "CRS of bbox",
                              json_pack("{s:s,s:[sss]}", "type", "string", "enum", SRV_CRS84_URI,
                                        SRV_EPSG4490_URI, SRV_EPSG3857_URI),
                              false));
    json_object_set_new(p, "crs",
                        param("crs", "query", "CRS of the response geometries",
                              json_pack("{s:s,s:[sss]}", "type", "string", "enum", SRV_CRS84_URI,
                                        SRV_EPSG4490_URI, SRV_EPSG3857_URI),
                              false));
    json_object_set_new(p, "limit",
                        param("limit", "query", "features per page (max 10000)",
                              json_pack("{s:s,s:i,s:i,s:i}", "type", "integer", "minimum", 1,
                                        "maximum", 10000, "default", 100),
                              false));
    json_object_set_new(
        p, "offset",
        param("offset", "query", "features to skip",
              json_pack("{s:s,s:i,s:i}", "type", "integer", "minimum", 0, "default", 0), false));
    json_object_set_new(
        p, "datetime",
        param("datetime", "query",
              "RFC 3339 date-time or date, or an interval start/end ('..' open); compared with "
              "the record's date (inspected_on, effective_date, built_date) as a calendar date "
              "in China Standard Time (UTC+8); collections without dates ignore it",
              json_pack("{s:s}", "type", "string"), false));
    json_object_set_new(p, "f",
                        param("f", "query", "output format",
                              json_pack("{s:s,s:[ss]}", "type", "string", "enum", "json", "html"),
                              false));
    json_object_set_new(
        p, "featureId",
        param("featureId", "path", "feature id", json_pack("{s:s}", "type", "integer"), true));
    return json_pack("{s:o}", "parameters", p);
}

static json_t *ref(const char *name)
{
    char s[96];
    snprintf(s, sizeof s, "#/components/parameters/%s", name);
    return json_pack("{s:s}", "$ref", s);
}

static void add_collection(json_t *paths, const gis_query_collection *c)
{
    char path[160];
    json_t *items_params = json_pack("[ooooooo]", ref("bbox"), ref("bbox-crs"), ref("crs"),
                                     ref("datetime"), ref("limit"), ref("offset"), ref("f"));
    for (size_t i = 0; i < c->n_props; i++) {
        const gis_query_prop *p = &c->props[i];
        if (!p->queryable)
            continue;
        const char *type = p->type == GIS_QTYPE_INT    ? "integer"
                           : p->type == GIS_QTYPE_REAL ? "number"
                                                       : "string";
        json_array_append_new(items_params, param(p->name, "query", p->title,
                                                  json_pack("{s:s}", "type", type), false));
    }
    snprintf(path, sizeof path, "/collections/%s/items", c->id);
    json_object_set_new(paths, path,
                        json_pack("{s:{s:s,s:s,s:o,s:o}}", "get", "summary", c->title,
                                  "operationId", c->id, "parameters", items_params, "responses",
                                  ok_response("features", "application/geo+json")));
    snprintf(path, sizeof path, "/collections/%s/items/{featureId}", c->id);
    char op[96];
    snprintf(op, sizeof op, "%s_item", c->id);
    json_object_set_new(paths, path,
                        json_pack("{s:{s:s,s:s,s:[ooo],s:o}}", "get", "summary", c->title,
                                  "operationId", op, "parameters", ref("featureId"), ref("crs"),
                                  ref("f"), "responses",
                                  ok_response("one feature", "application/geo+json")));
}

static void add_fixed(json_t *paths, const char *path, const char *op, const char *summary,
                      const char *ctype)
{
    json_object_set_new(paths, path,
                        json_pack("{s:{s:s,s:s,s:o}}", "get", "summary", summary, "operationId", op,
                                  "responses", ok_response(summary, ctype)));
}

json_t *srv_openapi_build(const char *origin, bool include_restricted)
{
    json_t *paths = json_object();
    add_fixed(paths, "/", "landing", "Landing page", "application/json");
    add_fixed(paths, "/conformance", "conformance", "Conformance classes", "application/json");
    add_fixed(paths, "/api", "api", "This document",
              "application/vnd.oai.openapi+json;version=3.0");
    add_fixed(paths, "/collections", "collections", "Collections", "application/json");
    add_fixed(paths, "/collections/{collectionId}", "collection", "One collection",
              "application/json");
    json_object_set_new(
        json_object_get(json_object_get(paths, "/collections/{collectionId}"), "get"), "parameters",
        json_pack("[{s:s,s:s,s:b,s:{s:s}}]", "name", "collectionId", "in", "path", "required", true,
                  "schema", "type", "string"));
    for (size_t i = 0; i < gis_query_collection_count(); i++) {
        const gis_query_collection *c = gis_query_collection_at(i);
        if (!c->restricted || include_restricted)
            add_collection(paths, c);
    }
    add_fixed(paths, "/healthz", "healthz", "Health", "application/json");
    add_fixed(paths, "/metrics", "metrics", "Prometheus metrics", "text/plain");
    return json_pack("{s:s,s:{s:s,s:s,s:s},s:[{s:s}],s:o,s:o}", "openapi", "3.0.3", "info", "title",
                     "界网 jiewang OGC API - Features", "version", JW_VERSION, "description",
                     "County boundaries and civil-affairs facilities (谷城县)", "servers", "url",
                     origin, "paths", paths, "components", components());
}
