/*
 * This file declares the subcommands of the jiewang program and their help texts.
 * Each subcommand lives in cli/cmd_<name>.c: it parses flags and calls the libraries.
 * argv[0] is the subcommand name; argc counts it.
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

typedef struct cli_command {
    const char *name;                    /* subcommand word */
    int (*run)(int argc, char **argv);   /* returns the process exit code */
    const char *summary;                 /* one line for `jiewang help` */
    const char *help;                    /* full text for `jiewang help NAME` / NAME --help */
} cli_command;

extern const cli_command CLI_CMD_IMPORT;
extern const cli_command CLI_CMD_EXPORT;
extern const cli_command CLI_CMD_VALIDATE;
extern const cli_command CLI_CMD_FINDINGS;
extern const cli_command CLI_CMD_COVERAGE;
extern const cli_command CLI_CMD_SERVE;
extern const cli_command CLI_CMD_TOKEN;
extern const cli_command CLI_CMD_ATLAS;
extern const cli_command CLI_CMD_DEMO;
extern const cli_command CLI_CMD_INFO;

#endif
