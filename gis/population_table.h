/*
 * This file declares the population table the coverage analysis may take instead of the
 * admin_unit attributes (issue #5: "population per village from an attribute or an imported
 * table"): a CSV file with a header row naming a `code` column, a `population` column and
 * optionally an `older_population` column (residents aged 60+, DOMAIN.md ELD-04). UTF-8, an
 * optional BOM, comma-separated, no quoted commas. It does not touch the store.
 */
#ifndef GIS_POPULATION_TABLE_H
#define GIS_POPULATION_TABLE_H

#include <stddef.h>

#include "gis/records.h"

/** Overrides population (and older_population when the column exists) of the units whose code
 *  appears in the CSV file at path; empty cells leave the unit's value. Borrows units (modified
 *  in place). *n_applied (may be NULL) receives the number of units updated. Codes: GIS_EIO
 *  (unreadable), GIS_EINVAL (no code or population column, a value that is not a
 *  non-negative integer; the message names the line). */
int gis_population_table_apply(const char *path, gis_unit *units, size_t n_units, size_t *n_applied,
                               gis_error *err);

#endif
