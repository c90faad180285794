/* The interpreter's rules, groups, score and tiers (LANGUAGE.md §5–§6), in the evaluation order
 * that plan.h fixes for every backend:
 *   1. every rule in plan->rules order: its contribution (after its cap/floor) and fired flag;
 *   2. group totals: +0.0 plus the fired rules of the group in plan->rules order, then cap/floor;
 *   3. score: +0.0 plus plan->items in order (groups unrounded), clamped, lc_rt_round2;
 *   4. group totals rounded with lc_rt_round2; tiers in order on the rounded values. */
#include <stdio.h>
#include <stdlib.h>

#include "backend/interp.h"
#include "backend/interp_internal.h"

static double decay_factor(const lc_prule *r, int64_t age_us) {
  switch (r->decay) {
  case LC_DECAY_HALF_LIFE: return lc_rt_decay_half_life(age_us, r->decay_us);
  case LC_DECAY_LINEAR: return lc_rt_decay_linear(age_us, r->decay_us);
  case LC_DECAY_STEP: return lc_rt_decay_step(age_us, r->decay_us);
  case LC_DECAY_NONE: break;
  }
  return 1;
}

static double limit(double x, bool has_cap, double cap, bool has_floor, double floor) {
  if (has_cap && x > cap) x = cap;
  if (has_floor && x < floor) x = floor;
  return x;
}

/* when COND then POINTS [decay … since T]: a missing COND, POINTS or T means no fire. */
static bool when_rule(const ictx *c, const lc_prule *r, const iframe *f, double *out) {
  ival cond = lc_interp_eval(c, r->cond, f);
  if (!cond.ok || !cond.v.b) return false;
  ival pts = lc_interp_eval(c, r->points, f);
  if (!pts.ok) return false;
  double p = pts.v.num;
  if (r->decay != LC_DECAY_NONE) {
    ival since = lc_interp_eval(c, r->since, f);
    if (!since.ok) return false;
    p = p * decay_factor(r, c->x->as_of_us - since.v.us);
  }
  *out = p;
  return true;
}

/* each LIST [where C] [within D] then POINTS [decay …]: fires when at least one matching element
 * has POINTS present; the decay age comes from the element's timestamp. */
static bool each_rule(const ictx *c, const lc_prule *r, const iframe *f, double *out) {
  ival list = lc_interp_eval(c, r->list, f);
  if (!list.ok) return false;
  const lc_record_desc *d = &c->plan->records[r->elem];
  ielems it;
  lc_ielems_init(&it, d, list.v.list, c->x->as_of_us);
  if (r->within) {
    ival w = lc_interp_eval(c, r->within, f);
    if (!w.ok) return false;
    lc_ielems_window(&it, w.v.us);
  }
  iframe ef = {NULL, d->nslots, r->level, f};
  bool fired = false;
  double total = 0.0;
  while ((ef.rec = lc_ielems_next(&it))) {
    if (r->cond) {
      ival w = lc_interp_eval(c, r->cond, &ef);
      if (!w.ok || !w.v.b) continue;
    }
    ival pts = lc_interp_eval(c, r->points, &ef);
    if (!pts.ok) continue;
    double p = pts.v.num;
    if (r->decay != LC_DECAY_NONE) {
      int64_t ts;
      if (!lc_ielems_time(&it, ef.rec, &ts)) continue;
      p = p * decay_factor(r, c->x->as_of_us - ts);
    }
    total += p;
    fired = true;
  }
  *out = total;
  return fired;
}

typedef struct interp_scorer {
  lc_scorer base;
  uint8_t *seen;
} interp_scorer;

static void interp_score(const lc_scorer *s, const void *rec, lc_exec *x, lc_result *res) {
  const lc_plan *p = s->plan;
  ictx c = {p, x, res, ((const interp_scorer *)s)->seen};
  iframe top = {rec, p->records[0].nslots, 0, NULL};

  for (uint32_t i = 0; i < p->nrules; i++) {
    const lc_prule *r = &p->rules[i];
    double v = 0;
    bool fired = r->each ? each_rule(&c, r, &top, &v) : when_rule(&c, r, &top, &v);
    res->fired[i] = fired;
    res->rules[i] = fired ? limit(v, r->has_cap, r->cap, r->has_floor, r->floor) : 0;
  }

  for (uint32_t g = 0; g < p->ngroups; g++) res->groups[g] = 0.0;
  for (uint32_t i = 0; i < p->nrules; i++)
    if (res->fired[i] && p->rules[i].group >= 0) res->groups[p->rules[i].group] += res->rules[i];
  for (uint32_t g = 0; g < p->ngroups; g++) {
    const lc_pgroup *gr = &p->groups[g];
    res->groups[g] = limit(res->groups[g], gr->has_cap, gr->cap, gr->has_floor, gr->floor);
  }

  double score = 0.0;
  for (uint32_t i = 0; i < p->nitems; i++) {
    const lc_pitem *it = &p->items[i];
    if (it->is_group) score += res->groups[it->index];
    else if (res->fired[it->index]) score += res->rules[it->index];
  }
  if (p->has_range) score = score < p->range_lo ? p->range_lo : score > p->range_hi ? p->range_hi : score;
  res->score = lc_rt_round2(score);
  for (uint32_t g = 0; g < p->ngroups; g++) res->groups[g] = lc_rt_round2(res->groups[g]);

  res->tier = -1;
  for (uint32_t t = 0; t < p->ntiers; t++) {
    const lc_pexpr *cond = p->tiers[t].cond;
    ival v = {true, {.b = 1}};
    if (cond) v = lc_interp_eval(&c, cond, &top);
    if (v.ok && v.v.b) { res->tier = (int32_t)t; break; }
  }
}

static void interp_destroy(lc_scorer *s) { free(s); }

lc_scorer *lc_interp_create_covering(const lc_plan *plan, uint8_t *seen, char *err, size_t errsz) {
  interp_scorer *s = malloc(sizeof *s);
  if (!s) { snprintf(err, errsz, "out of memory"); return NULL; }
  s->base = (lc_scorer){plan, interp_score, interp_destroy};
  s->seen = seen;
  return &s->base;
}

static lc_scorer *interp_create(const lc_plan *plan, char *err, size_t errsz) {
  return lc_interp_create_covering(plan, NULL, err, errsz);
}

const lc_backend lc_backend_interp = {"interp", interp_create};
