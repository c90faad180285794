/* L2-regularised logistic regression, fitted by Newton's method (iteratively reweighted least
 * squares) on standardised columns.
 *
 * Model: P(y = 1 | x) = 1 / (1 + e^−η), η = b + Σ_j w_j x_j. Each column is standardised on the
 * rows being fitted, z_j = (x_j − mean_j) / sd_j (population sd), and the fit minimises
 *
 *     L(β) = Σ_i [log(1 + e^η_i) − y_i η_i] + (λ/2) Σ_{j≥1} β_j²,   η_i = β_0 + Σ_j β_j z_ij
 *
 * (the intercept β_0 is not penalised; λ acts on standardised coefficients, so it treats a
 * rule worth 5 points and one worth 50 alike). A column that is constant on the rows (a rule
 * that never fired, or always did) carries no information: it is left out and gets weight 0.
 *
 * Each Newton step solves (ZᵀWZ + λI)·δ = ∇ by Cholesky; the step is halved until L does not
 * increase. It stops when the largest |step| is below tol × (1 + max |β|). Everything is summed
 * in a fixed order, so the same rows give the same bits. Weights are reported back in the
 * columns' own units: w_j = β_j / sd_j, b = β_0 − Σ_j w_j mean_j. */
#ifndef LEADC_EVAL_LOGREG_H
#define LEADC_EVAL_LOGREG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lc_logreg_opts {
  double l2;                  /* λ ≥ 0 */
  uint32_t max_iter;          /* Newton steps; 0 means 100 */
  double tol;                 /* 0 means 1e-10 */
} lc_logreg_opts;

typedef enum lc_logreg_status {
  LC_LOGREG_OK,
  LC_LOGREG_NO_CONVERGENCE,   /* max_iter steps without meeting tol (e.g. separable data, λ = 0) */
  LC_LOGREG_SINGULAR,         /* the Hessian is not positive definite (collinear columns, λ = 0) */
  LC_LOGREG_NO_DATA,          /* no rows, or only one outcome among them */
  LC_LOGREG_NO_MEMORY,
} lc_logreg_status;

typedef struct lc_logreg_fit {
  double intercept;
  double *weight;             /* [p], caller-allocated: per unit of each column */
  double *std_weight;         /* [p], caller-allocated: β_j, per standard deviation */
  bool *used;                 /* [p], caller-allocated: false for constant columns */
  uint32_t iterations;
  double loss;                /* L at the solution, divided by the number of rows */
} lc_logreg_fit;

/* Fits rows rows[0..n) of a row-major matrix x (row i's columns at x[i * p .. i * p + p)) with
 * outcomes y[i] (0 or 1); rows == NULL means rows 0..n-1. */
lc_logreg_status lc_logreg_fit_rows(const double *x, const uint8_t *y, uint32_t p, const size_t *rows,
                                    size_t n, const lc_logreg_opts *o, lc_logreg_fit *out);

#endif
