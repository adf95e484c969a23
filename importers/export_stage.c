/*
 * This file implements importers/export_stage.h. The anonymous file is open(folder, O_TMPFILE),
 * reached by name as /proc/self/fd/N and given its name at commit by linkat(AT_SYMLINK_FOLLOW),
 * which fails rather than replace an existing target. Otherwise the stage is a directory from
 * mkdtemp() beside the target; commit moves each of its entries into the folder with
 * renameat2(RENAME_NOREPLACE), where the file system lacks that flag (e.g. NFS) with link() +
 * unlink(), and where it has no hard links either (e.g. FAT) or the entry is a directory, with
 * rename() after checking that the name is still free (a race window only there).
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_SYMLINK_FOLLOW, renameat2, RENAME_NOREPLACE */
#include "importers/export_stage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Entries a writer may leave in the staging directory (a Shapefile has five). */
#define MAX_ENTRIES 32
/* Bytes of the target's name kept in the staging directory's name (NAME_MAX is 255). */
#define MAX_NAME_IN_DIR 160
/* Depth of directories inside the stage that are synced or removed (GDAL writes at most one). */
#define MAX_DEPTH 8

/* Length of the folder part of path including its last slash (0 when there is none). */
static size_t prefix_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* The folder of path, for open() and fsync(): "." when there is none, "/" for the root. */
static void folder_of(const char *path, char *folder, size_t cap)
{
    size_t n = prefix_len(path);
    if (n == 0)
        snprintf(folder, cap, ".");
    else if (n == 1)
        snprintf(folder, cap, "/");
    else
        snprintf(folder, cap, "%.*s", (int)(n - 1), path);
}

/* "<target's folder>/<name>" into out; false when it does not fit. */
static bool beside(const char *target, const char *name, char *out, size_t cap)
{
    return snprintf(out, cap, "%.*s%s", (int)prefix_len(target), target, name) < (int)cap;
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

/* fsyncs (remove false) or deletes (remove true) path and, for a directory, everything in it,
 * without following symbolic links. Returns the first errno, 0 on success. */
static int walk(const char *path, bool remove, int depth)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno;
    if (!S_ISDIR(sb.st_mode)) {
        if (remove)
            return unlink(path) == 0 ? 0 : errno;
        return S_ISREG(sb.st_mode) ? sync_path(path) : 0;
    }
    if (depth > MAX_DEPTH)
        return ELOOP;
    int e = 0;
    /* Removing while reading a directory may hide entries: read again until it is empty. */
    for (int pass = 0; pass < (remove ? 3 : 1); pass++) {
        DIR *d = opendir(path);
        if (d == NULL)
            return errno;
        e = 0;
        for (struct dirent *de; (de = readdir(d)) != NULL;) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char sub[PATH_MAX];
            int e2 = snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) < (int)sizeof sub
                         ? walk(sub, remove, depth + 1)
                         : ENAMETOOLONG;
            if (e == 0)
                e = e2;
        }
        closedir(d);
        if (!remove)
            return e != 0 ? e : sync_path(path);
        if (rmdir(path) == 0)
            return 0;
        if (errno != ENOTEMPTY && errno != EEXIST)
            return errno;
    }
    return e != 0 ? e : ENOTEMPTY;
}

int imp_stage_open(imp_stage *st, const char *target, bool anonymous, gis_error *err)
{
    st->fd = -1;
    st->dir[0] = st->write_path[0] = '\0';
    if (snprintf(st->target, sizeof st->target, "%s", target) >= (int)sizeof st->target)
        return GIS_ERR(err, GIS_EINVAL, "output path too long: '%.64s...'", target);
    const char *name = target + prefix_len(target);
    if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return GIS_ERR(err, GIS_EINVAL, "'%s' names a folder, not an output file", target);
    char folder[PATH_MAX];
    folder_of(target, folder, sizeof folder);
    if (anonymous) {
        int fd = open(folder, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
        if (fd >= 0) {
            snprintf(st->write_path, sizeof st->write_path, "/proc/self/fd/%d", fd);
            if (access(st->write_path, W_OK) == 0) {
                st->fd = fd;
                return GIS_OK;
            }
            close(fd); /* no /proc: the name GDAL needs does not exist */
            st->write_path[0] = '\0';
        } else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
            return GIS_ERR(err, GIS_EIO, "cannot create '%s': %s", target, strerror(errno));
        }
    }
    /* ".<name>.jw-export-XXXXXX", the name cut at a character boundary if it is long. */
    size_t keep = strlen(name);
    if (keep > MAX_NAME_IN_DIR) {
        keep = MAX_NAME_IN_DIR;
        while (keep > 0 && ((unsigned char)name[keep] & 0xC0) == 0x80)
            keep--;
    }
    char dir_name[NAME_MAX + 1];
    snprintf(dir_name, sizeof dir_name, ".%.*s" IMP_STAGE_MARK "XXXXXX", (int)keep, name);
    if (!beside(target, dir_name, st->dir, sizeof st->dir) ||
        snprintf(st->write_path, sizeof st->write_path, "%s/%s", st->dir, name) >=
            (int)sizeof st->write_path) {
        st->dir[0] = st->write_path[0] = '\0';
        return GIS_ERR(err, GIS_EINVAL, "output path too long: '%.64s...'", target);
    }
    if (mkdtemp(st->dir) == NULL) {
        int e = errno;
        st->dir[0] = st->write_path[0] = '\0';
        return GIS_ERR(err, GIS_EIO, "cannot create '%s': %s", target, strerror(e));
    }
    /* write_path was formatted with the template: give it the directory's real name. */
    snprintf(st->write_path, sizeof st->write_path, "%s/%s", st->dir, name);
    return GIS_OK;
}

/* Moves from to to, never replacing what is at to (EEXIST). Returns 0 or an errno. */
static int move_noreplace(const char *from, const char *to)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    int e = errno;
    if (e != EINVAL && e != ENOSYS && e != EOPNOTSUPP)
        return e;
    /* No RENAME_NOREPLACE on this file system: a hard link fails rather than replace. */
    if (link(from, to) == 0) {
        unlink(from); /* if this fails, the stage's copy goes with the stage */
        return 0;
    }
    e = errno;
    if (e != EPERM && e != EOPNOTSUPP && e != EMLINK && e != ENOSYS)
        return e;
    /* No hard links either (FAT), or a directory: rename, after checking the name is free. */
    struct stat sb;
    if (lstat(to, &sb) == 0)
        return EEXIST;
    return rename(from, to) == 0 ? 0 : errno;
}

typedef struct entry {
    char name[NAME_MAX + 1];
    dev_t dev;
    ino_t ino;
} entry;

/* The entries of the staging directory, target's name last (ENOENT when it is not there).
 * Returns 0 or an errno. */
static int list_stage(const imp_stage *st, entry *ents, size_t *n)
{
    const char *name = st->target + prefix_len(st->target);
    *n = 0;
    DIR *d = opendir(st->dir);
    if (d == NULL)
        return errno;
    int e = 0;
    size_t main_at = MAX_ENTRIES;
    for (struct dirent *de; e == 0 && (de = readdir(d)) != NULL;) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char p[PATH_MAX];
        struct stat sb;
        if (*n == MAX_ENTRIES)
            e = EMFILE;
        else if (snprintf(p, sizeof p, "%s/%s", st->dir, de->d_name) >= (int)sizeof p)
            e = ENAMETOOLONG;
        else if (lstat(p, &sb) != 0)
            e = errno;
        else {
            snprintf(ents[*n].name, sizeof ents[*n].name, "%s", de->d_name);
            ents[*n].dev = sb.st_dev;
            ents[*n].ino = sb.st_ino;
            if (strcmp(de->d_name, name) == 0)
                main_at = *n;
            (*n)++;
        }
    }
    closedir(d);
    if (e == 0 && main_at == MAX_ENTRIES)
        e = ENOENT;
    if (e == 0) {
        entry t = ents[main_at];
        ents[main_at] = ents[*n - 1];
        ents[*n - 1] = t;
    }
    return e;
}

/* Moves the first n entries back into the stage (after a failed commit), each only if the name
 * in the folder still holds the file that was moved there. */
static void unpublish(const imp_stage *st, const entry *ents, size_t n)
{
    while (n-- > 0) {
        char final[PATH_MAX], staged[PATH_MAX];
        struct stat sb;
        if (!beside(st->target, ents[n].name, final, sizeof final) ||
            snprintf(staged, sizeof staged, "%s/%s", st->dir, ents[n].name) >= (int)sizeof staged)
            continue;
        if (lstat(final, &sb) == 0 && sb.st_dev == ents[n].dev && sb.st_ino == ents[n].ino)
            rename(final, staged);
    }
}

/* Commit of a staging directory; the caller removes the stage afterwards. */
static int commit_dir(imp_stage *st, gis_error *err)
{
    entry ents[MAX_ENTRIES];
    size_t n = 0;
    int e = list_stage(st, ents, &n);
    if (e == ENOENT)
        return GIS_ERR(err, GIS_EIO, "cannot write '%s': the writer did not create it", st->target);
    if (e != 0)
        return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", st->target, strerror(e));
    char final[PATH_MAX], staged[PATH_MAX];
    /* Every file reaches the disk first: a delayed write error (full disk) shows here. */
    for (size_t i = 0; i < n; i++) {
        snprintf(staged, sizeof staged, "%s/%s", st->dir, ents[i].name);
        if ((e = walk(staged, false, 0)) != 0)
            return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", st->target, strerror(e));
    }
    /* Every name is checked before any file moves, so a refusal publishes nothing. */
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (!beside(st->target, ents[i].name, final, sizeof final))
            return GIS_ERR(err, GIS_EINVAL, "output path too long: '%.64s...'", st->target);
        if (lstat(final, &sb) == 0)
            return GIS_ERR(err, GIS_EEXIST, "'%s' already exists; remove it first", final);
        if (errno != ENOENT)
            return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", final, strerror(errno));
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(staged, sizeof staged, "%s/%s", st->dir, ents[i].name);
        beside(st->target, ents[i].name, final, sizeof final);
        if ((e = move_noreplace(staged, final)) != 0) {
            unpublish(st, ents, i);
            if (e == EEXIST)
                return GIS_ERR(err, GIS_EEXIST, "'%s' already exists; remove it first", final);
            return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", final, strerror(e));
        }
    }
    char folder[PATH_MAX];
    folder_of(st->target, folder, sizeof folder);
    if ((e = sync_path(folder)) != 0) {
        unpublish(st, ents, n);
        return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", st->target, strerror(e));
    }
    return GIS_OK;
}

/* Commit of the anonymous file: fsync, link at the target, fsync the folder. */
static int commit_anonymous(imp_stage *st, gis_error *err)
{
    struct stat own;
    int e = fsync(st->fd) == 0 && fstat(st->fd, &own) == 0 ? 0 : errno;
    if (e == 0 && linkat(AT_FDCWD, st->write_path, AT_FDCWD, st->target, AT_SYMLINK_FOLLOW) != 0)
        e = errno;
    if (e == EEXIST)
        return GIS_ERR(err, GIS_EEXIST, "'%s' already exists; remove it first", st->target);
    if (e != 0)
        return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", st->target, strerror(e));
    char folder[PATH_MAX];
    folder_of(st->target, folder, sizeof folder);
    if ((e = sync_path(folder)) != 0) {
        struct stat sb;
        if (lstat(st->target, &sb) == 0 && sb.st_dev == own.st_dev && sb.st_ino == own.st_ino)
            unlink(st->target);
        return GIS_ERR(err, GIS_EIO, "cannot write '%s': %s", st->target, strerror(e));
    }
    return GIS_OK;
}

int imp_stage_commit(imp_stage *st, gis_error *err)
{
    int rc;
    if (st->fd >= 0)
        rc = commit_anonymous(st, err);
    else if (st->dir[0] != '\0')
        rc = commit_dir(st, err);
    else
        rc = GIS_ERR(err, GIS_EINVAL, "cannot write '%s': nothing staged", st->target);
    imp_stage_abort(st); /* the anonymous file is closed, the staging directory removed */
    return rc;
}

void imp_stage_abort(imp_stage *st)
{
    if (st->fd >= 0) {
        close(st->fd);
        st->fd = -1;
    } else if (st->dir[0] != '\0') {
        walk(st->dir, true, 0);
    }
    st->dir[0] = st->write_path[0] = '\0';
}
