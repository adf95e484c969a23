/*
 * This file declares gis_store, one SpatiaLite database file holding a county (schema in
 * data/migrations). Opening checks the file is a jiewang store of a known schema version,
 * creates and migrates it when asked, and sets WAL mode and a busy timeout. A store the process
 * cannot write is opened read-only by reading commands and refused early by writing ones.
 * A store is used by one thread at a time (SQLITE_OPEN_NOMUTEX); open one per thread.
 * Record reads and writes live in the store_*.h modules; no SQL outside gis/store*.c.
 */
#ifndef GIS_STORE_H
#define GIS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "gis/ctx.h"

typedef struct gis_store gis_store;

enum gis_store_flags {
    GIS_STORE_READONLY = 1, /* open read-only: no migration, no writes */
    GIS_STORE_CREATE = 2,   /* create and initialise the file when it does not exist */
};

/** Opens path. Returns an owned store in *out; close with gis_store_close(). Codes:
 *  GIS_ENOTFOUND (missing file without GIS_STORE_CREATE), GIS_EDB (not SQLite, not a jiewang
 *  store, I/O), GIS_EVERSION (schema newer than this program, or older and read-only),
 *  GIS_EBUSY, GIS_EIO (a writing open of a store this process cannot write: see
 *  gis_store_check_writable). Nothing is written on failure; a file created by this call is
 *  removed.
 *  With GIS_STORE_READONLY a store this process cannot write (read-only file, folder or mount)
 *  is still read, and nothing is created next to it: see "Read-only stores" in store.c. */
int gis_store_open(const char *path, int flags, gis_store **out, gis_error *err);

/** Checks, without opening it, that this process may write the store at path: the file (or,
 *  when it does not exist, its folder, to create it), its folder (SQLite keeps PATH-wal and
 *  PATH-shm there) and existing PATH-wal / PATH-shm files. Returns GIS_OK, or GIS_EIO with
 *  "store 'PATH' is read-only (file not writable | folder not writable | read-only file
 *  system | its -wal/-shm file is not writable): cannot write to it" (or "cannot create store
 *  'PATH': folder not writable | read-only file system").
 *  Other failures (a missing folder) return GIS_OK and are left to the opener. err may be
 *  NULL. gis_store_open() calls it for every open without GIS_STORE_READONLY. */
int gis_store_check_writable(const char *path, gis_error *err);

/** Closes s, finalising its statements. NULL is a no-op. */
void gis_store_close(gis_store *s);

/** Path the store was opened with. Borrowed; valid while s is open. */
const char *gis_store_path(const gis_store *s);

/** Schema version the program writes (the highest migration number). */
int gis_store_latest_version(void);

/** Reads PRAGMA user_version into *out. */
int gis_store_schema_version(gis_store *s, int *out, gis_error *err);

/** Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. They nest: inside an open transaction,
 *  begin opens a savepoint, commit releases it and rollback undoes only it, so a function that
 *  writes atomically can be called alone or as part of a larger atomic write. Rollback ignores
 *  "no transaction". */
int gis_store_begin(gis_store *s, gis_error *err);
int gis_store_commit(gis_store *s, gis_error *err);
void gis_store_rollback(gis_store *s);

/** Increments meta.data_version; call inside the writing transaction. */
int gis_store_bump_data_version(gis_store *s, gis_error *err);

/** Reads meta.data_version (0 when absent). Cheap; used by caches to detect changes. */
int gis_store_data_version(gis_store *s, int64_t *out, gis_error *err);

/** Reads meta key into an owned string (*out NULL when absent); free with free(). */
int gis_store_meta_get(gis_store *s, const char *key, char **out, gis_error *err);

/** Writes meta key = value (insert or replace). */
int gis_store_meta_set(gis_store *s, const char *key, const char *value, gis_error *err);

#endif
