/*
 * This file implements the helpers shared by the subcommands: error printing and logging.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/outfile.h"

int cli_fail(const char *cmd, const gis_error *err)
{
    fprintf(stderr, "jiewang %s: error: %s\n", cmd,
            err && err->msg[0] ? err->msg : "unknown error");
    return CLI_FAIL;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "jiewang %s: error: %s (see 'jiewang help %s')\n", cmd, msg, cmd);
    return CLI_FAIL;
}

static void log_to_stderr(void *user, int level, const char *msg)
{
    bool verbose = user != NULL;
    if (level == GIS_LOG_WARN)
        fprintf(stderr, "warning: %s\n", msg);
    else if (level == GIS_LOG_INFO || verbose)
        fprintf(stderr, "%s\n", msg);
}

int cli_ctx_new(gis_ctx **out, bool verbose, gis_error *err)
{
    int rc = gis_ctx_new(out, err);
    if (rc == GIS_OK)
        gis_ctx_set_log(*out, log_to_stderr, verbose ? (void *)1 : NULL);
    return rc;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    }
    return false;
}

const char *cli_data_dir(void)
{
    const char *env = getenv("JIEWANG_DATA");
    return env && env[0] ? env : JW_SOURCE_DATA_DIR;
}

const char *cli_web_dir(void)
{
    const char *env = getenv("JIEWANG_WEB");
    return env && env[0] ? env : JW_SOURCE_WEB_DIR;
}

bool cli_stderr_is_tty(void)
{
    return isatty(STDERR_FILENO) != 0;
}

int cli_write_json(const char *path, const json_t *doc, size_t flags, gis_error *err)
{
    gis_outfile *f = NULL;
    int rc = gis_outfile_open(path, &f, err);
    if (rc != GIS_OK)
        return rc;
    if (json_dumpf(doc, gis_outfile_stream(f), flags) != 0)
        gis_outfile_fail(f, 0);
    return gis_outfile_commit(f, err);
}
