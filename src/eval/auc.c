#include "eval/auc.h"

#include <math.h>
#include <stdlib.h>

typedef struct ranked { double score; uint8_t label; } ranked;

/* Descending by score; equal scores are one group however they are ordered. */
static int by_score_desc(const void *a, const void *b) {
  double x = ((const ranked *)a)->score, y = ((const ranked *)b)->score;
  return (x < y) - (x > y);
}

static ranked *sorted(const double *score, const uint8_t *label, size_t n) {
  ranked *r = malloc((n ? n : 1) * sizeof *r);
  if (!r) return NULL;
  for (size_t i = 0; i < n; i++) r[i] = (ranked){score[i], label[i] != 0};
  qsort(r, n, sizeof *r, by_score_desc);
  return r;
}

/* Walks the groups of equal scores from the highest down. A group holding p converted and q
 * unconverted leads, below which lie `neg_below` unconverted ones, adds p·(neg_below + q/2) to U:
 * each of its positives beats every lower negative and ties its own. Counts are exact in a
 * double up to 2^53, so U is too for any input that fits in memory. */
double lc_auc(const double *score, const uint8_t *label, size_t n) {
  size_t npos = 0;
  for (size_t i = 0; i < n; i++) npos += label[i] != 0;
  size_t nneg = n - npos;
  if (npos == 0 || nneg == 0) return NAN;
  ranked *r = sorted(score, label, n);
  if (!r) return NAN;
  double u = 0, neg_below = (double)nneg;
  for (size_t i = 0; i < n;) {
    size_t j = i, p = 0;
    for (; j < n && r[j].score == r[i].score; j++) p += r[j].label;
    double q = (double)(j - i - p);
    neg_below -= q;
    u += (double)p * (neg_below + q / 2);
    i = j;
  }
  free(r);
  return u / ((double)npos * (double)nneg);
}

size_t lc_roc(const double *score, const uint8_t *label, size_t n, lc_roc_point *out) {
  size_t npos = 0;
  for (size_t i = 0; i < n; i++) npos += label[i] != 0;
  size_t nneg = n - npos;
  if (npos == 0 || nneg == 0) return 0;
  ranked *r = sorted(score, label, n);
  if (!r) return 0;
  size_t m = 0, tp = 0, fp = 0;
  out[m++] = (lc_roc_point){INFINITY, 0, 0};
  for (size_t i = 0; i < n;) {
    size_t j = i;
    for (; j < n && r[j].score == r[i].score; j++) r[j].label ? tp++ : fp++;
    out[m++] = (lc_roc_point){r[i].score, (double)fp / (double)nneg, (double)tp / (double)npos};
    i = j;
  }
  free(r);
  return m;
}
