/* How well scores rank converted leads above the others: the ROC curve and its area.
 *
 * AUC is the probability that a randomly chosen converted lead scores higher than a randomly
 * chosen one that did not convert, a tie counting one half. That is the Mann–Whitney U statistic
 * with tied scores given their average rank, divided by n⁺·n⁻; lead scores tie a lot (every lead
 * on which the same rules fired has the same score), so ties must count half, not by input
 * order. A constant score gives exactly 0.5. */
#ifndef LEADC_EVAL_AUC_H
#define LEADC_EVAL_AUC_H

#include <stddef.h>
#include <stdint.h>

/* NaN when there are no converted or no unconverted leads. */
double lc_auc(const double *score, const uint8_t *label, size_t n);

typedef struct lc_roc_point {
  double threshold;       /* leads scoring >= threshold count as predicted to convert */
  double fpr, tpr;        /* false and true positive rates at that threshold */
} lc_roc_point;

/* The ROC curve: (0, 0) with threshold +inf, then one point per distinct score from the highest
 * down, ending at (1, 1). out holds n + 1 points; returns how many were written (0 when either
 * class is empty, or when out of memory). */
size_t lc_roc(const double *score, const uint8_t *label, size_t n, lc_roc_point *out);

#endif
