/*
 * This file declares GeoJSON documents (RFC 7946 and OGC API - Features Part 2 CRS): geometry
 * objects read straight from 2D WKB in EPSG:4490, Features and FeatureCollections built with
 * jansson, coordinates rounded to an explicit precision and optionally transformed to
 * EPSG:3857 or written in EPSG:4490's official latitude-first axis order.
 * It does not query the store or know HTTP.
 */
#ifndef TILE_GEOJSON_H
#define TILE_GEOJSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/crs.h"

/** Output coordinate systems. */
enum tile_geojson_crs {
    TILE_GEOJSON_CRS84 = 0,    /* OGC CRS84: longitude, latitude (degrees); the GeoJSON default */
    TILE_GEOJSON_EPSG4490 = 1, /* CGCS2000 as EPSG defines it: latitude, longitude (degrees) */
    TILE_GEOJSON_EPSG3857 = 2, /* web mercator: x, y (metres) */
};

/** Options for writing geometries. */
typedef struct tile_geojson_opts {
    int crs;                    /* enum tile_geojson_crs */
    gis_crs_transform *to_3857; /* borrowed EPSG:4490 -> EPSG:3857 transform; needed for 3857 */
    int decimals;               /* digits after the point; < 0 picks 7 (degrees) or 2 (metres) */
} tile_geojson_opts;

/** Significant digits for tile_geojson_dump(): enough for 7 decimals of degrees, 2 of metres. */
#define TILE_GEOJSON_REAL_PRECISION 10

/** Converts 2D (or Z/M, dropped) WKB in EPSG:4490, x = longitude, into a GeoJSON geometry
 *  object. Returns an owned json_t in *out (json_decref). Codes: GIS_EGEOM (truncated or
 *  unknown WKB), GIS_ECRS (transform failure or missing transform), GIS_ENOMEM. */
int tile_geojson_geometry_from_wkb(gis_ctx *ctx, const unsigned char *wkb, size_t len,
                                   const tile_geojson_opts *o, json_t **out, gis_error *err);

/** Builds a Feature {type, id, geometry, properties}. Takes ownership of geometry (NULL writes
 *  null), even on failure; borrows props (NULL writes {}). Returns an owned json_t or NULL on
 *  out-of-memory. */
json_t *tile_geojson_feature(int64_t id, json_t *geometry, json_t *props);

/** Returns an owned empty FeatureCollection {type, features: []}, or NULL on out-of-memory. */
json_t *tile_geojson_collection_new(void);

/** Serialises doc compactly with TILE_GEOJSON_REAL_PRECISION. Returns an owned buffer in *out
 *  (free()), length in *len. Codes: GIS_ENOMEM. */
int tile_geojson_dump(const json_t *doc, char **out, size_t *len, gis_error *err);

#endif
