/*
 * This file implements the per-thread context: GEOS and PROJ handles and their error staging.
 */
#include "gis/ctx_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void geos_message(const char *message, void *user)
{
    gis_ctx *ctx = user;
    snprintf(ctx->geos_msg, sizeof ctx->geos_msg, "%s", message ? message : "");
}

static void geos_notice(const char *message, void *user)
{
    (void)message;
    (void)user;
}

int gis_ctx_new(gis_ctx **out, gis_error *err)
{
    *out = NULL;
    gis_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory creating context");
    ctx->geos = GEOS_init_r();
    ctx->proj = proj_context_create();
    if (ctx->geos == NULL || ctx->proj == NULL) {
        gis_ctx_free(ctx);
        return GIS_ERR(err, GIS_ENOMEM, "cannot initialise GEOS or PROJ");
    }
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_message, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geos_notice, ctx);
    proj_log_level(ctx->proj, PJ_LOG_NONE);
    *out = ctx;
    return GIS_OK;
}

void gis_ctx_free(gis_ctx *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->geos)
        GEOS_finish_r(ctx->geos);
    if (ctx->proj)
        proj_context_destroy(ctx->proj);
    free(ctx);
}

void gis_ctx_set_log(gis_ctx *ctx, gis_log_fn fn, void *user)
{
    ctx->log = fn;
    ctx->log_user = user;
}

void gis_ctx_log(gis_ctx *ctx, int level, const char *fmt, ...)
{
    if (ctx == NULL || ctx->log == NULL)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_user, level, msg);
}

int gis_ctx_geos_error(gis_ctx *ctx, gis_error *err, const char *where, const char *op)
{
    int rc = gis_err_set(err, GIS_EGEOM, where, "%s failed: %s", op,
                         ctx->geos_msg[0] ? ctx->geos_msg : "unknown GEOS error");
    ctx->geos_msg[0] = '\0';
    return rc;
}
