/*
 * This file implements CRS resolution through GDAL's OSR (EPSG identification, legacy datum
 * recognition, WKT2 and PROJ.4 export). It does not transform coordinates (gis/crs does).
 */
#include "importers/srs.h"

#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_conv.h>
#include <cpl_error.h>

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static bool contains_ci(const char *hay, const char *needle)
{
    for (; hay && *hay; hay++)
        if (strncasecmp(hay, needle, strlen(needle)) == 0)
            return true;
    return false;
}

static int identify_epsg(OGRSpatialReferenceH h)
{
    OSRAutoIdentifyEPSG(h);
    const char *auth = OSRGetAuthorityName(h, NULL);
    const char *code = OSRGetAuthorityCode(h, NULL);
    if (auth && code && strcasecmp(auth, "EPSG") == 0)
        return atoi(code);
    int n = 0, *conf = NULL, epsg = 0;
    OGRSpatialReferenceH *m = OSRFindMatches(h, NULL, &n, &conf);
    if (m && n > 0 && conf[0] >= 90) {
        auth = OSRGetAuthorityName(m[0], NULL);
        code = OSRGetAuthorityCode(m[0], NULL);
        if (auth && code && strcasecmp(auth, "EPSG") == 0)
            epsg = atoi(code);
    }
    OSRFreeSRSArray(m);
    CPLFree(conf);
    return epsg;
}

static bool is_legacy(OGRSpatialReferenceH h)
{
    const char *geog = OSRGetAuthorityCode(h, "GEOGCS");
    if (geog && (strcmp(geog, "4610") == 0 || strcmp(geog, "4214") == 0))
        return true;
    const char *datum = OSRGetAttrValue(h, "DATUM", 0);
    return contains_ci(datum, "xian") || contains_ci(datum, "beijing");
}

int imp_srs_from_handle(void *handle, imp_srs *out, gis_error *err)
{
    memset(out, 0, sizeof *out);
    OGRSpatialReferenceH h = handle;
    if (h == NULL)
        return GIS_OK;
    int epsg = identify_epsg(h);
    char *wkt = NULL, *p4 = NULL;
    const char *const wkt_opts[] = {"FORMAT=WKT2_2019", NULL};
    if (epsg > 0) {
        char buf[32];
        snprintf(buf, sizeof buf, "EPSG:%d", epsg);
        out->def = strdup(buf);
    } else if (OSRExportToWktEx(h, &wkt, wkt_opts) == OGRERR_NONE) {
        out->def = dup_or_null(wkt);
    }
    if (OSRExportToProj4(h, &p4) == OGRERR_NONE)
        out->proj4 = dup_or_null(p4);
    CPLFree(wkt);
    CPLFree(p4);
    out->name = dup_or_null(OSRGetName(h));
    if (out->def == NULL) {
        imp_srs_clear(out);
        return GIS_ERR(err, GIS_ECRS, "cannot export the source CRS: %s", CPLGetLastErrorMsg());
    }
    out->info.present = true;
    out->info.epsg = epsg;
    out->info.legacy = is_legacy(h);
    out->info.geographic = OSRIsGeographic(h) != 0;
    out->info.def = out->def;
    out->info.proj4 = out->proj4;
    out->info.name = out->name;
    return GIS_OK;
}

int imp_srs_from_text(const char *text, imp_srs *out, gis_error *err)
{
    memset(out, 0, sizeof *out);
    OGRSpatialReferenceH h = OSRNewSpatialReference(NULL);
    if (h == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    CPLErrorReset();
    int rc;
    if (OSRSetFromUserInput(h, text) != OGRERR_NONE)
        rc = GIS_ERR(err, GIS_ECRS, "unknown CRS '%s'%s%s", text,
                     CPLGetLastErrorMsg()[0] ? ": " : "", CPLGetLastErrorMsg());
    else
        rc = imp_srs_from_handle(h, out, err);
    OSRRelease(h);
    return rc;
}

void imp_srs_clear(imp_srs *s)
{
    free(s->def);
    free(s->proj4);
    free(s->name);
    memset(s, 0, sizeof *s);
}
