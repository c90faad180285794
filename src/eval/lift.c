/* The eval report: base rate, AUC, tiers, rules and score bins (report.h has the formulas). */
#include "eval/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double ratio(uint64_t a, uint64_t b) { return b ? (double)a / (double)b : NAN; }

double lc_suggested_points(double rate_fired, double base_rate) {
  return round(100.0 * (rate_fired - base_rate));
}

/* A round bin width (1, 2 or 5 × 10^e) that cuts span into at most about k bins, kept as
 * unit × 10^e so that edges can be computed without accumulating error. */
typedef struct step { double unit; int e; } step;

static step nice_step(double span, uint32_t k) {
  double raw = span / k, mag = 1;
  int e = 0;
  for (; mag * 10 <= raw; e++) mag *= 10;
  for (; mag > raw; e--) mag /= 10;
  double f = raw / mag;
  return f <= 1 ? (step){1, e} : f <= 2 ? (step){2, e} : f <= 5 ? (step){5, e} : (step){1, e + 1};
}

/* i steps from 0: dividing by an exact power of ten keeps 0.3 as the double nearest 0.3. */
static double edge(step s, double i) {
  double p = 1;
  for (int e = s.e < 0 ? -s.e : s.e; e > 0; e--) p *= 10;
  return s.e >= 0 ? i * s.unit * p : i * s.unit / p;
}

static lc_bin *make_bins(double lo, double hi, uint32_t k, uint32_t *nbins) {
  double span = hi > lo ? hi - lo : 1;
  step st = nice_step(span, k ? k : 1);
  double first = floor(lo / edge(st, 1));
  uint32_t n = 1;
  while (n < 1000 && edge(st, first + n) < lo + span) n++;
  lc_bin *b = calloc(n, sizeof *b);
  if (!b) return NULL;
  for (uint32_t i = 0; i < n; i++) b[i] = (lc_bin){edge(st, first + i), edge(st, first + i + 1), 0, 0};
  *nbins = n;
  return b;
}

/* The last bin whose lower edge is at or below the score (the first for scores below it):
 * compared with the edges themselves, so a score of exactly 0.3 is in [0.3, 0.4). */
static void count_bin(lc_bin *b, uint32_t n, double score, bool converted) {
  uint32_t lo = 0, hi = n;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (score >= b[mid].lo) lo = mid;
    else hi = mid;
  }
  b[lo].leads++;
  b[lo].converted += converted;
}

static void score_axis(const lc_eval_data *d, const lc_plan *p, double *lo, double *hi) {
  if (p->has_range) {
    *lo = p->range_lo;
    *hi = p->range_hi;
    return;
  }
  *lo = *hi = d->n ? d->score[0] : 0;
  for (size_t i = 1; i < d->n; i++) {
    if (d->score[i] < *lo) *lo = d->score[i];
    if (d->score[i] > *hi) *hi = d->score[i];
  }
}

static void tiers(lc_eval_report *r, const lc_eval_data *d) {
  uint32_t nt = r->ntiers;
  for (size_t i = 0; i < d->n; i++) {
    lc_tier_stat *t = &r->tiers[d->tier[i] >= 0 ? (uint32_t)d->tier[i] : nt - 1];
    t->leads++;
    t->converted += d->label[i];
  }
  uint64_t cum_leads = 0, cum_conv = 0;
  for (uint32_t t = 0; t < nt; t++) {
    lc_tier_stat *s = &r->tiers[t];
    s->rate = ratio(s->converted, s->leads);
    s->lift = s->rate / r->base_rate;
    s->precision = s->recall = NAN;
    if (t == nt - 1) break;
    cum_leads += s->leads;
    cum_conv += s->converted;
    s->precision = ratio(cum_conv, cum_leads);
    s->recall = ratio(cum_conv, r->converted);
  }
}

static void rules(lc_eval_report *r, const lc_eval_data *d) {
  uint32_t nr = r->nrules;
  for (size_t i = 0; i < d->n; i++)
    for (uint32_t j = 0; j < nr; j++)
      if (d->fired[i * nr + j]) {
        r->rules[j].fired++;
        r->rules[j].converted_fired += d->label[i];
      }
  for (uint32_t j = 0; j < nr; j++) {
    lc_rule_stat *s = &r->rules[j];
    s->fire_rate = ratio(s->fired, r->n);
    s->rate_fired = ratio(s->converted_fired, s->fired);
    s->rate_not_fired = ratio(r->converted - s->converted_fired, r->n - s->fired);
    s->lift = s->rate_fired / r->base_rate;
    s->suggested = lc_suggested_points(s->rate_fired, r->base_rate);
  }
}

bool lc_eval_report_build(lc_eval_report *r, const lc_eval_data *d, const lc_plan *p, uint32_t nbands,
                          uint32_t nhist) {
  memset(r, 0, sizeof *r);
  r->n = d->n;
  for (size_t i = 0; i < d->n; i++) r->converted += d->label[i];
  r->base_rate = ratio(r->converted, r->n);
  r->auc = lc_auc(d->score, d->label, d->n);
  r->ntiers = p->ntiers + 1;
  r->nrules = p->nrules;
  r->tiers = calloc(r->ntiers, sizeof *r->tiers);
  r->rules = calloc(r->nrules ? r->nrules : 1, sizeof *r->rules);
  r->roc = malloc((d->n + 1) * sizeof *r->roc);
  double lo, hi;
  score_axis(d, p, &lo, &hi);
  r->bands = make_bins(lo, hi, nbands, &r->nbands);
  r->hist = make_bins(lo, hi, nhist, &r->nhist);
  if (!r->tiers || !r->rules || !r->roc || !r->bands || !r->hist) {
    lc_eval_report_free(r);
    return false;
  }
  r->nroc = lc_roc(d->score, d->label, d->n, r->roc);
  tiers(r, d);
  rules(r, d);
  for (size_t i = 0; i < d->n; i++) {
    count_bin(r->bands, r->nbands, d->score[i], d->label[i]);
    count_bin(r->hist, r->nhist, d->score[i], d->label[i]);
  }
  return true;
}

void lc_eval_report_free(lc_eval_report *r) {
  free(r->tiers);
  free(r->rules);
  free(r->bands);
  free(r->hist);
  free(r->roc);
  memset(r, 0, sizeof *r);
}
