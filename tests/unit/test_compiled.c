/* Models compiled to C as the runtime opens them (src/backend/compiled.c), on a description
 * written by hand the way `leadc emit c` writes one: the plan carries its names and records, the
 * scorer calls the score function with the regexes and sets built from the tables, and a model
 * from another ABI or with a regex that does not compile is refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "backend/compiled.h"
#include "runtime/scratch.h"

static const lc_field_desc fields[] = {
  {.name = "id", .key = "id", .kind = LC_V_STRING, .slot = 0},
  {.name = "title", .key = "Job Title", .kind = LC_V_STRING, .optional = true, .slot = 1},
};
static const lc_record_desc records[] = {{.name = "lead", .fields = fields, .nfields = 2, .nslots = 2,
                                          .timestamp_slot = LC_NO_SLOT}};
static const lc_compiled_rule rules[] = {{"boss", "A boss", 0}, {"listed", NULL, -1}};
static const char *const groups[] = {"fit"};
static const char *const tiers[] = {"hot", "cold"};
static const lc_compiled_regex regexes[] = {{"\\bceo\\b", LC_RE_CASELESS}};
static const lc_str names[] = {{"ann", 3}, {"bob", 3}};
static const lc_compiled_strset strsets[] = {{names, 2}};

typedef struct rec {
  struct { uint8_t id, title, pad_[6]; } has;
  lc_slot id, title;
} rec;

/* boss: 10 when the title matches; listed: 5 when the id is in the set; tier hot at 10 or more */
static void score(const lc_compiled_objects *k, const void *record, lc_exec *x, lc_result *res) {
  const rec *r = record;
  (void)x;
  res->fired[0] = r->has.title && lc_rt_regex_match(k->regexes[0], r->title.str);
  res->rules[0] = res->fired[0] ? 10.0 : 0.0;
  res->fired[1] = lc_rt_strset_contains(k->strsets[0], r->id.str);
  res->rules[1] = res->fired[1] ? 5.0 : 0.0;
  res->groups[0] = res->rules[0];
  res->score = lc_rt_round2(res->groups[0] + res->rules[1]);
  res->tier = res->score >= 10 ? 0 : 1;
}

static lc_compiled_model model(void) {
  return (lc_compiled_model){
    .abi = LC_COMPILED_ABI, .name = "handmade", .version = "3", .source_hash = "0", .leadc_version = "test",
    .records = records, .nrecords = 1, .key_slot = 0, .rules = rules, .nrules = 2, .groups = groups,
    .ngroups = 1, .tiers = tiers, .ntiers = 2, .regexes = regexes, .nregexes = 1, .strsets = strsets,
    .nstrsets = 1, .score = score,
  };
}

static void test_plan_and_score(void **state) {
  lc_compiled_model m = model();
  char err[256] = "";
  lc_compiled *c = lc_compiled_open(&m, err, sizeof err);
  assert_non_null(c);
  const lc_plan *p = lc_compiled_plan(c);
  assert_string_equal(p->model_name, "handmade");
  assert_string_equal(p->version, "3");
  assert_int_equal(p->nrules, 2);
  assert_string_equal(p->rules[0].name, "boss");
  assert_string_equal(p->rules[0].desc, "A boss");
  assert_int_equal(p->rules[1].group, -1);
  assert_string_equal(p->groups[0].name, "fit");
  assert_string_equal(p->tiers[1].name, "cold");
  assert_string_equal(p->records[0].fields[1].key, "Job Title");
  assert_int_equal(p->key_slot, 0);

  rec r = {{1, 1, {0}}, {.str = {"bob", 3}}, {.str = {"The CEO", 7}}};
  double values[3];
  uint8_t fired[2];
  lc_result res = {0, -1, values, values + 1, fired};
  lc_scratch s;
  lc_scratch_init(&s);
  lc_exec x = {0, &s};
  const lc_scorer *sc = lc_compiled_scorer(c);
  assert_ptr_equal(sc->plan, p);
  lc_scorer_score(sc, &r, &x, &res);
  assert_true(res.score == 15);
  assert_int_equal(res.tier, 0);
  assert_true(fired[0] && fired[1]);
  lc_scratch_free(&s);
  lc_compiled_close(c);
  lc_compiled_close(NULL);
}

static void test_other_abi(void **state) {
  lc_compiled_model m = model();
  m.abi = LC_COMPILED_ABI + 1;
  char err[256] = "";
  assert_null(lc_compiled_open(&m, err, sizeof err));
  assert_non_null(strstr(err, "ABI"));
}

static void test_bad_regex(void **state) {
  lc_compiled_model m = model();
  static const lc_compiled_regex bad[] = {{"(unclosed", 0}};
  m.regexes = bad;
  char err[256] = "";
  assert_null(lc_compiled_open(&m, err, sizeof err));
  assert_non_null(strstr(err, "(unclosed"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_plan_and_score),
    cmocka_unit_test(test_other_abi),
    cmocka_unit_test(test_bad_regex),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
