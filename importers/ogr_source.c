/*
 * This file implements imp_ogr_source over the GDAL C API: opening a vector dataset, choosing
 * the layer (DXF: the "Layer" attribute), copying attributes out as UTF-8 and promoting
 * geometries to the wanted shape. It does not repair geometries: invalid polygons are kept and
 * flagged (issue #3: import must not "fix" survey data).
 */
#include "importers/ogr_source.h"

#include <errno.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "importers/encoding.h"

struct imp_ogr_source {
    GDALDatasetH ds;      /* the dataset */
    OGRLayerH layer;      /* borrowed from ds */
    char *path;           /* owned copy */
    char layer_name[256]; /* layer or DXF Layer filter */
    char driver[64];      /* GDAL driver short name */
    imp_encoding *enc;    /* recoder for non-Shapefile text, or NULL */
    size_t n_fields;
    char **names;        /* owned UTF-8 field names */
    const char **values; /* UTF-8 values of the current feature, pointing into text */
    char *text;          /* owned arena holding the current feature's values */
    size_t text_cap;     /* bytes allocated in text */
    size_t *offset;      /* per field: offset into text, or SIZE_MAX when unset */
    int shape;           /* wanted shape */
    bool swap_xy;        /* swap axes of geometries read */
    OGRFeatureH feat;    /* current feature */
    unsigned char *wkb;  /* current WKB */
    size_t wkb_cap;
    int64_t index; /* features read */
};

const char *imp_shape_name(int shape)
{
    switch (shape) {
    case IMP_SHAPE_POINT:
        return "points";
    case IMP_SHAPE_LINE:
        return "lines";
    case IMP_SHAPE_POLYGON:
        return "polygons";
    case IMP_SHAPE_NONE:
        return "no geometry";
    default:
        return "other geometries";
    }
}

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

static int check_file(const char *path, gis_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            return GIS_ERR(err, GIS_ENOTFOUND, "file '%s' does not exist", path);
        char buf[128];
        return GIS_ERR(err, GIS_EIO, "cannot read '%s': %s", path,
                       strerror_r(errno, buf, sizeof buf) == 0 ? buf : "error");
    }
    if (access(path, R_OK) != 0)
        return GIS_ERR(err, GIS_EIO, "cannot read '%s': permission denied", path);
    if (S_ISREG(st.st_mode)) {
        FILE *f = fopen(path, "rb");
        if (f == NULL || (st.st_size > 0 && fgetc(f) == EOF)) {
            if (f)
                fclose(f);
            return GIS_ERR(err, GIS_EIO, "cannot read '%s'", path);
        }
        fclose(f);
    }
    return GIS_OK;
}

/* Lists the layers (or DXF Layer values) of src into buf for messages. */
static void list_layers(imp_ogr_source *src, bool dxf, bool nonempty, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (dxf) {
        OGRLayerH l = GDALDatasetGetLayer(src->ds, 0);
        char *sql = "SELECT DISTINCT Layer FROM entities";
        OGRLayerH r = GDALDatasetExecuteSQL(src->ds, sql, NULL, NULL);
        (void)l;
        OGRFeatureH f;
        while (r && (f = OGR_L_GetNextFeature(r)) != NULL) {
            size_t len = strlen(buf);
            snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", OGR_F_GetFieldAsString(f, 0));
            OGR_F_Destroy(f);
        }
        if (r)
            GDALDatasetReleaseResultSet(src->ds, r);
        return;
    }
    for (int i = 0; i < GDALDatasetGetLayerCount(src->ds); i++) {
        if (nonempty && OGR_L_GetFeatureCount(GDALDatasetGetLayer(src->ds, i), TRUE) <= 0)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%s", len ? ", " : "",
                 OGR_L_GetName(GDALDatasetGetLayer(src->ds, i)));
    }
}

static int count_candidates(imp_ogr_source *src, bool dxf, OGRLayerH *only)
{
    if (dxf) {
        OGRLayerH r =
            GDALDatasetExecuteSQL(src->ds, "SELECT DISTINCT Layer FROM entities", NULL, NULL);
        int n = r ? (int)OGR_L_GetFeatureCount(r, TRUE) : 0;
        if (r)
            GDALDatasetReleaseResultSet(src->ds, r);
        *only = GDALDatasetGetLayer(src->ds, 0);
        return n;
    }
    int n_layers = GDALDatasetGetLayerCount(src->ds), n = 0;
    if (n_layers == 1) {
        *only = GDALDatasetGetLayer(src->ds, 0);
        return 1;
    }
    for (int i = 0; i < n_layers; i++) {
        OGRLayerH l = GDALDatasetGetLayer(src->ds, i);
        if (OGR_L_GetFeatureCount(l, TRUE) > 0) {
            *only = l;
            n++;
        }
    }
    return n;
}

static int choose_layer(imp_ogr_source *src, const char *layer, gis_error *err)
{
    bool dxf = strcmp(src->driver, "DXF") == 0;
    char names[512];
    if (layer && !dxf) {
        src->layer = GDALDatasetGetLayerByName(src->ds, layer);
        if (src->layer == NULL) {
            list_layers(src, false, false, names, sizeof names);
            return GIS_ERR(err, GIS_ENOTFOUND, "%s: no layer '%s' (layers: %s)", src->path, layer,
                           names);
        }
    } else if (layer) {
        src->layer = GDALDatasetGetLayer(src->ds, 0);
        char filter[300];
        snprintf(filter, sizeof filter, "Layer = '%s'", layer);
        if (strchr(layer, '\'') || OGR_L_SetAttributeFilter(src->layer, filter) != OGRERR_NONE ||
            OGR_L_GetFeatureCount(src->layer, TRUE) == 0) {
            list_layers(src, true, false, names, sizeof names);
            return GIS_ERR(err, GIS_ENOTFOUND, "%s: no DXF layer '%s' (layers: %s)", src->path,
                           layer, names);
        }
    } else {
        OGRLayerH only = NULL;
        int n = count_candidates(src, dxf, &only);
        if (n > 1) {
            list_layers(src, dxf, true, names, sizeof names);
            return GIS_ERR(err, GIS_ESOURCE,
                           "%s has %d layers with features; choose one with --layer (%s)",
                           src->path, n, names);
        }
        src->layer = only ? only : GDALDatasetGetLayer(src->ds, 0);
    }
    if (src->layer == NULL)
        return GIS_ERR(err, GIS_ESOURCE, "%s has no layers", src->path);
    snprintf(src->layer_name, sizeof src->layer_name, "%s",
             layer ? layer : OGR_L_GetName(src->layer));
    return GIS_OK;
}

/* Copies s into an owned UTF-8 string, recoding when the source has a foreign encoding. */
static int to_utf8(imp_ogr_source *src, const char *s, char **out, const char *what, gis_error *err)
{
    *out = NULL;
    if (src->enc) {
        const char *u = NULL;
        int rc = imp_encoding_convert(src->enc, s, &u, err);
        if (rc != GIS_OK)
            return gis_err_prefix(err, "%s: %s", src->path, what);
        s = u;
    } else if (!imp_encoding_is_utf8(s)) {
        return GIS_ERR(err, GIS_ESOURCE,
                       "%s: %s is not valid UTF-8 (GBK text read as UTF-8?); give --encoding GBK",
                       src->path, what);
    }
    *out = strdup(s);
    return *out ? GIS_OK : GIS_ERR(err, GIS_ENOMEM, "out of memory");
}

static int load_names(imp_ogr_source *src, gis_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->layer);
    src->n_fields = (size_t)OGR_FD_GetFieldCount(defn);
    src->names = calloc(src->n_fields + 1, sizeof *src->names);
    src->values = calloc(src->n_fields + 1, sizeof *src->values);
    src->offset = calloc(src->n_fields + 1, sizeof *src->offset);
    if (src->names == NULL || src->values == NULL || src->offset == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < src->n_fields; i++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, (int)i));
        int rc = to_utf8(src, name ? name : "", &src->names[i], "a field name", err);
        if (rc != GIS_OK)
            return rc;
    }
    return GIS_OK;
}

static int open_dataset(imp_ogr_source *src, const char *encoding, gis_error *err)
{
    bool dxf = has_ext(src->path, ".dxf");
    /* Shapefile and DXF drivers recode text themselves (.cpg / $DWGCODEPAGE); we override. */
    bool shp = has_ext(src->path, ".shp") || has_ext(src->path, ".dbf") || dxf;
    char enc_opt[64];
    const char *opts[2] = {NULL, NULL};
    if (encoding && shp && !dxf) {
        snprintf(enc_opt, sizeof enc_opt, "ENCODING=%s", encoding);
        opts[0] = enc_opt;
    }
    /* Spreadsheets handed over always have a header row; GDAL's guess misses all-text tables.
     * GDAL 3.6 reads sheets lazily, so the option stays set until the source is closed. */
    if (has_ext(src->path, ".xlsx") || has_ext(src->path, ".ods")) {
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
        CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
    }
    if (encoding && dxf)
        CPLSetThreadLocalConfigOption("DXF_ENCODING", encoding);
    CPLErrorReset();
    src->ds = GDALOpenEx(src->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, opts, NULL);
    if (encoding && dxf)
        CPLSetThreadLocalConfigOption("DXF_ENCODING", NULL);
    if (src->ds == NULL) {
        const char *m = CPLGetLastErrorMsg();
        return GIS_ERR(err, GIS_ESOURCE, "cannot open '%s': unknown or unsupported format%s%s",
                       src->path, m[0] ? ": " : "", m);
    }
    snprintf(src->driver, sizeof src->driver, "%s",
             GDALGetDriverShortName(GDALGetDatasetDriver(src->ds)));
    if (encoding && !shp && strcasecmp(encoding, "UTF-8") != 0 && strcasecmp(encoding, "UTF8") != 0)
        return imp_encoding_new(encoding, &src->enc, err);
    if (encoding && shp) {
        imp_encoding *probe = NULL; /* reject unknown names before GDAL silently ignores them */
        int rc = imp_encoding_new(encoding, &probe, err);
        imp_encoding_free(probe);
        return rc;
    }
    return GIS_OK;
}

int imp_ogr_source_open(const char *path, const char *layer, const char *encoding,
                        imp_ogr_source **out, gis_error *err)
{
    *out = NULL;
    int rc = check_file(path, err);
    if (rc != GIS_OK)
        return rc;
    imp_ogr_source *src = calloc(1, sizeof *src);
    if (src == NULL || (src->path = strdup(path)) == NULL) {
        free(src);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    if ((rc = open_dataset(src, encoding, err)) != GIS_OK ||
        (rc = choose_layer(src, layer, err)) != GIS_OK || (rc = load_names(src, err)) != GIS_OK) {
        imp_ogr_source_close(src);
        return rc;
    }
    OGR_L_ResetReading(src->layer);
    *out = src;
    return GIS_OK;
}

void imp_ogr_source_close(imp_ogr_source *src)
{
    if (src == NULL)
        return;
    for (size_t i = 0; src->names && i < src->n_fields; i++)
        free(src->names[i]);
    free(src->names);
    free(src->values);
    free(src->offset);
    free(src->text);
    if (src->feat)
        OGR_F_Destroy(src->feat);
    if (src->ds)
        GDALClose(src->ds);
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", NULL);
    imp_encoding_free(src->enc);
    free(src->wkb);
    free(src->path);
    free(src);
}

const char *imp_ogr_source_driver(const imp_ogr_source *src)
{
    return src->driver;
}
const char *imp_ogr_source_layer_name(const imp_ogr_source *src)
{
    return src->layer_name;
}
size_t imp_ogr_source_field_count(const imp_ogr_source *src)
{
    return src->n_fields;
}

const char *const *imp_ogr_source_field_names(const imp_ogr_source *src)
{
    return (const char *const *)src->names;
}

bool imp_ogr_source_has_geometry(const imp_ogr_source *src)
{
    return OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(src->layer)) > 0;
}

int64_t imp_ogr_source_feature_count(imp_ogr_source *src)
{
    GIntBig n = OGR_L_GetFeatureCount(src->layer, FALSE);
    return n < 0 ? -1 : (int64_t)n;
}

int imp_ogr_source_srs(imp_ogr_source *src, imp_srs *out, gis_error *err)
{
    return imp_srs_from_handle(OGR_L_GetSpatialRef(src->layer), out, err);
}

void imp_ogr_source_set_shape(imp_ogr_source *src, int shape)
{
    src->shape = shape;
}

void imp_ogr_source_set_swap_xy(imp_ogr_source *src, bool swap)
{
    src->swap_xy = swap;
}

void imp_ogr_source_rewind(imp_ogr_source *src)
{
    OGR_L_ResetReading(src->layer);
    src->index = 0;
}

static int shape_of(OGRGeometryH g)
{
    switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
    case wkbPoint:
    case wkbMultiPoint:
        return IMP_SHAPE_POINT;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
        return IMP_SHAPE_LINE;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbPolyhedralSurface:
    case wkbTIN:
        return IMP_SHAPE_POLYGON;
    default:
        return IMP_SHAPE_OTHER;
    }
}

/* Returns an owned geometry of the wanted shape made from g (cloned), or NULL when g does not
 * have that shape. A closed line counts as a polygon (DXF closed polylines). */
static OGRGeometryH promote(OGRGeometryH g, int have, int want)
{
    OGRGeometryH c = NULL;
    if (want == IMP_SHAPE_POLYGON && have == IMP_SHAPE_LINE &&
        wkbFlatten(OGR_G_GetGeometryType(g)) == wkbLineString && OGR_G_GetPointCount(g) >= 4 &&
        OGR_G_GetX(g, 0) == OGR_G_GetX(g, OGR_G_GetPointCount(g) - 1) &&
        OGR_G_GetY(g, 0) == OGR_G_GetY(g, OGR_G_GetPointCount(g) - 1)) {
        c = OGR_G_ForceTo(OGR_G_Clone(g), wkbPolygon, NULL);
        return c ? OGR_G_ForceToMultiPolygon(c) : NULL;
    }
    if (have != want && want != IMP_SHAPE_NONE)
        return NULL;
    c = OGR_G_Clone(g);
    if (want == IMP_SHAPE_POLYGON)
        return OGR_G_ForceToMultiPolygon(c);
    if (want == IMP_SHAPE_LINE)
        return OGR_G_ForceToMultiLineString(c);
    if (want == IMP_SHAPE_POINT && wkbFlatten(OGR_G_GetGeometryType(c)) == wkbMultiPoint) {
        if (OGR_G_GetGeometryCount(c) != 1) {
            OGR_G_DestroyGeometry(c);
            return NULL;
        }
        OGRGeometryH p = OGR_G_Clone(OGR_G_GetGeometryRef(c, 0));
        OGR_G_DestroyGeometry(c);
        return p;
    }
    return c;
}

static int export_wkb(imp_ogr_source *src, OGRGeometryH g, imp_feature *f, gis_error *err)
{
    OGR_G_FlattenTo2D(g);
    size_t len = (size_t)OGR_G_WkbSize(g);
    if (len > src->wkb_cap) {
        unsigned char *nb = realloc(src->wkb, len);
        if (nb == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory");
        src->wkb = nb;
        src->wkb_cap = len;
    }
    if (OGR_G_ExportToIsoWkb(g, wkbNDR, src->wkb) != OGRERR_NONE)
        return GIS_ERR(err, GIS_ESOURCE, "%s: feature %lld: cannot encode geometry", src->path,
                       (long long)f->index);
    f->wkb = src->wkb;
    f->wkb_len = len;
    return GIS_OK;
}

static int read_geometry(imp_ogr_source *src, imp_feature *f, gis_error *err)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(src->feat);
    f->is_empty = g == NULL || OGR_G_IsEmpty(g);
    f->shape = g ? shape_of(g) : IMP_SHAPE_NONE;
    if (f->is_empty)
        return GIS_OK;
    OGRGeometryH p = promote(g, f->shape, src->shape);
    if (p == NULL)
        return GIS_OK; /* wrong shape: the caller names it */
    if (src->swap_xy)
        OGR_G_SwapXY(p);
    int rc = export_wkb(src, p, f, err);
    OGR_G_DestroyGeometry(p);
    return rc;
}

/* Appends s and its terminating NUL to the value arena at *len. */
static int append_text(imp_ogr_source *src, const char *s, size_t *len, gis_error *err)
{
    size_t n = strlen(s) + 1;
    if (*len + n > src->text_cap) {
        size_t cap = src->text_cap ? src->text_cap : 256;
        while (cap < *len + n)
            cap *= 2;
        char *nt = realloc(src->text, cap);
        if (nt == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory");
        src->text = nt;
        src->text_cap = cap;
    }
    memcpy(src->text + *len, s, n);
    *len += n;
    return GIS_OK;
}

/* Checks or recodes one value; *out points at UTF-8 text valid until the next call. */
static int value_utf8(imp_ogr_source *src, const char *s, const char **out, int64_t index,
                      size_t field, gis_error *err)
{
    *out = s;
    if (src->enc == NULL && imp_encoding_is_utf8(s))
        return GIS_OK;
    char what[320];
    snprintf(what, sizeof what, "feature %lld field '%s'", (long long)index, src->names[field]);
    if (src->enc == NULL)
        return GIS_ERR(err, GIS_ESOURCE,
                       "%s: %s is not valid UTF-8 (GBK text read as UTF-8?); give --encoding GBK",
                       src->path, what);
    int rc = imp_encoding_convert(src->enc, s, out, err);
    return rc == GIS_OK ? GIS_OK : gis_err_prefix(err, "%s: %s", src->path, what);
}

static int read_values(imp_ogr_source *src, imp_feature *f, gis_error *err)
{
    size_t len = 0;
    for (size_t i = 0; i < src->n_fields; i++) {
        src->offset[i] = SIZE_MAX;
        if (!OGR_F_IsFieldSetAndNotNull(src->feat, (int)i))
            continue;
        const char *v = NULL;
        int rc = value_utf8(src, OGR_F_GetFieldAsString(src->feat, (int)i), &v, f->index, i, err);
        src->offset[i] = len;
        if (rc == GIS_OK)
            rc = append_text(src, v, &len, err);
        if (rc != GIS_OK)
            return rc;
    }
    /* Pointers are set only now: the arena may have moved while it grew. */
    for (size_t i = 0; i < src->n_fields; i++)
        src->values[i] = src->offset[i] == SIZE_MAX ? NULL : src->text + src->offset[i];
    f->n_values = src->n_fields;
    f->values = src->values;
    return GIS_OK;
}

int imp_ogr_source_next(imp_ogr_source *src, imp_feature *f, bool *done, gis_error *err)
{
    memset(f, 0, sizeof *f);
    *done = false;
    if (src->feat) {
        OGR_F_Destroy(src->feat);
        src->feat = NULL;
    }
    CPLErrorReset();
    src->feat = OGR_L_GetNextFeature(src->layer);
    if (src->feat == NULL) {
        if (CPLGetLastErrorType() >= CE_Failure)
            return GIS_ERR(err, GIS_ESOURCE, "%s: cannot read feature %lld: %s", src->path,
                           (long long)src->index + 1, CPLGetLastErrorMsg());
        *done = true;
        return GIS_OK;
    }
    f->index = ++src->index;
    int rc = read_values(src, f, err);
    if (rc == GIS_OK)
        rc = read_geometry(src, f, err);
    return rc;
}
