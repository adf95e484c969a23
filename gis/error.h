/*
 * This file declares jiewang's status codes and the error record every fallible function fills.
 * It does not print or log anything: only cli/ prints.
 */
#ifndef GIS_ERROR_H
#define GIS_ERROR_H

#include <stdarg.h>

enum gis_status {
    GIS_OK = 0,        /* success */
    GIS_EINVAL = 1,    /* invalid argument or input value */
    GIS_ENOMEM = 2,    /* out of memory */
    GIS_EIO = 3,       /* file or stream error */
    GIS_EDB = 4,       /* SQLite/SpatiaLite error, or a database of the wrong kind */
    GIS_EGEOM = 5,     /* GEOS failure or unusable geometry */
    GIS_ECRS = 6,      /* PROJ failure or unsupported coordinate system */
    GIS_ESOURCE = 7,   /* unreadable or unsupported input source (file format, fields) */
    GIS_ENOTFOUND = 8, /* a named thing does not exist */
    GIS_EBUSY = 9,     /* database locked beyond the busy timeout */
    GIS_EVERSION = 10, /* database schema version unknown to this program */
    GIS_EEXIST = 11,   /* the thing already exists (e.g. same file imported twice) */
    GIS_EAUTH = 12,    /* missing or wrong credentials */
};

/** Error record: code, an English message naming the input, and the first failing function. */
typedef struct gis_error {
    int code;       /* enum gis_status */
    char msg[256];  /* English, no trailing newline */
    char where[64]; /* __func__ of the innermost failure */
} gis_error;

/** Sets err (if not NULL) and returns code, so callers can write `return gis_err_set(...)`. */
int gis_err_set(gis_error *err, int code, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/** Prepends "prefix: " to err's message, keeping its code; returns err->code (or GIS_OK). */
int gis_err_prefix(gis_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Clears err (code GIS_OK, empty message). err may be NULL. */
void gis_err_clear(gis_error *err);

/** Returns the symbolic name of a status code ("EINVAL"), never NULL. */
const char *gis_status_name(int code);

#define GIS_ERR(err, code, ...) gis_err_set((err), (code), __func__, __VA_ARGS__)

#endif
