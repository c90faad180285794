/* Lowering: a checked program (check/check.h) to the model plan (plan/plan.h) that every backend
 * executes. Runs only on a program the checker reported no errors for. */
#ifndef LEADC_PLAN_LOWER_H
#define LEADC_PLAN_LOWER_H

#include <stddef.h>
#include "check/check.h"
#include "plan/plan.h"

/* The plan is allocated in `a` (which must outlive it); release it with lc_plan_free before
 * freeing the arena. Returns NULL with a one-line reason in err when the runtime cannot build a
 * regex or set (the checker has validated them, so this is an internal error). */
lc_plan *lc_lower(const lc_program *prog, lc_arena *a, char *err, size_t errsz);

#endif
