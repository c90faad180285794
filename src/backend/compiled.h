/* A model compiled to C (include/leadc/runtime.h: lc_compiled_model), opened for the parts of
 * leadc that run plans: the scoring driver, the result writer and the embedding API. Opening
 * builds what the generated tables describe but cannot hold (compiled regexes, string sets),
 * a plan that carries the model's names and record descriptors but no expressions (nothing
 * interprets it), and a scorer that calls the generated score function.
 *
 * This lives in the runtime library, not the compiler: a program made by `leadc build` links it
 * without the front end or LLVM. Nothing here prints or exits. */
#ifndef LEADC_BACKEND_COMPILED_H
#define LEADC_BACKEND_COMPILED_H

#include <stddef.h>

#include "backend/backend.h"

typedef struct lc_compiled lc_compiled;

/* NULL with a one-line reason in err when the model was generated for another runtime ABI, a
 * regex does not compile, or memory runs out. The model's tables must outlive the result. */
lc_compiled *lc_compiled_open(const lc_compiled_model *m, char *err, size_t errsz);
void lc_compiled_close(lc_compiled *c);

/* Both live as long as c. */
const lc_plan *lc_compiled_plan(const lc_compiled *c);
const lc_scorer *lc_compiled_scorer(const lc_compiled *c);

#endif
