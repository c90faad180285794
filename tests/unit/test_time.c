#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "leadc/runtime.h"

static int64_t parse_ok(const char *s) {
  int64_t us = 0;
  if (!lc_time_parse(s, strlen(s), &us)) fail_msg("rejected: %s", s);
  return us;
}

static void reject(const char *s) {
  int64_t us = 0;
  if (lc_time_parse(s, strlen(s), &us)) fail_msg("accepted: %s", s);
}

#define T_2024_06_01 INT64_C(1717200000000000)

static void test_dates(void **state) {
  assert_int_equal(parse_ok("1970-01-01"), 0);
  assert_int_equal(parse_ok("2024-06-01"), T_2024_06_01);
  assert_int_equal(parse_ok("2024-02-29"), INT64_C(1709164800000000));
  assert_int_equal(parse_ok("2000-02-29"), INT64_C(951782400000000));
  assert_int_equal(parse_ok("1969-12-31"), -INT64_C(86400000000));
  assert_int_equal(parse_ok("0000-01-01"), -INT64_C(62167219200000000));
  assert_int_equal(parse_ok("9999-12-31T23:59:59Z"), INT64_C(253402300799000000));
  reject("2023-02-29");
  reject("1900-02-29");
  reject("2024-04-31");
  reject("2024-13-01");
  reject("2024-00-10");
  reject("2024-01-00");
  reject("2024-1-01");
  reject("24-01-01");
  reject("2024/01/01");
  reject("2024-01-01x");
  reject("");
  reject("2024-06-01 ");
}

static void test_date_times(void **state) {
  assert_int_equal(parse_ok("2024-06-01T00:00:00Z"), T_2024_06_01);
  assert_int_equal(parse_ok("2024-06-01t00:00:00z"), T_2024_06_01);
  assert_int_equal(parse_ok("2024-06-01 00:00:00"), T_2024_06_01);
  assert_int_equal(parse_ok("2024-06-01T12:30:15Z"), T_2024_06_01 + INT64_C(45015000000));
  assert_int_equal(parse_ok("2024-06-01T02:00:00+02:00"), T_2024_06_01);
  assert_int_equal(parse_ok("2024-05-31T19:30:00-04:30"), T_2024_06_01);
  assert_int_equal(parse_ok("2024-06-01T00:00:00-00:00"), T_2024_06_01);
  reject("2024-06-01T24:00:00Z");
  reject("2024-06-01T23:60:00Z");
  reject("2024-06-01T23:59:60Z");   /* leap second */
  reject("2024-06-01T12:30Z");
  reject("2024-06-01T12:30:00+0200");
  reject("2024-06-01T12:30:00+02");
  reject("2024-06-01T12:30:00+24:00");
  reject("2024-06-01T12:30:00+02:60");
  reject("2024-06-01T12:30:00ZZ");
  reject("2024-06-01T12:30:00 Z");
  reject("2024-06-01X12:30:00Z");
  reject("2024-06-01T1:30:00Z");
}

static void test_fractions(void **state) {
  assert_int_equal(parse_ok("1970-01-01T00:00:00.5Z"), 500000);
  assert_int_equal(parse_ok("1970-01-01T00:00:00.123456Z"), 123456);
  assert_int_equal(parse_ok("1970-01-01T00:00:00.1234569999Z"), 123456);  /* truncated */
  assert_int_equal(parse_ok("1970-01-01T00:00:00.000000000000000000000001Z"), 0);
  assert_int_equal(parse_ok("1970-01-01T00:00:00.999999999"), 999999);
  assert_int_equal(parse_ok("1970-01-01T01:00:00.25+01:00"), 250000);
  reject("1970-01-01T00:00:00.Z");
  reject("1970-01-01T00:00:00.");
  reject("1970-01-01T00:00:00,5Z");
}

static void test_no_overread(void **state) {
  /* Input strings are not NUL-terminated: only len bytes may be looked at. */
  const char s[] = "2024-06-01T00:00:00Zgarbage";
  int64_t us;
  assert_true(lc_time_parse(s, 20, &us));
  assert_int_equal(us, T_2024_06_01);
  assert_true(lc_time_parse(s, 10, &us));
  assert_false(lc_time_parse(s, 19 + 3, &us));
  assert_false(lc_time_parse(s, 15, &us));
}

static void check_format(int64_t us, const char *want) {
  char buf[40];
  size_t n = lc_time_format(us, buf);
  assert_string_equal(buf, want);
  assert_int_equal(n, strlen(want));
}

static void test_format(void **state) {
  check_format(0, "1970-01-01T00:00:00Z");
  check_format(T_2024_06_01, "2024-06-01T00:00:00Z");
  check_format(T_2024_06_01 + 45015123456, "2024-06-01T12:30:15.123456Z");
  check_format(T_2024_06_01 + 500000, "2024-06-01T00:00:00.500000Z");
  check_format(-1, "1969-12-31T23:59:59.999999Z");
  check_format(-INT64_C(62167219200000000), "0000-01-01T00:00:00Z");
  check_format(INT64_MAX, "294247-01-10T04:00:54.775807Z");
  check_format(INT64_MIN, "-290308-12-21T19:59:05.224192Z");
}

static void test_round_trip(void **state) {
  char buf[40];
  for (int64_t us = -INT64_C(5000000000000000); us < INT64_C(5000000000000000);
       us += INT64_C(12345678901237)) {
    size_t n = lc_time_format(us, buf);
    int64_t back;
    assert_true(lc_time_parse(buf, n, &back));
    assert_int_equal(back, us);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_dates),      cmocka_unit_test(test_date_times),
      cmocka_unit_test(test_fractions),  cmocka_unit_test(test_no_overread),
      cmocka_unit_test(test_format),     cmocka_unit_test(test_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
