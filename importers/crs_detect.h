/*
 * This file declares the CRS decision of an import (issue #3, DOMAIN.md CRS-01..07): from the
 * source's declared CRS, the operator's options and the magnitudes of the coordinates, which
 * CRS the coordinates are in and which of the two read coordinates is the easting. Pure
 * arithmetic on numbers and strings: no GDAL, no PROJ (the caller describes CRSs it resolved).
 */
#ifndef IMP_CRS_DETECT_H
#define IMP_CRS_DETECT_H

#include <stdbool.h>

#include "gis/error.h"

/** Axis order the operator gave with --axis. */
enum imp_axis { IMP_AXIS_AUTO = 0, IMP_AXIS_EN = 1, IMP_AXIS_NE = 2 };

/** Where the two coordinates came from. */
enum imp_coords {
    IMP_COORDS_GEOMETRY, /* a geometry column: x first (GIS files) */
    IMP_COORDS_LONLAT,   /* columns named lon/lat (经度/纬度) */
    IMP_COORDS_EN,       /* columns named easting/northing (东坐标/北坐标) */
    IMP_COORDS_XY,       /* columns named X/Y: Chinese tables put the northing in X (CRS-05) */
};

/** A CRS as the caller resolved it. Borrowed strings. */
typedef struct imp_crs_info {
    bool present;      /* false: no CRS known */
    int epsg;          /* EPSG code, 0 when not identified */
    bool legacy;       /* Xian 1980 or Beijing 1954 datum (CRS-06/07) */
    bool geographic;   /* degrees */
    const char *def;   /* definition PROJ accepts (EPSG:n or WKT), may be NULL */
    const char *proj4; /* PROJ.4 string, for adding +towgs84, may be NULL */
    const char *name;  /* human name, may be NULL */
} imp_crs_info;

/** Inputs of the decision. */
typedef struct imp_crs_input {
    imp_crs_info given;    /* from --srs (wins over declared) */
    imp_crs_info declared; /* from the source (.prj, embedded) */
    int central_meridian;  /* --central-meridian, 0 when unset */
    const char *towgs84;   /* --towgs84 "dx,dy,dz[,rx,ry,rz,ds]", NULL when unset */
    int axis;              /* enum imp_axis */
    int coords;            /* enum imp_coords */
    bool has_extent;       /* extent below is known */
    double extent[4];      /* min a, min b, max a, max b of the coordinates as read */
} imp_crs_input;

/** The decision. */
typedef struct imp_crs_decision {
    char crs[1024];    /* source CRS for PROJ: "EPSG:n", WKT or PROJ string */
    int epsg;          /* EPSG code when known, else 0 */
    bool swap;         /* swap the two read coordinates so that x = easting / longitude */
    bool is_store_crs; /* already EPSG:4490: no transform needed */
    bool warn;         /* note is a warning (CRS assumed) */
    char note[256];    /* how the CRS and axes were decided, for the summary and the log */
} imp_crs_decision;

/** Decides. Codes: GIS_ECRS (legacy CRS without --towgs84, 6-digit eastings without zone,
 *  mixed zones, unrecognisable magnitudes), GIS_EINVAL (ambiguous axes without --axis, bad
 *  --central-meridian or --towgs84). Messages say which option resolves them. */
int imp_crs_detect(const imp_crs_input *in, imp_crs_decision *out, gis_error *err);

/** Class of a coordinate range by magnitude (CRS-05). */
enum imp_magnitude {
    IMP_MAG_OTHER,    /* none of the below */
    IMP_MAG_DEGREES,  /* |v| <= 180 */
    IMP_MAG_EASTING6, /* 100,000..999,999: easting without zone prefix */
    IMP_MAG_NORTHING, /* 1,000,000..9,999,999: a northing in China */
    IMP_MAG_EASTING8, /* 13,000,000..45,999,999 in one zone: easting with zone prefix */
};

/** Classifies the range [lo, hi]. */
int imp_crs_magnitude(double lo, double hi);

#endif
