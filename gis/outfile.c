/*
 * This file implements gis/outfile.h: output files committed by rename. The temporary file is
 * "<target>.tmp-XXXXXX" from mkstemp() in the target's folder. Writers get a stdio stream
 * (fopencookie) whose write function calls write(2) itself and keeps the first errno, so the
 * reason of a short write (ENOSPC, EFBIG, EIO) survives stdio buffering. Commit checks the
 * writes, fflush(), fsync() and fclose() before rename(); on any failure nothing is left.
 */
#define _GNU_SOURCE /* fopencookie */
#include "gis/outfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct gis_outfile {
    FILE *f;    /* stream handed to writers */
    int fd;     /* temporary file, -1 for standard output */
    char *path; /* target */
    char *tmp;  /* temporary file name, NULL for standard output */
    int errnum; /* first error seen while writing, 0 if none */
};

static void destroy(gis_outfile *f)
{
    free(f->path);
    free(f->tmp);
    free(f);
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    gis_outfile *o = cookie;
    size_t done = 0;
    while (done < n && o->errnum == 0) {
        ssize_t w = write(o->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            o->errnum = w < 0 ? errno : ENOSPC;
        else
            done += (size_t)w;
    }
    /* Claim the whole buffer: the error is reported once, at commit, with its reason. */
    return (ssize_t)n;
}

static int cookie_close(void *cookie)
{
    (void)cookie; /* the descriptor is closed by commit/abort after fsync */
    return 0;
}

int gis_outfile_open(const char *path, gis_outfile **out, gis_error *err)
{
    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return GIS_ERR(err, GIS_EINVAL, "empty output path");
    gis_outfile *o = calloc(1, sizeof *o);
    if (o == NULL || (o->path = strdup(path)) == NULL) {
        free(o);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    o->fd = -1;
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        *out = o;
        return GIS_OK;
    }
    size_t n = strlen(path) + sizeof ".tmp-XXXXXX";
    if ((o->tmp = malloc(n)) == NULL) {
        destroy(o);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    snprintf(o->tmp, n, "%s.tmp-XXXXXX", path);
    if ((o->fd = mkstemp(o->tmp)) < 0) {
        int e = errno;
        destroy(o);
        return GIS_ERR(err, GIS_EIO, "cannot create %s: %s", path, strerror(e));
    }
    cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    if ((o->f = fopencookie(o, "w", io)) == NULL) {
        close(o->fd);
        unlink(o->tmp);
        destroy(o);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    /* mkstemp makes 0600; reports, tables and atlases are for sharing: rw-r--r--, as with the
     * usual umask 022 (umask() itself is process-wide state, so it is not read here). */
    fchmod(o->fd, 0644);
    *out = o;
    return GIS_OK;
}

FILE *gis_outfile_stream(gis_outfile *f)
{
    return f->f;
}

int gis_outfile_write(gis_outfile *f, const void *data, size_t n)
{
    if (f->errnum != 0)
        return -1;
    if (n > 0 && fwrite(data, 1, n, f->f) != n && f->errnum == 0)
        f->errnum = EIO;
    return f->errnum != 0 ? -1 : 0;
}

void gis_outfile_fail(gis_outfile *f, int errnum)
{
    if (f->errnum == 0)
        f->errnum = errnum != 0 ? errnum : EIO;
}

int gis_outfile_commit(gis_outfile *f, gis_error *err)
{
    int rc = GIS_OK;
    if (f->tmp == NULL) { /* standard output: nothing to rename */
        if (fflush(f->f) != 0 || ferror(f->f))
            rc = GIS_ERR(err, GIS_EIO, "cannot write to standard output: %s", strerror(errno));
        destroy(f);
        return rc;
    }
    bool stream_bad = fflush(f->f) != 0 || ferror(f->f);
    fclose(f->f); /* flushes nothing more; cookie_close keeps the descriptor */
    int e = f->errnum;
    if (e == 0 && stream_bad)
        e = EIO;
    if (e == 0 && fsync(f->fd) != 0)
        e = errno;
    if (close(f->fd) != 0 && e == 0)
        e = errno;
    if (e == 0 && rename(f->tmp, f->path) != 0)
        e = errno;
    if (e != 0) {
        unlink(f->tmp);
        rc = GIS_ERR(err, GIS_EIO, "cannot write %s: %s", f->path, strerror(e));
    }
    destroy(f);
    return rc;
}

void gis_outfile_abort(gis_outfile *f)
{
    if (f == NULL)
        return;
    if (f->tmp != NULL) {
        fclose(f->f);
        close(f->fd);
        unlink(f->tmp);
    } else {
        fflush(f->f);
    }
    destroy(f);
}
