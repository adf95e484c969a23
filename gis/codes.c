/*
 * This file implements the administrative code rules (DOMAIN.md CODE-01..04).
 */
#include "gis/codes.h"

#include <string.h>

static bool all_digits(const char *s, size_t *len)
{
    size_t n = 0;
    if (s == NULL)
        return false;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return false;
    *len = n;
    return n > 0;
}

static int segment(const char *code, size_t start, size_t n)
{
    int v = 0;
    for (size_t i = start; i < start + n; i++)
        v = v * 10 + (code[i] - '0');
    return v;
}

const char *gis_code_level(const char *code)
{
    size_t n = 0;
    if (!all_digits(code, &n))
        return NULL;
    switch (n) {
    case 6:
        return "county";
    case 9:
        return "township";
    case 12:
        return "village";
    default:
        return NULL;
    }
}

bool gis_code_is_wellformed(const char *code)
{
    return gis_code_level(code) != NULL;
}

bool gis_code_is_child_of(const char *child, const char *parent)
{
    size_t nc = 0, np = 0;
    if (!all_digits(child, &nc) || !all_digits(parent, &np))
        return false;
    if (!((np == 6 && nc == 9) || (np == 9 && nc == 12)))
        return false;
    return strncmp(child, parent, np) == 0;
}

const char *gis_code_township_kind_zh(const char *code)
{
    size_t n = 0;
    if (!all_digits(code, &n) || n != 9)
        return NULL;
    int seg = segment(code, 6, 3);
    if (seg < 100)
        return "街道";
    if (seg < 200)
        return "镇";
    if (seg < 400)
        return "乡";
    if (seg < 600)
        return "政企合一";
    return NULL;
}

bool gis_code_is_admin_village(const char *code)
{
    size_t n = 0;
    if (!all_digits(code, &n) || n != 12)
        return false;
    int seg = segment(code, 9, 3);
    return seg >= 200 && seg <= 399;
}

const char *gis_code_village_kind_zh(const char *code)
{
    size_t n = 0;
    if (!all_digits(code, &n) || n != 12)
        return NULL;
    int seg = segment(code, 9, 3);
    if (seg >= 1 && seg <= 199)
        return "社区居委会";
    if (seg >= 200 && seg <= 399)
        return "村委会";
    return NULL;
}
