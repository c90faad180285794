/* Rules → IR (LANGUAGE.md §5, evaluation order from plan.h, reference src/backend/interp.c).
 * A chunk function computes a run of consecutive rules into the result arrays: rules[i] is the
 * contribution after the rule's cap/floor, +0.0 when it did not fire, fired[i] the flag.
 *
 * when rule: a missing or false condition, missing points or a missing `since` time mean no fire;
 * decay multiplies the points by the factor for as_of − since.
 * each rule: a loop member (lower_loop.c); each matching element with points present adds
 * points × its decay factor (no multiplication without decay) to a sum that starts at +0.0, in
 * list order; with decay an element without a timestamp adds nothing. */
#include <stdlib.h>

#include "backend/llvm/lower.h"

#define B (cg->b)

enum { TOTAL, FIRED };

/* The factor of lc_rt_decay_* (src/runtime/decay.c), inline: the same operations on the same
 * doubles, and for half-lives the same libm exp2, so the bits are the runtime's. The span is a
 * constant, so its sign is settled here. Inline, the factor costs no call for linear and step
 * decay, and one call instead of two for half-lives, once per matching event. */
static LLVMValueRef decay_factor(lc_cg *cg, const lc_prule *r, LLVMValueRef t) {
  LLVMValueRef age = LLVMBuildSub(B, cg->as_of, t, "age");
  LLVMValueRef zero = cg_i64(cg, 0);
  LLVMValueRef a = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntSLT, age, zero, ""), zero, age, "age.clamped");
  LLVMValueRef one = cg_f64(cg, 1.0), none = cg_f64(cg, 0.0);
  if (r->decay == LC_DECAY_STEP || r->decay_us <= 0) {
    LLVMValueRef within = r->decay == LC_DECAY_STEP && r->decay_us > 0
                              ? LLVMBuildICmp(B, LLVMIntSLE, a, cg_i64(cg, r->decay_us), "")
                              : LLVMBuildICmp(B, LLVMIntEQ, a, zero, "");
    return LLVMBuildSelect(B, within, one, none, "factor");
  }
  LLVMValueRef span = cg_f64(cg, (double)r->decay_us);
  LLVMValueRef ad = LLVMBuildSIToFP(B, a, cg->t_f64, "");
  if (r->decay == LC_DECAY_HALF_LIFE) {
    LLVMValueRef x = LLVMBuildFDiv(B, LLVMBuildFNeg(B, ad, ""), span, "");
    return cg_call(cg, RT_EXP2, &x, 1);
  }
  LLVMValueRef f = LLVMBuildFSub(B, one, LLVMBuildFDiv(B, ad, span, ""), "");
  return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, f, none, ""), f, none, "factor");
}

static void store_result(lc_cg *cg, uint32_t i, LLVMValueRef fired, LLVMValueRef contribution) {
  LLVMValueRef idx = cg_i64(cg, i);
  LLVMBuildStore(B, contribution, LLVMBuildInBoundsGEP2(B, cg->t_f64, cg->out_rules, &idx, 1, ""));
  LLVMBuildStore(B, LLVMBuildZExt(B, fired, cg->t_i8, ""),
                 LLVMBuildInBoundsGEP2(B, cg->t_i8, cg->out_fired, &idx, 1, ""));
}

void each_begin(lc_cg *cg, lc_member *m) {
  m->acc[TOTAL] = cg_alloca(cg, cg->t_f64, "total");
  m->acc[FIRED] = cg_alloca(cg, cg->t_i1, "fired");
  LLVMBuildStore(B, cg_f64(cg, 0.0), m->acc[TOTAL]);
  LLVMBuildStore(B, cg_false(cg), m->acc[FIRED]);
}

void each_step(lc_cg *cg, lc_member *m, LLVMValueRef ts, LLVMValueRef tsp) {
  const lc_prule *r = m->rule;
  LLVMBasicBlockRef done = cg_block(cg, "each.next");
  if (r->cond) {
    LLVMBasicBlockRef yes = cg_block(cg, "each.match");
    LLVMBuildCondBr(B, lower_cond(cg, r->cond), yes, done);
    cg_at(cg, yes);
  }
  lc_val pts = lower_expr(cg, r->points);
  LLVMBasicBlockRef add = cg_block(cg, "each.points");
  LLVMBuildCondBr(B, pts.p, add, done);
  cg_at(cg, add);
  LLVMValueRef p = pts.v;
  if (r->decay != LC_DECAY_NONE) {
    LLVMBasicBlockRef stamped = cg_block(cg, "each.stamped");
    LLVMBuildCondBr(B, tsp, stamped, done);
    cg_at(cg, stamped);
    p = LLVMBuildFMul(B, p, decay_factor(cg, r, ts), "decayed");
  }
  LLVMValueRef total = LLVMBuildLoad2(B, cg->t_f64, m->acc[TOTAL], "");
  LLVMBuildStore(B, LLVMBuildFAdd(B, total, p, ""), m->acc[TOTAL]);
  LLVMBuildStore(B, cg_true(cg), m->acc[FIRED]);
  LLVMBuildBr(B, done);
  cg_at(cg, done);
}

static void finish_each(lc_cg *cg, uint32_t index, LLVMValueRef fired, LLVMValueRef total) {
  const lc_prule *r = &cg->plan->rules[index];
  LLVMValueRef v = cg_limit(cg, total, r->has_cap, r->cap, r->has_floor, r->floor);
  store_result(cg, index, fired, LLVMBuildSelect(B, fired, v, cg_f64(cg, 0.0), ""));
}

void each_end(lc_cg *cg, lc_member *m) {
  LLVMValueRef fired = LLVMBuildLoad2(B, cg->t_i1, m->acc[FIRED], "fired");
  LLVMValueRef total = LLVMBuildLoad2(B, cg->t_f64, m->acc[TOTAL], "");
  finish_each(cg, m->rule_index, fired, total);
  for (uint32_t i = 0; i < m->nsame; i++) finish_each(cg, m->same_sum[i], fired, total);
}

/* Points that are safe and cheap to compute whatever the condition says: arithmetic on numbers
 * from constants, fields and values computed up front. Such a rule needs no branch at all, which
 * saves the optimiser the work of flattening thousands of them. */
static bool speculatable(const lc_cg *cg, const lc_pexpr *e) {
  if (cg->pre_done[cg->canon[e->id]]) return true;
  switch (e->op) {
  case P_CONST: case P_MISSING: case P_FIELD: return true;
  case P_NEG: return e->type == PT_NUM && speculatable(cg, e->a);
  case P_ADD: case P_SUB: case P_MUL: case P_DIV: case P_MOD:
    return e->a->type == PT_NUM && e->b->type == PT_NUM && speculatable(cg, e->a) && speculatable(cg, e->b);
  case P_CALL:
    return (e->builtin == B_ABS || e->builtin == B_FLOOR || e->builtin == B_CEIL || e->builtin == B_SQRT) &&
           speculatable(cg, e->a);
  default: return false;
  }
}

static void when_rule(lc_cg *cg, const lc_prule *r, uint32_t index) {
  if (r->decay == LC_DECAY_NONE && speculatable(cg, r->points)) {
    LLVMValueRef cond = lower_cond(cg, r->cond);
    lc_val pts = lower_expr(cg, r->points);
    LLVMValueRef fired = LLVMBuildAnd(B, cond, pts.p, "fired");
    LLVMValueRef v = cg_limit(cg, pts.v, r->has_cap, r->cap, r->has_floor, r->floor);
    store_result(cg, index, fired, LLVMBuildSelect(B, fired, v, cg_f64(cg, 0.0), "contribution"));
    return;
  }
  LLVMBasicBlockRef done = cg_block(cg, "rule.done");
  LLVMBasicBlockRef fail[3];
  unsigned nfail = 0;
#define REQUIRE(c, name)                                      \
  do {                                                        \
    LLVMValueRef c_ = (c);                                    \
    LLVMBasicBlockRef yes_ = cg_block(cg, name);              \
    fail[nfail++] = LLVMGetInsertBlock(B);                    \
    LLVMBuildCondBr(B, c_, yes_, done);                       \
    cg_at(cg, yes_);                                          \
  } while (0)
  REQUIRE(lower_cond(cg, r->cond), "rule.when");
  lc_val pts = lower_expr(cg, r->points);
  REQUIRE(pts.p, "rule.points");
  LLVMValueRef p = pts.v;
  if (r->decay != LC_DECAY_NONE) {
    lc_val since = lower_expr(cg, r->since);
    REQUIRE(since.p, "rule.since");
    p = LLVMBuildFMul(B, p, decay_factor(cg, r, since.v), "decayed");
  }
#undef REQUIRE
  LLVMValueRef v = cg_limit(cg, p, r->has_cap, r->cap, r->has_floor, r->floor);
  LLVMBasicBlockRef fired_bb = LLVMGetInsertBlock(B);
  LLVMBuildBr(B, done);
  cg_at(cg, done);
  LLVMValueRef fired = LLVMBuildPhi(B, cg->t_i1, "fired");
  LLVMValueRef contribution = LLVMBuildPhi(B, cg->t_f64, "contribution");
  for (unsigned i = 0; i < nfail; i++) {
    LLVMValueRef f = cg_false(cg), z = cg_f64(cg, 0.0);
    LLVMAddIncoming(fired, &f, &fail[i], 1);
    LLVMAddIncoming(contribution, &z, &fail[i], 1);
  }
  LLVMValueRef t = cg_true(cg);
  LLVMAddIncoming(fired, &t, &fired_bb, 1);
  LLVMAddIncoming(contribution, &v, &fired_bb, 1);
  store_result(cg, index, fired, contribution);
}

LLVMValueRef lower_chunk(lc_cg *cg, const char *name, uint32_t first, uint32_t n) {
  const lc_plan *plan = cg->plan;
  LLVMValueRef fn = LLVMAddFunction(cg->mod, name, cg->t_chunk);
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  cg_begin_function(cg, fn);

  const lc_pexpr **roots = malloc(sizeof *roots * 3 * (n ? n : 1));
  lc_member *each = malloc(sizeof *each * (n ? n : 1));
  uint32_t nroots = 0, neach = 0;
  for (uint32_t i = first; i < first + n; i++) {
    const lc_prule *r = &plan->rules[i];
    if (r->each) {
      each[neach++] = (lc_member){.kind = LM_EACH, .rule = r, .rule_index = i, .within = r->within,
                                  .elem = r->elem, .level = r->level};
      continue;
    }
    roots[nroots++] = r->cond;
    roots[nroots++] = r->points;
    if (r->since) roots[nroots++] = r->since;
  }
  lower_shared(cg, roots, nroots, each, neach);
  free(roots);
  free(each);

  for (uint32_t i = first; i < first + n; i++)
    if (!plan->rules[i].each) when_rule(cg, &plan->rules[i], i);
  LLVMBuildRetVoid(B);
  cg_end_function(cg);
  return fn;
}
