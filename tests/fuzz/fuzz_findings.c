/*
 * Fuzzes the findings writers (gis/findings.h) with hostile text: each input line becomes a
 * finding whose rule, unit codes, message and accept reason are the line (quotes, control
 * characters, invalid UTF-8, long names), with measures and a location from the line's bytes.
 * Checks that the report and GeoJSON documents serialise (jansson escapes; invalid UTF-8 is
 * refused by jansson itself, so the writers must not crash or leak when it is) and that the
 * serialised text parses back.
 */
#include <math.h>
#include <stdint.h>

#include "gis/ctx.h"
#include "gis/findings.h"
#include "tests/fuzz/fuzz_input.h"

static gis_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gis_error err = {0};
    if (gis_ctx_new(&ctx, &err) != GIS_OK)
        abort();
    return 0;
}

static void check_dump(json_t *doc)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    if (text) {
        json_error_t je;
        json_t *back = json_loads(text, 0, &je);
        if (!back)
            __builtin_trap();
        json_decref(back);
        free(text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lines l;
    if (!fuzz_lines_split(data, size, &l))
        return 0;
    gis_finding_list *list = NULL;
    gis_error err = {0};
    if (gis_finding_list_new(&list, &err) != GIS_OK)
        abort();
    for (size_t i = 0; i < l.n; i++) {
        const char *s = l.line[i];
        size_t n = strlen(s);
        unsigned char b0 = n ? (unsigned char)s[0] : 0;
        gis_finding *f = NULL;
        if (gis_finding_list_add(list, n ? s : "gap", b0 % 4, &f, &err) != GIS_OK)
            continue;
        gis_finding_add_unit(f, s, &err);
        gis_finding_add_unit(f, "420625101", &err);
        gis_finding_set_message(f, &err, "%s与%s之间存在缝隙 %.0f 平方米", s, s, (double)n);
        f->area_m2 = b0 & 1 ? NAN : (double)n * 1e300;
        f->distance_m = b0 & 2 ? INFINITY : -(double)n;
        if (b0 & 4) {
            f->lon = 111.0 + b0 / 100.0;
            f->lat = b0 & 8 ? NAN : 32.0;
        }
        if (b0 & 16) {
            f->status = GIS_FINDING_ACCEPTED;
            f->accept_reason = strdup(s);
        }
        if (b0 & 32) {
            gis_geom *g = NULL;
            if (gis_geom_from_wkt(ctx, s, &g, &err) == GIS_OK)
                gis_finding_set_geom(ctx, f, g);
            if (f->geom)
                gis_finding_locate(ctx, f, &err);
        }
        json_object_set_new(f->details, n ? s : "k", json_string(s));
    }
    json_t *rules = json_object();
    json_object_set_new(rules, l.line[0], json_real(1e308));
    json_t *doc = NULL;
    if (gis_findings_to_json(list, l.line[0], rules, (int64_t)size, &doc, &err) == GIS_OK) {
        check_dump(doc);
        json_decref(doc);
    }
    doc = NULL;
    if (gis_findings_to_geojson(ctx, list, &doc, &err) == GIS_OK) {
        check_dump(doc);
        json_decref(doc);
    }
    (void)gis_finding_list_has_errors(list);
    (void)gis_finding_list_count(list, l.line[0], -1, -1);
    json_decref(rules);
    gis_finding_list_free(ctx, list);
    fuzz_lines_free(&l);
    return 0;
}
