/*
 * This file implements opening and closing the SpatiaLite store, its pragmas, transactions and
 * the meta table. Schema creation is in store_schema.c; records in the other store_*.c files.
 */
#include "gis/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spatialite.h>

#include "gis/store_schema.h"

int gis_store_sql_error(gis_store *s, gis_error *err, const char *where, const char *op)
{
    int ec = sqlite3_extended_errcode(s->db);
    int code = ((ec & 0xff) == SQLITE_BUSY || (ec & 0xff) == SQLITE_LOCKED) ? GIS_EBUSY : GIS_EDB;
    return gis_err_set(err, code, where, "%s: %s (%s)", op, sqlite3_errmsg(s->db), s->path);
}

int gis_store_prepare(gis_store *s, const char *sql, sqlite3_stmt **out, gis_error *err)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) != SQLITE_OK) {
        *out = NULL;
        return gis_store_sql_error(s, err, __func__, "prepare");
    }
    return GIS_OK;
}

int gis_store_exec(gis_store *s, const char *sql, gis_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = gis_store_sql_error(s, err, __func__, "execute");
        sqlite3_free(msg);
        return rc;
    }
    return GIS_OK;
}

int gis_store_bind_text_or_null(sqlite3_stmt *st, int i, const char *value)
{
    if (value == NULL || value[0] == '\0')
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, value, -1, SQLITE_TRANSIENT);
}

char *gis_store_column_strdup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

/* Reads the 16-byte SQLite header: a jiewang store must be a SQLite 3 file or empty.
 * Caution: closing any descriptor of a file drops this process's POSIX locks on it, including
 * SQLite's; a process that already holds connections to the file opens more through
 * gis_store_open_another() (gis/store_reader.h), which skips this check. */
static int check_sqlite_header(const char *path, bool *is_empty, gis_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        char buf[128];
        strerror_r(errno, buf, sizeof buf);
        return GIS_ERR(err, errno == ENOENT ? GIS_ENOTFOUND : GIS_EIO,
                       "cannot open database '%s': %s", path, buf);
    }
    char header[16] = {0};
    size_t n = fread(header, 1, sizeof header, f);
    fclose(f);
    *is_empty = n == 0;
    if (n == 0)
        return GIS_OK;
    if (n < sizeof header || memcmp(header, "SQLite format 3", 16) != 0)
        return GIS_ERR(err, GIS_EDB, "'%s' is not a SQLite database", path);
    return GIS_OK;
}

/* ---- Read-only stores (README R7) -------------------------------------------------------------
 * Every store is in WAL mode. SQLite reads a WAL database through PATH-shm, the shared index of
 * PATH-wal, and creates both next to the file at the first open. A process that cannot write
 * the file or its folder (a read-only mount, a store owned by another user, a folder it cannot
 * write) cannot do that safely:
 *  - folder not writable, no PATH-shm: a plain read-only open fails ("attempt to write a
 *    readonly database", the old R7 failure);
 *  - folder writable, file not: the open succeeds but leaves PATH-wal and PATH-shm owned by this
 *    user with the file's mode, after which the store's owner cannot write it any more (SQLite
 *    falls back to a read-only index: "attempt to write a readonly database"). Measured with
 *    SQLite 3.40.
 * So a reading open of a store this process cannot write chooses by the files present:
 *  1. PATH-wal and PATH-shm both exist (a writer is open, or the store was copied with them):
 *     SQLITE_OPEN_READONLY (mode=ro). SQLite reads the WAL through the existing index (a private
 *     copy of it when PATH-shm is not writable, SQLite >= 3.22) and coordinates with a live
 *     writer; nothing is created. immutable=1 would ignore the WAL and read old data.
 *  2. PATH-wal is not empty but PATH-shm is missing: committed changes may exist only in the
 *     WAL, which cannot be read without an index this process may not create: refused (GIS_EDB)
 *     rather than read an old or half-checkpointed file. A non-empty PATH-journal (an unfinished
 *     rollback-journal write) is refused likewise.
 *  3. Otherwise, no WAL content: ?mode=ro&immutable=1. The whole database is in the main file
 *     and no connection is open (an open WAL connection keeps PATH-wal and PATH-shm), so reading
 *     without locks and without an index is exact, and nothing is created.
 *     Limit: immutable=1 promises that nobody writes. On a read-only mount nobody can; but if
 *     another user who can write the file starts writing after this open, this connection does
 *     not see it, and a checkpoint of theirs may change pages under a long read: a long
 *     reader (serve) of such a store must be restarted after an import. mode=ro instead of
 *     immutable=1 would fail or leave side files (above), so it is only used in case 1.
 * A store whose file and folder this process can write is read as before
 * (SQLITE_OPEN_READONLY, creating the side files if needed, seeing later writes of other
 * processes). gis_store_open_another() reuses the chosen name and flags. */

/* 0 when this process (effective ids, as open(2) decides) may access name with mode, else the
 * errno (EACCES, EPERM for an immutable file, EROFS on a read-only mount, ENOENT...). */
static int access_errno(const char *name, int mode)
{
    return faccessat(AT_FDCWD, name, mode, AT_EACCESS) == 0 ? 0 : errno;
}

static bool is_denied(int e)
{
    return e == EACCES || e == EPERM || e == EROFS;
}

static void folder_of(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(out, n, ".");
    else if (slash == path)
        snprintf(out, n, "/");
    else
        snprintf(out, n, "%.*s", (int)(slash - path), path);
}

int gis_store_check_writable(const char *path, gis_error *err)
{
    char dir[4096], side[4096];
    folder_of(path, dir, sizeof dir);
    int fe = access_errno(path, W_OK);
    int de = access_errno(dir, W_OK | X_OK);
    if (fe == ENOENT) {
        if (is_denied(de))
            return GIS_ERR(err, GIS_EIO, "cannot create store '%s': %s", path,
                           de == EROFS ? "read-only file system" : "folder not writable");
        return GIS_OK;
    }
    const char *why = NULL;
    if (is_denied(fe))
        why = fe == EROFS ? "read-only file system" : "file not writable";
    else if (is_denied(de))
        why = de == EROFS ? "read-only file system" : "folder not writable";
    else {
        static const char *const sides[] = {"-wal", "-shm"};
        for (size_t i = 0; i < 2 && why == NULL; i++) {
            snprintf(side, sizeof side, "%s%s", path, sides[i]);
            if (is_denied(access_errno(side, W_OK)))
                why = i == 0 ? "its -wal file is not writable" : "its -shm file is not writable";
        }
    }
    if (why != NULL)
        return GIS_ERR(err, GIS_EIO, "store '%s' is read-only (%s): cannot write to it", path, why);
    return GIS_OK;
}

/* Size of path + suffix, -1 when it does not exist (or cannot be examined). */
static long long side_size(const char *path, const char *suffix)
{
    char side[4096];
    struct stat st;
    snprintf(side, sizeof side, "%s%s", path, suffix);
    return stat(side, &st) == 0 ? (long long)st.st_size : -1;
}

/* Chooses how a reading open talks to the file (see "Read-only stores" above): *immutable
 * false for SQLITE_OPEN_READONLY on the path, true for the immutable URI. */
static int choose_read_mode(const char *path, bool *immutable, gis_error *err)
{
    *immutable = false;
    char dir[4096];
    folder_of(path, dir, sizeof dir);
    if (!is_denied(access_errno(path, W_OK)) && !is_denied(access_errno(dir, W_OK | X_OK)))
        return GIS_OK; /* may create the side files (with the store's mode), as any reader */
    long long wal = side_size(path, "-wal"), shm = side_size(path, "-shm");
    if (wal >= 0 && shm >= 0)
        return GIS_OK;
    if (wal > 0)
        return GIS_ERR(err, GIS_EDB,
                       "store '%s' is read-only and its -wal file holds changes that cannot be "
                       "read without its -shm file: open it once with write access",
                       path);
    if (side_size(path, "-journal") > 0)
        return GIS_ERR(err, GIS_EDB,
                       "store '%s' is read-only and has an unfinished write (-journal file): "
                       "open it once with write access",
                       path);
    *immutable = true;
    return GIS_OK;
}

/* "file:PATH?mode=ro&immutable=1", with the URI's special characters in PATH escaped. An
 * absolute path gets an empty authority ("file:///…") so that a path starting with "//" is not
 * read as a host name. Owned; NULL when out of memory. */
static char *immutable_uri(const char *path)
{
    static const char tail[] = "?mode=ro&immutable=1";
    size_t n = strlen(path);
    char *uri = malloc(3 * n + sizeof "file://" + sizeof tail);
    if (uri == NULL)
        return NULL;
    char *o = uri;
    o += sprintf(o, "%s", path[0] == '/' ? "file://" : "file:");
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            o += sprintf(o, "%%%02X", (unsigned)(unsigned char)*p);
        else
            *o++ = *p;
    }
    memcpy(o, tail, sizeof tail);
    return uri;
}

static int apply_pragmas(gis_store *s, gis_error *err)
{
    sqlite3_busy_timeout(s->db, 5000);
    if (s->readonly)
        return gis_store_exec(s, "PRAGMA foreign_keys=ON;", err);
    return gis_store_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                             "PRAGMA foreign_keys=ON;",
                          err);
}

/* A jiewang store has a meta table; a SQLite file with other tables is someone else's. */
static int has_table(gis_store *s, const char *name, bool *out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", &st,
                               err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read schema");
    *out = step == SQLITE_ROW;
    sqlite3_finalize(st);
    return rc;
}

static int count_tables(gis_store *s, int *out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "SELECT count(*) FROM sqlite_master", &st, err);
    if (rc != GIS_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    else
        rc = gis_store_sql_error(s, err, __func__, "read schema");
    sqlite3_finalize(st);
    return rc;
}

static int check_schema(gis_store *s, bool created, gis_error *err)
{
    int version = 0, n_tables = 0;
    int rc = gis_store_schema_version(s, &version, err);
    if (rc == GIS_OK)
        rc = count_tables(s, &n_tables, err);
    if (rc != GIS_OK)
        return rc;
    int latest = gis_store_latest_version();
    if (version > latest)
        return GIS_ERR(err, GIS_EVERSION,
                       "database '%s' has schema version %d; this jiewang knows up to %d", s->path,
                       version, latest);
    if (version == 0 && n_tables > 0 && !created)
        return GIS_ERR(err, GIS_EDB, "'%s' is a SQLite database but not a jiewang store",
                       s->path);
    if (version > 0) {
        bool meta = false;
        if ((rc = has_table(s, "meta", &meta, err)) != GIS_OK)
            return rc;
        if (!meta)
            return GIS_ERR(err, GIS_EDB, "'%s' is a SQLite database but not a jiewang store",
                           s->path);
    }
    if (version == latest)
        return GIS_OK;
    if (s->readonly)
        return GIS_ERR(err, GIS_EVERSION,
                       "database '%s' has schema version %d and needs migration to %d; open it "
                       "with a writing command first",
                       s->path, version, latest);
    if (version == 0 && !created)
        return GIS_ERR(err, GIS_EDB, "'%s' is empty, not a jiewang store", s->path);
    return gis_store_schema_migrate(s, version, err);
}

int gis_store_open(const char *path, int flags, gis_store **out, gis_error *err)
{
    *out = NULL;
    bool readonly = (flags & GIS_STORE_READONLY) != 0;
    bool create = (flags & GIS_STORE_CREATE) != 0 && !readonly;
    bool is_empty = false, created = false;
    int rc = check_sqlite_header(path, &is_empty, err);
    if (rc == GIS_ENOTFOUND && create) {
        gis_err_clear(err);
        created = true;
        rc = GIS_OK;
    } else if (rc == GIS_ENOTFOUND) {
        return GIS_ERR(err, GIS_ENOTFOUND, "database '%s' does not exist", path);
    }
    if (rc != GIS_OK)
        return rc;
    if (is_empty && !create)
        return GIS_ERR(err, GIS_EDB, "'%s' is empty, not a jiewang store", path);
    /* A writing command on a store it cannot write fails here, before SQLite touches anything,
     * instead of with "attempt to write a readonly database" halfway (README R7). */
    bool immutable = false;
    if (!readonly && (rc = gis_store_check_writable(path, err)) != GIS_OK)
        return rc;
    if (readonly && (rc = choose_read_mode(path, &immutable, err)) != GIS_OK)
        return rc;

    gis_store *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = strdup(path)) == NULL ||
        (s->open_name = immutable ? immutable_uri(path) : strdup(path)) == NULL) {
        if (s != NULL)
            free(s->path);
        free(s);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    s->readonly = readonly;
    s->open_flags = SQLITE_OPEN_NOMUTEX | (immutable ? SQLITE_OPEN_URI : 0) |
                    (readonly ? SQLITE_OPEN_READONLY
                              : SQLITE_OPEN_READWRITE | (created ? SQLITE_OPEN_CREATE : 0));
    if (sqlite3_open_v2(s->open_name, &s->db, s->open_flags, NULL) != SQLITE_OK) {
        rc = gis_store_sql_error(s, err, __func__, "open");
        goto fail;
    }
    s->spl_cache = spatialite_alloc_connection();
    spatialite_init_ex(s->db, s->spl_cache, 0);
    sqlite3_busy_timeout(s->db, 5000);
    /* Schema first, pragmas after: a SQLite file that is not a jiewang store must be refused
     * before anything (such as the switch to WAL) changes it (fuzz/fault finding R2). */
    if ((rc = check_schema(s, created || is_empty, err)) != GIS_OK)
        goto fail;
    if ((rc = apply_pragmas(s, err)) != GIS_OK)
        goto fail;
    *out = s;
    return GIS_OK;
fail:
    gis_store_close(s);
    if (created) {
        char side[4096];
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
    }
    return rc;
}

void gis_store_close(gis_store *s)
{
    if (s == NULL)
        return;
    if (s->db) {
        for (size_t i = 0; i < sizeof s->cache / sizeof s->cache[0]; i++)
            sqlite3_finalize(s->cache[i].st);
        /* SpatiaLite owns statements of its virtual tables: only ours are finalised here. */
        sqlite3_close_v2(s->db);
    }
    if (s->spl_cache)
        spatialite_cleanup_ex(s->spl_cache);
    free(s->path);
    free(s->open_name);
    free(s);
}

const char *gis_store_path(const gis_store *s)
{
    return s->path;
}

int gis_store_latest_version(void)
{
    int v = 0;
    for (int i = 0; i < GIS_MIGRATIONS_COUNT; i++)
        if (GIS_MIGRATIONS[i].version > v)
            v = GIS_MIGRATIONS[i].version;
    return v;
}

int gis_store_schema_version(gis_store *s, int *out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "PRAGMA user_version", &st, err);
    if (rc != GIS_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    else
        rc = gis_store_sql_error(s, err, __func__, "read schema version");
    sqlite3_finalize(st);
    return rc;
}

int gis_store_begin(gis_store *s, gis_error *err)
{
    if (s->tx_depth >= 31)
        return GIS_ERR(err, GIS_EDB, "transactions nested too deeply (%s)", s->path);
    /* Inside any open transaction (ours or a caller's) a level is a savepoint. */
    bool savepoint = !sqlite3_get_autocommit(s->db);
    char sql[48];
    snprintf(sql, sizeof sql, savepoint ? "SAVEPOINT jw_%d" : "BEGIN IMMEDIATE", s->tx_depth + 1);
    int rc = gis_store_exec(s, sql, err);
    if (rc != GIS_OK)
        return rc;
    s->tx_depth++;
    if (savepoint)
        s->tx_savepoint |= 1u << (s->tx_depth - 1);
    else
        s->tx_savepoint &= ~(1u << (s->tx_depth - 1));
    return GIS_OK;
}

static bool level_is_savepoint(const gis_store *s)
{
    return s->tx_depth > 0 && (s->tx_savepoint & (1u << (s->tx_depth - 1))) != 0;
}

int gis_store_commit(gis_store *s, gis_error *err)
{
    char sql[48];
    if (level_is_savepoint(s))
        snprintf(sql, sizeof sql, "RELEASE jw_%d", s->tx_depth);
    else
        snprintf(sql, sizeof sql, "COMMIT");
    int rc = gis_store_exec(s, sql, err);
    if (rc == GIS_OK && s->tx_depth > 0)
        s->tx_depth--;
    return rc;
}

void gis_store_rollback(gis_store *s)
{
    if (level_is_savepoint(s)) {
        char sql[80];
        snprintf(sql, sizeof sql, "ROLLBACK TO jw_%d; RELEASE jw_%d", s->tx_depth, s->tx_depth);
        sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        s->tx_depth--;
        return;
    }
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->tx_depth = 0;
}

int gis_store_bump_data_version(gis_store *s, gis_error *err)
{
    return gis_store_exec(s,
                          "INSERT INTO meta(key,value) VALUES('data_version','1') "
                          "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                          err);
}

int gis_store_data_version(gis_store *s, int64_t *out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    int rc = gis_store_prepare(s, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='data_version'",
                               &st, err);
    if (rc != GIS_OK)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read data version");
    sqlite3_finalize(st);
    return rc;
}

int gis_store_meta_get(gis_store *s, const char *key, char **out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = NULL;
    int rc = gis_store_prepare(s, "SELECT value FROM meta WHERE key=?", &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *out = gis_store_column_strdup(st, 0);
    else if (step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read meta");
    sqlite3_finalize(st);
    return rc;
}

int gis_store_meta_set(gis_store *s, const char *key, const char *value, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "INSERT OR REPLACE INTO meta(key,value) VALUES(?,?)", &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    gis_store_bind_text_or_null(st, 2, value);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "write meta");
    sqlite3_finalize(st);
    return rc;
}

int gis_store_bind_geom(gis_ctx *ctx, sqlite3_stmt *st, int i, const gis_geom *g, gis_error *err)
{
    if (g == NULL)
        return sqlite3_bind_null(st, i) == SQLITE_OK ? GIS_OK
                                                       : GIS_ERR(err, GIS_EDB, "bind failed");
    unsigned char *wkb = NULL;
    size_t len = 0;
    int rc = gis_geom_to_wkb(ctx, g, &wkb, &len, err);
    if (rc != GIS_OK)
        return rc;
    if (sqlite3_bind_blob(st, i, wkb, (int)len, free) != SQLITE_OK)
        return GIS_ERR(err, GIS_EDB, "cannot bind geometry");
    return GIS_OK;
}

int gis_store_column_geom(gis_ctx *ctx, sqlite3_stmt *st, int i, gis_geom **out, gis_error *err)
{
    *out = NULL;
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return GIS_OK;
    const unsigned char *blob = sqlite3_column_blob(st, i);
    int len = sqlite3_column_bytes(st, i);
    return gis_geom_from_wkb(ctx, blob, (size_t)len, out, err);
}

int gis_store_bind_int_or_null(sqlite3_stmt *st, int i, int64_t value)
{
    return value < 0 ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, value);
}

int64_t gis_store_column_int_or_unknown(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

int gis_store_cached(gis_store *s, const char *sql, sqlite3_stmt **out, gis_error *err)
{
    size_t n = sizeof s->cache / sizeof s->cache[0];
    for (size_t i = 0; i < n; i++) {
        if (s->cache[i].sql == sql) {
            *out = s->cache[i].st;
            return GIS_OK;
        }
    }
    int rc = gis_store_prepare(s, sql, out, err);
    if (rc != GIS_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (s->cache[i].sql == NULL) {
            s->cache[i].sql = sql;
            s->cache[i].st = *out;
            return GIS_OK;
        }
    }
    sqlite3_finalize(*out);
    *out = NULL;
    return GIS_ERR(err, GIS_ENOMEM, "statement cache full");
}

void gis_store_cached_done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}
