#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "leadc/runtime.h"

#define DAY INT64_C(86400000000)

static void test_half_life(void **state) {
  assert_true(lc_rt_decay_half_life(0, 14 * DAY) == 1.0);
  assert_true(lc_rt_decay_half_life(14 * DAY, 14 * DAY) == 0.5);
  assert_true(lc_rt_decay_half_life(28 * DAY, 14 * DAY) == 0.25);
  assert_true(lc_rt_decay_half_life(-3 * DAY, 14 * DAY) == 1.0);   /* future: age 0 */
  assert_true(lc_rt_decay_half_life(DAY, 14 * DAY) == exp2(-1.0 / 14.0));
  /* LANGUAGE.md §7: two pricing views, 1 and 14 days old, 5 points each, half-life 14d. */
  double pts = 5 * lc_rt_decay_half_life(DAY, 14 * DAY) + 5 * lc_rt_decay_half_life(14 * DAY, 14 * DAY);
  assert_true(lc_rt_round2(pts) == 7.26);
  assert_true(lc_rt_round2(35 + pts) == 42.26);
  assert_true(lc_rt_decay_half_life(INT64_MAX, DAY) == 0.0);
}

static void test_linear(void **state) {
  assert_true(lc_rt_decay_linear(0, 60 * DAY) == 1.0);
  assert_true(lc_rt_decay_linear(30 * DAY, 60 * DAY) == 0.5);
  assert_true(lc_rt_decay_linear(60 * DAY, 60 * DAY) == 0.0);
  assert_true(lc_rt_decay_linear(90 * DAY, 60 * DAY) == 0.0);
  assert_true(lc_rt_decay_linear(-DAY, 60 * DAY) == 1.0);
  assert_true(lc_rt_decay_linear(DAY, 60 * DAY) == 1.0 - (double)DAY / (double)(60 * DAY));
}

static void test_step(void **state) {
  assert_true(lc_rt_decay_step(0, 7 * DAY) == 1.0);
  assert_true(lc_rt_decay_step(7 * DAY, 7 * DAY) == 1.0);
  assert_true(lc_rt_decay_step(7 * DAY + 1, 7 * DAY) == 0.0);
  assert_true(lc_rt_decay_step(-DAY, 7 * DAY) == 1.0);
}

static void test_degenerate_spans(void **state) {
  assert_true(lc_rt_decay_half_life(0, 0) == 1.0);
  assert_true(lc_rt_decay_half_life(1, 0) == 0.0);
  assert_true(lc_rt_decay_linear(0, 0) == 1.0);
  assert_true(lc_rt_decay_linear(5, -1) == 0.0);
  assert_true(lc_rt_decay_step(0, 0) == 1.0);
  assert_true(lc_rt_decay_step(1, 0) == 0.0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_half_life),
      cmocka_unit_test(test_linear),
      cmocka_unit_test(test_step),
      cmocka_unit_test(test_degenerate_spans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
