/* Decay factors (LANGUAGE.md §5) for an age a = as_of - t in microseconds, never below 0.
 * The expressions are exactly the spec's, in doubles, so that every backend that calls these
 * gets the same bits. A span that is not positive (the checker rejects literal ones, but a
 * computed duration could be) is treated as the limit of a vanishing span: 1 at age 0, else 0,
 * instead of the NaN of 0/0. */
#include <math.h>

#include "leadc/runtime.h"

static int64_t clamp_age(int64_t age_us) { return age_us < 0 ? 0 : age_us; }

double lc_rt_decay_half_life(int64_t age_us, int64_t half_life_us) {
  int64_t a = clamp_age(age_us);
  if (half_life_us <= 0) return a == 0 ? 1.0 : 0.0;
  return exp2(-(double)a / (double)half_life_us);
}

double lc_rt_decay_linear(int64_t age_us, int64_t span_us) {
  int64_t a = clamp_age(age_us);
  if (span_us <= 0) return a == 0 ? 1.0 : 0.0;
  double f = 1.0 - (double)a / (double)span_us;
  return f > 0 ? f : 0.0;
}

double lc_rt_decay_step(int64_t age_us, int64_t span_us) {
  return clamp_age(age_us) <= span_us ? 1.0 : 0.0;
}
