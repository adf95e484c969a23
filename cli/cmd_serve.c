/*
 * This file implements `jiewang serve`: placeholder until issue #6 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang serve: error: not implemented yet (issue #6)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_SERVE = {
    "serve", run, "serve OGC API - Features, vector tiles and the web map over HTTP",
    "Usage: jiewang serve ...\n\nserve OGC API - Features, vector tiles and the web map over HTTP\n(Not implemented yet: issue #6.)\n"};
