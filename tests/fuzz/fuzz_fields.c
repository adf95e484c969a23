/*
 * Fuzzes the attribute mapping of imports (importers/fields.h): the first line picks a layer
 * kind (by its first byte), lines starting with '=' are --field overrides (without the '='),
 * the others are source field names; every line also goes through the value normalisers.
 * Checks that resolved indices point at a source field.
 */
#include <stdint.h>

#include "importers/fields.h"
#include "tests/fuzz/fuzz_input.h"

static const char *const kinds[] = {"county",  "townships",  "villages",   "boundary_lines",
                                    "markers", "cemeteries", "facilities", "no_burial_zones",
                                    "graves",  "nonsense"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lines l;
    if (!fuzz_lines_split(data, size, &l))
        return 0;
    const char *names[FUZZ_MAX_LINES], *over[FUZZ_MAX_LINES];
    size_t n_names = 0, n_over = 0;
    const char *kind = kinds[(unsigned char)l.line[0][0] % 10];
    (void)imp_fields_is_kind(kind);
    for (size_t i = 1; i < l.n; i++) {
        if (l.line[i][0] == '=')
            over[n_over++] = l.line[i] + 1;
        else
            names[n_names++] = l.line[i];
    }
    imp_field_map map;
    gis_error err = {0};
    if (imp_fields_resolve(kind, names, n_names, over, n_over, "fuzz.csv", &map, &err) == GIS_OK) {
        if (map.n_targets > IMP_FIELDS_MAX)
            __builtin_trap();
        for (size_t t = 0; t < map.n_targets; t++) {
            if (map.source_index[t] < -1 || map.source_index[t] >= (int)n_names)
                __builtin_trap();
            if (imp_fields_target(&map, map.targets[t]) != (int)t)
                __builtin_trap();
        }
    } else if (err.msg[0] == '\0') {
        __builtin_trap(); /* every failure explains itself */
    }
    for (size_t i = 0; i < l.n; i++) {
        char code[32];
        int64_t n = 0;
        bool b = false;
        (void)imp_fields_normalise_code(l.line[i], code, sizeof code);
        if (strnlen(code, sizeof code) == sizeof code)
            __builtin_trap();
        if (imp_fields_parse_count(l.line[i], &n) && n < 0)
            __builtin_trap();
        (void)imp_fields_parse_bool(l.line[i], &b);
    }
    fuzz_lines_free(&l);
    return 0;
}
