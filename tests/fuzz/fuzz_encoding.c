/*
 * Fuzzes the text-encoding checks of the importers (importers/encoding.h): UTF-8 validity,
 * mojibake detection, and conversion from GBK and GB18030 to UTF-8. Checks that a converted
 * string is valid UTF-8. The first byte picks the source encoding.
 */
#include <stdint.h>

#include "importers/encoding.h"
#include "tests/fuzz/fuzz_input.h"

static const char *const encodings[] = {"GBK", "GB18030", "BIG5", "UTF-16LE"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *s = fuzz_cstr(data + 1, size - 1);
    if (!s)
        return 0;
    if (imp_encoding_is_utf8(s))
        (void)imp_encoding_is_mojibake(s);
    imp_encoding *e = NULL;
    gis_error err = {0};
    if (imp_encoding_new(encodings[data[0] % 4], &e, &err) == GIS_OK) {
        const char *out = NULL;
        /* Twice: the converter keeps its buffer between calls. */
        for (int i = 0; i < 2; i++) {
            if (imp_encoding_convert(e, s, &out, &err) == GIS_OK && !imp_encoding_is_utf8(out))
                __builtin_trap();
        }
        imp_encoding_free(e);
    }
    free(s);
    return 0;
}
