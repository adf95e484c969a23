/*
 * This file implements the HTML rendering of OGC API documents: a growable text buffer, HTML
 * escaping, and sections for links, collections, conformance classes, feature tables and
 * single features. It shows data; it does not draw maps (the web map at /map does).
 */
#include "server/html.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/reply.h"

typedef struct page {
    char *s;
    size_t len, cap;
    bool failed;
} page;

static void raw(page *p, const char *s, size_t n)
{
    if (p->failed)
        return;
    if (p->len + n + 1 > p->cap) {
        size_t cap = (p->cap ? p->cap * 2 : 8192) + n;
        char *grown = realloc(p->s, cap);
        if (grown == NULL) {
            p->failed = true;
            return;
        }
        p->s = grown;
        p->cap = cap;
    }
    memcpy(p->s + p->len, s, n);
    p->len += n;
    p->s[p->len] = '\0';
}

static void put(page *p, const char *s)
{
    raw(p, s, strlen(s));
}

/* Escapes text for element content and double-quoted attributes. */
static void esc(page *p, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            put(p, "&amp;");
            break;
        case '<':
            put(p, "&lt;");
            break;
        case '>':
            put(p, "&gt;");
            break;
        case '"':
            put(p, "&quot;");
            break;
        case '\'':
            put(p, "&#39;");
            break;
        default:
            raw(p, s, 1);
        }
    }
}

static void value(page *p, const json_t *v)
{
    char num[64];
    num[0] = '\0';
    if (json_is_string(v))
        esc(p, json_string_value(v));
    else if (json_is_integer(v))
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(num, sizeof num, "%.10g", json_real_value(v));
    else if (json_is_boolean(v))
        snprintf(num, sizeof num, "%s", json_is_true(v) ? "true" : "false");
    put(p, num);
}

/* Only our own http(s) links become anchors. */
static void anchor(page *p, const char *href, const char *text)
{
    if (href &&
        (strncmp(href, "http://", 7) == 0 || strncmp(href, "https://", 8) == 0 || href[0] == '/')) {
        put(p, "<a href=\"");
        esc(p, href);
        put(p, "\">");
        esc(p, text);
        put(p, "</a>");
    } else {
        esc(p, text);
    }
}

static void links(page *p, const json_t *ls)
{
    if (!json_is_array(ls) || json_array_size(ls) == 0)
        return;
    put(p, "<h2>链接 Links</h2><ul>");
    size_t i;
    json_t *l;
    json_array_foreach(ls, i, l)
    {
        const char *href = json_string_value(json_object_get(l, "href"));
        const char *title = json_string_value(json_object_get(l, "title"));
        const char *rel = json_string_value(json_object_get(l, "rel"));
        const char *type = json_string_value(json_object_get(l, "type"));
        put(p, "<li>");
        anchor(p, href, title ? title : href ? href : "");
        put(p, " <small>(");
        esc(p, rel ? rel : "");
        put(p, ", ");
        esc(p, type ? type : "");
        put(p, ")</small></li>");
    }
    put(p, "</ul>");
}

static void collections(page *p, const json_t *cs)
{
    put(p, "<table><tr><th>id</th><th>名称 Title</th><th>说明 Description</th><th></th></tr>");
    size_t i;
    json_t *c;
    json_array_foreach(cs, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        char href[256];
        put(p, "<tr><td>");
        snprintf(href, sizeof href, "/collections/%s?f=html", id ? id : "");
        anchor(p, href, id ? id : "");
        put(p, "</td><td>");
        value(p, json_object_get(c, "title"));
        put(p, "</td><td>");
        value(p, json_object_get(c, "description"));
        put(p, "</td><td>");
        snprintf(href, sizeof href, "/collections/%s/items?f=html", id ? id : "");
        anchor(p, href, "要素 items");
        put(p, "</td></tr>");
    }
    put(p, "</table>");
}

static void props_table(page *p, const json_t *props)
{
    put(p, "<table>");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)props, k, v)
    {
        put(p, "<tr><th>");
        esc(p, k);
        put(p, "</th><td>");
        value(p, v);
        put(p, "</td></tr>");
    }
    put(p, "</table>");
}

static void features(page *p, const srv_req *req, const json_t *fs)
{
    json_t *first = json_array_get(fs, 0);
    json_t *props = json_object_get(first, "properties");
    put(p, "<table><tr><th>id</th>");
    const char *k;
    json_t *v;
    json_object_foreach(props, k, v)
    {
        put(p, "<th>");
        esc(p, k);
        put(p, "</th>");
    }
    put(p, "</tr>");
    size_t i;
    json_t *f;
    json_array_foreach(fs, i, f)
    {
        char href[1200], id[32];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(f, "id")));
        snprintf(href, sizeof href, "%s/%s?f=html", req->path, id);
        put(p, "<tr><td>");
        anchor(p, href, id);
        put(p, "</td>");
        json_object_foreach(json_object_get(f, "properties"), k, v)
        {
            put(p, "<td>");
            value(p, v);
            put(p, "</td>");
        }
        put(p, "</tr>");
    }
    put(p, "</table>");
}

static void body(page *p, const srv_req *req, const json_t *doc)
{
    const char *type = json_string_value(json_object_get(doc, "type"));
    const json_t *v;
    if ((v = json_object_get(doc, "description")) && json_is_string(v)) {
        put(p, "<p>");
        esc(p, json_string_value(v));
        put(p, "</p>");
    }
    if (type && strcmp(type, "FeatureCollection") == 0) {
        char num[96];
        snprintf(num, sizeof num, "<p>%lld / %lld</p>",
                 (long long)json_integer_value(json_object_get(doc, "numberReturned")),
                 (long long)json_integer_value(json_object_get(doc, "numberMatched")));
        put(p, num);
        features(p, req, json_object_get(doc, "features"));
    } else if (type && strcmp(type, "Feature") == 0) {
        put(p, "<p>");
        value(p, json_object_get(json_object_get(doc, "geometry"), "type"));
        put(p, "</p>");
        props_table(p, json_object_get(doc, "properties"));
    }
    if ((v = json_object_get(doc, "collections")))
        collections(p, v);
    if ((v = json_object_get(doc, "conformsTo"))) {
        put(p, "<ul>");
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c)
        {
            put(p, "<li>");
            value(p, c);
            put(p, "</li>");
        }
        put(p, "</ul>");
    }
    links(p, json_object_get(doc, "links"));
}

void srv_html_reply(srv_req *req, const char *title, const json_t *doc)
{
    page p = {0};
    put(&p, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    esc(&p, title);
    put(&p, " - 界网 jiewang</title><style>body{font-family:sans-serif;margin:1em 2em}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
            "text-align:left}nav a{margin-right:1em}</style></head><body><nav>"
            "<a href=\"/?f=html\">界网 jiewang</a><a href=\"/map\">地图 Map</a>"
            "<a href=\"/collections?f=html\">图层 Collections</a>"
            "<a href=\"/api\">API</a></nav><h1>");
    esc(&p, title);
    put(&p, "</h1>");
    body(&p, req, doc);
    put(&p, "</body></html>\n");
    if (p.failed) {
        free(p.s);
        srv_reply_error(req, GIS_ENOMEM, "out of memory");
        return;
    }
    srv_reply_owned(req, p.s, p.len, SRV_CT_HTML);
    req->is_html = true;
}
