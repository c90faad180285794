/* `leadc test --coverage[=lcov:FILE]` and `--min-coverage=PCT`: coverage is gathered per model
 * while its tests run (on the reference interpreter, which records what each condition
 * evaluated to), rendered before the model is released, and reported once at the end. */
#ifndef LEADC_CLI_TEST_COVER_H
#define LEADC_CLI_TEST_COVER_H

#include <stdbool.h>
#include <stdio.h>

#include "cover/cover.h"

typedef struct test_cover {
  lc_sb text, lcov;
  lc_cover_totals total;
  uint32_t models;
  const char *lcov_path;     /* NULL: no LCOV */
  double min;                /* --min-coverage, or -1 */
} test_cover;

/* Reads the option values (either may be NULL). Returns EXIT_OK or a usage error. */
int test_cover_init(test_cover *tc, const char *coverage, const char *min);
void test_cover_free(test_cover *tc);
/* A model's tests have run: keep its report. */
void test_cover_model(test_cover *tc, lc_cover *c, const char *path);
/* The text report to out (after an empty line when `separate`), the LCOV file, and the
 * --min-coverage verdict: EXIT_OK, EXIT_FAIL below the minimum, EXIT_INTERNAL when the LCOV file
 * cannot be written. */
int test_cover_report(test_cover *tc, FILE *out, bool separate);

#endif
