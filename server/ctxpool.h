/*
 * This file declares the pool of workers: one gis_ctx and one read-only gis_store per worker
 * thread, created at start-up, checked out by a request and returned when it is answered.
 * Each worker also caches what is costly per request and cheap to keep: CRS transforms and
 * collection extents, the latter invalidated when the store's data_version changes.
 */
#ifndef SRV_CTXPOOL_H
#define SRV_CTXPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/crs.h"
#include "gis/store.h"

/** Most collections a worker caches extents for. */
#define SRV_MAX_COLLECTIONS 16

/** One worker's context. Used by one thread at a time (between get and put). */
typedef struct srv_worker {
    gis_ctx *ctx;                 /* owned per-thread context */
    gis_store *store;             /* owned read-only connection */
    gis_crs_transform *to_3857;   /* EPSG:4490 -> EPSG:3857, created on first use */
    gis_crs_transform *from_3857; /* EPSG:3857 -> EPSG:4490, created on first use */
    int64_t extent_version;       /* data_version the extents below belong to (-1: none) */
    bool has_extent[SRV_MAX_COLLECTIONS];
    double extent[SRV_MAX_COLLECTIONS][4];
    bool has_time[SRV_MAX_COLLECTIONS];           /* the collection has dated features */
    char time_extent[SRV_MAX_COLLECTIONS][2][11]; /* earliest and latest date, YYYY-MM-DD */
} srv_worker;

typedef struct srv_ctxpool srv_ctxpool;

/** Opens n workers on db_path (read-only). Returns an owned pool in *out; free with
 *  srv_ctxpool_free(). Codes: those of gis_store_open(), GIS_ENOMEM. */
int srv_ctxpool_new(const char *db_path, int n, srv_ctxpool **out, gis_error *err);

/** Frees the pool; every worker must have been returned. NULL is a no-op. */
void srv_ctxpool_free(srv_ctxpool *p);

/** Checks a worker out, waiting while all are busy. Borrowed until srv_ctxpool_put(). */
srv_worker *srv_ctxpool_get(srv_ctxpool *p);

/** Returns a worker checked out with srv_ctxpool_get(). */
void srv_ctxpool_put(srv_ctxpool *p, srv_worker *w);

/** Number of workers. */
int srv_ctxpool_size(const srv_ctxpool *p);

/** The worker's EPSG:4490 <-> EPSG:3857 transforms, created on first use. Borrowed. */
int srv_worker_to_3857(srv_worker *w, gis_crs_transform **out, gis_error *err);
int srv_worker_from_3857(srv_worker *w, gis_crs_transform **out, gis_error *err);

#endif
