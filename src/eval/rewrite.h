/* The model file with calibrated points written in (calibrate.h says which numbers). Only those
 * numbers change; layout, comments, tests and every other declaration stay byte for byte, so
 * the difference from the original file is exactly the suggestion and reads well in review.
 *
 * Per rule: constant points are replaced (`then +20` → `then +27`); any other points expression
 * E is wrapped (`then minutes / 10` → `then (minutes / 10) * 1.35`); a rule cap/floor is
 * multiplied by the rule's factor, and a negative factor swaps them (`cap 20` → `floor -27`).
 * Rules declared in imported modules cannot be changed from here: they are counted in
 * *outside and left as they are. */
#ifndef LEADC_EVAL_REWRITE_H
#define LEADC_EVAL_REWRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "check/check.h"
#include "eval/calibrate.h"
#include "front/source.h"
#include "plan/plan.h"
#include "util/strbuf.h"

/* Appends the rewritten text of prog's model file to out. False when out of memory. */
bool lc_rewrite_points(lc_sb *out, const lc_sources *s, const lc_program *prog, const lc_plan *plan,
                       const lc_calibration *c, uint32_t *outside);

#endif
