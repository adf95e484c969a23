/*
 * Benchmark driver for bench/tiles.sh (not part of the product): builds a fixed list of z8-z15
 * tiles covering the county of a store, then measures cold tile generation of the combined
 * "jiewang" tileset (no cache) with 1 and 2 threads, each thread with its own gis_ctx and
 * read-only store, and warm tile-cache hits. Prints key=value lines for the script.
 * Usage: tiles_bench DB LIST_OUT [once]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gis/store.h"
#include "gis/store_info.h"
#include "tiles/cache.h"
#include "tiles/tilemath.h"
#include "tiles/tileset.h"

typedef struct tile {
    int z;
    long x, y;
} tile;

typedef struct job {
    const char *db;
    const tile *tiles;
    size_t n, start, step;
    double *ms;           /* per-tile render time, may be NULL */
    double cpu_s;         /* thread CPU time spent rendering */
    size_t bytes;         /* total MVT bytes */
    size_t max_bytes;     /* largest tile */
    tile_cache *cache;    /* fill when not NULL */
    tile_unit_memo *memo; /* per-unit labels and areas shared by the threads of a run */
    int rc;
} job;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void *render_job(void *arg)
{
    job *j = arg;
    gis_ctx *ctx = NULL;
    gis_store *s = NULL;
    gis_error err = {0};
    if (gis_ctx_new(&ctx, &err) != GIS_OK ||
        gis_store_open(j->db, GIS_STORE_READONLY, &s, &err) != GIS_OK) {
        fprintf(stderr, "open: %s\n", err.msg);
        j->rc = 1;
        gis_ctx_free(ctx);
        return NULL;
    }
    double c0 = cpu_s();
    for (size_t i = j->start; i < j->n; i += j->step) {
        unsigned char *buf = NULL;
        size_t len = 0;
        double t0 = now_s();
        if (tile_tileset_render_memo(ctx, s, j->memo, "jiewang", j->tiles[i].z, j->tiles[i].x,
                                     j->tiles[i].y, &buf, &len, &err) != GIS_OK) {
            fprintf(stderr, "render: %s\n", err.msg);
            j->rc = 1;
            break;
        }
        if (j->ms)
            j->ms[i] = (now_s() - t0) * 1e3;
        j->bytes += len;
        j->max_bytes = len > j->max_bytes ? len : j->max_bytes;
        if (j->cache)
            tile_cache_put(j->cache, "jiewang", j->tiles[i].z, j->tiles[i].x, j->tiles[i].y, 1, buf,
                           len, NULL, NULL);
        free(buf);
    }
    j->cpu_s = cpu_s() - c0;
    gis_store_close(s);
    gis_ctx_free(ctx);
    return NULL;
}

/* Renders the whole list with n_threads threads and a fresh unit memo (so each run computes
 * every label and area once, as a server does after start or a data change); returns tiles
 * per second. */
static double last_cpu_s; /* CPU seconds of the last cold_run, all threads (driver only) */

static double cold_run(const char *db, const tile *t, size_t n, int n_threads, double *ms,
                       size_t *bytes, size_t *max_bytes, tile_cache *cache)
{
    last_cpu_s = 0;
    pthread_t th[8];
    job jobs[8];
    tile_unit_memo *memo = NULL;
    tile_unit_memo_new(&memo, NULL);
    double t0 = now_s();
    for (int k = 0; k < n_threads; k++) {
        jobs[k] = (job){.db = db,
                        .tiles = t,
                        .n = n,
                        .start = (size_t)k,
                        .step = (size_t)n_threads,
                        .ms = ms,
                        .cache = cache,
                        .memo = memo};
        pthread_create(&th[k], NULL, render_job, &jobs[k]);
    }
    *bytes = 0;
    for (int k = 0; k < n_threads; k++) {
        pthread_join(th[k], NULL);
        if (jobs[k].rc != 0)
            exit(1);
        *bytes += jobs[k].bytes;
        last_cpu_s += jobs[k].cpu_s;
        if (max_bytes && jobs[k].max_bytes > *max_bytes)
            *max_bytes = jobs[k].max_bytes;
    }
    double rate = (double)n / (now_s() - t0);
    tile_unit_memo_free(memo);
    return rate;
}

typedef struct warm_job {
    tile_cache *c;
    const tile *t;
    size_t n;
    int passes;
} warm_job;

static void *warm_worker(void *arg)
{
    warm_job *w = arg;
    for (int p = 0; p < w->passes; p++)
        for (size_t i = 0; i < w->n; i++) {
            tile_cache_blob *b = NULL;
            if (tile_cache_get(w->c, "jiewang", w->t[i].z, w->t[i].x, w->t[i].y, 1, &b))
                tile_cache_blob_release(b);
        }
    return NULL;
}

/* Returns nanoseconds per cache hit with n_threads threads each doing `passes` passes. */
static double warm_run(tile_cache *c, const tile *t, size_t n, int n_threads, int passes)
{
    pthread_t th[8];
    warm_job w = {.c = c, .t = t, .n = n, .passes = passes};
    double t0 = now_s();
    for (int k = 0; k < n_threads; k++)
        pthread_create(&th[k], NULL, warm_worker, &w);
    for (int k = 0; k < n_threads; k++)
        pthread_join(th[k], NULL);
    return (now_s() - t0) * 1e9 / ((double)n * passes * n_threads);
}

static tile *build_list(const char *db, const char *list_out, size_t *n_out)
{
    gis_store *s = NULL;
    gis_error err = {0};
    double b[4];
    bool has = false;
    if (gis_store_open(db, GIS_STORE_READONLY, &s, &err) != GIS_OK ||
        gis_store_extent(s, "county", b, &has, &err) != GIS_OK || !has) {
        fprintf(stderr, "extent: %s\n", err.msg);
        exit(1);
    }
    gis_store_close(s);
    size_t n = 0, cap = 1024;
    tile *t = malloc(cap * sizeof *t);
    FILE *f = fopen(list_out, "w");
    for (int z = 8; z <= 15; z++) {
        long x0, y0, x1, y1;
        tile_math_tile_for_lonlat(z, b[0], b[3], &x0, &y0);
        tile_math_tile_for_lonlat(z, b[2], b[1], &x1, &y1);
        size_t k = 0;
        for (long x = x0; x <= x1; x++)
            for (long y = y0; y <= y1; y++, k++) {
                if (z == 15 && k % 3 != 0)
                    continue; /* a third of z15 keeps the list at a few thousand */
                if (n == cap)
                    t = realloc(t, (cap *= 2) * sizeof *t);
                t[n++] = (tile){z, x, y};
                fprintf(f, "%d/%ld/%ld\n", z, x, y);
            }
    }
    fclose(f);
    *n_out = n;
    return t;
}

static double median3(double a[3])
{
    qsort(a, 3, sizeof a[0], cmp_double);
    return a[1];
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: tiles_bench DB LIST_OUT [once]\n");
        return 2;
    }
    size_t n = 0, bytes = 0, max_bytes = 0;
    tile *t = build_list(argv[1], argv[2], &n);
    double *ms = calloc(n, sizeof *ms), r1[3], r2[3], c1[3];
    if (argc > 3 && strcmp(argv[3], "once") == 0) {
        /* One single-thread pass, for profiling. */
        printf("cold_1t_tiles_per_s=%.0f\n",
               cold_run(argv[1], t, n, 1, NULL, &bytes, &max_bytes, NULL));
        printf("cold_cpu_tiles_per_s=%.0f\n", (double)n / last_cpu_s);
        free(ms);
        free(t);
        return 0;
    }
    for (int rep = 0; rep < 3; rep++) {
        r1[rep] = cold_run(argv[1], t, n, 1, rep == 0 ? ms : NULL, &bytes, &max_bytes, NULL);
        c1[rep] = (double)n / last_cpu_s;
    }
    for (int rep = 0; rep < 3; rep++)
        r2[rep] = cold_run(argv[1], t, n, 2, NULL, &bytes, NULL, NULL);
    size_t slow = 0;
    for (size_t i = 1; i < n; i++)
        slow = ms[i] > ms[slow] ? i : slow;
    printf("slowest_tile=%d/%ld/%ld %.1f ms\n", t[slow].z, t[slow].x, t[slow].y, ms[slow]);
    double per_zoom[16] = {0};
    for (size_t i = 0; i < n; i++)
        per_zoom[t[i].z] += ms[i];
    for (int z = 8; z <= 15; z++)
        printf("render_ms_total_z%d=%.0f\n", z, per_zoom[z]);
    qsort(ms, n, sizeof *ms, cmp_double);
    tile_cache *c = NULL;
    tile_cache_new((size_t)256 << 20, &c, NULL);
    cold_run(argv[1], t, n, 1, NULL, &bytes, NULL, c);
    double w1 = warm_run(c, t, n, 1, 50), w2 = warm_run(c, t, n, 2, 50);
    tile_cache_stats st;
    tile_cache_stats_get(c, &st);
    printf("tiles=%zu\nbytes_total=%zu\nbytes_mean=%.0f\nbytes_max=%zu\n", n, bytes,
           (double)bytes / (double)n, max_bytes);
    printf("cold_1t_tiles_per_s=%.0f\ncold_1t_runs=%.0f,%.0f,%.0f\n", median3(r1), r1[0], r1[1],
           r1[2]);
    printf("cold_cpu_runs=%.0f,%.0f,%.0f\n", c1[0], c1[1], c1[2]);
    printf("cold_cpu_tiles_per_s=%.0f\n", median3(c1));
    printf("cold_2t_tiles_per_s=%.0f\ncold_2t_runs=%.0f,%.0f,%.0f\n", median3(r2), r2[0], r2[1],
           r2[2]);
    printf("render_ms_p50=%.3f\nrender_ms_p99=%.3f\nrender_ms_max=%.3f\n", ms[n / 2],
           ms[n * 99 / 100], ms[n - 1]);
    printf("warm_hit_ns_1t=%.0f\nwarm_hit_ns_2t=%.0f\ncache_entries=%llu\ncache_bytes=%llu\n", w1,
           w2, (unsigned long long)st.entries, (unsigned long long)st.bytes);
    tile_cache_free(c);
    free(ms);
    free(t);
    return 0;
}
