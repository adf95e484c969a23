/*
 * This file declares gis_ctx, the per-thread context: one GEOS handle, one PROJ context, the
 * staged library error text and the log callback. One thread uses a context at a time.
 * It does not own database connections (see gis/store.h).
 */
#ifndef GIS_CTX_H
#define GIS_CTX_H

#include "gis/error.h"

typedef struct gis_ctx gis_ctx;

/** Log levels passed to the log callback. */
enum gis_log_level { GIS_LOG_DEBUG, GIS_LOG_INFO, GIS_LOG_WARN };

/** Log sink: receives English or Chinese one-line messages without trailing newline. */
typedef void (*gis_log_fn)(void *user, int level, const char *msg);

/** Returns an owned context in *out; free with gis_ctx_free(). Codes: GIS_ENOMEM. */
int gis_ctx_new(gis_ctx **out, gis_error *err);

/** Frees ctx and everything it caches. NULL is a no-op. */
void gis_ctx_free(gis_ctx *ctx);

/** Sets the log sink (NULL silences). Borrows user; it must outlive ctx. */
void gis_ctx_set_log(gis_ctx *ctx, gis_log_fn fn, void *user);

/** Sends a formatted message to the log sink, if any. */
void gis_ctx_log(gis_ctx *ctx, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
