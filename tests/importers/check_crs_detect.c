/*
 * Tests for importers/crs_detect.c: CRS and axis decisions by magnitude (DOMAIN.md CRS-02,
 * CRS-05), declared and given CRSs, legacy datums (CRS-06/07). Expected EPSG codes follow from
 * the CRS-02 formula by hand: zone 37 -> 4513 + 12 = 4525; CM 111 -> 4534 + 12 = 4546.
 */
#include <check.h>

#include "importers/crs_detect.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

/* The DOMAIN.md CRS-04 test point: N 3,570,869.04, E 37,561,247.16 in EPSG:4525. */
static imp_crs_input input(int coords, double a0, double a1, double b0, double b1)
{
    imp_crs_input in = {0};
    in.coords = coords;
    in.has_extent = true;
    in.extent[0] = a0;
    in.extent[1] = b0;
    in.extent[2] = a1;
    in.extent[3] = b1;
    return in;
}

START_TEST(test_crs_detect_magnitude)
{
    ck_assert_int_eq(imp_crs_magnitude(111.6, 111.7), IMP_MAG_DEGREES);
    ck_assert_int_eq(imp_crs_magnitude(561247.16, 571000), IMP_MAG_EASTING6);
    ck_assert_int_eq(imp_crs_magnitude(3570869.04, 3580000), IMP_MAG_NORTHING);
    ck_assert_int_eq(imp_crs_magnitude(37561247.16, 37570000), IMP_MAG_EASTING8);
    ck_assert_int_eq(imp_crs_magnitude(37561247.16, 38100000), IMP_MAG_OTHER); /* two zones */
    ck_assert_int_eq(imp_crs_magnitude(50, 5000), IMP_MAG_OTHER);
}
END_TEST

START_TEST(test_crs_detect_prefixed_xy_survey_table)
{
    /* Survey table: X = northing, Y = zone-prefixed easting. */
    imp_crs_input in = input(IMP_COORDS_XY, 3570869.04, 3571000, 37561247.16, 37562000);
    imp_crs_decision d;
    ck_assert_int_eq(imp_crs_detect(&in, &d, NULL), GIS_OK);
    ck_assert_int_eq(d.epsg, 4525);
    ck_assert_str_eq(d.crs, "EPSG:4525");
    ck_assert(d.swap);
    ck_assert(!d.is_store_crs);
    ck_assert_ptr_nonnull(strstr(d.note, "zone 37"));
}
END_TEST

START_TEST(test_crs_detect_prefixed_geometry_easting_first)
{
    imp_crs_input in = input(IMP_COORDS_GEOMETRY, 37561247.16, 37562000, 3570869.04, 3571000);
    imp_crs_decision d;
    ck_assert_int_eq(imp_crs_detect(&in, &d, NULL), GIS_OK);
    ck_assert_int_eq(d.epsg, 4525);
    ck_assert(!d.swap);
}
END_TEST

START_TEST(test_crs_detect_unprefixed_needs_meridian)
{
    imp_crs_input in = input(IMP_COORDS_EN, 561247.16, 562000, 3570869.04, 3571000);
    imp_crs_decision d;
    gis_error err = {0};
    ck_assert_fails_with(imp_crs_detect(&in, &d, &err), err, GIS_ECRS, "--central-meridian");
    in.central_meridian = 111;
    ck_assert_int_eq(imp_crs_detect(&in, &d, &err), GIS_OK);
    ck_assert_int_eq(d.epsg, 4546);
    in.central_meridian = 112;
    ck_assert_fails_with(imp_crs_detect(&in, &d, &err), err, GIS_EINVAL,
                         "not a 3-degree central meridian");
}
END_TEST

START_TEST(test_crs_detect_degrees)
{
    imp_crs_input in = input(IMP_COORDS_GEOMETRY, 111.6, 111.8, 32.2, 32.3);
    imp_crs_decision d;
    gis_error err = {0};
    ck_assert_int_eq(imp_crs_detect(&in, &d, &err), GIS_OK);
    ck_assert(d.is_store_crs && d.warn && !d.swap);
    ck_assert_int_eq(d.epsg, 4490);
    in.coords = IMP_COORDS_XY;
    ck_assert_fails_with(imp_crs_detect(&in, &d, &err), err, GIS_EINVAL, "--axis");
    in.axis = IMP_AXIS_NE;
    ck_assert_int_eq(imp_crs_detect(&in, &d, &err), GIS_OK);
    ck_assert(d.swap);
}
END_TEST

START_TEST(test_crs_detect_unrecognised)
{
    imp_crs_input in = input(IMP_COORDS_GEOMETRY, 500, 900, 700, 800);
    imp_crs_decision d;
    gis_error err = {0};
    ck_assert_fails_with(imp_crs_detect(&in, &d, &err), err, GIS_ECRS, "give --srs");
    in.has_extent = false;
    ck_assert_fails_with(imp_crs_detect(&in, &d, &err), err, GIS_ECRS, "no coordinates");
    imp_crs_input lonlat = input(IMP_COORDS_LONLAT, 3570869, 3571000, 37561247, 37562000);
    ck_assert_fails_with(imp_crs_detect(&lonlat, &d, &err), err, GIS_ECRS, "beyond +-180");
}
END_TEST

START_TEST(test_crs_detect_declared_and_given)
{
    imp_crs_input in = input(IMP_COORDS_GEOMETRY, 561247, 562000, 3570869, 3571000);
    in.declared = (imp_crs_info){.present = true,
                                 .epsg = 4546,
                                 .def = "EPSG:4546",
                                 .name = "CGCS2000 / 3-degree Gauss-Kruger CM 111E"};
    imp_crs_decision d;
    ck_assert_int_eq(imp_crs_detect(&in, &d, NULL), GIS_OK);
    ck_assert_str_eq(d.crs, "EPSG:4546");
    in.given =
        (imp_crs_info){.present = true, .epsg = 4490, .def = "EPSG:4490", .geographic = true};
    ck_assert_int_eq(imp_crs_detect(&in, &d, NULL), GIS_OK);
    ck_assert(d.is_store_crs);
    ck_assert_ptr_nonnull(strstr(d.note, "--srs"));
}
END_TEST

START_TEST(test_crs_detect_legacy)
{
    imp_crs_input in = input(IMP_COORDS_GEOMETRY, 37561200, 37562000, 3570800, 3571000);
    in.declared = (imp_crs_info){.present = true,
                                 .epsg = 2361,
                                 .legacy = true,
                                 .def = "EPSG:2361",
                                 .proj4 = "+proj=tmerc +lon_0=111 +k=1 "
                                          "+x_0=37500000 +y_0=0 +ellps=IAU76 +units=m +no_defs",
                                 .name = "Xian 1980 / 3-degree Gauss-Kruger zone 37"};
    imp_crs_decision d;
    gis_error err = {0};
    ck_assert_fails_with(imp_crs_detect(&in, &d, &err), err, GIS_ECRS, "--towgs84");
    in.towgs84 = "1,2";
    ck_assert_fails_with(imp_crs_detect(&in, &d, &err), err, GIS_EINVAL, "3 or 7");
    in.towgs84 = "24.1,-112.5,-42.7";
    ck_assert_int_eq(imp_crs_detect(&in, &d, &err), GIS_OK);
    ck_assert_ptr_nonnull(strstr(d.crs, "+towgs84=24.1,-112.5,-42.7"));
    ck_assert_ptr_nonnull(strstr(d.crs, "+ellps=IAU76"));
}
END_TEST

static Suite *imp_crs_detect_suite(void)
{
    Suite *s = suite_create("crs_detect");
    TCase *ok = tcase_create("valid");
    tcase_add_test(ok, test_crs_detect_magnitude);
    tcase_add_test(ok, test_crs_detect_prefixed_xy_survey_table);
    tcase_add_test(ok, test_crs_detect_prefixed_geometry_easting_first);
    tcase_add_test(ok, test_crs_detect_degrees);
    tcase_add_test(ok, test_crs_detect_declared_and_given);
    suite_add_tcase(s, ok);
    TCase *bad = tcase_create("errors");
    tcase_add_test(bad, test_crs_detect_unprefixed_needs_meridian);
    tcase_add_test(bad, test_crs_detect_unrecognised);
    tcase_add_test(bad, test_crs_detect_legacy);
    suite_add_tcase(s, bad);
    return s;
}

CHECK_MAIN(imp_crs_detect_suite)
