/*
 * This file declares the staged output of an export: what the writer (GDAL) produces is written
 * under temporary names in the target's folder (same file system, so the same free space) and
 * appears under the target's name(s) only once it is complete, verified and on disk. Existing
 * files are never replaced.
 *
 * Two forms, one guarantee:
 *  - anonymous (writers that produce exactly one file and accept any name, i.e. KML): an unnamed
 *    Linux O_TMPFILE in the folder, which gets its name at commit, so even a killed export
 *    (SIGKILL) leaves nothing behind;
 *  - a hidden staging directory "<folder>/.<name>.jw-export-XXXXXX/" (mkdtemp) holding
 *    "<name>" and whatever the writer puts beside it (Shapefile sidecars .shx .dbf .prj .cpg,
 *    the SQLite journal of a GeoPackage, DXF's temporary file). At commit every entry is fsynced
 *    and moved into the folder (no-replace), the target's own name last. A killed export leaves
 *    at most this hidden directory, which no later export uses or removes.
 * The anonymous form falls back to the directory where O_TMPFILE or /proc is missing.
 */
#ifndef IMP_EXPORT_STAGE_H
#define IMP_EXPORT_STAGE_H

#include <limits.h>
#include <stdbool.h>

#include "gis/error.h"

/** The suffix that marks a staging directory (after ".<name>", before 6 random characters). */
#define IMP_STAGE_MARK ".jw-export-"

/** One staged output. write_path is what the writer (GDAL) opens, by name, as often as needed. */
typedef struct imp_stage {
    char target[PATH_MAX];     /* final path (a copy of the caller's) */
    char dir[PATH_MAX];        /* the hidden staging directory, "" when anonymous */
    char write_path[PATH_MAX]; /* "/proc/self/fd/N" (anonymous) or "<dir>/<name>" */
    int fd;                    /* the anonymous file, or -1 */
} imp_stage;

/** Prepares a stage for target, anonymous if asked and possible; nothing is created under
 *  target's name. Codes: GIS_EINVAL (path too long, or no file name in it), GIS_EIO (the folder
 *  is missing or cannot take a file: the message names target and the reason). */
int imp_stage_open(imp_stage *st, const char *target, bool anonymous, gis_error *err);

/** Makes the written output durable (fsync of every file: a delayed write error shows here) and
 *  gives it its final name(s) beside target, never replacing a file that exists there
 *  (GIS_EEXIST, naming the first such file; checked for every name before any is moved), then
 *  fsyncs the folder. GIS_EIO also when the writer produced nothing under target's name. On
 *  failure nothing is left under the final names and the stage is removed as by
 *  imp_stage_abort; on success the staging directory is gone. */
int imp_stage_commit(imp_stage *st, gis_error *err);

/** Removes the temporary file or the staging directory with everything in it. Safe after a
 *  commit (failed or not) and to call twice. */
void imp_stage_abort(imp_stage *st);

#endif
