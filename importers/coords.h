/*
 * This file declares coordinate columns of tables without a geometry column (CSV, XLSX):
 * finding them by name (经度/纬度, lon/lat, 东坐标/北坐标, X/Y) and parsing their values.
 * It does not decide the CRS or the axis order (importers/crs_detect does).
 */
#ifndef IMP_COORDS_H
#define IMP_COORDS_H

#include <stdbool.h>
#include <stddef.h>

/** Coordinate columns found in a table. */
typedef struct imp_coord_cols {
    int kind; /* enum imp_coords: IMP_COORDS_LONLAT, _EN or _XY */
    int a;    /* index of the first column: longitude, easting or X */
    int b;    /* index of the second column: latitude, northing or Y */
} imp_coord_cols;

/** Finds coordinate columns among names (n names, borrowed); false when there are none.
 *  Longitude/latitude names win over easting/northing, which win over X/Y. */
bool imp_coords_find(const char *const *names, size_t n, imp_coord_cols *out);

/** Parses a coordinate value: a whole decimal number, spaces around allowed. False for empty,
 *  partial or non-finite text. */
bool imp_coords_parse(const char *s, double *out);

#endif
