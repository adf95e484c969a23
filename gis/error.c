/*
 * This file implements the error record helpers. It does not print anything.
 */
#include "gis/error.h"

#include <stdio.h>
#include <string.h>

int gis_err_set(gis_error *err, int code, const char *where, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    snprintf(err->where, sizeof err->where, "%s", where ? where : "");
    return code;
}

int gis_err_prefix(gis_error *err, const char *fmt, ...)
{
    if (err == NULL)
        return GIS_OK;
    char prefix[128];
    char old[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s: %s", prefix, old);
    return err->code;
}

void gis_err_clear(gis_error *err)
{
    if (err == NULL)
        return;
    err->code = GIS_OK;
    err->msg[0] = '\0';
    err->where[0] = '\0';
}

const char *gis_status_name(int code)
{
    static const char *const names[] = {"OK",     "EINVAL",    "ENOMEM", "EIO",
                                        "EDB",    "EGEOM",     "ECRS",   "ESOURCE",
                                        "ENOTFOUND", "EBUSY", "EVERSION", "EEXIST", "EAUTH"};
    if (code < 0 || code >= (int)(sizeof names / sizeof names[0]))
        return "EUNKNOWN";
    return names[code];
}
