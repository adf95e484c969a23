/*
 * This file implements line_unclosed: the stretches of a township's boundary (GK metres) that
 * lie farther than the tolerance from every boundary line naming that township (left or right)
 * and from the county outline, i.e. where its lines do not close into its polygon. Stretches
 * shorter than twice the tolerance (and 1 m) are ignored as noise.
 */
#include "gis/validate_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool names(const gis_boundary_line *l, const char *code)
{
    return (l->left_code && strcmp(l->left_code, code) == 0) ||
           (l->right_code && strcmp(l->right_code, code) == 0);
}

/* Union of the buffers (tolerance) of the lines naming code and of the outline; NULL if none. */
static int cover_of(vrun *r, GEOSGeometry *const *lines_gk, const GEOSGeometry *outline,
                    const char *code, GEOSGeometry **out, gis_error *err)
{
    *out = NULL;
    size_t n = r->in->n_lines, k = 0;
    GEOSGeometry **parts = malloc((n + 1) * sizeof *parts);
    if (parts == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory covering lines");
    for (size_t i = 0; i < n; i++)
        if (lines_gk[i] != NULL && names(&r->in->lines[i], code))
            parts[k++] = GEOSGeom_clone_r(r->h, lines_gk[i]);
    if (outline != NULL)
        parts[k++] = GEOSGeom_clone_r(r->h, outline);
    if (k == 0) {
        free(parts);
        return GIS_OK;
    }
    /* The collection takes the parts; the array stays ours. */
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(r->h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)k);
    free(parts);
    if (coll == NULL)
        return gis_ctx_geos_error(r->ctx, err, __func__, "collect lines");
    *out = GEOSBuffer_r(r->h, coll, r->o->tolerance_m, 4);
    GEOSGeom_destroy_r(r->h, coll);
    return *out ? GIS_OK : gis_ctx_geos_error(r->ctx, err, __func__, "buffer lines");
}

static int report(vrun *r, const vunit *v, GEOSGeometry *gap, double len, gis_error *err)
{
    GEOSGeometry *geo = NULL;
    gis_geom *g = NULL;
    gis_finding *f = NULL;
    int rc = vrun_to_geo(r, gap, &geo, err);
    if (rc == GIS_OK)
        rc = gis_geom_wrap(r->ctx, geo, &g, err); /* geo moves into g */
    if (rc == GIS_OK)
        rc = gis_finding_list_add(r->out, "line_unclosed", GIS_SEV_ERROR, &f, err);
    if (rc != GIS_OK) {
        gis_geom_free(r->ctx, g);
        return rc;
    }
    gis_finding_set_geom(r->ctx, f, g);
    json_object_set_new(f->details, "length_m", json_real(round(len * 10) / 10));
    if ((rc = gis_finding_add_unit(f, v->u->code, err)) == GIS_OK &&
        (rc = gis_finding_locate(r->ctx, f, err)) == GIS_OK)
        rc = gis_finding_set_message(f, err, "%s的边界有 %.0f 米没有对应的界线 (界线未闭合)",
                                     v->u->name, len);
    return rc;
}

int vlines_unclosed(vrun *r, GEOSGeometry *const *lines_gk, const GEOSGeometry *outline,
                    gis_error *err)
{
    int rc = GIS_OK;
    for (size_t i = 0; i < r->n_units && rc == GIS_OK; i++) {
        vunit *v = &r->units[i];
        if (v->geo == NULL || v->u->code == NULL ||
            strcmp(v->u->level ? v->u->level : "", "township") != 0)
            continue;
        if (v->gk == NULL && (rc = vrun_to_gk(r, v->geo, &v->gk, err)) != GIS_OK)
            break;
        GEOSGeometry *cover = NULL, *boundary = NULL, *gap = NULL;
        if ((rc = cover_of(r, lines_gk, outline, v->u->code, &cover, err)) != GIS_OK)
            break;
        boundary = GEOSBoundary_r(r->h, v->gk);
        gap = boundary == NULL ? NULL
              : cover != NULL  ? GEOSDifference_r(r->h, boundary, cover)
                               : GEOSGeom_clone_r(r->h, boundary);
        double len = 0;
        if (gap == NULL)
            rc = gis_ctx_geos_error(r->ctx, err, __func__, "boundary minus lines");
        else if (GEOSLength_r(r->h, gap, &len) == 1 && len > fmax(2 * r->o->tolerance_m, 1.0))
            rc = report(r, v, gap, len, err);
        if (gap != NULL)
            GEOSGeom_destroy_r(r->h, gap);
        if (boundary != NULL)
            GEOSGeom_destroy_r(r->h, boundary);
        if (cover != NULL)
            GEOSGeom_destroy_r(r->h, cover);
    }
    return rc;
}
