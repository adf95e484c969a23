/*
 * This file implements the static web map: /map (index.html), /web/<path> (files of the web
 * folder with allow-listed extensions), /web/vendor/maplibre-gl/<file> (MapLibre's dist
 * folder from npm) and /web/config.json (title, 审图号 and Tianditu key from serve flags).
 * Paths are checked segment by segment (no dot segments, no hidden files, no node_modules)
 * and then resolved with realpath() and required to stay inside the folder, so neither
 * "../" nor symbolic links leave it. Anything refused is a plain 404.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/handlers.h"
#include "server/reply.h"

#define MAX_REL 256
#define MAX_FILE_BYTES (32L * 1024 * 1024)

static const struct {
    const char *ext;
    const char *ctype;
} TYPES[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".svg", "image/svg+xml"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".pbf", "application/x-protobuf"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *rel)
{
    const char *dot = strrchr(rel, '.');
    for (size_t i = 0; dot && i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(dot, TYPES[i].ext) == 0)
            return TYPES[i].ctype;
    return NULL;
}

/* True when rel is a/b/c.ext with plain segments: letters, digits, '.', '_', '-'. */
static bool is_safe_rel(const char *rel, bool allow_slash)
{
    size_t n = strlen(rel);
    if (n == 0 || n > MAX_REL)
        return false;
    for (const char *seg = rel; *seg;) {
        size_t len = strcspn(seg, "/");
        if (len == 0 || seg[0] == '.' || (len == 12 && strncmp(seg, "node_modules", 12) == 0))
            return false;
        for (size_t i = 0; i < len; i++) {
            char c = seg[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
            if (!ok)
                return false;
        }
        seg += len;
        if (*seg == '/') {
            if (!allow_slash)
                return false;
            seg++;
            if (*seg == '\0')
                return false;
        }
    }
    return content_type(rel) != NULL;
}

static void serve_file(srv_req *req, const char *root, const char *rel, const char *cache)
{
    char path[PATH_MAX], real[PATH_MAX];
    size_t nroot = strlen(root);
    if (snprintf(path, sizeof path, "%s/%s", root, rel) >= (int)sizeof path ||
        realpath(path, real) == NULL || strncmp(real, root, nroot) != 0 || real[nroot] != '/') {
        srv_reply_error(req, GIS_ENOTFOUND, "no such file");
        return;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE_BYTES) {
        if (fd >= 0)
            close(fd);
        srv_reply_error(req, GIS_ENOTFOUND, "no such file");
        return;
    }
    srv_reply_file(req, fd, (size_t)st.st_size, content_type(rel));
    req->cache_control = cache;
    req->is_html = strstr(rel, ".html") != NULL;
}

void srv_h_map(srv_req *req, const char *const *params, size_t n_params)
{
    (void)params;
    (void)n_params;
    if (!req->app->has_web) {
        srv_reply_error(req, GIS_ENOTFOUND, "the web map is not installed (see --web-dir)");
        return;
    }
    serve_file(req, req->app->web_real, "index.html", "no-cache");
}

static void config_json(srv_req *req)
{
    const srv_config *cfg = &req->app->cfg;
    json_t *doc = json_pack("{s:s,s:s?,s:s?,s:s,s:s}", "title",
                            cfg->title ? cfg->title : "谷城县民政地图 · 界网", "map_number",
                            cfg->map_number, "tianditu_token", cfg->tianditu_token, "tilejson",
                            "/tiles/jiewang.json", "collections", "/collections");
    if (doc == NULL) {
        srv_reply_error(req, GIS_EINVAL, "configuration strings must be UTF-8");
        return;
    }
    srv_reply_json(req, doc, SRV_CT_JSON);
    json_decref(doc);
}

void srv_h_web(srv_req *req, const char *const *params, size_t n_params)
{
    (void)n_params;
    const char *rel = params[0];
    static const char vendor[] = "vendor/maplibre-gl/";
    if (strcmp(rel, "config.json") == 0) {
        config_json(req);
        return;
    }
    if (!req->app->has_web) {
        srv_reply_error(req, GIS_ENOTFOUND, "no such file");
        return;
    }
    if (strncmp(rel, vendor, sizeof vendor - 1) == 0) {
        const char *file = rel + sizeof vendor - 1;
        char root[PATH_MAX], real[PATH_MAX];
        snprintf(root, sizeof root, "%s/node_modules/maplibre-gl/dist", req->app->web_real);
        if (!is_safe_rel(file, false) || realpath(root, real) == NULL) {
            srv_reply_error(req, GIS_ENOTFOUND, "no such file");
            return;
        }
        serve_file(req, real, file, "public, max-age=86400");
        return;
    }
    if (!is_safe_rel(rel, true)) {
        srv_reply_error(req, GIS_ENOTFOUND, "no such file");
        return;
    }
    serve_file(req, req->app->web_real, rel, "no-cache");
}
