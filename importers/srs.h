/*
 * This file declares how the importers resolve a CRS through GDAL's OSR: from the operator's
 * text (--srs EPSG:n, WKT, PROJ) or from a source layer, into the description
 * importers/crs_detect.h decides on (EPSG code, legacy datum, definitions). Legacy means the
 * Xian 1980 or Beijing 1954 datum (DOMAIN.md CRS-06/07).
 */
#ifndef IMP_SRS_H
#define IMP_SRS_H

#include "importers/crs_detect.h"

/** A resolved CRS; info's strings point into the owned members. Clear with imp_srs_clear(). */
typedef struct imp_srs {
    imp_crs_info info; /* what crs_detect reads */
    char *def;         /* owned: "EPSG:n" or WKT2 */
    char *proj4;       /* owned: PROJ.4 form or NULL */
    char *name;        /* owned: CRS name or NULL */
} imp_srs;

/** Resolves text (EPSG:n, WKT, PROJ string) into out. Codes: GIS_ECRS (unknown CRS), the
 *  message names the text. */
int imp_srs_from_text(const char *text, imp_srs *out, gis_error *err);

/** Resolves an OGRSpatialReferenceH (passed as void * so that callers need not include GDAL;
 *  borrowed) into out; NULL gives info.present = false. Codes: GIS_ENOMEM. */
int imp_srs_from_handle(void *handle, imp_srs *out, gis_error *err);

/** Frees the owned members and zeroes out. */
void imp_srs_clear(imp_srs *s);

#endif
