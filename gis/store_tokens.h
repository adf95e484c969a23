/*
 * This file declares API tokens for restricted collections (table api_token): a token is 32
 * random bytes from libsodium written as "jw_" + base64url; only its BLAKE2b-256 hash
 * (crypto_generichash, hex) is stored, so a stolen database does not reveal tokens. A fast
 * hash suffices because tokens are random, not chosen passwords; it keeps a check per HTTP
 * request cheap. It does not decide which collections are restricted (gis/store_query.h).
 */
#ifndef GIS_STORE_TOKENS_H
#define GIS_STORE_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/store.h"

/** Largest token name accepted (bytes). */
#define GIS_TOKEN_NAME_MAX 64

/** Creates a token called name (letters, digits, '.', '_', '-'; at most GIS_TOKEN_NAME_MAX).
 *  Returns the owned token text in *out (free with free()); it is not stored and cannot be
 *  shown again. Codes: GIS_EINVAL (bad name), GIS_EEXIST (name taken), GIS_EDB, GIS_ENOMEM. */
int gis_store_token_add(gis_store *s, const char *name, char **out, gis_error *err);

/** Checks token against the stored hashes. *name_out (may be NULL) receives the owned name of
 *  the matching token (free()). Codes: GIS_EAUTH (no match, malformed token), GIS_EDB. */
int gis_store_token_verify(gis_store *s, const char *token, char **name_out, gis_error *err);

/** Deletes the token called name. Codes: GIS_ENOTFOUND, GIS_EDB. */
int gis_store_token_remove(gis_store *s, const char *name, gis_error *err);

/** One row of the token list (no hash). Free the array with gis_token_rows_free(). */
typedef struct gis_token_row {
    char *name;
    char *created_at; /* ISO 8601 UTC */
} gis_token_row;

/** Lists tokens by name. Returns an owned array in *out and its length in *n_out. */
int gis_store_tokens_list(gis_store *s, gis_token_row **out, size_t *n_out, gis_error *err);
void gis_token_rows_free(gis_token_row *rows, size_t n);

#endif
