/*
 * Tests for importers/fields.c: alias resolution in Chinese, pinyin and English, overrides,
 * missing mandatory fields and value normalisation.
 */
#include <check.h>

#include "importers/fields.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

START_TEST(test_fields_resolve_chinese_aliases)
{
    const char *names[] = {"FID", "行政区划代码", " 名称 ", "上级代码", "人口"};
    imp_field_map m;
    gis_error err = {0};
    ck_assert_int_eq(imp_fields_resolve("villages", names, 5, NULL, 0, "v.shp", &m, &err), GIS_OK);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "code")], 1);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "name")], 2);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "parent_code")], 3);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "population")], 4);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "kind")], -1);
}
END_TEST

START_TEST(test_fields_resolve_pinyin_case_insensitive)
{
    const char *names[] = {"xzqmc", "XZQDM", "SJXZQDM"};
    imp_field_map m;
    ck_assert_int_eq(imp_fields_resolve("townships", names, 3, NULL, 0, "t", &m, NULL), GIS_OK);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "code")], 1);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "name")], 0);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "parent_code")], 2);
}
END_TEST

START_TEST(test_fields_resolve_override_wins)
{
    const char *names[] = {"编号", "桩号"};
    const char *ov[] = {"number=桩号"};
    imp_field_map m;
    ck_assert_int_eq(imp_fields_resolve("markers", names, 2, ov, 1, "m", &m, NULL), GIS_OK);
    ck_assert_int_eq(m.source_index[imp_fields_target(&m, "number")], 1);
}
END_TEST

START_TEST(test_fields_resolve_missing_mandatory)
{
    const char *names[] = {"备注", "类型"};
    imp_field_map m;
    gis_error err = {0};
    int rc = imp_fields_resolve("markers", names, 2, NULL, 0, "m.csv", &m, &err);
    ck_assert_fails_with(rc, err, GIS_ESOURCE, "m.csv: missing mandatory field 'number'");
    const char *units[] = {"名称"};
    rc = imp_fields_resolve("townships", units, 1, NULL, 0, "t.shp", &m, &err);
    ck_assert_fails_with(rc, err, GIS_ESOURCE, "missing mandatory field 'code'");
}
END_TEST

START_TEST(test_fields_resolve_bad_override_and_kind)
{
    const char *names[] = {"code", "name"};
    const char *bad[] = {"nonsense"}, *unknown[] = {"colour=name"}, *absent[] = {"code=DM"};
    imp_field_map m;
    gis_error err = {0};
    ck_assert_fails_with(imp_fields_resolve("villages", names, 2, bad, 1, "f", &m, &err), err,
                         GIS_EINVAL, "expected target=source");
    ck_assert_fails_with(imp_fields_resolve("villages", names, 2, unknown, 1, "f", &m, &err), err,
                         GIS_EINVAL, "'colour' is not a field of villages");
    ck_assert_fails_with(imp_fields_resolve("villages", names, 2, absent, 1, "f", &m, &err), err,
                         GIS_ESOURCE, "the source has no field 'DM'");
    ck_assert_fails_with(imp_fields_resolve("lakes", names, 2, NULL, 0, "f", &m, &err), err,
                         GIS_EINVAL, "unknown layer kind 'lakes'");
    ck_assert(imp_fields_is_kind("graves"));
    ck_assert(!imp_fields_is_kind("lakes"));
}
END_TEST

START_TEST(test_fields_normalise_code)
{
    char out[32];
    ck_assert(imp_fields_normalise_code(" 420625100 ", out, sizeof out));
    ck_assert_str_eq(out, "420625100");
    ck_assert(imp_fields_normalise_code("4.20625101e+11", out, sizeof out));
    ck_assert_str_eq(out, "420625101000");
    ck_assert(imp_fields_normalise_code("420625.0", out, sizeof out));
    ck_assert_str_eq(out, "420625");
    ck_assert(!imp_fields_normalise_code("42O625", out, sizeof out));
    ck_assert_str_eq(out, "42O625");
    ck_assert(!imp_fields_normalise_code("4.5", out, sizeof out));
    ck_assert(!imp_fields_normalise_code("  ", out, sizeof out));
}
END_TEST

START_TEST(test_fields_parse_values)
{
    int64_t n = 0;
    bool b = false;
    ck_assert(imp_fields_parse_count(" 1200 ", &n));
    ck_assert_int_eq(n, 1200);
    ck_assert(imp_fields_parse_count("35.0", &n));
    ck_assert_int_eq(n, 35);
    ck_assert(!imp_fields_parse_count("many", &n));
    ck_assert(!imp_fields_parse_count("-3", &n));
    ck_assert(!imp_fields_parse_count("2.5", &n));
    ck_assert(imp_fields_parse_bool("是", &b) && b);
    ck_assert(imp_fields_parse_bool("否", &b) && !b);
    ck_assert(imp_fields_parse_bool("TRUE", &b) && b);
    ck_assert(!imp_fields_parse_bool("maybe", &b));
}
END_TEST

static Suite *imp_fields_suite(void)
{
    Suite *s = suite_create("fields");
    TCase *ok = tcase_create("valid");
    tcase_add_test(ok, test_fields_resolve_chinese_aliases);
    tcase_add_test(ok, test_fields_resolve_pinyin_case_insensitive);
    tcase_add_test(ok, test_fields_resolve_override_wins);
    tcase_add_test(ok, test_fields_normalise_code);
    tcase_add_test(ok, test_fields_parse_values);
    suite_add_tcase(s, ok);
    TCase *bad = tcase_create("errors");
    tcase_add_test(bad, test_fields_resolve_missing_mandatory);
    tcase_add_test(bad, test_fields_resolve_bad_override_and_kind);
    suite_add_tcase(s, bad);
    return s;
}

CHECK_MAIN(imp_fields_suite)
