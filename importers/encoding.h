/*
 * This file declares the text-encoding checks of the importers: UTF-8 validity, the detection
 * of GBK names that were decoded as Latin-1 or UTF-8 (mojibake), and a converter from a
 * delivered encoding (GBK, GB18030, ...) to UTF-8 over iconv. It does not open files.
 */
#ifndef IMP_ENCODING_H
#define IMP_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "gis/error.h"

typedef struct imp_encoding imp_encoding;

/** True when s is well-formed UTF-8. */
bool imp_encoding_is_utf8(const char *s);

/** True when s (valid UTF-8) looks like GBK text that was decoded as Latin-1: it has at least
 *  two characters in U+0080..U+00FF, no CJK character, and those Latin-1 bytes decode as GBK
 *  to CJK text. */
bool imp_encoding_is_mojibake(const char *s);

/** Creates a converter from `from` (iconv name, e.g. "GBK") to UTF-8. Returns an owned
 *  converter in *out; free with imp_encoding_free(). Codes: GIS_EINVAL (unknown encoding). */
int imp_encoding_new(const char *from, imp_encoding **out, gis_error *err);

/** Frees e. NULL is a no-op. */
void imp_encoding_free(imp_encoding *e);

/** Converts s to UTF-8. Returns a string valid until the next call on e. Codes: GIS_EINVAL
 *  (bytes invalid in the encoding), GIS_ENOMEM. */
int imp_encoding_convert(imp_encoding *e, const char *s, const char **out, gis_error *err);

#endif
