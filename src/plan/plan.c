#include "plan/plan.h"

void lc_plan_free(lc_plan *p) {
  for (uint32_t i = 0; i < p->nregexes; i++) lc_regex_free(p->regexes[i]);
  for (uint32_t i = 0; i < p->nstrsets; i++) lc_strset_free(p->strsets[i]);
  p->nregexes = p->nstrsets = 0;
}
