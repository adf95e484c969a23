/*
 * Internals of gis_store shared by gis/store*.c. The only place sqlite3.h is visible.
 */
#ifndef GIS_STORE_INT_H
#define GIS_STORE_INT_H

#include <sqlite3.h>

#include "gis/geom.h"
#include "gis/store.h"

struct gis_store {
    sqlite3 *db;      /* one connection, multi-thread mode (no mutex) */
    void *spl_cache;  /* SpatiaLite connection cache */
    char *path;       /* owned copy of the path */
    bool readonly;    /* opened with GIS_STORE_READONLY */
    char *open_name;  /* owned: the name given to sqlite3_open_v2 (the path, or a file: URI) */
    int open_flags;   /* the flags given to sqlite3_open_v2; gis_store_open_another reuses both */
    int tx_depth;         /* levels opened by gis_store_begin(), 0 outside */
    unsigned tx_savepoint; /* bit k set: level k+1 is a savepoint, not BEGIN */
    struct {
        const char *sql;   /* static SQL text, compared by address */
        sqlite3_stmt *st;  /* prepared once, reset after each use */
    } cache[32];
};

/** Returns a prepared statement for a static SQL string, cached on s (compared by address).
 *  The statement is borrowed: call sqlite3_reset() and sqlite3_clear_bindings() after use
 *  (gis_store_cached_done). Finalised by gis_store_close(). */
int gis_store_cached(gis_store *s, const char *sql, sqlite3_stmt **out, gis_error *err);

/** Resets a cached statement after use. */
void gis_store_cached_done(sqlite3_stmt *st);

/** Sets err from the connection's current message (copied at once); returns GIS_EDB or
 *  GIS_EBUSY for SQLITE_BUSY/LOCKED. */
int gis_store_sql_error(gis_store *s, gis_error *err, const char *where, const char *op);

/** Prepares sql; on failure sets err and returns its code. */
int gis_store_prepare(gis_store *s, const char *sql, sqlite3_stmt **out, gis_error *err);

/** Executes sql without results. */
int gis_store_exec(gis_store *s, const char *sql, gis_error *err);

/** Binds text or NULL when value is NULL or empty. */
int gis_store_bind_text_or_null(sqlite3_stmt *st, int i, const char *value);

/** Returns an owned copy of column i as text, or NULL for SQL NULL (and on OOM). */
char *gis_store_column_strdup(sqlite3_stmt *st, int i);

/** Binds g as WKB blob (NULL geometry binds SQL NULL). Use with GeomFromWKB(?, 4490) in SQL. */
int gis_store_bind_geom(gis_ctx *ctx, sqlite3_stmt *st, int i, const gis_geom *g, gis_error *err);

/** Reads a WKB blob column (AsBinary(geom) in SQL) into an owned geometry, or NULL for NULL. */
int gis_store_column_geom(gis_ctx *ctx, sqlite3_stmt *st, int i, gis_geom **out, gis_error *err);

/** Binds an integer, or NULL when value < 0 (unknown). */
int gis_store_bind_int_or_null(sqlite3_stmt *st, int i, int64_t value);

/** Reads an integer column, -1 for NULL. */
int64_t gis_store_column_int_or_unknown(sqlite3_stmt *st, int i);

#endif
