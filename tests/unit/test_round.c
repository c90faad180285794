#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadc/runtime.h"

/* Reference: glibc prints the exact binary expansion of a double, so rounding that decimal
 * string by hand, half away from zero, and reading it back with strtod is exact by construction
 * (if slow). */
static double oracle(double x, int digits) {
  static char buf[1600];
  snprintf(buf, sizeof buf, "%.1100f", fabs(x));
  char *dot = strchr(buf, '.');
  char digs[1600];
  size_t nd = 0;
  for (char *p = buf; *p; p++)
    if (*p != '.') digs[nd++] = *p;
  long intlen = (long)(dot - buf);
  long last = intlen - 1 + digits;     /* index in digs of the last kept digit */
  char out[1700];
  if (last < 0) {
    /* Everything is below the kept position: 0, or one unit of it if the first dropped digit
     * is ≥ 5 at exactly that position. */
    bool up = last == -1 && digs[0] >= '5';
    if (!up) return 0.0;
    snprintf(out, sizeof out, "1e%d", -digits);
    double r = strtod(out, NULL);
    return signbit(x) ? -r : r;
  }
  bool up = digs[last + 1] >= '5';
  memcpy(out + 1, digs, (size_t)last + 1);
  out[0] = '0';
  long n = last + 2;
  if (up) {
    long i = n - 1;
    while (out[i] == '9') out[i--] = '0';
    out[i]++;
  }
  snprintf(out + n, sizeof out - (size_t)n, "e%d", (int)(intlen - 1 - last));
  double r = strtod(out, NULL);
  if (r == 0) return 0.0;
  return signbit(x) ? -r : r;
}

static void same(double got, double want, double x, int d) {
  if (memcmp(&got, &want, sizeof got) != 0)
    fail_msg("round(%.17g, %d) = %.17g, want %.17g", x, d, got, want);
}

static void test_documented_halves(void **state) {
  same(lc_rt_round2(0.015), 0.01, 0.015, 2);
  same(lc_rt_round2(0.125), 0.13, 0.125, 2);
  same(lc_rt_round2(-9.875), -9.88, -9.875, 2);
  same(lc_rt_round2(1.005), 1.0, 1.005, 2);
  same(lc_rt_round2(2.675), 2.67, 2.675, 2);
  same(lc_rt_round2(0.375), 0.38, 0.375, 2);
  same(lc_rt_round2(-0.125), -0.13, -0.125, 2);
  same(lc_rt_round2(42.2585), 42.26, 42.2585, 2);
  same(lc_rt_round2(7.2585), 7.26, 7.2585, 2);
  same(lc_rt_round2(1.115), 1.11, 1.115, 2);   /* 1.11499999999999999111… */
  same(lc_rt_round2(0.005), 0.01, 0.005, 2);   /* 0.005000000000000000104… */
  same(lc_rt_round2(0.0049999999999999), 0.0, 0.0049999999999999, 2);
}

static void test_special_values(void **state) {
  same(lc_rt_round2(0.0), 0.0, 0.0, 2);
  same(lc_rt_round2(-0.0), 0.0, -0.0, 2);
  same(lc_rt_round2(-0.004), 0.0, -0.004, 2);   /* no "-0" in outputs */
  same(lc_rt_round2(INFINITY), INFINITY, INFINITY, 2);
  same(lc_rt_round2(-INFINITY), -INFINITY, -INFINITY, 2);
  assert_true(isnan(lc_rt_round2(NAN)));
  same(lc_rt_round2(1e300), 1e300, 1e300, 2);
  same(lc_rt_round2(-1e300), -1e300, -1e300, 2);
  same(lc_rt_round2(4e-320), 0.0, 4e-320, 2);
  same(lc_rt_round2(9007199254740991.0), 9007199254740991.0, 0, 2);
  same(lc_rt_round2(70368744177664.015625), 70368744177664.015625, 0, 2);   /* 2^46 + 2^-6 */
  same(lc_rt_round2(1e15 + 0.125), 1e15 + 0.125, 0, 2);
  same(lc_rt_round2(35184372088832.125), oracle(35184372088832.125, 2), 0, 2);
  assert_true(isnan(lc_rt_round_digits(1.0, NAN)));
}

static void test_other_digit_counts(void **state) {
  same(lc_rt_round_digits(2.5, 0), 3.0, 2.5, 0);
  same(lc_rt_round_digits(-2.5, 0), -3.0, -2.5, 0);
  same(lc_rt_round_digits(0.49999999999999994, 0), 0.0, 0.49999999999999994, 0);
  same(lc_rt_round_digits(1.25, 1), 1.3, 1.25, 1);
  same(lc_rt_round_digits(1.05, 1), 1.1, 1.05, 1);   /* 1.0500000000000000444 */
  same(lc_rt_round_digits(1250, -2), 1300, 1250, -2);
  same(lc_rt_round_digits(-1250, -2), -1300, -1250, -2);
  same(lc_rt_round_digits(1249.999, -2), 1200, 1249.999, -2);
  same(lc_rt_round_digits(49.9, -2), 0.0, 49.9, -2);
  same(lc_rt_round_digits(50, -2), 100, 50, -2);
  same(lc_rt_round_digits(1e20, -15), 1e20, 1e20, -15);
  same(lc_rt_round_digits(1.5e16 + 2, -1), 1.5e16, 0, -1);
  same(lc_rt_round_digits(3.14159, 2.9), 3.14, 3.14159, 2);   /* truncated digit count */
  same(lc_rt_round_digits(0.123456789, 40), oracle(0.123456789, 15), 0.123456789, 15);
  same(lc_rt_round_digits(123456.0, -40), 0.0, 123456.0, -15);
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static void check(double x, int d) {
  double got = d == 2 ? lc_rt_round2(x) : lc_rt_round_digits(x, d);
  same(got, oracle(x, d), x, d);
}

static void test_near_ties_against_exact_oracle(void **state) {
  /* Decimal ties k + 0.5 units and their neighbouring doubles: where naive methods fail. */
  for (int d = -3; d <= 6; d++) {
    for (int i = 0; i < 3000; i++) {
      double unit = pow(10.0, -d);
      double k = (double)(next() % 2000000) - 1000000;
      double tie = (k + 0.5) * unit;
      double up = nextafter(tie, INFINITY), down = nextafter(tie, -INFINITY);
      check(tie, d);
      check(up, d);
      check(down, d);
    }
  }
}

static void test_random_magnitudes_against_exact_oracle(void **state) {
  for (int i = 0; i < 40000; i++) {
    uint64_t bits = next();
    double m = (double)(bits >> 11) / 9007199254740992.0;   /* [0, 1) */
    int e = (int)(next() % 120) - 60;
    double x = ldexp(m, e) * ((bits & 1) ? -1 : 1);
    check(x, (int)(next() % 31) - 15);
    check(x, 2);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_documented_halves),
      cmocka_unit_test(test_special_values),
      cmocka_unit_test(test_other_digit_counts),
      cmocka_unit_test(test_near_ties_against_exact_oracle),
      cmocka_unit_test(test_random_magnitudes_against_exact_oracle),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
