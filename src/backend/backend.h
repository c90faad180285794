/* The one interface every backend implements. A backend turns a plan into a scorer; a scorer
 * fills an lc_result for one record struct. The driver picks the backend from a table of
 * lc_backend entries (src/cli), so adding a backend is one table row.
 *
 * Contract, shared by the interpreter (the reference), the LLVM JIT and generated C:
 *   - score() is pure: it reads the record, as_of and the plan's constant data, writes only *r
 *     and the scratch memory in *x. Several threads may call it on one scorer at once, each with
 *     its own lc_exec (and scratch).
 *   - It fills every entry of r: score, tier, groups[ngroups] (rounded), rules[nrules]
 *     (unrounded contributions, 0 for rules that did not fire) and fired[nrules].
 *   - Results are bit-identical across backends: the evaluation order is fixed in plan.h.
 * The plan must outlive the scorer. */
#ifndef LEADC_BACKEND_BACKEND_H
#define LEADC_BACKEND_BACKEND_H

#include <stddef.h>
#include "leadc/runtime.h"
#include "plan/plan.h"

typedef struct lc_scorer lc_scorer;

struct lc_scorer {
  const lc_plan *plan;
  void (*score)(const lc_scorer *s, const void *rec, lc_exec *x, lc_result *r);
  void (*destroy)(lc_scorer *s);
};

typedef struct lc_backend {
  const char *name;          /* as given to --backend */
  /* Returns NULL and writes a one-line reason into err on failure. */
  lc_scorer *(*create)(const lc_plan *plan, char *err, size_t errsz);
} lc_backend;

static inline void lc_scorer_score(const lc_scorer *s, const void *rec, lc_exec *x, lc_result *r) {
  s->score(s, rec, x, r);
}

void lc_scorer_free(lc_scorer *s);

/* A result with arrays sized for the plan, on the heap; lc_result_free releases it. */
lc_result *lc_result_new(const lc_plan *p);
void lc_result_free(lc_result *r);

#endif
