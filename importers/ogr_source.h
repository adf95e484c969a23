/*
 * This file declares imp_ogr_source: one vector layer of a file opened through GDAL/OGR
 * (Shapefile, GeoPackage, GeoJSON, KML/KMZ, DXF, GPX, CSV, XLSX), read feature by feature with
 * attributes as UTF-8 text and geometry as 2D ISO WKB promoted to the shape the layer kind
 * expects. A multi-layer source needs a layer name; for DXF the name filters the "Layer"
 * attribute. It does not map fields, check validity or transform coordinates. Single-threaded
 * (GDAL).
 */
#ifndef IMP_OGR_SOURCE_H
#define IMP_OGR_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/error.h"
#include "importers/srs.h"

typedef struct imp_ogr_source imp_ogr_source;

/** Shape families. */
enum imp_shape {
    IMP_SHAPE_NONE = 0,
    IMP_SHAPE_POINT,
    IMP_SHAPE_LINE,
    IMP_SHAPE_POLYGON,
    IMP_SHAPE_OTHER
};

/** Name of a shape family ("points", ...). Static string. */
const char *imp_shape_name(int shape);

/** One feature. Everything is borrowed from the source and valid until the next call on it. */
typedef struct imp_feature {
    int64_t index;             /* 1-based position among the layer's (filtered) features */
    size_t n_values;           /* number of source fields */
    const char *const *values; /* UTF-8 text per field; NULL when unset */
    int shape;                 /* enum imp_shape of the geometry as delivered */
    bool is_empty;             /* no geometry, or an empty one */
    const unsigned char *wkb;  /* 2D ISO WKB in the wanted shape; NULL when empty or mismatch */
    size_t wkb_len;
} imp_feature;

/** Opens layer `layer` (NULL: the only non-empty layer) of path. encoding (NULL: as the source
 *  declares, e.g. .cpg) is the encoding of attribute text: Shapefiles are recoded by GDAL,
 *  other formats here. Returns an owned source in *out; close with imp_ogr_source_close().
 *  Codes: GIS_ENOTFOUND (missing file, unknown layer: the message lists the layers),
 *  GIS_EIO (unreadable), GIS_ESOURCE (unknown format, several candidate layers without
 *  `layer`: the message lists them), GIS_EINVAL (unknown encoding). */
int imp_ogr_source_open(const char *path, const char *layer, const char *encoding,
                        imp_ogr_source **out, gis_error *err);

/** Closes src. NULL is a no-op. */
void imp_ogr_source_close(imp_ogr_source *src);

/** GDAL driver short name ("ESRI Shapefile", "CSV", ...). Borrowed. */
const char *imp_ogr_source_driver(const imp_ogr_source *src);

/** Layer name read (for DXF, the Layer filter when given). Borrowed. */
const char *imp_ogr_source_layer_name(const imp_ogr_source *src);

/** Number of attribute fields and their UTF-8 names (borrowed, valid while src is open). */
size_t imp_ogr_source_field_count(const imp_ogr_source *src);
const char *const *imp_ogr_source_field_names(const imp_ogr_source *src);

/** True when the layer has a geometry column. */
bool imp_ogr_source_has_geometry(const imp_ogr_source *src);

/** Feature count when cheap to know, else -1. */
int64_t imp_ogr_source_feature_count(imp_ogr_source *src);

/** Resolves the layer's declared CRS into out (info.present false when none). Clear out with
 *  imp_srs_clear(). */
int imp_ogr_source_srs(imp_ogr_source *src, imp_srs *out, gis_error *err);

/** Sets the shape features are promoted to (IMP_SHAPE_NONE: leave as delivered). */
void imp_ogr_source_set_shape(imp_ogr_source *src, int shape);

/** Swaps x and y of every geometry read (survey files that store the northing first). */
void imp_ogr_source_set_swap_xy(imp_ogr_source *src, bool swap);

/** Reads the next feature into *f; *done is true at the end. Codes: GIS_ESOURCE (read error
 *  or text not valid in the encoding, naming the feature), GIS_ENOMEM. */
int imp_ogr_source_next(imp_ogr_source *src, imp_feature *f, bool *done, gis_error *err);

/** Restarts reading at the first feature. */
void imp_ogr_source_rewind(imp_ogr_source *src);

#endif
