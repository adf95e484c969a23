/*
 * Tests for importers/encoding.c: UTF-8 validity, GBK mojibake detection and conversion.
 * Expected bytes are the GBK code points of 谷城县 (B9C8 B3C7 CFD8, from the GBK table).
 */
#include <check.h>

#include "importers/encoding.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

START_TEST(test_encoding_is_utf8)
{
    ck_assert(imp_encoding_is_utf8("谷城县 abc"));
    ck_assert(imp_encoding_is_utf8(""));
    ck_assert(!imp_encoding_is_utf8("\xb9\xc8\xb3\xc7\xcf\xd8")); /* GBK bytes */
    ck_assert(!imp_encoding_is_utf8("\xc0\x80"));                 /* overlong */
}
END_TEST

START_TEST(test_encoding_mojibake)
{
    /* 谷城县 in GBK decoded as Latin-1, then written as UTF-8. */
    ck_assert(imp_encoding_is_mojibake("\u00b9\u00c8\u00b3\u00c7\u00cf\u00d8"));
    ck_assert(!imp_encoding_is_mojibake("谷城县"));
    ck_assert(!imp_encoding_is_mojibake("Café"));
    ck_assert(!imp_encoding_is_mojibake("plain ascii"));
}
END_TEST

START_TEST(test_encoding_convert_gbk)
{
    imp_encoding *e = NULL;
    const char *out = NULL;
    gis_error err = {0};
    ck_assert_int_eq(imp_encoding_new("GBK", &e, &err), GIS_OK);
    ck_assert_int_eq(imp_encoding_convert(e, "\xb9\xc8\xb3\xc7\xcf\xd8", &out, &err), GIS_OK);
    ck_assert_str_eq(out, "谷城县");
    ck_assert_fails_with(imp_encoding_convert(e, "\xb9", &out, &err), err, GIS_EINVAL,
                         "not valid GBK");
    imp_encoding_free(e);
    imp_encoding_free(NULL);
}
END_TEST

START_TEST(test_encoding_unknown)
{
    imp_encoding *e = NULL;
    gis_error err = {0};
    ck_assert_fails_with(imp_encoding_new("KLINGON-8", &e, &err), err, GIS_EINVAL,
                         "unknown encoding 'KLINGON-8'");
    ck_assert_ptr_null(e);
}
END_TEST

static Suite *imp_encoding_suite(void)
{
    Suite *s = suite_create("encoding");
    TCase *ok = tcase_create("valid");
    tcase_add_test(ok, test_encoding_is_utf8);
    tcase_add_test(ok, test_encoding_mojibake);
    tcase_add_test(ok, test_encoding_convert_gbk);
    suite_add_tcase(s, ok);
    TCase *bad = tcase_create("errors");
    tcase_add_test(bad, test_encoding_unknown);
    suite_add_tcase(s, bad);
    return s;
}

CHECK_MAIN(imp_encoding_suite)
