#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "leadc/runtime.h"
#include "runtime/casemap.h"
#include "runtime/scratch.h"

static void test_code_points(void **state) {
  static const struct { uint32_t upper, lower; } pairs[] = {
      {'A', 'a'},      {'Z', 'z'},       {0xC0, 0xE0},     {0xD8, 0xF8},   /* Ø ø */
      {0xDE, 0xFE},    {0x100, 0x101},   {0x17D, 0x17E},   {0x1F4, 0x1F5}, /* Ǵ ǵ */
      {0x391, 0x3B1},  {0x3A3, 0x3C3},   {0x3A9, 0x3C9},   {0x410, 0x430}, /* Α Σ Ω А */
      {0x42F, 0x44F},  {0x400, 0x450},   {0x460, 0x461},   {0x4C1, 0x4C2},
      {0x531, 0x561},  {0x1E9E, 0xDF},   {0x10400, 0x10428}, {0xFF21, 0xFF41},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
    assert_int_equal(lc_case_lower(pairs[i].upper), pairs[i].lower);
    if (pairs[i].upper != 0x1E9E) assert_int_equal(lc_case_upper(pairs[i].lower), pairs[i].upper);
  }
  /* Simple mappings only, several of them one-way. */
  assert_int_equal(lc_case_lower(0x130), 'i');          /* İ → i, not i + U+0307 */
  assert_int_equal(lc_case_upper(0x131), 'I');          /* ı → I */
  assert_int_equal(lc_case_upper(0x3C2), 0x3A3);        /* final ς → Σ */
  assert_int_equal(lc_case_upper(0xDF), 0xDF);          /* ß has no simple uppercase */
  assert_int_equal(lc_case_upper(0xFF), 0x178);         /* ÿ → Ÿ */
  assert_int_equal(lc_case_lower(0x212A), 'k');         /* Kelvin sign */
  assert_int_equal(lc_case_upper(0x23F), 0x2C7E);       /* ȿ grows from 2 to 3 bytes */
  /* Unmapped code points map to themselves. */
  static const uint32_t fixed[] = {'0', '@', 0xD7, 0xF7, 0x2000, 0x4E2D, 0x1F600, 0x10FFFF};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
    assert_int_equal(lc_case_lower(fixed[i]), fixed[i]);
    assert_int_equal(lc_case_upper(fixed[i]), fixed[i]);
  }
}

static void test_round_trip_latin_greek_cyrillic(void **state) {
  /* Every lowercase letter in these blocks that has an uppercase maps back to itself, except the
   * variant forms that share an uppercase letter (ı ſ ͅ ς ϐ ϑ ϕ ϖ ϰ ϱ ϵ). */
  static const uint32_t variants[] = {0x131, 0x17F, 0x345, 0x3C2, 0x3D0, 0x3D1,
                                      0x3D5, 0x3D6, 0x3F0, 0x3F1, 0x3F5};
  for (uint32_t cp = 0xC0; cp < 0x530; cp++) {
    uint32_t up = lc_case_upper(cp);
    bool variant = false;
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) variant |= variants[i] == cp;
    if (up != cp && lc_case_lower(cp) == cp && !variant && lc_case_lower(up) != cp)
      fail_msg("U+%04X → U+%04X → U+%04X", cp, up, lc_case_lower(up));
  }
}

static lc_str S(const char *s) { return (lc_str){s, (uint32_t)strlen(s)}; }

static void expect(lc_str got, const char *want) {
  if (got.len != strlen(want) || memcmp(got.ptr, want, got.len) != 0)
    fail_msg("got \"%.*s\", want \"%s\"", (int)got.len, got.ptr, want);
}

static void test_lower_upper_strings(void **state) {
  lc_scratch sc;
  lc_scratch_init(&sc);
  lc_exec x = {.scratch = &sc};
  expect(lc_rt_lower(&x, S("DIREKTØR")), "direktør");
  expect(lc_rt_upper(&x, S("direktør")), "DIREKTØR");
  expect(lc_rt_lower(&x, S("İSTANBUL")), "istanbul");
  expect(lc_rt_lower(&x, S("ΣΟΦΙΑ")), "σοφια");   /* simple mapping: no final-sigma rule */
  expect(lc_rt_upper(&x, S("σοφίας")), "ΣΟΦΊΑΣ");
  expect(lc_rt_lower(&x, S("ДМИТРИЙ Ёлкин")), "дмитрий ёлкин");
  expect(lc_rt_upper(&x, S("straße")), "STRAßE");
  expect(lc_rt_upper(&x, S("ȿ")), "\xE2\xB1\xBE");
  expect(lc_rt_lower(&x, S("")), "");
  expect(lc_rt_lower(&x, S("Mixed 123 ÀÉÎ 中文 😀")), "mixed 123 àéî 中文 😀");
  /* Nothing to change: the input slice comes back without a copy. */
  lc_str in = S("already lower @ 123");
  assert_ptr_equal(lc_rt_lower(&x, in).ptr, in.ptr);
  lc_str up = S("ALREADY UPPER 123");
  assert_ptr_equal(lc_rt_upper(&x, up).ptr, up.ptr);
  lc_scratch_free(&sc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_code_points),
      cmocka_unit_test(test_round_trip_latin_greek_cyrillic),
      cmocka_unit_test(test_lower_upper_strings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
