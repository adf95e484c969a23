/*
 * Tests gis/codes.c with real 谷城县 codes (data/gucheng/units.csv) and malformed ones.
 */
#include <check.h>

#include "gis/codes.h"
#include "tests/support/check_main.h"

START_TEST(test_codes_levels)
{
    ck_assert_str_eq(gis_code_level("420625"), "county");
    ck_assert_str_eq(gis_code_level("420625100"), "township");
    ck_assert_str_eq(gis_code_level("420625100215"), "village");
    ck_assert_ptr_null(gis_code_level("42062510"));
    ck_assert_ptr_null(gis_code_level("4.20625101e+11"));
    ck_assert_ptr_null(gis_code_level(""));
    ck_assert_ptr_null(gis_code_level(NULL));
}
END_TEST

START_TEST(test_codes_nesting)
{
    ck_assert(gis_code_is_child_of("420625100215", "420625100"));
    ck_assert(gis_code_is_child_of("420625100", "420625"));
    ck_assert(!gis_code_is_child_of("420625101231", "420625100"));
    ck_assert(!gis_code_is_child_of("420625100215", "420625"));
}
END_TEST

START_TEST(test_codes_kinds)
{
    ck_assert_str_eq(gis_code_township_kind_zh("420625100"), "镇");
    ck_assert_str_eq(gis_code_township_kind_zh("420625200"), "乡");
    ck_assert_str_eq(gis_code_township_kind_zh("420625500"), "政企合一");
    ck_assert_str_eq(gis_code_township_kind_zh("420625001"), "街道");
    ck_assert(gis_code_is_admin_village("420625100215"));  /* 安家岗村委会 */
    ck_assert(!gis_code_is_admin_village("420625100012")); /* 黄康街社区居委会 */
    ck_assert_str_eq(gis_code_village_kind_zh("420625100012"), "社区居委会");
    ck_assert_str_eq(gis_code_village_kind_zh("420625104202"), "村委会");
}
END_TEST

static Suite *gis_codes_suite(void)
{
    Suite *s = suite_create("codes");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, test_codes_levels);
    tcase_add_test(tc, test_codes_nesting);
    tcase_add_test(tc, test_codes_kinds);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_codes_suite)
