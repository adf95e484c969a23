/*
 * This file implements the request parameter parsers of server/params.h with strtoll/strtod
 * and explicit checks of the whole text, length and ranges.
 */
#include "server/params.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tiles/geojson.h"

int srv_params_int(const char *name, const char *text, int64_t min, int64_t max, int64_t *out,
                   gis_error *err)
{
    if (text == NULL || text[0] == '\0' || strlen(text) > 19 || text[0] == ' ' || text[0] == '+')
        return GIS_ERR(err, GIS_EINVAL, "%s must be an integer between %lld and %lld", name,
                       (long long)min, (long long)max);
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return GIS_ERR(err, GIS_EINVAL, "%s must be an integer between %lld and %lld", name,
                       (long long)min, (long long)max);
    *out = v;
    return GIS_OK;
}

int srv_params_bbox(const char *text, double out[4], gis_error *err)
{
    double v[6];
    int n = 0;
    const char *p = text;
    if (text == NULL || strlen(text) > 200)
        return GIS_ERR(err, GIS_EINVAL, "bbox must be minx,miny,maxx,maxy");
    for (;;) {
        char *end = NULL;
        if (n == 6 || *p == '\0' || *p == ' ' || *p == ',')
            return GIS_ERR(err, GIS_EINVAL, "bbox must be four comma-separated numbers");
        errno = 0;
        v[n] = strtod(p, &end);
        if (end == p || errno != 0 || !isfinite(v[n]) || (*end != ',' && *end != '\0'))
            return GIS_ERR(err, GIS_EINVAL, "bbox must be four comma-separated numbers");
        n++;
        if (*end == '\0')
            break;
        p = end + 1; /* a comma must be followed by another number */
    }
    if (n != 4 && n != 6)
        return GIS_ERR(err, GIS_EINVAL, "bbox must be four comma-separated numbers");
    if (n == 6) {
        /* minx,miny,minz,maxx,maxy,maxz: heights are ignored. */
        v[2] = v[3];
        v[3] = v[4];
    }
    if (v[0] > v[2] || v[1] > v[3])
        return GIS_ERR(err, GIS_EINVAL, "bbox minimum exceeds maximum");
    memcpy(out, v, 4 * sizeof v[0]);
    return GIS_OK;
}

static const struct {
    const char *text;
    int crs;
} CRS_NAMES[] = {
    {SRV_CRS84_URI, TILE_GEOJSON_CRS84},
    {"https://www.opengis.net/def/crs/OGC/1.3/CRS84", TILE_GEOJSON_CRS84},
    {"urn:ogc:def:crs:OGC:1.3:CRS84", TILE_GEOJSON_CRS84},
    {"OGC:CRS84", TILE_GEOJSON_CRS84},
    {"CRS84", TILE_GEOJSON_CRS84},
    {SRV_EPSG4490_URI, TILE_GEOJSON_EPSG4490},
    {"https://www.opengis.net/def/crs/EPSG/0/4490", TILE_GEOJSON_EPSG4490},
    {"urn:ogc:def:crs:EPSG::4490", TILE_GEOJSON_EPSG4490},
    {"EPSG:4490", TILE_GEOJSON_EPSG4490},
    {SRV_EPSG3857_URI, TILE_GEOJSON_EPSG3857},
    {"https://www.opengis.net/def/crs/EPSG/0/3857", TILE_GEOJSON_EPSG3857},
    {"urn:ogc:def:crs:EPSG::3857", TILE_GEOJSON_EPSG3857},
    {"EPSG:3857", TILE_GEOJSON_EPSG3857},
};

int srv_params_crs(const char *name, const char *text, int *out, gis_error *err)
{
    size_t n = text ? strlen(text) : 0;
    /* Clients may wrap the URI in angle brackets as in the Content-Crs header. */
    if (n >= 2 && text[0] == '<' && text[n - 1] == '>') {
        text++;
        n -= 2;
    }
    for (size_t i = 0; n > 0 && i < sizeof CRS_NAMES / sizeof CRS_NAMES[0]; i++)
        if (strlen(CRS_NAMES[i].text) == n && strncasecmp(CRS_NAMES[i].text, text, n) == 0) {
            *out = CRS_NAMES[i].crs;
            return GIS_OK;
        }
    return GIS_ERR(err, GIS_EINVAL, "%s must be one of %s, %s, %s", name, SRV_CRS84_URI,
                   SRV_EPSG4490_URI, SRV_EPSG3857_URI);
}

const char *srv_params_crs_uri(int crs)
{
    switch (crs) {
    case TILE_GEOJSON_EPSG4490:
        return SRV_EPSG4490_URI;
    case TILE_GEOJSON_EPSG3857:
        return SRV_EPSG3857_URI;
    default:
        return SRV_CRS84_URI;
    }
}

static bool is_digits(const char *s, size_t n)
{
    if (n == 0 || n > 9)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int srv_params_tile(const char *z, const char *x, const char *y_ext, const char *ext, int max_zoom,
                    int *z_out, long *x_out, long *y_out, gis_error *err)
{
    size_t ny = y_ext ? strlen(y_ext) : 0, ne = strlen(ext);
    if (z == NULL || x == NULL || ny <= ne || strcmp(y_ext + ny - ne, ext) != 0 ||
        !is_digits(z, strlen(z)) || !is_digits(x, strlen(x)) || !is_digits(y_ext, ny - ne))
        return GIS_ERR(err, GIS_EINVAL, "tile address must be /{z}/{x}/{y}%s with integers", ext);
    long zz = strtol(z, NULL, 10), xx = strtol(x, NULL, 10), yy = strtol(y_ext, NULL, 10);
    if (zz < 0 || zz > max_zoom)
        return GIS_ERR(err, GIS_EINVAL, "zoom %ld out of range 0..%d", zz, max_zoom);
    long side = 1L << zz;
    if (xx >= side || yy >= side)
        return GIS_ERR(err, GIS_EINVAL, "tile %ld/%ld/%ld does not exist", zz, xx, yy);
    *z_out = (int)zz;
    *x_out = xx;
    *y_out = yy;
    return GIS_OK;
}
