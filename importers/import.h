/*
 * This file declares imp_import_run, the whole of `jiewang import` below the command line: one
 * source layer into one layer kind of a store, in one transaction (issue #3). It reads through
 * imp_ogr_source, maps fields (importers/fields), decides the CRS (importers/crs_detect),
 * transforms to EPSG:4490 and inserts rows (importers/rows). Any error rolls the store back to
 * exactly what it was. It does not print or log: the summary, warnings included, comes back in
 * imp_summary (so that a failed import reports one line only).
 */
#ifndef IMP_IMPORT_H
#define IMP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/ctx.h"
#include "gis/store.h"

/** Progress callback: done features of total (-1 when unknown). */
typedef void (*imp_progress_fn)(void *user, int64_t done, int64_t total);

/** Options of one import; strings borrowed for the call. */
typedef struct imp_options {
    const char *kind;          /* --as: county, townships, villages, boundary_lines, ... */
    const char *layer;         /* --layer, NULL for the only candidate layer */
    const char *srs;           /* --srs (EPSG:n, WKT, PROJ), NULL to use the source's */
    int central_meridian;      /* --central-meridian for 6-digit eastings, 0 unset */
    const char *towgs84;       /* --towgs84 for Xian 1980 / Beijing 1954, NULL unset */
    int axis;                  /* --axis: enum imp_axis */
    const char *encoding;      /* --encoding, NULL for the source's (.cpg) */
    const char *const *fields; /* --field target=source, n_fields of them */
    size_t n_fields;
    bool replace;             /* --replace: drop rows of earlier imports of this file name */
    imp_progress_fn progress; /* may be NULL */
    void *progress_user;      /* borrowed */
} imp_options;

/** What an import did, for the one-line summary. */
typedef struct imp_summary {
    int64_t n_read;         /* features read */
    int64_t n_imported;     /* rows inserted */
    int64_t n_skipped;      /* features skipped (empty geometry), with n_empty */
    int64_t n_empty;        /* features without geometry */
    int64_t n_invalid;      /* invalid polygons kept (validation reports them) */
    int64_t n_replaced;     /* rows deleted by --replace */
    int64_t n_bad_codes;    /* malformed codes kept */
    int64_t n_dup_keys;     /* duplicate codes / numbers kept */
    int64_t n_bad_values;   /* unparsable numbers, booleans, statuses stored as unknown */
    int64_t n_unknown_kind; /* facility kinds stored as "other" */
    int64_t import_id;      /* import_log id */
    int64_t first_empty;    /* index of the first feature without geometry, 0 when none */
    bool crs_warn;          /* crs_note is an assumption the operator should check */
    char driver[64];        /* GDAL driver */
    char layer[256];        /* layer read */
    char crs[160];          /* source CRS as recorded ("EPSG:4525", ...) */
    char crs_note[256];     /* how the CRS was decided */
    char axis_note[256];    /* which column was read as easting, when decided by magnitude */
    char sha256[65];        /* hex digest of the file */
} imp_summary;

/** Imports the file at path into s. Borrows everything. Codes: GIS_ENOTFOUND / GIS_EIO (file),
 *  GIS_ESOURCE (format, layers, fields, wrong geometry for the kind, bad coordinates, no
 *  features, text encoding), GIS_ECRS (CRS), GIS_EINVAL (options), GIS_EEXIST (same file
 *  already imported into this kind, without replace), GIS_EDB / GIS_EBUSY (store, full disk).
 *  On failure nothing is written. */
int imp_import_run(gis_ctx *ctx, gis_store *s, const char *path, const imp_options *opt,
                   imp_summary *out, gis_error *err);

/** Writes the lowercase hex SHA-256 of the file at path into hex (65 bytes). Codes: GIS_EIO. */
int imp_import_sha256(const char *path, char hex[65], gis_error *err);

#endif
