/* Aggregates as loop members: begin sets up the state (allocas, promoted to registers by mem2reg),
 * step folds in one visible, in-window element, end produces the value. The rules are the
 * interpreter's (src/backend/interp_agg.c): a missing `where` selects nothing, sum/avg/min/max
 * skip missing projections, sum starts at +0.0 and adds in list order, avg = sum / count, ties
 * keep the earlier value for min/max and follow list order for first/last, and an aggregate whose
 * window is missing is missing. count_distinct sorts the present values in scratch memory. */
#include <stdlib.h>

#include "backend/llvm/lower.h"

#define B (cg->b)

static void store(lc_cg *cg, LLVMValueRef v, LLVMValueRef slot) { LLVMBuildStore(B, v, slot); }

static LLVMValueRef load(lc_cg *cg, LLVMTypeRef t, LLVMValueRef slot) {
  return LLVMBuildLoad2(B, t, slot, "");
}

static LLVMValueRef init(lc_cg *cg, LLVMTypeRef t, LLVMValueRef v, const char *name) {
  LLVMValueRef slot = cg_alloca(cg, t, name);
  store(cg, v, slot);
  return slot;
}

static LLVMValueRef incr(lc_cg *cg, LLVMValueRef slot, LLVMValueRef by) {
  LLVMValueRef v = LLVMBuildAdd(B, load(cg, cg->t_i32, slot), by, "");
  store(cg, v, slot);
  return v;
}

enum { SEEN, HITS };                  /* count any all none */
enum { SUM, N };                      /* sum avg */
enum { FOUND, BEST, BEST_LEN };       /* min max; first last keep the element in BEST */
enum { BEST_TS = 2 };
enum { VALS, K };                     /* count_distinct */

static const lc_pexpr *proj_of(const lc_member *m) { return m->agg->agg.proj; }

void agg_begin(lc_cg *cg, lc_member *m) {
  const lc_pexpr *e = m->agg;
  LLVMValueRef zero32 = cg_i32(cg, 0);
  switch (e->agg.kind) {
  case AGG_COUNT: case AGG_ANY: case AGG_ALL: case AGG_NONE:
    m->acc[SEEN] = init(cg, cg->t_i32, zero32, "seen");
    m->acc[HITS] = init(cg, cg->t_i32, zero32, "hits");
    break;
  case AGG_SUM: case AGG_AVG:
    m->acc[SUM] = init(cg, cg->t_f64, cg_f64(cg, 0.0), "sum");
    m->acc[N] = init(cg, cg->t_i32, zero32, "count");
    break;
  case AGG_MIN: case AGG_MAX: {
    lc_ptype t = proj_of(m)->type;
    m->acc[FOUND] = init(cg, cg->t_i1, cg_false(cg), "found");
    m->acc[BEST] = init(cg, cg_type(cg, t), LLVMConstNull(cg_type(cg, t)), "best");
    if (cg_has_len(t)) m->acc[BEST_LEN] = init(cg, cg->t_i32, zero32, "best.len");
    break;
  }
  case AGG_FIRST: case AGG_LAST:
    m->acc[FOUND] = init(cg, cg->t_i1, cg_false(cg), "found");
    m->acc[BEST] = init(cg, cg->t_ptr, LLVMConstNull(cg->t_ptr), "best");
    m->acc[BEST_TS] = init(cg, cg->t_i64, cg_i64(cg, 0), "best.ts");
    break;
  case AGG_COUNT_DISTINCT: {
    /* Room for every element, as the interpreter allocates; nothing when the list is empty. */
    LLVMValueRef has = LLVMBuildICmp(B, LLVMIntNE, m->list_n, zero32, "");
    lc_guard g;
    cg_guard_begin(cg, &g, has);
    LLVMValueRef sp = LLVMBuildStructGEP2(B, cg->t_exec, cg->x, 1, "");
    LLVMValueRef args[] = {load(cg, cg->t_ptr, sp),
                           LLVMBuildMul(B, LLVMBuildZExt(B, m->list_n, cg->t_i64, ""),
                                        cg_i64(cg, sizeof(lc_slot)), "")};
    lc_val mem = {cg_true(cg), cg_call(cg, RT_SCRATCH_ALLOC, args, 2), zero32};
    lc_val buf = cg_guard_end(cg, &g, PT_LIST, mem);
    m->acc[VALS] = buf.v;
    m->acc[K] = init(cg, cg->t_i32, zero32, "k");
    break;
  }
  }
}

/* Continues in a new block when c holds; returns the block to jump to when it does not. */
static LLVMBasicBlockRef when(lc_cg *cg, LLVMValueRef c, const char *name) {
  LLVMBasicBlockRef yes = cg_block(cg, name), no = cg_block(cg, "agg.skip");
  LLVMBuildCondBr(B, c, yes, no);
  cg_at(cg, yes);
  return no;
}

static void finish(lc_cg *cg, LLVMBasicBlockRef *skips, unsigned n) {
  LLVMBasicBlockRef done = cg_block(cg, "agg.done");
  LLVMBuildBr(B, done);
  for (unsigned i = 0; i < n; i++) {
    cg_at(cg, skips[i]);
    LLVMBuildBr(B, done);
  }
  cg_at(cg, done);
}

static void step_min_max(lc_cg *cg, lc_member *m, lc_val v) {
  lc_ptype t = proj_of(m)->type;
  bool is_min = m->agg->agg.kind == AGG_MIN;
  LLVMValueRef found = load(cg, cg->t_i1, m->acc[FOUND]);
  /* The first present value is taken without comparing: best holds nothing yet. */
  LLVMBasicBlockRef take = cg_block(cg, "best.take"), cmp = cg_block(cg, "best.cmp");
  LLVMBasicBlockRef done = cg_block(cg, "best.done");
  LLVMBuildCondBr(B, found, cmp, take);
  cg_at(cg, cmp);
  lc_val best = {cg_true(cg), load(cg, cg_type(cg, t), m->acc[BEST]), NULL};
  if (cg_has_len(t)) best.n = load(cg, cg->t_i32, m->acc[BEST_LEN]);
  LLVMBuildCondBr(B, lower_compare(cg, is_min ? P_LT : P_GT, t, v, best), take, done);
  cg_at(cg, take);
  store(cg, cg_true(cg), m->acc[FOUND]);
  store(cg, v.v, m->acc[BEST]);
  if (v.n) store(cg, v.n, m->acc[BEST_LEN]);
  LLVMBuildBr(B, done);
  cg_at(cg, done);
}

static void step_first_last(lc_cg *cg, lc_member *m, LLVMValueRef ts) {
  bool first = m->agg->agg.kind == AGG_FIRST;
  LLVMValueRef found = load(cg, cg->t_i1, m->acc[FOUND]);
  LLVMValueRef best_ts = load(cg, cg->t_i64, m->acc[BEST_TS]);
  LLVMValueRef better = first ? LLVMBuildICmp(B, LLVMIntSLT, ts, best_ts, "")
                              : LLVMBuildICmp(B, LLVMIntSGE, ts, best_ts, "");
  LLVMValueRef replace = LLVMBuildOr(B, LLVMBuildNot(B, found, ""), better, "");
  LLVMValueRef elem = cg->scope[m->level].ptr;
  store(cg, cg_true(cg), m->acc[FOUND]);
  store(cg, LLVMBuildSelect(B, replace, elem, load(cg, cg->t_ptr, m->acc[BEST]), ""), m->acc[BEST]);
  store(cg, LLVMBuildSelect(B, replace, ts, best_ts, ""), m->acc[BEST_TS]);
}

static void step_distinct(lc_cg *cg, lc_member *m, lc_val v) {
  LLVMValueRef k = load(cg, cg->t_i32, m->acc[K]);
  LLVMValueRef off = LLVMBuildMul(B, LLVMBuildZExt(B, k, cg->t_i64, ""), cg_i64(cg, sizeof(lc_slot)), "");
  LLVMValueRef at = LLVMBuildInBoundsGEP2(B, cg->t_i8, m->acc[VALS], &off, 1, "");
  lc_ptype t = proj_of(m)->type;
  if (t == PT_BOOL) store(cg, LLVMBuildZExt(B, v.v, cg->t_i8, ""), at);
  else store(cg, v.v, at);
  if (v.n) {
    LLVMValueRef eight = cg_i64(cg, 8);
    store(cg, v.n, LLVMBuildInBoundsGEP2(B, cg->t_i8, at, &eight, 1, ""));
  }
  incr(cg, m->acc[K], cg_i32(cg, 1));
}

void agg_step(lc_cg *cg, lc_member *m, LLVMValueRef ts, LLVMValueRef tsp) {
  const lc_pexpr *e = m->agg;
  LLVMValueRef sel = e->agg.where ? lower_cond(cg, e->agg.where) : cg_true(cg);
  lc_aggkind kind = e->agg.kind;
  if (kind == AGG_COUNT || kind == AGG_ANY || kind == AGG_ALL || kind == AGG_NONE) {
    incr(cg, m->acc[SEEN], cg_i32(cg, 1));
    incr(cg, m->acc[HITS], LLVMBuildZExt(B, sel, cg->t_i32, ""));
    return;
  }
  LLVMBasicBlockRef skips[2];
  unsigned nskips = 0;
  skips[nskips++] = when(cg, sel, "agg.selected");
  if (kind == AGG_FIRST || kind == AGG_LAST) {
    /* In a record with a timestamp field, an element without one is never chosen. */
    if (cg->plan->records[m->elem].timestamp_slot != LC_NO_SLOT)
      skips[nskips++] = when(cg, tsp, "agg.stamped");
    step_first_last(cg, m, ts);
    finish(cg, skips, nskips);
    return;
  }
  lc_val v = lower_expr(cg, proj_of(m));
  skips[nskips++] = when(cg, v.p, "agg.present");
  switch (kind) {
  case AGG_SUM: case AGG_AVG:
    store(cg, LLVMBuildFAdd(B, load(cg, cg->t_f64, m->acc[SUM]), v.v, ""), m->acc[SUM]);
    incr(cg, m->acc[N], cg_i32(cg, 1));
    break;
  case AGG_MIN: case AGG_MAX: step_min_max(cg, m, v); break;
  default: step_distinct(cg, m, v); break;
  }
  finish(cg, skips, nskips);
}

static LLVMValueRef finite(lc_cg *cg, LLVMValueRef ok, LLVMValueRef d) {
  return LLVMBuildAnd(B, ok, cg_is_finite(cg, d), "");
}


/* How the runtime's count_distinct compares a projection's values (times, durations and enum
 * members are all int64 in the slot). */
static lc_distinct_kind distinct_kind(lc_ptype t) {
  switch (t) {
  case PT_NUM: return LC_DISTINCT_NUM;
  case PT_STR: return LC_DISTINCT_STR;
  case PT_BOOL: return LC_DISTINCT_BOOL;
  default: return LC_DISTINCT_INT;
  }
}
lc_val agg_end(lc_cg *cg, lc_member *m) {
  const lc_pexpr *e = m->agg;
  LLVMValueRef zero32 = cg_i32(cg, 0);
  lc_val r = {m->ok, NULL, NULL};
  switch (e->agg.kind) {
  case AGG_COUNT:
    r.v = LLVMBuildUIToFP(B, load(cg, cg->t_i32, m->acc[HITS]), cg->t_f64, "count");
    return r;
  case AGG_ANY:
    r.v = LLVMBuildICmp(B, LLVMIntNE, load(cg, cg->t_i32, m->acc[HITS]), zero32, "any");
    return r;
  case AGG_NONE:
    r.v = LLVMBuildICmp(B, LLVMIntEQ, load(cg, cg->t_i32, m->acc[HITS]), zero32, "none");
    return r;
  case AGG_ALL:
    r.v = LLVMBuildICmp(B, LLVMIntEQ, load(cg, cg->t_i32, m->acc[HITS]),
                        load(cg, cg->t_i32, m->acc[SEEN]), "all");
    return r;
  case AGG_SUM:
    r.v = load(cg, cg->t_f64, m->acc[SUM]);
    r.p = finite(cg, m->ok, r.v);
    return r;
  case AGG_AVG: {
    LLVMValueRef n = load(cg, cg->t_i32, m->acc[N]);
    r.v = LLVMBuildFDiv(B, load(cg, cg->t_f64, m->acc[SUM]), LLVMBuildUIToFP(B, n, cg->t_f64, ""), "avg");
    r.p = finite(cg, LLVMBuildAnd(B, m->ok, LLVMBuildICmp(B, LLVMIntNE, n, zero32, ""), ""), r.v);
    return r;
  }
  case AGG_MIN: case AGG_MAX: {
    lc_ptype t = proj_of(m)->type;
    r.p = LLVMBuildAnd(B, m->ok, load(cg, cg->t_i1, m->acc[FOUND]), "");
    r.v = load(cg, cg_type(cg, t), m->acc[BEST]);
    if (cg_has_len(t)) r.n = load(cg, cg->t_i32, m->acc[BEST_LEN]);
    return r;
  }
  case AGG_FIRST: case AGG_LAST: {
    /* The projection of the chosen element, evaluated with that element in scope. */
    LLVMValueRef found = LLVMBuildAnd(B, m->ok, load(cg, cg->t_i1, m->acc[FOUND]), "");
    lc_guard g;
    cg_guard_begin(cg, &g, found);
    lc_scope saved = cg->scope[m->level];
    cg->scope[m->level] = (lc_scope){load(cg, cg->t_ptr, m->acc[BEST]), &cg->plan->records[m->elem]};
    lc_val v = lower_expr(cg, proj_of(m));
    cg->scope[m->level] = saved;
    return cg_guard_end(cg, &g, proj_of(m)->type, v);
  }
  case AGG_COUNT_DISTINCT: {
    LLVMValueRef args[] = {m->acc[VALS], load(cg, cg->t_i32, m->acc[K]),
                           cg_i32(cg, distinct_kind(proj_of(m)->type))};
    r.v = cg_call(cg, RT_COUNT_DISTINCT, args, 3);
    return r;
  }
  }
  return cg_missing(cg, e->type);
}

lc_val lower_agg(lc_cg *cg, const lc_pexpr *e) {
  lc_member m = {.kind = LM_AGG, .agg = e, .within = e->agg.within,
                 .elem = e->agg.elem, .level = e->agg.level};
  lower_loop(cg, lower_expr(cg, e->agg.list), &m, 1);
  return m.result;
}
