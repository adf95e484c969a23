/*
 * Tests server/params.c: integers, bbox, CRS names and tile addresses, valid and hostile.
 */
#include <check.h>
#include <string.h>

#include "server/params.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/geojson.h"

START_TEST(test_params_int_valid)
{
    gis_error err = {0};
    int64_t v = 0;
    ck_assert_int_eq(srv_params_int("limit", "10", 1, 100, &v, &err), GIS_OK);
    ck_assert_int_eq(v, 10);
    ck_assert_int_eq(srv_params_int("offset", "0", 0, 100, &v, &err), GIS_OK);
    ck_assert_int_eq(v, 0);
}
END_TEST

START_TEST(test_params_int_invalid)
{
    const char *bad[] = {"",
                         "abc",
                         "1.5",
                         "-1",
                         "101",
                         " 5",
                         "+5",
                         "5 ",
                         "1;DROP TABLE x",
                         "99999999999999999999",
                         "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gis_error err = {0};
        int64_t v = 42;
        int rc = srv_params_int("limit", bad[i], 0, 100, &v, &err);
        ck_assert_msg(rc == GIS_EINVAL, "'%s' accepted", bad[i]);
        ck_assert_fails_with(rc, err, GIS_EINVAL, "limit must be an integer");
    }
    gis_error err = {0};
    int64_t v;
    ck_assert_int_eq(srv_params_int("limit", NULL, 0, 1, &v, &err), GIS_EINVAL);
}
END_TEST

START_TEST(test_params_bbox_valid)
{
    gis_error err = {0};
    double b[4];
    ck_assert_int_eq(srv_params_bbox("111.1,32,111.5,32.5", b, &err), GIS_OK);
    ck_assert_double_eq(b[0], 111.1);
    ck_assert_double_eq(b[3], 32.5);
    /* Six values: heights dropped. */
    ck_assert_int_eq(srv_params_bbox("1,2,0,3,4,100", b, &err), GIS_OK);
    ck_assert_double_eq(b[2], 3);
    ck_assert_double_eq(b[3], 4);
}
END_TEST

START_TEST(test_params_bbox_invalid)
{
    const char *bad[] = {"",           "1,2,3",    "1,2,3,4,5",    "a,b,c,d",   "3,0,1,1",
                         "1,2,3,4,",   ",1,2,3,4", "1,,2,3",       "nan,1,2,3", "inf,0,1,1",
                         "1,2,3,4)--", "1 ,2,3,4", "1,2,3,4,5,6,7"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gis_error err = {0};
        double b[4];
        int rc = srv_params_bbox(bad[i], b, &err);
        ck_assert_msg(rc == GIS_EINVAL, "bbox '%s' accepted", bad[i]);
        ck_assert_fails_with(rc, err, GIS_EINVAL, "bbox");
    }
}
END_TEST

START_TEST(test_params_crs)
{
    gis_error err = {0};
    int crs = -1;
    ck_assert_int_eq(srv_params_crs("crs", SRV_EPSG3857_URI, &crs, &err), GIS_OK);
    ck_assert_int_eq(crs, TILE_GEOJSON_EPSG3857);
    ck_assert_int_eq(srv_params_crs("crs", "<" SRV_EPSG4490_URI ">", &crs, &err), GIS_OK);
    ck_assert_int_eq(crs, TILE_GEOJSON_EPSG4490);
    ck_assert_int_eq(srv_params_crs("crs", "crs84", &crs, &err), GIS_OK);
    ck_assert_int_eq(crs, TILE_GEOJSON_CRS84);
    ck_assert_str_eq(srv_params_crs_uri(TILE_GEOJSON_EPSG4490), SRV_EPSG4490_URI);
    int rc = srv_params_crs("bbox-crs", "EPSG:4326", &crs, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "bbox-crs must be one of");
    rc = srv_params_crs("crs", "<>", &crs, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "crs must be one of");
}
END_TEST

START_TEST(test_params_tile)
{
    gis_error err = {0};
    int z;
    long x, y;
    ck_assert_int_eq(srv_params_tile("10", "829", "415.mvt", ".mvt", 18, &z, &x, &y, &err), GIS_OK);
    ck_assert_int_eq(z, 10);
    ck_assert_int_eq(x, 829);
    ck_assert_int_eq(y, 415);
    const char *bad[][3] = {
        {"19", "0", "0.mvt"},  {"3", "8", "0.mvt"},          {"3", "0", "8.mvt"},
        {"3", "0", "0.png"},   {"-1", "0", "0.mvt"},         {"a", "0", "0.mvt"},
        {"3", "0", ".mvt"},    {"3", "", "0.mvt"},           {"3", "0", "0x.mvt"},
        {"3", "0", "1e1.mvt"}, {"99999999999", "0", "0.mvt"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = srv_params_tile(bad[i][0], bad[i][1], bad[i][2], ".mvt", 18, &z, &x, &y, &err);
        ck_assert_msg(rc == GIS_EINVAL, "tile %s/%s/%s accepted", bad[i][0], bad[i][1], bad[i][2]);
    }
    int rc = srv_params_tile("20", "0", "0.mvt", ".mvt", 18, &z, &x, &y, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "zoom 20 out of range");
}
END_TEST

static Suite *srv_params_suite(void)
{
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("valid");
    tcase_add_test(tc, test_params_int_valid);
    tcase_add_test(tc, test_params_bbox_valid);
    tcase_add_test(tc, test_params_crs);
    tcase_add_test(tc, test_params_tile);
    suite_add_tcase(s, tc);
    tc = tcase_create("invalid");
    tcase_add_test(tc, test_params_int_invalid);
    tcase_add_test(tc, test_params_bbox_invalid);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(srv_params_suite)
