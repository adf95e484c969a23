/*
 * This file implements ellipsoidal measurements with PROJ's geodesic.h on GRS 1980, the
 * CGCS2000 ellipsoid (a = 6378137 m, f = 1/298.257222101).
 */
#include "gis/metrics.h"

#include <geodesic.h>
#include <math.h>

#define CGCS2000_A 6378137.0
#define CGCS2000_F (1.0 / 298.257222101)

struct measure {
    struct geod_geodesic geod;
    double area;   /* m², shells positive, holes subtracted */
    double length; /* m */
};

static double line_length(const struct geod_geodesic *geod, const double *xy, size_t n)
{
    double total = 0;
    for (size_t i = 1; i < n; i++) {
        double s12 = 0;
        geod_inverse(geod, xy[2 * i - 1], xy[2 * i - 2], xy[2 * i + 1], xy[2 * i], &s12, NULL,
                     NULL);
        total += s12;
    }
    return total;
}

static int on_line(void *user, const double *xy, size_t n)
{
    struct measure *m = user;
    m->length += line_length(&m->geod, xy, n);
    return 0;
}

static int on_ring(void *user, size_t ring_index, const double *xy, size_t n)
{
    struct measure *m = user;
    struct geod_polygon poly;
    geod_polygon_init(&poly, 0);
    /* The ring is closed (first == last); geod_polygon closes it itself. */
    for (size_t i = 0; i + 1 < n; i++)
        geod_polygon_addpoint(&m->geod, &poly, xy[2 * i + 1], xy[2 * i]);
    double area = 0, perimeter = 0;
    geod_polygon_compute(&m->geod, &poly, 0, 1, &area, &perimeter);
    area = fabs(area);
    m->area += ring_index == 0 ? area : -area;
    m->length += perimeter;
    return 0;
}

static int measure(gis_ctx *ctx, const gis_geom *g, struct measure *m, gis_error *err)
{
    geod_init(&m->geod, CGCS2000_A, CGCS2000_F);
    m->area = 0;
    m->length = 0;
    gis_geom_visitor v = {.line = on_line, .ring = on_ring};
    return gis_geom_walk(ctx, g, &v, m, err);
}

int gis_metrics_area_m2(gis_ctx *ctx, const gis_geom *g, double *out, gis_error *err)
{
    struct measure m;
    int rc = measure(ctx, g, &m, err);
    *out = rc == GIS_OK ? m.area : 0;
    return rc;
}

int gis_metrics_length_m(gis_ctx *ctx, const gis_geom *g, double *out, gis_error *err)
{
    struct measure m;
    int rc = measure(ctx, g, &m, err);
    *out = rc == GIS_OK ? m.length : 0;
    return rc;
}

double gis_metrics_distance_m(double lon1, double lat1, double lon2, double lat2)
{
    struct geod_geodesic geod;
    geod_init(&geod, CGCS2000_A, CGCS2000_F);
    double s12 = 0;
    geod_inverse(&geod, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}
