/*
 * This file implements the record types' kind tables and free functions.
 */
#include "gis/records.h"

#include <stdlib.h>
#include <string.h>

static const char *const KIND_NAMES[GIS_FAC_COUNT] = {
    "public_cemetery", "funeral_home",  "welfare_home", "elderly_care_centre",
    "happiness_home",  "child_centre", "other"};

static const char *const KIND_LABELS_ZH[GIS_FAC_COUNT] = {
    "公益性公墓", "殡仪馆", "敬老院", "综合养老服务中心", "幸福院", "儿童之家", "其他"};

const char *gis_facility_kind_name(int kind)
{
    return kind >= 0 && kind < GIS_FAC_COUNT ? KIND_NAMES[kind] : NULL;
}

const char *gis_facility_kind_label_zh(int kind)
{
    return kind >= 0 && kind < GIS_FAC_COUNT ? KIND_LABELS_ZH[kind] : NULL;
}

int gis_facility_kind_parse(const char *s)
{
    if (s == NULL)
        return -1;
    for (int k = 0; k < GIS_FAC_COUNT; k++)
        if (strcmp(s, KIND_NAMES[k]) == 0 || strcmp(s, KIND_LABELS_ZH[k]) == 0)
            return k;
    /* Aliases staff use (DOMAIN.md ELD-06: 幸福院 and 互助照料中心 are one class). */
    static const struct {
        const char *alias;
        int kind;
    } aliases[] = {{"cemetery", GIS_FAC_PUBLIC_CEMETERY},     {"公墓", GIS_FAC_PUBLIC_CEMETERY},
                   {"农村公益性公墓", GIS_FAC_PUBLIC_CEMETERY}, {"互助照料中心", GIS_FAC_HAPPINESS_HOME},
                   {"农村幸福院", GIS_FAC_HAPPINESS_HOME},      {"福利院", GIS_FAC_WELFARE_HOME},
                   {"养老服务中心", GIS_FAC_ELDERLY_CARE_CENTRE}};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(s, aliases[i].alias) == 0)
            return aliases[i].kind;
    return -1;
}

void gis_unit_clear(gis_ctx *ctx, gis_unit *u)
{
    free(u->code);
    free(u->name);
    free(u->level);
    free(u->parent_code);
    free(u->kind);
    gis_geom_free(ctx, u->geom);
    memset(u, 0, sizeof *u);
}

void gis_grave_clear(gis_ctx *ctx, gis_grave *g)
{
    free(g->owner);
    free(g->village_code);
    free(g->status);
    free(g->built_date);
    gis_geom_free(ctx, g->geom);
    memset(g, 0, sizeof *g);
}

void gis_unit_array_free(gis_ctx *ctx, gis_unit *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        gis_unit_clear(ctx, &a[i]);
    free(a);
}

void gis_boundary_line_array_free(gis_ctx *ctx, gis_boundary_line *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        free(a[i].line_code);
        free(a[i].left_code);
        free(a[i].right_code);
        free(a[i].surveyed_by);
        free(a[i].inspected_on);
        gis_geom_free(ctx, a[i].geom);
    }
    free(a);
}

void gis_marker_array_free(gis_ctx *ctx, gis_marker *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        free(a[i].number);
        free(a[i].type);
        free(a[i].line_code);
        gis_geom_free(ctx, a[i].geom);
    }
    free(a);
}

void gis_facility_array_free(gis_ctx *ctx, gis_facility *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        free(a[i].kind);
        free(a[i].name);
        free(a[i].village_code);
        free(a[i].serves_codes);
        free(a[i].approval_no);
        gis_geom_free(ctx, a[i].geom);
        gis_geom_free(ctx, a[i].footprint);
    }
    free(a);
}

void gis_zone_array_free(gis_ctx *ctx, gis_zone *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        free(a[i].name);
        free(a[i].reason);
        free(a[i].legal_basis);
        free(a[i].effective_date);
        gis_geom_free(ctx, a[i].geom);
    }
    free(a);
}

void gis_grave_array_free(gis_ctx *ctx, gis_grave *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        gis_grave_clear(ctx, &a[i]);
    free(a);
}
