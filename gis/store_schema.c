/*
 * This file implements schema creation and migration from the embedded migration scripts.
 */
#include "gis/store_schema.h"

#include <stdio.h>

#include "gis/store_int.h"

/* SRIDs the store needs: CGCS2000 geographic and its GK zones (DOMAIN.md CRS-01..03), web
 * Mercator and WGS 84 for serving. Inserting only these keeps creation fast and files small. */
static int init_spatial_metadata(gis_store *s, gis_error *err)
{
    int rc = gis_store_exec(s, "SELECT InitSpatialMetaData(0, 'NONE')", err);
    if (rc != GIS_OK)
        return rc;
    char sql[128];
    static const int fixed[] = {4326, 3857, 4490};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT InsertEpsgSrid(%d)", fixed[i]);
        if ((rc = gis_store_exec(s, sql, err)) != GIS_OK)
            return rc;
    }
    for (int srid = 4491; srid <= 4554; srid++) {
        snprintf(sql, sizeof sql, "SELECT InsertEpsgSrid(%d)", srid);
        if ((rc = gis_store_exec(s, sql, err)) != GIS_OK)
            return rc;
    }
    return GIS_OK;
}

int gis_store_schema_migrate(gis_store *s, int from, gis_error *err)
{
    int rc = gis_store_begin(s, err);
    if (rc != GIS_OK)
        return rc;
    if (from == 0 && (rc = init_spatial_metadata(s, err)) != GIS_OK)
        goto fail;
    int version = from;
    for (int i = 0; i < GIS_MIGRATIONS_COUNT; i++) {
        const struct gis_migration *m = &GIS_MIGRATIONS[i];
        if (m->version <= from)
            continue;
        if ((rc = gis_store_exec(s, m->sql, err)) != GIS_OK) {
            gis_err_prefix(err, "migration %s", m->name);
            goto fail;
        }
        version = m->version;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", version);
    if ((rc = gis_store_exec(s, sql, err)) != GIS_OK)
        goto fail;
    return gis_store_commit(s, err);
fail:
    gis_store_rollback(s);
    return rc;
}
