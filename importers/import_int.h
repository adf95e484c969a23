/*
 * Internals of imp_import_run shared by importers/import.c (the transaction and feature loop)
 * and importers/import_prepare.c (opening, field mapping, CRS decision). Not a public header.
 */
#ifndef IMP_IMPORT_INT_H
#define IMP_IMPORT_INT_H

#include "gis/crs.h"
#include "importers/coords.h"
#include "importers/crs_detect.h"
#include "importers/fields.h"
#include "importers/import.h"
#include "importers/ogr_source.h"
#include "importers/rows.h"

/* China in CGCS2000 degrees, with a margin: coordinates outside are refused. */
#define IMP_LON_MIN 70.0
#define IMP_LON_MAX 140.0
#define IMP_LAT_MIN 0.0
#define IMP_LAT_MAX 60.0

/* Features sampled to judge coordinate magnitudes (CRS-05). */
#define IMP_SAMPLE 1000

typedef struct imp_job {
    gis_ctx *ctx;           /* borrowed */
    gis_store *store;       /* borrowed */
    const char *path;       /* borrowed */
    const char *file;       /* base name of path, borrowed from path */
    const imp_options *opt; /* borrowed */
    imp_summary *sum;       /* borrowed */
    imp_ogr_source *src;    /* owned */
    imp_field_map map;      /* resolved fields */
    bool table;             /* coordinates come from columns */
    bool csv;               /* name lines rather than features in messages */
    imp_coord_cols cols;    /* coordinate columns when table */
    int shape;              /* enum imp_shape the kind expects */
    imp_crs_decision crs;   /* CRS decision */
    gis_crs_transform *tf;  /* owned, NULL when already EPSG:4490 */
    imp_rows *rows;         /* owned */
    int text_field[2];      /* source indexes of name-like fields checked for mojibake */
} imp_job;

/** Opens the source, maps fields, chooses geometry or columns, decides the CRS. */
int imp_job_prepare(imp_job *job, gis_error *err);

/** Frees what the job owns. */
void imp_job_clear(imp_job *job);

/** Parses the coordinate columns of a table feature into ab (as read, not swapped); *empty
 *  when both cells are empty. Codes: GIS_ESOURCE naming the line and field. */
int imp_job_coords(const imp_job *job, const imp_feature *f, double ab[2], bool *empty,
                   gis_error *err);

/** "line N" for CSV sources, "feature N" otherwise, into buf. */
const char *imp_job_where(const imp_job *job, int64_t index, char *buf, size_t cap);

#endif
