#include "cli/eval_run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/backends.h"
#include "cli/cli.h"

static int settings(score_run *r, const char *cmd, const cli_args *a, const lc_backend **backend) {
  const char *v;
  if (!a->val[EO_LABEL] || !a->val[EO_LABEL][0]) return cli_usage_error(cmd, "--label=FIELD is required");
  if ((v = a->val[EO_AS_OF])) {
    if (!lc_time_parse(v, strlen(v), &r->as_of_us))
      return cli_usage_error(cmd, "--as-of: '%s' is not an RFC 3339 time", v);
  } else {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    r->as_of_us = (int64_t)now.tv_sec * 1000000;   /* whole seconds, printed in the report */
  }
  if ((v = a->val[EO_INPUT_FORMAT])) {
    if (strcmp(v, "ndjson") && strcmp(v, "csv"))
      return cli_usage_error(cmd, "--input-format: expected ndjson or csv, not '%s'", v);
    r->input_format_given = true;
    r->input_format = !strcmp(v, "csv") ? LC_INPUT_CSV : LC_INPUT_NDJSON;
  }
  r->delimiter = ',';
  if ((v = a->val[EO_DELIMITER])) {
    if (!strcmp(v, "tab") || !strcmp(v, "\\t")) r->delimiter = '\t';
    else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r') r->delimiter = v[0];
    else return cli_usage_error(cmd, "--csv-delimiter: expected one character or 'tab', not '%s'", v);
  }
  *backend = cli_backend_default();
  if ((v = a->val[EO_BACKEND]) && !(*backend = cli_backend_find(v))) {
    char names[128];
    cli_backend_names(names, sizeof names);
    return cli_usage_error(cmd, "--backend: '%s' is not available (available: %s)", v, names);
  }
  if ((v = a->val[EO_ON_ERROR])) {
    if (strcmp(v, "skip") && strcmp(v, "fail"))
      return cli_usage_error(cmd, "--on-error: expected skip or fail, not '%s'", v);
    r->fail_fast = !strcmp(v, "fail");
  }
  r->max_rejects = -1;
  if ((v = a->val[EO_MAX_REJECTS])) {
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end || n < 0)
      return cli_usage_error(cmd, "--max-rejects: expected a number, not '%s'", v);
    r->max_rejects = n;
  }
  return EXIT_OK;
}

int eval_session_run(eval_session *s, const char *cmd, const cli_args *a, bool keep_points) {
  memset(s, 0, sizeof *s);
  if (a->noperands < 1) return cli_usage_error(cmd, "missing the MODEL file");
  score_run *r = &s->run;
  const lc_backend *backend = NULL;
  int rc = settings(r, cmd, a, &backend);
  if (rc != EXIT_OK) return rc;

  cli_model_opts mo = {cmd, a->all[EO_INCLUDE], a->nall[EO_INCLUDE], false, NULL};
  s->loaded = true;
  rc = cli_model_load(&s->model, a->operands[0], &mo);
  if (rc == EXIT_OK && !s->model.plan) {
    fprintf(stderr, "leadc %s: %s is a module (it has no `model` declaration)\n", cmd, a->operands[0]);
    rc = EXIT_FAIL;
  }
  if (rc != EXIT_OK) return rc;
  char err[256];
  s->scorer = backend->create(s->model.plan, err, sizeof err);
  if (!s->scorer) {
    fprintf(stderr, "leadc %s: backend %s: %s\n", cmd, backend->name, err);
    return EXIT_INTERNAL;
  }
  eval_input_init(&s->input, cmd, s->model.plan, a->val[EO_LABEL], a->val[EO_POSITIVE], r->delimiter,
                  keep_points);
  r->cmd = cmd;
  r->sink = &s->input.sink;
  r->plan = s->model.plan;
  r->scorer = s->scorer;
  if ((rc = score_run_init(r)) != EXIT_OK) return rc;
  int ninputs = a->noperands - 1;
  for (int i = 0; rc == EXIT_OK && i < (ninputs ? ninputs : 1); i++)
    rc = score_run_input(r, ninputs ? a->operands[1 + i] : "-");
  eval_input_report(&s->input);
  return rc;
}

void eval_session_free(eval_session *s) {
  score_run_free(&s->run);
  eval_input_free(&s->input);
  if (s->scorer) lc_scorer_free(s->scorer);
  if (s->loaded) cli_model_free(&s->model);
}

lc_eval_run eval_session_context(const eval_session *s, const cli_args *a) {
  return (lc_eval_run){
      .label = a->val[EO_LABEL], .positive = a->val[EO_POSITIVE], .as_of_us = s->run.as_of_us,
      .read = s->run.read, .rejected = s->run.rejected, .unlabelled = s->input.unlabelled,
      .invalid = s->input.invalid,
  };
}
