/*
 * This file declares the small helpers every subcommand of the jiewang program shares:
 * error printing with exit code 2, the log sink, the data folder. Only cli/ prints.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "gis/ctx.h"
#include "gis/error.h"

/** Exit codes: 0 success, 1 findings reported (validate/coverage), 2 failure to run. */
enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_FAIL = 2 };

/** Prints "jiewang CMD: error: MSG" to stderr and returns CLI_FAIL. */
int cli_fail(const char *cmd, const gis_error *err);

/** Prints a usage error and a hint to run `jiewang help CMD`; returns CLI_FAIL. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Creates a context whose log goes to stderr (warnings always, info when verbose). */
int cli_ctx_new(gis_ctx **out, bool verbose, gis_error *err);

/** True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);

/** The data folder (schema, profiles, demo sources): $JIEWANG_DATA or the source tree's data/. */
const char *cli_data_dir(void);

/** The web folder (web map static files): $JIEWANG_WEB or the source tree's web/. */
const char *cli_web_dir(void);

/** True when stderr is a terminal (progress bars). */
bool cli_stderr_is_tty(void);

/** Writes doc as JSON (jansson flags) to path, whole or not at all (gis/outfile.h); "-" is
 *  standard output. GIS_EIO names the file and the reason (e.g. "No space left on device"). */
int cli_write_json(const char *path, const json_t *doc, size_t flags, gis_error *err);

#endif
