/*
 * This file declares the embedded schema migrations (data/migrations/NNN_*.sql, compiled in by
 * data/embed_migrations.cmake) and the function that applies them.
 */
#ifndef GIS_STORE_SCHEMA_H
#define GIS_STORE_SCHEMA_H

#include "gis/store.h"

struct gis_migration {
    int version;      /* NNN of the file name */
    const char *name; /* file name, for messages */
    const char *sql;  /* the script */
};

extern const struct gis_migration GIS_MIGRATIONS[];
extern const int GIS_MIGRATIONS_COUNT;

/** Brings s from schema version `from` to the latest, in one transaction. `from` 0 also
 *  initialises SpatiaLite's metadata with the CGCS2000 SRIDs. */
int gis_store_schema_migrate(gis_store *s, int from, gis_error *err);

#endif
