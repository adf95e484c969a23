/*
 * This file declares the Mapbox Vector Tile 2.1 encoder: a tile builder holding layers, each
 * with features (geometry command streams) and dictionary-encoded keys and values, packed by
 * protobuf-c from the spec's vector_tile.proto.
 * Geometries passed in are already in tile pixel space (0..extent, y down; see
 * gis/geom_tile.h): the encoder rounds to integers, drops repeated points, drops degenerate
 * lines and rings (a polygon whose shell degenerates is dropped with its holes) and orients
 * rings per spec 2.1 (shell positive area by the surveyor's formula in tile coordinates,
 * holes negative). It does not clip, simplify or make valid.
 * A builder is used by one thread at a time.
 */
#ifndef TILE_MVT_H
#define TILE_MVT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/geom.h"

/** Extent of the layers jiewang writes (pixels per tile side). */
#define TILE_EXTENT_DEFAULT 4096

typedef struct tile_mvt tile_mvt;
typedef struct tile_mvt_layer tile_mvt_layer;

/** Returns an owned empty tile builder in *out; free with tile_mvt_free(). Codes: GIS_ENOMEM. */
int tile_mvt_new(tile_mvt **out, gis_error *err);

/** Frees t and its layers. NULL is a no-op. */
void tile_mvt_free(tile_mvt *t);

/** Appends a layer named `name` (copied) with `extent`. Returns the layer in *out, borrowed
 *  from t (valid while t lives). Codes: GIS_EINVAL (empty name, extent 0, duplicate name),
 *  GIS_ENOMEM. */
int tile_mvt_layer_add(tile_mvt *t, const char *name, uint32_t extent, tile_mvt_layer **out,
                       gis_error *err);

/** Number of features encoded in layer l so far. */
size_t tile_mvt_layer_feature_count(const tile_mvt_layer *l);

/** Encodes g (borrowed; tile pixel coordinates) as a new feature of l with `id` (0: no id).
 *  *added is false when nothing of g survives quantisation (no feature is created, and the
 *  next property calls are ignored). Mixed collections keep the dimension of their first
 *  part. Codes: GIS_ENOMEM, GIS_EGEOM. */
int tile_mvt_feature_add(gis_ctx *ctx, tile_mvt_layer *l, uint64_t id, const gis_geom *g,
                         bool *added, gis_error *err);

/** Adds a point feature at pixel x, y (rounded) to l with `id` (0: no id); cheaper than
 *  tile_mvt_feature_add() for labels. Codes: GIS_ENOMEM. */
int tile_mvt_feature_add_point(tile_mvt_layer *l, uint64_t id, double x, double y, gis_error *err);

/** Adds a property to the feature last added to l. NULL value: property omitted (MVT has
 *  no null). Strings are copied; UTF-8 expected. Codes: GIS_EINVAL (no feature, empty key),
 *  GIS_ENOMEM. */
int tile_mvt_prop_string(tile_mvt_layer *l, const char *key, const char *value, gis_error *err);
int tile_mvt_prop_int(tile_mvt_layer *l, const char *key, int64_t value, gis_error *err);
int tile_mvt_prop_double(tile_mvt_layer *l, const char *key, double value, gis_error *err);

/** Packs t as an MVT protobuf message; layers without features are left out. Returns an
 *  owned buffer in *out (free with free(); never NULL on success) and its length in *len
 *  (0 for a tile without features). Codes: GIS_ENOMEM. */
int tile_mvt_encode(tile_mvt *t, unsigned char **out, size_t *len, gis_error *err);

#endif
