/*
 * This file implements imp_export_run: records loaded through the gis store modules, turned into
 * text columns named so that importers/fields.c maps them back, and written through GDAL. It
 * does not transform coordinates except where the format requires WGS 84 (KML, by GDAL).
 * Every format is written into a stage (export_stage.h) beside the target: KML, by GDAL's own
 * streaming KML driver, into an unnamed file; the others into a hidden staging directory. The
 * output takes the target's name(s) only after it has been read back complete and synced, so a
 * failed or killed export never leaves a partial file under the target's name.
 */
#include "importers/export.h"

#include <gdal.h>
#include <inttypes.h>
#include <limits.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "gis/crs.h"
#include "gis/records.h"
#include "gis/store_facilities.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"
#include "importers/export_stage.h"
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
    const char *target; /* the output path, as the user gave it, for messages */
    const kind_cols *k;
    GDALDatasetH ds;
    OGRLayerH layer;
    size_t n_cols;
    int idx[MAX_COLS + 2]; /* field index of each column (then lon, lat) in the layer */
    bool csv_points;       /* CSV of points: lon/lat columns instead of a geometry */
    bool kml;              /* KML through GDAL's KML driver */
    bool dxf;              /* DXF: no attribute fields; the first column goes to "Layer" */
    int64_t n;             /* features written */
    gis_error *err;        /* where a callback failure is reported */
} writer;

static const kind_cols *find_kind(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return &KINDS[i];
    return NULL;
}

/* The index of the field just created as name: the last one of that name, since a layer may
 * hold fields of its own first (GDAL's KML driver starts every layer with Name and
 * Description, so column i is not field i) and field names compare without case. */
static int created_field(OGRLayerH layer, const char *name)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    for (int i = OGR_FD_GetFieldCount(d) - 1; i >= 0; i--)
        if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)), name) == 0)
            return i;
    return -1;
}

static int add_field(writer *w, const char *name, int width, size_t slot, gis_error *err)
{
    OGRFieldDefnH f = OGR_Fld_Create(name, OFTString);
    OGR_Fld_SetWidth(f, width);
    OGRErr e = OGR_L_CreateField(w->layer, f, TRUE);
    OGR_Fld_Destroy(f);
    if (e != OGRERR_NONE || (w->idx[slot] = created_field(w->layer, name)) < 0)
        return GIS_ERR(err, GIS_EIO, "cannot create field %s: %s", name, CPLGetLastErrorMsg());
    return GIS_OK;
}

static int add_fields(writer *w, bool shp, gis_error *err)
{
    if (w->dxf)
        return GIS_OK;
    int rc = GIS_OK;
    for (w->n_cols = 0; rc == GIS_OK && w->n_cols < MAX_COLS && w->k->cols[w->n_cols].name;
         w->n_cols++) {
        const col *c = &w->k->cols[w->n_cols];
        rc = add_field(w, shp ? c->short_name : c->name, shp ? 254 : 0, w->n_cols, err);
    }
    for (size_t i = 0; rc == GIS_OK && w->csv_points && i < 2; i++)
        rc = add_field(w, i == 0 ? "lon" : "lat", 0, w->n_cols + i, err);
    return rc;
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

/* KML is written by GDAL's KML driver, not LIBKML: LIBKML builds the whole document in memory
 * and serializes it on close in time quadratic in the number of placemarks (GDAL 3.6 with
 * libkml 1.3: 4,000 points 39 s, 8,000 points 257 s; 20,000 graves not done after 10 min, on
 * a full disk or not). The KML driver streams each placemark as it comes (20,000 graves in
 * about a second), with the name field in <name> and every other field in ExtendedData.
 * "LIBKML" is accepted as another name for the same output. */
static bool is_kml(const char *format)
{
    return strcasecmp(format, "KML") == 0 || strcasecmp(format, "LIBKML") == 0;
}

/* The GDAL driver for opt->format, checked before anything is created. */
static int find_driver(const imp_export_options *opt, GDALDriverH *drv, gis_error *err)
{
    *drv = GDALGetDriverByName(is_kml(opt->format) ? "KML" : opt->format);
    if (*drv == NULL || strcasecmp(opt->format, "MEM") == 0 ||
        GDALGetMetadataItem(*drv, GDAL_DCAP_VECTOR, NULL) == NULL ||
        GDALGetMetadataItem(*drv, GDAL_DCAP_CREATE, NULL) == NULL)
        return GIS_ERR(err, GIS_EINVAL,
                       "unknown format '%s' (GPKG, \"ESRI Shapefile\", GeoJSON, KML, CSV, DXF)",
                       opt->format);
    if (opt->encoding && strcmp(opt->format, "ESRI Shapefile") != 0)
        return GIS_ERR(err, GIS_EINVAL, "--encoding applies to \"ESRI Shapefile\" output only");
    return GIS_OK;
}

/* Opens the output: GDAL writes to path, messages name target (they differ for a staged file). */
static int open_writer(writer *w, GDALDriverH drv, const char *path, const char *target,
                       const imp_export_options *opt, gis_error *err)
{
    bool kml = is_kml(opt->format);
    w->kml = kml;
    bool shp = strcmp(opt->format, "ESRI Shapefile") == 0;
    bool csv = strcmp(opt->format, "CSV") == 0;
    w->csv_points = csv && w->k->geom_type == wkbPoint;
    w->dxf = strcmp(opt->format, "DXF") == 0;
    char **dco = NULL;
    if (kml) {
        dco = CSLSetNameValue(dco, "NameField", kml_name_field(w->k->kind));
        dco = CSLSetNameValue(dco, "DescriptionField", "description");
    }
    CPLErrorReset();
    w->ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, dco);
    CSLDestroy(dco);
    if (w->ds == NULL)
        return GIS_ERR(err, GIS_EIO, "cannot create '%s': %s", target, CPLGetLastErrorMsg());
    char **lco = NULL;
    /* GDAL's Shapefile default is ISO-8859-1 (LDID 87), which turns every Chinese name into
     * "???": write UTF-8 with a .cpg unless the user asks for GBK (older ArcGIS). */
    if (shp)
        lco = CSLSetNameValue(lco, "ENCODING", opt->encoding ? opt->encoding : "UTF-8");
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
        return GIS_ERR(err, GIS_EIO, "cannot create layer %s in '%s': %s", w->k->kind, target,
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
            OGR_F_SetFieldString(f, w->idx[i], vals[i]);
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
            OGR_F_SetFieldString(f, w->idx[w->n_cols], lon);
            OGR_F_SetFieldString(f, w->idx[w->n_cols + 1], lat);
            OGR_G_DestroyGeometry(og);
        } else {
            OGR_F_SetGeometryDirectly(f, og);
        }
    }
    free(wkb);
    if (rc == GIS_OK && OGR_L_CreateFeature(w->layer, f) != OGRERR_NONE)
        rc = GIS_ERR(w->err, GIS_EIO, "cannot write row %" PRId64 " to '%s': %s", w->n + 1,
                     w->target,
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

/* Why the file at path (to become target) came out short: GDAL's stream writers drop the errno
 * of a failed write, so it is inferred from the state left behind. */
static const char *short_write_reason(const char *path, const char *target)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(target, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - target) + 1 : 1, slash ? target : ".");
    struct statvfs fs;
    if (statvfs(dir, &fs) == 0 && (unsigned long long)fs.f_bavail * fs.f_frsize < 64 * 1024)
        return "no space left on the device";
    struct rlimit lim;
    struct stat st;
    if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
        stat(path, &st) == 0 && (unsigned long long)st.st_size >= (unsigned long long)lim.rlim_cur)
        return "file size limit (ulimit -f) reached";
    return "write error";
}

/* Re-reads the finished output at path (target names it in messages): some GDAL writers
 * (GeoJSON, CSV, KML) do not report short writes, so a full disk would otherwise leave a
 * truncated file behind an exit code of 0. */
static int verify_output(const char *path, const char *target, const writer *w, gis_error *err)
{
    if (w->dxf)
        return GIS_OK; /* DXF readers add header entities: counts differ by design */
    /* KML is read back by the driver that wrote it (GDAL would pick LIBKML). This keeps the
     * whole file in memory for the count: about 1 KB a placemark (100,000 graves: 170 MB). */
    const char *const kml_only[] = {"KML", NULL};
    CPLErrorReset();
    GDALDatasetH ds =
        GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, w->kml ? kml_only : NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    GIntBig n = l ? OGR_L_GetFeatureCount(l, TRUE) : -1;
    if (ds)
        GDALClose(ds);
    if (n == w->n)
        return GIS_OK;
    const char *why = short_write_reason(path, target);
    if (n < 0)
        return GIS_ERR(err, GIS_EIO,
                       "cannot write '%s': %s (the written file does not read back); no file "
                       "was left",
                       target, why);
    return GIS_ERR(err, GIS_EIO,
                   "cannot write '%s': %s (%lld of %lld rows read back); no file was left", target,
                   why, (long long)n, (long long)w->n);
}

/* Refuses an output whose name, or for a Shapefile one of its sidecars, exists already: the
 * stage's commit checks every name again, but this spares writing everything to be refused. */
static int check_free(const char *path, const imp_export_options *opt, gis_error *err)
{
    struct stat st;
    if (lstat(path, &st) == 0)
        return GIS_ERR(err, GIS_EEXIST, "'%s' already exists; remove it first", path);
    size_t n = strlen(path);
    if (strcmp(opt->format, "ESRI Shapefile") != 0 || n < 4 ||
        strcasecmp(path + n - 4, ".shp") != 0)
        return GIS_OK;
    /* GDAL names the files of "T.SHP" T.shp, T.shx, T.dbf: the output would not be where the
     * user asked (and on a case-sensitive file system would not read back under that name). */
    if (strcmp(path + n - 4, ".shp") != 0)
        return GIS_ERR(err, GIS_EINVAL,
                       "'%s': give the Shapefile a lower-case .shp extension (GDAL writes its "
                       "files as .shp, .shx and .dbf)",
                       path);
    static const char *const sidecars[] = {".shx", ".dbf", ".prj", ".cpg"};
    for (size_t i = 0; i < sizeof sidecars / sizeof sidecars[0]; i++) {
        char side[PATH_MAX];
        if (snprintf(side, sizeof side, "%.*s%s", (int)(n - 4), path, sidecars[i]) <
                (int)sizeof side &&
            lstat(side, &st) == 0)
            return GIS_ERR(err, GIS_EEXIST, "'%s' already exists; remove it first", side);
    }
    return GIS_OK;
}

int imp_export_run(gis_ctx *ctx, gis_store *s, const char *path, const imp_export_options *opt,
                   int64_t *n_out, gis_error *err)
{
    *n_out = 0;
    writer w = {.ctx = ctx, .target = path, .err = err};
    if ((w.k = find_kind(opt->kind)) == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s' (one of: %s)",
                       opt->kind ? opt->kind : "", imp_fields_kinds());
    if (opt->format == NULL)
        return GIS_ERR(err, GIS_EINVAL, "no output format");
    GDALDriverH drv = NULL;
    int rc = find_driver(opt, &drv, err);
    if (rc == GIS_OK)
        rc = check_free(path, opt, err);
    /* KML (one stream, any name) can be staged as an unnamed file; the others need names. */
    imp_stage stage;
    if (rc == GIS_OK)
        rc = imp_stage_open(&stage, path, is_kml(opt->format), err);
    if (rc != GIS_OK)
        return rc;
    rc = open_writer(&w, drv, stage.write_path, path, opt, err);
    if (rc == GIS_OK)
        rc = write_rows(&w, s, err);
    if (w.ds) {
        CPLErrorReset();
        GDALClose(w.ds); /* flushes: a write error shows in the last error */
        if (CPLGetLastErrorType() >= CE_Failure && rc == GIS_OK)
            rc = GIS_ERR(err, GIS_EIO, "cannot finish '%s': %s", path, CPLGetLastErrorMsg());
    }
    if (rc == GIS_OK)
        rc = verify_output(stage.write_path, path, &w, err);
    if (rc == GIS_OK)
        rc = imp_stage_commit(&stage, err);
    else
        imp_stage_abort(&stage);
    if (rc == GIS_OK)
        *n_out = w.n;
    return rc;
}
