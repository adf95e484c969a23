/*
 * This file declares web-mercator tile arithmetic (XYZ scheme, EPSG:3857): tile <-> bbox.
 */
#ifndef TILE_TILEMATH_H
#define TILE_TILEMATH_H

#include <stdbool.h>

/** Largest zoom level accepted anywhere. */
#define TILE_MAX_ZOOM 22

/** True when z/x/y is a valid tile (0 <= z <= TILE_MAX_ZOOM, 0 <= x,y < 2^z). */
bool tile_math_is_valid(int z, long x, long y);

/** Bounds of tile z/x/y in lon/lat degrees: minlon, minlat, maxlon, maxlat. */
void tile_math_bounds_lonlat(int z, long x, long y, double out[4]);

/** Bounds of tile z/x/y in EPSG:3857 metres: minx, miny, maxx, maxy. */
void tile_math_bounds_mercator(int z, long x, long y, double out[4]);

/** Tile containing lon/lat at zoom z. */
void tile_math_tile_for_lonlat(int z, double lon, double lat, long *x, long *y);

#endif
