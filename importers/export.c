/*
 * This file implements imp_export_run: records loaded through the gis store modules, turned into
 * text columns named so that importers/fields.c maps them back, and written through GDAL. It
 * does not transform coordinates except where the format requires WGS 84 (KML, by GDAL).
 */
#include "importers/export.h"

#include <gdal.h>
#include <inttypes.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "gis/crs.h"
#include "gis/records.h"
#include "gis/store_facilities.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"
#include "importers/fields.h"

#define MAX_COLS 10

/* Column names: full, and the short Shapefile name (10 bytes) that is also an import alias. */
typedef struct col {
    const char *name, *short_name;
} col;

typedef struct kind_cols {
    const char *kind;
    int geom_type; /* OGRwkbGeometryType */
    col cols[MAX_COLS];
} kind_cols;

#define UNIT_COLS                                                                                  \
    wkbMultiPolygon,                                                                               \
    {                                                                                              \
        {"code", "code"}, {"name", "name"}, {"parent_code", "parent"}, {"kind", "kind"},           \
            {"population", "population"},                                                          \
        {                                                                                          \
            "older_population", "older_pop"                                                        \
        }                                                                                          \
    }

static const kind_cols KINDS[] = {
    {"county", UNIT_COLS},
    {"townships", UNIT_COLS},
    {"villages", UNIT_COLS},
    {"boundary_lines",
     wkbMultiLineString,
     {{"line_code", "line_code"},
      {"left_code", "left_code"},
      {"right_code", "right_code"},
      {"surveyed_by", "surveyed"},
      {"inspected_on", "inspected"}}},
    {"markers", wkbPoint, {{"number", "number"}, {"type", "type"}, {"line_code", "line_code"}}},
    {"cemeteries",
     wkbPoint,
     {{"name", "name"},
      {"village_code", "village"},
      {"serves_codes", "serves"},
      {"capacity", "capacity"},
      {"used", "used"},
      {"approval_no", "approval"}}},
    {"facilities",
     wkbPoint,
     {{"kind", "kind"},
      {"name", "name"},
      {"village_code", "village"},
      {"serves_codes", "serves"},
      {"capacity", "capacity"},
      {"used", "used"},
      {"beds", "beds"},
      {"approval_no", "approval"}}},
    {"no_burial_zones",
     wkbMultiPolygon,
     {{"name", "name"},
      {"reason", "reason"},
      {"legal_basis", "basis"},
      {"effective_date", "eff_date"}}},
    {"graves",
     wkbPoint,
     {{"owner", "owner"},
      {"village_code", "village"},
      {"protected", "protected"},
      {"status", "status"},
      {"built_date", "built"}}},
};

typedef struct writer {
    gis_ctx *ctx;
    const kind_cols *k;
    GDALDatasetH ds;
    OGRLayerH layer;
    size_t n_cols;
    bool csv_points; /* CSV of points: lon/lat columns instead of a geometry */
    bool kml;        /* KML through LIBKML */
    bool dxf;        /* DXF: no attribute fields; the first column goes to "Layer" */
    int64_t n;       /* features written */
    gis_error *err;  /* where a callback failure is reported */
} writer;

static const kind_cols *find_kind(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return &KINDS[i];
    return NULL;
}

static int add_fields(writer *w, bool shp, gis_error *err)
{
    if (w->dxf)
        return GIS_OK;
    for (w->n_cols = 0; w->n_cols < MAX_COLS && w->k->cols[w->n_cols].name; w->n_cols++) {
        const col *c = &w->k->cols[w->n_cols];
        OGRFieldDefnH f = OGR_Fld_Create(shp ? c->short_name : c->name, OFTString);
        OGR_Fld_SetWidth(f, shp ? 254 : 0);
        OGRErr e = OGR_L_CreateField(w->layer, f, TRUE);
        OGR_Fld_Destroy(f);
        if (e != OGRERR_NONE)
            return GIS_ERR(err, GIS_EIO, "cannot create field %s: %s", c->name,
                           CPLGetLastErrorMsg());
    }
    for (int i = 0; w->csv_points && i < 2; i++) {
        OGRFieldDefnH f = OGR_Fld_Create(i == 0 ? "lon" : "lat", OFTString);
        OGR_L_CreateField(w->layer, f, TRUE);
        OGR_Fld_Destroy(f);
    }
    return GIS_OK;
}

/* The column a KML placemark shows as its name. */
static const char *kml_name_field(const char *kind)
{
    if (strcmp(kind, "markers") == 0)
        return "number";
    if (strcmp(kind, "boundary_lines") == 0)
        return "line_code";
    if (strcmp(kind, "graves") == 0)
        return "owner";
    return "name";
}

static int open_writer(writer *w, const char *path, const imp_export_options *opt, gis_error *err)
{
    bool kml = strcasecmp(opt->format, "KML") == 0 || strcasecmp(opt->format, "LIBKML") == 0;
    /* LIBKML keeps every field as ExtendedData (the old KML driver mixes them up) but cannot
     * write invalid polygons: write_feature refuses those rather than drop them. */
    GDALDriverH drv = GDALGetDriverByName(kml ? "LIBKML" : opt->format);
    w->kml = kml;
    if (kml) {
        CPLSetThreadLocalConfigOption("LIBKML_NAME_FIELD", kml_name_field(w->k->kind));
        CPLSetThreadLocalConfigOption("LIBKML_DESCRIPTION_FIELD", "description");
    }
    if (drv == NULL || strcasecmp(opt->format, "MEM") == 0 ||
        GDALGetMetadataItem(drv, GDAL_DCAP_VECTOR, NULL) == NULL ||
        GDALGetMetadataItem(drv, GDAL_DCAP_CREATE, NULL) == NULL)
        return GIS_ERR(err, GIS_EINVAL,
                       "unknown format '%s' (GPKG, \"ESRI Shapefile\", GeoJSON, KML, CSV, DXF)",
                       opt->format);
    bool shp = strcmp(opt->format, "ESRI Shapefile") == 0;
    bool csv = strcmp(opt->format, "CSV") == 0;
    w->csv_points = csv && w->k->geom_type == wkbPoint;
    w->dxf = strcmp(opt->format, "DXF") == 0;
    if (opt->encoding && !shp)
        return GIS_ERR(err, GIS_EINVAL, "--encoding applies to \"ESRI Shapefile\" output only");
    CPLErrorReset();
    w->ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (w->ds == NULL)
        return GIS_ERR(err, GIS_EIO, "cannot create '%s': %s", path, CPLGetLastErrorMsg());
    char **lco = NULL;
    if (shp && opt->encoding)
        lco = CSLSetNameValue(lco, "ENCODING", opt->encoding);
    if (csv && !w->csv_points)
        lco = CSLSetNameValue(lco, "GEOMETRY", "AS_WKT");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, GIS_CRS_STORE_SRID);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    w->layer = GDALDatasetCreateLayer(w->ds, w->k->kind, w->csv_points ? NULL : srs,
                                      w->csv_points ? wkbNone : w->k->geom_type, lco);
    OSRRelease(srs);
    CSLDestroy(lco);
    if (w->layer == NULL)
        return GIS_ERR(err, GIS_EIO, "cannot create layer %s in '%s': %s", w->k->kind, path,
                       CPLGetLastErrorMsg());
    return add_fields(w, shp, err);
}

static bool is_valid(OGRGeometryH g)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    bool ok = OGR_G_IsValid(g) != 0;
    CPLPopErrorHandler();
    return ok;
}

static int write_feature(writer *w, const char *const *vals, const gis_geom *g)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));
    for (size_t i = 0; i < w->n_cols; i++)
        if (vals[i])
            OGR_F_SetFieldString(f, (int)i, vals[i]);
    if (w->dxf && vals[0])
        OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "Layer"), vals[0]);
    unsigned char *wkb = NULL;
    size_t len = 0;
    int rc = GIS_OK;
    if (g && (rc = gis_geom_to_wkb(w->ctx, g, &wkb, &len, w->err)) == GIS_OK) {
        OGRGeometryH og = NULL;
        if (OGR_G_CreateFromWkb(wkb, NULL, &og, (int)len) != OGRERR_NONE) {
            rc = GIS_ERR(w->err, GIS_EGEOM, "cannot convert geometry of row %" PRId64, w->n + 1);
        } else if (w->kml && w->k->geom_type == wkbMultiPolygon && !is_valid(og)) {
            rc = GIS_ERR(w->err, GIS_EGEOM,
                         "row %" PRId64 " (%s) is an invalid polygon, which KML cannot hold; "
                         "export it as GPKG or Shapefile",
                         w->n + 1, vals[0] ? vals[0] : "?");
            OGR_G_DestroyGeometry(og);
        } else if (w->csv_points) {
            char lon[32], lat[32];
            snprintf(lon, sizeof lon, "%.9f", OGR_G_GetX(og, 0));
            snprintf(lat, sizeof lat, "%.9f", OGR_G_GetY(og, 0));
            OGR_F_SetFieldString(f, (int)w->n_cols, lon);
            OGR_F_SetFieldString(f, (int)w->n_cols + 1, lat);
            OGR_G_DestroyGeometry(og);
        } else {
            OGR_F_SetGeometryDirectly(f, og);
        }
    }
    free(wkb);
    if (rc == GIS_OK && OGR_L_CreateFeature(w->layer, f) != OGRERR_NONE)
        rc = GIS_ERR(w->err, GIS_EIO, "cannot write row %" PRId64 ": %s", w->n + 1,
                     CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "write failed (disk full?)");
    OGR_F_Destroy(f);
    w->n += rc == GIS_OK;
    return rc;
}

static const char *num(int64_t v, char *buf)
{
    if (v < 0)
        return NULL;
    snprintf(buf, 24, "%" PRId64, v);
    return buf;
}

static int write_units(writer *w, gis_store *s, gis_error *err)
{
    const char *level = strcmp(w->k->kind, "county") == 0      ? "county"
                        : strcmp(w->k->kind, "townships") == 0 ? "township"
                                                               : "village";
    gis_unit *a = NULL;
    size_t n = 0;
    int rc = gis_store_units_load(w->ctx, s, level, &a, &n, err);
    for (size_t i = 0; rc == GIS_OK && i < n; i++) {
        char b1[24], b2[24];
        const char *v[] = {a[i].code,
                           a[i].name,
                           a[i].parent_code,
                           a[i].kind,
                           num(a[i].population, b1),
                           num(a[i].older_population, b2)};
        rc = write_feature(w, v, a[i].geom);
    }
    gis_unit_array_free(w->ctx, a, n);
    return rc;
}

static int write_lines(writer *w, gis_store *s, gis_error *err)
{
    gis_boundary_line *a = NULL;
    size_t n = 0;
    int rc = gis_store_lines_load(w->ctx, s, &a, &n, err);
    for (size_t i = 0; rc == GIS_OK && i < n; i++) {
        const char *v[] = {a[i].line_code, a[i].left_code, a[i].right_code, a[i].surveyed_by,
                           a[i].inspected_on};
        rc = write_feature(w, v, a[i].geom);
    }
    gis_boundary_line_array_free(w->ctx, a, n);
    return rc;
}

static int write_markers(writer *w, gis_store *s, gis_error *err)
{
    gis_marker *a = NULL;
    size_t n = 0;
    int rc = gis_store_markers_load(w->ctx, s, &a, &n, err);
    for (size_t i = 0; rc == GIS_OK && i < n; i++) {
        const char *v[] = {a[i].number, a[i].type, a[i].line_code};
        rc = write_feature(w, v, a[i].geom);
    }
    gis_marker_array_free(w->ctx, a, n);
    return rc;
}

static int write_facilities(writer *w, gis_store *s, gis_error *err)
{
    bool cemeteries = strcmp(w->k->kind, "cemeteries") == 0;
    gis_facility *a = NULL;
    size_t n = 0;
    int rc =
        gis_store_facilities_load(w->ctx, s, cemeteries ? "public_cemetery" : NULL, &a, &n, err);
    for (size_t i = 0; rc == GIS_OK && i < n; i++) {
        gis_facility *f = &a[i];
        char b1[24], b2[24], b3[24];
        if (cemeteries) {
            const char *v[] = {f->name,          f->village_code,
                               f->serves_codes,  num(f->capacity, b1),
                               num(f->used, b2), f->approval_no};
            rc = write_feature(w, v, f->geom);
        } else if (strcmp(f->kind, "public_cemetery") != 0) {
            const char *v[] = {f->kind,
                               f->name,
                               f->village_code,
                               f->serves_codes,
                               num(f->capacity, b1),
                               num(f->used, b2),
                               num(f->beds, b3),
                               f->approval_no};
            rc = write_feature(w, v, f->geom);
        }
    }
    gis_facility_array_free(w->ctx, a, n);
    return rc;
}

static int write_zones(writer *w, gis_store *s, gis_error *err)
{
    gis_zone *a = NULL;
    size_t n = 0;
    int rc = gis_store_zones_load(w->ctx, s, &a, &n, err);
    for (size_t i = 0; rc == GIS_OK && i < n; i++) {
        const char *v[] = {a[i].name, a[i].reason, a[i].legal_basis, a[i].effective_date};
        rc = write_feature(w, v, a[i].geom);
    }
    gis_zone_array_free(w->ctx, a, n);
    return rc;
}

static int grave_cb(void *user, const gis_grave *g)
{
    writer *w = user;
    const char *v[] = {g->owner, g->village_code, g->is_protected ? "1" : "0", g->status,
                       g->built_date};
    return write_feature(w, v, g->geom);
}

static int write_rows(writer *w, gis_store *s, gis_error *err)
{
    const char *k = w->k->kind;
    if (strcmp(k, "boundary_lines") == 0)
        return write_lines(w, s, err);
    if (strcmp(k, "markers") == 0)
        return write_markers(w, s, err);
    if (strcmp(k, "cemeteries") == 0 || strcmp(k, "facilities") == 0)
        return write_facilities(w, s, err);
    if (strcmp(k, "no_burial_zones") == 0)
        return write_zones(w, s, err);
    if (strcmp(k, "graves") == 0)
        return gis_store_graves_each(w->ctx, s, grave_cb, w, err);
    return write_units(w, s, err);
}

/* Re-reads the finished output: some GDAL writers (GeoJSON, CSV) do not report short writes,
 * so a full disk would otherwise leave a truncated file behind an exit code of 0. */
static int verify_output(const char *path, const writer *w, gis_error *err)
{
    if (w->dxf)
        return GIS_OK; /* DXF readers add header entities: counts differ by design */
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    GIntBig n = l ? OGR_L_GetFeatureCount(l, TRUE) : -1;
    if (ds)
        GDALClose(ds);
    if (n != w->n)
        return GIS_ERR(err, GIS_EIO,
                       "'%s' is incomplete after writing (%lld of %lld rows readable): disk full "
                       "or write error",
                       path, (long long)n, (long long)w->n);
    return GIS_OK;
}

/* Removes what GDAL created at path: the file, or a Shapefile's sidecars. */
static void remove_output(const char *path)
{
    GDALDriverH shp = GDALGetDriverByName("ESRI Shapefile");
    if (shp && strlen(path) > 4 && strcasecmp(path + strlen(path) - 4, ".shp") == 0) {
        GDALDeleteDataset(shp, path);
        return;
    }
    unlink(path);
}

int imp_export_run(gis_ctx *ctx, gis_store *s, const char *path, const imp_export_options *opt,
                   int64_t *n_out, gis_error *err)
{
    *n_out = 0;
    writer w = {.ctx = ctx, .err = err};
    if ((w.k = find_kind(opt->kind)) == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s' (one of: %s)",
                       opt->kind ? opt->kind : "", imp_fields_kinds());
    if (opt->format == NULL)
        return GIS_ERR(err, GIS_EINVAL, "no output format");
    struct stat st;
    if (stat(path, &st) == 0)
        return GIS_ERR(err, GIS_EEXIST, "'%s' already exists; remove it first", path);
    int rc = open_writer(&w, path, opt, err);
    if (rc == GIS_OK)
        rc = write_rows(&w, s, err);
    if (w.ds) {
        CPLErrorReset();
        GDALClose(w.ds); /* flushes: a write error shows in the last error */
        if (CPLGetLastErrorType() >= CE_Failure && rc == GIS_OK)
            rc = GIS_ERR(err, GIS_EIO, "cannot finish '%s': %s", path, CPLGetLastErrorMsg());
    }
    if (rc == GIS_OK)
        rc = verify_output(path, &w, err);
    CPLSetThreadLocalConfigOption("LIBKML_NAME_FIELD", NULL);
    CPLSetThreadLocalConfigOption("LIBKML_DESCRIPTION_FIELD", NULL);
    if (rc != GIS_OK && w.ds)
        remove_output(path);
    if (rc == GIS_OK)
        *n_out = w.n;
    return rc;
}
