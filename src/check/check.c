/* The checker's driver: declarations first (declare.c), then every expression in an order that
 * does not matter for correctness — consts and defs are checked on first use as well as in
 * declaration order, so forward references work — then tests and warnings. */
#include <stdlib.h>
#include <string.h>
#include "check/check_internal.h"

/* cap, floor and score range bounds: constant numbers (E0311). */
static bool constant_number(ck *c, ast_expr *e, const char *what, double *out) {
  ck_env env = {IN_CONST, NULL, NULL};
  lc_type *t = ck_expr(c, &env, e);
  if (lc_type_is_error(t)) return false;
  if (!lc_type_is_numeric(t)) {
    lc_diag *g = lc_report(c->d, LC_E0311, e->span, "%s must be a number, but this is %s", what, lc_type_str(c->a, t));
    lc_diag_help(c->d, g, "write a number such as 20");
    return false;
  }
  ast_expr *culprit;
  const char *why;
  lc_value *v = ck_fold(c, e, &culprit, &why);
  if (v && v->type->kind == LC_T_MISSING) {
    lc_diag *g = lc_report(c->d, LC_E0311, e->span, "%s must be a finite number, but this is always missing", what);
    lc_diag_help(c->d, g, "arithmetic without a finite answer, such as a division by zero, is missing");
    return false;
  }
  if (!v || !lc_type_is_numeric(v->type)) {
    if (v || why) {
      lc_diag *g = lc_report(c->d, LC_E0311, e->span, "%s must be a number known before any lead is scored", what);
      lc_diag_help(c->d, g, "%s", why ? why : "write a number such as 20");
    }
    return false;
  }
  *out = v->u.num;
  return true;
}

static void check_range(ck *c) {
  const ast_decl *d = c->range;
  if (!d || !d->u.range.lo || !d->u.range.hi) return;
  double lo, hi;
  bool a = constant_number(c, d->u.range.lo, "the low end of the score range", &lo);
  bool b = constant_number(c, d->u.range.hi, "the high end of the score range", &hi);
  if (!a || !b) return;
  if (lo > hi) {
    lc_diag *g = lc_report(c->d, LC_E0311, d->span, "the score range goes from %g down to %g", lo, hi);
    lc_diag_help(c->d, g, "write the low end first: score range %g .. %g", hi, lo);
    return;
  }
  c->p->has_range = true;
  c->p->range_lo = lo;
  c->p->range_hi = hi;
}

static void decay(ck *c, lc_rule *r, lc_record *elem) {
  const ast_rule *a = &r->decl->u.rule;
  if (a->decay == AST_DECAY_NONE) return;
  ck_env env0 = {IN_RULE, NULL, NULL};
  if (a->decay_param) {
    ck_env cenv = {IN_CONST, NULL, NULL};
    lc_type *t = ck_expr(c, &cenv, a->decay_param);
    if (!lc_type_is_error(t) && t->kind != LC_T_DURATION) {
      lc_diag *g = lc_report(c->d, LC_E0301, a->decay_param->span, "decay needs a duration, but this is %s", lc_type_str(c->a, t));
      lc_diag_help(c->d, g, "write a duration with its unit, such as 14d");
    } else if (!lc_type_is_error(t)) {
      lc_value *v = ck_fold_or_report(c, a->decay_param, "the decay duration");
      if (v && v->u.us <= 0) lc_report(c->d, LC_E0301, a->decay_param->span, "the decay duration must be longer than zero");
      else if (v) r->decay_us = v->u.us;
    }
  }
  if (r->kind == LC_RULE_WHEN) {
    if (!a->since) {
      lc_diag *g = lc_report(c->d, LC_E0308, a->decay_span, "decay on a when rule needs to know since when");
      lc_diag_help(c->d, g, "add the time the age counts from, such as `since created_at`");
      return;
    }
    lc_type *t = ck_expr(c, &env0, a->since);
    if (!lc_type_is_error(t) && ck_usable(c, a->since, t) && t->kind != LC_T_TIME)
      lc_report(c->d, LC_E0301, a->since->span, "since needs a time, but this is %s", lc_type_str(c->a, t));
    return;
  }
  if (a->since) {
    lc_diag *g = lc_report(c->d, LC_E0313, a->since->span, "an each rule measures decay from each element's timestamp");
    lc_diag_help(c->d, g, "remove `since …`");
  }
  if (elem && !elem->timestamp) {
    lc_diag *g = lc_report(c->d, LC_E0307, a->decay_span, "decay needs to know when each %s happened, but %s has no timestamp field",
                           elem->name, elem->name);
    lc_diag_help(c->d, g, "mark its time field in record %s, such as `timestamp at: time`", elem->name);
  }
}

static void check_rule(ck *c, lc_rule *r) {
  c->decl = r->decl;
  ck_env env = {IN_RULE, NULL, NULL};
  lc_record *elem = NULL;
  if (r->kind == LC_RULE_WHEN) {
    if (r->cond) ck_cond(c, &env, r->cond, "the when condition");
    if (r->points) ck_points(c, &env, r->points);
  } else if (r->list) {
    elem = ck_list_elem(c, &env, r->list, "each");
    r->elem = elem;
    if (r->within) ck_within(c, &env, r->within, elem, "within");
    if (elem) {
      ck_elem inner = {elem, 1, NULL};
      ck_env ienv = {IN_RULE, NULL, &inner};
      if (r->where) ck_cond(c, &ienv, r->where, "the where condition");
      if (r->points) ck_points(c, &ienv, r->points);
    }
  }
  decay(c, r, elem);
  const ast_rule *a = &r->decl->u.rule;
  if (a->cap) r->has_cap = constant_number(c, a->cap, "cap", &r->cap);
  if (a->floor) r->has_floor = constant_number(c, a->floor, "floor", &r->floor);
}

static void check_group(ck *c, lc_group *g) {
  if (g->decl->u.group.cap) g->has_cap = constant_number(c, g->decl->u.group.cap, "cap", &g->cap);
  if (g->decl->u.group.floor) g->has_floor = constant_number(c, g->decl->u.group.floor, "floor", &g->floor);
}

/* A malformed token still gives the parser a value (a bad duration reads as a number), so a
 * type error around it would only echo the lexical error: drop the checker's diagnostics whose
 * span contains one. Lexical errors are sorted once, so each check is a binary search. */
static int cmp_lex(const void *pa, const void *pb) {
  const lc_diag *a = *(lc_diag *const *)pa, *b = *(lc_diag *const *)pb;
  if (a->span.file != b->span.file) return a->span.file < b->span.file ? -1 : 1;
  return a->span.start < b->span.start ? -1 : a->span.start > b->span.start;
}

static void drop_echoes(ck *c, uint32_t first) {
  lc_diags *d = c->d;
  lc_diag **lex = LC_NEW_ARRAY(c->a, lc_diag *, first + 1);
  uint32_t nlex = 0;
  for (uint32_t i = 0; i < first; i++) {
    lc_diag *g = d->items.items[i];
    if (!strncmp(lc_code_name(g->code), "E00", 3)) lex[nlex++] = g;
  }
  if (!nlex) return;
  qsort(lex, nlex, sizeof *lex, cmp_lex);
  uint32_t n = first;
  for (uint32_t i = first; i < d->items.n; i++) {
    lc_diag *g = d->items.items[i];
    uint32_t lo = 0, hi = nlex;                  /* first lexical error at or after g's start */
    while (lo < hi) {
      uint32_t mid = (lo + hi) / 2;
      const lc_span s = lex[mid]->span;
      if (s.file < g->span.file || (s.file == g->span.file && s.start < g->span.start)) lo = mid + 1;
      else hi = mid;
    }
    bool echo = lo < nlex && lex[lo]->span.file == g->span.file && lex[lo]->span.start < g->span.end;
    if (!echo) { d->items.items[n++] = g; continue; }
    if (g->severity == LC_SEV_ERROR) d->errors--; else d->warnings--;
  }
  d->items.n = n;
}

lc_program *lc_check(const lc_unit *unit, lc_loader *loader, lc_arena *a, lc_diags *diags) {
  lc_program *p = LC_NEW(a, lc_program);
  p->main_file = unit->main_file;
  lc_types_init(&p->types, a);
  ck c = {.a = a, .d = diags, .loader = loader, .p = p, .T = &p->types, .unit = unit};
  uint32_t first = diags->items.n;
  ck_declare(&c);
  check_range(&c);
  for (uint32_t i = 0; i < p->consts.n; i++) ck_const(&c, p->consts.items[i]);
  for (uint32_t i = 0; i < p->defs.n; i++) ck_def(&c, p->defs.items[i]);
  for (uint32_t i = 0; i < p->rules.n; i++) check_rule(&c, p->rules.items[i]);
  for (uint32_t i = 0; i < p->groups.n; i++) check_group(&c, p->groups.items[i]);
  for (uint32_t i = 0; i < p->tiers.n; i++) {
    lc_tier *t = p->tiers.items[i];
    ck_env env = {IN_TIER, NULL, NULL};
    c.decl = t->decl;
    if (t->cond) ck_cond(&c, &env, t->cond, "a tier condition");
  }
  ck_tests(&c);
  ck_warnings(&c);
  drop_echoes(&c, first);
  return p;
}
