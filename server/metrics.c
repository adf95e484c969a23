/*
 * This file implements the Prometheus metrics of server/metrics.h. Counters are relaxed
 * atomics: each is monotonic on its own and a scrape needs no snapshot across counters.
 */
#include "server/metrics.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double BUCKETS[SRV_METRICS_N_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

void srv_metrics_init(srv_metrics *m)
{
    for (size_t i = 0; i < sizeof m->by_status / sizeof m->by_status[0]; i++)
        atomic_init(&m->by_status[i], 0);
    for (size_t i = 0; i <= SRV_METRICS_N_BUCKETS; i++)
        atomic_init(&m->latency[i], 0);
    atomic_init(&m->latency_sum_us, 0);
    atomic_init(&m->bytes_sent, 0);
    atomic_init(&m->tile_hits, 0);
    atomic_init(&m->tile_misses, 0);
}

void srv_metrics_observe(srv_metrics *m, int status, double seconds, size_t body_len)
{
    if (status >= 100 && status < 600)
        atomic_fetch_add_explicit(&m->by_status[status], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < SRV_METRICS_N_BUCKETS && seconds > BUCKETS[b])
        b++;
    atomic_fetch_add_explicit(&m->latency[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->latency_sum_us, (unsigned long)(seconds * 1e6),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&m->bytes_sent, body_len, memory_order_relaxed);
}

typedef struct textbuf {
    char *s;
    size_t len, cap;
    bool failed;
} textbuf;

static void add(textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(textbuf *t, const char *fmt, ...)
{
    for (;;) {
        if (t->failed)
            return;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = true;
            return;
        }
        if (t->s && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = (t->cap ? t->cap * 2 : 4096) + (size_t)n;
        char *grown = realloc(t->s, cap);
        if (grown == NULL) {
            t->failed = true;
            return;
        }
        t->s = grown;
        t->cap = cap;
    }
}

static unsigned long get(atomic_ulong *a)
{
    return atomic_load_explicit(a, memory_order_relaxed);
}

char *srv_metrics_render(srv_metrics *m, size_t *len)
{
    textbuf t = {0};
    add(&t, "# HELP jiewang_http_requests_total HTTP requests answered, by status code.\n"
            "# TYPE jiewang_http_requests_total counter\n");
    for (int code = 100; code < 600; code++) {
        unsigned long n = get(&m->by_status[code]);
        if (n)
            add(&t, "jiewang_http_requests_total{code=\"%d\"} %lu\n", code, n);
    }
    add(&t, "# HELP jiewang_http_request_duration_seconds Time to answer a request.\n"
            "# TYPE jiewang_http_request_duration_seconds histogram\n");
    unsigned long cum = 0;
    for (int b = 0; b < SRV_METRICS_N_BUCKETS; b++) {
        cum += get(&m->latency[b]);
        add(&t, "jiewang_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", BUCKETS[b], cum);
    }
    cum += get(&m->latency[SRV_METRICS_N_BUCKETS]);
    add(&t, "jiewang_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    add(&t, "jiewang_http_request_duration_seconds_sum %.6f\n",
        (double)get(&m->latency_sum_us) / 1e6);
    add(&t, "jiewang_http_request_duration_seconds_count %lu\n", cum);
    add(&t,
        "# HELP jiewang_http_response_bytes_total Body bytes sent.\n"
        "# TYPE jiewang_http_response_bytes_total counter\n"
        "jiewang_http_response_bytes_total %lu\n",
        get(&m->bytes_sent));
    add(&t,
        "# HELP jiewang_tile_cache_hits_total Tiles served from the cache.\n"
        "# TYPE jiewang_tile_cache_hits_total counter\n"
        "jiewang_tile_cache_hits_total %lu\n"
        "# HELP jiewang_tile_cache_misses_total Tiles rendered because not cached.\n"
        "# TYPE jiewang_tile_cache_misses_total counter\n"
        "jiewang_tile_cache_misses_total %lu\n",
        get(&m->tile_hits), get(&m->tile_misses));
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    *len = t.len;
    return t.s;
}
