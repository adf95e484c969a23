/*
 * This file implements gis_store_open_another(): sqlite3_open_v2 read-only and without mutex,
 * with the name and flags the first connection chose (plain path, or an immutable URI),
 * SpatiaLite initialised per connection, the same busy timeout as gis_store_open(), and one
 * read that proves the file is still a SQLite database.
 */
#include "gis/store_reader.h"

#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"

#include <spatialite.h>

int gis_store_open_another(const gis_store *first, gis_store **out, gis_error *err)
{
    *out = NULL;
    gis_store *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = strdup(first->path)) == NULL ||
        (s->open_name = strdup(first->open_name)) == NULL) {
        if (s != NULL)
            free(s->path);
        free(s);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    s->readonly = true;
    /* The same name and flags as the first connection (a read-only store may have been opened
     * through an immutable URI: see "Read-only stores" in store.c), read-only in any case. */
    s->open_flags = (first->open_flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    int rc = GIS_OK;
    if (sqlite3_open_v2(s->open_name, &s->db, s->open_flags, NULL) != SQLITE_OK) {
        rc = gis_store_sql_error(s, err, __func__, "open");
        goto fail;
    }
    s->spl_cache = spatialite_alloc_connection();
    spatialite_init_ex(s->db, s->spl_cache, 0);
    sqlite3_busy_timeout(s->db, 5000);
    if ((rc = gis_store_exec(s, "PRAGMA foreign_keys=ON; SELECT count(*) FROM meta;", err)) !=
        GIS_OK)
        goto fail;
    *out = s;
    return GIS_OK;
fail:
    gis_store_close(s);
    return rc;
}

static const char SQL_DATA_VERSION[] =
    "SELECT CAST(value AS INTEGER) FROM meta WHERE key='data_version'";

int gis_store_data_version_cached(gis_store *s, int64_t *out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    int rc = gis_store_cached(s, SQL_DATA_VERSION, &st, err);
    if (rc != GIS_OK)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read data version");
    gis_store_cached_done(st);
    return rc;
}
