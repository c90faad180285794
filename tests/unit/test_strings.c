#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "leadc/runtime.h"
#include "runtime/scratch.h"
#include "runtime/utf8.h"

static lc_str S(const char *s) { return (lc_str){s, (uint32_t)strlen(s)}; }

static void expect(lc_str got, const char *want) {
  if (got.len != strlen(want) || memcmp(got.ptr, want, got.len) != 0)
    fail_msg("got \"%.*s\", want \"%s\"", (int)got.len, got.ptr, want);
}

static void test_compare(void **state) {
  assert_true(lc_rt_str_eq(S("abc"), S("abc")));
  assert_false(lc_rt_str_eq(S("abc"), S("abd")));
  assert_false(lc_rt_str_eq(S("abc"), S("ab")));
  assert_true(lc_rt_str_eq((lc_str){NULL, 0}, S("")));
  assert_int_equal(lc_rt_str_cmp(S("a"), S("b")), -1);
  assert_int_equal(lc_rt_str_cmp(S("b"), S("a")), 1);
  assert_int_equal(lc_rt_str_cmp(S("ab"), S("abc")), -1);
  assert_int_equal(lc_rt_str_cmp(S("abc"), S("ab")), 1);
  assert_int_equal(lc_rt_str_cmp(S(""), S("")), 0);
  assert_int_equal(lc_rt_str_cmp(S("Z"), S("a")), -1);       /* bytewise */
  assert_int_equal(lc_rt_str_cmp(S("é"), S("z")), 1);        /* 0xC3 > 'z' */
}

static void test_prefix_suffix_contains(void **state) {
  assert_true(lc_rt_starts_with(S("/pricing/team"), S("/pricing")));
  assert_false(lc_rt_starts_with(S("/pri"), S("/pricing")));
  assert_true(lc_rt_starts_with(S("x"), S("")));
  assert_true(lc_rt_ends_with(S("ann@gmail.com"), S("@gmail.com")));
  assert_false(lc_rt_ends_with(S("com"), S(".com")));
  assert_true(lc_rt_ends_with(S(""), S("")));
  assert_true(lc_rt_contains(S("head of sales"), S("of s")));
  assert_false(lc_rt_contains(S("head"), S("heads")));
  assert_true(lc_rt_contains((lc_str){NULL, 0}, S("")));
  assert_false(lc_rt_contains((lc_str){NULL, 0}, S("a")));
}

static void test_trim(void **state) {
  expect(lc_rt_trim(S("  Ann \t\n")), "Ann");
  expect(lc_rt_trim(S("\xC2\xA0" "Ann" "\xE3\x80\x80")), "Ann");       /* NBSP, ideographic */
  expect(lc_rt_trim(S("\xE2\x80\xAF" "a b" "\xC2\x85\r\v\f")), "a b"); /* NNBSP, NEL */
  expect(lc_rt_trim(S("\xE2\x80\x8B" "x")), "\xE2\x80\x8B" "x");        /* ZWSP is not White_Space */
  expect(lc_rt_trim(S("   ")), "");
  expect(lc_rt_trim(S("")), "");
  expect(lc_rt_trim(S("Ø")), "Ø");
}

static void test_len(void **state) {
  assert_true(lc_rt_len(S("")) == 0);
  assert_true(lc_rt_len(S("Ann")) == 3);
  assert_true(lc_rt_len(S("Jørgen")) == 6);
  assert_true(lc_rt_len(S("中文")) == 2);
  assert_true(lc_rt_len(S("😀!")) == 2);
}

static void test_domain_local_part(void **state) {
  lc_scratch sc;
  lc_scratch_init(&sc);
  lc_exec x = {.scratch = &sc};
  lc_str out;
  assert_true(lc_rt_domain(&x, S("Ann@ACME.io"), &out));
  expect(out, "acme.io");
  assert_true(lc_rt_domain(&x, S("\"a@b\"@Example.COM"), &out));   /* last '@' */
  expect(out, "example.com");
  assert_true(lc_rt_domain(&x, S("ann@"), &out));
  expect(out, "");
  assert_true(lc_rt_domain(&x, S("x@BÜCHER.DE"), &out));
  expect(out, "bücher.de");
  assert_false(lc_rt_domain(&x, S("no-at-sign"), &out));
  assert_false(lc_rt_domain(&x, S(""), &out));
  assert_true(lc_rt_local_part(S("Ann.Lee@acme.io"), &out));
  expect(out, "Ann.Lee");
  assert_true(lc_rt_local_part(S("\"a@b\"@x.com"), &out));
  expect(out, "\"a@b\"");
  assert_true(lc_rt_local_part(S("@x.com"), &out));
  expect(out, "");
  assert_false(lc_rt_local_part(S("nobody"), &out));
  lc_scratch_free(&sc);
}

static void test_keyboard_run(void **state) {
  static const struct { const char *s; double want; } cases[] = {
      {"", 0},         {"123 !", 0},      {"a", 1},          {"Ann", 1},
      {"asdf", 4},     {"ASDF", 4},       {"aSdF", 4},       {"qwerty", 6},
      {"fdsa", 4},     {"asdsa", 3},      {"qwertyuiop", 10}, {"poiuytrewq", 10},
      {"zxcvbnm", 7},  {"mnbvcxz", 7},    {"asdf jkl", 4},   {"xasdfghjklx", 9},
      {"azerty", 6},   {"sdfghjklm", 9},  {"wxcvbn", 6},     {"qsd", 3},
      {"aqwe", 3},     {"pa", 1},         {"lz", 1},         {"Jørgen", 1},
      {"hjk1hjkl", 4}, {"plokij", 1},     {"mlkjh", 5},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    if (lc_rt_keyboard_run(S(cases[i].s)) != cases[i].want)
      fail_msg("keyboard_run(\"%s\") = %g, want %g", cases[i].s, lc_rt_keyboard_run(S(cases[i].s)),
               cases[i].want);
}

static void test_utf8_validation(void **state) {
  /* valid: the length of the valid prefix */
  static const struct { const char *s; size_t n, valid; } cases[] = {
      {"", 0, 0},
      {"plain ascii longer than eight bytes", 35, 35},
      {"J\xC3\xB8rgen", 7, 7},
      {"\xE4\xB8\xAD", 3, 3},
      {"\xF0\x9F\x98\x80", 4, 4},
      {"\xF4\x8F\xBF\xBF", 4, 4},                /* U+10FFFF */
      {"\xC3", 1, 0},                            /* truncated */
      {"abcdefgh\xE4\xB8", 10, 8},
      {"\xC0\xAF", 2, 0},                        /* overlong */
      {"\xE0\x80\xAF", 3, 0},
      {"ab\xF0\x80\x80\xAF", 6, 2},
      {"\xED\xA0\x80", 3, 0},                    /* surrogate */
      {"\xF4\x90\x80\x80", 4, 0},                /* above U+10FFFF */
      {"\xF5\x80\x80\x80", 4, 0},
      {"0123456789\x80", 11, 10},                /* lone continuation */
      {"\xC3\x28", 2, 0},
      {"\xC3\xA9\xFF", 3, 2},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t got = lc_utf8_valid_prefix((const uint8_t *)cases[i].s, cases[i].n);
    if (got != cases[i].valid) fail_msg("case %zu: valid prefix %zu, want %zu", i, got, cases[i].valid);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_compare),        cmocka_unit_test(test_prefix_suffix_contains),
      cmocka_unit_test(test_trim),           cmocka_unit_test(test_len),
      cmocka_unit_test(test_domain_local_part), cmocka_unit_test(test_keyboard_run),
      cmocka_unit_test(test_utf8_validation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
