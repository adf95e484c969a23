/*
 * Helpers shared by the tests/gis/check_validate*.c suites: building unit records from WKT,
 * running SpatiaLite SQL through the `spatialite` program as an independent oracle, and finding
 * findings by rule. Static functions only; include from one test file each.
 */
#ifndef TESTS_VALIDATE_FIXTURE_H
#define TESTS_VALIDATE_FIXTURE_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis/crs.h"
#include "gis/findings.h"
#include "gis/records.h"
#include "gis/validate.h"

static char *vf_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Fills u (zeroed first) with owned copies; wkt may be NULL (no geometry). */
static void vf_unit(gis_ctx *c, gis_unit *u, const char *code, const char *name, const char *level,
                    const char *parent, const char *wkt)
{
    memset(u, 0, sizeof *u);
    u->code = vf_strdup(code);
    u->name = vf_strdup(name);
    u->level = vf_strdup(level);
    u->parent_code = vf_strdup(parent);
    u->population = -1;
    u->older_population = -1;
    if (wkt != NULL) {
        gis_error err = {0};
        ck_assert_msg(gis_geom_from_wkt(c, wkt, &u->geom, &err) == GIS_OK, "%s", err.msg);
    }
}

/* Runs sql through `spatialite :memory:` and returns its stdout (owned, free()). */
static char *vf_spatialite(const char *sql)
{
    char in[] = "/tmp/jw_vf_sql_XXXXXX";
    int fd = mkstemp(in);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(sql, f);
    fclose(f);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "spatialite -silent :memory: < %s 2>/dev/null", in);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 1024)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    pclose(p);
    unlink(in);
    return buf;
}

/* Runs sql and returns the first number of its output. */
static double vf_spatialite_real(const char *sql)
{
    char *out = vf_spatialite(sql);
    char *s = out;
    while (*s && !(*s == '-' || (*s >= '0' && *s <= '9')))
        s++;
    double v = *s ? strtod(s, NULL) : NAN;
    free(out);
    return v;
}

/* Returns the findings of rule in l, in list order, into out (max n); returns the count. */
static size_t vf_by_rule(const gis_finding_list *l, const char *rule, gis_finding **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i]->rule, rule) == 0) {
            if (n < max)
                out[n] = l->items[i];
            n++;
        }
    return n;
}

/* True when f names unit code. */
static int vf_has_unit(const gis_finding *f, const char *code)
{
    for (size_t i = 0; i < f->n_units; i++)
        if (strcmp(f->units[i], code) == 0)
            return 1;
    return 0;
}

#endif
