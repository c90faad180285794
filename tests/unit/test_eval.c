/* The statistics of leadc eval and calibrate against hand-computed cases: ROC AUC (ties, a
 * constant score, one class), the ROC curve, tier and rule figures with the example of
 * suggested points, label reading, and logistic regression on problems whose maximum-likelihood
 * solution is known in closed form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "eval/auc.h"
#include "eval/calibrate.h"
#include "eval/logreg.h"
#include "eval/report.h"

#define N(a) (sizeof(a) / sizeof *(a))

static void test_auc_hand_cases(void **state) {
  (void)state;
  /* 4 pairs (positive, negative); the positive wins 3, as in the usual textbook example. */
  double s1[] = {0.1, 0.4, 0.35, 0.8};
  uint8_t y1[] = {0, 0, 1, 1};
  assert_float_equal(lc_auc(s1, y1, 4), 0.75, 1e-15);
  double s2[] = {3, 4, 1, 2};
  uint8_t y2[] = {1, 1, 0, 0};
  assert_float_equal(lc_auc(s2, y2, 4), 1.0, 0);
  uint8_t y3[] = {0, 0, 1, 1};
  assert_float_equal(lc_auc(s2, y3, 4), 0.0, 0);
}

static void test_auc_ties(void **state) {
  (void)state;
  /* Positives {1, 2}, negatives {1, 0}: pairs 1~1 tie (1/2), 1>0, 2>1, 2>0 → 3.5 / 4. */
  double s[] = {1, 2, 1, 0};
  uint8_t y[] = {1, 1, 0, 0};
  assert_float_equal(lc_auc(s, y, 4), 0.875, 0);
  /* The order of tied records must not matter. */
  double t[] = {1, 0, 2, 1};
  uint8_t z[] = {0, 0, 1, 1};
  assert_float_equal(lc_auc(t, z, 4), 0.875, 0);
  /* 3 positives and 2 negatives on one score: every pair ties, so exactly one half. */
  double u[] = {5, 5, 5, 5, 5};
  uint8_t w[] = {1, 1, 1, 0, 0};
  assert_float_equal(lc_auc(u, w, 5), 0.5, 0);
}

static void test_auc_constant_and_one_class(void **state) {
  (void)state;
  double s[] = {7, 7, 7, 7, 7, 7};
  uint8_t y[] = {1, 0, 0, 1, 0, 0};
  assert_float_equal(lc_auc(s, y, 6), 0.5, 0);
  uint8_t none[] = {0, 0, 0, 0, 0, 0};
  assert_true(isnan(lc_auc(s, none, 6)));
  assert_true(isnan(lc_auc(s, y, 0)));
}

static void test_roc_curve(void **state) {
  (void)state;
  double s[] = {0.1, 0.4, 0.35, 0.8};
  uint8_t y[] = {0, 0, 1, 1};
  lc_roc_point p[5];
  assert_int_equal(lc_roc(s, y, 4, p), 5);
  double fpr[] = {0, 0, 0.5, 0.5, 1}, tpr[] = {0, 0.5, 0.5, 1, 1}, thr[] = {INFINITY, 0.8, 0.4, 0.35, 0.1};
  for (int i = 0; i < 5; i++) {
    assert_float_equal(p[i].fpr, fpr[i], 0);
    assert_float_equal(p[i].tpr, tpr[i], 0);
    assert_true(p[i].threshold == thr[i]);
  }
  double c[] = {2, 2, 2};
  uint8_t z[] = {1, 0, 1};
  assert_int_equal(lc_roc(c, z, 3, p), 2);        /* a constant score: (0,0) then (1,1) */
  assert_float_equal(p[1].fpr, 1, 0);
  assert_float_equal(p[1].tpr, 1, 0);
}

/* ---- the report: 20 leads, 3 converted (15 %); rule `a` fires on 5 of them, 2 converted (40 %) */

static lc_pexpr k10 = {.op = P_CONST, .type = PT_NUM, .k.num = 10};
static lc_prule rules[] = {{.name = "a", .group = -1, .points = &k10}, {.name = "never", .group = -1, .points = &k10}};
static lc_ptier ptiers[] = {{.name = "hot"}, {.name = "cold"}};
static lc_plan plan = {.model_name = "m", .has_range = true, .range_lo = 0, .range_hi = 100,
                       .rules = rules, .nrules = 2, .tiers = ptiers, .ntiers = 2};

static void fill(lc_eval_data *d) {
  lc_eval_data_init(d, 2, true);
  double pts[2];
  uint8_t fired[2];
  lc_result r = {.rules = pts, .fired = fired};
  for (int i = 0; i < 20; i++) {
    bool conv = i == 0 || i == 1 || i == 10;
    fired[0] = i < 5;                      /* leads 0..4: converted 0 and 1 */
    fired[1] = 0;
    pts[0] = fired[0] ? 10 : 0;
    pts[1] = 0;
    r.score = i < 4 ? 95 : i * 2.5;        /* hot: 0..3 (2 converted); cold: the rest (1) */
    r.tier = i < 4 ? 0 : 1;
    assert_true(lc_eval_data_add(d, &r, conv));
  }
}

static void test_report_tiers_and_rules(void **state) {
  (void)state;
  lc_eval_data d;
  fill(&d);
  lc_eval_report r;
  assert_true(lc_eval_report_build(&r, &d, &plan, 10, 20));
  assert_int_equal(r.n, 20);
  assert_int_equal(r.converted, 3);
  assert_float_equal(r.base_rate, 0.15, 1e-15);
  const lc_tier_stat *hot = &r.tiers[0], *cold = &r.tiers[1];
  assert_int_equal(hot->leads, 4);
  assert_int_equal(hot->converted, 2);
  assert_float_equal(hot->rate, 0.5, 0);
  assert_float_equal(hot->lift, 0.5 / 0.15, 1e-12);
  assert_float_equal(hot->precision, 0.5, 0);
  assert_float_equal(hot->recall, 2.0 / 3, 1e-15);
  assert_float_equal(cold->rate, 1.0 / 16, 0);
  assert_float_equal(cold->precision, 0.15, 1e-15);   /* hot and cold together: everyone */
  assert_float_equal(cold->recall, 1, 0);
  assert_int_equal(r.tiers[2].leads, 0);               /* no lead without a tier */

  const lc_rule_stat *a = &r.rules[0], *never = &r.rules[1];
  assert_int_equal(a->fired, 5);
  assert_float_equal(a->fire_rate, 0.25, 0);
  assert_float_equal(a->rate_fired, 0.4, 1e-15);
  assert_float_equal(a->rate_not_fired, 1.0 / 15, 1e-15);
  assert_float_equal(a->lift, 0.4 / 0.15, 1e-12);
  assert_float_equal(a->suggested, 25, 0);            /* 100 × (40 % − 15 %), the example */
  assert_true(isnan(never->rate_fired) && isnan(never->lift) && isnan(never->suggested));

  /* Score bands over the declared range 0..100 in steps of 10; 95 falls in the last. */
  assert_int_equal(r.nbands, 10);
  assert_float_equal(r.bands[9].lo, 90, 0);
  assert_int_equal(r.bands[9].leads, 4);
  assert_int_equal(r.bands[9].converted, 2);
  uint64_t total = 0;
  for (uint32_t i = 0; i < r.nhist; i++) total += r.hist[i].leads;
  assert_int_equal(total, 20);
  lc_eval_report_free(&r);
  lc_eval_data_free(&d);
}

/* Without a declared range the observed scores set the axis; edges are round decimals and a
 * score exactly on an edge opens its bin. */
static void test_bands_observed_axis(void **state) {
  (void)state;
  lc_plan bare = {.model_name = "m"};
  lc_eval_data d;
  lc_eval_data_init(&d, 0, false);
  double scores[] = {0, 0.3, 0.3, 1};
  for (int i = 0; i < 4; i++) assert_true(lc_eval_data_add(&d, &(lc_result){.score = scores[i], .tier = -1}, i == 3));
  lc_eval_report r;
  assert_true(lc_eval_report_build(&r, &d, &bare, 10, 20));
  assert_int_equal(r.nbands, 10);
  assert_true(r.bands[3].lo == 0.3 && r.bands[3].hi == 0.4);
  assert_int_equal(r.bands[3].leads, 2);
  assert_int_equal(r.bands[9].leads, 1);          /* the top of the axis is in the last band */
  assert_int_equal(r.tiers[0].leads, 4);          /* no tiers: everyone is in "no tier" */
  lc_eval_report_free(&r);
  lc_eval_data_free(&d);
}

static void test_suggested_points_rounding(void **state) {
  (void)state;
  assert_float_equal(lc_suggested_points(0.40, 0.15), 25, 0);
  assert_float_equal(lc_suggested_points(0.05, 0.15), -10, 0);
  assert_float_equal(lc_suggested_points(0.155, 0.15), 1, 0);     /* half away from zero */
  assert_float_equal(lc_suggested_points(0.145, 0.15), -1, 0);
}

/* ---- labels */

static lc_label label(lc_peek_kind k, const char *text, const char *positive) {
  lc_peek v = {k, {text, (uint32_t)strlen(text)}};
  static const char *const missing[] = {"unknown"};
  return lc_label_read(&v, positive, missing, 1);
}

static void test_labels(void **state) {
  (void)state;
  assert_int_equal(label(LC_PEEK_BOOL, "true", NULL), LC_LABEL_YES);
  assert_int_equal(label(LC_PEEK_BOOL, "false", NULL), LC_LABEL_NO);
  assert_int_equal(label(LC_PEEK_NUMBER, "1", NULL), LC_LABEL_YES);
  assert_int_equal(label(LC_PEEK_NUMBER, "0.0", NULL), LC_LABEL_NO);
  assert_int_equal(label(LC_PEEK_NUMBER, "2", NULL), LC_LABEL_INVALID);
  assert_int_equal(label(LC_PEEK_STRING, "Yes", NULL), LC_LABEL_YES);
  assert_int_equal(label(LC_PEEK_STRING, "no", NULL), LC_LABEL_NO);
  assert_int_equal(label(LC_PEEK_STRING, "0x1", NULL), LC_LABEL_INVALID);
  assert_int_equal(label(LC_PEEK_STRING, "maybe", NULL), LC_LABEL_INVALID);
  assert_int_equal(label(LC_PEEK_STRING, "unknown", NULL), LC_LABEL_NONE);
  assert_int_equal(label(LC_PEEK_NULL, "", NULL), LC_LABEL_NONE);
  assert_int_equal(label(LC_PEEK_ABSENT, "", NULL), LC_LABEL_NONE);
  assert_int_equal(label(LC_PEEK_OTHER, "[1]", NULL), LC_LABEL_INVALID);
  assert_int_equal(label(LC_PEEK_STRING, "won", "won"), LC_LABEL_YES);
  assert_int_equal(label(LC_PEEK_STRING, "lost", "won"), LC_LABEL_NO);
  assert_int_equal(label(LC_PEEK_STRING, "Won", "won"), LC_LABEL_NO);          /* exact */
  assert_int_equal(label(LC_PEEK_NUMBER, "1.0", "1"), LC_LABEL_YES);           /* numerically */
  assert_int_equal(label(LC_PEEK_STRING, "unknown", "won"), LC_LABEL_NONE);
}

/* ---- logistic regression */

typedef struct problem {
  double x[64][2];
  uint8_t y[64];
  size_t n;
} problem;

/* `count` rows with columns (a, b), `pos` of them converted. */
static void cell(problem *p, double a, double b, int count, int pos) {
  for (int i = 0; i < count; i++, p->n++) {
    p->x[p->n][0] = a;
    p->x[p->n][1] = b;
    p->y[p->n] = i < pos;
  }
}

static lc_logreg_status fit(const problem *p, uint32_t cols, double l2, double *w, double *sw, bool *used,
                            lc_logreg_fit *f) {
  double x[64 * 2];
  for (size_t i = 0; i < p->n; i++)
    for (uint32_t j = 0; j < cols; j++) x[i * cols + j] = p->x[i][j];
  *f = (lc_logreg_fit){.weight = w, .std_weight = sw, .used = used};
  return lc_logreg_fit_rows(x, p->y, cols, NULL, p->n, &(lc_logreg_opts){.l2 = l2}, f);
}

/* One binary column: the MLE reproduces each group's log-odds, so with 2/10 converting at x = 0
 * and 6/10 at x = 1, b = logit(0.2) = log(1/4) and w = logit(0.6) − logit(0.2) = log 6. */
static void test_logreg_closed_form(void **state) {
  (void)state;
  problem p = {0};
  cell(&p, 0, 0, 10, 2);
  cell(&p, 1, 0, 10, 6);
  double w[2], sw[2];
  bool used[2];
  lc_logreg_fit f;
  assert_int_equal(fit(&p, 1, 0, w, sw, used, &f), LC_LOGREG_OK);
  assert_float_equal(f.intercept, log(0.25), 1e-9);
  assert_float_equal(w[0], log(6), 1e-9);
  assert_true(used[0]);
  /* The same column in points (0 or 30): the weight is per point. */
  problem q = {0};
  cell(&q, 0, 0, 10, 2);
  cell(&q, 30, 0, 10, 6);
  assert_int_equal(fit(&q, 1, 0, w, sw, used, &f), LC_LOGREG_OK);
  assert_float_equal(w[0], log(6) / 30, 1e-11);
  assert_float_equal(f.intercept, log(0.25), 1e-9);
}

/* Two columns in a balanced design where the second changes nothing: the additive model fits
 * all four cells exactly, so w_b = 0 and the rest as above. */
static void test_logreg_irrelevant_column(void **state) {
  (void)state;
  problem p = {0};
  cell(&p, 0, 0, 10, 2);
  cell(&p, 0, 1, 10, 2);
  cell(&p, 1, 0, 10, 6);
  cell(&p, 1, 1, 10, 6);
  double w[2], sw[2];
  bool used[2];
  lc_logreg_fit f;
  assert_int_equal(fit(&p, 2, 0, w, sw, used, &f), LC_LOGREG_OK);
  assert_float_equal(w[0], log(6), 1e-9);
  assert_float_equal(w[1], 0, 1e-9);
  assert_float_equal(f.intercept, log(0.25), 1e-9);
}

static void test_logreg_penalty_constant_and_separable(void **state) {
  (void)state;
  problem p = {0};
  cell(&p, 0, 5, 10, 2);
  cell(&p, 1, 5, 10, 6);
  double w[2], sw[2], w0;
  bool used[2];
  lc_logreg_fit f;
  assert_int_equal(fit(&p, 2, 0, w, sw, used, &f), LC_LOGREG_OK);
  w0 = w[0];
  assert_false(used[1]);                               /* constant column: left out, weight 0 */
  assert_float_equal(w[1], 0, 0);
  assert_int_equal(fit(&p, 2, 5, w, sw, used, &f), LC_LOGREG_OK);
  assert_true(w[0] > 0 && w[0] < w0);                  /* the penalty shrinks towards 0 */
  double again[2], sw2[2];
  lc_logreg_fit g;
  fit(&p, 2, 5, again, sw2, used, &g);
  assert_memory_equal(w, again, sizeof w);             /* deterministic to the bit */

  /* Perfectly separable: without a penalty the weight grows without bound; with one it stops. */
  problem s = {0};
  cell(&s, 0, 0, 10, 0);
  cell(&s, 1, 0, 10, 10);
  assert_int_not_equal(fit(&s, 1, 0, w, sw, used, &f), LC_LOGREG_OK);
  assert_int_equal(fit(&s, 1, 1, w, sw, used, &f), LC_LOGREG_OK);
  assert_true(isfinite(w[0]) && w[0] > 0);

  problem one = {0};
  cell(&one, 0, 0, 5, 5);
  assert_int_equal(fit(&one, 1, 1, w, sw, used, &f), LC_LOGREG_NO_DATA);
}

static void test_factor_text(void **state) {
  (void)state;
  char buf[32];
  lc_calib_factor_text(1.3456, buf);
  assert_string_equal(buf, "1.35");
  lc_calib_factor_text(0.012345, buf);
  assert_string_equal(buf, "0.0123");
  lc_calib_factor_text(240.4, buf);
  assert_string_equal(buf, "240");
  lc_calib_factor_text(-2.0, buf);
  assert_string_equal(buf, "-2");
  lc_calib_factor_text(0, buf);
  assert_string_equal(buf, "0");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_auc_hand_cases),
      cmocka_unit_test(test_auc_ties),
      cmocka_unit_test(test_auc_constant_and_one_class),
      cmocka_unit_test(test_roc_curve),
      cmocka_unit_test(test_report_tiers_and_rules),
      cmocka_unit_test(test_bands_observed_axis),
      cmocka_unit_test(test_suggested_points_rounding),
      cmocka_unit_test(test_labels),
      cmocka_unit_test(test_logreg_closed_form),
      cmocka_unit_test(test_logreg_irrelevant_column),
      cmocka_unit_test(test_logreg_penalty_constant_and_separable),
      cmocka_unit_test(test_factor_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
