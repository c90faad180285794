/* Accumulating what a change does to scored records. Each record adds to the tier transition
 * matrix, the fire counts of both versions' rules, and the count of its score delta; the records
 * that moved most are kept in a small heap. Scores are rounded to hundredths, so the deltas are
 * exact in hundredths and their distribution is kept as counts per value: memory depends on how
 * many distinct deltas there are, not on how many records. */
#include "diff/diff_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) { fputs("leadc: out of memory\n", stderr); exit(4); }
  return p;
}

lc_diff *lc_diff_new(const lc_plan *old, const lc_plan *new, uint32_t top) {
  lc_diff *d = xcalloc(1, sizeof *d);
  d->old = old;
  d->new = new;
  d->matrix = xcalloc((size_t)(old->ntiers + 1) * (new->ntiers + 1), sizeof *d->matrix);
  d->fired_old = xcalloc(old->nrules, sizeof *d->fired_old);
  d->fired_new = xcalloc(new->nrules, sizeof *d->fired_new);
  d->max_top = top;
  d->top = xcalloc(top, sizeof *d->top);
  return d;
}

void lc_diff_free(lc_diff *d) {
  if (!d) return;
  free(d->matrix);
  free(d->fired_old);
  free(d->fired_new);
  free(d->top);
  free(d->delta_cents);
  free(d->delta_count);
  free(d->delta_used);
  free(d);
}

bool lc_diff_same_tier(const lc_diff *d, int32_t old_tier, int32_t new_tier) {
  if (old_tier < 0 || new_tier < 0) return old_tier < 0 && new_tier < 0;
  return !strcmp(d->old->tiers[old_tier].name, d->new->tiers[new_tier].name);
}

/* ---- counts per delta */

static uint32_t slot_of(const lc_diff *d, int64_t cents) {
  uint64_t h = (uint64_t)cents * 0x9E3779B97F4A7C15u;
  uint32_t i = (uint32_t)(h >> 32) & (d->cap - 1);
  while (d->delta_used[i] && d->delta_cents[i] != cents) i = (i + 1) & (d->cap - 1);
  return i;
}

static void grow(lc_diff *d) {
  int64_t *keys = d->delta_cents;
  uint64_t *counts = d->delta_count;
  bool *used = d->delta_used;
  uint32_t old_cap = d->cap;
  d->cap = d->cap ? d->cap * 2 : 256;
  d->delta_cents = xcalloc(d->cap, sizeof *d->delta_cents);
  d->delta_count = xcalloc(d->cap, sizeof *d->delta_count);
  d->delta_used = xcalloc(d->cap, sizeof *d->delta_used);
  for (uint32_t i = 0; i < old_cap; i++) {
    if (!used[i]) continue;
    uint32_t s = slot_of(d, keys[i]);
    d->delta_used[s] = true;
    d->delta_cents[s] = keys[i];
    d->delta_count[s] = counts[i];
  }
  free(keys);
  free(counts);
  free(used);
}

static void count_delta(lc_diff *d, int64_t cents) {
  if (2 * (d->used + 1) > d->cap) grow(d);
  uint32_t s = slot_of(d, cents);
  if (!d->delta_used[s]) {
    d->delta_used[s] = true;
    d->delta_cents[s] = cents;
    d->used++;
  }
  d->delta_count[s]++;
}

/* ---- the records that moved most */

/* Whether a moved more than b: larger |delta|, then earlier in the input. */
static bool more(const lc_moved *a, const lc_moved *b) {
  double x = fabs(a->delta), y = fabs(b->delta);
  return x > y || (x == y && a->seq < b->seq);
}

static void sift_down(lc_moved *h, uint32_t n, uint32_t i) {
  for (;;) {
    uint32_t l = 2 * i + 1, r = l + 1, least = i;
    if (l < n && more(&h[least], &h[l])) least = l;
    if (r < n && more(&h[least], &h[r])) least = r;
    if (least == i) return;
    lc_moved t = h[i];
    h[i] = h[least];
    h[least] = t;
    i = least;
  }
}

static void sift_up(lc_moved *h, uint32_t i) {
  while (i) {
    uint32_t p = (i - 1) / 2;
    if (!more(&h[p], &h[i])) return;
    lc_moved t = h[i];
    h[i] = h[p];
    h[p] = t;
    i = p;
  }
}

static void keep_key(lc_moved *m, const char *key, uint32_t len) {
  m->has_key = key != NULL;
  if (!key) return;
  if (len > LC_DIFF_KEY_MAX) {
    len = LC_DIFF_KEY_MAX;
    while (len && ((unsigned char)key[len] & 0xC0) == 0x80) len--;   /* whole UTF-8 characters */
    memcpy(m->key, key, len);
    memcpy(m->key + len, "\xE2\x80\xA6", 4);
    return;
  }
  memcpy(m->key, key, len);
  m->key[len] = 0;
}

static void consider(lc_diff *d, const lc_moved *m, const char *key, uint32_t keylen) {
  if (!d->max_top) return;
  if (d->ntop < d->max_top) {
    d->top[d->ntop] = *m;
    keep_key(&d->top[d->ntop], key, keylen);
    sift_up(d->top, d->ntop++);
  } else if (more(m, &d->top[0])) {
    d->top[0] = *m;
    keep_key(&d->top[0], key, keylen);
    sift_down(d->top, d->ntop, 0);
  }
}

void lc_diff_record(lc_diff *d, const lc_result *old, const lc_result *new, const char *key, uint32_t keylen,
                    const char *input, uint64_t line) {
  uint32_t to = old->tier >= 0 ? (uint32_t)old->tier : d->old->ntiers;
  uint32_t tn = new->tier >= 0 ? (uint32_t)new->tier : d->new->ntiers;
  d->matrix[(size_t)to * (d->new->ntiers + 1) + tn]++;
  bool tier_moved = !lc_diff_same_tier(d, old->tier, new->tier);
  d->tier_changed += tier_moved;
  for (uint32_t i = 0; i < d->old->nrules; i++) d->fired_old[i] += old->fired[i] != 0;
  for (uint32_t i = 0; i < d->new->nrules; i++) d->fired_new[i] += new->fired[i] != 0;

  int64_t cents = llround((new->score - old->score) * 100);
  double delta = (double)cents / 100;
  if (!d->n || delta < d->min) d->min = delta;
  if (!d->n || delta > d->max) d->max = delta;
  d->sum += delta;
  d->sum_abs += fabs(delta);
  d->score_changed += cents != 0;
  count_delta(d, cents);
  uint64_t seq = d->n++;
  if (!cents && !tier_moved) return;
  lc_moved m = {delta, seq, old->score, new->score, old->tier, new->tier, "", false, input, line};
  consider(d, &m, key, keylen);
}
