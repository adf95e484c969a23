/*
 * Fuzzes the CRS decision of imports (importers/crs_detect.h). The input is a header of fixed
 * fields (flags, EPSG codes, axis, coordinate kind, central meridian, four doubles of extent)
 * followed by text lines: the --towgs84 value, then the given and declared CRS definition,
 * PROJ.4 form and name. Checks that a decision's strings are terminated and that failures
 * carry a message.
 */
#include <math.h>
#include <stdint.h>

#include "importers/crs_detect.h"
#include "tests/fuzz/fuzz_input.h"

typedef struct header {
    uint8_t flags;
    uint8_t axis;
    uint8_t coords;
    uint8_t pad;
    int32_t epsg_given;
    int32_t epsg_declared;
    int32_t central_meridian;
    double extent[4];
} header;

static const char *line_or_null(const fuzz_lines *l, size_t i)
{
    return i < l->n && l->line[i][0] ? l->line[i] : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    header h;
    if (size < sizeof h)
        return 0;
    memcpy(&h, data, sizeof h);
    fuzz_lines l;
    if (!fuzz_lines_split(data + sizeof h, size - sizeof h, &l))
        return 0;
    imp_crs_input in;
    memset(&in, 0, sizeof in);
    in.given.present = h.flags & 1;
    in.given.legacy = h.flags & 2;
    in.given.geographic = h.flags & 4;
    in.given.epsg = h.epsg_given;
    in.declared.present = h.flags & 8;
    in.declared.legacy = h.flags & 16;
    in.declared.geographic = h.flags & 32;
    in.declared.epsg = h.epsg_declared;
    in.has_extent = h.flags & 64;
    in.axis = h.axis % 4;
    in.coords = h.coords % 5;
    in.central_meridian = h.central_meridian;
    memcpy(in.extent, h.extent, sizeof in.extent);
    in.towgs84 = line_or_null(&l, 0);
    in.given.def = line_or_null(&l, 1);
    in.given.proj4 = line_or_null(&l, 2);
    in.given.name = line_or_null(&l, 3);
    in.declared.def = line_or_null(&l, 4);
    in.declared.proj4 = line_or_null(&l, 5);
    in.declared.name = line_or_null(&l, 6);
    imp_crs_decision d;
    gis_error err = {0};
    if (imp_crs_detect(&in, &d, &err) == GIS_OK) {
        if (strnlen(d.crs, sizeof d.crs) == sizeof d.crs ||
            strnlen(d.note, sizeof d.note) == sizeof d.note)
            __builtin_trap();
    } else if (err.msg[0] == '\0') {
        __builtin_trap();
    }
    for (int i = 0; i < 2; i++) {
        int m = imp_crs_magnitude(h.extent[i], h.extent[i + 2]);
        if (m < IMP_MAG_OTHER || m > IMP_MAG_EASTING8)
            __builtin_trap();
    }
    fuzz_lines_free(&l);
    return 0;
}
