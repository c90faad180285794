/* Suggested points from a fit: `leadc calibrate`.
 *
 * 1. Split. Each labelled record goes to the held-out set when u < holdout, u uniform in [0, 1)
 *    from splitmix64(seed, its position among the labelled records): the same input and seed
 *    always give the same split, independent of anything else.
 * 2. Fit. Logistic regression (logreg.h) on the training records, one column per rule: the
 *    rule's contribution as the model computes it now (after its own cap/floor and decay; 0 when
 *    it did not fire). w_j is then the change in log-odds per point the rule currently gives.
 * 3. Scale. Log-odds are not points. The model's score has no intercept (a lead on which
 *    nothing fires scores 0, before and after), so the fitted weights are scaled by one factor
 *    s chosen to keep the scores' size: s = sqrt(Σ score_i² / Σ η_i²) over the training records,
 *    η_i = Σ_j w_j x_ij. Suggested scores then have the same root-mean-square as the current
 *    ones, so the score range and the tier thresholds keep roughly their meaning. A rule's factor is f_j = s·w_j; a rule the fit cannot
 *    judge (its contribution never varied in training) keeps its points, f_j = 1.
 * 4. Suggest. Constant points P become round(f_j·P) whole points; any other points expression E
 *    becomes (E) * f_j with f_j to 3 significant digits; a rule cap/floor is multiplied by the
 *    same factor (and swapped when the factor is negative). Group caps, the score range and the
 *    tiers are left as written.
 *
 * Held-out AUC is reported for the current scores, for the fitted log-odds b + η_i, and for the
 * suggested model's scores, computed from the stored contributions: each rule's contribution
 * times its effective factor, then the model's group caps and floors, score range and rounding. */
#ifndef LEADC_EVAL_CALIBRATE_H
#define LEADC_EVAL_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/data.h"
#include "eval/logreg.h"
#include "plan/plan.h"

typedef struct lc_calib_opts {
  double holdout;             /* in [0, 1); 0: evaluate on the training records themselves */
  uint64_t seed;
  double l2;
} lc_calib_opts;

typedef struct lc_calib_rule {
  bool informative;           /* its contribution varied on the training records */
  double weight;              /* log-odds per point of its current contribution */
  double std_weight;          /* log-odds per standard deviation */
  double factor;              /* new contribution = factor × current (after rounding) */
  bool constant;              /* the points are a constant */
  double points, new_points;  /* when constant */
  char factor_text[32];       /* the factor as written into a points expression */
} lc_calib_rule;

typedef struct lc_calibration {
  size_t ntrain, ntest;
  uint64_t pos_train, pos_test;
  bool in_sample;             /* holdout 0: the test set is the training set */
  lc_logreg_status status;
  uint32_t iterations;
  double intercept, scale, loss;
  double auc_current, auc_fitted, auc_suggested;
  lc_calib_rule *rules;       /* [nrules] */
  uint32_t nrules;
} lc_calibration;

/* d must hold contributions (keep_points). False when out of memory. */
bool lc_calibrate(lc_calibration *c, const lc_eval_data *d, const lc_plan *p, const lc_calib_opts *o);
void lc_calibration_free(lc_calibration *c);

/* A factor to 3 significant digits in the language's number syntax ("1.35", "0.0123", "240").
 * Returns the text's length; buf holds 32 bytes. */
int lc_calib_factor_text(double f, char *buf);

#endif
