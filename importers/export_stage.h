/*
 * This file declares the staged output of an export: the file is written under a temporary name
 * in the target's directory (same file system, so the same free space) and appears at the target
 * path only once it is complete and verified. Where the file system allows it (Linux O_TMPFILE)
 * the temporary file has no name at all, so even a killed export (SIGKILL) leaves nothing behind.
 */
#ifndef IMP_EXPORT_STAGE_H
#define IMP_EXPORT_STAGE_H

#include <limits.h>
#include <stdbool.h>

#include "gis/error.h"

/** One staged output. write_path is what the writer (GDAL) opens, by name, as often as needed. */
typedef struct imp_stage {
    char target[PATH_MAX];     /* final path (borrowed copy of the caller's) */
    char write_path[PATH_MAX]; /* "/proc/self/fd/N" (anonymous) or a hidden temporary name */
    int fd;                    /* the anonymous file, or -1 when write_path is a named file */
} imp_stage;

/** Prepares a stage for target; nothing is created at target itself. Codes: GIS_EINVAL (path
 *  too long), GIS_EIO (the folder is missing or cannot take a file: the message names target
 *  and the reason). */
int imp_stage_open(imp_stage *st, const char *target, gis_error *err);

/** Flushes the written file to disk (a delayed write error shows here) and links it at the
 *  target, never replacing a file that appeared there meanwhile (GIS_EEXIST). On failure the
 *  temporary file is removed as by imp_stage_abort. */
int imp_stage_commit(imp_stage *st, gis_error *err);

/** Removes the temporary file, if any. Safe after a failed commit and to call twice. */
void imp_stage_abort(imp_stage *st);

#endif
