/* Finding what a model's tests can cover, and adding up what they did. See cover.h for what is
 * counted; the walk below pairs each source condition with the plan node lowering made of it. */
#include "cover/cover.h"

#include <stdlib.h>
#include <string.h>

#include "backend/interp.h"
#include "fmt/fmt.h"

typedef struct walk {
  lc_cover *c;
  const char *owner;
  lc_vec *shared;            /* inside a def body: its branches so far, as every call shares them */
} walk;

static bool is_andor(const ast_expr *e) {
  return e->kind == AST_BINARY && (e->u.binary.op == OP_AND || e->u.binary.op == OP_OR);
}

static bool embedded(const lc_cover *c, lc_span sp) {
  const lc_source *s = lc_sources_get(c->src, sp.file);
  return !s || s->embedded;
}

static lc_cover_item *item(lc_cover *c, lc_cover_kind kind, const char *name, const char *owner, lc_span span) {
  lc_cover_item *it = LC_NEW(c->a, lc_cover_item);
  *it = (lc_cover_item){.kind = kind, .name = name, .owner = owner, .span = span};
  lc_vec_push(c->a, &c->items, it);
  return it;
}

/* A condition that is one operand of an and/or: one item per source node, however many plan
 * nodes it became (a def body is walked once per call). */
static void branch(walk *w, const ast_expr *e, const lc_pexpr *p) {
  lc_cover *c = w->c;
  if (p->op == P_CONST || p->op == P_MISSING || p->type != PT_BOOL || embedded(c, e->span)) return;
  lc_cover_item *it = NULL;
  for (uint32_t i = 0; w->shared && i < w->shared->n && !it; i++) {
    lc_cover_item *x = w->shared->items[i];
    if (x->span.file == e->span.file && x->span.start == e->span.start && x->span.end == e->span.end) it = x;
  }
  if (!it) {
    it = item(c, LC_COVER_BRANCH, lc_fmt_expr_text(c->a, c->src, e), w->owner, e->span);
    if (w->shared) lc_vec_push(c->a, w->shared, it);
  }
  lc_vec_push(c->a, &it->ids, (void *)(uintptr_t)p->id);
}

static void condition(walk *w, const ast_expr *e, const lc_pexpr *p, bool operand);

/* Aggregates inside a condition: their `where` is a condition of its own. Follows the shapes
 * lowering gives operators; anything else is not descended into. */
static void wheres(walk *w, const ast_expr *e, const lc_pexpr *p) {
  if (!e || !p) return;
  switch (e->kind) {
  case AST_CALL:
    if (e->sym && e->sym->kind == LC_SYM_AGGREGATE && p->op == P_AGG && p->agg.kind == e->sym->agg.kind &&
        e->u.call.where && p->agg.where)
      condition(w, e->u.call.where, p->agg.where, false);
    return;
  case AST_BINARY:
    switch (e->u.binary.op) {
    case OP_IN: case OP_NOT_IN: case OP_MATCHES: case OP_AND: case OP_OR: return;
    default:
      if (p->op < P_ADD || p->op > P_COALESCE || !p->a || !p->b) return;
      wheres(w, e->u.binary.a, p->a);
      wheres(w, e->u.binary.b, p->b);
      return;
    }
  case AST_UNARY:
    if (e->u.unary.op == OP_POS) wheres(w, e->u.unary.a, p);
    else if (p->op == P_NEG || p->op == P_NOT) wheres(w, e->u.unary.a, p->a);
    return;
  case AST_IS:
    if (p->op == P_IS_MISSING || p->op == P_IS_PRESENT) wheres(w, e->u.is.x, p->a);
    return;
  default: return;
  }
}

/* The branches found so far in a def's body, kept per def. */
static lc_vec *def_branches(lc_cover *c, const lc_def *d) {
  for (uint32_t i = 0; i < c->defs.n; i += 2)
    if (c->defs.items[i] == d) return c->defs.items[i + 1];
  lc_vec *v = LC_NEW(c->a, lc_vec);
  lc_vec_push(c->a, &c->defs, (void *)d);
  lc_vec_push(c->a, &c->defs, v);
  return v;
}

static void condition(walk *w, const ast_expr *e, const lc_pexpr *p, bool operand) {
  if (!e || !p) return;
  if (is_andor(e)) {
    if (p->op != (e->u.binary.op == OP_AND ? P_AND : P_OR)) return;   /* folded at compile time */
    condition(w, e->u.binary.a, p->a, true);
    condition(w, e->u.binary.b, p->b, true);
    return;
  }
  if (operand) branch(w, e, p);
  if (e->kind == AST_UNARY && e->u.unary.op == OP_NOT && p->op == P_NOT) {
    condition(w, e->u.unary.a, p->a, false);
  } else if (e->kind == AST_CALL && e->sym && e->sym->kind == LC_SYM_DEF) {
    walk inner = {w->c, lc_arena_printf(w->c->a, "def %s", e->sym->def->name), def_branches(w->c, e->sym->def)};
    condition(&inner, e->sym->def->body, p, false);
  } else {
    wheres(w, e, p);
  }
}

lc_cover *lc_cover_new(lc_arena *a, const lc_sources *src, const lc_program *prog, const lc_plan *plan) {
  lc_cover *c = LC_NEW(a, lc_cover);
  *c = (lc_cover){.a = a, .src = src, .plan = plan};
  c->seen = LC_NEW_ARRAY(a, uint8_t, plan->nexprs ? plan->nexprs : 1);
  for (uint32_t i = 0; i < prog->rules.n && i < plan->nrules; i++) {
    const lc_rule *r = prog->rules.items[i];
    const lc_prule *pr = &plan->rules[i];
    item(c, LC_COVER_RULE, r->name, NULL, r->decl->name_span)->index = i;
    walk w = {c, lc_arena_printf(a, "rule %s", r->name), NULL};
    if (r->kind == LC_RULE_WHEN) condition(&w, r->cond, pr->cond, false);
    else condition(&w, r->where, pr->cond, false);
    wheres(&w, r->points, pr->points);   /* then 5 * count(events where a and b) */
  }
  for (uint32_t i = 0; i < prog->tiers.n && i < plan->ntiers; i++) {
    const lc_tier *t = prog->tiers.items[i];
    item(c, LC_COVER_TIER, t->name, NULL, t->decl->name_span)->index = i;
    walk w = {c, lc_arena_printf(a, "tier %s", t->name), NULL};
    condition(&w, t->cond, plan->tiers[i].cond, false);
  }
  return c;
}

void lc_cover_add_result(lc_cover *c, const lc_result *r) {
  c->tests++;
  for (uint32_t i = 0; i < c->items.n; i++) {
    lc_cover_item *it = c->items.items[i];
    if (it->kind == LC_COVER_RULE) it->hits += r->fired[it->index] != 0;
    else if (it->kind == LC_COVER_TIER) it->hits += r->tier == (int32_t)it->index;
  }
}

static int by_place(const void *x, const void *y) {
  const lc_cover_item *a = *(lc_cover_item *const *)x, *b = *(lc_cover_item *const *)y;
  if (a->span.file != b->span.file) return a->span.file < b->span.file ? -1 : 1;
  if (a->span.start != b->span.start) return a->span.start < b->span.start ? -1 : 1;
  return (int)a->kind - (int)b->kind;
}

void lc_cover_finish(lc_cover *c) {
  for (uint32_t i = 0; i < c->items.n; i++) {
    lc_cover_item *it = c->items.items[i];
    for (uint32_t k = 0; k < it->ids.n; k++) it->seen |= c->seen[(uintptr_t)it->ids.items[k]];
  }
  if (c->items.n) qsort(c->items.items, c->items.n, sizeof(void *), by_place);
}

lc_cover_totals lc_cover_totals_of(const lc_cover *c) {
  lc_cover_totals t = {0};
  for (uint32_t i = 0; i < c->items.n; i++) {
    const lc_cover_item *it = c->items.items[i];
    switch (it->kind) {
    case LC_COVER_RULE: t.rules++; t.rules_hit += it->hits > 0; break;
    case LC_COVER_TIER: t.tiers++; t.tiers_hit += it->hits > 0; break;
    case LC_COVER_BRANCH:
      t.branches += 2;
      t.branches_hit += !!(it->seen & LC_SEEN_TRUE) + !!(it->seen & LC_SEEN_FALSE);
      break;
    }
  }
  return t;
}

void lc_cover_totals_add(lc_cover_totals *sum, const lc_cover_totals *t) {
  sum->rules += t->rules;
  sum->rules_hit += t->rules_hit;
  sum->tiers += t->tiers;
  sum->tiers_hit += t->tiers_hit;
  sum->branches += t->branches;
  sum->branches_hit += t->branches_hit;
}

double lc_cover_percent(const lc_cover_totals *t) {
  uint32_t all = t->rules + t->tiers + t->branches, hit = t->rules_hit + t->tiers_hit + t->branches_hit;
  return all ? 100.0 * hit / all : 100.0;
}
