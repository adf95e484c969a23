/*
 * This file implements reading the demo's real source files with GDAL/OGR. It does no
 * validation beyond what the demo generator needs (columns present, codes non-empty).
 */
#include "importers/demo_source.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom.h"

int imp_demo_read_outline(gis_ctx *ctx, const char *path, gis_geom **out, gis_error *err)
{
    *out = NULL;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (ds == NULL)
        return GIS_ERR(err, GIS_ESOURCE, "cannot open outline '%s': %s", path, CPLGetLastErrorMsg());
    int rc = GIS_ERR(err, GIS_ESOURCE, "'%s' holds no polygon feature", path);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f = NULL;
    while (layer && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
        if (t == wkbPolygon || t == wkbMultiPolygon) {
            int len = OGR_G_WkbSize(g);
            unsigned char *wkb = malloc((size_t)len);
            if (wkb == NULL) {
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
            } else {
                OGR_G_ExportToIsoWkb(g, wkbNDR, wkb);
                gis_err_clear(err);
                rc = gis_geom_from_wkb(ctx, wkb, (size_t)len, out, err);
                free(wkb);
            }
            OGR_F_Destroy(f);
            break;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return rc;
}

static char *field_copy(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    const char *s = OGR_F_GetFieldAsString(f, i);
    return s && s[0] ? strdup(s) : NULL;
}

static int read_rows(gis_ctx *ctx, OGRLayerH layer, const char *path, gis_unit **out,
                     size_t *n_out, gis_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    static const char *const COLS[] = {"code", "name", "level", "parent_code"};
    int idx[4];
    for (int c = 0; c < 4; c++) {
        idx[c] = OGR_FD_GetFieldIndex(defn, COLS[c]);
        if (idx[c] < 0)
            return GIS_ERR(err, GIS_ESOURCE, "'%s' has no column '%s'", path, COLS[c]);
    }
    size_t n = 0, cap = 0;
    gis_unit *a = NULL;
    OGRFeatureH f;
    int rc = GIS_OK;
    while (rc == GIS_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        if (n == cap) {
            cap = cap ? 2 * cap : 512;
            gis_unit *grown = realloc(a, cap * sizeof *a);
            if (grown == NULL) {
                OGR_F_Destroy(f);
                rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
                break;
            }
            a = grown;
        }
        gis_unit *u = &a[n++];
        memset(u, 0, sizeof *u);
        u->code = field_copy(f, idx[0]);
        u->name = field_copy(f, idx[1]);
        u->level = field_copy(f, idx[2]);
        u->parent_code = field_copy(f, idx[3]);
        u->population = u->older_population = -1;
        if (u->code == NULL || u->name == NULL || u->level == NULL)
            rc = GIS_ERR(err, GIS_ESOURCE, "'%s' line %zu: empty code, name or level", path,
                         n + 1);
        OGR_F_Destroy(f);
    }
    if (rc != GIS_OK) {
        gis_unit_array_free(ctx, a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return GIS_OK;
}

int imp_demo_read_units(gis_ctx *ctx, const char *path, gis_unit **out, size_t *n_out,
                        gis_error *err)
{
    *out = NULL;
    *n_out = 0;
    /* Every column as a string: codes must keep their digits (no 4.20625e+11). */
    const char *const options[] = {"EMPTY_STRING_AS_NULL=YES", NULL};
    const char *const drivers[] = {"CSV", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options, NULL);
    if (ds == NULL)
        return GIS_ERR(err, GIS_ESOURCE, "cannot open units table '%s': %s", path,
                       CPLGetLastErrorMsg());
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    int rc = layer ? read_rows(ctx, layer, path, out, n_out, err)
                   : GIS_ERR(err, GIS_ESOURCE, "'%s' has no table", path);
    GDALClose(ds);
    return rc;
}
