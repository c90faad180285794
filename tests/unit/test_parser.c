/* lc_parse on the LANGUAGE.md example (asserting on the tree), operator precedence, every
 * declaration form, syntax-error messages and recovery, and inputs that must not crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "front/parse.h"
#include "util/strbuf.h"

typedef struct fixture {
  lc_arena arena;
  lc_sources src;
  lc_diags diags;
  uint32_t file;
} fixture;

static int setup(void **state) {
  fixture *f = test_calloc(1, sizeof *f);
  lc_arena_init(&f->arena);
  lc_sources_init(&f->src, &f->arena);
  lc_diags_init(&f->diags, &f->arena, &f->src);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  lc_arena_free(&f->arena);
  test_free(f);
  return 0;
}

static ast_module *parse(fixture *f, const char *text) {
  f->file = lc_sources_add(&f->src, "t.score", text, (uint32_t)strlen(text), false);
  return lc_parse(&f->src, f->file, &f->arena, &f->diags);
}

static ast_module *parse_ok(fixture *f, const char *text) {
  ast_module *m = parse(f, text);
  if (f->diags.errors) {
    const lc_diag *g = f->diags.items.items[0];
    lc_pos p = lc_sources_pos(&f->src, g->span.file, g->span.start);
    fail_msg("%u:%u: %s", p.line, p.col, g->message);
  }
  return m;
}

static ast_decl *decl(ast_module *m, uint32_t i) {
  assert_true(i < m->decls.n);
  return LC_VEC_AT(m->decls, ast_decl, i);
}

static const char *span_text(fixture *f, lc_span sp) {
  const lc_source *s = lc_sources_get(&f->src, sp.file);
  return lc_arena_strndup(&f->arena, s->text + sp.start, sp.end - sp.start);
}

/* ---- expressions as S-expressions, to assert on shape */

static const char *const binops[] = {
  "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "??",
  "in", "not-in", "contains", "starts_with", "ends_with", "matches",
};

static void sx(lc_sb *sb, const ast_expr *e) {
  switch (e->kind) {
  case AST_NUM: lc_sb_printf(sb, "%g", e->u.num); break;
  case AST_STR: lc_sb_printf(sb, "\"%s\"", e->u.str.s); break;
  case AST_BOOL: lc_sb_puts(sb, e->u.boolean ? "true" : "false"); break;
  case AST_DUR: lc_sb_printf(sb, "%lldus", (long long)e->u.us); break;
  case AST_TIME: lc_sb_printf(sb, "@%lld", (long long)e->u.us); break;
  case AST_REGEX: lc_sb_printf(sb, "/%s/%u", e->u.regex.pattern, e->u.regex.flags); break;
  case AST_NAME: lc_sb_puts(sb, e->u.name); break;
  case AST_SCORE: lc_sb_puts(sb, "score"); break;
  case AST_LIST:
    lc_sb_puts(sb, "[");
    for (uint32_t i = 0; i < e->u.list.n; i++) {
      if (i) lc_sb_puts(sb, " ");
      sx(sb, e->u.list.items[i]);
    }
    lc_sb_puts(sb, "]");
    break;
  case AST_FIELD:
    lc_sb_puts(sb, "(. ");
    sx(sb, e->u.field.obj);
    lc_sb_printf(sb, " %s)", e->u.field.name);
    break;
  case AST_CALL:
    lc_sb_printf(sb, "(%s", e->u.call.name);
    for (uint32_t i = 0; i < e->u.call.args.n; i++) {
      lc_sb_puts(sb, " ");
      sx(sb, e->u.call.args.items[i]);
    }
    if (e->u.call.where) { lc_sb_puts(sb, " where "); sx(sb, e->u.call.where); }
    if (e->u.call.within) { lc_sb_puts(sb, " within "); sx(sb, e->u.call.within); }
    lc_sb_puts(sb, ")");
    break;
  case AST_UNARY:
    lc_sb_puts(sb, e->u.unary.op == OP_NEG ? "(neg " : e->u.unary.op == OP_POS ? "(pos " : "(not ");
    sx(sb, e->u.unary.a);
    lc_sb_puts(sb, ")");
    break;
  case AST_BINARY:
    lc_sb_printf(sb, "(%s ", binops[e->u.binary.op]);
    sx(sb, e->u.binary.a);
    lc_sb_puts(sb, " ");
    sx(sb, e->u.binary.b);
    lc_sb_puts(sb, ")");
    break;
  case AST_IN_RANGE:
    lc_sb_puts(sb, e->u.range.negated ? "(not-in-range " : "(in-range ");
    sx(sb, e->u.range.x);
    lc_sb_puts(sb, " ");
    sx(sb, e->u.range.lo);
    lc_sb_puts(sb, " ");
    sx(sb, e->u.range.hi);
    lc_sb_puts(sb, ")");
    break;
  case AST_IS:
    lc_sb_puts(sb, e->u.is.present ? "(present " : "(missing ");
    sx(sb, e->u.is.x);
    lc_sb_puts(sb, ")");
    break;
  }
}

static void assert_sx(fixture *f, const ast_expr *e, const char *want) {
  lc_sb sb = {0};
  sx(&sb, e);
  char *got = lc_arena_strdup(&f->arena, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  assert_string_equal(got, want);
}

/* Parses `const x = SRC` and checks the expression's shape. */
static void expr_is(fixture *f, const char *src, const char *want) {
  char text[512];
  snprintf(text, sizeof text, "const x = %s\n", src);
  ast_module *m = parse_ok(f, text);
  assert_int_equal(m->decls.n, 1);
  assert_sx(f, decl(m, 0)->u.value, want);
}

/* ---- the LANGUAGE.md §1 example */

static char *read_example(void) {
  FILE *fp = fopen(LEADC_SOURCE_DIR "/tests/unit/data/spec_example.score", "rb");
  assert_non_null(fp);
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  fclose(fp);
  buf[n] = '\0';
  return buf;
}

static ast_decl *rule_in(ast_decl *group, uint32_t i) { return LC_VEC_AT(group->u.group.rules, ast_decl, i); }

static void test_spec_example_header(void **state) {
  fixture *f = *state;
  ast_module *m = parse_ok(f, read_example());
  assert_int_equal(m->decls.n, 20);
  static const ast_decl_kind kinds[] = {
    AST_MODEL, AST_VERSION, AST_RANGE, AST_IMPORT, AST_IMPORT, AST_INPUT, AST_RECORD, AST_CONST, AST_CONST,
    AST_DEF, AST_GROUP, AST_GROUP, AST_RULE, AST_RULE, AST_RULE, AST_RULE, AST_TIER, AST_TIER, AST_TIER, AST_TEST,
  };
  for (uint32_t i = 0; i < 20; i++) assert_int_equal(decl(m, i)->kind, kinds[i]);

  ast_decl *model = decl(m, 0);
  assert_string_equal(model->name, "b2b_saas");
  assert_string_equal(span_text(f, model->name_span), "b2b_saas");
  assert_string_equal(model->text->s, "Fit and engagement score for mid-market SaaS");
  assert_string_equal(span_text(f, model->span), "model b2b_saas \"Fit and engagement score for mid-market SaaS\"");
  assert_string_equal(decl(m, 1)->text->s, "2024.11.1");
  assert_sx(f, decl(m, 2)->u.range.lo, "0");
  assert_sx(f, decl(m, 2)->u.range.hi, "100");
  assert_string_equal(decl(m, 3)->text->s, "std/email");
  assert_string_equal(decl(m, 4)->text->s, "std/spam");

  ast_decl *input = decl(m, 5);
  assert_string_equal(input->name, "lead");
  lc_vec fields = input->u.record.fields;
  assert_int_equal(fields.n, 12);
  ast_field *id = LC_VEC_AT(fields, ast_field, 0);
  assert_string_equal(id->name, "id");
  assert_true(id->is_key);
  assert_false(id->is_timestamp);
  assert_string_equal(span_text(f, id->span), "key id:         string");
  ast_field *first_name = LC_VEC_AT(fields, ast_field, 2);
  assert_int_equal(first_name->type->kind, AST_TY_NAME);
  assert_string_equal(first_name->type->name, "string");
  assert_true(first_name->type->optional);
  ast_field *source = LC_VEC_AT(fields, ast_field, 8);
  assert_int_equal(source->type->kind, AST_TY_ENUM);
  assert_int_equal(source->type->members.n, 5);
  assert_string_equal(LC_VEC_AT(source->type->members, ast_str_lit, 4)->s, "event");
  ast_field *events = LC_VEC_AT(fields, ast_field, 11);
  assert_int_equal(events->type->kind, AST_TY_LIST);
  assert_string_equal(events->type->elem->name, "event");
  assert_false(events->type->optional);

  ast_decl *event = decl(m, 6);
  assert_int_equal(event->u.record.fields.n, 4);
  assert_int_equal(LC_VEC_AT(event->u.record.fields, ast_field, 0)->type->members.n, 8);
  ast_field *at = LC_VEC_AT(event->u.record.fields, ast_field, 3);
  assert_string_equal(at->name, "at");
  assert_true(at->is_timestamp);

  assert_sx(f, decl(m, 7)->u.value, "/\\b(ceo|cto|cfo|coo|founder|vp|vice president|head of|director)\\b/1");
  assert_sx(f, decl(m, 8)->u.value, "(lines \"lists/target_accounts.txt\")");

  ast_decl *def = decl(m, 9);
  assert_string_equal(def->name, "corporate");
  assert_int_equal(def->u.def.params.n, 1);
  ast_param *addr = LC_VEC_AT(def->u.def.params, ast_param, 0);
  assert_string_equal(addr->name, "addr");
  assert_string_equal(addr->type->name, "string");
  assert_string_equal(def->u.def.ret->name, "bool");
  assert_sx(f, def->u.def.body, "(and (not (free_email addr)) (not (role_address addr)))");
}

static void test_spec_example_rules(void **state) {
  fixture *f = *state;
  ast_module *m = parse_ok(f, read_example());
  ast_decl *fit = decl(m, 10);
  assert_string_equal(fit->name, "fit");
  assert_sx(f, fit->u.group.cap, "50");
  assert_null(fit->u.group.floor);
  assert_int_equal(fit->u.group.rules.n, 4);
  ast_decl *exec = rule_in(fit, 0);
  assert_string_equal(exec->name, "exec_title");
  assert_string_equal(exec->text->s, "Decision-maker title");
  assert_ptr_equal(exec->group, fit);
  assert_int_equal(exec->u.rule.kind, AST_RULE_WHEN);
  assert_sx(f, exec->u.rule.cond, "(matches job_title exec_titles)");
  assert_sx(f, exec->u.rule.points, "(pos 20)");
  assert_sx(f, rule_in(fit, 1)->u.rule.cond, "(in-range company_size 50 5000)");
  assert_null(rule_in(fit, 2)->text);
  assert_sx(f, rule_in(fit, 2)->u.rule.points, "(neg 20)");
  assert_sx(f, rule_in(fit, 3)->u.rule.cond, "(in (domain email) target_accounts)");

  ast_decl *eng = decl(m, 11);
  assert_sx(f, eng->u.group.cap, "60");
  assert_int_equal(eng->u.group.rules.n, 4);
  ast_rule *pv = &rule_in(eng, 0)->u.rule;
  assert_int_equal(pv->kind, AST_RULE_EACH);
  assert_sx(f, pv->list, "events");
  assert_sx(f, pv->where, "(and (== kind \"page_view\") (starts_with url \"/pricing\"))");
  assert_null(pv->within);
  assert_sx(f, pv->points, "(pos 5)");
  assert_int_equal(pv->decay, AST_DECAY_HALF_LIFE);
  assert_sx(f, pv->decay_param, "1209600000000us");
  assert_null(pv->since);
  assert_string_equal(span_text(f, pv->decay_span), "decay half_life 14d");
  assert_sx(f, pv->cap, "20");
  assert_null(pv->floor);
  assert_sx(f, rule_in(eng, 1)->u.rule.cond, "(any events where (== kind \"demo_request\") within 2592000000000us)");
  ast_rule *wm = &rule_in(eng, 2)->u.rule;
  assert_sx(f, wm->points, "(/ minutes 10)");
  assert_int_equal(wm->decay, AST_DECAY_LINEAR);
  assert_sx(f, rule_in(eng, 3)->u.rule.cond,
            "(>= (count events where (== kind \"email_click\") within 2592000000000us) 3)");

  assert_null(decl(m, 12)->group);
  assert_sx(f, decl(m, 12)->u.rule.cond, "(any events where (starts_with url \"/careers\"))");
  assert_sx(f, decl(m, 14)->u.rule.cond, "(or (keyboard_mash first_name) (no_capital first_name))");
  assert_sx(f, decl(m, 15)->u.rule.cond, "(> (days_since (?? (max (. events at)) created_at)) 60)");

  assert_string_equal(decl(m, 16)->name, "sql");
  assert_sx(f, decl(m, 16)->u.tier_cond,
            "(or (>= score 80) (and (>= score 60) (any events where (== kind \"demo_request\"))))");
  assert_string_equal(decl(m, 18)->name, "lead");
  assert_null(decl(m, 18)->u.tier_cond);
}

static void test_spec_example_test_block(void **state) {
  fixture *f = *state;
  const char *text = read_example();
  ast_module *m = parse_ok(f, text);
  ast_decl *d = decl(m, 19);
  ast_test *t = &d->u.test;
  assert_string_equal(t->name->s, "a CEO at a mid-size company who viewed pricing twice is an MQL");
  assert_int_equal(t->as_of->kind, AST_TIME);
  assert_int_equal(t->as_of->u.us, INT64_C(1717200000000000));
  assert_string_equal(span_text(f, t->as_of_span), "as_of @2024-06-01T00:00:00Z");
  assert_non_null(t->given_json);
  assert_null(t->given_file);
  const char *json = strstr(text, "{\"id\"");
  const char *json_end = strstr(text, "\"}]}") + 4;
  assert_int_equal(t->given_json->len, json_end - json);
  assert_memory_equal(t->given_json->s, json, t->given_json->len);
  assert_int_equal(t->expects.n, 5);
  ast_expect *e0 = LC_VEC_AT(t->expects, ast_expect, 0);
  assert_int_equal(e0->kind, AST_EXPECT_FIRED);
  assert_int_equal(e0->names.n, 3);
  assert_string_equal(LC_VEC_AT(e0->names, ast_ident, 2)->name, "pricing_views");
  ast_expect *e1 = LC_VEC_AT(t->expects, ast_expect, 1);
  assert_int_equal(e1->kind, AST_EXPECT_NOT_FIRED);
  assert_string_equal(span_text(f, LC_VEC_AT(e1->names, ast_ident, 0)->span), "free_email_address");
  ast_expect *e2 = LC_VEC_AT(t->expects, ast_expect, 2);
  assert_int_equal(e2->kind, AST_EXPECT_RULE);
  assert_string_equal(e2->target.name, "pricing_views");
  assert_int_equal(e2->op, OP_EQ);
  assert_sx(f, e2->value, "7.26");
  ast_expect *e3 = LC_VEC_AT(t->expects, ast_expect, 3);
  assert_int_equal(e3->kind, AST_EXPECT_SCORE);
  assert_sx(f, e3->value, "42.26");
  ast_expect *e4 = LC_VEC_AT(t->expects, ast_expect, 4);
  assert_int_equal(e4->kind, AST_EXPECT_TIER);
  assert_sx(f, e4->value, "\"lead\"");
  assert_string_equal(span_text(f, e4->span), "expect tier == \"lead\"");
}

/* ---- the remaining declaration forms */

static void test_other_forms(void **state) {
  fixture *f = *state;
  ast_module *m = parse_ok(f,
      "import \"./shared/common.score\"\n"
      "input lead {\n"
      "  missing_values \"Select\", \"unknown\"\n"
      "  title: string? from \"Job Title\"\n"
      "  tags: list<string>\n"
      "  kind: enum(\"a\", \"b\",)\n"
      "}\n"
      "def none_(): number = 1\n"
      "def twice(x: number, y: int?) = x * 2\n"
      "const days = [\"mon\", \"tue\",]\n"
      "const empty = []\n"
      "group g cap 10 floor -5 {\n"
      "  rule a when title is present then 1 decay step 7d since created_at cap 3 floor 0\n"
      "}\n"
      "rule b each events within 30d then floor(minutes) floor -2\n"
      "test \"f\" {\n"
      "  as_of @2024-06-01\n"
      "  given file(\"fixtures/x.json\")\n"
      "  expect group g >= 3\n"
      "  expect rejected \"company_size\"\n"
      "  expect score != 0\n"
      "}\n");
  assert_int_equal(m->decls.n, 9);
  ast_decl *in = decl(m, 1);
  assert_int_equal(in->u.record.missing_values.n, 2);
  assert_string_equal(LC_VEC_AT(in->u.record.missing_values, ast_str_lit, 1)->s, "unknown");
  ast_field *title = LC_VEC_AT(in->u.record.fields, ast_field, 0);
  assert_string_equal(title->from->s, "Job Title");
  assert_true(title->type->optional);
  assert_string_equal(span_text(f, title->span), "title: string? from \"Job Title\"");
  assert_string_equal(LC_VEC_AT(in->u.record.fields, ast_field, 1)->type->elem->name, "string");
  assert_int_equal(LC_VEC_AT(in->u.record.fields, ast_field, 2)->type->members.n, 2);
  assert_int_equal(decl(m, 2)->u.def.params.n, 0);
  assert_null(decl(m, 3)->u.def.ret);
  assert_true(LC_VEC_AT(decl(m, 3)->u.def.params, ast_param, 1)->type->optional);
  assert_sx(f, decl(m, 4)->u.value, "[\"mon\" \"tue\"]");
  assert_sx(f, decl(m, 5)->u.value, "[]");
  ast_decl *g = decl(m, 6);
  assert_sx(f, g->u.group.floor, "(neg 5)");
  ast_rule *a = &rule_in(g, 0)->u.rule;
  assert_sx(f, a->cond, "(present title)");
  assert_int_equal(a->decay, AST_DECAY_STEP);
  assert_sx(f, a->since, "created_at");
  assert_sx(f, a->cap, "3");
  assert_sx(f, a->floor, "0");
  ast_rule *b = &decl(m, 7)->u.rule;
  assert_int_equal(b->kind, AST_RULE_EACH);
  assert_null(b->where);
  assert_sx(f, b->within, "2592000000000us");
  assert_sx(f, b->points, "(floor minutes)");
  assert_sx(f, b->floor, "(neg 2)");
  ast_test *tt = &decl(m, 8)->u.test;
  assert_string_equal(tt->given_file->s, "fixtures/x.json");
  assert_int_equal(LC_VEC_AT(tt->expects, ast_expect, 0)->kind, AST_EXPECT_GROUP);
  assert_int_equal(LC_VEC_AT(tt->expects, ast_expect, 0)->op, OP_GE);
  assert_string_equal(LC_VEC_AT(tt->expects, ast_expect, 1)->field->s, "company_size");
  assert_int_equal(LC_VEC_AT(tt->expects, ast_expect, 2)->op, OP_NE);
}

/* ---- precedence, loosest first: or, and, not, comparisons, ??, + -, * / %, unary, postfix */

static void test_precedence(void **state) {
  fixture *f = *state;
  expr_is(f, "1 + 2 * 3", "(+ 1 (* 2 3))");
  expr_is(f, "(1 + 2) * 3", "(* (+ 1 2) 3)");
  expr_is(f, "a - b - c", "(- (- a b) c)");
  expr_is(f, "a / b % c * d", "(* (% (/ a b) c) d)");
  expr_is(f, "a or b and not c == d", "(or a (and b (not (== c d))))");
  expr_is(f, "not a and b", "(and (not a) b)");
  expr_is(f, "a ?? b + c", "(?? a (+ b c))");
  expr_is(f, "a + b ?? c == d", "(== (?? (+ a b) c) d)");
  expr_is(f, "a ?? b ?? c", "(?? (?? a b) c)");
  expr_is(f, "-x.f * 2", "(* (neg (. x f)) 2)");
  expr_is(f, "- -x", "(neg (neg x))");
  expr_is(f, "a.b.c", "(. (. a b) c)");
  expr_is(f, "x in 1 .. 10 + 5", "(in-range x 1 (+ 10 5))");
  expr_is(f, "x not in 1 .. 10", "(not-in-range x 1 10)");
  expr_is(f, "x not in [1, 2]", "(not-in x [1 2])");
  expr_is(f, "x in y and z", "(and (in x y) z)");
  expr_is(f, "x is missing or y is present", "(or (missing x) (present y))");
  expr_is(f, "a ?? b is missing", "(missing (?? a b))");
  expr_is(f, "s contains \"a\" and s ends_with \"b\"", "(and (contains s \"a\") (ends_with s \"b\"))");
  expr_is(f, "name matches /x/i", "(matches name /x/1)");
  expr_is(f, "score >= 80", "(>= score 80)");
  expr_is(f, "f()", "(f)");
  expr_is(f, "max(a, b) + floor(x)", "(+ (max a b) (floor x))");
  expr_is(f, "count(events where kind == \"x\" within 30d) >= 3",
          "(>= (count events where (== kind \"x\") within 2592000000000us) 3)");
  expr_is(f, "sum(events.minutes within 1w)", "(sum (. events minutes) within 604800000000us)");
  expr_is(f, "now - @2024-06-01 > 2d", "(> (- now @1717200000000000) 172800000000us)");
  expr_is(f, "true != false", "(!= true false)");
  expr_is(f, "a / b / c", "(/ (/ a b) c)");
}

static void test_paren_span(void **state) {
  fixture *f = *state;
  ast_module *m = parse_ok(f, "const x = (a + b) * c");
  const ast_expr *e = decl(m, 0)->u.value;
  assert_string_equal(span_text(f, e->span), "(a + b) * c");
  assert_string_equal(span_text(f, e->u.binary.a->span), "(a + b)");
  assert_string_equal(span_text(f, e->u.binary.a->u.binary.b->span), "b");
}

/* ---- syntax errors */

typedef struct want { uint32_t line, col; const char *msg; } want;

static void expect_errors(fixture *f, const want *w, uint32_t n) {
  if (f->diags.items.n != n) {
    for (uint32_t i = 0; i < f->diags.items.n; i++) {
      const lc_diag *g = f->diags.items.items[i];
      lc_pos p = lc_sources_pos(&f->src, g->span.file, g->span.start);
      print_message("  %u:%u %s %s\n", p.line, p.col, lc_code_name(g->code), g->message);
    }
    fail_msg("%u diagnostics, expected %u", f->diags.items.n, n);
  }
  for (uint32_t i = 0; i < n; i++) {
    const lc_diag *g = f->diags.items.items[i];
    lc_pos p = lc_sources_pos(&f->src, g->span.file, g->span.start);
    assert_int_equal(g->code, LC_E0101);
    assert_int_equal(p.line, w[i].line);
    assert_int_equal(p.col, w[i].col);
    assert_string_equal(g->message, w[i].msg);
  }
}

static void test_messages(void **state) {
  fixture *f = *state;
  parse(f, "rule r when x > 3 +5\nrule s when y then 1\n");
  parse(f, "rule r when x = 3 then 1\n");
  parse(f, "const c = 1 < 2 < 3\n");
  parse(f, "input x {\n  step: int\n}\n");
  parse(f, "tier sql when score >= 80 or\ntier lead otherwise\n");
  parse(f, "test \"t\" {\n  expect score = 3\n}\n");
  parse(f, "group g {\n  rule a when x then 1\n");
  parse(f, "bogus\n");
  const want w[] = {
    {2, 1, "expected `then` after the rule's condition, found `rule`"},
    {1, 15, "expected `then` after the rule's condition, found `=`"},
    {1, 17, "expected a declaration, found `<`"},
    {2, 3, "expected a name, `key`, `timestamp` or `}`, found `step`"},
    {2, 1, "expected an expression, found `tier`"},
    {2, 16, "expected `==`, `!=`, `<=`, `>=`, `<` or `>`, found `=`"},
    {3, 1, "expected `rule` or `}`, found the end of the file"},
    {1, 1, "expected a declaration, found `bogus`"},
  };
  expect_errors(f, w, sizeof w / sizeof w[0]);
  const lc_diag *eq = f->diags.items.items[1];
  assert_string_equal(eq->help, "to compare, write `==`");
  const lc_diag *chain = f->diags.items.items[2];
  assert_string_equal(chain->help, "comparisons and tests do not chain: write `a < b and b < c`");
  const lc_diag *reserved = f->diags.items.items[3];
  assert_non_null(strstr(reserved->help, "`step` is a reserved word"));
  const lc_diag *unclosed = f->diags.items.items[6];
  assert_string_equal(unclosed->help, "is the closing `}` of the block above missing?");
}

/* One run reports each broken declaration once and keeps every declaration around them. */
static void test_recovery(void **state) {
  fixture *f = *state;
  ast_module *m = parse(f,
      "model m\n"
      "input lead {\n"
      "  email string\n"
      "  size: int?\n"
      "}\n"
      "rule a when size > then 5\n"
      "rule b when size > 3 then 5\n"
      "group g {\n"
      "  rule c when then 1\n"
      "  rule d when size < 2 then -1\n"
      "}\n"
      "const k = [1, 2\n"
      "tier t when score >= 10\n"
      "test \"x\" {\n"
      "  as_of 2024\n"
      "  expect bogus 1\n"
      "  expect score == 1\n"
      "}\n"
      "tier u otherwise\n");
  const want w[] = {
    {3, 9, "expected `:`, found `string`"},
    {6, 20, "expected an expression, found `then`"},
    {9, 15, "expected an expression, found `then`"},
    {13, 1, "expected `]`, found `tier`"},
    {15, 9, "expected a time, found `2024`"},
    {16, 10, "expected `score`, `rule`, `group`, `tier`, `fired`, `rejected` or `not`, found `bogus`"},
  };
  expect_errors(f, w, sizeof w / sizeof w[0]);
  static const char *const names[] = {"m", "lead", "b", "g", "t", NULL, "u"};
  assert_int_equal(m->decls.n, 7);
  for (uint32_t i = 0; i < 7; i++) {
    if (names[i]) assert_string_equal(decl(m, i)->name, names[i]);
  }
  assert_int_equal(decl(m, 1)->u.record.fields.n, 1);
  assert_string_equal(LC_VEC_AT(decl(m, 1)->u.record.fields, ast_field, 0)->name, "size");
  assert_int_equal(decl(m, 3)->u.group.rules.n, 1);
  assert_string_equal(rule_in(decl(m, 3), 0)->name, "d");
  assert_int_equal(decl(m, 5)->kind, AST_TEST);
  assert_int_equal(decl(m, 5)->u.test.expects.n, 1);
}

/* A lexical error is reported once: the parser does not add a syntax error for the same spot. */
static void test_no_cascade_after_lexical_error(void **state) {
  fixture *f = *state;
  parse(f, "rule r when a ≥ 3 then 1\nrule s when b ! c then 1\ntest \"t\" {\n  given {\"a\": 1\n");
  assert_int_equal(f->diags.items.n, 3);
  assert_int_equal(((lc_diag *)f->diags.items.items[0])->code, LC_E0005);
  assert_int_equal(((lc_diag *)f->diags.items.items[1])->code, LC_E0005);
  assert_int_equal(((lc_diag *)f->diags.items.items[2])->code, LC_E0009);
}

static void test_duplicate_test_items(void **state) {
  fixture *f = *state;
  parse(f, "test \"t\" {\n  as_of @2024-06-01\n  as_of @2024-06-02\n  given {}\n  given file(\"x\")\n}\n");
  assert_int_equal(f->diags.items.n, 2);
  const lc_diag *g = f->diags.items.items[0];
  assert_int_equal(g->code, LC_E0103);
  assert_string_equal(g->message, "this test already has an `as_of`");
  assert_int_equal(g->notes.n, 1);
  assert_int_equal(((lc_diag *)f->diags.items.items[1])->code, LC_E0103);
}

/* ---- hostile input */

static char *repeat(fixture *f, const char *head, const char *unit, size_t times, const char *tail) {
  size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
  char *s = lc_arena_alloc(&f->arena, hl + ul * times + tl + 1);
  memcpy(s, head, hl);
  for (size_t i = 0; i < times; i++) memcpy(s + hl + i * ul, unit, ul);
  memcpy(s + hl + ul * times, tail, tl + 1);
  return s;
}

static void test_deep_nesting_does_not_crash(void **state) {
  fixture *f = *state;
  parse(f, repeat(f, "const x = ", "(", 200000, "1"));
  assert_true(f->diags.errors >= 1);
  parse(f, repeat(f, "const x = ", "- ", 200000, "1"));
  parse(f, repeat(f, "const x = ", "not ", 200000, "true"));
  parse(f, repeat(f, "const x = ", "[", 200000, ""));
  /* left-nested chains are not bounded by the parser's stack, but the tree depth is */
  uint32_t before = f->diags.errors;
  ast_module *m = parse(f, repeat(f, "const x = 1", " + 1", 100000, "\n"));
  assert_int_equal(f->diags.errors, before + 1);
  const lc_diag *g = f->diags.items.items[f->diags.items.n - 1];
  assert_string_equal(g->message, "this expression is nested more than 256 levels deep");
  assert_true(decl(m, 0)->u.value->depth <= AST_MAX_DEPTH + 1);
  parse(f, repeat(f, "const x = ", "a.", 100000, "b"));
  assert_int_equal(f->diags.errors, before + 2);
  before = f->diags.errors;
  parse(f, repeat(f, "const x = 1", " + 1", AST_MAX_DEPTH - 1, "\n"));
  assert_int_equal(f->diags.errors, before);
}

static void test_empty_and_odd_files(void **state) {
  fixture *f = *state;
  assert_int_equal(parse_ok(f, "")->decls.n, 0);
  assert_int_equal(parse_ok(f, "# only a comment")->decls.n, 0);
  static const char nul[] = "model m\0rule";
  f->file = lc_sources_add(&f->src, "nul.score", nul, sizeof nul - 1, false);
  ast_module *m = lc_parse(&f->src, f->file, &f->arena, &f->diags);
  assert_int_equal(m->decls.n, 1);
  assert_int_equal(((lc_diag *)f->diags.items.items[0])->code, LC_E0005);
  assert_null(lc_parse(&f->src, 999, &f->arena, &f->diags)->decls.items);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_spec_example_header, setup, teardown),
    cmocka_unit_test_setup_teardown(test_spec_example_rules, setup, teardown),
    cmocka_unit_test_setup_teardown(test_spec_example_test_block, setup, teardown),
    cmocka_unit_test_setup_teardown(test_other_forms, setup, teardown),
    cmocka_unit_test_setup_teardown(test_precedence, setup, teardown),
    cmocka_unit_test_setup_teardown(test_paren_span, setup, teardown),
    cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
    cmocka_unit_test_setup_teardown(test_recovery, setup, teardown),
    cmocka_unit_test_setup_teardown(test_no_cascade_after_lexical_error, setup, teardown),
    cmocka_unit_test_setup_teardown(test_duplicate_test_items, setup, teardown),
    cmocka_unit_test_setup_teardown(test_deep_nesting_does_not_crash, setup, teardown),
    cmocka_unit_test_setup_teardown(test_empty_and_odd_files, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
