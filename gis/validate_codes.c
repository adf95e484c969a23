/*
 * This file implements the code rules of boundary validation (DOMAIN.md CODE-01, CODE-03,
 * CODE-04): bad_code (malformed length or characters for the unit's level), duplicate_code
 * (one code used by several units) and parent_mismatch (a village's first 9 digits are not its
 * township's code, a township's first 6 not its county's, or the named parent does not exist).
 * It does not check geometry.
 */
#include "gis/validate_int.h"

#include <string.h>

#include "gis/codes.h"

static const char *level_zh(const char *level)
{
    if (level == NULL)
        return "未知级别";
    if (strcmp(level, "county") == 0)
        return "县级";
    if (strcmp(level, "township") == 0)
        return "乡级";
    return strcmp(level, "village") == 0 ? "村级" : "未知级别";
}

static int digits_for(const char *level)
{
    if (level == NULL)
        return 0;
    return strcmp(level, "county") == 0 ? 6 : strcmp(level, "township") == 0 ? 9 : 12;
}

/* Starts a finding on unit v, located inside its geometry when it has one. */
static int code_finding(vrun *r, const char *rule, const vunit *v, gis_finding **out,
                        gis_error *err)
{
    int rc = gis_finding_list_add(r->out, rule, GIS_SEV_ERROR, out, err);
    if (rc == GIS_OK)
        rc = gis_finding_add_unit(*out, v->u->code ? v->u->code : "", err);
    if (rc == GIS_OK && v->geo != NULL) {
        gis_geom view = {(GEOSGeometry *)v->geo};
        gis_geom *copy = NULL;
        if ((rc = gis_geom_clone(r->ctx, &view, &copy, err)) == GIS_OK) {
            gis_finding_set_geom(r->ctx, *out, copy);
            rc = gis_finding_locate(r->ctx, *out, err);
        }
    }
    return rc;
}

static bool is_bad(const vunit *v)
{
    const char *lvl = gis_code_level(v->u->code ? v->u->code : "");
    return lvl == NULL || v->u->level == NULL || strcmp(lvl, v->u->level) != 0;
}

static int check_bad(vrun *r, const vunit *v, gis_error *err)
{
    gis_finding *f = NULL;
    int rc = code_finding(r, "bad_code", v, &f, err);
    if (rc == GIS_OK)
        rc = gis_finding_set_message(f, err, "%s 的代码 %s 格式错误: %s代码应为 %d 位数字",
                                     v->u->name, v->u->code ? v->u->code : "(空)",
                                     level_zh(v->u->level), digits_for(v->u->level));
    return rc;
}

static const char *parent_level(const char *level)
{
    if (level != NULL && strcmp(level, "village") == 0)
        return "township";
    if (level != NULL && strcmp(level, "township") == 0)
        return "county";
    return NULL;
}

static bool level_loaded(const vrun *r, const char *level)
{
    for (size_t i = 0; i < r->n_units; i++)
        if (r->units[i].u->level && strcmp(r->units[i].u->level, level) == 0)
            return true;
    return false;
}

static int check_parent(vrun *r, const vunit *v, bool parent_loaded, gis_error *err)
{
    const gis_unit *u = v->u;
    const char *pl = parent_level(u->level);
    if (pl == NULL || u->parent_code == NULL || u->parent_code[0] == '\0')
        return GIS_OK;
    const vunit *p = vrun_find(r, u->parent_code);
    gis_finding *f = NULL;
    int rc = GIS_OK;
    if (!gis_code_is_child_of(u->code, u->parent_code)) {
        if ((rc = code_finding(r, "parent_mismatch", v, &f, err)) == GIS_OK)
            rc = gis_finding_set_message(f, err, "%s (%s) 的代码前 %d 位与上级代码 %s 不一致",
                                         u->name, u->code, digits_for(pl), u->parent_code);
    } else if (parent_loaded && (p == NULL || p->u->level == NULL || strcmp(p->u->level, pl))) {
        if ((rc = code_finding(r, "parent_mismatch", v, &f, err)) == GIS_OK)
            rc = gis_finding_set_message(f, err, "%s (%s) 的上级单位 %s 不存在", u->name, u->code,
                                         u->parent_code);
    }
    if (rc == GIS_OK && f != NULL)
        json_object_set_new(f->details, "parent_code", json_string(u->parent_code));
    return rc;
}

/* One duplicate_code finding per code used by units by_code[lo..hi). */
static int check_duplicate(vrun *r, size_t lo, size_t hi, gis_error *err)
{
    const vunit *first = &r->units[r->by_code[lo]];
    for (size_t k = lo; k < hi; k++)
        if (r->units[r->by_code[k]].geo != NULL) {
            first = &r->units[r->by_code[k]];
            break;
        }
    gis_finding *f = NULL;
    int rc = code_finding(r, "duplicate_code", first, &f, err);
    char names[200] = "";
    size_t pos = 0;
    for (size_t k = lo; k < hi && pos < sizeof names; k++)
        pos += (size_t)snprintf(names + pos, sizeof names - pos, "%s%s", k > lo ? ", " : "",
                                r->units[r->by_code[k]].u->name);
    if (rc == GIS_OK)
        rc = gis_finding_set_message(f, err, "代码 %s 重复出现 %zu 次 (%s)", first->u->code,
                                     hi - lo, names);
    if (rc == GIS_OK)
        json_object_set_new(f->details, "count", json_integer((json_int_t)(hi - lo)));
    return rc;
}

int vcodes_check(vrun *r, gis_error *err)
{
    int rc = GIS_OK;
    bool loaded_county = level_loaded(r, "county"), loaded_township = level_loaded(r, "township");
    for (size_t i = 0; i < r->n_units && rc == GIS_OK; i++) {
        const vunit *v = &r->units[i];
        if (!vrun_level_checked(r, v->u->level) && v->u->level != NULL &&
            strcmp(v->u->level, "county") != 0)
            continue;
        if (is_bad(v))
            rc = check_bad(r, v, err);
        else if (vrun_level_checked(r, v->u->level))
            rc = check_parent(
                r, v, strcmp(v->u->level, "village") == 0 ? loaded_township : loaded_county, err);
    }
    for (size_t lo = 0, hi; lo < r->n_units && rc == GIS_OK; lo = hi) {
        const char *code = r->units[r->by_code[lo]].u->code;
        for (hi = lo + 1; hi < r->n_units; hi++) {
            const char *c = r->units[r->by_code[hi]].u->code;
            if (code == NULL || c == NULL || strcmp(code, c) != 0)
                break;
        }
        const vunit *v = &r->units[r->by_code[lo]];
        if (hi - lo > 1 && code != NULL && code[0] && vrun_level_checked(r, v->u->level))
            rc = check_duplicate(r, lo, hi, err);
    }
    return rc;
}
