/*
 * This file implements XYZ tile arithmetic on the spherical web-mercator grid.
 */
#include "tiles/tilemath.h"

#include <math.h>

#define EARTH_HALF_CIRCUMFERENCE 20037508.342789244

bool tile_math_is_valid(int z, long x, long y)
{
    if (z < 0 || z > TILE_MAX_ZOOM)
        return false;
    long n = 1L << z;
    return x >= 0 && y >= 0 && x < n && y < n;
}

static double tile_lon(int z, long x)
{
    return (double)x / (double)(1L << z) * 360.0 - 180.0;
}

static double tile_lat(int z, long y)
{
    double n = M_PI - 2.0 * M_PI * (double)y / (double)(1L << z);
    return 180.0 / M_PI * atan(0.5 * (exp(n) - exp(-n)));
}

void tile_math_bounds_lonlat(int z, long x, long y, double out[4])
{
    out[0] = tile_lon(z, x);
    out[1] = tile_lat(z, y + 1);
    out[2] = tile_lon(z, x + 1);
    out[3] = tile_lat(z, y);
}

void tile_math_bounds_mercator(int z, long x, long y, double out[4])
{
    double size = 2.0 * EARTH_HALF_CIRCUMFERENCE / (double)(1L << z);
    out[0] = -EARTH_HALF_CIRCUMFERENCE + (double)x * size;
    out[2] = out[0] + size;
    out[3] = EARTH_HALF_CIRCUMFERENCE - (double)y * size;
    out[1] = out[3] - size;
}

void tile_math_tile_for_lonlat(int z, double lon, double lat, long *x, long *y)
{
    double n = (double)(1L << z);
    double lat_rad = lat * M_PI / 180.0;
    *x = (long)floor((lon + 180.0) / 360.0 * n);
    *y = (long)floor((1.0 - asinh(tan(lat_rad)) / M_PI) / 2.0 * n);
    if (*x < 0)
        *x = 0;
    if (*y < 0)
        *y = 0;
    if (*x >= (long)n)
        *x = (long)n - 1;
    if (*y >= (long)n)
        *y = (long)n - 1;
}
