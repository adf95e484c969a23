/*
 * This file declares srv_app, the state shared by every request of a running server: the
 * configuration, the worker pool, metrics, the tile cache and the resolved web folder. It is
 * created before MHD starts and is read-only afterwards except for atomic metrics and the
 * internally locked pool and cache, so worker threads share it without further locking.
 * Tests create an app without MHD and call the router directly.
 */
#ifndef SRV_APP_H
#define SRV_APP_H

#include <limits.h>
#include <stdbool.h>

#include "server/ctxpool.h"
#include "server/metrics.h"
#include "server/server.h"
#include "tiles/cache.h"
#include "tiles/unitmemo.h"

typedef struct srv_app {
    srv_config cfg;          /* copy; strings borrowed from the caller */
    srv_ctxpool *pool;       /* owned */
    srv_metrics metrics;     /* atomics */
    tile_cache *tiles;       /* owned tile cache, NULL when disabled */
    tile_unit_memo *units;   /* owned memo of unit label points and areas, shared by workers */
    bool has_web;            /* web_real is a readable folder */
    char web_real[PATH_MAX]; /* realpath of cfg.web_dir */
    char origin[160];        /* "http://127.0.0.1:PORT" of the listening socket */
} srv_app;

/** Creates the app for cfg: opens the worker pool (cfg->threads workers, or `n_workers`
 *  when > 0) and resolves the web folder. Returns an owned app in *out; free with
 *  srv_app_free(). Borrows cfg's strings. Codes: those of srv_ctxpool_new(). */
int srv_app_new(const srv_config *cfg, int n_workers, srv_app **out, gis_error *err);

/** Frees app. NULL is a no-op. */
void srv_app_free(srv_app *app);

/** Number of worker threads for cfg (threads, or the number of online cores). */
int srv_app_thread_count(const srv_config *cfg);

#endif
