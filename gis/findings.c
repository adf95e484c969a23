/*
 * This file implements gis_finding and gis_finding_list, and builds the JSON report and the
 * GeoJSON FeatureCollection of findings with jansson (GEOS's GeoJSON writer for geometries).
 * It does not store findings (gis/store_findings.c) nor decide what is a finding (rule modules).
 */
#include "gis/findings.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis/geom_int.h"

static const char *const SEVERITIES[] = {"error", "warning", "info"};
static const char *const STATUSES[] = {"open", "accepted", "fixed"};

const char *gis_severity_name(int severity)
{
    return severity >= 0 && severity < 3 ? SEVERITIES[severity] : NULL;
}

int gis_severity_parse(const char *s)
{
    for (int i = 0; s != NULL && i < 3; i++)
        if (strcmp(s, SEVERITIES[i]) == 0)
            return i;
    return -1;
}

const char *gis_finding_status_name(int status)
{
    return status >= 0 && status < 3 ? STATUSES[status] : NULL;
}

int gis_finding_status_parse(const char *s)
{
    for (int i = 0; s != NULL && i < 3; i++)
        if (strcmp(s, STATUSES[i]) == 0)
            return i;
    return -1;
}

int gis_finding_list_new(gis_finding_list **out, gis_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory creating a finding list");
    return GIS_OK;
}

static void finding_free(gis_ctx *ctx, gis_finding *f)
{
    if (f == NULL)
        return;
    free(f->rule);
    for (size_t i = 0; i < f->n_units; i++)
        free(f->units[i]);
    free(f->units);
    free(f->message);
    gis_geom_free(ctx, f->geom);
    json_decref(f->details);
    free(f->accept_reason);
    free(f->tool);
    free(f);
}

void gis_finding_list_free(gis_ctx *ctx, gis_finding_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        finding_free(ctx, l->items[i]);
    free(l->items);
    free(l);
}

int gis_finding_list_add(gis_finding_list *l, const char *rule, int severity, gis_finding **out,
                         gis_error *err)
{
    *out = NULL;
    if (rule == NULL || rule[0] == '\0' || gis_severity_name(severity) == NULL)
        return GIS_ERR(err, GIS_EINVAL, "finding needs a rule name and a known severity");
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        gis_finding **grown = realloc(l->items, cap * sizeof *grown);
        if (grown == NULL)
            return GIS_ERR(err, GIS_ENOMEM, "out of memory adding a finding");
        l->items = grown;
        l->cap = cap;
    }
    gis_finding *f = calloc(1, sizeof *f);
    if (f == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory adding a finding");
    f->rule = strdup(rule);
    f->details = json_object();
    if (f->rule == NULL || f->details == NULL) {
        finding_free(NULL, f);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory adding a finding");
    }
    f->severity = severity;
    f->area_m2 = NAN;
    f->distance_m = NAN;
    f->lon = NAN;
    f->lat = NAN;
    f->status = GIS_FINDING_OPEN;
    l->items[l->n++] = f;
    *out = f;
    return GIS_OK;
}

size_t gis_finding_list_count(const gis_finding_list *l, const char *rule, int severity, int status)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const gis_finding *f = l->items[i];
        if ((rule == NULL || strcmp(rule, f->rule) == 0) &&
            (severity < 0 || severity == f->severity) && (status < 0 || status == f->status))
            n++;
    }
    return n;
}

bool gis_finding_list_has_errors(const gis_finding_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i]->severity == GIS_SEV_ERROR && l->items[i]->status != GIS_FINDING_ACCEPTED)
            return true;
    return false;
}

int gis_finding_add_unit(gis_finding *f, const char *code, gis_error *err)
{
    if (code == NULL)
        return GIS_ERR(err, GIS_EINVAL, "finding unit code is NULL");
    char **grown = realloc(f->units, (f->n_units + 1) * sizeof *grown);
    if (grown == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory adding a finding unit");
    f->units = grown;
    if ((f->units[f->n_units] = strdup(code)) == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory adding a finding unit");
    f->n_units++;
    return GIS_OK;
}

int gis_finding_set_message(gis_finding *f, gis_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (msg == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory formatting a finding message");
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    va_end(ap);
    free(f->message);
    f->message = msg;
    return GIS_OK;
}

void gis_finding_set_geom(gis_ctx *ctx, gis_finding *f, gis_geom *g)
{
    gis_geom_free(ctx, f->geom);
    f->geom = g; /* ownership moves into f */
}

int gis_finding_locate(gis_ctx *ctx, gis_finding *f, gis_error *err)
{
    if (f->geom == NULL || GEOSisEmpty_r(ctx->geos, f->geom->g) == 1)
        return GIS_ERR(err, GIS_EINVAL, "finding '%s' has no geometry to locate", f->rule);
    GEOSGeometry *p = GEOSPointOnSurface_r(ctx->geos, f->geom->g);
    if (p == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "point on surface");
    double x = NAN, y = NAN;
    int ok = GEOSGeomGetX_r(ctx->geos, p, &x) == 1 && GEOSGeomGetY_r(ctx->geos, p, &y) == 1;
    GEOSGeom_destroy_r(ctx->geos, p);
    if (!ok)
        return gis_ctx_geos_error(ctx, err, __func__, "point on surface coordinates");
    f->lon = x;
    f->lat = y;
    return GIS_OK;
}

static int set_real_if(json_t *o, const char *key, double v)
{
    if (isnan(v))
        return 0;
    return json_object_set_new(o, key, json_real(v));
}

int gis_finding_to_json(const gis_finding *f, json_t **out, gis_error *err)
{
    *out = NULL;
    json_t *o = json_object();
    json_t *units = json_array();
    int bad = o == NULL || units == NULL;
    for (size_t i = 0; !bad && i < f->n_units; i++)
        bad |= json_array_append_new(units, json_string(f->units[i]));
    if (f->id > 0)
        bad |= json_object_set_new(o, "id", json_integer(f->id));
    if (f->tool != NULL)
        bad |= json_object_set_new(o, "tool", json_string(f->tool));
    bad |= json_object_set_new(o, "rule", json_string(f->rule));
    bad |= json_object_set_new(o, "severity", json_string(gis_severity_name(f->severity)));
    bad |= json_object_set(o, "units", units);
    bad |= set_real_if(o, "area_m2", f->area_m2);
    bad |= set_real_if(o, "distance_m", f->distance_m);
    bad |= set_real_if(o, "lon", f->lon);
    bad |= set_real_if(o, "lat", f->lat);
    bad |= json_object_set_new(o, "message", json_string(f->message ? f->message : ""));
    if (f->id > 0 || f->status != GIS_FINDING_OPEN)
        bad |= json_object_set_new(o, "status", json_string(gis_finding_status_name(f->status)));
    if (f->accept_reason != NULL)
        bad |= json_object_set_new(o, "accept_reason", json_string(f->accept_reason));
    /* Rule-specific measures sit at top level ("sliver": true, "width_m": 0.4), as the
     * contract shows them; a detail never overrides a fixed key. */
    const char *key;
    json_t *v;
    json_object_foreach(f->details, key, v)
    {
        if (!bad && json_object_get(o, key) == NULL)
            bad |= json_object_set(o, key, v);
    }
    json_decref(units);
    if (bad) {
        json_decref(o);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory building finding JSON");
    }
    *out = o;
    return GIS_OK;
}

static int summary_add(json_t *summary, const gis_finding_list *l, int64_t units_checked)
{
    json_t *by_rule = json_object();
    size_t open = 0, errors = 0, warnings = 0, accepted = 0;
    for (size_t i = 0; by_rule != NULL && i < l->n; i++) {
        const gis_finding *f = l->items[i];
        if (f->status == GIS_FINDING_ACCEPTED) {
            accepted++;
            continue;
        }
        open++;
        errors += f->severity == GIS_SEV_ERROR;
        warnings += f->severity == GIS_SEV_WARNING;
        json_int_t n = json_integer_value(json_object_get(by_rule, f->rule));
        json_object_set_new(by_rule, f->rule, json_integer(n + 1));
    }
    int bad = by_rule == NULL;
    bad |= json_object_set_new(summary, "units_checked", json_integer(units_checked));
    bad |= json_object_set_new(summary, "findings", json_integer((json_int_t)open));
    bad |= json_object_set_new(summary, "errors", json_integer((json_int_t)errors));
    bad |= json_object_set_new(summary, "warnings", json_integer((json_int_t)warnings));
    bad |= json_object_set_new(summary, "accepted", json_integer((json_int_t)accepted));
    bad |= json_object_set_new(summary, "by_rule", by_rule);
    return bad;
}

int gis_findings_to_json(const gis_finding_list *l, const char *command, const json_t *rules,
                         int64_t units_checked, json_t **out, gis_error *err)
{
    *out = NULL;
    if (command == NULL)
        return GIS_ERR(err, GIS_EINVAL, "findings report needs a command name");
    json_t *doc = json_object(), *summary = json_object();
    json_t *list = json_array(), *accepted = json_array();
    int bad = doc == NULL || summary == NULL || list == NULL || accepted == NULL;
    bad |= json_object_set_new(doc, "tool", json_string("jiewang"));
    bad |= json_object_set_new(doc, "version", json_string(JW_VERSION));
    bad |= json_object_set_new(doc, "command", json_string(command));
    bad |= json_object_set_new(doc, "rules", rules ? json_deep_copy(rules) : json_object());
    bad |= summary_add(summary, l, units_checked);
    bad |= json_object_set_new(doc, "summary", summary);
    for (size_t i = 0; !bad && i < l->n; i++) {
        json_t *o = NULL;
        int rc = gis_finding_to_json(l->items[i], &o, err);
        if (rc != GIS_OK) {
            json_decref(doc);
            json_decref(list);
            json_decref(accepted);
            return rc;
        }
        bad |=
            json_array_append_new(l->items[i]->status == GIS_FINDING_ACCEPTED ? accepted : list, o);
    }
    bad |= json_object_set_new(doc, "findings", list);
    bad |= json_object_set_new(doc, "accepted", accepted);
    if (bad) {
        json_decref(doc);
        return GIS_ERR(err, GIS_ENOMEM, "out of memory building findings JSON");
    }
    *out = doc;
    return GIS_OK;
}

/* Rounds every coordinate to 1e-7 degrees (about 1 cm), enough for findings. */
static void round_coords(json_t *v)
{
    size_t i;
    json_t *e;
    if (json_is_array(v)) {
        json_array_foreach(v, i, e)
        {
            if (json_is_real(e))
                json_real_set(e, round(json_real_value(e) * 1e7) / 1e7);
            else
                round_coords(e);
        }
    } else if (json_is_object(v)) {
        const char *key;
        json_object_foreach(v, key, e) round_coords(e);
    }
}

static int geometry_json(gis_ctx *ctx, const gis_finding *f, json_t **out, gis_error *err)
{
    *out = NULL;
    if (f->geom == NULL) {
        *out = isnan(f->lon)
                   ? json_null()
                   : json_pack("{s:s,s:[f,f]}", "type", "Point", "coordinates", f->lon, f->lat);
        return *out ? GIS_OK : GIS_ERR(err, GIS_ENOMEM, "out of memory building GeoJSON");
    }
    GEOSGeoJSONWriter *w = GEOSGeoJSONWriter_create_r(ctx->geos);
    if (w == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "cannot create GeoJSON writer");
    char *text = GEOSGeoJSONWriter_writeGeometry_r(ctx->geos, w, f->geom->g, -1);
    GEOSGeoJSONWriter_destroy_r(ctx->geos, w);
    if (text == NULL)
        return gis_ctx_geos_error(ctx, err, __func__, "GeoJSON write");
    json_error_t jerr;
    *out = json_loads(text, 0, &jerr);
    GEOSFree_r(ctx->geos, text);
    if (*out == NULL)
        return GIS_ERR(err, GIS_EGEOM, "GEOS wrote unparsable GeoJSON: %s", jerr.text);
    round_coords(json_object_get(*out, "coordinates"));
    round_coords(json_object_get(*out, "geometries"));
    return GIS_OK;
}

int gis_findings_to_geojson(gis_ctx *ctx, const gis_finding_list *l, json_t **out, gis_error *err)
{
    *out = NULL;
    json_t *features = json_array();
    json_t *fc = json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", features);
    if (fc == NULL)
        return GIS_ERR(err, GIS_ENOMEM, "out of memory building GeoJSON");
    int rc = GIS_OK;
    for (size_t i = 0; i < l->n; i++) {
        json_t *props = NULL, *geometry = NULL;
        if ((rc = gis_finding_to_json(l->items[i], &props, err)) != GIS_OK ||
            (rc = geometry_json(ctx, l->items[i], &geometry, err)) != GIS_OK) {
            json_decref(props);
            break;
        }
        json_t *feat = json_pack("{s:s,s:o,s:o}", "type", "Feature", "geometry", geometry,
                                 "properties", props);
        if (feat == NULL || json_array_append_new(features, feat) != 0) {
            rc = GIS_ERR(err, GIS_ENOMEM, "out of memory building GeoJSON");
            break;
        }
    }
    if (rc != GIS_OK) {
        json_decref(fc);
        return rc;
    }
    *out = fc;
    return GIS_OK;
}
