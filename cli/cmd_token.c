/*
 * This file implements `jiewang token add|list|remove DB [NAME]`: API tokens for restricted
 * collections (gis/store_tokens.h). A new token is printed once on stdout; only its hash is
 * stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "gis/store.h"
#include "gis/store_tokens.h"

static int add(gis_store *s, const char *name, gis_error *err)
{
    char *token = NULL;
    int rc = gis_store_token_add(s, name, &token, err);
    if (rc != GIS_OK)
        return rc;
    printf("%s\n", token);
    fflush(stdout);
    fprintf(stderr,
            "token '%s' created; it is shown only this once. Send it as "
            "'Authorization: Bearer TOKEN'.\n",
            name);
    free(token);
    return GIS_OK;
}

static int list(gis_store *s, gis_error *err)
{
    gis_token_row *rows = NULL;
    size_t n = 0;
    int rc = gis_store_tokens_list(s, &rows, &n, err);
    if (rc != GIS_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\n", rows[i].name, rows[i].created_at ? rows[i].created_at : "");
    gis_token_rows_free(rows, n);
    return GIS_OK;
}

static int run(int argc, char **argv)
{
    if (argc < 3)
        return cli_usage("token", "expected: token add|list|remove DB [NAME]");
    const char *verb = argv[1], *path = argv[2];
    bool is_list = strcmp(verb, "list") == 0;
    if (!is_list && strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0)
        return cli_usage("token", "unknown action '%s' (add, list or remove)", verb);
    if ((is_list && argc != 3) || (!is_list && argc != 4))
        return cli_usage("token",
                         is_list ? "expected: token list DB" : "expected: token %s DB NAME", verb);
    gis_error err = {0};
    gis_store *s = NULL;
    if (gis_store_open(path, is_list ? GIS_STORE_READONLY : 0, &s, &err) != GIS_OK)
        return cli_fail("token", &err);
    int rc;
    if (is_list)
        rc = list(s, &err);
    else if (strcmp(verb, "add") == 0)
        rc = add(s, argv[3], &err);
    else
        rc = gis_store_token_remove(s, argv[3], &err);
    gis_store_close(s);
    return rc == GIS_OK ? CLI_OK : cli_fail("token", &err);
}

const cli_command CLI_CMD_TOKEN = {
    "token", run, "manage API tokens for restricted collections (graves)",
    "Usage: jiewang token add DB NAME | jiewang token list DB | jiewang token remove DB NAME\n\n"
    "Restricted collections (graves, 散埋乱葬) are served only to requests carrying\n"
    "'Authorization: Bearer TOKEN'.\n"
    "  add     creates a random token called NAME, prints it once on stdout; only its\n"
    "          BLAKE2b hash is stored, so it cannot be shown again\n"
    "  list    prints the names and creation times (never the tokens)\n"
    "  remove  deletes the token called NAME\n\n"
    "Example: jiewang token add gucheng.sqlite survey-team-1\n"};
