/* Lowering of declarations: the model's header, rules, groups, score items and tiers. Rules keep
 * the checker's (declaration) order, which is the order their contributions are added in. */
#include "plan/lower.h"

#include <stdio.h>

#include "plan/lower_internal.h"

static const lw_env top = {NULL, NULL, 0, 0};
static const lw_env elem = {NULL, NULL, 1, 0};

static lc_pexpr *opt(lw *w, const lw_env *env, const ast_expr *e) { return e ? lw_expr(w, env, e) : NULL; }

static void lower_rule(lw *w, const lc_rule *r, lc_prule *out) {
  *out = (lc_prule){
    .name = r->name, .desc = r->desc, .group = r->group ? (int32_t)r->group->index : -1,
    .each = r->kind == LC_RULE_EACH, .decay = r->decay, .decay_us = r->decay_us,
    .has_cap = r->has_cap, .has_floor = r->has_floor, .cap = r->cap, .floor = r->floor,
  };
  if (out->each) {
    out->list = lw_expr(w, &top, r->list);
    out->elem = lw_record_index(w, r->elem);
    out->level = 1;
    out->within = opt(w, &top, r->within);
    out->cond = opt(w, &elem, r->where);
    out->points = lw_expr(w, &elem, r->points);
  } else {
    out->cond = lw_expr(w, &top, r->cond);
    out->points = lw_expr(w, &top, r->points);
    out->since = opt(w, &top, r->since);
  }
}

/* Ids are dense in first-visit order; a node shared by several parents (an inlined def's
 * argument) keeps the id of its first visit. */
static void number(lc_plan *p, lc_pexpr *e) {
  if (!e || e->id != LW_NO_ID) return;
  e->id = p->nexprs++;
  number(p, e->a);
  number(p, e->b);
  number(p, e->c);
  if (e->op == P_AGG) {
    number(p, e->agg.list);
    number(p, e->agg.within);
    number(p, e->agg.where);
    number(p, e->agg.proj);
  }
}

static void finish_tables(lw *w) {
  lc_plan *p = w->p;
  p->nregexes = w->regexes.n;
  p->regexes = LC_NEW_ARRAY(w->a, lc_regex *, p->nregexes);
  p->regex_src = LC_NEW_ARRAY(w->a, const char *, p->nregexes);
  p->regex_flags = LC_NEW_ARRAY(w->a, uint32_t, p->nregexes);
  for (uint32_t i = 0; i < p->nregexes; i++) {
    const lw_regex *r = LC_VEC_AT(w->regexes, lw_regex, i);
    p->regexes[i] = r->re;
    p->regex_src[i] = r->src;
    p->regex_flags[i] = r->flags;
  }
  p->nstrsets = w->strsets.n;
  p->strsets = LC_NEW_ARRAY(w->a, lc_strset *, p->nstrsets);
  p->strset_items = LC_NEW_ARRAY(w->a, lc_str *, p->nstrsets);
  p->strset_n = LC_NEW_ARRAY(w->a, uint32_t, p->nstrsets);
  for (uint32_t i = 0; i < p->nstrsets; i++) {
    const lw_strset *s = LC_VEC_AT(w->strsets, lw_strset, i);
    p->strsets[i] = s->set;
    p->strset_items[i] = s->items;
    p->strset_n[i] = s->n;
  }
}

lc_plan *lc_lower(const lc_program *prog, lc_arena *a, char *err, size_t errsz) {
  lc_plan *p = LC_NEW(a, lc_plan);
  *p = (lc_plan){
    .arena = a, .model_name = prog->model_name, .model_desc = prog->model_desc,
    .version = prog->version, .has_range = prog->has_range, .range_lo = prog->range_lo,
    .range_hi = prog->range_hi,
  };
  lw w = {.a = a, .prog = prog, .p = p};
  lc_scratch_init(&w.scratch);
  lw_layout_init(&w);

  p->nrules = prog->rules.n;
  p->rules = LC_NEW_ARRAY(a, lc_prule, p->nrules);
  for (uint32_t i = 0; i < p->nrules; i++) lower_rule(&w, LC_VEC_AT(prog->rules, lc_rule, i), &p->rules[i]);

  p->ngroups = prog->groups.n;
  p->groups = LC_NEW_ARRAY(a, lc_pgroup, p->ngroups);
  for (uint32_t i = 0; i < p->ngroups; i++) {
    const lc_group *g = LC_VEC_AT(prog->groups, lc_group, i);
    p->groups[i] = (lc_pgroup){g->name, g->has_cap, g->has_floor, g->cap, g->floor};
  }

  p->nitems = prog->items.n;
  p->items = LC_NEW_ARRAY(a, lc_pitem, p->nitems);
  for (uint32_t i = 0; i < p->nitems; i++) {
    const lc_item *it = LC_VEC_AT(prog->items, lc_item, i);
    p->items[i] = (lc_pitem){it->is_group, it->index};
  }

  p->ntiers = prog->tiers.n;
  p->tiers = LC_NEW_ARRAY(a, lc_ptier, p->ntiers);
  for (uint32_t i = 0; i < p->ntiers; i++) {
    const lc_tier *t = LC_VEC_AT(prog->tiers, lc_tier, i);
    p->tiers[i] = (lc_ptier){t->name, opt(&w, &top, t->cond)};
  }

  lw_layout_finish(&w);
  finish_tables(&w);
  for (uint32_t i = 0; i < p->nrules; i++) {
    lc_prule *r = &p->rules[i];
    number(p, r->list);
    number(p, r->within);
    number(p, r->cond);
    number(p, r->points);
    number(p, r->since);
  }
  for (uint32_t i = 0; i < p->ntiers; i++) number(p, p->tiers[i].cond);
  lc_scratch_free(&w.scratch);

  if (w.error) {
    snprintf(err, errsz, "%s", w.error);
    lc_plan_free(p);
    return NULL;
  }
  return p;
}
