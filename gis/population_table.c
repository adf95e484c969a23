/*
 * This file implements the population table: a small CSV reader (one line at a time, fields
 * split on commas) that overrides units' population counts by code.
 */
#include "gis/population_table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 64

/* Splits line in place on commas; trims spaces, CR/LF and surrounding quotes. */
static size_t split(char *line, char **f)
{
    size_t n = 0;
    char *p = line;
    while (n < MAX_FIELDS) {
        char *end = strchr(p, ',');
        if (end)
            *end = '\0';
        char *s = p, *e = p + strlen(p);
        while (*s == ' ' || *s == '"')
            s++;
        while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '"'))
            e--;
        *e = '\0';
        f[n++] = s;
        if (end == NULL)
            break;
        p = end + 1;
    }
    return n;
}

static long column(char **f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i], name) == 0)
            return (long)i;
    return -1;
}

/* Parses a non-negative integer; -1 for an empty cell, -2 for garbage. */
static long long count(const char *s)
{
    if (s[0] == '\0')
        return -1;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return errno || *end != '\0' || v < 0 ? -2 : v;
}

typedef struct cols {
    long code, pop, older;
} cols;

static int apply_row(char **f, size_t n, cols c, gis_unit *units, size_t n_units, size_t *n_applied,
                     const char *path, long line, gis_error *err)
{
    if ((size_t)c.code >= n || (size_t)c.pop >= n)
        return GIS_ERR(err, GIS_EINVAL, "%s line %ld: too few fields", path, line);
    long long pop = count(f[c.pop]);
    long long older = c.older >= 0 && (size_t)c.older < n ? count(f[c.older]) : -1;
    if (pop == -2 || older == -2)
        return GIS_ERR(err, GIS_EINVAL, "%s line %ld: population must be a whole number >= 0", path,
                       line);
    for (size_t i = 0; i < n_units; i++) {
        if (units[i].code == NULL || strcmp(units[i].code, f[c.code]) != 0)
            continue;
        if (pop >= 0)
            units[i].population = pop;
        if (older >= 0)
            units[i].older_population = older;
        (*n_applied)++;
    }
    return GIS_OK;
}

int gis_population_table_apply(const char *path, gis_unit *units, size_t n_units, size_t *n_applied,
                               gis_error *err)
{
    size_t applied = 0;
    if (n_applied)
        *n_applied = 0;
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        char msg[128];
        strerror_r(errno, msg, sizeof msg);
        return GIS_ERR(err, GIS_EIO, "cannot read population table %s: %s", path, msg);
    }
    char buf[4096], *f[MAX_FIELDS];
    int rc = GIS_OK;
    long line = 0;
    cols c = {-1, -1, -1};
    while (rc == GIS_OK && fgets(buf, sizeof buf, fp) != NULL) {
        line++;
        char *p = line == 1 && strncmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
        if (p[strspn(p, " \r\n")] == '\0')
            continue;
        size_t n = split(p, f);
        if (c.code < 0) {
            c = (cols){column(f, n, "code"), column(f, n, "population"),
                       column(f, n, "older_population")};
            if (c.code < 0 || c.pop < 0)
                rc = GIS_ERR(err, GIS_EINVAL,
                             "%s: header needs 'code' and 'population' "
                             "columns",
                             path);
            continue;
        }
        rc = apply_row(f, n, c, units, n_units, &applied, path, line, err);
    }
    if (rc == GIS_OK && c.code < 0)
        rc = GIS_ERR(err, GIS_EINVAL, "%s: empty population table", path);
    fclose(fp);
    if (n_applied)
        *n_applied = applied;
    return rc;
}
