/*
 * This file declares extra read-only connections to a store that is already open, for a pool
 * of server workers. gis_store_open() first reads the file's header with stdio; in a process
 * that already holds SQLite connections to that file, closing that stdio handle drops the
 * process's POSIX locks on it (fcntl semantics), after which another process may reset the
 * WAL under the open connections and they keep reading an old snapshot. This opener talks to
 * the file only through SQLite and skips the checks `first` already passed.
 */
#ifndef GIS_STORE_READER_H
#define GIS_STORE_READER_H

#include "gis/store.h"

/** Opens another read-only connection to the file of `first` (borrowed; opened with
 *  gis_store_open()). Returns an owned store in *out; close with gis_store_close().
 *  Codes: GIS_EDB, GIS_ENOMEM. */
int gis_store_open_another(const gis_store *first, gis_store **out, gis_error *err);

/** Reads meta.data_version like gis_store_data_version(), through a statement prepared once
 *  per connection: cheap enough for every tile request. */
int gis_store_data_version_cached(gis_store *s, int64_t *out, gis_error *err);

#endif
