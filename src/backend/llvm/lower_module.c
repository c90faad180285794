/* The module: one exported `score(rec, exec, result)` function calling internal chunk functions
 * of at most chunk_rules rules each. Codegen of one huge function is superlinear (ARCHITECTURE.md,
 * "LLVM notes": 10k rules in one function took 6 s, in chunks 1 s; instruction scheduling is
 * quadratic in the length of a basic block, and simple rules are straight-line code), so large
 * models are split; chunks are marked noinline then, or the inliner would rebuild the huge
 * function. A model that fits one chunk lets it inline into `score`.
 *
 * Optimisation uses the new pass manager with a host target machine; nothing here enables
 * fast-math or creates fmuladd, and codegen's default FP-op fusion only fuses fmuladd, so no
 * multiply-add is ever contracted and every backend gets the same bits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "backend/llvm/jit.h"
#include "backend/llvm/lower.h"

#define B (cg->b)

void cg_load_result_arrays(lc_cg *cg) {
  cg->out_groups = LLVMBuildLoad2(B, cg->t_ptr, LLVMBuildStructGEP2(B, cg->t_result, cg->out, 2, ""), "groups");
  cg->out_rules = LLVMBuildLoad2(B, cg->t_ptr, LLVMBuildStructGEP2(B, cg->t_result, cg->out, 3, ""), "rules");
  cg->out_fired = LLVMBuildLoad2(B, cg->t_ptr, LLVMBuildStructGEP2(B, cg->t_result, cg->out, 4, ""), "fired");
}

void cg_begin_function(lc_cg *cg, LLVMValueRef fn) {
  cg->fn = fn;
  unsigned kind = LLVMGetEnumAttributeKindForName("nounwind", 8);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(cg->ctx, kind, 0));
  cg->alloca_bb = cg_block(cg, "entry");
  cg_at(cg, cg_block(cg, "body"));
  cg->scope[0] = (lc_scope){LLVMGetParam(fn, 0), &cg->plan->records[0]};
  cg->x = LLVMGetParam(fn, 1);
  cg->out = LLVMGetParam(fn, 2);
  cg->as_of = LLVMBuildLoad2(B, cg->t_i64, LLVMBuildStructGEP2(B, cg->t_exec, cg->x, 0, ""), "as_of");
  cg_load_result_arrays(cg);
  memset(cg->pre_done, 0, sizeof *cg->pre_done * (cg->plan->nexprs ? cg->plan->nexprs : 1));
}

void cg_end_function(lc_cg *cg) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(cg->ctx);
  LLVMPositionBuilderAtEnd(b, cg->alloca_bb);
  LLVMBuildBr(b, LLVMGetNextBasicBlock(cg->alloca_bb));
  LLVMDisposeBuilder(b);
}

/* ---- plan walks: scope depth and a rough size per rule, for chunking */

typedef struct walk { uint32_t max_level; uint32_t nodes; } walk;

static void walk_expr(walk *w, const lc_pexpr *e) {
  if (!e) return;
  w->nodes++;
  if (e->op == P_FIELD && e->field.level > w->max_level) w->max_level = e->field.level;
  if (e->op == P_AGG) {
    if (e->agg.level > w->max_level) w->max_level = e->agg.level;
    walk_expr(w, e->agg.list);
    walk_expr(w, e->agg.within);
    walk_expr(w, e->agg.where);
    walk_expr(w, e->agg.proj);
  }
  walk_expr(w, e->a);
  walk_expr(w, e->b);
  walk_expr(w, e->c);
}

static void walk_rule(walk *w, const lc_prule *r) {
  if (r->each && r->level > w->max_level) w->max_level = r->level;
  walk_expr(w, r->cond);
  walk_expr(w, r->list);
  walk_expr(w, r->within);
  walk_expr(w, r->points);
  walk_expr(w, r->since);
}

/* A chunk closes at chunk_rules rules, or earlier when its expressions grow large. */
enum { NODES_PER_RULE = 32 };

static bool build(lc_cg *cg, uint32_t chunk_rules) {
  const lc_plan *plan = cg->plan;
  walk all = {0, 0};
  for (uint32_t i = 0; i < plan->nrules; i++) walk_rule(&all, &plan->rules[i]);
  for (uint32_t t = 0; t < plan->ntiers; t++) walk_expr(&all, plan->tiers[t].cond);
  cg->nscope = all.max_level + 1;
  cg->scope = calloc(cg->nscope, sizeof *cg->scope);
  size_t nexprs = plan->nexprs ? plan->nexprs : 1;
  cg->pre_val = calloc(nexprs, sizeof *cg->pre_val);
  cg->pre_done = calloc(nexprs, sizeof *cg->pre_done);
  cg->canon = calloc(nexprs, sizeof *cg->canon);
  cg->refs = calloc(nexprs, sizeof *cg->refs);
  cg->use_count = calloc(nexprs, sizeof *cg->use_count);
  cg->use_in_loop = calloc(nexprs, sizeof *cg->use_in_loop);
  cg->use_node = calloc(nexprs, sizeof *cg->use_node);
  cg->regex_syms = calloc(plan->nregexes + 1, sizeof *cg->regex_syms);
  cg->strset_syms = calloc(plan->nstrsets + 1, sizeof *cg->strset_syms);
  LLVMValueRef *chunks = calloc(plan->nrules + 1, sizeof *chunks);
  if (!cg->scope || !cg->pre_val || !cg->pre_done || !cg->canon || !cg->refs ||
      !cg->use_count || !cg->use_in_loop || !cg->use_node ||
      !cg->regex_syms || !cg->strset_syms || !chunks || !cse_init(cg)) {
    free(chunks);
    return false;
  }

  uint32_t nchunks = 0;
  for (uint32_t first = 0; first < plan->nrules;) {
    walk w = {0, 0};
    uint32_t n = 0;
    while (first + n < plan->nrules && n < chunk_rules && w.nodes < chunk_rules * NODES_PER_RULE)
      walk_rule(&w, &plan->rules[first + n++]);
    char name[32];
    snprintf(name, sizeof name, "score.chunk%u", nchunks);
    chunks[nchunks++] = lower_chunk(cg, name, first, n);
    first += n;
  }
  if (nchunks > 1) {
    unsigned kind = LLVMGetEnumAttributeKindForName("noinline", 8);
    for (uint32_t i = 0; i < nchunks; i++)
      LLVMAddAttributeAtIndex(chunks[i], LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(cg->ctx, kind, 0));
  }
  lower_score_fn(cg, "score", chunks, nchunks);
  free(chunks);
  return true;
}

bool lc_llvm_build(const lc_plan *plan, LLVMContextRef ctx, uint32_t chunk_rules,
                   LLVMModuleRef *out, char **err) {
  lc_cg cg = {.plan = plan, .ctx = ctx};
  cg.mod = LLVMModuleCreateWithNameInContext(plan->model_name ? plan->model_name : "model", ctx);
  cg.b = LLVMCreateBuilderInContext(ctx);
  cg_init_types(&cg);
  bool ok = build(&cg, chunk_rules ? chunk_rules : 1);
  LLVMDisposeBuilder(cg.b);
  cg_free_consts(&cg);
  free(cg.scope);
  free(cg.pre_val);
  free(cg.pre_done);
  free(cg.canon);
  free(cg.refs);
  free(cg.use_count);
  free(cg.use_in_loop);
  free(cg.use_node);
  free(cg.regex_syms);
  free(cg.strset_syms);
  if (!ok) {
    *err = strdup("out of memory");
    LLVMDisposeModule(cg.mod);
    return false;
  }
  char *msg = NULL;
  if (LLVMVerifyModule(cg.mod, LLVMReturnStatusAction, &msg)) {
    size_t n = strlen(msg) + 64;
    *err = malloc(n);
    if (*err) snprintf(*err, n, "internal error: invalid IR generated: %s", msg);
    LLVMDisposeMessage(msg);
    LLVMDisposeModule(cg.mod);
    return false;
  }
  LLVMDisposeMessage(msg);
  *out = cg.mod;
  return true;
}

bool lc_llvm_optimise(LLVMModuleRef mod, int level, LLVMTargetMachineRef tm, char **err) {
  char *triple = LLVMGetTargetMachineTriple(tm);
  LLVMSetTarget(mod, triple);
  LLVMDisposeMessage(triple);
  LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
  LLVMSetModuleDataLayout(mod, dl);
  LLVMDisposeTargetData(dl);
  if (level <= 0) return true;
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(mod, level >= 2 ? "default<O2>" : "default<O1>", tm, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (!e) return true;
  *err = lc_jit_error_message(e);
  return false;
}
