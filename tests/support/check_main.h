/*
 * This file provides main() for a Check test program that runs one suite: each
 * tests/<layer>/check_<module>.c ends with CHECK_MAIN(<prefix>_<module>_suite).
 * CK_RUN_SUITE / CK_FORK work as usual.
 */
#ifndef TESTS_CHECK_MAIN_H
#define TESTS_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

#define CHECK_MAIN(suite_fn)                                                                     \
    int main(void)                                                                               \
    {                                                                                            \
        SRunner *sr = srunner_create(suite_fn());                                                \
        srunner_run_all(sr, CK_NORMAL);                                                          \
        int failed = srunner_ntests_failed(sr);                                                  \
        srunner_free(sr);                                                                        \
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                                        \
    }

#endif
