/*
 * This file declares the QC report (质检报告) of `jiewang validate --report FILE`: one
 * self-contained HTML page (no external resources) with the run's parameters, counts per rule,
 * a table of findings with their Chinese messages and measures, and a small inline SVG map per
 * finding showing the problem geometry over the surrounding unit boundaries. Accepted
 * exceptions are listed in their own section with their reasons. It does not compute findings.
 */
#ifndef TILES_QC_REPORT_H
#define TILES_QC_REPORT_H

#include <jansson.h>
#include <stddef.h>

#include "gis/findings.h"
#include "gis/records.h"

/** What the report shows besides the findings. All borrowed; must outlive the call. */
typedef struct tile_qc_report_info {
    const char *title;   /* e.g. "谷城县乡级行政区域界线质检报告"; NULL: a default */
    const char *db_path; /* the store checked, shown verbatim (escaped) */
    const json_t *doc;   /* the JSON report of gis_findings_to_json() (rules, summary) */
    const gis_unit *units; /* unit boundaries drawn behind each finding, may be NULL */
    size_t n_units;
    size_t max_maps; /* at most this many findings get a map (0: 500) */
} tile_qc_report_info;

/** Renders the report as UTF-8 HTML. Borrows l and info. Returns an owned NUL-terminated
 *  string in *out; free with free(). Codes: GIS_EINVAL (no doc), GIS_ENOMEM, GIS_EGEOM. */
int tile_qc_report_html(gis_ctx *ctx, const gis_finding_list *l, const tile_qc_report_info *info,
                        char **out, gis_error *err);

/** Renders the report into the file at path (replaced). Codes: as tile_qc_report_html(), and
 *  GIS_EIO when the file cannot be written. */
int tile_qc_report_write(gis_ctx *ctx, const gis_finding_list *l, const tile_qc_report_info *info,
                         const char *path, gis_error *err);

#endif
