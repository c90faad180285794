/* The backend entry points: plan → IR (lower_*.c) → passes → ORC JIT (jit.c) → a scorer. Each
 * compilation gets its own thread-safe context and JIT, so models compile independently and a
 * scorer's code lives exactly as long as the scorer. */
#include "backend/llvm/llvm_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend/llvm/jit.h"
#include "backend/llvm/lower.h"

const lc_llvm_options lc_llvm_defaults = {.opt_level = LC_LLVM_OPT_AUTO, .codegen_level = 2, .chunk_rules = 128};

typedef void (*score_fn)(const void *rec, lc_exec *x, lc_result *r);

typedef struct jit_scorer {
  lc_scorer base;
  lc_jit *jit;
  score_fn fn;
} jit_scorer;

static void jit_score(const lc_scorer *s, const void *rec, lc_exec *x, lc_result *r) {
  ((const jit_scorer *)s)->fn(rec, x, r);
}

static void jit_destroy(lc_scorer *s) {
  jit_scorer *j = (jit_scorer *)s;
  lc_jit_free(j->jit);
  free(j);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Writes "prefix: msg" into err and frees msg. */
static void fail(char *err, size_t errsz, const char *prefix, char *msg) {
  snprintf(err, errsz, "%s: %s", prefix, msg ? msg : "out of memory");
  free(msg);
}

/* The addresses generated code refers to by name: runtime helpers and the plan's objects. */
static lc_jit_sym *jit_symbols(const lc_plan *plan, size_t *n, char (**names)[32]) {
  size_t total = RT_COUNT + plan->nregexes + plan->nstrsets;
  lc_jit_sym *syms = calloc(total, sizeof *syms);
  char (*buf)[32] = calloc(plan->nregexes + plan->nstrsets + 1, sizeof *buf);
  if (!syms || !buf) {
    free(syms);
    free(buf);
    return NULL;
  }
  size_t k = 0, b = 0;
  for (int i = 0; i < RT_COUNT; i++) syms[k++] = (lc_jit_sym){lc_rt_table[i].name, lc_rt_table[i].addr, 1};
  for (uint32_t i = 0; i < plan->nregexes; i++) {
    snprintf(buf[b], sizeof buf[b], "lc.regex.%u", i);
    syms[k++] = (lc_jit_sym){buf[b++], plan->regexes[i], 0};
  }
  for (uint32_t i = 0; i < plan->nstrsets; i++) {
    snprintf(buf[b], sizeof buf[b], "lc.strset.%u", i);
    syms[k++] = (lc_jit_sym){buf[b++], plan->strsets[i], 0};
  }
  *n = k;
  *names = buf;
  return syms;
}

/* Lowers and optimises into a module of ctx; false with err filled on failure. */
static bool make_module(const lc_plan *plan, const lc_llvm_options *o, LLVMContextRef ctx,
                        LLVMModuleRef *mod, lc_llvm_timing *t, char *err, size_t errsz) {
  char *msg = NULL;
  double t0 = now();
  if (!lc_llvm_build(plan, ctx, o->chunk_rules ? o->chunk_rules : lc_llvm_defaults.chunk_rules, mod, &msg)) {
    fail(err, errsz, "LLVM lowering failed", msg);
    return false;
  }
  double t1 = now();
  int level = o->opt_level != LC_LLVM_OPT_AUTO ? o->opt_level : plan->nrules <= LC_LLVM_O2_MAX_RULES ? 2 : 1;
  if (!lc_llvm_optimise(*mod, level, &msg)) {
    LLVMDisposeModule(*mod);
    fail(err, errsz, "LLVM optimisation failed", msg);
    return false;
  }
  if (t) {
    t->lower = t1 - t0;
    t->optimise = now() - t1;
  }
  return true;
}

lc_scorer *lc_llvm_compile(const lc_plan *plan, const lc_llvm_options *opt, lc_llvm_timing *timing,
                           char *err, size_t errsz) {
  const lc_llvm_options *o = opt ? opt : &lc_llvm_defaults;
  lc_jit_init_llvm();
  LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
  LLVMModuleRef mod;
  if (!make_module(plan, o, LLVMOrcThreadSafeContextGetContext(tsc), &mod, timing, err, errsz)) {
    LLVMOrcDisposeThreadSafeContext(tsc);
    return NULL;
  }

  double t0 = now();
  size_t nsyms = 0;
  char (*names)[32] = NULL;
  lc_jit_sym *syms = jit_symbols(plan, &nsyms, &names);
  jit_scorer *s = calloc(1, sizeof *s);
  if (!syms || !s) {
    LLVMDisposeModule(mod);
    LLVMOrcDisposeThreadSafeContext(tsc);
    free(syms);
    free(names);
    free(s);
    snprintf(err, errsz, "out of memory");
    return NULL;
  }
  char *msg = NULL;
  int level = o->codegen_level < 0 ? 0 : o->codegen_level > 3 ? 3 : o->codegen_level;
  LLVMTargetMachineRef tm = lc_jit_host_machine((LLVMCodeGenOptLevel)level, &msg);
  if (tm) s->jit = lc_jit_load(tm, tsc, mod, syms, nsyms, &msg);   /* consumes tm, tsc and mod */
  else {
    LLVMDisposeModule(mod);
    LLVMOrcDisposeThreadSafeContext(tsc);
  }
  free(syms);
  free(names);
  if (s->jit) s->fn = (score_fn)lc_jit_lookup(s->jit, "score", &msg);
  if (!s->fn) {
    lc_jit_free(s->jit);
    free(s);
    fail(err, errsz, "LLVM JIT failed", msg);
    return NULL;
  }
  if (timing) timing->codegen = now() - t0;
  s->base.plan = plan;
  s->base.score = jit_score;
  s->base.destroy = jit_destroy;
  return &s->base;
}

char *lc_llvm_emit_ir(const lc_plan *plan, const lc_llvm_options *opt, char *err, size_t errsz) {
  const lc_llvm_options *o = opt ? opt : &lc_llvm_defaults;
  lc_jit_init_llvm();
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod;
  char *text = NULL;
  if (make_module(plan, o, ctx, &mod, NULL, err, errsz)) {
    char *ir = LLVMPrintModuleToString(mod);
    text = strdup(ir);
    LLVMDisposeMessage(ir);
    LLVMDisposeModule(mod);
    if (!text) snprintf(err, errsz, "out of memory");
  }
  LLVMContextDispose(ctx);
  return text;
}

static lc_scorer *create_jit(const lc_plan *plan, char *err, size_t errsz) {
  return lc_llvm_compile(plan, NULL, NULL, err, errsz);
}

const lc_backend lc_backend_jit = {"jit", create_jit};
