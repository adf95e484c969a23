/*
 * This file implements the worker pool: a fixed array of workers, a free list guarded by a
 * mutex and a condition variable. Pool size equals the HTTP thread pool size, so a request
 * normally finds a worker at once; waiting only happens if MHD runs more handlers than that.
 */
#include "server/ctxpool.h"

#include "gis/store_reader.h"
#include <pthread.h>
#include <stdlib.h>

struct srv_ctxpool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n;               /* workers */
    int n_free;          /* entries of free_list in use */
    srv_worker *workers; /* n workers */
    srv_worker **free_list;
};

static void worker_close(srv_worker *w)
{
    gis_crs_transform_free(w->to_3857);
    gis_crs_transform_free(w->from_3857);
    gis_store_close(w->store);
    gis_ctx_free(w->ctx);
}

int srv_ctxpool_new(const char *db_path, int n, srv_ctxpool **out, gis_error *err)
{
    *out = NULL;
    if (n < 1)
        n = 1;
    srv_ctxpool *p = calloc(1, sizeof *p);
    if (p == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    p->workers = calloc((size_t)n, sizeof *p->workers);
    p->free_list = calloc((size_t)n, sizeof *p->free_list);
    if (p->workers == NULL || p->free_list == NULL) {
        free(p->workers);
        free(p->free_list);
        free(p);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    int rc = GIS_OK;
    for (int i = 0; i < n; i++) {
        srv_worker *w = &p->workers[i];
        w->extent_version = -1;
        p->n = i + 1;
        /* Only the first connection probes the file: see gis/store_reader.h. */
        if ((rc = gis_ctx_new(&w->ctx, err)) != GIS_OK ||
            (rc = i == 0 ? gis_store_open(db_path, GIS_STORE_READONLY, &w->store, err)
                         : gis_store_open_another(p->workers[0].store, &w->store, err)) != GIS_OK)
            break;
        p->free_list[p->n_free++] = w;
    }
    if (rc != GIS_OK) {
        p->n_free = p->n; /* every worker is idle: free them all */
        srv_ctxpool_free(p);
        return rc;
    }
    *out = p;
    return GIS_OK;
}

void srv_ctxpool_free(srv_ctxpool *p)
{
    if (p == NULL)
        return;
    for (int i = 0; i < p->n; i++)
        worker_close(&p->workers[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->workers);
    free(p->free_list);
    free(p);
}

srv_worker *srv_ctxpool_get(srv_ctxpool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->n_free == 0)
        pthread_cond_wait(&p->cv, &p->mu);
    srv_worker *w = p->free_list[--p->n_free];
    pthread_mutex_unlock(&p->mu);
    return w;
}

void srv_ctxpool_put(srv_ctxpool *p, srv_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    p->free_list[p->n_free++] = w;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

int srv_ctxpool_size(const srv_ctxpool *p)
{
    return p->n;
}

int srv_worker_to_3857(srv_worker *w, gis_crs_transform **out, gis_error *err)
{
    int rc = GIS_OK;
    if (w->to_3857 == NULL)
        rc = gis_crs_transform_new(w->ctx, GIS_CRS_STORE, "EPSG:3857", &w->to_3857, err);
    *out = w->to_3857;
    return rc;
}

int srv_worker_from_3857(srv_worker *w, gis_crs_transform **out, gis_error *err)
{
    int rc = GIS_OK;
    if (w->from_3857 == NULL)
        rc = gis_crs_transform_new(w->ctx, "EPSG:3857", GIS_CRS_STORE, &w->from_3857, err);
    *out = w->from_3857;
    return rc;
}
