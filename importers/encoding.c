/*
 * This file implements UTF-8 checks, GBK mojibake detection and encoding conversion over
 * iconv(3). It does not guess encodings beyond the mojibake check.
 */
#include "importers/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct imp_encoding {
    iconv_t cd; /* from -> UTF-8 */
    char *buf;  /* last result */
    size_t cap; /* bytes allocated in buf */
    char from[32];
};

/* Decodes one UTF-8 sequence at s; returns its length (0 when malformed) and the code point. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80)
        return *cp = s[0], 1;
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || s[0] > 0xF4)
        return 0;
    uint32_t v = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

bool imp_encoding_is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t n = utf8_next(p, &cp);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

static bool has_cjk(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp = 0;
        size_t n = utf8_next(p, &cp);
        if (n == 0)
            return false;
        if (cp >= 0x4E00 && cp <= 0x9FFF)
            return true;
        p += n;
    }
    return false;
}

bool imp_encoding_is_mojibake(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    char latin1[256];
    size_t n_high = 0, len = 0;
    while (*p && len + 1 < sizeof latin1) {
        uint32_t cp;
        size_t n = utf8_next(p, &cp);
        if (n == 0 || cp > 0xFF)
            return false;
        n_high += cp >= 0x80;
        latin1[len++] = (char)cp;
        p += n;
    }
    latin1[len] = '\0';
    if (n_high < 2 || *p)
        return false;
    imp_encoding *e = NULL;
    const char *utf8 = NULL;
    bool yes = imp_encoding_new("GBK", &e, NULL) == GIS_OK &&
               imp_encoding_convert(e, latin1, &utf8, NULL) == GIS_OK && has_cjk(utf8);
    imp_encoding_free(e);
    return yes;
}

int imp_encoding_new(const char *from, imp_encoding **out, gis_error *err)
{
    *out = NULL;
    imp_encoding *e = calloc(1, sizeof *e);
    if (e == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    e->cd = iconv_open("UTF-8", from);
    if (e->cd == (iconv_t)-1) {
        free(e);
        return GIS_ERR(err, GIS_EINVAL, "unknown encoding '%s' (try GBK, GB18030 or UTF-8)", from);
    }
    strncpy(e->from, from, sizeof e->from - 1);
    *out = e;
    return GIS_OK;
}

void imp_encoding_free(imp_encoding *e)
{
    if (e == NULL)
        return;
    iconv_close(e->cd);
    free(e->buf);
    free(e);
}

int imp_encoding_convert(imp_encoding *e, const char *s, const char **out, gis_error *err)
{
    *out = NULL;
    size_t in_len = strlen(s);
    size_t need = in_len * 3 + 8; /* worst case: a one-byte code page -> 3 UTF-8 bytes */
    if (need > e->cap) {
        char *nb = realloc(e->buf, need);
        if (nb == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory");
        e->buf = nb;
        e->cap = need;
    }
    iconv(e->cd, NULL, NULL, NULL, NULL);
    char *in = (char *)s, *o = e->buf;
    size_t in_left = in_len, out_left = e->cap - 1;
    if (iconv(e->cd, &in, &in_left, &o, &out_left) == (size_t)-1)
        return GIS_ERR(err, GIS_EINVAL, "text is not valid %s at byte %zu", e->from,
                       (size_t)(in - s));
    *o = '\0';
    *out = e->buf;
    return GIS_OK;
}
