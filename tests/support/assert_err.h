/*
 * This file declares domain asserts for Check tests: "fails with code X and a message
 * containing Y".
 */
#ifndef TESTS_ASSERT_ERR_H
#define TESTS_ASSERT_ERR_H

#include <check.h>
#include <string.h>

#include "gis/error.h"

#define ck_assert_fails_with(rc, err, want_code, want_substr)                                    \
    do {                                                                                         \
        ck_assert_msg((rc) == (want_code), "expected %s, got %s (%s)",                           \
                      gis_status_name(want_code), gis_status_name(rc), (err).msg);               \
        ck_assert_msg(strstr((err).msg, (want_substr)) != NULL,                                  \
                      "message '%s' lacks '%s'", (err).msg, (want_substr));                      \
    } while (0)

#endif
