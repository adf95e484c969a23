/*
 * This file implements `jiewang demo`: placeholder until the generator lands (issue #2).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang demo: error: not implemented yet (issue #2)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_DEMO = {"demo", run, "build the 谷城县 demo database (and serve it)",
                                  "Usage: jiewang demo [--out PATH]\n"};
