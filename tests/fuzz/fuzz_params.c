/*
 * Fuzzes the HTTP request parameter parsers (server/params.h): integers with bounds (limit,
 * offset), bbox, CRS URIs, datetime and tile addresses. Line 0 goes to every single-value parser; lines
 * 1..3 are z, x and "y.ext". Checks the contracts: values within bounds, bbox ordered and
 * finite, datetime ends as YYYY-MM-DD in order, tile coordinates inside the zoom's grid, failures with a message naming something.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "server/params.h"
#include "tests/fuzz/fuzz_input.h"

static void check_fail(int rc, const gis_error *err)
{
    if (rc != GIS_OK && (rc != GIS_EINVAL || err->msg[0] == '\0'))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lines l;
    if (!fuzz_lines_split(data, size, &l))
        return 0;
    const char *s = l.line[0];
    gis_error err = {0};
    int64_t v = 0;
    int rc = srv_params_int("limit", s, 1, 10000, &v, &err);
    check_fail(rc, &err);
    if (rc == GIS_OK && (v < 1 || v > 10000))
        __builtin_trap();
    rc = srv_params_int("offset", s, 0, INT64_MAX, &v, &err);
    check_fail(rc, &err);
    if (rc == GIS_OK && v < 0)
        __builtin_trap();
    double b[4];
    rc = srv_params_bbox(s, b, &err);
    check_fail(rc, &err);
    if (rc == GIS_OK) {
        for (int i = 0; i < 4; i++)
            if (!isfinite(b[i]))
                __builtin_trap();
    }
    int crs = -1;
    rc = srv_params_crs("crs", s, &crs, &err);
    check_fail(rc, &err);
    if (rc == GIS_OK && srv_params_crs_uri(crs) == NULL)
        __builtin_trap();
    char from[SRV_DATE_LEN], to[SRV_DATE_LEN];
    rc = srv_params_datetime(s, from, to, &err);
    check_fail(rc, &err);
    if (rc == GIS_OK) {
        if ((from[0] == '\0' && to[0] == '\0') || (from[0] && strlen(from) != 10) ||
            (to[0] && strlen(to) != 10) || (from[0] && to[0] && strcmp(from, to) > 0))
            __builtin_trap();
    }
    if (l.n >= 4) {
        int z = -1;
        long x = -1, y = -1;
        rc = srv_params_tile(l.line[1], l.line[2], l.line[3], ".mvt", 22, &z, &x, &y, &err);
        check_fail(rc, &err);
        if (rc == GIS_OK && (z < 0 || z > 22 || x < 0 || y < 0 || x >= (1L << z) || y >= (1L << z)))
            __builtin_trap();
    }
    fuzz_lines_free(&l);
    return 0;
}
