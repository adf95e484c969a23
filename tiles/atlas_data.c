/*
 * This file implements the atlas's data preparation: it loads the county, townships,
 * villages, facilities, no-burial zones and markers, projects them to the county's CGCS2000
 * 3-degree Gauss-Kruger zone (DOMAIN.md CRS-02/04), and derives label anchors, ellipsoidal
 * areas and perimeters, centroids, neighbours, fill colours and facility counts. It draws
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_label.h"
#include "gis/metrics.h"
#include "gis/store_facilities.h"
#include "gis/store_survey.h"
#include "gis/store_units.h"
#include "tiles/atlas_int.h"

/* Number of fill colours the greedy colouring may use (atlas_map.c holds the palette). */
#define N_COLOURS 6

static int on_point(void *user, double x, double y)
{
    double *xy = user;
    xy[0] = x;
    xy[1] = y;
    return 0;
}

static int point_xy(gis_ctx *ctx, const gis_geom *g, double xy[2], gis_error *err)
{
    gis_geom_visitor v = {.point = on_point};
    xy[0] = xy[1] = 0;
    return gis_geom_walk(ctx, g, &v, xy, err);
}

/* Projects u's geometry and derives its measures. Units without geometry keep zeros. */
static int prepare_unit(gis_ctx *ctx, struct atlas_data *d, const gis_unit *u, struct atlas_unit *a,
                        gis_error *err)
{
    a->u = u;
    a->parent = -1;
    if (u->geom == NULL || gis_geom_is_empty(ctx, u->geom))
        return GIS_OK;
    int rc = gis_crs_transform_geom(ctx, d->to_gk, u->geom, &a->gk, err);
    if (rc == GIS_OK)
        rc = gis_geom_bounds(ctx, a->gk, a->bbox, err);
    if (rc == GIS_OK) {
        double side = a->bbox[2] - a->bbox[0];
        if (a->bbox[3] - a->bbox[1] > side)
            side = a->bbox[3] - a->bbox[1];
        /* 1/100 of the unit's size is far below a label's size on paper. */
        rc = gis_geom_label_point(ctx, a->gk, side / 100.0, a->label, &a->label_r, err);
    }
    if (rc == GIS_OK)
        rc = gis_metrics_area_m2(ctx, u->geom, &a->area_m2, err);
    if (rc == GIS_OK)
        rc = gis_metrics_length_m(ctx, u->geom, &a->perim_m, err);
    if (rc == GIS_OK)
        rc = gis_geom_label_centroid(ctx, a->gk, a->lonlat, err);
    if (rc == GIS_OK)
        rc = gis_crs_transform_xy(ctx, d->to_geo, a->lonlat, 1, err);
    if (rc != GIS_OK)
        gis_err_prefix(err, "unit %s", u->code ? u->code : "?");
    return rc;
}

/* Fills each unit's neighbour list and a fill colour no neighbour shares (greedy). */
static int neighbours(gis_ctx *ctx, struct atlas_unit *a, size_t n, gis_error *err)
{
    if (n == 0)
        return GIS_OK;
    const gis_geom **g = malloc(n * sizeof *g);
    if (g == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        g[i] = a[i].gk;
    size_t *pairs = NULL, n_pairs = 0;
    /* Metres: boundaries digitised apart by less than 1 m still make neighbours. */
    int rc = gis_geom_label_neighbours(ctx, g, n, 1.0, &pairs, &n_pairs, err);
    free(g);
    if (rc != GIS_OK)
        return rc;
    for (size_t k = 0; k < 2 * n_pairs && rc == GIS_OK; k++) {
        struct atlas_unit *x = &a[pairs[k]];
        size_t *v = realloc(x->nbr, (x->n_nbr + 1) * sizeof *v);
        if (v == NULL) {
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
            break;
        }
        x->nbr = v;
        x->nbr[x->n_nbr++] = pairs[k ^ 1];
    }
    free(pairs);
    for (size_t i = 0; i < n; i++) {
        unsigned used = 0;
        for (size_t k = 0; k < a[i].n_nbr; k++)
            if (a[i].nbr[k] < i)
                used |= 1u << a[a[i].nbr[k]].colour;
        int c = 0;
        while (c < N_COLOURS - 1 && (used & (1u << c)))
            c++;
        a[i].colour = c;
    }
    return rc;
}

static int cmp_unit_code(const void *key, const void *elem)
{
    const struct atlas_unit *a = elem;
    return strcmp(key, a->u->code ? a->u->code : "");
}

static long find(const struct atlas_unit *a, size_t n, const char *code)
{
    if (code == NULL || n == 0)
        return -1;
    const struct atlas_unit *hit = bsearch(code, a, n, sizeof *a, cmp_unit_code);
    return hit ? (long)(hit - a) : -1;
}

long atlas_data_find(const struct atlas_data *d, const char *code, bool *is_village)
{
    long i = find(d->towns, d->n_towns, code);
    *is_village = i < 0;
    return i >= 0 ? i : find(d->vills, d->n_vills, code);
}

static int sym_of_kind(const char *kind)
{
    static const int map[GIS_FAC_COUNT] = {SYM_CEMETERY,  SYM_FUNERAL, SYM_WELFARE, SYM_ELDERLY,
                                           SYM_HAPPINESS, SYM_CHILD,   SYM_OTHER};
    int k = gis_facility_kind_parse(kind ? kind : "");
    return k >= 0 && k < GIS_FAC_COUNT ? map[k] : SYM_OTHER;
}

/* Projects facility and marker points and counts facilities per village and township. */
static int points(gis_ctx *ctx, struct atlas_data *d, gis_error *err)
{
    d->pts = calloc(d->n_fac + d->n_markers + 1, sizeof *d->pts);
    if (d->pts == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    int rc = GIS_OK;
    for (size_t i = 0; i < d->n_fac + d->n_markers && rc == GIS_OK; i++) {
        bool is_fac = i < d->n_fac;
        const gis_geom *g = is_fac ? d->fac[i].geom : d->markers[i - d->n_fac].geom;
        if (g == NULL || gis_geom_is_empty(ctx, g))
            continue;
        struct atlas_point *p = &d->pts[d->n_pts];
        double xy[2];
        if ((rc = point_xy(ctx, g, xy, err)) != GIS_OK ||
            (rc = gis_crs_transform_xy(ctx, d->to_gk, xy, 1, err)) != GIS_OK)
            break;
        p->x = xy[0];
        p->y = xy[1];
        p->sym = is_fac ? sym_of_kind(d->fac[i].kind) : SYM_MARKER;
        p->text = is_fac ? NULL : d->markers[i - d->n_fac].number;
        p->village_code = is_fac ? d->fac[i].village_code : NULL;
        d->n_pts++;
        if (!is_fac)
            continue;
        const char *vc = d->fac[i].village_code;
        long vi = find(d->vills, d->n_vills, vc);
        char town[10] = {0};
        if (vc != NULL && strlen(vc) >= 9)
            memcpy(town, vc, 9);
        long ti = find(d->towns, d->n_towns, town);
        bool cem = p->sym == SYM_CEMETERY;
        if (vi >= 0)
            *(cem ? &d->vills[vi].n_cemeteries : &d->vills[vi].n_facilities) += 1;
        if (ti >= 0)
            *(cem ? &d->towns[ti].n_cemeteries : &d->towns[ti].n_facilities) += 1;
    }
    return rc;
}

static int zones(gis_ctx *ctx, struct atlas_data *d, gis_error *err)
{
    d->zone_gk = calloc(d->n_zones + 1, sizeof *d->zone_gk);
    if (d->zone_gk == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n_zones; i++) {
        const gis_zone *z = &d->zones[i];
        if (z->geom == NULL || gis_geom_is_empty(ctx, z->geom))
            continue;
        int rc = gis_crs_transform_geom(ctx, d->to_gk, z->geom, &d->zone_gk[i], err);
        if (rc != GIS_OK)
            return rc;
        /* The county seat's no-burial zone (reason county_seat) marks the seat itself. */
        double r;
        gis_error ignored = {0}; /* no seat is drawn when the zone has no usable interior */
        if (!d->has_seat && z->reason && strcmp(z->reason, "county_seat") == 0 &&
            gis_geom_label_point(ctx, d->zone_gk[i], 0, d->seat, &r, &ignored) == GIS_OK)
            d->has_seat = true;
    }
    return GIS_OK;
}

static int meta(gis_store *s, struct atlas_data *d, gis_error *err)
{
    char *v = NULL;
    int rc = gis_store_meta_get(s, "county_name", &v, err);
    if (rc != GIS_OK)
        return rc;
    snprintf(d->county_name, sizeof d->county_name, "%s",
             v ? v : (d->county[0].name ? d->county[0].name : "县"));
    free(v);
    v = NULL;
    if ((rc = gis_store_meta_get(s, "data_vintage", &v, err)) != GIS_OK)
        return rc;
    snprintf(d->vintage, sizeof d->vintage, "%s", v ? v : "");
    free(v);
    v = NULL;
    if ((rc = gis_store_meta_get(s, "synthetic", &v, err)) != GIS_OK)
        return rc;
    d->synthetic = v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
    free(v);
    return GIS_OK;
}

/* Chooses the GK zone from the county's centre and creates both transforms. */
static int zone_transforms(gis_ctx *ctx, struct atlas_data *d, gis_error *err)
{
    double b[4];
    if (d->county[0].geom == NULL)
        return GIS_ERR(err, GIS_EINVAL, "county %s has no geometry", d->county[0].code);
    int rc = gis_geom_bounds(ctx, d->county[0].geom, b, err);
    if (rc != GIS_OK)
        return rc;
    d->cm = gis_crs_gk3_central_meridian((b[0] + b[2]) / 2);
    d->epsg = gis_crs_gk3_epsg(d->cm, false);
    if (d->epsg == 0)
        return GIS_ERR(err, GIS_ECRS, "county centre %.3f E is outside China's GK zones",
                       (b[0] + b[2]) / 2);
    char gk[16];
    snprintf(gk, sizeof gk, "EPSG:%d", d->epsg);
    rc = gis_crs_transform_new(ctx, GIS_CRS_STORE, gk, &d->to_gk, err);
    if (rc == GIS_OK)
        rc = gis_crs_transform_new(ctx, gk, GIS_CRS_STORE, &d->to_geo, err);
    return rc;
}

static int load_all(gis_ctx *ctx, gis_store *s, struct atlas_data *d, gis_error *err)
{
    int rc = gis_store_units_load(ctx, s, "county", &d->county, &d->n_county, err);
    if (rc == GIS_OK && d->n_county == 0)
        rc = GIS_ERR(err, GIS_ENOTFOUND, "store %s has no county unit", gis_store_path(s));
    if (rc == GIS_OK)
        rc = gis_store_units_load(ctx, s, "township", &d->towns_raw, &d->n_towns, err);
    if (rc == GIS_OK)
        rc = gis_store_units_load(ctx, s, "village", &d->vills_raw, &d->n_vills, err);
    if (rc == GIS_OK)
        rc = gis_store_facilities_load(ctx, s, NULL, &d->fac, &d->n_fac, err);
    if (rc == GIS_OK)
        rc = gis_store_zones_load(ctx, s, &d->zones, &d->n_zones, err);
    if (rc == GIS_OK)
        rc = gis_store_markers_load(ctx, s, &d->markers, &d->n_markers, err);
    if (rc == GIS_OK)
        rc = meta(s, d, err);
    return rc;
}

int atlas_data_load(gis_ctx *ctx, gis_store *s, struct atlas_data *d, gis_error *err)
{
    memset(d, 0, sizeof *d);
    int rc = load_all(ctx, s, d, err);
    if (rc == GIS_OK)
        rc = zone_transforms(ctx, d, err);
    if (rc == GIS_OK) {
        d->towns = calloc(d->n_towns + 1, sizeof *d->towns);
        d->vills = calloc(d->n_vills + 1, sizeof *d->vills);
        if (d->towns == NULL || d->vills == NULL)
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory");
    }
    if (rc == GIS_OK)
        rc = prepare_unit(ctx, d, &d->county[0], &d->cty, err);
    for (size_t i = 0; i < d->n_towns && rc == GIS_OK; i++)
        rc = prepare_unit(ctx, d, &d->towns_raw[i], &d->towns[i], err);
    for (size_t i = 0; i < d->n_vills && rc == GIS_OK; i++) {
        rc = prepare_unit(ctx, d, &d->vills_raw[i], &d->vills[i], err);
        d->vills[i].parent = find(d->towns, d->n_towns, d->vills_raw[i].parent_code);
    }
    if (rc == GIS_OK)
        rc = neighbours(ctx, d->towns, d->n_towns, err);
    if (rc == GIS_OK)
        rc = neighbours(ctx, d->vills, d->n_vills, err);
    if (rc == GIS_OK)
        rc = points(ctx, d, err);
    if (rc == GIS_OK)
        rc = zones(ctx, d, err);
    if (rc != GIS_OK)
        atlas_data_clear(ctx, d);
    return rc;
}

static void clear_units(gis_ctx *ctx, struct atlas_unit *a, size_t n)
{
    for (size_t i = 0; a != NULL && i < n; i++) {
        gis_geom_free(ctx, a[i].gk);
        free(a[i].nbr);
    }
    free(a);
}

void atlas_data_clear(gis_ctx *ctx, struct atlas_data *d)
{
    clear_units(ctx, d->towns, d->n_towns);
    clear_units(ctx, d->vills, d->n_vills);
    gis_geom_free(ctx, d->cty.gk);
    free(d->cty.nbr);
    for (size_t i = 0; d->zone_gk != NULL && i < d->n_zones; i++)
        gis_geom_free(ctx, d->zone_gk[i]);
    free(d->zone_gk);
    free(d->pts);
    gis_unit_array_free(ctx, d->county, d->n_county);
    gis_unit_array_free(ctx, d->towns_raw, d->n_towns);
    gis_unit_array_free(ctx, d->vills_raw, d->n_vills);
    gis_facility_array_free(ctx, d->fac, d->n_fac);
    gis_zone_array_free(ctx, d->zones, d->n_zones);
    gis_marker_array_free(ctx, d->markers, d->n_markers);
    gis_crs_transform_free(d->to_gk);
    gis_crs_transform_free(d->to_geo);
    memset(d, 0, sizeof *d);
}
