/*
 * This file declares the parsers of HTTP request parameters: integers with bounds, bbox,
 * CRS URIs (OGC API - Features Part 2), feature ids and tile coordinates. Each rejects
 * anything but the exact expected form with GIS_EINVAL and a message naming the parameter.
 * They are pure functions of their text input (fuzzed in tests/fuzz).
 */
#ifndef SRV_PARAMS_H
#define SRV_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "gis/error.h"

/** CRS URIs served. */
#define SRV_CRS84_URI "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#define SRV_EPSG4490_URI "http://www.opengis.net/def/crs/EPSG/0/4490"
#define SRV_EPSG3857_URI "http://www.opengis.net/def/crs/EPSG/0/3857"

/** Parses a decimal integer in [min, max] for parameter `name`. */
int srv_params_int(const char *name, const char *text, int64_t min, int64_t max, int64_t *out,
                   gis_error *err);

/** Parses "minx,miny,maxx,maxy" (or 6 values with heights, which are ignored) as finite
 *  numbers with min <= max per axis (first and third values may cross the antimeridian only
 *  in CRS84, which we refuse). Writes the four values in the order given. */
int srv_params_bbox(const char *text, double out[4], gis_error *err);

/** Parses a CRS URI or short form (CRS84, EPSG:4490, EPSG:3857) for parameter `name` into
 *  enum tile_geojson_crs. */
int srv_params_crs(const char *name, const char *text, int *out, gis_error *err);

/** The canonical URI of an enum tile_geojson_crs value. */
const char *srv_params_crs_uri(int crs);

/** Parses a tile address: z, x and "y.ext" with the expected extension; checks ranges
 *  (0 <= z <= max_zoom, 0 <= x, y < 2^z). */
int srv_params_tile(const char *z, const char *x, const char *y_ext, const char *ext, int max_zoom,
                    int *z_out, long *x_out, long *y_out, gis_error *err);

/** Size of a "YYYY-MM-DD" date with its NUL. */
#define SRV_DATE_LEN 11

/** Parses the OGC API - Features `datetime` parameter (RFC 3339 date-time or date, or an
 *  interval "start/end" with ".." or "" for an open end; server/params_datetime.c) into the
 *  calendar dates of China Standard Time (UTC+8) at its ends: from and to ("" when open; an
 *  instant gives from == to). Refuses "../..", an interval ending before it starts and
 *  anything else with GIS_EINVAL. */
int srv_params_datetime(const char *text, char from[SRV_DATE_LEN], char to[SRV_DATE_LEN],
                        gis_error *err);

#endif
