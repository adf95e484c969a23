/*
 * This file declares the attribute side of an import: for each layer kind the target fields,
 * their built-in aliases (Chinese, pinyin abbreviations, English) and explicit
 * `--field target=source` overrides; plus value normalisation (codes without float artefacts,
 * integers, booleans). It does not read files or touch geometry.
 */
#ifndef IMP_FIELDS_H
#define IMP_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gis/error.h"

/** Most target fields of any kind. */
#define IMP_FIELDS_MAX 10

/** The resolved field mapping of one source layer for one layer kind. */
typedef struct imp_field_map {
    size_t n_targets;                    /* number of target fields of the kind */
    const char *targets[IMP_FIELDS_MAX]; /* target names (static strings) */
    int source_index[IMP_FIELDS_MAX];    /* source field index, -1 when absent */
} imp_field_map;

/** True when kind is one of the layer kinds of `jiewang import --as`. */
bool imp_fields_is_kind(const char *kind);

/** Space-separated list of the layer kinds, for messages. Static string. */
const char *imp_fields_kinds(void);

/** Resolves the target fields of kind against the source's field names. overrides holds
 *  n_overrides "target=source" strings (borrowed). Alias matching ignores case and
 *  surrounding spaces; an override wins over aliases. Codes: GIS_EINVAL (unknown kind, bad or
 *  unknown override target), GIS_ESOURCE (override names a missing source field, or a
 *  mandatory field is absent: the message names the file, the field and its aliases). */
int imp_fields_resolve(const char *kind, const char *const *names, size_t n_names,
                       const char *const *overrides, size_t n_overrides, const char *file,
                       imp_field_map *out, gis_error *err);

/** Index into map->targets of target, or -1. */
int imp_fields_target(const imp_field_map *map, const char *target);

/** Writes the normalised code of in into out (size cap): trimmed, and a number written as a
 *  float ("420625101000.0", "4.20625101e+11") rewritten as its integer digits. Returns false
 *  when the result is empty or not all digits (the code is still written, trimmed). */
bool imp_fields_normalise_code(const char *in, char *out, size_t cap);

/** Parses a non-negative integer count ("1200", "1200.0", " 35 "); false when not one. */
bool imp_fields_parse_count(const char *in, int64_t *out);

/** Parses a yes/no value (是/否, 1/0, true/false, yes/no, Y/N, T/F); false when not one. */
bool imp_fields_parse_bool(const char *in, bool *out);

#endif
