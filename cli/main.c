/*
 * This file implements main(): process-wide setup (GDAL registration happens in the importer
 * commands), subcommand dispatch and `jiewang help`. It is the only main().
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "importers/gdal_init.h"

static const cli_command *const COMMANDS[] = {
    &CLI_CMD_DEMO,   &CLI_CMD_IMPORT,   &CLI_CMD_EXPORT, &CLI_CMD_INFO,
    &CLI_CMD_VALIDATE, &CLI_CMD_FINDINGS, &CLI_CMD_COVERAGE, &CLI_CMD_SERVE,
    &CLI_CMD_TOKEN,  &CLI_CMD_ATLAS,
};
#define N_COMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void print_overview(FILE *out)
{
    fprintf(out, "jiewang (界网) %s — county boundary survey and civil-affairs GIS server\n\n"
                 "Usage: jiewang COMMAND [ARGS...]\n\nCommands:\n",
            JW_VERSION);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i]->name, COMMANDS[i]->summary);
    fprintf(out, "  %-10s %s\n", "help", "show help for a command: jiewang help COMMAND");
    fprintf(out, "  %-10s %s\n", "version", "print the version");
    fprintf(out, "\nExit codes: 0 ok, 1 findings reported, 2 error.\n");
}

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(COMMANDS[i]->name, name) == 0)
            return COMMANDS[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stderr);
        return CLI_FAIL;
    }
    const char *word = argv[1];
    if (strcmp(word, "-h") == 0 || strcmp(word, "--help") == 0 ||
        (strcmp(word, "help") == 0 && argc == 2)) {
        print_overview(stdout);
        return CLI_OK;
    }
    if (strcmp(word, "version") == 0 || strcmp(word, "--version") == 0) {
        printf("jiewang %s\n", JW_VERSION);
        return CLI_OK;
    }
    if (strcmp(word, "help") == 0) {
        const cli_command *c = find_command(argv[2]);
        if (c == NULL) {
            fprintf(stderr, "jiewang: error: unknown command '%s' (see 'jiewang help')\n",
                    argv[2]);
            return CLI_FAIL;
        }
        fputs(c->help, stdout);
        return CLI_OK;
    }
    const cli_command *c = find_command(word);
    if (c == NULL) {
        fprintf(stderr, "jiewang: error: unknown command '%s' (see 'jiewang help')\n", word);
        return CLI_FAIL;
    }
    if (cli_wants_help(argc - 1, argv + 1)) {
        fputs(c->help, stdout);
        return CLI_OK;
    }
    imp_gdal_init();
    int rc = c->run(argc - 1, argv + 1);
    imp_gdal_cleanup();
    return rc;
}
