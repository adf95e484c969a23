/*
 * This file declares the server's Prometheus metrics: requests by status code, a latency
 * histogram, bytes sent and tile cache hits and misses, counted with atomics from every
 * worker thread and rendered in the Prometheus text exposition format 0.0.4.
 */
#ifndef SRV_METRICS_H
#define SRV_METRICS_H

#include <stdatomic.h>
#include <stddef.h>

#define SRV_METRICS_N_BUCKETS 12

typedef struct srv_metrics {
    atomic_ulong by_status[600];                     /* requests per HTTP status (100..599) */
    atomic_ulong latency[SRV_METRICS_N_BUCKETS + 1]; /* per bucket, last is +Inf */
    atomic_ulong latency_sum_us;                     /* total latency in microseconds */
    atomic_ulong bytes_sent;                         /* body bytes */
    atomic_ulong tile_hits;                          /* tiles served from the cache */
    atomic_ulong tile_misses;                        /* tiles rendered */
} srv_metrics;

/** Zeroes m. */
void srv_metrics_init(srv_metrics *m);

/** Records one answered request: its status, latency in seconds and body length. */
void srv_metrics_observe(srv_metrics *m, int status, double seconds, size_t body_len);

/** Renders m as Prometheus text. Returns an owned string (free()) or NULL on out-of-memory. */
char *srv_metrics_render(srv_metrics *m, size_t *len);

#endif
