/*
 * This file implements `jiewang validate`: placeholder until issue #4 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang validate: error: not implemented yet (issue #4)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_VALIDATE = {
    "validate", run, "check boundaries: gaps, overlaps, nesting, codes, markers (质检)",
    "Usage: jiewang validate ...\n\ncheck boundaries: gaps, overlaps, nesting, codes, markers (质检)\n(Not implemented yet: issue #4.)\n"};
