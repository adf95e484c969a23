/*
 * This file declares generic, parameterised feature queries over the store's collections, as
 * OGC API - Features serves them: a const catalogue (collection -> table, fixed filter,
 * properties with types, queryable fields, restricted flag), and a query with an optional bbox
 * (through the SpatiaLite R*Tree index), property filters, limit/offset and numberMatched.
 * Every value from outside is bound as an SQL parameter; only catalogue strings become SQL.
 * It does not check tokens (gis/store_tokens.h) nor write JSON documents (tiles/geojson.h).
 */
#ifndef GIS_STORE_QUERY_H
#define GIS_STORE_QUERY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/store.h"

/** Types of collection properties. */
enum gis_query_type {
    GIS_QTYPE_TEXT = 1, /* UTF-8 string */
    GIS_QTYPE_INT = 2,  /* 64-bit integer */
    GIS_QTYPE_REAL = 3, /* double */
};

/** One property of a collection. */
typedef struct gis_query_prop {
    const char *name;  /* property name in documents and filters */
    const char *expr;  /* SQL expression (catalogue constant) */
    int type;          /* enum gis_query_type */
    bool queryable;    /* usable as ?name=value filter */
    const char *title; /* human title (may hold Chinese) */
} gis_query_prop;

/** One collection of the catalogue. */
typedef struct gis_query_collection {
    const char *id;          /* collection id, e.g. "villages" */
    const char *title;       /* title, Chinese and English */
    const char *description; /* one sentence */
    const char *from;        /* FROM clause; the main table is aliased t */
    const char *where;       /* fixed filter (may be "1") */
    const char *rtree;       /* R*Tree index table of t.geom, e.g. "idx_admin_unit_geom" */
    const char *geom_type;   /* GeoJSON geometry type name, or "Geometry" */
    bool restricted;         /* needs a token (graves) */
    const gis_query_prop *props;
    size_t n_props;
    const char *temporal; /* SQL expression of the feature's date (ISO text), or NULL */
} gis_query_collection;

/** Number of collections in the catalogue. */
size_t gis_query_collection_count(void);

/** Collection i (0 <= i < count), or NULL. Borrowed from a static table. */
const gis_query_collection *gis_query_collection_at(size_t i);

/** Collection by id, or NULL. Borrowed from a static table. */
const gis_query_collection *gis_query_collection_find(const char *id);

/** Property by name, or NULL. Borrowed from the static table. */
const gis_query_prop *gis_query_prop_find(const gis_query_collection *c, const char *name);

/** Largest number of property filters in one query. */
#define GIS_QUERY_MAX_FILTERS 8

/** A query. Strings are borrowed for the call. */
typedef struct gis_query {
    const gis_query_collection *coll; /* borrowed catalogue entry */
    bool has_bbox;                    /* bbox filter in EPSG:4490, x = longitude */
    double bbox[4];                   /* minx, miny, maxx, maxy */
    size_t n_filters;                 /* equality filters, ANDed */
    struct {
        const gis_query_prop *prop; /* queryable property */
        const char *value;          /* value as text; checked against prop->type */
    } filters[GIS_QUERY_MAX_FILTERS];
    int64_t limit;  /* rows to return, >= 0 */
    int64_t offset; /* rows to skip, >= 0 */
    int64_t fid;    /* > 0: only the feature with this id (limit/offset ignored) */
    /* datetime filter: calendar dates "YYYY-MM-DD", "" for an open end. In a collection with
     * a temporal expression only features whose date lies in [time_from, time_to] match (no
     * date: no match); a collection without one ignores it (OGC API - Features Part 1 leaves
     * features without temporal information to the server). */
    bool has_time;
    char time_from[11];
    char time_to[11];
} gis_query;

/** One result row, borrowed for the callback only. */
typedef struct gis_query_row {
    int64_t id;               /* feature id (row id) */
    json_t *props;            /* object: property name -> value (null for SQL NULL) */
    const unsigned char *wkb; /* 2D WKB in EPSG:4490, or NULL without geometry */
    size_t wkb_len;           /* bytes of wkb */
} gis_query_row;

/** Row callback; a non-zero return stops the query and is returned. */
typedef int (*gis_query_row_fn)(void *user, const gis_query_row *row);

/** Runs q: calls fn per row in id order. When n_matched is not NULL it receives the number of
 *  rows matching the filters without limit/offset. Codes: GIS_EINVAL (a filter value of the
 *  wrong type, bad bbox), GIS_EDB, GIS_EBUSY, GIS_ENOMEM, or fn's non-zero return. */
int gis_store_query_run(gis_store *s, const gis_query *q, gis_query_row_fn fn, void *user,
                        int64_t *n_matched, gis_error *err);

/** Extent of a collection (EPSG:4490); *has_extent false when it holds no geometry. */
int gis_store_query_extent(gis_store *s, const gis_query_collection *c, double bbox[4],
                           bool *has_extent, gis_error *err);

/** Earliest and latest date ("YYYY-MM-DD") of a collection with a temporal expression;
 *  *has_time false when it has none or no feature has a date. */
int gis_store_query_time_extent(gis_store *s, const gis_query_collection *c, char from[11],
                                char to[11], bool *has_time, gis_error *err);

#endif
