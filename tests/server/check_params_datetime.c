/*
 * Tests server/params_datetime.c: the OGC API - Features `datetime` parameter. Expected dates
 * are worked out by hand from RFC 3339 and UTC+8 (China Standard Time): e.g. 16:00Z is
 * midnight of the next day in Beijing.
 */
#include <check.h>
#include <string.h>

#include "server/params.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

typedef struct {
    const char *text, *from, *to;
} datetime_case;

START_TEST(test_datetime_valid)
{
    static const datetime_case cases[] = {
        {"2024-05-01", "2024-05-01", "2024-05-01"},
        {"2024-05-01T08:00:00Z", "2024-05-01", "2024-05-01"},
        {"2024-05-01T15:59:59Z", "2024-05-01", "2024-05-01"},
        {"2024-05-01T16:00:00Z", "2024-05-02", "2024-05-02"}, /* 00:00 in Beijing */
        {"2024-05-01t16:00:00z", "2024-05-02", "2024-05-02"}, /* RFC 3339 5.6 NOTE: t, z */
        {"2024-05-01T00:30:00+08:00", "2024-05-01", "2024-05-01"},
        {"2024-05-01T23:30:00-05:00", "2024-05-02", "2024-05-02"}, /* 04:30Z = 12:30 CST */
        {"2024-12-31T20:00:00.123456Z", "2025-01-01", "2025-01-01"},
        {"2024-02-28T16:00:00Z", "2024-02-29", "2024-02-29"}, /* leap year */
        {"2023-02-28T16:00:00Z", "2023-03-01", "2023-03-01"},
        {"2016-12-31T23:59:60Z", "2017-01-01", "2017-01-01"}, /* leap second */
        {"2019-01-01/2020-12-31", "2019-01-01", "2020-12-31"},
        {"2019-01-01/..", "2019-01-01", ""},
        {"2019-01-01/", "2019-01-01", ""},
        {"../2020-12-31", "", "2020-12-31"},
        {"/2020-12-31", "", "2020-12-31"},
        {"2019-01-01T00:00:00Z/2019-01-01T00:00:01Z", "2019-01-01", "2019-01-01"},
        {"2019-01-01/2019-01-01T00:00:00+08:00", "2019-01-01", "2019-01-01"},
        {"1900-02-28T16:00:00Z", "1900-03-01", "1900-03-01"}, /* 1900 is not a leap year */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gis_error err = {0};
        char from[SRV_DATE_LEN] = "x", to[SRV_DATE_LEN] = "x";
        int rc = srv_params_datetime(cases[i].text, from, to, &err);
        ck_assert_msg(rc == GIS_OK, "'%s' refused: %s", cases[i].text, err.msg);
        ck_assert_msg(strcmp(from, cases[i].from) == 0 && strcmp(to, cases[i].to) == 0,
                      "'%s' gave [%s, %s], want [%s, %s]", cases[i].text, from, to, cases[i].from,
                      cases[i].to);
    }
}
END_TEST

START_TEST(test_datetime_invalid)
{
    static const char *const bad[] = {"",
                                      "..",
                                      "../..",
                                      "/",
                                      "abc",
                                      "2024",
                                      "2024-5-1",
                                      "2024-13-01",
                                      "2024-00-10",
                                      "2023-02-29",
                                      "2024-04-31",
                                      "2024-05-01T08:00:00",      /* no offset */
                                      "2024-05-01T24:00:00Z",     /* hour 24 */
                                      "2024-05-01T08:60:00Z",     /* minute 60 */
                                      "2024-05-01T08:00:61Z",     /* second 61 */
                                      "2024-05-01T08:00:00.Z",    /* empty fraction */
                                      "2024-05-01T08:00:00+0800", /* offset without colon */
                                      "2024-05-01T08:00:00+24:00",
                                      "2024-05-01 08:00:00Z",
                                      "2024-05-01Z",
                                      "2020-01-01/2019-01-01",
                                      "2019-01-01T00:00:01Z/2019-01-01T00:00:00Z",
                                      "2019-01-01/2020-01-01/2021-01-01",
                                      "2019-01-01 /2020-01-01",
                                      "1' OR '1'='1",
                                      "2019-01-01;DROP TABLE grave"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gis_error err = {0};
        char from[SRV_DATE_LEN], to[SRV_DATE_LEN];
        int rc = srv_params_datetime(bad[i], from, to, &err);
        ck_assert_msg(rc == GIS_EINVAL, "'%s' accepted as [%s, %s]", bad[i], from, to);
        ck_assert_msg(strstr(err.msg, "datetime") != NULL, "'%s': message '%s'", bad[i], err.msg);
    }
    char long_text[200];
    memset(long_text, '9', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    gis_error err = {0};
    char from[SRV_DATE_LEN], to[SRV_DATE_LEN];
    ck_assert_int_eq(srv_params_datetime(long_text, from, to, &err), GIS_EINVAL);
}
END_TEST

static Suite *srv_params_datetime_suite(void)
{
    Suite *s = suite_create("params_datetime");
    TCase *tc = tcase_create("datetime");
    tcase_add_test(tc, test_datetime_valid);
    tcase_add_test(tc, test_datetime_invalid);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(srv_params_datetime_suite)
