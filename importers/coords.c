/*
 * This file implements the search for coordinate columns by name and strict number parsing
 * for coordinate tables. It does not read files.
 */
#include "importers/coords.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importers/crs_detect.h"

static const char *const LON[] = {"经度", "lon", "lng", "long", "longitude", "JD", NULL};
static const char *const LAT[] = {"纬度", "lat", "latitude", "WD", NULL};
static const char *const EAST[] = {"东坐标", "东向坐标", "横坐标", "easting", "E", NULL};
static const char *const NORTH[] = {"北坐标", "北向坐标", "纵坐标", "northing", "N", NULL};
static const char *const XS[] = {"X", "X坐标", "坐标X", NULL};
static const char *const YS[] = {"Y", "Y坐标", "坐标Y", NULL};

static bool same(const char *a, const char *b)
{
    while (*a == ' ')
        a++;
    size_t n = strlen(a);
    while (n > 0 && a[n - 1] == ' ')
        n--;
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

static int find_any(const char *const *names, size_t n, const char *const *aliases)
{
    for (size_t k = 0; aliases[k]; k++)
        for (size_t i = 0; i < n; i++)
            if (names[i] && same(names[i], aliases[k]))
                return (int)i;
    return -1;
}

bool imp_coords_find(const char *const *names, size_t n, imp_coord_cols *out)
{
    static const struct {
        int kind;
        const char *const *a, *const *b;
    } pairs[] = {
        {IMP_COORDS_LONLAT, LON, LAT}, {IMP_COORDS_EN, EAST, NORTH}, {IMP_COORDS_XY, XS, YS}};
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        int a = find_any(names, n, pairs[p].a), b = find_any(names, n, pairs[p].b);
        if (a >= 0 && b >= 0) {
            out->kind = pairs[p].kind;
            out->a = a;
            out->b = b;
            return true;
        }
    }
    return false;
}

bool imp_coords_parse(const char *s, double *out)
{
    if (s == NULL)
        return false;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v))
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}
