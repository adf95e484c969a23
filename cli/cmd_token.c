/*
 * This file implements `jiewang token`: placeholder until issue #6 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang token: error: not implemented yet (issue #6)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_TOKEN = {
    "token", run, "manage API tokens for restricted collections: jiewang token add NAME",
    "Usage: jiewang token ...\n\nmanage API tokens for restricted collections: jiewang token add NAME\n(Not implemented yet: issue #6.)\n"};
