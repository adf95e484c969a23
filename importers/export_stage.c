/*
 * This file implements importers/export_stage.h. The anonymous file is open(dir, O_TMPFILE),
 * reached by name as /proc/self/fd/N and given its name at commit by linkat(AT_SYMLINK_FOLLOW),
 * which fails rather than replace an existing target. Without O_TMPFILE (file systems that lack
 * it, or no /proc) the file is "<target>.tmp-XXXXXX" (mkstemp, as gis/outfile.c), hard-linked
 * to the target at commit (renamed where the file system has no hard links).
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_SYMLINK_FOLLOW */
#include "importers/export_stage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of path ("." when there is none). */
static void dir_of(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(dir, cap, ".");
    else if (slash == path)
        snprintf(dir, cap, "/");
    else
        snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

int imp_stage_open(imp_stage *st, const char *target, gis_error *err)
{
    st->fd = -1;
    st->write_path[0] = '\0';
    if (snprintf(st->target, sizeof st->target, "%s", target) >= (int)sizeof st->target)
        return GIS_ERR(err, GIS_EINVAL, "output path too long: '%.64s...'", target);
    char dir[PATH_MAX];
    dir_of(target, dir, sizeof dir);
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
    if (fd >= 0) {
        snprintf(st->write_path, sizeof st->write_path, "/proc/self/fd/%d", fd);
        if (access(st->write_path, W_OK) == 0) {
            st->fd = fd;
            return GIS_OK;
        }
        close(fd); /* no /proc: the name GDAL needs does not exist */
    } else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
        return GIS_ERR(err, GIS_EIO, "cannot create '%s': %s", target, strerror(errno));
    }
    if (snprintf(st->write_path, sizeof st->write_path, "%s.tmp-XXXXXX", target) >=
        (int)sizeof st->write_path) {
        st->write_path[0] = '\0';
        return GIS_ERR(err, GIS_EINVAL, "output path too long: '%.64s...'", target);
    }
    fd = mkstemp(st->write_path);
    if (fd < 0) {
        st->write_path[0] = '\0';
        return GIS_ERR(err, GIS_EIO, "cannot create '%s': %s", target, strerror(errno));
    }
    fchmod(fd, 0644); /* mkstemp makes 0600; as gis/outfile.c, exports are for sharing */
    close(fd);
    return GIS_OK;
}

static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int e = fsync(fd) == 0 ? 0 : errno;
    close(fd);
    return e;
}

/* Gives the named temporary file the target's name without replacing anything there. */
static int link_named(const imp_stage *st)
{
    if (link(st->write_path, st->target) == 0)
        return 0;
    int e = errno;
    if (e != EPERM && e != EOPNOTSUPP && e != EMLINK)
        return e;
    /* No hard links here (e.g. FAT): rename, after checking the target is still absent. */
    struct stat sb;
    if (lstat(st->target, &sb) == 0)
        return EEXIST;
    return rename(st->write_path, st->target) == 0 ? 0 : errno;
}

int imp_stage_commit(imp_stage *st, gis_error *err)
{
    int e;
    if (st->fd >= 0) {
        e = fsync(st->fd) == 0 ? 0 : errno;
        if (e == 0 &&
            linkat(AT_FDCWD, st->write_path, AT_FDCWD, st->target, AT_SYMLINK_FOLLOW) != 0)
            e = errno;
    } else {
        e = sync_path(st->write_path);
        if (e == 0)
            e = link_named(st);
    }
    imp_stage_abort(st); /* the anonymous file is closed, the temporary name removed */
    if (e == EEXIST)
        return GIS_ERR(err, GIS_EEXIST, "'%s' already exists; remove it first", st->target);
    if (e != 0)
        return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", st->target, strerror(e));
    return GIS_OK;
}

void imp_stage_abort(imp_stage *st)
{
    if (st->fd >= 0) {
        close(st->fd);
        st->fd = -1;
    } else if (st->write_path[0] != '\0') {
        unlink(st->write_path);
    }
    st->write_path[0] = '\0';
}
