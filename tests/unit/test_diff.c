/* The record statistics of `leadc diff` on hand-made results: nearest-rank percentiles of the
 * score deltas, the records kept as the ones that moved most (ties in input order), and tiers
 * matched by name across versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "diff/diff.h"

static lc_ptier tiers_old[] = {{"hot", NULL}, {"warm", NULL}};
static lc_ptier tiers_new[] = {{"hot", NULL}, {"lukewarm", NULL}};
static lc_prule rules[] = {{.name = "r"}};

static const char *report(lc_arena *a, const lc_diff *d, const lc_plan *po, const lc_plan *pn) {
  lc_program prog = {.model_name = "m"};
  lc_vec none = {0};
  lc_diff_report r = {.old = po, .new = pn, .old_prog = &prog, .new_prog = &prog, .old_path = "o", .new_path = "n",
                      .changes = &none, .records = d, .as_of = "2024-06-01T00:00:00Z"};
  lc_sb sb = {0};
  lc_diff_render(&r, LC_DIFF_JSON, &sb);
  const char *s = lc_arena_strdup(a, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  return s;
}

static void add(lc_diff *d, double old_score, int32_t old_tier, double new_score, int32_t new_tier, const char *key,
                uint64_t line) {
  uint8_t fired_old = 1, fired_new = 0;
  lc_result o = {.score = old_score, .tier = old_tier, .fired = &fired_old};
  lc_result n = {.score = new_score, .tier = new_tier, .fired = &fired_new};
  lc_diff_record(d, &o, &n, key, (uint32_t)strlen(key), "in.ndjson", line);
}

static void test_percentiles_and_top(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  lc_plan p = {.tiers = tiers_old, .ntiers = 2, .rules = rules, .nrules = 1};
  lc_diff *d = lc_diff_new(&p, &p, 2);
  /* deltas −15, 0, −15, −5, 0, 0, −5, +20 (the v2_rules fixture of tests/golden/diff) */
  const double deltas[] = {-15, 0, -15, -5, 0, 0, -5, 20};
  const char *keys[] = {"L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"};
  for (int i = 0; i < 8; i++) add(d, 50, 0, 50 + deltas[i], 0, keys[i], (uint64_t)i + 1);
  const char *json = report(&a, d, &p, &p);
  assert_non_null(strstr(json, "\"score_delta\":{\"mean\":-2.5,\"p50\":-5,\"p90\":20,\"max\":20,\"min\":-15,\"mean_abs\":7.5}"));
  assert_non_null(strstr(json, "\"changed_score\":5"));
  /* top 2: L8 (+20), then L1 (−15) before L3 (−15): ties go in input order */
  const char *l8 = strstr(json, "\"key\":\"L8\""), *l1 = strstr(json, "\"key\":\"L1\"");
  assert_non_null(l8);
  assert_non_null(l1);
  assert_true(l8 < l1);
  assert_null(strstr(json, "\"key\":\"L3\""));
  /* every record stopped firing r */
  assert_non_null(strstr(json, "\"fire_rate_changes\":[{\"rule\":\"r\",\"old\":8,\"new\":0}]"));
  lc_diff_free(d);
  lc_arena_free(&a);
}

static void test_tiers_by_name(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  lc_plan po = {.tiers = tiers_old, .ntiers = 2, .rules = rules, .nrules = 1};
  lc_plan pn = {.tiers = tiers_new, .ntiers = 2, .rules = rules, .nrules = 1};
  lc_diff *d = lc_diff_new(&po, &pn, 10);
  add(d, 10, 0, 10, 0, "a", 1);     /* hot → hot */
  add(d, 5, 1, 5, 1, "b", 2);       /* warm → lukewarm: same index, another tier */
  add(d, 1, -1, 1, -1, "c", 3);     /* no tier on both sides */
  const char *json = report(&a, d, &po, &pn);
  assert_non_null(strstr(json, "\"transitions\":[[1,0,0],[0,1,0],[0,0,1]]"));
  assert_non_null(strstr(json, "\"changed_tier\":1"));
  assert_non_null(strstr(json, "\"key\":\"b\""));   /* it moved tier without a score change */
  assert_null(strstr(json, "\"key\":\"c\""));
  lc_diff_free(d);
  lc_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_percentiles_and_top),
      cmocka_unit_test(test_tiers_by_name),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
