/* Loops over lists, and the fusion that makes per-event models fast: every aggregate at the input
 * level over a list field, and every `each` rule over it, run as members of ONE loop over that
 * list instead of one loop each. This is sound because members never depend on each other: a
 * rule's result is not visible to other rules, and aggregates are pure, so computing one that
 * the interpreter would have skipped (the right side of a false `and`) changes only time.
 *
 * The point-in-time rule lives here, once, as in interp_elems.c: an element whose timestamp is
 * present and after as_of is skipped by every member; with `within D` a member also skips
 * elements whose timestamp is missing or before as_of − D (saturating on overflow). */
#include <stdlib.h>
#include <string.h>

#include "backend/llvm/lower.h"

#define B (cg->b)

static void member_begin(lc_cg *cg, lc_member *m) {
  if (m->kind == LM_AGG) agg_begin(cg, m);
  else each_begin(cg, m);
}

static void member_step(lc_cg *cg, lc_member *m, LLVMValueRef ts, LLVMValueRef tsp) {
  if (m->kind == LM_AGG) agg_step(cg, m, ts, tsp);
  else each_step(cg, m, ts, tsp);
}

/* The window's lower bound as_of − D, saturated like lc_ielems_window. */
static void member_window(lc_cg *cg, lc_member *m, LLVMValueRef list_ok) {
  m->ok = list_ok;
  m->lo = NULL;
  if (!m->within) return;
  lc_val w = lower_expr(cg, m->within);
  LLVMValueRef args[] = {cg->as_of, w.v};
  LLVMValueRef r = cg_call_intrinsic(cg, "llvm.ssub.with.overflow", cg->t_i64, args, 2);
  LLVMValueRef ovf = LLVMBuildExtractValue(B, r, 1, "");
  LLVMValueRef positive = LLVMBuildICmp(B, LLVMIntSGT, w.v, cg_i64(cg, 0), "");
  LLVMValueRef sat = LLVMBuildSelect(B, positive, cg_i64(cg, INT64_MIN), cg_i64(cg, INT64_MAX), "");
  m->lo = LLVMBuildSelect(B, ovf, sat, LLVMBuildExtractValue(B, r, 0, ""), "from");
  m->ok = LLVMBuildAnd(B, list_ok, w.p, "");
}

void lower_loop(lc_cg *cg, lc_val list, lc_member *m, uint32_t n) {
  const lc_record_desc *rd = &cg->plan->records[m[0].elem];
  uint32_t level = m[0].level;
  LLVMValueRef count = LLVMBuildSelect(B, list.p, list.n, cg_i32(cg, 0), "n");
  for (uint32_t i = 0; i < n; i++) {
    m[i].list_n = count;
    member_window(cg, &m[i], list.p);
    member_begin(cg, &m[i]);
  }

  LLVMBasicBlockRef pre = LLVMGetInsertBlock(B);
  LLVMBasicBlockRef head = cg_block(cg, "loop.head"), body = cg_block(cg, "loop.body");
  LLVMBasicBlockRef latch = cg_block(cg, "loop.next"), exit = cg_block(cg, "loop.exit");
  LLVMBuildBr(B, head);
  cg_at(cg, head);
  LLVMValueRef i = LLVMBuildPhi(B, cg->t_i32, "i");
  LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntULT, i, count, ""), body, exit);

  cg_at(cg, body);
  LLVMValueRef off = LLVMBuildMul(B, LLVMBuildZExt(B, i, cg->t_i64, ""),
                                  cg_i64(cg, LC_RECORD_SIZE(rd->nslots)), "");
  LLVMValueRef elem = LLVMBuildInBoundsGEP2(B, cg->t_i8, list.v, &off, 1, "elem");
  lc_scope saved = cg->scope[level];
  cg->scope[level] = (lc_scope){elem, rd};
  LLVMValueRef ts = cg_i64(cg, 0), tsp = cg_false(cg);
  if (rd->timestamp_slot != LC_NO_SLOT) {
    ts = cg_load_ts(cg, level, &tsp);
    LLVMValueRef future = LLVMBuildAnd(B, tsp, LLVMBuildICmp(B, LLVMIntSGT, ts, cg->as_of, ""), "");
    LLVMBasicBlockRef visible = cg_block(cg, "visible");
    LLVMBuildCondBr(B, future, latch, visible);
    cg_at(cg, visible);
  }
  uint32_t nshared;
  uint32_t *shared = cse_element_begin(cg, m, n, level, &nshared);
  for (uint32_t k = 0; k < n; k++) {
    LLVMBasicBlockRef run = cg_block(cg, "member"), next = cg_block(cg, "member.next");
    LLVMValueRef in = m[k].ok;
    if (m[k].lo)
      in = LLVMBuildAnd(B, in, LLVMBuildAnd(B, tsp, LLVMBuildICmp(B, LLVMIntSGE, ts, m[k].lo, ""), ""), "");
    LLVMBuildCondBr(B, in, run, next);
    cg_at(cg, run);
    member_step(cg, &m[k], ts, tsp);
    LLVMBuildBr(B, next);
    cg_at(cg, next);
  }
  cse_element_end(cg, shared, nshared);
  LLVMBuildBr(B, latch);

  cg_at(cg, latch);
  LLVMValueRef i1 = LLVMBuildAdd(B, i, cg_i32(cg, 1), "");
  LLVMBuildBr(B, head);
  LLVMValueRef in_vals[] = {cg_i32(cg, 0), i1};
  LLVMBasicBlockRef in_from[] = {pre, latch};
  LLVMAddIncoming(i, in_vals, in_from, 2);

  cg_at(cg, exit);
  for (uint32_t k = 0; k < n; k++) {
    if (m[k].kind == LM_EACH) each_end(cg, &m[k]);
    else m[k].result = agg_end(cg, &m[k]);
  }
  cg->scope[level] = saved;
}

/* ---- fusion at the input level */

static bool fusable_list(const lc_pexpr *list) {
  return list->op == P_FIELD && list->field.level == 0;
}

typedef struct collector {
  lc_member *m;
  uint32_t n, cap;
  bool *seen;          /* by expression id */
} collector;

static void add_member(collector *c, lc_member m) {
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 16;
    c->m = realloc(c->m, sizeof *c->m * c->cap);
  }
  c->m[c->n++] = m;
}

/* Aggregates at the input level inside e. Their own where/projection run at the element's level
 * and their window before the loop, so the walk does not descend into them. */
static void collect(lc_cg *cg, collector *c, const lc_pexpr *e) {
  if (!e) return;
  if (e->op == P_AGG) {
    uint32_t id = cg->canon[e->id];
    if (fusable_list(e->agg.list) && !c->seen[id] && !cg->pre_done[id]) {
      c->seen[id] = true;
      lc_member m = {.kind = LM_AGG, .agg = e, .within = e->agg.within,
                     .elem = e->agg.elem, .level = e->agg.level};
      add_member(c, m);
    }
    return;
  }
  collect(cg, c, e->a);
  collect(cg, c, e->b);
  collect(cg, c, e->c);
}

static uint32_t canon_of(const lc_cg *cg, const lc_pexpr *e) { return e ? cg->canon[e->id] : UINT32_MAX; }

/* Two each rules add up the same terms: same list, window, condition, points and decay. */
static bool same_sum(const lc_cg *cg, const lc_prule *a, const lc_prule *b) {
  return canon_of(cg, a->list) == canon_of(cg, b->list) && canon_of(cg, a->within) == canon_of(cg, b->within) &&
         canon_of(cg, a->cond) == canon_of(cg, b->cond) && canon_of(cg, a->points) == canon_of(cg, b->points) &&
         a->decay == b->decay && (a->decay == LC_DECAY_NONE || a->decay_us == b->decay_us) &&
         a->elem == b->elem && a->level == b->level;
}

/* Adds an each rule, or lets an earlier member with the same sum finish it too. */
static void add_each(const lc_cg *cg, collector *c, lc_member m) {
  for (uint32_t i = 0; i < c->n; i++) {
    lc_member *o = &c->m[i];
    if (o->kind != LM_EACH || !same_sum(cg, o->rule, m.rule)) continue;
    uint32_t *more = realloc(o->same_sum, sizeof *more * (o->nsame + 1));
    if (!more) break;                    /* out of memory: it simply gets a member of its own */
    o->same_sum = more;
    o->same_sum[o->nsame++] = m.rule_index;
    return;
  }
  add_member(c, m);
}

static uint32_t list_slot(const lc_member *m) {
  return m->kind == LM_AGG ? m->agg->agg.list->field.slot : m->rule->list->field.slot;
}

/* At most this many members share a loop: each keeps state live across the loop, and with more
 * than a few dozen the register allocator's time grows quickly (1000 each rules, 256 per loop:
 * 7.9 s to compile; 24 per loop: 1.6 s), for the price of one more pass over the list. */
enum { MAX_LOOP_MEMBERS = 24 };

void lower_fused_loops(lc_cg *cg, const lc_pexpr *const *roots, uint32_t nroots,
                       lc_member *extra, uint32_t nextra) {
  collector c = {NULL, 0, 0, calloc(cg->plan->nexprs ? cg->plan->nexprs : 1, sizeof(bool))};
  for (uint32_t i = 0; i < nextra; i++) {
    if (fusable_list(extra[i].rule->list)) add_each(cg, &c, extra[i]);
    else lower_loop(cg, lower_expr(cg, extra[i].rule->list), &extra[i], 1);
  }
  for (uint32_t i = 0; i < nroots; i++) collect(cg, &c, roots[i]);

  /* One loop per (list field, element level), members in the order found. */
  bool *placed = calloc(c.n ? c.n : 1, sizeof(bool));
  lc_member *batch = malloc(sizeof *batch * (c.n ? c.n : 1));
  for (uint32_t i = 0; i < c.n; i++) {
    if (placed[i]) continue;
    uint32_t nb = 0, slot = list_slot(&c.m[i]);
    for (uint32_t j = i; j < c.n; j++) {
      if (placed[j] || list_slot(&c.m[j]) != slot || c.m[j].level != c.m[i].level) continue;
      if (nb == MAX_LOOP_MEMBERS) break;
      placed[j] = true;
      batch[nb++] = c.m[j];
    }
    lower_loop(cg, cg_load_field(cg, 0, slot, PT_LIST), batch, nb);
    /* The loop ran at the top of the function, before anything that can use these. */
    for (uint32_t k = 0; k < nb; k++) {
      if (batch[k].kind != LM_AGG) continue;
      uint32_t id = cg->canon[batch[k].agg->id];
      cg->pre_val[id] = batch[k].result;
      cg->pre_done[id] = true;
    }
  }
  for (uint32_t i = 0; i < c.n; i++) free(c.m[i].same_sum);
  free(batch);
  free(placed);
  free(c.seen);
  free(c.m);
}
