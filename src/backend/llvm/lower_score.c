/* The score function (LANGUAGE.md §6; order from plan.h; reference src/backend/interp.c): run the
 * chunks, which leave every rule's contribution in the result, then
 *   group totals: +0.0 plus the group's rules in plan->rules order, then the group's cap/floor;
 *   score: +0.0 plus plan->items in order (groups unrounded), clamped to the range, rounded;
 *   group totals rounded; tiers tested in order on the rounded values, first match wins.
 * Rules that did not fire hold +0.0, and adding +0.0 to a sum that starts at +0.0 never changes
 * its bits (such a sum is never −0.0), so every rule is added without testing its fired flag. */
#include <stdlib.h>

#include "backend/llvm/lower.h"

#define B (cg->b)

static LLVMValueRef at(lc_cg *cg, LLVMTypeRef t, LLVMValueRef base, uint32_t i) {
  LLVMValueRef idx = cg_i64(cg, i);
  return LLVMBuildInBoundsGEP2(B, t, base, &idx, 1, "");
}

static LLVMValueRef rule_value(lc_cg *cg, uint32_t i) {
  return LLVMBuildLoad2(B, cg->t_f64, at(cg, cg->t_f64, cg->out_rules, i), "");
}

static LLVMValueRef round2(lc_cg *cg, LLVMValueRef x) { return cg_call(cg, RT_ROUND2, &x, 1); }

static void tiers(lc_cg *cg) {
  const lc_plan *plan = cg->plan;
  const lc_pexpr **roots = malloc(sizeof *roots * (plan->ntiers ? plan->ntiers : 1));
  uint32_t nroots = 0;
  for (uint32_t t = 0; t < plan->ntiers; t++)
    if (plan->tiers[t].cond) roots[nroots++] = plan->tiers[t].cond;
  lower_shared(cg, roots, nroots, NULL, 0);
  free(roots);

  LLVMBasicBlockRef done = cg_block(cg, "tier.done");
  LLVMValueRef *vals = malloc(sizeof *vals * (plan->ntiers + 1));
  LLVMBasicBlockRef *from = malloc(sizeof *from * (plan->ntiers + 1));
  uint32_t n = 0;
  for (uint32_t t = 0; t < plan->ntiers; t++) {
    LLVMValueRef c = plan->tiers[t].cond ? lower_cond(cg, plan->tiers[t].cond) : cg_true(cg);
    LLVMBasicBlockRef next = cg_block(cg, "tier.next");
    vals[n] = LLVMConstInt(cg->t_i32, t, 0);
    from[n++] = LLVMGetInsertBlock(B);
    LLVMBuildCondBr(B, c, done, next);
    cg_at(cg, next);
  }
  vals[n] = LLVMConstInt(cg->t_i32, (uint64_t)-1, 1);
  from[n++] = LLVMGetInsertBlock(B);
  LLVMBuildBr(B, done);
  cg_at(cg, done);
  LLVMValueRef tier = LLVMBuildPhi(B, cg->t_i32, "tier");
  LLVMAddIncoming(tier, vals, from, n);
  LLVMBuildStore(B, tier, LLVMBuildStructGEP2(B, cg->t_result, cg->out, 1, ""));
  free(vals);
  free(from);
}

void lower_score_fn(lc_cg *cg, const char *name, const LLVMValueRef *chunks, uint32_t nchunks) {
  const lc_plan *plan = cg->plan;
  LLVMValueRef fn = LLVMAddFunction(cg->mod, name, cg->t_chunk);
  cg_begin_function(cg, fn);
  LLVMValueRef args[] = {LLVMGetParam(fn, 0), LLVMGetParam(fn, 1), LLVMGetParam(fn, 2)};
  for (uint32_t i = 0; i < nchunks; i++) LLVMBuildCall2(B, cg->t_chunk, chunks[i], args, 3, "");
  /* The chunks wrote through the result; read its arrays again after them. */
  cg_load_result_arrays(cg);

  LLVMValueRef *totals = malloc(sizeof *totals * (plan->ngroups ? plan->ngroups : 1));
  for (uint32_t g = 0; g < plan->ngroups; g++) totals[g] = cg_f64(cg, 0.0);
  for (uint32_t i = 0; i < plan->nrules; i++) {
    int32_t g = plan->rules[i].group;
    if (g >= 0) totals[g] = LLVMBuildFAdd(B, totals[g], rule_value(cg, i), "");
  }
  for (uint32_t g = 0; g < plan->ngroups; g++) {
    const lc_pgroup *gr = &plan->groups[g];
    totals[g] = cg_limit(cg, totals[g], gr->has_cap, gr->cap, gr->has_floor, gr->floor);
  }

  LLVMValueRef score = cg_f64(cg, 0.0);
  for (uint32_t i = 0; i < plan->nitems; i++) {
    const lc_pitem *it = &plan->items[i];
    score = LLVMBuildFAdd(B, score, it->is_group ? totals[it->index] : rule_value(cg, it->index), "");
  }
  if (plan->has_range) {
    LLVMValueRef lo = cg_f64(cg, plan->range_lo), hi = cg_f64(cg, plan->range_hi);
    LLVMValueRef above = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, score, hi, ""), hi, score, "");
    score = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, score, lo, ""), lo, above, "clamped");
  }
  cg->score = round2(cg, score);
  LLVMBuildStore(B, cg->score, LLVMBuildStructGEP2(B, cg->t_result, cg->out, 0, ""));
  for (uint32_t g = 0; g < plan->ngroups; g++) {
    totals[g] = round2(cg, totals[g]);
    LLVMBuildStore(B, totals[g], at(cg, cg->t_f64, cg->out_groups, g));
  }
  cg->group_totals = totals;
  tiers(cg);
  cg->group_totals = NULL;
  free(totals);
  LLVMBuildRetVoid(B);
  cg_end_function(cg);
}
