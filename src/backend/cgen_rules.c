/* Rules, groups, score and tiers as C, in the order src/backend/interp.c fixes:
 *   1. every rule in declaration order writes its contribution (after its cap/floor) and fired
 *      flag into the result; rules are split over functions of RULES_PER_FUNCTION, which keeps
 *      the C compiler's time linear in the size of the model;
 *   2. group totals: +0.0 plus the fired rules of the group in declaration order, then cap/floor;
 *   3. score: +0.0 plus the items in declaration order, clamped, lc_rt_round2;
 *   4. group totals rounded; tiers tried in order on the rounded values. */
#include <string.h>

#include "backend/cgen_internal.h"

enum { RULES_PER_FUNCTION = 64 };

/* cap first (x > cap → cap), then floor (x < floor → floor). */
static void limit(cg *c, const char *v, bool has_cap, double cap, bool has_floor, double floor) {
  if (has_cap) cg_line(c, "if (%s > %s) %s = %s;", v, cg_double(c, cap), v, cg_double(c, cap));
  if (has_floor) cg_line(c, "if (%s < %s) %s = %s;", v, cg_double(c, floor), v, cg_double(c, floor));
}

/* when COND then POINTS [decay … since T]: a missing COND, POINTS or T means no fire. */
static void when_rule(cg *c, const lc_prule *r) {
  cg_val cond = cg_expr(c, r->cond);
  int open = cg_if(c, cg_truth(c, cond));
  cg_val pts = cg_expr(c, r->points);
  open += cg_if(c, pts.p);
  if (r->decay != LC_DECAY_NONE) {
    cg_val since = cg_expr(c, r->since);
    open += cg_if(c, since.p);
    cg_line(c, "points = %s * %s(x->as_of_us - %s, %s);", pts.v, cg_decay_fn(r->decay), since.v, cg_int64(c, r->decay_us));
  } else {
    cg_line(c, "points = %s;", pts.v);
  }
  cg_line(c, "fired = true;");
  cg_close(c, open);
}

/* each LIST …: the rule walks its list on its own unless a walk before the rules did it. */
static void each_rule(cg *c, uint32_t i) {
  const lc_prule *r = &c->plan->rules[i];
  if (c->pre_of_rule[i]) {
    uint32_t n = c->pre_of_rule[i] - 1;
    cg_line(c, "fired = q->fired%u;   /* walked in walk_N */", n);
    cg_line(c, "points = q->points%u;", n);
    return;
  }
  cg_val list = cg_expr(c, r->list);
  cg_member m = {.rule = r, .result = {"fired", "points"}};
  int open = cg_list_guard(c, list, r->within, &m.from);
  cg_loop_begin(c, list.v, r->elem, r->level, m.from);
  cg_member_step(c, &m);
  cg_loop_end(c);
  cg_close(c, open);
}

static void rule(cg *c, uint32_t i) {
  const lc_plan *p = c->plan;
  const lc_prule *r = &p->rules[i];
  const char *desc = r->desc ? cg_fmt(c, ": \"%s\"", cg_comment(c, r->desc)) : "";
  const char *group = r->group >= 0 ? cg_fmt(c, " (group %s)", p->groups[r->group].name) : "";
  cg_line(c, "/* rule %u %s%s%s */", i, r->name, group, desc);
  cg_line(c, "{");
  c->indent++;
  cg_line(c, "bool fired = false;");
  cg_line(c, "double points = 0.0;");
  if (r->each) each_rule(c, i);
  else when_rule(c, r);
  if (r->has_cap || r->has_floor) {
    cg_line(c, "if (fired) {");
    c->indent++;
    limit(c, "points", r->has_cap, r->cap, r->has_floor, r->floor);
    cg_close(c, 1);
  }
  cg_line(c, "res->fired[%u] = fired;", i);
  cg_line(c, "res->rules[%u] = fired ? points : 0.0;", i);
  cg_close(c, 1);
}

static void function_start(cg *c, const char *signature) {
  cg_line(c, "%s {", signature);
  c->indent++;
  cg_line(c, "(void)k, (void)r, (void)x%s;", c->npre ? ", (void)q" : "");
  c->tmp = 0;
  c->scope[0] = 0;
}

static void rule_functions(cg *c) {
  const lc_plan *p = c->plan;
  const char *in = c->rec_type[0];
  for (uint32_t first = 0; first < p->nrules; first += RULES_PER_FUNCTION) {
    uint32_t end = first + RULES_PER_FUNCTION < p->nrules ? first + RULES_PER_FUNCTION : p->nrules;
    cg_line(c, "/* rules %u to %u */", first, end - 1);
    function_start(c, cg_fmt(c, "static void rules_%u(const lc_compiled_objects *k, const %s *r, lc_exec *x, lc_result *res%s)",
                             first / RULES_PER_FUNCTION, in, cg_pre_param(c)));
    for (uint32_t i = first; i < end; i++) rule(c, i);
    cg_close(c, 1);
    cg_line(c, "%s", "");
  }
}

static void tier_function(cg *c) {
  const lc_plan *p = c->plan;
  cg_line(c, "/* The first tier whose condition holds, on the rounded score and group totals. */");
  function_start(c, cg_fmt(c, "static int32_t pick_tier(const lc_compiled_objects *k, const %s *r, lc_exec *x, const lc_result *res%s)",
                           c->rec_type[0], cg_pre_param(c)));
  cg_line(c, "(void)res;");
  c->tiers = true;
  bool otherwise = false;
  for (uint32_t t = 0; t < p->ntiers && !otherwise; t++) {
    const lc_ptier *tier = &p->tiers[t];
    if (!tier->cond) {
      cg_line(c, "return %u;   /* %s: otherwise */", t, tier->name);
      otherwise = true;
      continue;
    }
    cg_line(c, "{   /* %s */", tier->name);
    c->indent++;
    cg_val v = cg_expr(c, tier->cond);
    cg_line(c, "if (%s) return %u;", cg_truth(c, v), t);
    cg_close(c, 1);
  }
  if (!otherwise) cg_line(c, "return -1;");
  c->tiers = false;
  cg_close(c, 1);
  cg_line(c, "%s", "");
}

static void score_function(cg *c) {
  const lc_plan *p = c->plan;
  const char *in = c->rec_type[0];
  cg_line(c, "static void score(const lc_compiled_objects *k, const void *rec, lc_exec *x, lc_result *res) {");
  c->indent++;
  cg_line(c, "const %s *r = rec;", in);
  cg_call_walks(c);
  for (uint32_t f = 0; f * RULES_PER_FUNCTION < p->nrules; f++) cg_line(c, "rules_%u(k, r, x, res%s);", f, cg_pre_arg(c));
  /* Loops over the tables rather than a statement per rule: C compilers slow down sharply on
   * functions of thousands of statements. */
  if (p->ngroups) {
    cg_line(c, "%s", "");
    cg_line(c, "/* groups: their fired rules in declaration order, then cap and floor */");
    cg_line(c, "for (uint32_t g = 0; g < %u; g++) res->groups[g] = 0.0;", p->ngroups);
    cg_line(c, "for (uint32_t i = 0; i < %u; i++)", p->nrules);
    cg_line(c, "  if (res->fired[i] && rules[i].group >= 0) res->groups[rules[i].group] += res->rules[i];");
    for (uint32_t g = 0; g < p->ngroups; g++) {
      const lc_pgroup *gr = &p->groups[g];
      limit(c, cg_fmt(c, "res->groups[%u]", g), gr->has_cap, gr->cap, gr->has_floor, gr->floor);
    }
  }
  cg_line(c, "%s", "");
  cg_line(c, "/* score: top-level rules and group totals in declaration order, clamped, rounded */");
  cg_line(c, "double total = 0.0;");
  if (p->nitems) {
    cg_line(c, "for (uint32_t i = 0; i < %u; i++) {", p->nitems);
    cg_line(c, "  if (items[i].is_group) total += res->groups[items[i].index];");
    cg_line(c, "  else if (res->fired[items[i].index]) total += res->rules[items[i].index];");
    cg_line(c, "}");
  }
  if (p->has_range) {
    const char *lo = cg_double(c, p->range_lo), *hi = cg_double(c, p->range_hi);
    cg_line(c, "total = total < %s ? %s : total > %s ? %s : total;", lo, lo, hi, hi);
  }
  cg_line(c, "res->score = lc_rt_round2(total);");
  if (p->ngroups) cg_line(c, "for (uint32_t g = 0; g < %u; g++) res->groups[g] = lc_rt_round2(res->groups[g]);", p->ngroups);
  if (p->ntiers) cg_line(c, "res->tier = pick_tier(k, r, x, res%s);", cg_pre_arg(c));
  else cg_line(c, "res->tier = -1;");
  if (!p->nrules && !p->ntiers) cg_line(c, "(void)k, (void)r, (void)x;");
  cg_close(c, 1);
  cg_line(c, "%s", "");
}

void cg_emit_score(cg *c) {
  lc_sb_puts(c->out, "/* ---- the score function */\n\n");
  cg_emit_walks(c);
  rule_functions(c);
  if (c->plan->ntiers) tier_function(c);
  score_function(c);
}
