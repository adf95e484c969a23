/*
 * This file implements `jiewang atlas`: placeholder until issue #8 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang atlas: error: not implemented yet (issue #8)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_ATLAS = {
    "atlas", run, "render the print atlas (PDF) and 地名志 gazetteer",
    "Usage: jiewang atlas ...\n\nrender the print atlas (PDF) and 地名志 gazetteer\n(Not implemented yet: issue #8.)\n"};
