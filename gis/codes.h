/*
 * This file declares the rules of Chinese administrative division codes: GB/T 2260 county codes
 * and the 12-digit statistical codes (DOMAIN.md CODE-01, CODE-03, CODE-04). Pure functions.
 */
#ifndef GIS_CODES_H
#define GIS_CODES_H

#include <stdbool.h>

/** Level a code's length implies: "county" (6 digits), "township" (9), "village" (12), or NULL
 *  when the code is not all digits of one of those lengths. */
const char *gis_code_level(const char *code);

/** True when code is all ASCII digits of length 6, 9 or 12. */
bool gis_code_is_wellformed(const char *code);

/** True when child's code starts with parent's code and is one level below it. */
bool gis_code_is_child_of(const char *child, const char *parent);

/** Kind of township-level unit from segment 2 (DOMAIN.md CODE-03): 街道 (0xx), 镇 (1xx),
 *  乡 (2xx-3xx), 政企合一 (4xx-5xx, e.g. 林场); NULL when not a 9-digit code. */
const char *gis_code_township_kind_zh(const char *code);

/** True for a 12-digit code whose segment 3 is 200-399: an administrative village (村民委员会);
 *  001-199 are urban communities (居民委员会), DOMAIN.md CODE-03. */
bool gis_code_is_admin_village(const char *code);

/** Kind of village-level unit: 村委会 or 社区居委会; NULL when not a 12-digit code. */
const char *gis_code_village_kind_zh(const char *code);

#endif
