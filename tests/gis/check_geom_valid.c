/*
 * Tests gis/geom_valid.c: OGC validity of inline WKT cases whose answer is known by
 * construction (a square is valid; a bow-tie self-intersects; a ring with a spike or two
 * overlapping parts of a multipolygon is invalid).
 */
#include <check.h>

#include "gis/geom_valid.h"
#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"

static gis_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(gis_ctx_new(&ctx, NULL), GIS_OK);
}
static void teardown(void)
{
    gis_ctx_free(ctx);
}

static bool valid(const char *wkt)
{
    gis_geom *g = NULL;
    bool v = false;
    ck_assert_int_eq(gis_geom_from_wkt(ctx, wkt, &g, NULL), GIS_OK);
    ck_assert_int_eq(gis_geom_valid_check(ctx, g, &v, NULL), GIS_OK);
    gis_geom_free(ctx, g);
    return v;
}

START_TEST(test_geom_valid_square)
{
    ck_assert(valid("POLYGON((0 0,1 0,1 1,0 1,0 0))"));
}
END_TEST

START_TEST(test_geom_valid_point_and_line)
{
    ck_assert(valid("POINT(111.65 32.26)"));
    ck_assert(valid("LINESTRING(0 0,1 1,0 1,1 0)")); /* self-crossing lines are OGC-valid */
}
END_TEST

START_TEST(test_geom_valid_bowtie_invalid)
{
    ck_assert(!valid("POLYGON((0 0,1 0,0 1,1 1,0 0))"));
}
END_TEST

START_TEST(test_geom_valid_overlapping_multipolygon_invalid)
{
    ck_assert(!valid("MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((1 1,3 1,3 3,1 3,1 1)))"));
}
END_TEST

static Suite *gis_geom_valid_suite(void)
{
    Suite *s = suite_create("geom_valid");
    TCase *ok = tcase_create("valid");
    tcase_add_checked_fixture(ok, setup, teardown);
    tcase_add_test(ok, test_geom_valid_square);
    tcase_add_test(ok, test_geom_valid_point_and_line);
    suite_add_tcase(s, ok);
    TCase *bad = tcase_create("invalid");
    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_add_test(bad, test_geom_valid_bowtie_invalid);
    tcase_add_test(bad, test_geom_valid_overlapping_multipolygon_invalid);
    suite_add_tcase(s, bad);
    return s;
}

CHECK_MAIN(gis_geom_valid_suite)
