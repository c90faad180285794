/* The score function (LANGUAGE.md §6; order from plan.h; reference src/backend/interp.c): run the
 * chunks, which leave every rule's contribution and fired flag in the result, then
 *   group totals: +0.0 plus the group's fired rules in plan->rules order, then cap/floor;
 *   score: +0.0 plus plan->items in order (groups unrounded), clamped to the range, rounded;
 *   group totals rounded; tiers tested in order on the rounded values, first match wins.
 * The totals are loops over constant tables (each group's rules; an item's kind and index; a
 * group's cap and floor) rather than one straight line per rule: a 10,000-rule model as straight-line
 * code is one basic block of 10,000 loads and adds, whose scheduling and vectorisation took
 * longer than compiling every rule. The loops add in the interpreter's order, so the bits agree. */
#include <math.h>
#include <stdlib.h>

#include "backend/llvm/lower.h"

#define B (cg->b)

static LLVMValueRef at(lc_cg *cg, LLVMTypeRef t, LLVMValueRef base, LLVMValueRef i) {
  return LLVMBuildInBoundsGEP2(B, t, base, &i, 1, "");
}

static LLVMValueRef load_at(lc_cg *cg, LLVMTypeRef t, LLVMValueRef base, LLVMValueRef i) {
  return LLVMBuildLoad2(B, t, at(cg, t, base, i), "");
}

static LLVMValueRef round2(lc_cg *cg, LLVMValueRef x) { return cg_call(cg, RT_ROUND2, &x, 1); }

/* A private constant array; values[i] are built by the callback for element type t. */
static LLVMValueRef table(lc_cg *cg, LLVMTypeRef t, uint32_t n, LLVMValueRef (*elem)(lc_cg *, uint32_t, const void *),
                          const void *ctx, const char *name) {
  LLVMValueRef *v = malloc(sizeof *v * (n ? n : 1));
  for (uint32_t i = 0; i < n; i++) v[i] = elem(cg, i, ctx);
  LLVMValueRef init = LLVMConstArray2(t, v, n);
  free(v);
  LLVMValueRef g = LLVMAddGlobal(cg->mod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  return g;
}

/* The rules of each group in plan->rules order, group after group; starts[g] is where group g's
 * begin and starts[ngroups] the end. */
typedef struct by_group { uint32_t *rules, *starts; } by_group;

static by_group group_rules(const lc_plan *p) {
  by_group bg = {malloc(sizeof(uint32_t) * (p->nrules ? p->nrules : 1)),
                 calloc(p->ngroups + 1, sizeof(uint32_t))};
  if (!bg.rules || !bg.starts) return bg;
  for (uint32_t i = 0; i < p->nrules; i++)
    if (p->rules[i].group >= 0) bg.starts[p->rules[i].group + 1]++;
  for (uint32_t g = 0; g < p->ngroups; g++) bg.starts[g + 1] += bg.starts[g];
  uint32_t *fill = calloc(p->ngroups + 1, sizeof(uint32_t));
  if (!fill) return bg;
  for (uint32_t i = 0; i < p->nrules; i++) {
    int32_t g = p->rules[i].group;
    if (g >= 0) bg.rules[bg.starts[g] + fill[g]++] = i;
  }
  free(fill);
  return bg;
}

static LLVMValueRef u32_elem(lc_cg *cg, uint32_t i, const void *v) { return cg_i32(cg, ((const uint32_t *)v)[i]); }
static LLVMValueRef item_is_group(lc_cg *cg, uint32_t i, const void *p) {
  return LLVMConstInt(cg->t_i8, ((const lc_plan *)p)->items[i].is_group, 0);
}
static LLVMValueRef item_index(lc_cg *cg, uint32_t i, const void *p) {
  return cg_i32(cg, ((const lc_plan *)p)->items[i].index);
}
/* cap and floor per group; ±infinity where there is none, which never wins the comparison */
static LLVMValueRef group_cap(lc_cg *cg, uint32_t i, const void *p) {
  const lc_pgroup *g = &((const lc_plan *)p)->groups[i];
  return cg_f64(cg, g->has_cap ? g->cap : INFINITY);
}
static LLVMValueRef group_floor(lc_cg *cg, uint32_t i, const void *p) {
  const lc_pgroup *g = &((const lc_plan *)p)->groups[i];
  return cg_f64(cg, g->has_floor ? g->floor : -INFINITY);
}

/* for (i = from; i < to; i++) { body }: for_begin leaves the builder in the body with l->i set;
 * for_end closes the body, wherever the builder is then. */
typedef struct loop { LLVMBasicBlockRef pre, head, exit; LLVMValueRef i; } loop;

static void for_begin(lc_cg *cg, loop *l, LLVMValueRef from, LLVMValueRef to, const char *name) {
  l->pre = LLVMGetInsertBlock(B);
  l->head = cg_block(cg, name);
  LLVMBasicBlockRef body = cg_block(cg, "body");
  l->exit = cg_block(cg, "done");
  LLVMBuildBr(B, l->head);
  cg_at(cg, l->head);
  l->i = LLVMBuildPhi(B, cg->t_i32, "i");
  LLVMAddIncoming(l->i, &from, &l->pre, 1);
  LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntULT, l->i, to, ""), body, l->exit);
  cg_at(cg, body);
}

static void for_end(lc_cg *cg, loop *l) {
  LLVMValueRef next = LLVMBuildAdd(B, l->i, cg_i32(cg, 1), "");
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(B);
  LLVMBuildBr(B, l->head);
  LLVMAddIncoming(l->i, &next, &latch, 1);
  cg_at(cg, l->exit);
}

/* Each group's total: +0.0 plus its rules' contributions in plan->rules order (a rule that did
 * not fire holds +0.0, and adding +0.0 never changes a sum that started at +0.0, which cannot
 * be -0.0), then its cap and floor. The sum stays in a register within a group. */
static void group_totals(lc_cg *cg) {
  const lc_plan *plan = cg->plan;
  by_group bg = group_rules(plan);
  LLVMValueRef members = table(cg, cg->t_i32, bg.starts ? bg.starts[plan->ngroups] : 0, u32_elem, bg.rules, "group.rules");
  LLVMValueRef starts = table(cg, cg->t_i32, plan->ngroups + 1, u32_elem, bg.starts, "group.starts");
  free(bg.rules);
  free(bg.starts);
  LLVMValueRef caps = table(cg, cg->t_f64, plan->ngroups, group_cap, plan, "group.cap");
  LLVMValueRef floors = table(cg, cg->t_f64, plan->ngroups, group_floor, plan, "group.floor");
  LLVMValueRef acc = cg_alloca(cg, cg->t_f64, "total");

  loop g;
  for_begin(cg, &g, cg_i32(cg, 0), cg_i32(cg, plan->ngroups), "groups");
  LLVMBuildStore(B, cg_f64(cg, 0.0), acc);
  loop r;
  for_begin(cg, &r, load_at(cg, cg->t_i32, starts, g.i),
            load_at(cg, cg->t_i32, starts, LLVMBuildAdd(B, g.i, cg_i32(cg, 1), "")), "group.sum");
  LLVMValueRef rule = load_at(cg, cg->t_i32, members, r.i);
  LLVMBuildStore(B, LLVMBuildFAdd(B, LLVMBuildLoad2(B, cg->t_f64, acc, ""),
                                  load_at(cg, cg->t_f64, cg->out_rules, rule), ""), acc);
  for_end(cg, &r);
  LLVMValueRef x = LLVMBuildLoad2(B, cg->t_f64, acc, "");
  LLVMValueRef cap = load_at(cg, cg->t_f64, caps, g.i), floor = load_at(cg, cg->t_f64, floors, g.i);
  x = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, x, cap, ""), cap, x, "capped");
  x = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, x, floor, ""), floor, x, "floored");
  LLVMBuildStore(B, x, at(cg, cg->t_f64, cg->out_groups, g.i));
  for_end(cg, &g);
}

/* +0.0 plus the items in order: a group's total, or a rule's contribution (+0.0 when it did not
 * fire, which adds nothing, as above). */
static LLVMValueRef score_sum(lc_cg *cg) {
  const lc_plan *plan = cg->plan;
  LLVMValueRef kinds = table(cg, cg->t_i8, plan->nitems, item_is_group, plan, "item.is_group");
  LLVMValueRef index = table(cg, cg->t_i32, plan->nitems, item_index, plan, "item.index");
  LLVMValueRef acc = cg_alloca(cg, cg->t_f64, "score");
  LLVMBuildStore(B, cg_f64(cg, 0.0), acc);
  loop l;
  for_begin(cg, &l, cg_i32(cg, 0), cg_i32(cg, plan->nitems), "items");
  LLVMValueRef is_group = LLVMBuildICmp(B, LLVMIntNE, load_at(cg, cg->t_i8, kinds, l.i),
                                        LLVMConstInt(cg->t_i8, 0, 0), "");
  LLVMValueRef from = LLVMBuildSelect(B, is_group, cg->out_groups, cg->out_rules, "");
  LLVMValueRef term = load_at(cg, cg->t_f64, from, load_at(cg, cg->t_i32, index, l.i));
  LLVMBuildStore(B, LLVMBuildFAdd(B, LLVMBuildLoad2(B, cg->t_f64, acc, ""), term, ""), acc);
  for_end(cg, &l);
  return LLVMBuildLoad2(B, cg->t_f64, acc, "sum");
}

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

  group_totals(cg);
  LLVMValueRef score = score_sum(cg);
  if (plan->has_range) {
    LLVMValueRef lo = cg_f64(cg, plan->range_lo), hi = cg_f64(cg, plan->range_hi);
    LLVMValueRef above = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, score, hi, ""), hi, score, "");
    score = LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, score, lo, ""), lo, above, "clamped");
  }
  cg->score = round2(cg, score);
  LLVMBuildStore(B, cg->score, LLVMBuildStructGEP2(B, cg->t_result, cg->out, 0, ""));
  loop l;
  for_begin(cg, &l, cg_i32(cg, 0), cg_i32(cg, plan->ngroups), "round.groups");
  LLVMValueRef slot = at(cg, cg->t_f64, cg->out_groups, l.i);
  LLVMBuildStore(B, round2(cg, LLVMBuildLoad2(B, cg->t_f64, slot, "")), slot);
  for_end(cg, &l);
  tiers(cg);
  LLVMBuildRetVoid(B);
  cg_end_function(cg);
}
