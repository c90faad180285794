/* The backend entry points: plan → IR (lower_*.c) → passes → machine code (or the same machine
 * code from the cache, jit_cache.c) → ORC JIT (jit.c) → a scorer. Each compilation gets its own
 * context and JIT, so models compile independently and a scorer's code lives exactly as long as
 * the scorer. */
#include "backend/llvm/llvm_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/llvm/jit.h"
#include "backend/llvm/jit_cache.h"
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

static int opt_level(const lc_plan *plan, const lc_llvm_options *o) {
  if (o->opt_level != LC_LLVM_OPT_AUTO) return o->opt_level;
  return plan->nrules <= LC_LLVM_O2_MAX_RULES ? 2 : 1;
}

static LLVMCodeGenOptLevel codegen_level(const lc_llvm_options *o) {
  return (LLVMCodeGenOptLevel)(o->codegen_level < 0 ? 0 : o->codegen_level > 3 ? 3 : o->codegen_level);
}

/* Lowers the plan into a module of ctx, unoptimised; false with err filled on failure. */
static bool lower(const lc_plan *plan, const lc_llvm_options *o, LLVMContextRef ctx, LLVMModuleRef *mod,
                  char *err, size_t errsz) {
  char *msg = NULL;
  if (lc_llvm_build(plan, ctx, o->chunk_rules ? o->chunk_rules : lc_llvm_defaults.chunk_rules, mod, &msg))
    return true;
  fail(err, errsz, "LLVM lowering failed", msg);
  return false;
}

/* Everything the machine code depends on: the unoptimised IR, what optimises and generates it,
 * and for what CPU. NULL when out of memory. */
static char *cache_key(LLVMModuleRef mod, const lc_plan *plan, const lc_llvm_options *o, size_t *len) {
  char *ir = LLVMPrintModuleToString(mod), *host = lc_jit_host_description();
  char *key = NULL;
  if (ir && host) {
    size_t n = strlen(ir) + strlen(host) + 128;
    if ((key = malloc(n)))
      *len = (size_t)snprintf(key, n, "leadc %s llvm %s opt %d codegen %d\n%s\n%s", LEADC_VERSION,
                              LEADC_LLVM_VERSION, opt_level(plan, o), (int)codegen_level(o), host, ir);
  }
  LLVMDisposeMessage(ir);
  free(host);
  return key;
}

/* Optimises mod for the host; returns the target machine it was tuned for (the caller disposes
 * of it), or NULL with err filled on failure. */
static LLVMTargetMachineRef optimise(LLVMModuleRef mod, const lc_plan *plan, const lc_llvm_options *o,
                                     char *err, size_t errsz) {
  char *msg = NULL;
  LLVMTargetMachineRef tm = lc_jit_host_machine(codegen_level(o), &msg);
  if (!tm) {
    fail(err, errsz, "LLVM JIT failed", msg);
    return NULL;
  }
  if (lc_llvm_optimise(mod, opt_level(plan, o), tm, &msg)) return tm;
  fail(err, errsz, "LLVM optimisation failed", msg);
  LLVMDisposeTargetMachine(tm);
  return NULL;
}

/* Optimises mod and generates its machine code as an object file; NULL with err filled on failure. */
static LLVMMemoryBufferRef generate(LLVMModuleRef mod, const lc_plan *plan, const lc_llvm_options *o,
                                    char *err, size_t errsz) {
  LLVMTargetMachineRef tm = optimise(mod, plan, o, err, errsz);
  if (!tm) return NULL;
  char *msg = NULL;
  LLVMMemoryBufferRef obj = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(tm, mod, LLVMObjectFile, &msg, &obj)) {
    snprintf(err, errsz, "LLVM code generation failed: %s", msg ? msg : "unknown error");
    LLVMDisposeMessage(msg);
    obj = NULL;
  }
  LLVMDisposeTargetMachine(tm);
  return obj;
}

/* The machine code for the plan: from the cache when it holds this exact IR, else generated (and
 * stored for next time). */
static LLVMMemoryBufferRef machine_code(const lc_plan *plan, const lc_llvm_options *o, char *err, size_t errsz) {
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod;
  if (!lower(plan, o, ctx, &mod, err, errsz)) {
    LLVMContextDispose(ctx);
    return NULL;
  }
  size_t keylen = 0, objlen = 0;
  char *key = o->cache_dir ? cache_key(mod, plan, o, &keylen) : NULL;
  void *cached = key ? lc_jit_cache_load(o->cache_dir, key, keylen, &objlen) : NULL;
  LLVMMemoryBufferRef obj;
  if (cached) {
    obj = LLVMCreateMemoryBufferWithMemoryRangeCopy(cached, objlen, "model");
    free(cached);
  } else {
    obj = generate(mod, plan, o, err, errsz);
    if (obj && key)
      lc_jit_cache_store(o->cache_dir, key, keylen, LLVMGetBufferStart(obj), LLVMGetBufferSize(obj));
  }
  free(key);
  LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  return obj;
}

lc_scorer *lc_llvm_compile(const lc_plan *plan, const lc_llvm_options *opt, char *err, size_t errsz) {
  const lc_llvm_options *o = opt ? opt : &lc_llvm_defaults;
  lc_jit_init_llvm();
  size_t nsyms = 0;
  char (*names)[32] = NULL;
  lc_jit_sym *syms = jit_symbols(plan, &nsyms, &names);
  jit_scorer *s = calloc(1, sizeof *s);
  if (!syms || !s) {
    free(syms);
    free(names);
    free(s);
    snprintf(err, errsz, "out of memory");
    return NULL;
  }
  LLVMMemoryBufferRef obj = machine_code(plan, o, err, errsz);
  char *msg = NULL;
  if (obj) s->jit = lc_jit_load(obj, syms, nsyms, &msg);   /* consumes obj */
  free(syms);
  free(names);
  if (s->jit) s->fn = (score_fn)lc_jit_lookup(s->jit, "score", &msg);
  if (!s->fn) {
    lc_jit_free(s->jit);
    free(s);
    if (obj) fail(err, errsz, "LLVM JIT failed", msg);
    return NULL;
  }
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
  if (lower(plan, o, ctx, &mod, err, errsz)) {
    LLVMTargetMachineRef tm = optimise(mod, plan, o, err, errsz);
    if (tm) {
      char *ir = LLVMPrintModuleToString(mod);
      text = strdup(ir);
      LLVMDisposeMessage(ir);
      if (!text) snprintf(err, errsz, "out of memory");
      LLVMDisposeTargetMachine(tm);
    }
    LLVMDisposeModule(mod);
  }
  LLVMContextDispose(ctx);
  return text;
}

static lc_scorer *create_jit(const lc_plan *plan, char *err, size_t errsz) {
  lc_llvm_options o = lc_llvm_defaults;
  char *dir = lc_jit_cache_dir_from_env();
  o.cache_dir = dir;
  lc_scorer *s = lc_llvm_compile(plan, &o, err, errsz);
  free(dir);
  return s;
}

const lc_backend lc_backend_jit = {"jit", create_jit};
