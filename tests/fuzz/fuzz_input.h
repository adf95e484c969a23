/*
 * This file implements the input splitting the fuzzers share: the fuzzer's bytes become a
 * NUL-terminated copy and a list of lines (at most FUZZ_MAX_LINES), so that one input can carry
 * several strings (column names, overrides, query arguments). Header-only: each fuzz_*.c is its
 * own program. It does not interpret the lines.
 */
#ifndef TESTS_FUZZ_INPUT_H
#define TESTS_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_LINES 64

typedef struct fuzz_lines {
    char *text;                       /* owned copy of the input, '\n' replaced by NUL */
    const char *line[FUZZ_MAX_LINES]; /* borrowed from text */
    size_t n;                         /* number of lines */
} fuzz_lines;

/* Returns an owned NUL-terminated copy of data (free with free()), or NULL. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Splits data into lines; false on allocation failure. Free with fuzz_lines_free(). */
static inline int fuzz_lines_split(const uint8_t *data, size_t size, fuzz_lines *out)
{
    out->n = 0;
    out->text = fuzz_cstr(data, size);
    if (!out->text)
        return 0;
    char *p = out->text;
    while (out->n < FUZZ_MAX_LINES) {
        out->line[out->n++] = p;
        char *nl = memchr(p, '\n', (size_t)(out->text + size - p));
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    return 1;
}

static inline void fuzz_lines_free(fuzz_lines *l)
{
    free(l->text);
    l->text = NULL;
}

#endif
