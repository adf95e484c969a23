/*
 * This file declares the record types the store holds: administrative units, boundary lines,
 * boundary markers, facilities, no-burial zones and graves. Strings are owned (malloc) and may
 * be NULL when unknown; geometries are owned gis_geom in EPSG:4490 and may be NULL.
 * Integer fields use -1 for unknown. Free arrays with the matching *_array_free().
 */
#ifndef GIS_RECORDS_H
#define GIS_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/geom.h"

/** County, township-level or village-level unit (DOMAIN.md CODE-01..04). */
typedef struct gis_unit {
    int64_t id;               /* row id (0 before insert) */
    char *code;               /* statistical code: 6, 9 or 12 digits */
    char *name;               /* standard name */
    char *level;              /* "county" | "township" | "village" */
    char *parent_code;        /* code of the parent unit */
    char *kind;               /* 县/镇/乡/街道/林场/村委会/社区居委会, may be NULL */
    int64_t population;       /* residents, -1 unknown */
    int64_t older_population; /* residents aged 60+, -1 unknown */
    gis_geom *geom;           /* (multi)polygon or NULL */
} gis_unit;

/** Boundary line (界线) between two units. */
typedef struct gis_boundary_line {
    int64_t id;
    char *line_code;    /* line identifier, e.g. "420625100-420625101" */
    char *left_code;    /* unit on one side */
    char *right_code;   /* unit on the other side */
    char *surveyed_by;  /* code of the surveying side, may be NULL */
    char *inspected_on; /* ISO date of the last joint inspection, may be NULL */
    gis_geom *geom;     /* (multi)linestring */
} gis_boundary_line;

/** Boundary marker (界桩), DOMAIN.md BND-02/03. */
typedef struct gis_marker {
    int64_t id;
    char *number;    /* marker number, e.g. "GC01003Q" */
    char *type;      /* Q, A/B, C/D/E or NULL */
    char *line_code; /* line the marker belongs to, may be NULL */
    gis_geom *geom;  /* point */
} gis_marker;

/** Facility kinds, stored as the strings of gis_facility_kind_name(). */
enum gis_facility_kind {
    GIS_FAC_PUBLIC_CEMETERY,     /* 公益性公墓 */
    GIS_FAC_FUNERAL_HOME,        /* 殡仪馆 */
    GIS_FAC_WELFARE_HOME,        /* 敬老院/福利院 */
    GIS_FAC_ELDERLY_CARE_CENTRE, /* 综合养老服务中心 */
    GIS_FAC_HAPPINESS_HOME,      /* 幸福院/互助照料中心 (DOMAIN.md ELD-06) */
    GIS_FAC_CHILD_CENTRE,        /* 儿童之家 */
    GIS_FAC_OTHER,
    GIS_FAC_COUNT
};

/** Returns the stored name ("public_cemetery", …) or NULL for an out-of-range kind. */
const char *gis_facility_kind_name(int kind);

/** Returns the Chinese label (公益性公墓, …) or NULL. */
const char *gis_facility_kind_label_zh(int kind);

/** Parses a stored name or Chinese label; returns the kind or -1. */
int gis_facility_kind_parse(const char *s);

/** Public cemetery, funeral home, elderly-care facility, ... */
typedef struct gis_facility {
    int64_t id;
    char *kind;         /* gis_facility_kind_name() */
    char *name;
    char *village_code; /* unit it stands in */
    char *serves_codes; /* comma-separated village codes served (联村共建), may be NULL */
    int64_t capacity;   /* plots or beds, -1 unknown */
    int64_t used;       /* -1 unknown */
    int64_t beds;       /* -1 unknown */
    char *approval_no;  /* may be NULL */
    gis_geom *geom;     /* point */
    gis_geom *footprint; /* (multi)polygon or NULL */
} gis_facility;

/** No-burial zone (禁葬区), DOMAIN.md BUR-01/09. */
typedef struct gis_zone {
    int64_t id;
    char *name;
    char *reason;         /* county_seat, reservoir, highway, railway, water_source, ... */
    char *legal_basis;    /* notice number, may be NULL */
    char *effective_date; /* ISO date, may be NULL */
    gis_geom *geom;       /* (multi)polygon */
} gis_zone;

/** Scattered grave (散埋乱葬). Restricted data. */
typedef struct gis_grave {
    int64_t id;
    char *owner;        /* may be NULL */
    char *village_code; /* may be NULL */
    bool is_protected;  /* 文物/受保护 (BUR-01 exception) */
    char *status;       /* identified | notified | moved | deep_buried | exempt */
    char *built_date;   /* ISO date or NULL */
    gis_geom *geom;     /* point */
} gis_grave;

void gis_unit_array_free(gis_ctx *ctx, gis_unit *a, size_t n);
void gis_boundary_line_array_free(gis_ctx *ctx, gis_boundary_line *a, size_t n);
void gis_marker_array_free(gis_ctx *ctx, gis_marker *a, size_t n);
void gis_facility_array_free(gis_ctx *ctx, gis_facility *a, size_t n);
void gis_zone_array_free(gis_ctx *ctx, gis_zone *a, size_t n);
void gis_grave_array_free(gis_ctx *ctx, gis_grave *a, size_t n);

/** Frees the owned members of one record (not the record itself). */
void gis_unit_clear(gis_ctx *ctx, gis_unit *u);
void gis_grave_clear(gis_ctx *ctx, gis_grave *g);

#endif
