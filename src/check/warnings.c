/* Warnings that need the whole program: tiers that can never be reached (W0002), no otherwise
 * tier (W0003), and consts and defs of the model that nothing uses (W0004, W0005; a module's
 * are its exports, so only the model's own count). W0001 (shadowing) is reported where names
 * are resolved, in check_expr.c.
 *
 * A tier is unreachable when its condition implies the condition of a tier above it: every
 * lead it would catch is caught earlier. Implication is proved, never guessed, over and/or and
 * over numeric bounds on one subject (the score, a group total, a field), so
 * `score >= 80` implies `score >= 50` and `score >= 60 and any(…)` implies `score >= 50`. What
 * cannot be proved is assumed reachable. */
#include <math.h>
#include <string.h>
#include "check/check_internal.h"

/* ---- intervals on one subject */

typedef struct interval {
  const void *subject;             /* lc_field*, lc_group*, or &score_subject */
  double lo, hi;
  bool lo_open, hi_open;
} interval;

static const char score_subject = 0;

static const void *subject_of(const ast_expr *e) {
  if (e->kind == AST_SCORE) return &score_subject;
  if (!e->sym) return NULL;
  if (e->sym->kind == LC_SYM_GROUP_TOTAL) return e->sym->group;
  if (e->sym->kind == LC_SYM_INPUT_FIELD) return e->sym->field;
  return NULL;
}

static bool literal(ck *c, ast_expr *e, double *out) {
  if (!e->type || !lc_type_is_numeric(e->type)) return false;
  ast_expr *culprit;
  const char *why;
  lc_value *v = ck_fold(c, e, &culprit, &why);
  if (!v || !lc_type_is_numeric(v->type) || isnan(v->u.num)) return false;
  *out = v->u.num;
  return true;
}

static bool as_interval(ck *c, ast_expr *e, interval *iv) {
  *iv = (interval){NULL, -INFINITY, INFINITY, false, false};
  if (e->kind == AST_IN_RANGE && !e->u.range.negated) {
    iv->subject = subject_of(e->u.range.x);
    return iv->subject && literal(c, e->u.range.lo, &iv->lo) && literal(c, e->u.range.hi, &iv->hi);
  }
  if (e->kind != AST_BINARY) return false;
  ast_binop op = e->u.binary.op;
  if (op < OP_EQ || op > OP_GE || op == OP_NE) return false;
  ast_expr *s = e->u.binary.a, *k = e->u.binary.b;
  double n;
  if (!subject_of(s)) {                      /* 50 <= score: flip to score >= 50 */
    ast_expr *t = s; s = k; k = t;
    op = op == OP_LT ? OP_GT : op == OP_LE ? OP_GE : op == OP_GT ? OP_LT : op == OP_GE ? OP_LE : op;
  }
  iv->subject = subject_of(s);
  if (!iv->subject || !literal(c, k, &n)) return false;
  switch (op) {
  case OP_EQ: iv->lo = iv->hi = n; break;
  case OP_GE: iv->lo = n; break;
  case OP_GT: iv->lo = n; iv->lo_open = true; break;
  case OP_LE: iv->hi = n; break;
  case OP_LT: iv->hi = n; iv->hi_open = true; break;
  default: return false;
  }
  return true;
}

static bool inside(const interval *a, const interval *b) {
  if (a->subject != b->subject) return false;
  bool lo = a->lo > b->lo || (a->lo == b->lo && (a->lo_open || !b->lo_open));
  bool hi = a->hi < b->hi || (a->hi == b->hi && (a->hi_open || !b->hi_open));
  return lo && hi;
}

static bool same_expr(const ast_expr *a, const ast_expr *b);

static bool same_list(const lc_vec *a, const lc_vec *b) {
  if (a->n != b->n) return false;
  for (uint32_t i = 0; i < a->n; i++)
    if (!same_expr(a->items[i], b->items[i])) return false;
  return true;
}

static bool same_opt(const ast_expr *a, const ast_expr *b) { return (!a && !b) || (a && b && same_expr(a, b)); }

/* Structural equality of two checked expressions: same shape, same literals, same referents. */
static bool same_expr(const ast_expr *a, const ast_expr *b) {
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case AST_NUM: return a->u.num == b->u.num;
  case AST_BOOL: return a->u.boolean == b->u.boolean;
  case AST_DUR: case AST_TIME: return a->u.us == b->u.us;
  case AST_STR: return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
  case AST_REGEX:
    return a->u.regex.flags == b->u.regex.flags && a->u.regex.len == b->u.regex.len &&
           !memcmp(a->u.regex.pattern, b->u.regex.pattern, a->u.regex.len);
  case AST_LIST: return same_list(&a->u.list, &b->u.list);
  case AST_SCORE: return true;
  case AST_NAME: case AST_FIELD:
    if (!a->sym || !b->sym || a->sym->kind != b->sym->kind) return false;
    return a->sym->field == b->sym->field && a->sym->cnst == b->sym->cnst && a->sym->group == b->sym->group &&
           a->sym->level == b->sym->level && a->sym->def == b->sym->def && a->sym->param == b->sym->param;
  case AST_CALL:
    return !strcmp(a->u.call.name, b->u.call.name) && same_list(&a->u.call.args, &b->u.call.args) &&
           same_opt(a->u.call.where, b->u.call.where) && same_opt(a->u.call.within, b->u.call.within);
  case AST_UNARY: return a->u.unary.op == b->u.unary.op && same_expr(a->u.unary.a, b->u.unary.a);
  case AST_BINARY:
    return a->u.binary.op == b->u.binary.op && same_expr(a->u.binary.a, b->u.binary.a) && same_expr(a->u.binary.b, b->u.binary.b);
  case AST_IN_RANGE:
    return a->u.range.negated == b->u.range.negated && same_expr(a->u.range.x, b->u.range.x) &&
           same_expr(a->u.range.lo, b->u.range.lo) && same_expr(a->u.range.hi, b->u.range.hi);
  case AST_IS: return a->u.is.present == b->u.is.present && same_expr(a->u.is.x, b->u.is.x);
  }
  return false;
}

static bool is_op(const ast_expr *e, ast_binop op) { return e->kind == AST_BINARY && e->u.binary.op == op; }

/* Whether a being true proves b true. Or on the left and and on the right both branch, so the
 * work is capped: past the budget the answer is "not proved", which only loses a warning. */
static bool implies(ck *c, ast_expr *a, ast_expr *b, uint32_t *budget) {
  if (*budget == 0) return false;
  --*budget;
  if (is_op(a, OP_OR)) return implies(c, a->u.binary.a, b, budget) && implies(c, a->u.binary.b, b, budget);
  if (is_op(b, OP_AND)) return implies(c, a, b->u.binary.a, budget) && implies(c, a, b->u.binary.b, budget);
  if (is_op(a, OP_AND) && (implies(c, a->u.binary.a, b, budget) || implies(c, a->u.binary.b, b, budget))) return true;
  if (is_op(b, OP_OR) && (implies(c, a, b->u.binary.a, budget) || implies(c, a, b->u.binary.b, budget))) return true;
  if (same_expr(a, b)) return true;
  interval ia, ib;
  return as_interval(c, a, &ia) && as_interval(c, b, &ib) && inside(&ia, &ib);
}

static void tiers(ck *c) {
  const lc_program *p = c->p;
  bool otherwise = false;
  for (uint32_t j = 0; j < p->tiers.n; j++) {
    const lc_tier *t = p->tiers.items[j];
    if (!t->cond) { otherwise = true; continue; }
    if (!t->cond->type || lc_type_is_error(t->cond->type)) continue;
    for (uint32_t i = 0; i < j; i++) {
      const lc_tier *u = p->tiers.items[i];
      if (!u->cond || !u->cond->type || lc_type_is_error(u->cond->type)) continue;
      uint32_t budget = 4096;
      if (!implies(c, t->cond, u->cond, &budget)) continue;
      lc_diag *g = lc_report(c->d, LC_W0002, t->decl->name_span, "tier %s can never be reached: every lead it would get is already %s",
                             t->name, u->name);
      lc_diag_note(c->d, g, u->decl->name_span, "tier %s comes first and catches those leads", u->name);
      lc_diag_help(c->d, g, "tiers are tried in order; put the stricter tier %s above %s", t->name, u->name);
      break;
    }
  }
  if (p->tiers.n && !otherwise && !p->is_module) {
    const lc_tier *last = p->tiers.items[p->tiers.n - 1];
    lc_diag *g = lc_report(c->d, LC_W0003, last->decl->name_span, "no otherwise tier: leads that match no tier get no tier at all");
    lc_diag_help(c->d, g, "add a last tier for everyone else, such as `tier lead otherwise`");
  }
}

static void unused(ck *c) {
  const lc_program *p = c->p;
  if (p->is_module) return;
  for (uint32_t i = 0; i < p->consts.n; i++) {
    const lc_const *k = p->consts.items[i];
    if (k->used || k->in_module || !k->name || !k->type || lc_type_is_error(k->type)) continue;
    lc_diag *g = lc_report(c->d, LC_W0004, k->decl->name_span, "const %s is never used", k->name);
    lc_diag_help(c->d, g, "use it in a rule, or remove it");
  }
  for (uint32_t i = 0; i < p->defs.n; i++) {
    const lc_def *d = p->defs.items[i];
    if (d->used || d->in_module || !d->name || !d->ret || lc_type_is_error(d->ret)) continue;
    lc_diag *g = lc_report(c->d, LC_W0005, d->decl->name_span, "def %s is never used", d->name);
    lc_diag_help(c->d, g, "call it in a rule, or remove it");
  }
}

void ck_warnings(ck *c) {
  tiers(c);
  unused(c);
}
