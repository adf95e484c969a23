/*
 * Tests gis/population_table.c: overriding village populations from a CSV file (BOM, column
 * order, empty cells, unknown codes) and its errors.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gis/population_table.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static char dir[64], path[128];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/jw_covp_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/p.csv", dir);
}

static void teardown(void)
{
    unlink(path);
    rmdir(dir);
}

static void write_file(const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(test_population_apply)
{
    gis_unit u[3] = {{.code = (char *)"420625101201", .population = 10, .older_population = 1},
                     {.code = (char *)"420625101202", .population = 20, .older_population = 2},
                     {.code = (char *)"420625101203", .population = 30, .older_population = 3}};
    write_file("\xEF\xBB\xBFname,older_population,population,code\r\n"
               "甲,150,1200,420625101201\r\n"
               "乙,,2200,420625101202\r\n"
               "\r\n"
               "外县,5,5,999999999999\r\n");
    size_t n = 0;
    gis_error err = {0};
    ck_assert_int_eq(gis_population_table_apply(path, u, 3, &n, &err), GIS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(u[0].population, 1200);
    ck_assert_int_eq(u[0].older_population, 150);
    ck_assert_int_eq(u[1].population, 2200);
    ck_assert_int_eq(u[1].older_population, 2); /* empty cell keeps the value */
    ck_assert_int_eq(u[2].population, 30);
}
END_TEST

START_TEST(test_population_errors)
{
    gis_unit u[1] = {{.code = (char *)"420625101201", .population = 10}};
    gis_error err = {0};
    int rc = gis_population_table_apply("/nonexistent/p.csv", u, 1, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EIO, "cannot read population table /nonexistent/p.csv");
    write_file("code,people\n420625101201,5\n");
    rc = gis_population_table_apply(path, u, 1, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "header needs 'code' and 'population'");
    write_file("code,population\n420625101201,-5\n");
    rc = gis_population_table_apply(path, u, 1, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "line 2: population must be a whole number");
    write_file("code,population\n420625101201\n");
    rc = gis_population_table_apply(path, u, 1, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "line 2: too few fields");
    write_file("");
    rc = gis_population_table_apply(path, u, 1, NULL, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "empty population table");
    ck_assert_int_eq(u[0].population, 10);
}
END_TEST

static Suite *gis_cov_population_suite(void)
{
    Suite *s = suite_create("cov_population");
    TCase *tc = tcase_create("valid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_population_apply);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_population_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(gis_cov_population_suite)
