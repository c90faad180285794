/* The checker: every diagnostic it reports, at its line and column with its message, and the
 * program it hands to lowering (symbols, types, folded values, declaration order). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "check/check.h"
#include "front/parse.h"
#include "front/resolve.h"

typedef struct fx {
  lc_arena a;
  lc_sources s;
  lc_diags d;
  lc_program *p;
  ast_module *m;
} fx;

/* 17 lines; a test's own declarations start on line 18. */
#define HEAD HEAD_NO_TIER "tier lead otherwise\n"
#define HEAD_NO_TIER                                  \
  "model t\n"                                         \
  "input lead {\n"                                    \
  "  key id: string\n"                                \
  "  email: string\n"                                 \
  "  title: string?\n"                                \
  "  size: int?\n"                                    \
  "  source: enum(\"organic\", \"paid\")\n"           \
  "  created: time\n"                                 \
  "  events: list<event>\n"                           \
  "}\n"                                               \
  "record event {\n"                                  \
  "  kind: enum(\"page_view\", \"demo_request\")\n"   \
  "  url: string?\n"                                  \
  "  minutes: int?\n"                                 \
  "  timestamp at: time\n"                            \
  "}\n"

static int setup(void **state) {
  fx *f = test_calloc(1, sizeof *f);
  lc_arena_init(&f->a);
  lc_sources_init(&f->s, &f->a);
  lc_diags_init(&f->d, &f->a, &f->s);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  lc_arena_free(&f->a);
  test_free(f);
  return 0;
}

static void check(fx *f, const char *src) {
  uint32_t id = lc_sources_add(&f->s, "t.score", src, (uint32_t)strlen(src), false);
  f->m = lc_parse(&f->s, id, &f->a, &f->d);
  lc_loader l;
  lc_loader_init(&l, &f->a, &f->s, &f->d, NULL, 0);
  lc_unit u;
  lc_resolve(&l, f->m, NULL, &u);
  f->p = lc_check(&u, &l, &f->a, &f->d);
  lc_diags_sort(&f->d);
}

static void dump(const fx *f) {
  for (uint32_t i = 0; i < f->d.items.n; i++) {
    const lc_diag *g = f->d.items.items[i];
    lc_pos p = lc_sources_pos(&f->s, g->span.file, g->span.start);
    print_message("  %s %u:%u %s\n", lc_code_name(g->code), p.line, p.col, g->message);
  }
}

/* The diagnostic with this code must exist at line:col with exactly this message. */
static const lc_diag *has(const fx *f, const char *code, uint32_t line, uint32_t col, const char *message) {
  for (uint32_t i = 0; i < f->d.items.n; i++) {
    const lc_diag *g = f->d.items.items[i];
    if (strcmp(lc_code_name(g->code), code)) continue;
    lc_pos p = lc_sources_pos(&f->s, g->span.file, g->span.start);
    if (p.line == line && p.col == col && !strcmp(g->message, message)) return g;
  }
  print_message("missing %s %u:%u %s; have:\n", code, line, col, message);
  dump(f);
  fail();
  return NULL;
}

static void only(const fx *f, uint32_t n) {
  if (f->d.items.n != n) {
    print_message("expected %u diagnostics, have %u:\n", n, f->d.items.n);
    dump(f);
    fail();
  }
}

static void help_is(const lc_diag *g, const char *help) {
  assert_non_null(g->help);
  assert_string_equal(g->help, help);
}

#define CHECK(src) check(*state, src)
#define F ((fx *)*state)

/* ---- names */

static void test_unknown_name(void **state) {
  CHECK(HEAD "rule r when titel == \"x\" then +1\n");
  help_is(has(F, "E0201", 18, 13, "unknown name titel"), "did you mean title?");
  only(F, 1);
}

static void test_unknown_field(void **state) {
  CHECK(HEAD "rule r when sum(events.minuts) > 3 then +1\n"
             "rule q when lead.emial == \"x\" then +1\n");
  help_is(has(F, "E0202", 18, 24, "event has no field minuts"), "did you mean minutes?");
  help_is(has(F, "E0202", 19, 18, "lead has no field emial"), "did you mean email?");
  only(F, 2);
}

static void test_enum_member(void **state) {
  CHECK(HEAD "rule r when any(events where kind == \"pricng_view\") then +1\n"
             "rule q when source in [\"organic\", \"payd\"] then +1\n");
  help_is(has(F, "E0203", 18, 38, "\"pricng_view\" is not a member of enum kind"), "did you mean \"page_view\"?");
  help_is(has(F, "E0203", 19, 35, "\"payd\" is not a member of enum source"), "did you mean \"paid\"?");
  only(F, 2);
}

static void test_duplicate_name(void **state) {
  CHECK(HEAD "const x = 1\n"
             "rule r when size > x then +1\n"
             "const x = 2\n");
  const lc_diag *g = has(F, "E0204", 20, 7, "x is defined twice");
  assert_int_equal(g->notes.n, 1);
  const lc_note *n = g->notes.items[0];
  assert_string_equal(n->message, "first defined here");
  assert_int_equal(lc_sources_pos(&F->s, n->span.file, n->span.start).line, 18);
  only(F, 1);
}

static void test_duplicate_across_spaces(void **state) {
  CHECK(HEAD "group size { rule r when true then +1 }\n"
             "rule r when true then +2\n");
  has(F, "E0204", 18, 7, "size is already the name of a field");
  has(F, "E0204", 19, 6, "r is defined twice");
  only(F, 2);
}

static void test_unknown_function(void **state) {
  CHECK(HEAD "rule r when lowr(email) == \"x\" then +1\n");
  help_is(has(F, "E0205", 18, 13, "unknown function lowr"), "did you mean lower?");
  only(F, 1);
}

static void test_unknown_type(void **state) {
  CHECK("model t\ninput lead {\n  key id: string\n  n: nmber\n}\n");
  help_is(has(F, "E0206", 4, 6, "unknown type nmber"), "did you mean number?");
  only(F, 1);
}

static void test_score_outside_tier(void **state) {
  CHECK(HEAD "rule r when score > 1 then +1\n"
             "group g { rule q when g > 1 then +1 }\n");
  has(F, "E0207", 18, 13, "the score is only known in tier conditions");
  has(F, "E0207", 19, 23, "the total of group g is only known in tier conditions");
  only(F, 2);
}

/* ---- types */

static void test_type_mismatch(void **state) {
  CHECK(HEAD "rule r when size + \"1\" > 2 then +1\n"
             "rule q when created > 30 then +1\n");
  has(F, "E0301", 18, 13, "cannot use + with int? and string");
  has(F, "E0301", 19, 13, "cannot compare time with number");
  only(F, 2);
}

static void test_condition_not_bool(void **state) {
  CHECK(HEAD "rule r when size then +1\n");
  help_is(has(F, "E0302", 18, 13, "the when condition must be true or false, but this is int?"),
          "compare it with something, such as size > 0");
  only(F, 1);
}

static void test_points_not_number(void **state) {
  CHECK(HEAD "rule r when size > 1 then \"ten\"\n");
  has(F, "E0303", 18, 27, "points must be a number, but this is string");
  only(F, 1);
}

static void test_arity(void **state) {
  CHECK(HEAD "rule r when round(size, 1, 2) > 3 then +1\n"
             "def two(a: number, b: number): number = a + b\n"
             "rule q when two(1) > 3 then +1\n");
  help_is(has(F, "E0304", 18, 13, "round takes 1 to 2 values, but 3 were given"), "write round(x) or round(x, digits)");
  help_is(has(F, "E0304", 20, 13, "two takes 2 values, but 1 was given"), "write two(a, b)");
  only(F, 2);
}

static void test_never_present(void **state) {
  CHECK(HEAD "const d = domain(\"acme.io\")\n"
             "rule r when domain(email) == d then +1\n");
  has(F, "E0305", 19, 30, "d is always missing, so nothing can be worked out from it");
  only(F, 1);
}

static void test_not_a_list(void **state) {
  CHECK(HEAD "rule r each email then +1\n");
  has(F, "E0306", 18, 13, "each needs a list, but email is string");
  only(F, 1);
}

static void test_no_timestamp(void **state) {
  CHECK("model t\ninput lead {\n  key id: string\n  pages: list<page>\n}\nrecord page { url: string }\n"
        "tier lead otherwise\n"
        "rule r when count(pages within 7d) > 1 then +1\n");
  has(F, "E0307", 8, 32, "within needs to know when each page happened, but page has no timestamp field");
  only(F, 1);
}

static void test_decay_needs_since(void **state) {
  CHECK(HEAD "rule r when size > 1 then +1 decay half_life 7d\n");
  help_is(has(F, "E0308", 18, 30, "decay on a when rule needs to know since when"),
          "add the time the age counts from, such as `since created_at`");
  only(F, 1);
}

static void test_not_constant(void **state) {
  CHECK(HEAD "const c = size * 2\n");
  help_is(has(F, "E0309", 18, 11, "the value of const c must be known before any lead is scored"),
          "size is a field of lead, known only when a lead is scored");
  only(F, 1);
}

static void test_recursive_def(void **state) {
  CHECK(HEAD "def f(n: number): number = g(n)\n"
             "def g(n: number): number = f(n) + 1\n"
             "rule r when f(1) > 0 then +1\n");
  has(F, "E0310", 19, 28, "f calls itself (f → g → f); a def cannot be recursive");
  only(F, 1);
}

static void test_cap_not_constant(void **state) {
  CHECK(HEAD "rule r when size > 1 then +1 cap size\n"
             "group g floor \"x\" { rule q when true then +1 }\n");
  has(F, "E0311", 18, 34, "cap must be a number known before any lead is scored");
  has(F, "E0311", 19, 15, "floor must be a number, but this is string");
  only(F, 2);
}

static void test_type_not_allowed(void **state) {
  CHECK("model t\ninput lead {\n  key id: string\n  tags: list<string>\n  first: event\n}\n"
        "record event { timestamp at: time }\ntier lead otherwise\n");
  has(F, "E0312", 4, 9, "a list field must hold records, not string");
  has(F, "E0312", 5, 10, "a field cannot hold a whole event record");
  only(F, 2);
}

static void test_since_on_each(void **state) {
  CHECK(HEAD "rule r each events then +1 decay linear 7d since created\n");
  has(F, "E0313", 18, 50, "an each rule measures decay from each element's timestamp");
  only(F, 1);
}

/* ---- model structure */

static void test_model_not_first(void **state) {
  CHECK("input lead { key id: string }\nmodel late\ntier lead otherwise\n");
  has(F, "E0102", 2, 1, "the model declaration must come first in the file");
  only(F, 1);
}

static void test_no_model(void **state) {
  CHECK("input lead { key id: string }\ntier lead otherwise\n");
  has(F, "E0102", 1, 1, "this file has no model declaration");
  only(F, 1);
}

static void test_twice(void **state) {
  CHECK("model t\nversion \"1\"\nversion \"2\"\ninput lead { key id: string }\ninput other { key id: string }\n"
        "tier lead otherwise\n");
  has(F, "E0103", 3, 1, "a model has only one version");
  has(F, "E0103", 5, 7, "a model has only one input");
  only(F, 2);
}

static void test_no_input(void **state) {
  CHECK("model lonely\ntier lead otherwise\n");
  has(F, "E0501", 1, 7, "model lonely has no input declaration");
  only(F, 1);
}

static void test_otherwise_not_last(void **state) {
  CHECK("model t\ninput lead { key id: string }\ntier lead otherwise\ntier mql when score > 1\n");
  has(F, "E0502", 3, 1, "the otherwise tier must be the last tier");
  only(F, 1);
}

static void test_key_and_timestamp(void **state) {
  CHECK("model t\ninput lead {\n  key id: string?\n  timestamp t: time\n}\nrecord e { key k: string }\n"
        "tier lead otherwise\n");
  has(F, "E0503", 3, 3, "a key field must be a string or an int that is always present, not string?");
  has(F, "E0503", 4, 3, "the input cannot have a timestamp field");
  has(F, "E0503", 6, 12, "only the input can have a key field, not record e");
  only(F, 3);
}

/* ---- tests */

static void test_test_as_of(void **state) {
  CHECK(HEAD "test \"x\" {\n  given {\"id\": \"1\", \"email\": \"a@b\", \"source\": \"paid\", \"created\": \"2024-01-01\"}\n"
             "  expect score == 0\n}\n");
  has(F, "E0601", 18, 6, "test \"x\" has no as_of time");
  only(F, 1);
}

static void test_test_given(void **state) {
  CHECK(HEAD "test \"x\" {\n  as_of @2024-06-01\n  given {\"id\": \"1\", \"email\": \"a@b\", \"source\": \"payd\"}\n"
             "  expect score == 0\n}\n");
  help_is(has(F, "E0602", 20, 47, "\"payd\" is not a member of enum source"), "did you mean \"paid\"?");
  has(F, "E0602", 20, 9, "the given lead has no created, which is not optional");
  only(F, 2);
}

static void test_test_given_syntax(void **state) {
  CHECK(HEAD "test \"x\" {\n  as_of @2024-06-01\n  given {\"id\" 1}\n  expect rejected \"id\"\n}\n");
  has(F, "E0602", 20, 15, "the given record is not valid JSON: expected `:` after the key");
  only(F, 1);
}

static void test_test_names(void **state) {
  CHECK(HEAD "rule demo when true then +1\n"
             "test \"x\" {\n  as_of @2024-06-01\n  given {\"id\": \"1\"}\n  expect rule dmeo == 1\n"
             "  expect tier == \"mql\"\n  expect rejected \"sise\"\n}\n");
  help_is(has(F, "E0603", 22, 15, "there is no rule named dmeo"), "did you mean demo?");
  has(F, "E0603", 23, 18, "there is no tier named mql");
  help_is(has(F, "E0202", 24, 19, "lead has no field \"sise\""), "did you mean \"size\"?");
  only(F, 3);
}

/* ---- warnings */

static void test_shadowing(void **state) {
  CHECK("model t\ninput lead {\n  key id: string\n  url: string?\n  events: list<event>\n}\n"
        "record event { url: string?\n timestamp at: time }\ntier lead otherwise\n"
        "rule r when any(events where url == \"/\") then +1\n"
        "rule q when any(events where lead.url == \"/\") then +1\n");
  help_is(has(F, "W0001", 10, 30, "url here is the field of event, not the field of lead"),
          "write lead.url to mean the lead's field, or rename one of them");
  only(F, 1);
}

static void test_unreachable_tier(void **state) {
  CHECK("model t\ninput lead { key id: string }\n"
        "tier mql when score >= 50\ntier sql when score >= 80 or (score >= 60 and false)\n"
        "tier ok when score >= 40\ntier lead otherwise\n");
  const lc_diag *g = has(F, "W0002", 4, 6, "tier sql can never be reached: every lead it would get is already mql");
  assert_int_equal(g->notes.n, 1);
  only(F, 1);
}

static void test_no_otherwise(void **state) {
  CHECK("model t\ninput lead { key id: string }\ntier mql when score >= 50\n");
  has(F, "W0003", 3, 6, "no otherwise tier: leads that match no tier get no tier at all");
  only(F, 1);
}

static void test_unused(void **state) {
  CHECK(HEAD "const c = 1\ndef d(x: number): number = x\n");
  has(F, "W0004", 18, 7, "const c is never used");
  has(F, "W0005", 19, 5, "def d is never used");
  only(F, 2);
}

/* ---- what lowering receives */

static const ast_expr *rule_cond(const lc_program *p, uint32_t i) { return ((const lc_rule *)p->rules.items[i])->cond; }

static void test_program(void **state) {
  CHECK(HEAD_NO_TIER "const big = 100 * 2\n"
             "const kinds = [\"page_view\"]\n"
             "group fit cap 50 floor -5 {\n"
             "  rule sized when size >= big then +10\n"
             "}\n"
             "rule seen each events where kind in kinds then minutes / 10 decay half_life 14d cap 20\n"
             "rule demo when count(events where kind == \"demo_request\" within 30d) > 0 then +30\n"
             "rule recent when max(events.at) > created then +1\n"
             "tier sql when fit >= 30\n"
             "tier lead otherwise\n");
  only(F, 0);
  const lc_program *p = F->p;
  assert_string_equal(p->model_name, "t");
  assert_non_null(p->input);
  assert_ptr_equal(p->records.items[0], p->input);
  assert_string_equal(p->input->key->name, "id");
  lc_record *event = p->records.items[1];
  assert_string_equal(event->timestamp->name, "at");

  assert_int_equal(p->rules.n, 4);
  assert_int_equal(p->groups.n, 1);
  assert_int_equal(p->items.n, 4);              /* group fit, seen, demo, recent */
  const lc_item *first = p->items.items[0];
  assert_true(first->is_group);
  const lc_group *fit = p->groups.items[0];
  assert_true(fit->has_cap && fit->cap == 50 && fit->has_floor && fit->floor == -5);
  assert_ptr_equal(((lc_rule *)p->rules.items[0])->group, fit);

  /* size >= big: an input field against a folded const */
  const ast_expr *c = rule_cond(p, 0);
  assert_int_equal(c->u.binary.a->sym->kind, LC_SYM_INPUT_FIELD);
  assert_true(c->u.binary.a->type->optional);
  assert_int_equal(c->u.binary.b->sym->kind, LC_SYM_CONST);
  assert_true(c->u.binary.b->sym->cnst->value->u.num == 200);

  /* each rule: element fields at level 1, decay folded */
  const lc_rule *seen = p->rules.items[1];
  assert_int_equal(seen->kind, LC_RULE_EACH);
  assert_ptr_equal(seen->elem, event);
  assert_int_equal(seen->where->u.binary.a->sym->kind, LC_SYM_ELEM_FIELD);
  assert_int_equal(seen->where->u.binary.a->sym->level, 1);
  assert_int_equal(seen->decay, LC_DECAY_HALF_LIFE);
  assert_true(seen->decay_us == INT64_C(14) * 86400 * 1000000);
  assert_true(seen->has_cap && seen->cap == 20);

  /* count(… where kind == "demo_request" …): an aggregate; the literal became the enum */
  const ast_expr *cnt = rule_cond(p, 2)->u.binary.a;
  assert_int_equal(cnt->sym->kind, LC_SYM_AGGREGATE);
  assert_int_equal(cnt->sym->agg.kind, AGG_COUNT);
  assert_int_equal(cnt->sym->agg.level, 1);
  const ast_expr *lit = cnt->u.call.where->u.binary.b;
  assert_int_equal(lit->type->kind, LC_T_ENUM);
  assert_int_equal(lc_type_enum_index(lit->type, lit->u.str.s, lit->u.str.len), 1);

  /* max(events.at): the aggregate, not the builtin; missing over no events */
  const ast_expr *mx = rule_cond(p, 3)->u.binary.a;
  assert_int_equal(mx->sym->kind, LC_SYM_AGGREGATE);
  assert_int_equal(mx->sym->agg.kind, AGG_MAX);
  assert_string_equal(mx->sym->agg.proj->name, "at");
  assert_int_equal(mx->type->kind, LC_T_TIME);
  assert_true(mx->type->optional);

  /* the tier sees the group total */
  const lc_tier *sql = p->tiers.items[0];
  assert_int_equal(sql->cond->u.binary.a->sym->kind, LC_SYM_GROUP_TOTAL);
  assert_ptr_equal(sql->cond->u.binary.a->sym->group, fit);
}

static void test_builtins_and_defs(void **state) {
  CHECK(HEAD "def corp(a: string): bool = not (domain(a) in [\"gmail.com\"])\n"
             "rule a when corp(email) and round(size, 1) > max(1, 2) then +1\n");
  only(F, 0);
  const ast_expr *c = rule_cond(F->p, 0);
  assert_int_equal(c->u.binary.a->sym->kind, LC_SYM_DEF);
  const ast_expr *round = c->u.binary.b->u.binary.a;
  assert_int_equal(round->sym->kind, LC_SYM_BUILTIN);
  assert_int_equal(round->sym->builtin, B_ROUND_DIGITS);
  const ast_expr *mx = c->u.binary.b->u.binary.b;
  assert_int_equal(mx->sym->builtin, B_MAX);
  const lc_def *corp = F->p->defs.items[0];
  const ast_expr *param = corp->body->u.unary.a->u.binary.a->u.call.args.items[0];
  assert_int_equal(param->sym->kind, LC_SYM_PARAM);
  assert_int_equal(param->sym->param, 0);
}

static void test_records_in_order(void **state) {
  CHECK("model t\nrecord visit { timestamp at: time }\nrecord event { timestamp at: time }\n"
        "input lead {\n  key id: string\n  events: list<event>\n  visits: list<visit>\n}\ntier lead otherwise\n"
        "rule r when count(visits) > count(events) then +1\n");
  only(F, 0);
  const lc_program *p = F->p;
  assert_int_equal(p->records.n, 3);
  for (uint32_t i = 0; i < p->records.n; i++) assert_int_equal(((lc_record *)p->records.items[i])->index, i);
  assert_ptr_equal(p->records.items[0], p->input);
  assert_string_equal(((lc_record *)p->records.items[1])->name, "visit");
  const ast_expr *c = rule_cond(p, 0);
  assert_string_equal(c->u.binary.a->sym->agg.elem->name, "visit");
  assert_int_equal(c->u.binary.a->sym->agg.elem->index, 1);
  assert_int_equal(c->u.binary.b->sym->agg.elem->index, 2);
}

static void test_enum_default(void **state) {
  CHECK(HEAD "rule r when (source ?? \"paid\") == \"paid\" then +1\n"
             "rule q when (source ?? \"payd\") == \"paid\" then +1\n");
  help_is(has(F, "E0203", 19, 24, "\"payd\" is not a member of enum source"), "did you mean \"paid\"?");
  only(F, 1);
  const ast_expr *co = rule_cond(F->p, 0)->u.binary.a;
  assert_int_equal(co->type->kind, LC_T_ENUM);
  assert_int_equal(co->u.binary.b->type->kind, LC_T_ENUM);
}

static void test_cascade(void **state) {
  CHECK(HEAD "const limit = sise * 2\n"
             "rule a when size > limit and size > limit + 1 then limit\n"
             "rule b when nope + 1 > 2 and nope < 3 then +1\n");
  has(F, "E0201", 18, 15, "unknown name sise");
  has(F, "E0201", 20, 13, "unknown name nope");
  only(F, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    T(test_unknown_name), T(test_unknown_field), T(test_enum_member), T(test_duplicate_name),
    T(test_duplicate_across_spaces), T(test_unknown_function), T(test_unknown_type), T(test_score_outside_tier),
    T(test_type_mismatch), T(test_condition_not_bool), T(test_points_not_number), T(test_arity),
    T(test_never_present), T(test_not_a_list), T(test_no_timestamp), T(test_decay_needs_since),
    T(test_not_constant), T(test_recursive_def), T(test_cap_not_constant), T(test_type_not_allowed),
    T(test_since_on_each), T(test_model_not_first), T(test_no_model), T(test_twice), T(test_no_input),
    T(test_otherwise_not_last), T(test_key_and_timestamp), T(test_test_as_of), T(test_test_given),
    T(test_test_given_syntax), T(test_test_names), T(test_shadowing), T(test_unreachable_tier),
    T(test_no_otherwise), T(test_unused), T(test_program), T(test_builtins_and_defs), T(test_records_in_order), T(test_enum_default), T(test_cascade),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
