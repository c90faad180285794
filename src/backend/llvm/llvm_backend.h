/* The LLVM backend: compiles a model plan into native code with ORC LLJIT, one `score` function
 * per model (LANGUAGE.md semantics, bit-identical to the interpreter in src/backend/interp.c).
 * This header is free of llvm-c types so the CLI and tests can include it without LLVM headers.
 *
 * Ownership: a scorer refers to the plan's compiled regexes and string sets, so the plan must
 * outlive it (as backend.h requires of every backend); free it with lc_scorer_free. Scorers
 * are safe to call from several threads at once, each with its own lc_exec. */
#ifndef LEADC_BACKEND_LLVM_LLVM_BACKEND_H
#define LEADC_BACKEND_LLVM_LLVM_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include "backend/backend.h"

/* default<O2> makes generated models about 10-15 % faster than O1 but costs about a third
 * more compile time, which for very large models is seconds: AUTO picks O2 up to this size. */
enum { LC_LLVM_OPT_AUTO = -1, LC_LLVM_O2_MAX_RULES = 2000 };

typedef struct lc_llvm_options {
  int opt_level;          /* IR passes: 0 none, 1 default<O1>, 2 default<O2>, or LC_LLVM_OPT_AUTO */
  int codegen_level;      /* machine code: 0 none … 3 aggressive (LLVMCodeGenOptLevel) */
  uint32_t chunk_rules;   /* rules per generated function; 0 picks the default */
  const char *cache_dir;  /* keep machine code here for the next run (jit_cache.h); NULL: none */
} lc_llvm_options;

/* The optimisation settings `--backend=jit` uses; it adds the cache directory the environment
 * names (jit_cache.h). */
extern const lc_llvm_options lc_llvm_defaults;

/* `--backend=jit`: lc_llvm_compile with lc_llvm_defaults. */
extern const lc_backend lc_backend_jit;

/* Returns NULL and writes a one-line reason into err on failure. opt may be NULL (defaults). */
lc_scorer *lc_llvm_compile(const lc_plan *plan, const lc_llvm_options *opt, char *err, size_t errsz);

/* The module the JIT would compile, after optimisation, as LLVM IR text (`leadc emit llvm`).
 * Returns a malloc'd string (free with free()), or NULL with a reason in err. Regexes and string
 * sets appear as external symbols @lc.regex.N / @lc.strset.N, so the text is deterministic. */
char *lc_llvm_emit_ir(const lc_plan *plan, const lc_llvm_options *opt, char *err, size_t errsz);

#endif
