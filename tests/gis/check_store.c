/*
 * Tests gis/store*.c: creation, migration version, refusal of foreign files, round trips of
 * records through SpatiaLite, stores this process cannot write (README R7).
 */
#define _DEFAULT_SOURCE /* setgroups() */
#include <check.h>
#include <dirent.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gis/geom.h"
#include "gis/store.h"
#include "gis/store_facilities.h"
#include "gis/store_reader.h"
#include "gis/store_units.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;
static char dir[64];
static char path[128];

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
    snprintf(dir, sizeof dir, "/tmp/jw_store_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.sqlite", dir);
}

static void teardown(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    gis_ctx_free(ctx);
}

START_TEST(test_store_create_and_version)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    int v = 0;
    ck_assert_int_eq(gis_store_schema_version(s, &v, &err), GIS_OK);
    ck_assert_int_eq(v, gis_store_latest_version());
    ck_assert_int_ge(v, 1);
    gis_store_close(s);
    /* Reopen read-only: same version, no migration. */
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &s, &err), GIS_OK);
    int64_t n = -1;
    ck_assert_int_eq(gis_store_count(s, "villages", &n, &err), GIS_OK);
    ck_assert_int_eq(n, 0);
    gis_store_close(s);
}
END_TEST

START_TEST(test_store_missing_file)
{
    gis_store *s = NULL;
    gis_error err = {0};
    int rc = gis_store_open(path, 0, &s, &err);
    ck_assert_fails_with(rc, err, GIS_ENOTFOUND, "does not exist");
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_store_garbage_file)
{
    FILE *f = fopen(path, "wb");
    fputs("this is not a database at all, just text", f);
    fclose(f);
    gis_store *s = NULL;
    gis_error err = {0};
    int rc = gis_store_open(path, GIS_STORE_CREATE, &s, &err);
    ck_assert_fails_with(rc, err, GIS_EDB, "not a SQLite database");
    /* The file is untouched. */
    f = fopen(path, "rb");
    char buf[64] = {0};
    ck_assert_uint_gt(fread(buf, 1, sizeof buf - 1, f), 0);
    fclose(f);
    ck_assert_str_eq(buf, "this is not a database at all, just text");
}
END_TEST

START_TEST(test_store_foreign_sqlite)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "sqlite3 %s 'CREATE TABLE x(a); INSERT INTO x VALUES(1);'", path);
    ck_assert_int_eq(system(cmd), 0);
    gis_store *s = NULL;
    gis_error err = {0};
    int rc = gis_store_open(path, 0, &s, &err);
    ck_assert_fails_with(rc, err, GIS_EDB, "not a jiewang store");
}
END_TEST

START_TEST(test_store_newer_version_refused)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_store_close(s);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "sqlite3 %s 'PRAGMA user_version=999;'", path);
    ck_assert_int_eq(system(cmd), 0);
    int rc = gis_store_open(path, 0, &s, &err);
    ck_assert_fails_with(rc, err, GIS_EVERSION, "schema version 999");
}
END_TEST

START_TEST(test_store_unit_round_trip)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_unit u = {0};
    u.code = "420625100215";
    u.name = "安家岗村委会";
    u.level = "village";
    u.parent_code = "420625100";
    u.population = 1234;
    u.older_population = -1;
    ck_assert_int_eq(
        gis_geom_from_wkt(ctx, "POLYGON((111.6 32.2,111.7 32.2,111.7 32.3,111.6 32.2))", &u.geom,
                          &err),
        GIS_OK);
    ck_assert_int_eq(gis_store_unit_insert(ctx, s, &u, 0, &err), GIS_OK);
    gis_geom_free(ctx, u.geom);
    gis_unit *units = NULL;
    size_t n = 0;
    ck_assert_int_eq(gis_store_units_load(ctx, s, "village", &units, &n, &err), GIS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(units[0].name, "安家岗村委会");
    ck_assert_int_eq(units[0].population, 1234);
    ck_assert_int_eq(units[0].older_population, -1);
    ck_assert_int_eq(gis_geom_type(ctx, units[0].geom), GIS_GEOM_MULTIPOLYGON);
    gis_unit_array_free(ctx, units, n);
    int64_t dv0 = 0, dv1 = 0;
    ck_assert_int_eq(gis_store_data_version(s, &dv0, &err), GIS_OK);
    ck_assert_int_eq(gis_store_bump_data_version(s, &err), GIS_OK);
    ck_assert_int_eq(gis_store_data_version(s, &dv1, &err), GIS_OK);
    ck_assert_int_eq(dv1, dv0 + 1);
    gis_store_close(s);
}
END_TEST

START_TEST(test_store_rollback_leaves_nothing)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    ck_assert_int_eq(gis_store_begin(s, &err), GIS_OK);
    gis_facility f = {0};
    f.kind = "public_cemetery";
    f.name = "测试公墓";
    f.capacity = f.used = f.beds = -1;
    gis_geom_from_wkt(ctx, "POINT(111.6 32.2)", &f.geom, &err);
    ck_assert_int_eq(gis_store_facility_insert(ctx, s, &f, 0, &err), GIS_OK);
    gis_geom_free(ctx, f.geom);
    gis_store_rollback(s);
    int64_t n = -1;
    ck_assert_int_eq(gis_store_count(s, "cemeteries", &n, &err), GIS_OK);
    ck_assert_int_eq(n, 0);
    /* A kind outside the CHECK constraint is refused by the store. */
    f.kind = "bakery";
    f.geom = NULL;
    int rc = gis_store_facility_insert(ctx, s, &f, 0, &err);
    ck_assert_fails_with(rc, err, GIS_EDB, "CHECK constraint");
    gis_store_close(s);
}
END_TEST

/* ---- Stores this process cannot write (README R7) -------------------------------------------
 * File modes do not bind root, so the checks run in a child process that drops to user nobody
 * when the tests run as root; a mode without write bits binds the owner as well, so the same
 * chmod works for both. The child reports the line of its first failed check and the last
 * error message through a pipe. */

typedef struct child_result {
    int line;      /* 0: every check passed */
    char msg[256]; /* the last gis_error message */
} child_result;

static gis_error cerr;

#define CHILD_CHECK(cond)                                                                        \
    do {                                                                                         \
        if (!(cond))                                                                             \
            return __LINE__;                                                                     \
    } while (0)

static void as_unprivileged(int (*fn)(void))
{
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        child_result r = {0};
        close(fd[0]);
        if (geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0 || geteuid() == 0))
            r.line = -1;
        else
            r.line = fn();
        snprintf(r.msg, sizeof r.msg, "%s", cerr.msg);
        ssize_t w = write(fd[1], &r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    close(fd[1]);
    child_result r = {.line = -2};
    ssize_t n = read(fd[0], &r, sizeof r);
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert_msg(n == (ssize_t)sizeof r && WIFEXITED(status), "child died (status %d)", status);
    ck_assert_msg(r.line != -1, "cannot drop root privileges to user nobody");
    ck_assert_msg(r.line == 0, "check at line %d failed in the unprivileged child (last error: %s)",
                  r.line, r.msg);
}

/* Names in dir, sorted and joined with spaces, to see what an open created. */
static void listing(char *out, size_t n)
{
    struct dirent **names = NULL;
    int k = scandir(dir, &names, NULL, alphasort);
    ck_assert_int_ge(k, 0);
    out[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (names[i]->d_name[0] != '.')
            snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? " " : "",
                     names[i]->d_name);
        free(names[i]);
    }
    free(names);
}

static char *slurp(const char *name, size_t *len)
{
    FILE *f = fopen(name, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void copy_file(const char *from, const char *to)
{
    size_t n = 0;
    char *buf = slurp(from, &n);
    FILE *f = fopen(to, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
    free(buf);
}

static void make_store(void)
{
    gis_store *s = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_CREATE, &s, &err), GIS_OK);
    gis_store_close(s);
}

/* Reads the store at name as the child: schema version, a count, meta through a second
 * connection opened like the first. want_probe: expected meta 'probe' (NULL: absent). */
static int read_store(const char *name, const char *want_probe)
{
    gis_store *s = NULL, *s2 = NULL;
    CHILD_CHECK(gis_store_open(name, GIS_STORE_READONLY, &s, &cerr) == GIS_OK);
    int v = 0;
    int64_t n = -1;
    char *probe = NULL, *probe2 = NULL;
    CHILD_CHECK(gis_store_schema_version(s, &v, &cerr) == GIS_OK);
    CHILD_CHECK(v == gis_store_latest_version());
    CHILD_CHECK(gis_store_count(s, "villages", &n, &cerr) == GIS_OK && n == 0);
    CHILD_CHECK(gis_store_meta_get(s, "probe", &probe, &cerr) == GIS_OK);
    CHILD_CHECK(gis_store_open_another(s, &s2, &cerr) == GIS_OK);
    CHILD_CHECK(gis_store_meta_get(s2, "probe", &probe2, &cerr) == GIS_OK);
    bool same = want_probe == NULL ? probe == NULL && probe2 == NULL
                                   : probe && probe2 && strcmp(probe, want_probe) == 0 &&
                                         strcmp(probe2, want_probe) == 0;
    free(probe);
    free(probe2);
    gis_store_close(s2);
    gis_store_close(s);
    CHILD_CHECK(same);
    return 0;
}

/* A writing open (with and without CREATE) fails with GIS_EIO and the message want. */
static int refuse_writes(const char *name, const char *want)
{
    gis_store *s = NULL;
    CHILD_CHECK(gis_store_open(name, 0, &s, &cerr) == GIS_EIO && s == NULL);
    CHILD_CHECK(strstr(cerr.msg, want) != NULL);
    CHILD_CHECK(gis_store_open(name, GIS_STORE_CREATE, &s, &cerr) == GIS_EIO && s == NULL);
    CHILD_CHECK(strstr(cerr.msg, want) != NULL);
    gis_error e2 = {0};
    CHILD_CHECK(gis_store_check_writable(name, &e2) == GIS_EIO && strstr(e2.msg, want) != NULL);
    return 0;
}

static int child_ro_file_ro_folder(void)
{
    int rc = read_store(path, NULL);
    return rc ? rc : refuse_writes(path, "is read-only (file not writable): cannot write to it");
}

START_TEST(test_store_readonly_file_and_folder)
{
    make_store();
    char before[256], after[256];
    listing(before, sizeof before);
    ck_assert_str_eq(before, "t.sqlite"); /* closed cleanly: no -wal, no -shm */
    size_t n0 = 0, n1 = 0;
    char *bytes0 = slurp(path, &n0);
    ck_assert_int_eq(chmod(path, 0444), 0);
    ck_assert_int_eq(chmod(dir, 0555), 0);
    as_unprivileged(child_ro_file_ro_folder);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    listing(after, sizeof after);
    ck_assert_str_eq(after, "t.sqlite");
    char *bytes1 = slurp(path, &n1);
    ck_assert(n0 == n1 && memcmp(bytes0, bytes1, n0) == 0);
    free(bytes0);
    free(bytes1);
}
END_TEST

START_TEST(test_store_readonly_file_leaves_no_side_files)
{
    /* The folder is writable: a plain read-only open would create t.sqlite-wal and -shm owned
     * by the reader, which lock the store's owner out of writing. */
    make_store();
    ck_assert_int_eq(chmod(path, 0444), 0);
    ck_assert_int_eq(chmod(dir, 0777), 0);
    as_unprivileged(child_ro_file_ro_folder);
    char after[256];
    listing(after, sizeof after);
    ck_assert_str_eq(after, "t.sqlite");
}
END_TEST

static int child_rw_file_ro_folder(void)
{
    int rc = read_store(path, NULL);
    return rc ? rc : refuse_writes(path, "is read-only (folder not writable): cannot write to it");
}

START_TEST(test_store_readonly_folder)
{
    make_store();
    ck_assert_int_eq(chmod(path, 0666), 0);
    ck_assert_int_eq(chmod(dir, 0555), 0);
    as_unprivileged(child_rw_file_ro_folder);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    char after[256];
    listing(after, sizeof after);
    ck_assert_str_eq(after, "t.sqlite");
}
END_TEST

static int child_shm_not_writable(void)
{
    return refuse_writes(path, "is read-only (its -shm file is not writable)");
}

START_TEST(test_store_side_file_not_writable)
{
    make_store();
    char shm[160];
    snprintf(shm, sizeof shm, "%s-shm", path);
    FILE *f = fopen(shm, "wb");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(chmod(shm, 0444), 0);
    ck_assert_int_eq(chmod(path, 0666), 0);
    ck_assert_int_eq(chmod(dir, 0777), 0);
    as_unprivileged(child_shm_not_writable);
}
END_TEST

/* c.sqlite: a copy of the store taken while a writer had 'probe' committed only in its WAL;
 * with_shm: whether the -shm file was copied too. */
static char copy_path[160];

static void make_wal_copy(bool with_shm)
{
    make_store();
    gis_store *w = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, 0, &w, &err), GIS_OK);
    ck_assert_int_eq(gis_store_meta_set(w, "probe", "in-wal", &err), GIS_OK);
    snprintf(copy_path, sizeof copy_path, "%s/c.sqlite", dir);
    const char *sides[] = {"", "-wal", "-shm"};
    for (int i = 0; i < (with_shm ? 3 : 2); i++) {
        char from[200], to[200];
        snprintf(from, sizeof from, "%s%s", path, sides[i]);
        snprintf(to, sizeof to, "%s%s", copy_path, sides[i]);
        copy_file(from, to);
        ck_assert_int_eq(chmod(to, 0444), 0);
    }
    gis_store_close(w);
    ck_assert_int_eq(unlink(path), 0);
    char wal[200];
    snprintf(wal, sizeof wal, "%s-wal", copy_path);
    struct stat st;
    ck_assert_int_eq(stat(wal, &st), 0);
    ck_assert_int_gt(st.st_size, 0); /* the change is in the WAL */
    ck_assert_int_eq(chmod(dir, 0555), 0);
}

static int child_wal_copy(void)
{
    int rc = read_store(copy_path, "in-wal");
    return rc ? rc : refuse_writes(copy_path, "is read-only (file not writable)");
}

START_TEST(test_store_readonly_reads_wal_through_shm)
{
    make_wal_copy(true);
    char before[256], after[256];
    listing(before, sizeof before);
    ck_assert_str_eq(before, "c.sqlite c.sqlite-shm c.sqlite-wal");
    as_unprivileged(child_wal_copy);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    listing(after, sizeof after);
    ck_assert_str_eq(after, before);
}
END_TEST

static int child_wal_without_shm(void)
{
    gis_store *s = NULL;
    CHILD_CHECK(gis_store_open(copy_path, GIS_STORE_READONLY, &s, &cerr) == GIS_EDB && !s);
    CHILD_CHECK(strstr(cerr.msg, "c.sqlite' is read-only and its -wal file holds changes") != NULL);
    return 0;
}

START_TEST(test_store_readonly_refuses_wal_without_shm)
{
    make_wal_copy(false);
    as_unprivileged(child_wal_without_shm);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    char after[256];
    listing(after, sizeof after);
    ck_assert_str_eq(after, "c.sqlite c.sqlite-wal");
}
END_TEST

static int child_create_in_ro_folder(void)
{
    gis_store *s = NULL;
    CHILD_CHECK(gis_store_open(path, GIS_STORE_CREATE, &s, &cerr) == GIS_EIO && s == NULL);
    CHILD_CHECK(strstr(cerr.msg, "cannot create store") && strstr(cerr.msg, "folder not writable"));
    return 0;
}

START_TEST(test_store_create_in_readonly_folder)
{
    ck_assert_int_eq(chmod(dir, 0555), 0);
    as_unprivileged(child_create_in_ro_folder);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_store_readonly_open_sees_later_writes)
{
    /* A store this process can write is read through SQLite's shared index, not as an
     * immutable snapshot: a write committed after the reading open is seen. */
    make_store();
    gis_store *r = NULL, *r2 = NULL, *w = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_store_open(path, GIS_STORE_READONLY, &r, &err), GIS_OK);
    ck_assert_int_eq(gis_store_open_another(r, &r2, &err), GIS_OK);
    ck_assert_int_eq(gis_store_open(path, 0, &w, &err), GIS_OK);
    ck_assert_int_eq(gis_store_meta_set(w, "probe", "later", &err), GIS_OK);
    char *v = NULL, *v2 = NULL;
    ck_assert_int_eq(gis_store_meta_get(r, "probe", &v, &err), GIS_OK);
    ck_assert_int_eq(gis_store_meta_get(r2, "probe", &v2, &err), GIS_OK);
    ck_assert_ptr_nonnull(v);
    ck_assert_ptr_nonnull(v2);
    ck_assert_str_eq(v, "later");
    ck_assert_str_eq(v2, "later");
    free(v);
    free(v2);
    gis_store_close(w);
    gis_store_close(r2);
    gis_store_close(r);
}
END_TEST

static Suite *gis_store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("open");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_store_create_and_version);
    tcase_add_test(tc, test_store_missing_file);
    tcase_add_test(tc, test_store_garbage_file);
    tcase_add_test(tc, test_store_foreign_sqlite);
    tcase_add_test(tc, test_store_newer_version_refused);
    tcase_add_test(tc, test_store_unit_round_trip);
    tcase_add_test(tc, test_store_rollback_leaves_nothing);
    suite_add_tcase(s, tc);
    TCase *ro = tcase_create("readonly");
    tcase_add_checked_fixture(ro, setup, teardown);
    tcase_add_test(ro, test_store_readonly_file_and_folder);
    tcase_add_test(ro, test_store_readonly_file_leaves_no_side_files);
    tcase_add_test(ro, test_store_readonly_folder);
    tcase_add_test(ro, test_store_side_file_not_writable);
    tcase_add_test(ro, test_store_readonly_reads_wal_through_shm);
    tcase_add_test(ro, test_store_readonly_refuses_wal_without_shm);
    tcase_add_test(ro, test_store_create_in_readonly_folder);
    tcase_add_test(ro, test_store_readonly_open_sees_later_writes);
    suite_add_tcase(s, ro);
    return s;
}

CHECK_MAIN(gis_store_suite)
