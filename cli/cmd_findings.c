/*
 * This file implements `jiewang findings`: placeholder until issue #4 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang findings: error: not implemented yet (issue #4)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_FINDINGS = {
    "findings", run, "list findings, accept exceptions: jiewang findings list|accept",
    "Usage: jiewang findings ...\n\nlist findings, accept exceptions: jiewang findings list|accept\n(Not implemented yet: issue #4.)\n"};
