/*
 * This file declares output files written whole or not at all: the text goes to a temporary
 * file next to the target (same folder, so the same file system), which is flushed, synced
 * and renamed over the target only when every write succeeded. A full disk, a write error or
 * a killed process therefore never leaves a partial report, CSV or PDF under the target's
 * name, and an existing file of that name stays as it was until the new one is complete.
 * The path "-" writes straight to standard output (no temporary file).
 */
#ifndef GIS_OUTFILE_H
#define GIS_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "gis/error.h"

typedef struct gis_outfile gis_outfile;

/** Creates the temporary file for path (mode 0666 less the umask once committed). Codes:
 *  GIS_EIO (folder missing or not writable: the message names path and the reason). */
int gis_outfile_open(const char *path, gis_outfile **out, gis_error *err);

/** The stream to write to (standard output for "-"). Errors on it are seen at commit. */
FILE *gis_outfile_stream(gis_outfile *f);

/** Writes n bytes; a failure is remembered for commit. Returns 0 or -1. */
int gis_outfile_write(gis_outfile *f, const void *data, size_t n);

/** Marks the file as failed (e.g. a writer library reported an error); commit will refuse. */
void gis_outfile_fail(gis_outfile *f, int errnum);

/** Flushes, syncs and closes the temporary file and renames it to the target; on any error
 *  removes it and returns GIS_EIO "cannot write PATH: REASON" (e.g. "No space left on
 *  device"). Frees f in every case. */
int gis_outfile_commit(gis_outfile *f, gis_error *err);

/** Closes and removes the temporary file, leaving the target untouched; frees f. NULL is
 *  allowed. */
void gis_outfile_abort(gis_outfile *f);

#endif
