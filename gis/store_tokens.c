/*
 * This file implements API tokens (table api_token) with libsodium: random generation,
 * BLAKE2b-256 hashing, lookup by hash, listing and removal. Tokens themselves are never
 * stored or logged.
 */
#include "gis/store_tokens.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "gis/store_int.h"

#define TOKEN_PREFIX "jw_"
#define TOKEN_RAW_BYTES 32

static int init_sodium(gis_error *err)
{
    /* sodium_init() is thread-safe and returns 1 when already initialised. */
    if (sodium_init() < 0)
        return GIS_ERR(err, GIS_ENOMEM, "libsodium failed to initialise");
    return GIS_OK;
}

static bool is_valid_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > GIS_TOKEN_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

/* Writes the hex BLAKE2b-256 of token into hex (65 bytes). */
static void hash_token(const char *token, char hex[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(hex, 65, h, sizeof h);
    sodium_memzero(h, sizeof h);
}

static int name_exists(gis_store *s, const char *name, bool *out, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "SELECT 1 FROM api_token WHERE name=?", &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "read tokens");
    *out = step == SQLITE_ROW;
    sqlite3_finalize(st);
    return rc;
}

int gis_store_token_add(gis_store *s, const char *name, char **out, gis_error *err)
{
    *out = NULL;
    int rc = init_sodium(err);
    if (rc != GIS_OK)
        return rc;
    if (!is_valid_name(name))
        return GIS_ERR(err, GIS_EINVAL,
                       "token name '%.64s' must be 1-%d letters, digits, '.', '_' or '-'",
                       name ? name : "", GIS_TOKEN_NAME_MAX);
    bool exists = false;
    if ((rc = name_exists(s, name, &exists, err)) != GIS_OK)
        return rc;
    if (exists)
        return GIS_ERR(err, GIS_EEXIST, "a token called '%s' already exists", name);
    unsigned char raw[TOKEN_RAW_BYTES];
    randombytes_buf(raw, sizeof raw);
    size_t b64 = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *token = malloc(strlen(TOKEN_PREFIX) + b64);
    if (token == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    strcpy(token, TOKEN_PREFIX);
    sodium_bin2base64(token + strlen(TOKEN_PREFIX), b64, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    char hex[65];
    hash_token(token, hex);
    sqlite3_stmt *st = NULL;
    if ((rc = gis_store_prepare(s, "INSERT INTO api_token(name, hash) VALUES(?,?)", &st, err)) !=
        GIS_OK)
        goto done;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "insert token");
done:
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        sodium_memzero(token, strlen(token));
        free(token);
        return rc;
    }
    *out = token;
    return GIS_OK;
}

int gis_store_token_verify(gis_store *s, const char *token, char **name_out, gis_error *err)
{
    if (name_out)
        *name_out = NULL;
    int rc = init_sodium(err);
    if (rc != GIS_OK)
        return rc;
    size_t n = token ? strlen(token) : 0;
    if (n < strlen(TOKEN_PREFIX) + 8 || n > 128 || strncmp(token, TOKEN_PREFIX, 3) != 0)
        return GIS_ERR(err, GIS_EAUTH, "malformed token");
    char hex[65];
    hash_token(token, hex);
    sqlite3_stmt *st = NULL;
    if ((rc = gis_store_prepare(s, "SELECT name FROM api_token WHERE hash=?", &st, err)) != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        if (name_out)
            *name_out = gis_store_column_strdup(st, 0);
    } else if (step == SQLITE_DONE) {
        rc = GIS_ERR(err, GIS_EAUTH, "unknown token");
    } else {
        rc = gis_store_sql_error(s, err, __func__, "read tokens");
    }
    sqlite3_finalize(st);
    return rc;
}

int gis_store_token_remove(gis_store *s, const char *name, gis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "DELETE FROM api_token WHERE name=?", &st, err);
    if (rc != GIS_OK)
        return rc;
    sqlite3_bind_text(st, 1, name ? name : "", -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "delete token");
    else if (sqlite3_changes(s->db) == 0)
        rc = GIS_ERR(err, GIS_ENOTFOUND, "no token called '%s'", name ? name : "");
    sqlite3_finalize(st);
    return rc;
}

int gis_store_tokens_list(gis_store *s, gis_token_row **out, size_t *n_out, gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = NULL;
    int rc = gis_store_prepare(s, "SELECT name, created_at FROM api_token ORDER BY name", &st, err);
    if (rc != GIS_OK)
        return rc;
    gis_token_row *a = NULL;
    size_t n = 0, cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            gis_token_row *grown = realloc(a, cap * sizeof *a);
            if (grown == NULL) {
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
                break;
            }
            a = grown;
        }
        a[n].name = gis_store_column_strdup(st, 0);
        a[n].created_at = gis_store_column_strdup(st, 1);
        n++;
    }
    if (rc == GIS_OK && step != SQLITE_DONE)
        rc = gis_store_sql_error(s, err, __func__, "list tokens");
    sqlite3_finalize(st);
    if (rc != GIS_OK) {
        gis_token_rows_free(a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

void gis_token_rows_free(gis_token_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].name);
        free(rows[i].created_at);
    }
    free(rows);
}
