/*
 * This file writes the coverage CSV tables for the county government: village_coverage.csv,
 * township_rates.csv and graves_to_relocate.csv (UTF-8 with a BOM so that spreadsheet programs
 * in zh-CN locales read the Chinese names, RFC 4180 quoting).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gis/coverage_report_int.h"
#include "gis/outfile.h"

static void field(FILE *f, const char *s, bool last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
    } else {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    }
    fputc(last ? '\n' : ',', f);
}

static void num(FILE *f, double v, int decimals, bool last)
{
    if (isfinite(v))
        fprintf(f, "%.*f", decimals, v);
    fputc(last ? '\n' : ',', f);
}

/* Each table is written whole or not at all (gis/outfile.h): a full disk leaves no partial CSV. */
static gis_outfile *open_csv(const char *dir, const char *name, const char *header, gis_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    gis_outfile *o = NULL;
    if (gis_outfile_open(path, &o, err) != GIS_OK)
        return NULL;
    FILE *f = gis_outfile_stream(o);
    fputs("\xEF\xBB\xBF", f);
    fputs(header, f);
    return o;
}

static const gis_unit *township(const gis_coverage_report *r, long v)
{
    return v >= 0 && r->village_township[v] >= 0 ? &r->townships[r->village_township[v]] : NULL;
}

static int villages_csv(const gis_coverage_report *r, const char *dir, gis_error *err)
{
    static const char NAME[] = "village_coverage.csv";
    gis_outfile *o =
        open_csv(dir, NAME,
                 "township_code,township_name,village_code,village_name,kind,status,"
                 "cemetery_ids,nearest_cemetery_id,nearest_cemetery_name,nearest_distance_m,"
                 "population,graves_total,graves_in_zone,graves_to_relocate\n",
                 err);
    if (o == NULL)
        return err ? err->code : GIS_EIO;
    FILE *f = gis_outfile_stream(o);
    for (size_t v = 0; v < r->n_villages; v++) {
        const gis_unit *u = &r->villages[v], *t = township(r, (long)v);
        const gis_cem_village *cv = &r->cem->villages[v];
        field(f, t ? t->code : NULL, false);
        field(f, t ? t->name : NULL, false);
        field(f, u->code, false);
        field(f, u->name, false);
        field(f, cv->is_admin ? "村委会" : "社区居委会", false);
        field(f, cv->status, false);
        for (size_t i = 0; i < cv->n_covering; i++)
            fprintf(f, "%s%lld", i ? ";" : "", (long long)r->cemeteries[cv->covering[i]].id);
        fputc(',', f);
        const gis_facility *n = cv->nearest >= 0 ? &r->cemeteries[cv->nearest] : NULL;
        num(f, n ? (double)n->id : NAN, 0, false);
        field(f, n ? n->name : NULL, false);
        num(f, cv->nearest_m, 0, false);
        num(f, u->population >= 0 ? (double)u->population : NAN, 0, false);
        const gis_grave_stats *g = r->graves ? &r->graves->villages[v] : NULL;
        num(f, g ? (double)g->total : NAN, 0, false);
        num(f, g ? (double)g->in_zone : NAN, 0, false);
        num(f, g ? (double)g->to_relocate : NAN, 0, true);
    }
    return gis_outfile_commit(o, err);
}

static void rate_row(FILE *f, const json_t *o)
{
    field(f, json_string_value(json_object_get(o, "code")), false);
    field(f, json_string_value(json_object_get(o, "name")), false);
    static const char *const INTS[] = {"villages_in_scope", "covered", "uncovered",
                                       "urban_communities"};
    for (size_t i = 0; i < 4; i++)
        num(f, json_number_value(json_object_get(o, INTS[i])), 0, false);
    const json_t *rate = json_object_get(o, "coverage_rate");
    num(f, json_is_number(rate) ? json_number_value(rate) * 100 : NAN, 1, false);
    num(f, json_number_value(json_object_get(o, "elderly_care_centres")), 0, false);
    num(f, json_number_value(json_object_get(o, "villages_with_happiness_home")), 0, false);
    rate = json_object_get(o, "happiness_home_rate");
    num(f, json_is_number(rate) ? json_number_value(rate) * 100 : NAN, 1, false);
    num(f, json_number_value(json_object_get(o, "beds")), 0, false);
    const json_t *older = json_object_get(o, "older_population");
    num(f, json_is_number(older) ? json_number_value(older) : NAN, 0, false);
    const json_t *b = json_object_get(o, "beds_per_1000_older");
    num(f, json_is_number(b) ? json_number_value(b) : NAN, 1, true);
}

static int townships_csv(const gis_coverage_report *r, const char *dir, gis_error *err)
{
    static const char NAME[] = "township_rates.csv";
    gis_outfile *o = open_csv(dir, NAME,
                              "code,name,villages_in_scope,covered,uncovered,urban_communities,"
                              "coverage_rate_pct,elderly_care_centres,villages_with_happiness_home,"
                              "happiness_home_rate_pct,beds,older_population,beds_per_1000_older\n",
                              err);
    if (o == NULL)
        return err ? err->code : GIS_EIO;
    FILE *f = gis_outfile_stream(o);
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(r->summary, "townships"), i, t) rate_row(f, t);
    rate_row(f, json_object_get(r->summary, "county"));
    return gis_outfile_commit(o, err);
}

static int graves_csv(const gis_coverage_report *r, const char *dir, gis_error *err)
{
    static const char NAME[] = "graves_to_relocate.csv";
    gis_outfile *o =
        open_csv(dir, NAME,
                 "grave_id,township_code,township_name,village_code,village_name,zone_id,"
                 "zone_name,lon,lat,built_date,status,class\n",
                 err);
    if (o == NULL)
        return err ? err->code : GIS_EIO;
    FILE *f = gis_outfile_stream(o);
    for (size_t i = 0; r->graves && i < r->graves->n_relocations; i++) {
        const gis_grave_relocation *g = &r->graves->relocations[i];
        const gis_unit *v = g->village >= 0 ? &r->villages[g->village] : NULL;
        const gis_unit *t = township(r, g->village);
        const gis_zone *z = &r->zones[g->zone];
        fprintf(f, "%lld,", (long long)g->grave_id);
        field(f, t ? t->code : NULL, false);
        field(f, t ? t->name : NULL, false);
        field(f, v ? v->code : NULL, false);
        field(f, v ? v->name : NULL, false);
        fprintf(f, "%lld,", (long long)z->id);
        field(f, z->name, false);
        fprintf(f, "%.7f,%.7f,", g->lon, g->lat);
        field(f, g->built_date, false);
        field(f, gis_grave_status_name(g->status), false);
        field(f, g->is_new_illegal ? "new_illegal" : "backlog", true);
    }
    return gis_outfile_commit(o, err);
}

int gis_coverage_report_write_csv(const gis_coverage_report *r, const char *dir, gis_error *err)
{
    int rc = villages_csv(r, dir, err);
    if (rc == GIS_OK)
        rc = townships_csv(r, dir, err);
    if (rc == GIS_OK)
        rc = graves_csv(r, dir, err);
    return rc;
}
