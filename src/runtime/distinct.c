/* count_distinct for generated C: the values are collected by the caller, sorted here and
 * counted by runs. Any order that makes equal values adjacent gives the same count, so this
 * agrees with the interpreter whichever sort either uses. */
#include <stdlib.h>

#include "leadc/runtime.h"

static int cmp(const void *x, const void *y, void *kind) {
  const lc_slot *a = x, *b = y;
  switch (*(const lc_distinct_kind *)kind) {
  case LC_DISTINCT_NUM: return (a->num > b->num) - (a->num < b->num);
  case LC_DISTINCT_STR: { int r = lc_rt_str_cmp(a->str, b->str); return (r > 0) - (r < 0); }
  case LC_DISTINCT_INT: return (a->i > b->i) - (a->i < b->i);
  case LC_DISTINCT_BOOL: return (a->b > b->b) - (a->b < b->b);
  }
  return 0;
}

double lc_rt_count_distinct(lc_slot *vals, uint32_t n, lc_distinct_kind kind) {
  if (n < 2) return n;
  qsort_r(vals, n, sizeof *vals, cmp, &kind);
  uint32_t distinct = 1;
  for (uint32_t i = 1; i < n; i++) distinct += cmp(&vals[i - 1], &vals[i], &kind) != 0;
  return distinct;
}
