#include "eval/logreg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct fit {
  const double *x;
  const uint8_t *y;
  uint32_t p;
  const size_t *rows;
  size_t n;
  double lambda;
  uint32_t m;                 /* 1 + the number of used columns */
  uint32_t *col;              /* [m - 1]: the column behind each standardised coefficient */
  double *mean, *sd;          /* [p] */
  double *zrow;               /* [m]: one standardised row, zrow[0] = 1 */
} fit;

static const double *row(const fit *f, size_t i) { return f->x + (f->rows ? f->rows[i] : i) * f->p; }
static uint8_t outcome(const fit *f, size_t i) { return f->y[f->rows ? f->rows[i] : i] != 0; }

static void standardise_row(const fit *f, size_t i) {
  const double *x = row(f, i);
  f->zrow[0] = 1;
  for (uint32_t k = 1; k < f->m; k++) {
    uint32_t j = f->col[k - 1];
    f->zrow[k] = (x[j] - f->mean[j]) / f->sd[j];
  }
}

static double dot(const double *a, const double *b, uint32_t m) {
  double s = 0;
  for (uint32_t k = 0; k < m; k++) s += a[k] * b[k];
  return s;
}

/* log(1 + e^η) without overflow. */
static double softplus(double e) { return e > 0 ? e + log1p(exp(-e)) : log1p(exp(e)); }

static double sigmoid(double e) {
  if (e >= 0) return 1 / (1 + exp(-e));
  double t = exp(e);
  return t / (1 + t);
}

static double loss(const fit *f, const double *beta) {
  double l = 0;
  for (size_t i = 0; i < f->n; i++) {
    standardise_row(f, i);
    double e = dot(beta, f->zrow, f->m);
    l += softplus(e) - (outcome(f, i) ? e : 0);
  }
  double pen = 0;
  for (uint32_t k = 1; k < f->m; k++) pen += beta[k] * beta[k];
  return l + f->lambda / 2 * pen;
}

/* Column means and population standard deviations over the rows; picks the used columns. */
static void moments(fit *f) {
  f->m = 1;
  for (uint32_t j = 0; j < f->p; j++) {
    double s = 0, ss = 0;
    for (size_t i = 0; i < f->n; i++) s += row(f, i)[j];
    double mean = s / (double)f->n;
    for (size_t i = 0; i < f->n; i++) {
      double d = row(f, i)[j] - mean;
      ss += d * d;
    }
    f->mean[j] = mean;
    f->sd[j] = sqrt(ss / (double)f->n);
    /* Rounding leaves a constant column a tiny spread; it still carries no information. */
    if (f->sd[j] > 1e-9 * (1 + fabs(mean))) f->col[f->m++ - 1] = j;
  }
}

/* Gradient of −L and the Hessian of L (lower triangle filled, then mirrored) at beta. */
static void derivatives(const fit *f, const double *beta, double *g, double *h) {
  uint32_t m = f->m;
  memset(g, 0, m * sizeof *g);
  memset(h, 0, (size_t)m * m * sizeof *h);
  for (size_t i = 0; i < f->n; i++) {
    standardise_row(f, i);
    double pr = sigmoid(dot(beta, f->zrow, m));
    double r = outcome(f, i) - pr, w = pr * (1 - pr);
    for (uint32_t a = 0; a < m; a++) {
      g[a] += r * f->zrow[a];
      double wz = w * f->zrow[a];
      for (uint32_t b = 0; b <= a; b++) h[a * m + b] += wz * f->zrow[b];
    }
  }
  for (uint32_t k = 1; k < m; k++) {
    g[k] -= f->lambda * beta[k];
    h[k * m + k] += f->lambda;
  }
  for (uint32_t a = 0; a < m; a++)
    for (uint32_t b = a + 1; b < m; b++) h[a * m + b] = h[b * m + a];
}

/* Solves H·d = g in place of H (Cholesky, H = LLᵀ). False when H is not positive definite. */
static bool cholesky_solve(double *h, const double *g, double *d, uint32_t m) {
  for (uint32_t j = 0; j < m; j++) {
    double s = h[j * m + j];
    for (uint32_t k = 0; k < j; k++) s -= h[j * m + k] * h[j * m + k];
    if (!(s > 1e-300)) return false;
    double l = sqrt(s);
    h[j * m + j] = l;
    for (uint32_t i = j + 1; i < m; i++) {
      double t = h[i * m + j];
      for (uint32_t k = 0; k < j; k++) t -= h[i * m + k] * h[j * m + k];
      h[i * m + j] = t / l;
    }
  }
  for (uint32_t i = 0; i < m; i++) {           /* L·u = g */
    double t = g[i];
    for (uint32_t k = 0; k < i; k++) t -= h[i * m + k] * d[k];
    d[i] = t / h[i * m + i];
  }
  for (uint32_t i = m; i-- > 0;) {             /* Lᵀ·d = u */
    double t = d[i];
    for (uint32_t k = i + 1; k < m; k++) t -= h[k * m + i] * d[k];
    d[i] = t / h[i * m + i];
  }
  return true;
}

static double max_abs(const double *v, uint32_t m) {
  double x = 0;
  for (uint32_t k = 0; k < m; k++) x = fmax(x, fabs(v[k]));
  return x;
}

/* Newton iterations from beta = (logit of the base rate, 0, …). */
static lc_logreg_status newton(fit *f, const lc_logreg_opts *o, double *beta, double *work,
                               uint32_t *iterations) {
  uint32_t m = f->m, max_iter = o->max_iter ? o->max_iter : 100;
  double tol = o->tol > 0 ? o->tol : 1e-10;
  double *g = work, *d = g + m, *trial = d + m, *h = trial + m;
  size_t pos = 0;
  for (size_t i = 0; i < f->n; i++) pos += outcome(f, i);
  memset(beta, 0, m * sizeof *beta);
  beta[0] = log((double)pos / (double)(f->n - pos));
  double l0 = loss(f, beta);
  for (uint32_t it = 1; it <= max_iter; it++) {
    *iterations = it;
    derivatives(f, beta, g, h);
    if (!cholesky_solve(h, g, d, m)) return LC_LOGREG_SINGULAR;
    double t = 1, l1 = l0;
    for (int halvings = 0; halvings < 60; halvings++, t /= 2) {
      for (uint32_t k = 0; k < m; k++) trial[k] = beta[k] + t * d[k];
      l1 = loss(f, trial);
      if (l1 <= l0) break;
    }
    if (!(l1 <= l0)) return LC_LOGREG_NO_CONVERGENCE;     /* no step helps: at the floor of precision */
    memcpy(beta, trial, m * sizeof *beta);
    l0 = l1;
    if (t * max_abs(d, m) <= tol * (1 + max_abs(beta, m))) return LC_LOGREG_OK;
  }
  return LC_LOGREG_NO_CONVERGENCE;
}

lc_logreg_status lc_logreg_fit_rows(const double *x, const uint8_t *y, uint32_t p, const size_t *rows,
                                    size_t n, const lc_logreg_opts *o, lc_logreg_fit *out) {
  out->iterations = 0;
  out->intercept = 0;
  out->loss = NAN;
  for (uint32_t j = 0; j < p; j++) {
    out->weight[j] = out->std_weight[j] = 0;
    out->used[j] = false;
  }
  fit f = {x, y, p, rows, n, o->l2 > 0 ? o->l2 : 0, 0, NULL, NULL, NULL, NULL};
  size_t pos = 0;
  for (size_t i = 0; i < n; i++) pos += outcome(&f, i);
  if (pos == 0 || pos == n) return LC_LOGREG_NO_DATA;

  size_t m1 = (size_t)p + 1;
  f.col = malloc(m1 * sizeof *f.col);
  f.mean = malloc(m1 * sizeof *f.mean);
  f.sd = malloc(m1 * sizeof *f.sd);
  f.zrow = malloc(m1 * sizeof *f.zrow);
  double *beta = malloc(m1 * sizeof *beta);
  double *work = malloc((3 * m1 + m1 * m1) * sizeof *work);
  lc_logreg_status st = LC_LOGREG_NO_MEMORY;
  if (f.col && f.mean && f.sd && f.zrow && beta && work) {
    moments(&f);
    st = newton(&f, o, beta, work, &out->iterations);
    out->loss = loss(&f, beta) / (double)n;
    double b = beta[0];
    for (uint32_t k = 1; k < f.m; k++) {
      uint32_t j = f.col[k - 1];
      out->used[j] = true;
      out->std_weight[j] = beta[k];
      out->weight[j] = beta[k] / f.sd[j];
      b -= out->weight[j] * f.mean[j];
    }
    out->intercept = b;
  }
  free(f.col);
  free(f.mean);
  free(f.sd);
  free(f.zrow);
  free(beta);
  free(work);
  return st;
}
