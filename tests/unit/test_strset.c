#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "leadc/runtime.h"

static lc_str S(const char *s) { return (lc_str){s, (uint32_t)strlen(s)}; }

static void test_small_set(void **state) {
  char a[] = "gmail.com", b[] = "yahoo.com";
  lc_str items[] = {S(a), S(b), S("gmail.com"), S(""), S("a-domain-longer-than-sixteen.example")};
  lc_strset *s = lc_strset_new(items, 5);
  assert_non_null(s);
  memset(a, 'x', sizeof a - 1);   /* the set owns copies of its items */
  assert_true(lc_rt_strset_contains(s, S("gmail.com")));
  assert_true(lc_rt_strset_contains(s, S("yahoo.com")));
  assert_true(lc_rt_strset_contains(s, S("")));
  assert_true(lc_rt_strset_contains(s, (lc_str){NULL, 0}));
  assert_true(lc_rt_strset_contains(s, S("a-domain-longer-than-sixteen.example")));
  assert_false(lc_rt_strset_contains(s, S("gmail.co")));
  assert_false(lc_rt_strset_contains(s, S("Gmail.com")));   /* bytewise */
  assert_false(lc_rt_strset_contains(s, S("gmail.com ")));
  lc_strset_free(s);
}

static void test_empty_set(void **state) {
  lc_strset *s = lc_strset_new(NULL, 0);
  assert_non_null(s);
  assert_false(lc_rt_strset_contains(s, S("")));
  assert_false(lc_rt_strset_contains(s, S("x")));
  lc_strset_free(s);
  lc_strset_free(NULL);
}

static void test_large_set(void **state) {
  enum { N = 50000 };
  static char buf[N][24];
  static lc_str items[N];
  for (int i = 0; i < N; i++) {
    snprintf(buf[i], sizeof buf[i], "d%d.example", i * 2);
    items[i] = S(buf[i]);
  }
  lc_strset *s = lc_strset_new(items, N);
  assert_non_null(s);
  char key[24];
  for (int i = 0; i < 2 * N; i++) {
    snprintf(key, sizeof key, "d%d.example", i);
    assert_int_equal(lc_rt_strset_contains(s, S(key)), i % 2 == 0);
  }
  lc_strset_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_small_set),
      cmocka_unit_test(test_empty_set),
      cmocka_unit_test(test_large_set),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
