/* In-language tests (LANGUAGE.md §8): every test needs as_of and a given record; expectations
 * must name rules, groups and tiers that exist and compare with constants. The given record is
 * validated lightly here (json_check.c); `expect rejected` tests deliberately give bad records,
 * so for them only the JSON syntax is checked. */
#include <string.h>
#include "check/check_internal.h"

static lc_span test_at(const lc_test *t) {
  return t->decl->text ? t->decl->text->span : t->decl->span;
}

static bool number_value(ck *c, ast_expr *e, double *out) {
  ck_env env = {IN_CONST, NULL, NULL};
  lc_type *t = ck_expr(c, &env, e);
  if (lc_type_is_error(t)) return false;
  if (!lc_type_is_numeric(t)) {
    lc_report(c->d, LC_E0301, e->span, "this expectation compares with a number, but this is %s", lc_type_str(c->a, t));
    return false;
  }
  lc_value *v = ck_fold_or_report(c, e, "an expected value");
  if (!v || !lc_type_is_numeric(v->type)) return false;
  *out = v->u.num;
  return true;
}

static void unknown_target(ck *c, lc_span at, const char *name, ck_ns ns, const char *what) {
  lc_diag *g = lc_report(c->d, LC_E0603, at, "there is no %s named %s", what, name);
  const char *best = ck_map_suggest(c->a, &c->ns[ns], name, ns == NS_VALUE ? 1u << N_GROUP : ~0u);
  if (best) lc_diag_help(c->d, g, "did you mean %s?", best);
}

static lc_rule *rule_named(ck *c, const char *name, lc_span at) {
  ck_name *n = ck_map_get(&c->ns[NS_RULE], name);
  if (n) return n->ptr;
  unknown_target(c, at, name, NS_RULE, "rule");
  return NULL;
}

static void expectation(ck *c, lc_expect *x) {
  const ast_expect *a = x->ast;
  switch (a->kind) {
  case AST_EXPECT_SCORE:
    if (a->value) number_value(c, a->value, &x->value);
    break;
  case AST_EXPECT_GROUP: {
    ck_name *n = ck_map_get(&c->ns[NS_VALUE], a->target.name);
    if (n && n->kind == N_GROUP) x->group = n->ptr;
    else unknown_target(c, a->target.span, a->target.name, NS_VALUE, "group");
    if (a->value) number_value(c, a->value, &x->value);
    break;
  }
  case AST_EXPECT_RULE:
    x->rule = rule_named(c, a->target.name, a->target.span);
    if (a->value) number_value(c, a->value, &x->value);
    break;
  case AST_EXPECT_TIER: {
    if (a->op != OP_EQ && a->op != OP_NE)
      lc_report(c->d, LC_E0301, a->span, "tiers have no order; compare the tier with == or !=");
    ast_expr *v = a->value;
    if (!v) break;
    if (v->kind != AST_STR) {
      lc_diag *g = lc_report(c->d, LC_E0301, v->span, "expect tier compares with a tier name written as a string");
      lc_diag_help(c->d, g, "write expect tier == \"mql\"");
      break;
    }
    v->type = c->T->string;
    ck_name *n = ck_map_get(&c->ns[NS_TIER], v->u.str.s);
    if (n) x->tier = n->ptr;
    else unknown_target(c, v->span, v->u.str.s, NS_TIER, "tier");
    break;
  }
  case AST_EXPECT_FIRED:
  case AST_EXPECT_NOT_FIRED:
    x->rules = LC_NEW_ARRAY(c->a, lc_rule *, a->names.n + 1);
    for (uint32_t i = 0; i < a->names.n; i++) {
      const ast_ident *id = a->names.items[i];
      x->rules[i] = rule_named(c, id->name, id->span);
    }
    x->nrules = a->names.n;
    break;
  case AST_EXPECT_REJECTED: {
    if (!a->field || !c->p->input) break;
    const lc_record *in = c->p->input;
    for (uint32_t i = 0; i < in->nfields && !x->field; i++)
      if (!strcmp(in->fields[i]->name, a->field->s) || !strcmp(in->fields[i]->key, a->field->s)) x->field = in->fields[i];
    if (!x->field) {
      lc_diag *g = lc_report(c->d, LC_E0202, a->field->span, "%s has no field \"%s\"", in->name, a->field->s);
      lc_vec names = {0};
      for (uint32_t i = 0; i < in->nfields; i++) lc_vec_push(c->a, &names, (void *)in->fields[i]->name);
      const char *best = lc_did_you_mean(a->field->s, (const char *const *)names.items, names.n);
      if (best) lc_diag_help(c->d, g, "did you mean \"%s\"?", best);
    }
    break;
  }
  }
}

/* The lexer reports an unterminated JSON object itself (E0009); checking its text again would
 * only repeat that. */
static bool lexer_reported(ck *c, lc_span s) {
  for (uint32_t i = 0; i < c->d->items.n; i++) {
    const lc_diag *g = c->d->items.items[i];
    if (g->code == LC_E0009 && g->span.file == s.file && g->span.start >= s.start && g->span.start < s.end) return true;
  }
  return false;
}

static void given(ck *c, lc_test *t, bool rejects) {
  const ast_test *a = &t->decl->u.test;
  if (a->given_json) {
    t->given_json = a->given_json->s;
    t->given_len = a->given_json->len;
    t->given_span = a->given_json->span;
    if (!lexer_reported(c, a->given_json->span)) ck_given_json(c, t, !rejects);
    return;
  }
  if (a->given_file) {
    uint32_t file = 0;
    lc_load_status st = lc_load_relative(c->loader, t->decl->span.file, a->given_file->s, &file);
    if (st != LC_LOAD_OK) {
      lc_diag *g = lc_report(c->d, LC_E0405, a->given_file->span, "cannot %s the given file \"%s\"",
                             st == LC_LOAD_NOT_FOUND ? "find" : "read", a->given_file->s);
      lc_diag_help(c->d, g, "the path is relative to the folder of the file that holds the test");
      return;
    }
    const lc_source *src = lc_sources_get(c->d->sources, file);
    t->given_json = src->text;
    t->given_len = src->len;
    t->given_file = file;
    t->given_span = (lc_span){file, 0, src->len};
    ck_given_json(c, t, !rejects);
    return;
  }
  lc_diag *g = lc_report(c->d, LC_E0602, test_at(t), "test \"%s\" has no given record", t->name);
  lc_diag_help(c->d, g, "add the lead to score: given {\"id\": \"t1\", …} or given file(\"fixtures/lead.json\")");
}

void ck_tests(ck *c) {
  for (uint32_t i = 0; i < c->p->tests.n; i++) {
    lc_test *t = c->p->tests.items[i];
    const ast_test *a = &t->decl->u.test;
    if (!a->as_of) {
      lc_diag *g = lc_report(c->d, LC_E0601, test_at(t), "test \"%s\" has no as_of time", t->name);
      lc_diag_help(c->d, g, "add `as_of @2024-06-01T00:00:00Z` so the test gives the same result every day");
    } else {
      a->as_of->type = c->T->time;
      t->as_of_us = a->as_of->u.us;
    }
    bool rejects = false;
    t->nexpects = a->expects.n;
    t->expects = LC_NEW_ARRAY(c->a, lc_expect, a->expects.n + 1);
    for (uint32_t j = 0; j < a->expects.n; j++) {
      lc_expect *x = &t->expects[j];
      x->ast = a->expects.items[j];
      x->kind = x->ast->kind;
      x->op = x->ast->op;
      rejects |= x->kind == AST_EXPECT_REJECTED;
      expectation(c, x);
    }
    given(c, t, rejects);
  }
}
