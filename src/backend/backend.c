#include "backend/backend.h"

#include <stdlib.h>

#include "util/oom.h"

void lc_scorer_free(lc_scorer *s) {
  if (s) s->destroy(s);
}

/* One allocation holds the struct and its three arrays, so a result is freed with one call. */
lc_result *lc_result_new(const lc_plan *p) {
  size_t ng = p->ngroups, nr = p->nrules;
  size_t size = sizeof(lc_result) + sizeof(double) * (ng + nr) + nr;
  lc_result *r = calloc(1, size);
  if (!r) lc_oom();
  double *d = (double *)(r + 1);
  r->groups = d;
  r->rules = d + ng;
  r->fired = (uint8_t *)(d + ng + nr);
  r->tier = -1;
  return r;
}

void lc_result_free(lc_result *r) { free(r); }
