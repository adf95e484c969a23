/*
 * Fuzzes the coordinate columns of tables without geometry (importers/coords.h): each input line
 * is a column name for imp_coords_find, and each line is parsed as a coordinate value. Checks
 * that found columns are in range and parsed values are finite.
 */
#include <math.h>
#include <stdint.h>

#include "importers/coords.h"
#include "tests/fuzz/fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lines l;
    if (!fuzz_lines_split(data, size, &l))
        return 0;
    imp_coord_cols cols;
    if (imp_coords_find(l.line, l.n, &cols)) {
        if (cols.a < 0 || (size_t)cols.a >= l.n || cols.b < 0 || (size_t)cols.b >= l.n ||
            cols.a == cols.b)
            __builtin_trap();
    }
    for (size_t i = 0; i < l.n; i++) {
        double v = 0;
        if (imp_coords_parse(l.line[i], &v) && !isfinite(v))
            __builtin_trap();
    }
    fuzz_lines_free(&l);
    return 0;
}
