/* The figures every form of the diff report shows, computed once from the statistics: the
 * score delta distribution (nearest-rank percentiles: p90 is the smallest delta that at least
 * 90 % of the records are at or below), the rules whose fire count changed, and the records that
 * moved most in order. */
#include "diff/diff_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/result_write.h"

void lc_diff_points(lc_sb *sb, double v) { lc_write_points(sb, lc_rt_round2(v)); }

void lc_diff_signed_points(lc_sb *sb, double v) {
  double r = lc_rt_round2(v);
  if (r > 0) lc_sb_putc(sb, '+');
  lc_write_points(sb, r == 0 ? 0 : r);
}

typedef struct delta_count { int64_t cents; uint64_t n; } delta_count;

static int cmp_delta(const void *x, const void *y) {
  const delta_count *a = x, *b = y;
  return (a->cents > b->cents) - (a->cents < b->cents);
}

lc_delta_stats lc_diff_delta_stats(const lc_diff *d) {
  lc_delta_stats s = {0};
  if (!d->n) return s;
  delta_count *v = malloc((d->used ? d->used : 1) * sizeof *v);
  if (!v) abort();
  uint32_t n = 0;
  for (uint32_t i = 0; i < d->cap; i++)
    if (d->delta_used[i]) v[n++] = (delta_count){d->delta_cents[i], d->delta_count[i]};
  qsort(v, n, sizeof *v, cmp_delta);
  double want[2] = {0.5, 0.9}, *got[2] = {&s.p50, &s.p90};
  for (int k = 0; k < 2; k++) {
    uint64_t rank = (uint64_t)ceil(want[k] * (double)d->n), seen = 0;
    if (!rank) rank = 1;
    for (uint32_t i = 0; i < n; i++) {
      seen += v[i].n;
      if (seen >= rank) { *got[k] = (double)v[i].cents / 100; break; }
    }
  }
  free(v);
  s.mean = d->sum / (double)d->n;
  s.mean_abs = d->sum_abs / (double)d->n;
  s.max = d->max;
  s.min = d->min;
  return s;
}

static int cmp_fire(const void *x, const void *y) {
  const lc_fire_row *a = x, *b = y;
  int64_t da = llabs((a->new < 0 ? 0 : a->new) - (a->old < 0 ? 0 : a->old));
  int64_t db = llabs((b->new < 0 ? 0 : b->new) - (b->old < 0 ? 0 : b->old));
  if (da != db) return da > db ? -1 : 1;
  return (a->order > b->order) - (a->order < b->order);
}

static int32_t rule_index(const lc_plan *p, const char *name) {
  for (uint32_t i = 0; i < p->nrules; i++)
    if (!strcmp(p->rules[i].name, name)) return (int32_t)i;
  return -1;
}

lc_fire_row *lc_diff_fire_rows(const lc_diff *d, lc_arena *a, uint32_t *n) {
  lc_fire_row *rows = LC_NEW_ARRAY(a, lc_fire_row, d->new->nrules + d->old->nrules + 1);
  *n = 0;
  for (uint32_t i = 0; i < d->new->nrules; i++) {
    int32_t o = rule_index(d->old, d->new->rules[i].name);
    int64_t before = o < 0 ? -1 : (int64_t)d->fired_old[o], after = (int64_t)d->fired_new[i];
    if (before == after) continue;
    rows[*n] = (lc_fire_row){d->new->rules[i].name, before, after, *n};
    ++*n;
  }
  for (uint32_t i = 0; i < d->old->nrules; i++) {
    if (rule_index(d->new, d->old->rules[i].name) >= 0) continue;
    rows[*n] = (lc_fire_row){d->old->rules[i].name, (int64_t)d->fired_old[i], -1, *n};
    ++*n;
  }
  qsort(rows, *n, sizeof *rows, cmp_fire);
  return rows;
}

static int cmp_moved(const void *x, const void *y) {
  const lc_moved *a = x, *b = y;
  double p = fabs(a->delta), q = fabs(b->delta);
  if (p != q) return p > q ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

lc_moved *lc_diff_sorted_top(const lc_diff *d, lc_arena *a) {
  lc_moved *m = LC_NEW_ARRAY(a, lc_moved, d->ntop + 1);
  memcpy(m, d->top, d->ntop * sizeof *m);
  qsort(m, d->ntop, sizeof *m, cmp_moved);
  return m;
}
