/*
 * Tests gis/outfile.c: a committed file holds exactly what was written and no temporary file
 * remains; an aborted or failed one leaves the target as it was; a write beyond the file-size
 * limit (RLIMIT_FSIZE, in a child process) is reported with its reason at commit.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gis/outfile.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/jw_outfile_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Number of entries in the test folder. */
static int entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(test_commit_writes_whole_file)
{
    char path[128];
    snprintf(path, sizeof path, "%s/report.html", dir);
    put(path, "old");
    gis_outfile *f = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_outfile_open(path, &f, &err), GIS_OK);
    ck_assert_int_eq(entries(), 2); /* the old target and the temporary file */
    ck_assert_str_eq(slurp(path), "old");
    fprintf(gis_outfile_stream(f), "<p>%s</p>", "界线");
    ck_assert_int_eq(gis_outfile_write(f, "\n", 1), 0);
    ck_assert_int_eq(gis_outfile_commit(f, &err), GIS_OK);
    ck_assert_str_eq(slurp(path), "<p>界线</p>\n");
    ck_assert_int_eq(entries(), 1);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
}
END_TEST

START_TEST(test_abort_and_failure_keep_target)
{
    char path[128];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    put(path, "old");
    gis_outfile *f = NULL;
    gis_error err = {0};
    ck_assert_int_eq(gis_outfile_open(path, &f, &err), GIS_OK);
    fputs("new", gis_outfile_stream(f));
    gis_outfile_abort(f);
    ck_assert_str_eq(slurp(path), "old");
    ck_assert_int_eq(entries(), 1);

    ck_assert_int_eq(gis_outfile_open(path, &f, &err), GIS_OK);
    fputs("new", gis_outfile_stream(f));
    gis_outfile_fail(f, ENOSPC);
    int rc = gis_outfile_commit(f, &err);
    ck_assert_fails_with(rc, err, GIS_EIO, "No space left on device");
    ck_assert_msg(strstr(err.msg, path) != NULL, "message '%s' lacks the path", err.msg);
    ck_assert_str_eq(slurp(path), "old");
    ck_assert_int_eq(entries(), 1);
    gis_outfile_abort(NULL);
}
END_TEST

START_TEST(test_missing_folder)
{
    gis_outfile *f = NULL;
    gis_error err = {0};
    int rc = gis_outfile_open("/nonexistent-jw/x.json", &f, &err);
    ck_assert_fails_with(rc, err, GIS_EIO, "cannot create /nonexistent-jw/x.json");
    ck_assert_ptr_null(f);
    ck_assert_int_eq(gis_outfile_open("", &f, &err), GIS_EINVAL);
}
END_TEST

/* In a child limited to 4 KiB files, 100 KB of writes fail with EFBIG at commit. */
START_TEST(test_file_size_limit)
{
    char path[128];
    snprintf(path, sizeof path, "%s/big.json", dir);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &rl);
        gis_outfile *f = NULL;
        gis_error err = {0};
        if (gis_outfile_open(path, &f, &err) != GIS_OK)
            _exit(10);
        for (int i = 0; i < 10000; i++)
            fputs("0123456789", gis_outfile_stream(f));
        int rc = gis_outfile_commit(f, &err);
        _exit(rc == GIS_EIO && strstr(err.msg, "File too large") != NULL ? 0 : 11);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
    ck_assert_int_eq(entries(), 0); /* neither the target nor the temporary file */
}
END_TEST

static Suite *gis_outfile_suite(void)
{
    Suite *s = suite_create("outfile");
    TCase *tc = tcase_create("outfile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_commit_writes_whole_file);
    tcase_add_test(tc, test_abort_and_failure_keep_target);
    tcase_add_test(tc, test_missing_folder);
    tcase_add_test(tc, test_file_size_limit);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_outfile_suite)
