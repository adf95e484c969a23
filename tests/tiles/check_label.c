/*
 * Tests tiles/label.c: NAME-04 order of point label positions, collision avoidance, the frame
 * edge, area labels and error paths. Positions are worked out by hand from the box sizes.
 */
#include <check.h>

#include "tests/support/assert_err.h"
#include "tests/support/check_main.h"
#include "tiles/label.h"

static const tile_label_box FRAME = {0, 0, 200, 100};

START_TEST(test_label_point_prefers_right_then_top_left_bottom)
{
    tile_label_placer *p = NULL;
    gis_error err = {0};
    ck_assert_int_eq(tile_label_placer_new(&FRAME, &p, &err), GIS_OK);
    tile_label_box b;
    int pos = -1;
    bool ok = false;
    /* Symbol at (100,50), half-size 2, gap 5: the first label goes right, at x0 = 107. */
    ck_assert_int_eq(tile_label_place_point(p, 100, 50, 2, 20, 8, 5, &b, &pos, &ok, &err), GIS_OK);
    ck_assert(ok);
    ck_assert_int_eq(pos, TILE_LABEL_RIGHT);
    ck_assert_double_eq_tol(b.x0, 107, 1e-9);
    ck_assert_double_eq_tol(b.y0, 46, 1e-9);
    /* The same spot again: right is taken, so top; then left; then bottom; then none. */
    int want[4] = {TILE_LABEL_TOP, TILE_LABEL_LEFT, TILE_LABEL_BOTTOM, -1};
    for (int i = 0; i < 4; i++) {
        pos = -1;
        ck_assert_int_eq(tile_label_place_point(p, 100, 50, 2, 20, 8, 5, &b, &pos, &ok, &err),
                         GIS_OK);
        ck_assert_int_eq(ok, want[i] >= 0);
        if (ok)
            ck_assert_int_eq(pos, want[i]);
    }
    ck_assert_uint_eq(tile_label_count(p), 4);
    const tile_label_box *all = tile_label_boxes(p);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = i + 1; j < 4; j++)
            ck_assert(!tile_label_box_overlaps(&all[i], &all[j]));
    tile_label_placer_free(p);
}
END_TEST

START_TEST(test_label_point_never_leaves_frame)
{
    tile_label_placer *p = NULL;
    gis_error err = {0};
    ck_assert_int_eq(tile_label_placer_new(&FRAME, &p, &err), GIS_OK);
    tile_label_box b;
    int pos = -1;
    bool ok = false;
    /* Near the right edge a 30-wide label fits neither right (198..228) nor top (180..210): left.
     */
    ck_assert_int_eq(tile_label_place_point(p, 195, 50, 2, 30, 8, 1, &b, &pos, &ok, &err), GIS_OK);
    ck_assert(ok);
    ck_assert_int_eq(pos, TILE_LABEL_LEFT);
    ck_assert(b.x1 <= 200 && b.x0 >= 0);
    /* A label wider than the frame is dropped. */
    ck_assert_int_eq(tile_label_place_point(p, 100, 20, 2, 300, 8, 1, &b, &pos, &ok, &err), GIS_OK);
    ck_assert(!ok);
    ck_assert_uint_eq(tile_label_count(p), 1);
    tile_label_placer_free(p);
}
END_TEST

START_TEST(test_label_obstacles_and_area)
{
    tile_label_placer *p = NULL;
    gis_error err = {0};
    ck_assert_int_eq(tile_label_placer_new(&FRAME, &p, &err), GIS_OK);
    tile_label_box sym = {95, 45, 105, 55};
    ck_assert_int_eq(tile_label_obstacle_add(p, &sym, &err), GIS_OK);
    tile_label_box b;
    bool ok = false;
    /* Centred on the obstacle: shifted by max_shift/2 = 10 upwards (first direction). */
    ck_assert_int_eq(tile_label_place_area(p, 100, 50, 10, 6, 20, &b, &ok, &err), GIS_OK);
    ck_assert(ok);
    ck_assert_double_eq_tol((b.y0 + b.y1) / 2, 40, 1e-9);
    ck_assert(!tile_label_box_overlaps(&b, &sym));
    /* Without room to shift it is dropped. */
    ck_assert_int_eq(tile_label_place_area(p, 100, 50, 10, 6, 0, &b, &ok, &err), GIS_OK);
    ck_assert(!ok);
    tile_label_placer_free(p);
}
END_TEST

START_TEST(test_label_errors)
{
    tile_label_placer *p = NULL;
    gis_error err = {0};
    tile_label_box empty = {10, 10, 10, 20};
    int rc = tile_label_placer_new(&empty, &p, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "frame is empty");
    ck_assert_ptr_null(p);
    ck_assert_int_eq(tile_label_placer_new(&FRAME, &p, &err), GIS_OK);
    bool ok = true;
    rc = tile_label_place_point(p, 1, 1, 1, 0, 5, 1, NULL, NULL, &ok, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "label size");
    ck_assert(!ok);
    rc = tile_label_obstacle_add(p, &empty, &err);
    ck_assert_fails_with(rc, err, GIS_EINVAL, "obstacle box is empty");
    tile_label_placer_free(p);
    tile_label_placer_free(NULL);
}
END_TEST

static Suite *tile_label_suite(void)
{
    Suite *s = suite_create("label");
    TCase *tc = tcase_create("place");
    tcase_add_test(tc, test_label_point_prefers_right_then_top_left_bottom);
    tcase_add_test(tc, test_label_point_never_leaves_frame);
    tcase_add_test(tc, test_label_obstacles_and_area);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_label_errors);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(tile_label_suite)
