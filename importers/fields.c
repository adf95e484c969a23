/*
 * This file implements the field alias tables of the importers and value normalisation.
 * Aliases are matched case-insensitively after trimming; the first alias that matches a source
 * field wins, in table order, so put specific names before generic ones. It does not read files.
 */
#include "importers/fields.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define A(...) ((const char *const[]){__VA_ARGS__, NULL})

typedef struct target_def {
    const char *name;           /* target field */
    bool mandatory;             /* import refuses a source without it */
    const char *const *aliases; /* NULL-terminated */
} target_def;

typedef struct kind_def {
    const char *kind;
    target_def targets[IMP_FIELDS_MAX];
} kind_def;

#define UNIT_TARGETS                                                                               \
    {                                                                                              \
        {"code", true,                                                                             \
         A("code", "代码", "编码", "行政区划代码", "区划代码", "统计用区划代码", "XZQDM",          \
           "XZQHDM", "QHDM", "adcode", "DM")},                                                     \
            {"name", true,                                                                         \
             A("name", "名称", "行政区划名称", "区划名称", "单位名称", "XZQMC", "QHMC", "MC")},    \
            {"parent_code", false,                                                                 \
             A("parent_code", "上级代码", "上级区划代码", "上级行政区划代码", "SJXZQDM", "SJDM",   \
               "parent")},                                                                         \
            {"kind", false, A("kind", "单位类型", "类别", "类型")},                                \
            {"population", false,                                                                  \
             A("population", "人口", "常住人口", "户籍人口", "总人口", "RK", "pop")},              \
        {                                                                                          \
            "older_population", false,                                                             \
                A("older_population", "老年人口", "60岁以上人口", "老年人口数", "LNRK",            \
                  "older_pop")                                                                     \
        }                                                                                          \
    }

static const kind_def KINDS[] = {
    {"county", UNIT_TARGETS},
    {"townships", UNIT_TARGETS},
    {"villages", UNIT_TARGETS},
    {"boundary_lines",
     {{"line_code", true,
       A("line_code", "界线编号", "界线代码", "界线号", "编号", "JXBH", "JXDM", "code", "line",
         "name")},
      {"left_code", false, A("left_code", "左侧代码", "左侧单位代码", "左侧", "ZCDM", "left")},
      {"right_code", false, A("right_code", "右侧代码", "右侧单位代码", "右侧", "YCDM", "right")},
      {"surveyed_by", false, A("surveyed_by", "勘测单位", "测绘方", "施测方", "KCDW", "surveyed")},
      {"inspected_on", false, A("inspected_on", "联检日期", "检查日期", "LJRQ", "inspected")}}},
    {"markers",
     {{"number", true,
       A("number", "界桩号", "界桩编号", "编号", "点号", "JZH", "JZBH", "no", "name", "名称",
         "Text")},
      {"type", false, A("type", "界桩类型", "类型", "类别", "LX")},
      {"line_code", false, A("line_code", "界线编号", "界线代码", "所属界线", "JXBH", "line")}}},
    {"cemeteries",
     {{"name", true, A("name", "名称", "公墓名称", "墓地名称", "MC")},
      {"village_code", false,
       A("village_code", "所在村代码", "村代码", "所在村", "CJDM", "village", "代码", "code")},
      {"serves_codes", false, A("serves_codes", "服务村代码", "服务村", "联建村", "serves")},
      {"capacity", false, A("capacity", "容量", "墓穴数", "设计墓穴数", "墓位数", "RL")},
      {"used", false, A("used", "已用", "已用墓穴", "已安葬", "已使用")},
      {"approval_no", false, A("approval_no", "批准文号", "批复文号", "审批文号", "approval")}}},
    {"facilities",
     {{"kind", true, A("kind", "设施类型", "类型", "类别", "type", "LX")},
      {"name", true, A("name", "名称", "设施名称", "机构名称", "MC")},
      {"village_code", false,
       A("village_code", "所在村代码", "村代码", "所在村", "CJDM", "village", "代码", "code")},
      {"serves_codes", false, A("serves_codes", "服务村代码", "服务村", "联建村", "serves")},
      {"capacity", false, A("capacity", "容量", "墓穴数", "墓位数", "RL")},
      {"used", false, A("used", "已用", "已用墓穴", "已使用", "入住")},
      {"beds", false, A("beds", "床位", "床位数", "CWS")},
      {"approval_no", false, A("approval_no", "批准文号", "批复文号", "审批文号", "approval")}}},
    {"no_burial_zones",
     {{"name", true, A("name", "名称", "禁葬区名称", "MC")},
      {"reason", false, A("reason", "原因", "禁葬原因", "类别", "类型")},
      {"legal_basis", false, A("legal_basis", "依据", "法律依据", "文号", "批准文号", "basis")},
      {"effective_date", false,
       A("effective_date", "生效日期", "施行日期", "实施日期", "eff_date")}}},
    {"graves",
     {{"owner", false, A("owner", "墓主", "户主", "姓名", "墓主姓名", "name")},
      {"village_code", false,
       A("village_code", "所在村代码", "村代码", "所在村", "CJDM", "village", "代码", "code")},
      {"protected", false, A("protected", "受保护", "保护", "文物")},
      {"status", false, A("status", "状态", "处置状态")},
      {"built_date", false, A("built_date", "建造日期", "修建日期", "建墓日期", "built")}}},
};
#define N_KINDS (sizeof KINDS / sizeof KINDS[0])

static const kind_def *find_kind(const char *kind)
{
    for (size_t i = 0; kind && i < N_KINDS; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return &KINDS[i];
    return NULL;
}

bool imp_fields_is_kind(const char *kind)
{
    return find_kind(kind) != NULL;
}

const char *imp_fields_kinds(void)
{
    return "county townships villages boundary_lines markers cemeteries facilities "
           "no_burial_zones graves";
}

/* Case-insensitive equality of a and b, ignoring spaces around a. */
static bool same_name(const char *a, const char *b)
{
    while (*a == ' ')
        a++;
    size_t n = strlen(a);
    while (n > 0 && a[n - 1] == ' ')
        n--;
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

static int find_source(const char *const *names, size_t n_names, const char *want)
{
    for (size_t i = 0; i < n_names; i++)
        if (names[i] && same_name(names[i], want))
            return (int)i;
    return -1;
}

static void alias_list(const target_def *t, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; t->aliases[i] && i < 6; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", t->aliases[i]);
    }
}

static int apply_override(const kind_def *k, const char *ov, const char *const *names,
                          size_t n_names, const char *file, imp_field_map *out, gis_error *err)
{
    const char *eq = strchr(ov, '=');
    if (eq == NULL || eq == ov || eq[1] == '\0')
        return GIS_ERR(err, GIS_EINVAL, "--field '%s': expected target=source", ov);
    size_t tlen = (size_t)(eq - ov);
    for (size_t t = 0; t < out->n_targets; t++) {
        if (strlen(k->targets[t].name) != tlen || strncmp(k->targets[t].name, ov, tlen) != 0)
            continue;
        int idx = find_source(names, n_names, eq + 1);
        if (idx < 0)
            return GIS_ERR(err, GIS_ESOURCE, "%s: --field %s: the source has no field '%s'", file,
                           k->targets[t].name, eq + 1);
        out->source_index[t] = idx;
        return GIS_OK;
    }
    return GIS_ERR(err, GIS_EINVAL, "--field '%s': '%.*s' is not a field of %s", ov, (int)tlen, ov,
                   k->kind);
}

int imp_fields_resolve(const char *kind, const char *const *names, size_t n_names,
                       const char *const *overrides, size_t n_overrides, const char *file,
                       imp_field_map *out, gis_error *err)
{
    memset(out, 0, sizeof *out);
    const kind_def *k = find_kind(kind);
    if (k == NULL)
        return GIS_ERR(err, GIS_EINVAL, "unknown layer kind '%s' (one of: %s)", kind ? kind : "",
                       imp_fields_kinds());
    file = file ? file : "source";
    for (size_t t = 0; t < IMP_FIELDS_MAX && k->targets[t].name; t++) {
        out->targets[t] = k->targets[t].name;
        out->source_index[t] = -1;
        out->n_targets = t + 1;
        for (size_t a = 0; k->targets[t].aliases[a] && out->source_index[t] < 0; a++)
            out->source_index[t] = find_source(names, n_names, k->targets[t].aliases[a]);
    }
    for (size_t i = 0; i < n_overrides; i++) {
        int rc = apply_override(k, overrides[i], names, n_names, file, out, err);
        if (rc != GIS_OK)
            return rc;
    }
    for (size_t t = 0; t < out->n_targets; t++) {
        if (!k->targets[t].mandatory || out->source_index[t] >= 0)
            continue;
        char aliases[160];
        alias_list(&k->targets[t], aliases, sizeof aliases);
        return GIS_ERR(err, GIS_ESOURCE,
                       "%s: missing mandatory field '%s' for %s (looked for %s; map one with "
                       "--field %s=SOURCE)",
                       file, k->targets[t].name, kind, aliases, k->targets[t].name);
    }
    return GIS_OK;
}

int imp_fields_target(const imp_field_map *map, const char *target)
{
    for (size_t t = 0; t < map->n_targets; t++)
        if (strcmp(map->targets[t], target) == 0)
            return (int)t;
    return -1;
}

static void trim_copy(const char *in, char *out, size_t cap)
{
    while (*in && isspace((unsigned char)*in))
        in++;
    size_t n = strlen(in);
    while (n > 0 && isspace((unsigned char)in[n - 1]))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, in, n);
    out[n] = '\0';
}

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* Parses s as a whole finite double. */
static bool parse_double(const char *s, double *out)
{
    if (*s == '\0')
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool imp_fields_normalise_code(const char *in, char *out, size_t cap)
{
    if (cap == 0)
        return false;
    trim_copy(in ? in : "", out, cap);
    if (all_digits(out))
        return true;
    /* Spreadsheets and DBF numeric columns turn 12-digit codes into floats. */
    double v;
    if (strpbrk(out, ".eE") && parse_double(out, &v) && v >= 0 && v < 1e15 && v == floor(v)) {
        snprintf(out, cap, "%.0f", v);
        return true;
    }
    return false;
}

bool imp_fields_parse_count(const char *in, int64_t *out)
{
    char buf[64];
    trim_copy(in ? in : "", buf, sizeof buf);
    double v;
    if (!parse_double(buf, &v) || v < 0 || v > 9e15 || v != floor(v))
        return false;
    *out = (int64_t)v;
    return true;
}

bool imp_fields_parse_bool(const char *in, bool *out)
{
    static const char *const yes[] = {"是", "1", "true", "yes", "y", "t", "受保护", NULL};
    static const char *const no[] = {"否", "0", "false", "no", "n", "f", "", NULL};
    char buf[32];
    trim_copy(in ? in : "", buf, sizeof buf);
    for (size_t i = 0; yes[i]; i++)
        if (strcasecmp(buf, yes[i]) == 0)
            return *out = true, true;
    for (size_t i = 0; no[i]; i++)
        if (strcasecmp(buf, no[i]) == 0)
            return *out = false, true;
    return false;
}
