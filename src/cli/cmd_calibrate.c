/* leadc calibrate MODEL INPUT… --label=FIELD: fit rule points to outcomes (issue 7) and print
 * the model with the suggested points; the report goes to stderr. eval/calibrate.h has the
 * method, eval/rewrite.h what changes in the file. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out_file.h"
#include "cli/eval_run.h"
#include "eval/calibrate.h"
#include "eval/rewrite.h"

enum { O_HOLDOUT = EO_COMMON, O_SEED, O_L2, O_OUTPUT, O_QUIET, NOPTS };

static const cli_opt opts[NOPTS] = {
  EVAL_COMMON_OPTS,
  [O_HOLDOUT] = {"holdout", 0, "F", "share of labelled records held out to measure AUC (default 0.2; 0: none)"},
  [O_SEED] = {"seed", 0, "N", "seed of the held-out split (default 1)"},
  [O_L2] = {"l2", 0, "LAMBDA", "L2 penalty on standardised weights (default 1)"},
  [O_OUTPUT] = {"output", 'o', "FILE", "write the suggested model to FILE instead of stdout"},
  [O_QUIET] = {"quiet", 'q', NULL, "no report on stderr"},
};

static const cli_spec spec = {
  "calibrate", "MODEL [INPUT…] --label=FIELD",
  "Fit the points of MODEL's rules to the outcome in FIELD (L2-regularised logistic regression\n"
  "on the rules' contributions), report held-out ROC AUC of the current and the suggested\n"
  "points on stderr, and print MODEL with the suggested points, scaled to keep the scores'\n"
  "size (docs/eval.md). Only the numbers of rule points, caps and floors change.",
  opts, NOPTS,
};

typedef unsigned long long ull;

static int numbers(const cli_args *a, lc_calib_opts *o) {
  const char *v;
  char *end;
  *o = (lc_calib_opts){.holdout = 0.2, .seed = 1, .l2 = 1};
  if ((v = a->val[O_HOLDOUT])) {
    o->holdout = strtod(v, &end);
    if (end == v || *end || !(o->holdout >= 0 && o->holdout < 1))
      return cli_usage_error("calibrate", "--holdout: expected a fraction in [0, 1), not '%s'", v);
  }
  if ((v = a->val[O_SEED])) {
    errno = 0;
    o->seed = strtoull(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-')
      return cli_usage_error("calibrate", "--seed: expected a non-negative integer, not '%s'", v);
  }
  if ((v = a->val[O_L2])) {
    o->l2 = strtod(v, &end);
    if (end == v || *end || !(o->l2 >= 0 && isfinite(o->l2)))
      return cli_usage_error("calibrate", "--l2: expected a number >= 0, not '%s'", v);
  }
  return EXIT_OK;
}

static const char *status_text(lc_logreg_status s) {
  switch (s) {
  case LC_LOGREG_OK: return "converged";
  case LC_LOGREG_NO_CONVERGENCE: return "NOT converged (the weights are the last iterate)";
  case LC_LOGREG_SINGULAR: return "singular";
  case LC_LOGREG_NO_DATA: return "no data";
  case LC_LOGREG_NO_MEMORY: return "out of memory";
  }
  return "";
}

static void auc(FILE *f, const char *name, double v) {
  if (isnan(v)) fprintf(f, "%s n/a", name);
  else fprintf(f, "%s %.4f", name, v);
}

static void report(FILE *f, const eval_session *s, const lc_calibration *c, const lc_calib_opts *o,
                   uint32_t outside) {
  const lc_plan *p = s->model.plan;
  char when[40];
  when[lc_time_format(s->run.as_of_us, when)] = '\0';
  fprintf(f, "calibrate %s%s%s, as of %s\n", p->model_name, p->version ? " " : "", p->version ? p->version : "", when);
  fprintf(f, "  records:  %llu read, %llu rejected, %llu without a label, %llu with an unreadable label\n",
          (ull)s->run.read, (ull)s->run.rejected, (ull)s->input.unlabelled, (ull)s->input.invalid);
  fprintf(f, "  training: %llu (%llu converted); ", (ull)c->ntrain, (ull)c->pos_train);
  if (c->in_sample) fputs("nothing held out: AUC is in-sample\n", f);
  else fprintf(f, "held out: %llu (%llu converted), seed %llu\n", (ull)c->ntest, (ull)c->pos_test, (ull)o->seed);
  fprintf(f, "  fit:      L2 logistic regression, lambda %g, %u Newton step%s, %s, loss %.4f per record\n", o->l2,
          c->iterations, c->iterations == 1 ? "" : "s", status_text(c->status), c->loss);
  fprintf(f, "  scale:    %.4g points per unit of log-odds (suggested scores keep the current RMS)\n", c->scale);
  fputs(c->in_sample ? "  ROC AUC:  " : "  held-out ROC AUC: ", f);
  auc(f, "current", c->auc_current);
  auc(f, ", fitted", c->auc_fitted);
  auc(f, ", suggested", c->auc_suggested);
  fputs("\n\n", f);

  int w = 4;
  for (uint32_t j = 0; j < p->nrules; j++) w = (int)strlen(p->rules[j].name) > w ? (int)strlen(p->rules[j].name) : w;
  fprintf(f, "  %-*s  %8s  %10s  %10s  %10s\n", w, "rule", "points", "weight/pt", "weight/sd", "suggested");
  for (uint32_t j = 0; j < p->nrules; j++) {
    const lc_calib_rule *r = &c->rules[j];
    fprintf(f, "  %-*s  ", w, p->rules[j].name);
    if (r->constant) fprintf(f, "%+8g  ", r->points);
    else fprintf(f, "%8s  ", "expr");
    if (!r->informative) {
      fprintf(f, "%10s  %10s  %10s\n", "-", "-", "kept");
      continue;
    }
    fprintf(f, "%10.4f  %10.4f  ", r->weight, r->std_weight);
    if (r->constant && r->new_points == 0) fprintf(f, "%10s\n", "0");
    else if (r->constant) fprintf(f, "%+10.0f\n", r->new_points);
    else fprintf(f, "%10s\n", r->factor_text);
  }
  fputs("  (weight/pt: log-odds per point the rule gives now; weight/sd: per standard deviation of its\n"
        "   contribution; suggested: whole points, or the factor an expression is multiplied by;\n"
        "   kept: the rule's contribution never varied in training, so the data cannot judge it)\n", f);
  if (outside)
    fprintf(f, "  %u rule%s declared in imported modules: suggested above, not changed in the file\n", outside,
            outside == 1 ? " is" : "s are");
}

/* The rewritten model must check: a broken suggestion is our bug, never the user's file. */
static bool checks(const char *path, const lc_sb *text, const cli_args *a) {
  lc_arena arena;
  lc_sources sources;
  lc_diags diags;
  lc_frontend fe;
  lc_arena_init(&arena);
  lc_sources_init(&sources, &arena);
  lc_diags_init(&diags, &arena, &sources);
  lc_frontend_opts fo = {.include_dirs = a->all[EO_INCLUDE], .ninclude = (uint32_t)a->nall[EO_INCLUDE],
                         .no_test_sibling = true};
  bool ok = lc_frontend_run_text(&fe, &arena, &sources, &diags, path, text->buf ? text->buf : "",
                                 (uint32_t)text->len, &fo) && !diags.errors;
  if (!ok && diags.errors) {
    lc_diags_sort(&diags);
    lc_diags_render(&diags, LC_DIAG_TEXT, false, stderr);
  }
  lc_arena_free(&arena);
  return ok;
}

static int write_model(const char *path, const lc_sb *sb) {
  return cli_out_write("calibrate", path, sb->buf ? sb->buf : "", sb->len);
}

static int calibrate(eval_session *s, const cli_args *a, const lc_calib_opts *o) {
  lc_calibration c;
  if (!lc_calibrate(&c, &s->input.data, s->model.plan, o)) {
    fputs("leadc calibrate: out of memory\n", stderr);
    lc_calibration_free(&c);
    return EXIT_INTERNAL;
  }
  int rc = EXIT_OK;
  if (c.status == LC_LOGREG_NO_DATA) {
    fprintf(stderr, "leadc calibrate: nothing to fit: the %llu training records need both outcomes "
            "(%llu converted)\n", (ull)c.ntrain, (ull)c.pos_train);
    rc = EXIT_DATA;
  } else if (c.status == LC_LOGREG_SINGULAR) {
    fputs("leadc calibrate: the fit is singular (rules that always fire together?); try --l2 > 0\n", stderr);
    rc = EXIT_DATA;
  }
  lc_sb text = {0};
  uint32_t outside = 0;
  if (rc == EXIT_OK && !lc_rewrite_points(&text, &s->model.sources, s->model.fe.program, s->model.plan, &c, &outside)) {
    fputs("leadc calibrate: out of memory\n", stderr);
    rc = EXIT_INTERNAL;
  }
  if (rc == EXIT_OK && !cli_has(a, O_QUIET)) report(stderr, s, &c, o, outside);
  if (rc == EXIT_OK && !checks(s->model.fe.model_path, &text, a)) {
    fputs("leadc calibrate: internal error: the suggested model does not check (above); nothing written\n", stderr);
    rc = EXIT_INTERNAL;
  }
  if (rc == EXIT_OK) rc = write_model(a->val[O_OUTPUT], &text);
  lc_sb_free(&text);
  lc_calibration_free(&c);
  return rc;
}

static int run(const cli_args *a) {
  lc_calib_opts o;
  int rc = numbers(a, &o);
  if (rc != EXIT_OK) return rc;
  eval_session s;
  rc = eval_session_run(&s, "calibrate", a, true);
  if (rc == EXIT_OK) rc = calibrate(&s, a, &o);
  eval_session_free(&s);
  return rc;
}

int cmd_calibrate(int argc, char **argv) { return cli_run(&spec, argc, argv, run); }
