/*
 * This file declares the jiewang HTTP server: OGC API - Features, vector tiles, the static web
 * map, health and metrics over libmicrohttpd with a pool of per-thread read-only store
 * connections. srv_server_run() blocks until a stop flag is raised; it prints nothing and
 * reports through the callbacks of srv_config. It does not install signal handlers (cli/ does).
 */
#ifndef SRV_SERVER_H
#define SRV_SERVER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "gis/error.h"

/** Access log sink: one line per request, no trailing newline; called from worker threads. */
typedef void (*srv_log_fn)(void *user, const char *line);

/** Called once the server listens; url is e.g. "http://127.0.0.1:8080/" (borrowed). */
typedef void (*srv_ready_fn)(void *user, const char *url, int port);

/** Server configuration. Strings are borrowed and must outlive srv_server_run(). */
typedef struct srv_config {
    const char *db_path;        /* SpatiaLite store, opened read-only per worker */
    const char *bind;           /* address, default "127.0.0.1" (NULL) */
    int port;                   /* TCP port; 0 picks a free one */
    int threads;                /* worker threads; <= 0 uses the number of cores */
    const char *cors_origin;    /* Access-Control-Allow-Origin value, or NULL for none */
    const char *frame_ancestors; /* CSP frame-ancestors sources allowed to embed pages (the
                                  * county portal), or NULL: no framing (X-Frame-Options DENY) */
    int cache_mb;               /* tile cache budget in MiB; 0 uses 256; < 0 disables the cache */
    const char *web_dir;        /* web map folder (index.html, node_modules/maplibre-gl) or NULL */
    const char *map_number;     /* 审图号 shown on the map, or NULL */
    const char *tianditu_token; /* Tianditu key for the base map, or NULL */
    const char *title;          /* map title, or NULL for the county's name */
    bool allow_public_bind;     /* allow binding to a non-loopback address */
    int connection_limit;       /* simultaneous connections; <= 0 uses 1024 */
    int timeout_s;              /* idle connection timeout in seconds; <= 0 uses 15 */
    srv_log_fn access_log;      /* may be NULL */
    void *access_log_user;      /* borrowed */
    srv_ready_fn on_ready;      /* may be NULL */
    void *on_ready_user;        /* borrowed */
} srv_config;

/** Runs the server until *stop becomes non-zero, then stops accepting, finishes requests in
 *  flight and frees everything. Codes: GIS_EINVAL (bad bind address, public address without
 *  allow_public_bind, bad port), GIS_EIO (cannot listen), GIS_ENOTFOUND/GIS_EDB/GIS_EVERSION
 *  (store cannot be opened), GIS_ENOMEM. */
int srv_server_run(const srv_config *cfg, volatile sig_atomic_t *stop, gis_error *err);

#endif
