/* The reference interpreter: walks the plan's expression trees for every record. It is the
 * definition of what a model computes; the LLVM JIT and generated C are tested against it byte
 * for byte, so it favours being obviously right over being fast. */
#ifndef LEADC_BACKEND_INTERP_H
#define LEADC_BACKEND_INTERP_H

#include "backend/backend.h"

extern const lc_backend lc_backend_interp;

/* Coverage for `leadc test --coverage`: a scorer that also records, for every boolean node of
 * the plan it evaluates, whether it came out true or false (missing counts as false), by OR-ing
 * LC_SEEN_* into seen[node id]. seen must hold plan->nexprs bytes and outlive the scorer. Not
 * for concurrent use: the recording is not synchronised. */
enum { LC_SEEN_TRUE = 1, LC_SEEN_FALSE = 2 };
lc_scorer *lc_interp_create_covering(const lc_plan *plan, uint8_t *seen, char *err, size_t errsz);

#endif
