/* leadc eval MODEL INPUT… --label=FIELD: measure a model against outcomes (CLI.md, issue 7). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out_file.h"
#include "cli/eval_print.h"
#include "cli/eval_run.h"
#include "report/html.h"

enum { O_FORMAT = EO_COMMON, O_OUTPUT, NOPTS };

static const cli_opt opts[NOPTS] = {
  EVAL_COMMON_OPTS,
  [O_FORMAT] = {"format", 0, "FMT", "text (default), json, or html (one self-contained page with plots)"},
  [O_OUTPUT] = {"output", 'o', "FILE", "write the report to FILE instead of stdout"},
};

static const cli_spec spec = {
  "eval", "MODEL [INPUT…] --label=FIELD",
  "Score each INPUT with MODEL and compare the scores with the outcome in FIELD: base rate,\n"
  "ROC AUC, each tier's conversion, lift, precision and recall, conversion by score band, and\n"
  "per rule its fire rate, conversion when fired and not, lift and suggested points\n"
  "(docs/eval.md has every formula). Records without a label are counted and skipped.",
  opts, NOPTS,
};

/* Bins of the text/JSON score bands and of the HTML histogram. */
enum { BANDS = 10, HIST_BINS = 25 };

static int write_out(const char *path, const lc_sb *sb) {
  return cli_out_write("eval", path, sb->buf ? sb->buf : "", sb->len);
}

static int run(const cli_args *a) {
  const char *format = a->val[O_FORMAT] ? a->val[O_FORMAT] : "text";
  if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "html"))
    return cli_usage_error("eval", "--format: expected text, json or html, not '%s'", format);
  eval_session s;
  int rc = eval_session_run(&s, "eval", a, false);
  if (rc == EXIT_OK) {
    lc_eval_report r;
    if (!lc_eval_report_build(&r, &s.input.data, s.model.plan, BANDS, HIST_BINS)) {
      fputs("leadc eval: out of memory\n", stderr);
      rc = EXIT_INTERNAL;
    } else {
      lc_eval_run ctx = eval_session_context(&s, a);
      lc_sb out = {0};
      if (!strcmp(format, "json")) eval_print_json(&out, s.model.plan, &r, &ctx);
      else if (!strcmp(format, "html")) lc_html_eval(&out, s.model.plan, &r, &ctx);
      else eval_print_text(&out, s.model.plan, &r, &ctx);
      rc = write_out(a->val[O_OUTPUT], &out);
      lc_sb_free(&out);
      lc_eval_report_free(&r);
    }
  }
  eval_session_free(&s);
  return rc;
}

int cmd_eval(int argc, char **argv) { return cli_run(&spec, argc, argv, run); }
