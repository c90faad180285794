/* Writing calibrated points into a model's text: constants replaced, expressions wrapped, rule
 * caps and floors scaled, and swapped by a negative factor; everything else byte for byte, and
 * the result still checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "eval/rewrite.h"
#include "front/frontend.h"
#include "plan/lower.h"

static const char model[] =
    "model m\n"
    "input lead {\n  key id: string\n  n: int?\n}\n"
    "rule a when n > 1 then +10   # a comment stays\n"
    "rule b when n > 2 then n * 2 cap 8\n"
    "rule c when n > 3 then n cap 6 floor 1\n"
    "rule d when n > 4 then +5 floor 2\n"
    "rule e when n > 5 then +7\n"
    "tier t otherwise\n";

static const char expected[] =
    "model m\n"
    "input lead {\n  key id: string\n  n: int?\n}\n"
    "rule a when n > 1 then -20   # a comment stays\n"
    "rule b when n > 2 then (n * 2) * -1.5 floor -12\n"
    "rule c when n > 3 then (n) * -0.5 cap -0.5 floor -3\n"
    "rule d when n > 4 then +10 floor 4\n"
    "rule e when n > 5 then +7\n"
    "tier t otherwise\n";

typedef struct compiled {
  lc_arena arena;
  lc_sources sources;
  lc_diags diags;
  lc_frontend fe;
  lc_plan *plan;
} compiled;

static void compile(compiled *c, const char *text) {
  lc_arena_init(&c->arena);
  lc_sources_init(&c->sources, &c->arena);
  lc_diags_init(&c->diags, &c->arena, &c->sources);
  lc_frontend_opts o = {.no_test_sibling = true};
  assert_true(lc_frontend_run_text(&c->fe, &c->arena, &c->sources, &c->diags, "m.score", text,
                                   (uint32_t)strlen(text), &o));
  assert_int_equal(c->diags.errors, 0);
  char err[256];
  c->plan = lc_lower(c->fe.program, &c->arena, err, sizeof err);
  assert_non_null(c->plan);
}

static void release(compiled *c) {
  lc_plan_free(c->plan);
  lc_arena_free(&c->arena);
}

static void test_rewrite(void **state) {
  (void)state;
  compiled c;
  compile(&c, model);
  lc_calib_rule rules[5] = {
      {.informative = true, .constant = true, .points = 10, .new_points = -20, .factor = -2},
      {.informative = true, .factor = -1.5, .factor_text = "-1.5"},
      {.informative = true, .factor = -0.5, .factor_text = "-0.5"},
      {.informative = true, .constant = true, .points = 5, .new_points = 10, .factor = 2},
      {.informative = false, .constant = true, .points = 7, .new_points = 7, .factor = 1},
  };
  lc_calibration cal = {.rules = rules, .nrules = 5};
  lc_sb out = {0};
  uint32_t outside;
  assert_true(lc_rewrite_points(&out, &c.sources, c.fe.program, c.plan, &cal, &outside));
  assert_int_equal(outside, 0);
  assert_string_equal(lc_sb_cstr(&out), expected);
  release(&c);
  compile(&c, lc_sb_cstr(&out));          /* the suggestion checks */
  release(&c);
  lc_sb_free(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_rewrite)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
