/*
 * This file implements `jiewang coverage`: placeholder until issue #5 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang coverage: error: not implemented yet (issue #5)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_COVERAGE = {
    "coverage", run, "cemetery, no-burial zone, grave and elderly-care coverage analysis",
    "Usage: jiewang coverage ...\n\ncemetery, no-burial zone, grave and elderly-care coverage analysis\n(Not implemented yet: issue #5.)\n"};
