#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "leadc/runtime.h"

static lc_str S(const char *s) { return (lc_str){s, (uint32_t)strlen(s)}; }

static lc_regex *compile(const char *pat, uint32_t flags) {
  size_t off = 99;
  char msg[128] = "";
  lc_regex *re = lc_regex_compile(pat, strlen(pat), flags, &off, msg, sizeof msg);
  if (!re) fail_msg("/%s/ failed at %zu: %s", pat, off, msg);
  return re;
}

static void test_unicode_caseless(void **state) {
  lc_regex *re = compile("\\bdirektør\\b", LC_RE_CASELESS);
  assert_true(lc_rt_regex_match(re, S("DIREKTØR")));
  assert_true(lc_rt_regex_match(re, S("Administrerende Direktør, Oslo")));
  assert_false(lc_rt_regex_match(re, S("direktørene")));   /* \b is Unicode-aware */
  assert_false(lc_rt_regex_match(re, S("DIREKTOR")));
  lc_regex_free(re);

  re = compile("^\\w+$", 0);
  assert_true(lc_rt_regex_match(re, S("Jørgen")));          /* UCP: \w includes ø */
  assert_true(lc_rt_regex_match(re, S("Дмитрий")));
  assert_false(lc_rt_regex_match(re, S("a b")));
  lc_regex_free(re);

  re = compile("^.$", 0);
  assert_true(lc_rt_regex_match(re, S("😀")));              /* UTF: one code point */
  lc_regex_free(re);
}

static void test_flags(void **state) {
  lc_regex *re = compile("\\b(ceo|cto|vice president|head of)\\b", LC_RE_CASELESS);
  assert_true(lc_rt_regex_match(re, S("Co-founder & CEO")));
  assert_true(lc_rt_regex_match(re, S("Head Of Marketing")));
  assert_false(lc_rt_regex_match(re, S("ceotech intern")));
  lc_regex_free(re);

  re = compile("ceo", 0);
  assert_false(lc_rt_regex_match(re, S("CEO")));
  lc_regex_free(re);

  re = compile(" ^ a  b  # comment\n c $", LC_RE_EXTENDED);
  assert_true(lc_rt_regex_match(re, S("abc")));
  assert_false(lc_rt_regex_match(re, S("a b c")));
  lc_regex_free(re);

  re = compile("^$", 0);
  assert_true(lc_rt_regex_match(re, (lc_str){NULL, 0}));
  lc_regex_free(re);
}

static void test_subject_is_a_slice(void **state) {
  lc_regex *re = compile("sales$", 0);
  const char buf[] = "head of sales department";
  assert_true(lc_rt_regex_match(re, (lc_str){buf, 13}));
  assert_false(lc_rt_regex_match(re, (lc_str){buf, sizeof buf - 1}));
  lc_regex_free(re);
}

static void test_compile_errors(void **state) {
  size_t off = 0;
  char msg[128] = "";
  assert_null(lc_regex_compile("ab(c", 4, 0, &off, msg, sizeof msg));
  assert_int_equal(off, 4);
  assert_non_null(strstr(msg, "missing closing parenthesis"));
  assert_null(lc_regex_compile("a[z-a]", 6, 0, &off, msg, sizeof msg));
  assert_int_equal(off, 4);
  assert_true(msg[0] != '\0');
  assert_null(lc_regex_compile("\xC3(", 2, 0, &off, msg, sizeof msg));   /* invalid UTF-8 */
  char tiny[8];
  assert_null(lc_regex_compile("(", 1, 0, &off, tiny, sizeof tiny));
  assert_true(strlen(tiny) < sizeof tiny);
}

static void test_pathological_pattern_does_not_crash(void **state) {
  lc_regex *re = compile("^(a+)+$", 0);
  char s[4096];
  memset(s, 'a', sizeof s);
  s[sizeof s - 1] = 'b';
  assert_false(lc_rt_regex_match(re, (lc_str){s, sizeof s}));
  lc_regex_free(re);
}

static lc_regex *shared;

static void *worker(void *arg) {
  long hits = 0;
  for (int i = 0; i < 20000; i++) {
    hits += lc_rt_regex_match(shared, S("VP of Sales"));
    hits -= lc_rt_regex_match(shared, S("intern"));
  }
  return (void *)hits;
}

static void test_threads(void **state) {
  shared = compile("\\b(vp|director)\\b", LC_RE_CASELESS);
  pthread_t th[4];
  for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, worker, NULL);
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(th[i], &r);
    assert_int_equal((long)r, 20000);
  }
  lc_regex_free(shared);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unicode_caseless),   cmocka_unit_test(test_flags),
      cmocka_unit_test(test_subject_is_a_slice), cmocka_unit_test(test_compile_errors),
      cmocka_unit_test(test_pathological_pattern_does_not_crash),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
