#include "eval/calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/auc.h"

static uint64_t splitmix64(uint64_t seed, uint64_t i) {
  uint64_t z = seed + (i + 1) * UINT64_C(0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

int lc_calib_factor_text(double f, char *buf) {
  if (f == 0 || !isfinite(f)) return snprintf(buf, 32, "0");
  int digits = 2 - (int)floor(log10(fabs(f)));
  if (digits < 0) digits = 0;
  if (digits > 15) digits = 15;
  int n = snprintf(buf, 32, "%.*f", digits, f);
  /* Trailing zeros after the point say nothing: "1.50" → "1.5", "2.00" → "2". */
  if (memchr(buf, '.', (size_t)n)) {
    while (buf[n - 1] == '0') buf[--n] = '\0';
    if (buf[n - 1] == '.') buf[--n] = '\0';
  }
  return n;
}

/* The suggested model's score for row i: contributions scaled, then the model's own groups,
 * range and rounding, in the plan's order (plan.h). */
static double suggested_score(const lc_plan *p, const lc_calibration *c, const double *x, double *group) {
  for (uint32_t g = 0; g < p->ngroups; g++) group[g] = 0;
  for (uint32_t j = 0; j < p->nrules; j++)
    if (p->rules[j].group >= 0) group[p->rules[j].group] += c->rules[j].factor * x[j];
  double score = 0;
  for (uint32_t k = 0; k < p->nitems; k++) {
    const lc_pitem *it = &p->items[k];
    if (!it->is_group) {
      score += c->rules[it->index].factor * x[it->index];
      continue;
    }
    const lc_pgroup *g = &p->groups[it->index];
    double t = group[it->index];
    if (g->has_cap && t > g->cap) t = g->cap;
    if (g->has_floor && t < g->floor) t = g->floor;
    score += t;
  }
  if (p->has_range) score = score < p->range_lo ? p->range_lo : score > p->range_hi ? p->range_hi : score;
  return lc_rt_round2(score);
}

/* Factors from the fit, scaled to keep the training scores' root-mean-square. */
static void factors(lc_calibration *c, const lc_eval_data *d, const lc_plan *p, const size_t *train) {
  uint32_t nr = d->nrules;
  double ss_score = 0, ss_eta = 0;
  for (size_t k = 0; k < c->ntrain; k++) {
    const double *x = d->points + train[k] * nr;
    double eta = 0;
    for (uint32_t j = 0; j < nr; j++) eta += c->rules[j].weight * x[j];
    ss_score += d->score[train[k]] * d->score[train[k]];
    ss_eta += eta * eta;
  }
  c->scale = ss_eta > 0 ? sqrt(ss_score / ss_eta) : 1;
  for (uint32_t j = 0; j < nr; j++) {
    lc_calib_rule *r = &c->rules[j];
    const lc_pexpr *pts = p->rules[j].points;
    r->constant = pts->op == P_CONST;
    r->points = r->constant ? pts->k.num : NAN;
    double f = r->informative ? c->scale * r->weight : 1;
    if (r->constant) {
      r->new_points = r->informative ? round(f * r->points) : r->points;
      r->factor = r->points != 0 ? r->new_points / r->points : 1;
    } else {
      lc_calib_factor_text(f, r->factor_text);
      r->factor = strtod(r->factor_text, NULL);
    }
  }
}

/* AUC of the current, fitted and suggested scores on the test rows. */
static bool evaluate(lc_calibration *c, const lc_eval_data *d, const lc_plan *p, const size_t *test) {
  size_t n = c->ntest;
  uint32_t nr = d->nrules;
  double *cur = malloc((n ? n : 1) * sizeof *cur), *fitted = malloc((n ? n : 1) * sizeof *fitted);
  double *sugg = malloc((n ? n : 1) * sizeof *sugg);
  double *group = malloc((p->ngroups ? p->ngroups : 1) * sizeof *group);
  uint8_t *y = malloc(n ? n : 1);
  bool ok = cur && fitted && sugg && group && y;
  if (ok) {
    for (size_t k = 0; k < n; k++) {
      size_t i = test[k];
      const double *x = d->points + i * nr;
      double eta = c->intercept;
      for (uint32_t j = 0; j < nr; j++) eta += c->rules[j].weight * x[j];
      cur[k] = d->score[i];
      fitted[k] = eta;
      sugg[k] = suggested_score(p, c, x, group);
      y[k] = d->label[i];
    }
    c->auc_current = lc_auc(cur, y, n);
    c->auc_fitted = lc_auc(fitted, y, n);
    c->auc_suggested = lc_auc(sugg, y, n);
  }
  free(cur);
  free(fitted);
  free(sugg);
  free(group);
  free(y);
  return ok;
}

bool lc_calibrate(lc_calibration *c, const lc_eval_data *d, const lc_plan *p, const lc_calib_opts *o) {
  memset(c, 0, sizeof *c);
  c->nrules = d->nrules;
  c->auc_current = c->auc_fitted = c->auc_suggested = NAN;
  size_t n = d->n;
  size_t *train = malloc((n ? n : 1) * sizeof *train), *test = malloc((n ? n : 1) * sizeof *test);
  c->rules = calloc(d->nrules ? d->nrules : 1, sizeof *c->rules);
  double *w = malloc((d->nrules ? d->nrules : 1) * sizeof *w), *sw = malloc((d->nrules ? d->nrules : 1) * sizeof *sw);
  bool *used = malloc(d->nrules ? d->nrules : 1);
  bool ok = train && test && c->rules && w && sw && used;
  if (ok) {
    for (size_t i = 0; i < n; i++) {
      double u = (double)(splitmix64(o->seed, i) >> 11) * 0x1p-53;
      if (u < o->holdout) {
        test[c->ntest++] = i;
        c->pos_test += d->label[i];
      } else {
        train[c->ntrain++] = i;
        c->pos_train += d->label[i];
      }
    }
    c->in_sample = c->ntest == 0;
    if (c->in_sample) {
      memcpy(test, train, c->ntrain * sizeof *test);
      c->ntest = c->ntrain;
      c->pos_test = c->pos_train;
    }
    lc_logreg_fit fit = {.weight = w, .std_weight = sw, .used = used};
    c->status = lc_logreg_fit_rows(d->points, d->label, d->nrules, train, c->ntrain,
                                   &(lc_logreg_opts){.l2 = o->l2}, &fit);
    ok = c->status != LC_LOGREG_NO_MEMORY;
    c->iterations = fit.iterations;
    c->intercept = fit.intercept;
    c->loss = fit.loss;
    bool fitted = c->status == LC_LOGREG_OK || c->status == LC_LOGREG_NO_CONVERGENCE;
    for (uint32_t j = 0; j < d->nrules; j++)
      c->rules[j] = (lc_calib_rule){.informative = fitted && used[j], .weight = fitted ? w[j] : 0,
                                    .std_weight = fitted ? sw[j] : 0};
    if (ok) {
      factors(c, d, p, train);
      ok = evaluate(c, d, p, test);
    }
  }
  free(train);
  free(test);
  free(w);
  free(sw);
  free(used);
  return ok;
}

void lc_calibration_free(lc_calibration *c) {
  free(c->rules);
  memset(c, 0, sizeof *c);
}
