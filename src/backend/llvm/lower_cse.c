/* Work done once per function instead of once per use.
 *
 * Rule files repeat themselves: `domain(email)` in five rules, `job_title matches titles` in a
 * hundred generated ones, `max(events.at)` in every dormancy rule, `count(events where kind ==
 * "email_click" within 30d)` twice. Plan nodes are hash-consed once per model (equal operator,
 * constants and operands → one canonical id), so structurally equal expressions share one value.
 *
 * An expression whose free field references are all at level 0 has one value per record; such a
 * value may be computed at the top of a function and reused by every equal expression in it.
 * That is done for
 *   - aggregates at the input level: fused into one loop per list field (lower_loop.c), equal
 *     ones computed once;
 *   - any other such expression used more than once (`industry == "software"` in forty rules
 *     becomes one comparison), or used inside a loop over elements, where it would otherwise run
 *     once per element (including aggregates over input-level lists inside an element's
 *     condition).
 * Everything here is pure (helpers only allocate scratch), so computing a value the interpreter
 * would have skipped changes nothing but time. Values are computed in this order: those needed
 * inside loops, then the loops, then the rest, so every cached value dominates its uses. */
#include <stdlib.h>
#include <string.h>

#include "backend/llvm/lower.h"

enum { NONE = UINT32_MAX };

/* ---- hash-consing, once per plan */

typedef struct hashcons {
  lc_cg *cg;
  const lc_pexpr **table;      /* canonical nodes, open addressing */
  uint32_t mask;
  bool *visited;
} hashcons;

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDULL;
}

static uint64_t mix_bytes(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = mix(h, b[i]);
  return h;
}

static uint32_t canon(const lc_cg *cg, const lc_pexpr *e) { return e ? cg->canon[e->id] : NONE; }

static bool same_const(const lc_pexpr *a, const lc_pexpr *b) {
  switch (a->type) {
  case PT_NUM: return memcmp(&a->k.num, &b->k.num, sizeof a->k.num) == 0;
  case PT_TIME: case PT_DUR: return a->k.us == b->k.us;
  case PT_ENUM: return a->k.i == b->k.i;
  case PT_BOOL: return a->k.b == b->k.b;
  case PT_STR: return a->k.str.len == b->k.str.len && memcmp(a->k.str.ptr, b->k.str.ptr, a->k.str.len) == 0;
  case PT_LIST: break;
  }
  return false;
}

/* Sets and regexes compare by content: lowering may build one per use of the same const. */
static bool same_strset(const lc_plan *p, uint32_t i, uint32_t j) {
  if (i == j) return true;
  if (p->strset_n[i] != p->strset_n[j]) return false;
  for (uint32_t k = 0; k < p->strset_n[i]; k++) {
    lc_str x = p->strset_items[i][k], y = p->strset_items[j][k];
    if (x.len != y.len || memcmp(x.ptr, y.ptr, x.len) != 0) return false;
  }
  return true;
}

static bool same_regex(const lc_plan *p, uint32_t i, uint32_t j) {
  return i == j || (p->regex_src && p->regex_src[i] && p->regex_src[j] &&
                    p->regex_flags[i] == p->regex_flags[j] && !strcmp(p->regex_src[i], p->regex_src[j]));
}

/* Equal operator and attributes, and operands with equal canonical ids. */
static bool same_node(const lc_cg *cg, const lc_pexpr *a, const lc_pexpr *b) {
  if (a->op != b->op || a->type != b->type) return false;
  if (canon(cg, a->a) != canon(cg, b->a) || canon(cg, a->b) != canon(cg, b->b) ||
      canon(cg, a->c) != canon(cg, b->c))
    return false;
  switch (a->op) {
  case P_CONST: return same_const(a, b);
  case P_FIELD: return a->field.level == b->field.level && a->field.slot == b->field.slot;
  case P_GROUP_TOTAL: return a->index == b->index;
  case P_IN_STRSET: return same_strset(cg->plan, a->index, b->index);
  case P_MATCHES: return same_regex(cg->plan, a->index, b->index);
  case P_CALL: return a->builtin == b->builtin && a->nargs == b->nargs;
  case P_IN_NUMS:
    return a->nnums == b->nnums && memcmp(a->nums, b->nums, sizeof *a->nums * a->nnums) == 0;
  case P_AGG:
    return a->agg.kind == b->agg.kind && a->agg.elem == b->agg.elem && a->agg.level == b->agg.level &&
           canon(cg, a->agg.list) == canon(cg, b->agg.list) &&
           canon(cg, a->agg.within) == canon(cg, b->agg.within) &&
           canon(cg, a->agg.where) == canon(cg, b->agg.where) &&
           canon(cg, a->agg.proj) == canon(cg, b->agg.proj);
  default: return true;
  }
}

static uint64_t node_hash(const lc_cg *cg, const lc_pexpr *e) {
  uint64_t h = mix(mix(0, e->op), e->type);
  h = mix(mix(mix(h, canon(cg, e->a)), canon(cg, e->b)), canon(cg, e->c));
  switch (e->op) {
  case P_CONST:
    if (e->type == PT_STR) h = mix_bytes(h, e->k.str.ptr, e->k.str.len);
    else if (e->type == PT_NUM) h = mix_bytes(h, &e->k.num, sizeof e->k.num);
    else h = mix(h, (uint64_t)e->k.i);
    break;
  case P_FIELD: h = mix(mix(h, e->field.level), e->field.slot); break;
  case P_CALL: h = mix(h, e->builtin); break;
  case P_IN_STRSET: {
    const lc_plan *p = cg->plan;
    for (uint32_t k = 0; k < p->strset_n[e->index]; k++)
      h = mix_bytes(mix(h, p->strset_items[e->index][k].len), p->strset_items[e->index][k].ptr,
                    p->strset_items[e->index][k].len);
    break;
  }
  case P_MATCHES:
    if (cg->plan->regex_src && cg->plan->regex_src[e->index])
      h = mix_bytes(h, cg->plan->regex_src[e->index], strlen(cg->plan->regex_src[e->index]));
    break;
  case P_IN_NUMS: h = mix_bytes(h, e->nums, sizeof *e->nums * e->nnums); break;
  case P_AGG:
    h = mix(mix(mix(h, e->agg.kind), e->agg.elem), e->agg.level);
    h = mix(mix(mix(mix(h, canon(cg, e->agg.list)), canon(cg, e->agg.within)),
                canon(cg, e->agg.where)), canon(cg, e->agg.proj));
    break;
  default: h = mix(h, e->index); break;
  }
  return h;
}

/* A bit per scope level that e reads without binding it (levels past 30 share bit 31). */
static uint32_t level_bit(uint32_t level) { return 1u << (level < 31 ? level : 31); }

static void visit(hashcons *s, const lc_pexpr *e) {
  if (!e || s->visited[e->id]) return;
  lc_cg *cg = s->cg;
  visit(s, e->a);
  visit(s, e->b);
  visit(s, e->c);
  uint32_t refs = 0;
  const lc_pexpr *kids[] = {e->a, e->b, e->c};
  for (int i = 0; i < 3; i++)
    if (kids[i]) refs |= cg->refs[kids[i]->id];
  if (e->op == P_FIELD) refs |= level_bit(e->field.level);
  if (e->op == P_AGG) {
    const lc_pexpr *parts[] = {e->agg.list, e->agg.within, e->agg.where, e->agg.proj};
    for (int i = 0; i < 4; i++) visit(s, parts[i]);
    uint32_t outer = 0, inner = 0;
    for (int i = 0; i < 4; i++)
      if (parts[i]) *(i < 2 ? &outer : &inner) |= cg->refs[parts[i]->id];
    /* list and window are read in the enclosing scope; where and projection bind agg.level */
    refs |= outer | (inner & ~level_bit(e->agg.level));
  }
  cg->refs[e->id] = refs;
  s->visited[e->id] = true;

  uint32_t i = (uint32_t)node_hash(cg, e) & s->mask;
  for (; s->table[i]; i = (i + 1) & s->mask)
    if (same_node(cg, s->table[i], e)) {
      cg->canon[e->id] = s->table[i]->id;
      return;
    }
  s->table[i] = e;
  cg->canon[e->id] = e->id;
}

static void visit_rule(hashcons *s, const lc_prule *r) {
  visit(s, r->cond);
  visit(s, r->list);
  visit(s, r->within);
  visit(s, r->points);
  visit(s, r->since);
}

bool cse_init(lc_cg *cg) {
  const lc_plan *plan = cg->plan;
  uint32_t cap = 16;
  while (cap < 2 * (uint64_t)plan->nexprs) cap *= 2;
  hashcons s = {cg, calloc(cap, sizeof *s.table), cap - 1, calloc(plan->nexprs + 1, sizeof(bool))};
  bool ok = s.table && s.visited;
  if (ok) {
    for (uint32_t i = 0; i < plan->nrules; i++) visit_rule(&s, &plan->rules[i]);
    for (uint32_t t = 0; t < plan->ntiers; t++) visit(&s, plan->tiers[t].cond);
  }
  free(s.table);
  free(s.visited);
  return ok;
}

/* ---- per function: what to compute up front */

/* Everything but leaves (constants and field loads, which LLVM reuses by itself) and input-level
 * aggregates (the fused loops share those). */
static bool shareable(const lc_pexpr *e) {
  switch (e->op) {
  case P_CONST: case P_MISSING: case P_FIELD: case P_SCORE: case P_GROUP_TOTAL: return false;
  case P_AGG: return e->agg.level >= 2;   /* an input-level list seen from inside an element */
  default: return true;
  }
}

/* Counting uses. The counters live in cg (sized once per plan) and are cleared again after each
 * count, so a count costs time in the size of what it walks, not of the whole plan. */
typedef struct uses {
  uint32_t allowed;            /* the scope levels a shared expression may read */
  uint32_t *order;             /* canonical ids, operands before the expressions using them */
  uint32_t n, cap;
} uses;

static void count_uses(lc_cg *cg, uses *u, const lc_pexpr *e, bool in_loop) {
  if (!e) return;
  count_uses(cg, u, e->a, in_loop);
  count_uses(cg, u, e->b, in_loop);
  count_uses(cg, u, e->c, in_loop);
  if (e->op == P_AGG) {
    count_uses(cg, u, e->agg.list, in_loop);
    count_uses(cg, u, e->agg.within, in_loop);
    count_uses(cg, u, e->agg.where, true);
    count_uses(cg, u, e->agg.proj, true);
  }
  if ((cg->refs[e->id] & ~u->allowed) || !shareable(e)) return;
  uint32_t c = cg->canon[e->id];
  if (!cg->use_count[c]++) {
    if (u->n == u->cap) {
      u->cap = u->cap ? 2 * u->cap : 64;
      u->order = realloc(u->order, sizeof *u->order * u->cap);
    }
    u->order[u->n++] = c;
    cg->use_node[c] = e;
  }
  cg->use_in_loop[c] |= in_loop;
}

/* The expressions to compute up front: those used inside a loop (when `in_loop`) or more than
 * once (otherwise), in dependency order. Clears the counters. */
static const lc_pexpr **take(lc_cg *cg, uses *u, bool in_loop, bool or_repeated, uint32_t *n) {
  const lc_pexpr **out = malloc(sizeof *out * (u->n ? u->n : 1));
  *n = 0;
  for (uint32_t i = 0; i < u->n; i++) {
    uint32_t c = u->order[i];
    bool pick = in_loop ? cg->use_in_loop[c] || (or_repeated && cg->use_count[c] > 1)
                        : !cg->use_in_loop[c] && cg->use_count[c] > 1;
    if (pick && out) out[(*n)++] = cg->use_node[c];
  }
  return out;
}

static void clear_uses(lc_cg *cg, uses *u) {
  for (uint32_t i = 0; i < u->n; i++) {
    cg->use_count[u->order[i]] = 0;
    cg->use_in_loop[u->order[i]] = false;
  }
  free(u->order);
}

static void precompute(lc_cg *cg, const lc_pexpr *const *list, uint32_t n, uint32_t *done,
                       uint32_t *ndone) {
  for (uint32_t i = 0; i < n; i++) {
    uint32_t c = cg->canon[list[i]->id];
    if (cg->pre_done[c]) continue;
    lc_val v = lower_expr(cg, list[i]);
    cg->pre_val[c] = v;
    cg->pre_done[c] = true;
    if (done) done[(*ndone)++] = c;
  }
}

void lower_shared(lc_cg *cg, const lc_pexpr *const *roots, uint32_t nroots, lc_member *each,
                  uint32_t neach) {
  uses u = {.allowed = 1};
  for (uint32_t i = 0; i < nroots; i++) count_uses(cg, &u, roots[i], false);
  for (uint32_t i = 0; i < neach; i++) {
    count_uses(cg, &u, each[i].rule->list, false);
    count_uses(cg, &u, each[i].within, false);
    count_uses(cg, &u, each[i].rule->cond, true);
    count_uses(cg, &u, each[i].rule->points, true);
  }
  uint32_t nbefore, nafter;
  const lc_pexpr **before = take(cg, &u, true, false, &nbefore);
  const lc_pexpr **after = take(cg, &u, false, false, &nafter);
  clear_uses(cg, &u);
  precompute(cg, before, nbefore, NULL, NULL);
  lower_fused_loops(cg, roots, nroots, each, neach);
  precompute(cg, after, nafter, NULL, NULL);
  free(before);
  free(after);
}

uint32_t *cse_element_begin(lc_cg *cg, const lc_member *m, uint32_t n, uint32_t level,
                            uint32_t *ndone) {
  uses u = {.allowed = 1u | level_bit(level)};
  for (uint32_t i = 0; i < n; i++) {
    if (m[i].kind == LM_EACH) {
      count_uses(cg, &u, m[i].rule->cond, false);
      count_uses(cg, &u, m[i].rule->points, false);
    } else {
      count_uses(cg, &u, m[i].agg->agg.where, false);
      count_uses(cg, &u, m[i].agg->agg.proj, false);
    }
  }
  uint32_t nlist;
  const lc_pexpr **list = take(cg, &u, true, true, &nlist);
  clear_uses(cg, &u);
  uint32_t *done = malloc(sizeof *done * (nlist ? nlist : 1));
  *ndone = 0;
  precompute(cg, list, nlist, done, ndone);
  free(list);
  return done;
}

void cse_element_end(lc_cg *cg, uint32_t *done, uint32_t ndone) {
  for (uint32_t i = 0; i < ndone; i++) cg->pre_done[done[i]] = false;
  free(done);
}
