/*
 * This file implements srv_app: the worker pool, metrics and the resolved web folder shared
 * by all requests. It does not start libmicrohttpd (server.c does).
 */
#include "server/app.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int srv_app_thread_count(const srv_config *cfg)
{
    if (cfg->threads > 0)
        return cfg->threads > 256 ? 256 : cfg->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int srv_app_new(const srv_config *cfg, int n_workers, srv_app **out, gis_error *err)
{
    *out = NULL;
    if (cfg->db_path == NULL)
        return GIS_ERR(err, GIS_EINVAL, "no database given");
    if (sodium_init() < 0)
        return GIS_ERR(err, GIS_ENOMEM, "libsodium failed to initialise");
    srv_app *app = calloc(1, sizeof *app);
    if (app == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    app->cfg = *cfg;
    srv_metrics_init(&app->metrics);
    snprintf(app->origin, sizeof app->origin, "http://127.0.0.1:%d", cfg->port);
    int n = n_workers > 0 ? n_workers : srv_app_thread_count(cfg);
    size_t mb = cfg->cache_mb > 0 ? (size_t)cfg->cache_mb : 256;
    int rc = cfg->cache_mb < 0 ? GIS_OK : tile_cache_new(mb * 1024 * 1024, &app->tiles, err);
    if (rc == GIS_OK)
        rc = tile_unit_memo_new(&app->units, err);
    if (rc == GIS_OK)
        rc = srv_ctxpool_new(cfg->db_path, n, &app->pool, err);
    if (rc != GIS_OK) {
        tile_unit_memo_free(app->units);
        tile_cache_free(app->tiles);
        free(app);
        return rc;
    }
    struct stat st;
    if (cfg->web_dir != NULL && realpath(cfg->web_dir, app->web_real) != NULL &&
        stat(app->web_real, &st) == 0 && S_ISDIR(st.st_mode))
        app->has_web = true;
    *out = app;
    return GIS_OK;
}

void srv_app_free(srv_app *app)
{
    if (app == NULL)
        return;
    srv_ctxpool_free(app->pool);
    tile_cache_free(app->tiles);
    tile_unit_memo_free(app->units);
    free(app);
}
