/*
 * This file implements the CRS decision of an import from declared CRSs, options and
 * coordinate magnitudes (DOMAIN.md CRS-02, CRS-03, CRS-05, CRS-06/07). It does not call PROJ:
 * the caller checks that the chosen CRS exists when it builds the transform.
 */
#include "importers/crs_detect.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gis/crs.h"

int imp_crs_magnitude(double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi))
        return IMP_MAG_OTHER;
    double a = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
    double b = fabs(lo) < fabs(hi) ? fabs(lo) : fabs(hi);
    if (a <= 180.0)
        return IMP_MAG_DEGREES;
    if (b >= 1e5 && a < 1e6)
        return IMP_MAG_EASTING6;
    if (b >= 1e6 && a < 1e7)
        return IMP_MAG_NORTHING;
    if (b >= 13e6 && a < 46e6 && floor(b / 1e6) == floor(a / 1e6))
        return IMP_MAG_EASTING8;
    return IMP_MAG_OTHER;
}

static int check_towgs84(const char *p, gis_error *err)
{
    double v[7];
    int n =
        sscanf(p, "%lf,%lf,%lf,%lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]);
    if (n != 3 && n != 7)
        return GIS_ERR(err, GIS_EINVAL,
                       "--towgs84 '%s': expected 3 or 7 comma-separated numbers "
                       "(dx,dy,dz[,rx,ry,rz,ds])",
                       p);
    return GIS_OK;
}

/* A CRS the caller resolved (from --srs or the source). */
static int use_info(const imp_crs_info *c, const char *towgs84, const char *origin,
                    imp_crs_decision *out, gis_error *err)
{
    const char *label = c->name ? c->name : (c->def ? c->def : "?");
    if (c->legacy) {
        if (towgs84 == NULL)
            return GIS_ERR(err, GIS_ECRS,
                           "%s CRS %s (EPSG:%d) is Xian 1980 / Beijing 1954: PROJ has no real "
                           "transformation to CGCS2000 (DOMAIN.md CRS-06/07); give --towgs84 "
                           "dx,dy,dz[,rx,ry,rz,ds]",
                           origin, label, c->epsg);
        int rc = check_towgs84(towgs84, err);
        if (rc != GIS_OK)
            return rc;
        if (c->proj4 == NULL)
            return GIS_ERR(err, GIS_ECRS, "%s CRS %s has no PROJ.4 form for +towgs84", origin,
                           label);
        snprintf(out->crs, sizeof out->crs, "%s +towgs84=%s +type=crs", c->proj4, towgs84);
        out->epsg = 0;
        snprintf(out->note, sizeof out->note, "%s CRS %s (EPSG:%d) with +towgs84=%s", origin, label,
                 c->epsg, towgs84);
        return GIS_OK;
    }
    if (c->epsg > 0)
        snprintf(out->crs, sizeof out->crs, "EPSG:%d", c->epsg);
    else
        snprintf(out->crs, sizeof out->crs, "%s", c->def ? c->def : "");
    out->epsg = c->epsg;
    out->is_store_crs = c->epsg == GIS_CRS_STORE_SRID;
    if (c->epsg > 0)
        snprintf(out->note, sizeof out->note, "%s CRS %s (EPSG:%d)", origin, label, c->epsg);
    else
        snprintf(out->note, sizeof out->note, "%s CRS %s", origin, label);
    return GIS_OK;
}

static int prefixed_epsg(double easting, int *epsg, int *zone)
{
    /* Only eastings of up to 8 digits can carry a zone prefix; the range check also keeps the
     * float-to-int conversion defined (fuzz finding R1). */
    if (!(easting >= 0 && easting < 1e8)) {
        *zone = -1;
        *epsg = 0;
        return 0;
    }
    *zone = (int)floor(easting / 1e6);
    if (*zone >= 25 && *zone <= 45)
        *epsg = 4513 + (*zone - 25); /* 3-degree zones, CRS-02 */
    else if (*zone >= 13 && *zone <= 23)
        *epsg = 4491 + (*zone - 13); /* 6-degree zones, CRS-03 */
    else
        *epsg = 0;
    return *epsg;
}

/* Projected coordinates without a CRS: easting/northing by magnitude (CRS-05). */
static int decide_projected(const imp_crs_input *in, int ma, int mb, imp_crs_decision *out,
                            gis_error *err)
{
    bool a_east = ma == IMP_MAG_EASTING6 || ma == IMP_MAG_EASTING8;
    bool b_east = mb == IMP_MAG_EASTING6 || mb == IMP_MAG_EASTING8;
    if (!((a_east && mb == IMP_MAG_NORTHING) || (b_east && ma == IMP_MAG_NORTHING)))
        return GIS_ERR(err, GIS_ECRS,
                       "no CRS in the source and coordinates (%.0f..%.0f, %.0f..%.0f) are neither "
                       "degrees nor Gauss-Kruger easting/northing: give --srs EPSG:n",
                       in->extent[0], in->extent[2], in->extent[1], in->extent[3]);
    out->swap = b_east;
    int me = b_east ? mb : ma;
    double e_lo = b_east ? in->extent[1] : in->extent[0];
    int epsg = 0, zone = 0;
    if (me == IMP_MAG_EASTING8) {
        if (prefixed_epsg(e_lo, &epsg, &zone) == 0)
            return GIS_ERR(err, GIS_ECRS, "easting prefix %d is not a Gauss-Kruger zone in China",
                           zone);
        snprintf(out->note, sizeof out->note,
                 "no CRS in source: easting prefix %d -> CGCS2000 %d-degree GK zone %d (EPSG:%d)",
                 zone, zone >= 25 ? 3 : 6, zone, epsg);
    } else {
        if (in->central_meridian == 0)
            return GIS_ERR(err, GIS_ECRS,
                           "no CRS in the source and eastings (%.0f..) have 6 digits without a "
                           "zone prefix: give --srs EPSG:n or --central-meridian DEG (e.g. 111)",
                           e_lo);
        epsg = gis_crs_gk3_epsg(in->central_meridian, false);
        if (epsg == 0)
            return GIS_ERR(err, GIS_EINVAL,
                           "--central-meridian %d is not a 3-degree central meridian (75..135)",
                           in->central_meridian);
        snprintf(out->note, sizeof out->note,
                 "no CRS in source: --central-meridian %d -> CGCS2000 GK EPSG:%d",
                 in->central_meridian, epsg);
    }
    snprintf(out->crs, sizeof out->crs, "EPSG:%d", epsg);
    out->epsg = epsg;
    return GIS_OK;
}

static int decide_undeclared(const imp_crs_input *in, imp_crs_decision *out, gis_error *err)
{
    if (!in->has_extent)
        return GIS_ERR(err, GIS_ECRS,
                       "no CRS in the source and no coordinates to judge: give "
                       "--srs EPSG:n");
    int ma = imp_crs_magnitude(in->extent[0], in->extent[2]);
    int mb = imp_crs_magnitude(in->extent[1], in->extent[3]);
    if (ma == IMP_MAG_DEGREES && mb == IMP_MAG_DEGREES) {
        if (in->coords == IMP_COORDS_XY && in->axis == IMP_AXIS_AUTO)
            return GIS_ERR(err, GIS_EINVAL,
                           "columns X/Y hold degrees, so which is longitude is ambiguous "
                           "(DOMAIN.md CRS-05): give --axis en (X = longitude) or --axis ne "
                           "(X = latitude)");
        out->swap = in->coords == IMP_COORDS_XY && in->axis == IMP_AXIS_NE;
        snprintf(out->crs, sizeof out->crs, "%s", GIS_CRS_STORE);
        out->epsg = GIS_CRS_STORE_SRID;
        out->is_store_crs = true;
        out->warn = true;
        snprintf(out->note, sizeof out->note,
                 "no CRS in source: degree values taken as CGCS2000 (EPSG:4490)");
        return GIS_OK;
    }
    if (in->coords == IMP_COORDS_LONLAT)
        return GIS_ERR(err, GIS_ECRS,
                       "longitude/latitude columns hold values beyond +-180 (%.0f..%.0f): give "
                       "--srs EPSG:n or use easting/northing column names",
                       in->extent[0], in->extent[2]);
    return decide_projected(in, ma, mb, out, err);
}

int imp_crs_detect(const imp_crs_input *in, imp_crs_decision *out, gis_error *err)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; in->has_extent && i < 4; i++)
        if (!isfinite(in->extent[i]))
            return GIS_ERR(err, GIS_EINVAL, "coordinates are not finite numbers");
    int rc;
    if (in->given.present)
        rc = use_info(&in->given, in->towgs84, "--srs", out, err);
    else if (in->declared.present)
        rc = use_info(&in->declared, in->towgs84, "source", out, err);
    else
        return decide_undeclared(in, out, err);
    if (rc != GIS_OK)
        return rc;
    /* With a known CRS the axes follow it, except survey tables labelled X/Y (CRS-05). */
    if (in->coords == IMP_COORDS_XY) {
        if (in->axis != IMP_AXIS_AUTO) {
            out->swap = in->axis == IMP_AXIS_NE;
        } else if (in->has_extent) {
            int ma = imp_crs_magnitude(in->extent[0], in->extent[2]);
            int mb = imp_crs_magnitude(in->extent[1], in->extent[3]);
            bool b_east = mb == IMP_MAG_EASTING6 || mb == IMP_MAG_EASTING8;
            bool a_east = ma == IMP_MAG_EASTING6 || ma == IMP_MAG_EASTING8;
            if (b_east && ma == IMP_MAG_NORTHING)
                out->swap = true;
            else if (!(a_east && mb == IMP_MAG_NORTHING))
                return GIS_ERR(err, GIS_EINVAL,
                               "columns X/Y: which one is the easting is ambiguous (DOMAIN.md "
                               "CRS-05): give --axis en (X = easting) or --axis ne (X = northing)");
        }
    }
    return GIS_OK;
}
