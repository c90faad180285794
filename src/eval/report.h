/* What `leadc eval` reports about a model, computed from labelled observations (data.h). Every
 * figure is a plain count or ratio over the evaluated records; ratios that are undefined (no
 * records, a base rate of 0) are NaN, which printers show as "n/a" or null.
 *
 *   base rate        converted / evaluated
 *   conversion rate  converted / leads, of a tier, a band, or the leads a rule fired on
 *   lift             conversion rate / base rate
 *   precision@tier   conversion rate of the leads in that tier or above; "above" means declared
 *                    earlier: tiers are tested in order, so earlier ones are the stricter ones
 *   recall@tier      converted leads in that tier or above / all converted leads
 *   suggested points round(100 × (conversion when fired − base rate)), half away from zero:
 *                    the percentage points a rule's leads convert above (or below) the average,
 *                    so 40 % against a 15 % base rate suggests 25 points (issue 7's method) */
#ifndef LEADC_EVAL_REPORT_H
#define LEADC_EVAL_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "eval/auc.h"
#include "eval/data.h"
#include "plan/plan.h"

typedef struct lc_tier_stat {
  uint64_t leads, converted;
  double rate, lift;
  double precision, recall;       /* of this tier and the ones above it; NaN for "no tier" */
} lc_tier_stat;

typedef struct lc_rule_stat {
  uint64_t fired, converted_fired;
  double fire_rate, rate_fired, rate_not_fired, lift;
  double suggested;               /* whole points; NaN when the rule never fired */
} lc_rule_stat;

/* Leads whose score lies in [lo, hi) (the last bin also holds hi). */
typedef struct lc_bin {
  double lo, hi;
  uint64_t leads, converted;
} lc_bin;

typedef struct lc_eval_report {
  uint64_t n, converted;
  double base_rate, auc;
  lc_tier_stat *tiers;            /* plan->ntiers + 1: the last is the leads no tier matched */
  uint32_t ntiers;
  lc_rule_stat *rules;
  uint32_t nrules;
  lc_bin *bands;                  /* conversion by score band: a few wide bins */
  uint32_t nbands;
  lc_bin *hist;                   /* score histogram: finer bins over the same axis */
  uint32_t nhist;
  lc_roc_point *roc;
  size_t nroc;
} lc_eval_report;

/* How the figures came about, for the printers: the run's counts and settings. */
typedef struct lc_eval_run {
  const char *label, *positive;   /* --label, --positive (NULL when not given) */
  int64_t as_of_us;
  uint64_t read, rejected;        /* records read, and rejected by the reader */
  uint64_t unlabelled, invalid;   /* scored but skipped: no label, or an unreadable one */
} lc_eval_run;

/* Bins cover the model's score range when it declares one, else the observed scores, cut at
 * round numbers (steps of 1, 2 or 5 × 10^k) into about nbands and nhist bins. False when out of
 * memory (r is then empty). */
bool lc_eval_report_build(lc_eval_report *r, const lc_eval_data *d, const lc_plan *p, uint32_t nbands,
                          uint32_t nhist);
void lc_eval_report_free(lc_eval_report *r);

/* The suggested points for a conversion rate when fired, against the base rate. */
double lc_suggested_points(double rate_fired, double base_rate);

#endif
