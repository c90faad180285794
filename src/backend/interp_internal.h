/* Shared between the interpreter's files: values with a present flag, scope frames, and the
 * iteration over a list's visible elements (the only place the point-in-time rule lives). */
#ifndef LEADC_BACKEND_INTERP_INTERNAL_H
#define LEADC_BACKEND_INTERP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "leadc/runtime.h"
#include "plan/plan.h"

typedef struct ival { bool ok; lc_slot v; } ival;   /* ok = false: missing */

/* The record an expression at `level` reads: level 0 is the input, each aggregate or each rule
 * pushes the element it visits. Frames live on the C stack, linked to the enclosing scope. */
typedef struct iframe {
  const uint8_t *rec;
  uint32_t nslots, level;
  const struct iframe *up;
} iframe;

typedef struct ictx {
  const lc_plan *plan;
  lc_exec *x;
  const lc_result *res;     /* score and group totals, for tier conditions */
  uint8_t *seen;            /* coverage (interp.h), or NULL */
} ictx;

ival lc_interp_eval(const ictx *c, const lc_pexpr *e, const iframe *f);
ival lc_interp_agg(const ictx *c, const lc_pexpr *e, const iframe *f);
int lc_interp_cmp(lc_ptype t, lc_slot a, lc_slot b);

/* Walks the elements of a list that are visible at as_of and, with a window, inside it. */
typedef struct ielems {
  const uint8_t *next, *end;
  uint32_t size, nslots, ts_slot;
  int64_t as_of, from;
  bool windowed;
} ielems;

void lc_ielems_init(ielems *it, const lc_record_desc *d, lc_list l, int64_t as_of);
/* Restricts the walk to timestamps in [as_of − window, as_of]. */
void lc_ielems_window(ielems *it, int64_t window_us);
const uint8_t *lc_ielems_next(ielems *it);
/* The element's timestamp; false when the record has none or it is missing. */
bool lc_ielems_time(const ielems *it, const uint8_t *rec, int64_t *ts);

#endif
