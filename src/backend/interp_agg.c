/* List aggregates. Each walks the visible elements (interp_elems.c), narrowed by `within`, then
 * selects with `where` (a missing condition selects nothing), pushing the element as the scope
 * of `where` and of the projection. Results over nothing follow LANGUAGE.md §4: count 0, any
 * false, all true, none true, sum 0, count_distinct 0, min/max/avg/first/last missing. */
#include <math.h>
#include <stdlib.h>

#include "backend/interp_internal.h"

static const ival MISSING = {false, {0}};

static ival number(double d) { ival v = {true, {0}}; v.v.num = d; return v; }
static ival boolean(bool b) { ival v = {true, {0}}; v.v.b = b; return v; }

static bool selected(const ictx *c, const lc_pexpr *where, const iframe *ef) {
  if (!where) return true;
  ival w = lc_interp_eval(c, where, ef);
  return w.ok && w.v.b;
}

static int cmp_slots(const void *x, const void *y, void *type) {
  return lc_interp_cmp(*(const lc_ptype *)type, *(const lc_slot *)x, *(const lc_slot *)y);
}

/* Sorts the present values in scratch memory and counts the runs. */
static ival count_distinct(const ictx *c, const lc_pexpr *e, ielems *it, iframe *ef, uint32_t n) {
  lc_slot *vals = n ? lc_scratch_alloc(c->x->scratch, sizeof *vals * n) : NULL;
  uint32_t k = 0;
  while ((ef->rec = lc_ielems_next(it))) {
    if (!selected(c, e->agg.where, ef)) continue;
    ival v = lc_interp_eval(c, e->agg.proj, ef);
    if (v.ok) vals[k++] = v.v;
  }
  lc_ptype t = e->agg.proj->type;
  if (k > 1) qsort_r(vals, k, sizeof *vals, cmp_slots, &t);
  uint32_t distinct = 0;
  for (uint32_t i = 0; i < k; i++)
    if (i == 0 || lc_interp_cmp(t, vals[i - 1], vals[i]) != 0) distinct++;
  return number(distinct);
}

/* first: the smallest timestamp, ties to the earliest in list order; last: the largest, ties to
 * the latest. Without a timestamp field every element ties, so list order decides. */
static ival first_last(const ictx *c, const lc_pexpr *e, ielems *it, iframe *ef) {
  bool first = e->agg.kind == AGG_FIRST;
  bool stamped = it->ts_slot != LC_NO_SLOT;
  const uint8_t *best = NULL;
  int64_t best_ts = 0;
  while ((ef->rec = lc_ielems_next(it))) {
    if (!selected(c, e->agg.where, ef)) continue;
    int64_t ts = 0;
    if (stamped && !lc_ielems_time(it, ef->rec, &ts)) continue;
    if (!best || (first ? ts < best_ts : ts >= best_ts)) { best = ef->rec; best_ts = ts; }
  }
  if (!best) return MISSING;
  ef->rec = best;
  return lc_interp_eval(c, e->agg.proj, ef);
}

static ival fold(const ictx *c, const lc_pexpr *e, ielems *it, iframe *ef) {
  lc_aggkind kind = e->agg.kind;
  lc_ptype t = e->agg.proj->type;
  double sum = 0.0;
  uint32_t n = 0;
  ival best = MISSING;
  while ((ef->rec = lc_ielems_next(it))) {
    if (!selected(c, e->agg.where, ef)) continue;
    ival v = lc_interp_eval(c, e->agg.proj, ef);
    if (!v.ok) continue;
    n++;
    if (kind == AGG_SUM || kind == AGG_AVG) {
      sum += v.v.num;
    } else if (!best.ok) {
      best = v;
    } else {
      int r = lc_interp_cmp(t, v.v, best.v);
      if (kind == AGG_MIN ? r < 0 : r > 0) best = v;
    }
  }
  if (kind == AGG_MIN || kind == AGG_MAX) return best;
  if (kind == AGG_AVG) {
    if (!n) return MISSING;
    sum = sum / n;
  }
  return isfinite(sum) ? number(sum) : MISSING;
}

ival lc_interp_agg(const ictx *c, const lc_pexpr *e, const iframe *f) {
  ival list = lc_interp_eval(c, e->agg.list, f);
  if (!list.ok) return MISSING;
  const lc_record_desc *d = &c->plan->records[e->agg.elem];
  ielems it;
  lc_ielems_init(&it, d, list.v.list, c->x->as_of_us);
  if (e->agg.within) {
    ival w = lc_interp_eval(c, e->agg.within, f);
    if (!w.ok) return MISSING;
    lc_ielems_window(&it, w.v.us);
  }
  iframe ef = {NULL, d->nslots, e->agg.level, f};

  switch (e->agg.kind) {
  case AGG_COUNT: case AGG_ANY: case AGG_ALL: case AGG_NONE: {
    uint32_t seen = 0, hits = 0;
    while ((ef.rec = lc_ielems_next(&it))) {
      seen++;
      hits += selected(c, e->agg.where, &ef);
    }
    switch (e->agg.kind) {
    case AGG_COUNT: return number(hits);
    case AGG_ANY: return boolean(hits > 0);
    case AGG_ALL: return boolean(hits == seen);
    default: return boolean(hits == 0);
    }
  }
  case AGG_FIRST: case AGG_LAST: return first_last(c, e, &it, &ef);
  case AGG_COUNT_DISTINCT: return count_distinct(c, e, &it, &ef, list.v.list.n);
  default: return fold(c, e, &it, &ef);
  }
}
