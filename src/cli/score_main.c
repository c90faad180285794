/* The score command over a score_source (score_main.h): option checks, -o written atomically,
 * --rejects, the run over every input, the summary on stderr and the exit code (CLI.md). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/score_main.h"

#include "cli/cli.h"
#include "cli/out_file.h"
#include "cli/score_run.h"

static const cli_opt opts[SO_NOPTS] = {
  [SO_AS_OF] = {"as-of", 0, "TIME", "score as of this RFC 3339 time (default: now, printed in the summary)"},
  [SO_INPUT_FORMAT] = {"input-format", 0, "FMT", "ndjson or csv (default: from the extension, else ndjson)"},
  [SO_FORMAT] = {"format", 0, "FMT", "output rows as ndjson (default) or csv"},
  [SO_DELIMITER] = {"csv-delimiter", 0, "C", "CSV field delimiter, in and out (default ','; 'tab' for a tab)"},
  [SO_EXPLAIN] = {"explain", 0, NULL, "add group totals and the points of every fired rule"},
  [SO_PASSTHROUGH] = {"passthrough", 0, NULL, "echo each input object with score and tier added (NDJSON)"},
  [SO_BACKEND] = {"backend", 0, "NAME", "what runs the model (default: the first available; a wrong name lists them)"},
  [SO_THREADS] = {"threads", 'j', "N", "scoring threads (default: the number of cores); output is the same for any N"},
  [SO_ON_ERROR] = {"on-error", 0, "MODE", "skip (default: report and continue) or fail (stop, exit 3)"},
  [SO_REJECTS] = {"rejects", 0, "FILE", "copy every rejected input line to FILE"},
  [SO_MAX_REJECTS] = {"max-rejects", 0, "N", "stop with exit 3 after more than N rejected records"},
  [SO_OUTPUT] = {"output", 'o', "FILE", "write rows to FILE (replaced atomically) instead of stdout"},
  [SO_QUIET] = {"quiet", 'q', NULL, "no summary on stderr"},
  [SO_NO_TIMINGS] = {"no-timings", 0, NULL, "leave elapsed time and rates out of the summary"},
  [SO_INCLUDE] = {"include", 'I', "DIR", "look for std/ modules in DIR first (repeatable)"},
};

typedef struct settings {
  score_run run;
  const char *output;
  bool quiet, timings;
} settings;

static bool parse_count(const char *s, long long min, long long *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < min) return false;
  *out = v;
  return true;
}

enum { MAX_THREADS = 1024 };

/* The cores this process may run on (taskset and cpusets included), for the default -j. */
static unsigned cores(void) {
  cpu_set_t set;
  if (!sched_getaffinity(0, sizeof set, &set) && CPU_COUNT(&set) > 0) return (unsigned)CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1;
}

static int settings_from(const score_source *src, const cli_args *a, settings *s) {
  score_run *r = &s->run;
  const char *v;
  if ((v = a->val[SO_AS_OF])) {
    if (!lc_time_parse(v, strlen(v), &r->as_of_us))
      return cli_usage_error("score", "--as-of: '%s' is not an RFC 3339 time", v);
  } else {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    r->as_of_us = (int64_t)now.tv_sec * 1000000;   /* whole seconds, so the printed value repeats the run */
  }
  if ((v = a->val[SO_INPUT_FORMAT])) {
    if (strcmp(v, "ndjson") && strcmp(v, "csv"))
      return cli_usage_error("score", "--input-format: expected ndjson or csv, not '%s'", v);
    r->input_format_given = true;
    r->input_format = !strcmp(v, "csv") ? LC_INPUT_CSV : LC_INPUT_NDJSON;
  }
  r->row.format = LC_OUT_NDJSON;
  if ((v = a->val[SO_FORMAT])) {
    if (strcmp(v, "ndjson") && strcmp(v, "csv"))
      return cli_usage_error("score", "--format: expected ndjson or csv, not '%s'", v);
    r->row.format = !strcmp(v, "csv") ? LC_OUT_CSV : LC_OUT_NDJSON;
  }
  r->delimiter = ',';
  if ((v = a->val[SO_DELIMITER])) {
    if (!strcmp(v, "tab") || !strcmp(v, "\\t")) r->delimiter = '\t';
    else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r') r->delimiter = v[0];
    else return cli_usage_error("score", "--csv-delimiter: expected one character or 'tab', not '%s'", v);
  }
  r->row.delim = r->delimiter;
  r->row.explain = cli_has(a, SO_EXPLAIN);
  r->row.passthrough = cli_has(a, SO_PASSTHROUGH);
  if (r->row.passthrough && (r->row.format == LC_OUT_CSV || (r->input_format_given && r->input_format == LC_INPUT_CSV)))
    return cli_usage_error("score", "--passthrough needs NDJSON input and output");
  int rc;
  if (src->compiles && (rc = src->check(src->ctx, a)) != EXIT_OK) return rc;
  long long n;
  if ((v = a->val[SO_THREADS]) && (!parse_count(v, 1, &n) || n > MAX_THREADS))
    return cli_usage_error("score", "-j/--threads: expected a number from 1 to %d, not '%s'", MAX_THREADS, v);
  r->threads = v ? (unsigned)n : cores();
  r->fail_fast = false;
  if ((v = a->val[SO_ON_ERROR])) {
    if (strcmp(v, "skip") && strcmp(v, "fail"))
      return cli_usage_error("score", "--on-error: expected skip or fail, not '%s'", v);
    r->fail_fast = !strcmp(v, "fail");
  }
  r->max_rejects = -1;
  if ((v = a->val[SO_MAX_REJECTS])) {
    if (!parse_count(v, 0, &n))
      return cli_usage_error("score", "--max-rejects: expected a number, not '%s'", v);
    r->max_rejects = n;
  }
  s->output = a->val[SO_OUTPUT];
  s->quiet = cli_has(a, SO_QUIET);
  s->timings = !cli_has(a, SO_NO_TIMINGS);
  r->progress = !s->quiet && isatty(2);
  return EXIT_OK;
}

static void summary(const settings *s, double elapsed) {
  const score_run *r = &s->run;
  const lc_plan *p = r->plan;
  char when[40];
  when[lc_time_format(r->as_of_us, when)] = 0;
  fprintf(stderr, "%s%s%s, as of %s\n", p->model_name, p->version ? " " : "", p->version ? p->version : "", when);
  fprintf(stderr, "  records: %llu read, %llu scored, %llu rejected\n", (unsigned long long)r->read,
          (unsigned long long)r->scored, (unsigned long long)r->rejected);
  if (p->ntiers) {
    fputs("  tiers:  ", stderr);
    for (uint32_t t = 0; t < p->ntiers; t++)
      fprintf(stderr, "%s %s %llu", t ? "," : "", p->tiers[t].name, (unsigned long long)r->tiers[t]);
    if (r->tiers[p->ntiers]) fprintf(stderr, ", (no tier) %llu", (unsigned long long)r->tiers[p->ntiers]);
    fputc('\n', stderr);
  }
  if (s->timings) {
    double secs = elapsed > 1e-9 ? elapsed : 1e-9;
    fprintf(stderr, "  time:    %.3f s, %.0f records/s, %.1f MB/s\n", elapsed, (double)r->read / secs,
            (double)r->bytes / 1e6 / secs);
  }
}

static int run(const score_source *src, const cli_args *a) {
  int rc;
  int first_input = src->compiles ? 1 : 0;
  if (src->compiles && a->noperands < 1) return cli_usage_error("score", "missing the MODEL file");
  settings s = {0};
  if ((rc = settings_from(src, a, &s)) != EXIT_OK) return rc;
  for (int i = first_input; i < a->noperands && s.run.row.passthrough; i++)
    if (score_input_format(&s.run, a->operands[i]) == LC_INPUT_CSV)
      return cli_usage_error("score", "--passthrough needs NDJSON input, and %s is CSV", a->operands[i]);

  const lc_plan *plan = NULL;
  const lc_scorer *scorer = NULL;
  if ((rc = src->open(src->ctx, a, &plan, &scorer)) != EXIT_OK) {
    src->close(src->ctx);
    return rc;
  }
  score_run *r = &s.run;
  r->plan = plan;
  r->scorer = scorer;

  /* -o FILE is written whole or not at all (out_file.h) */
  cli_out out = {0};
  FILE *rejects = NULL;
  if ((rc = cli_out_open(&out, "score", s.output)) == EXIT_OK && a->val[SO_REJECTS]) {
    rejects = fopen(a->val[SO_REJECTS], "w");
    if (!rejects) {
      cli_msg("score", "cannot write %s: %s", a->val[SO_REJECTS], strerror(errno));
      rc = EXIT_INTERNAL;
    }
  }
  if (rc == EXIT_OK) {
    r->out = out.f;
    r->rejects = rejects;
    rc = score_run_init(r);
  }
  if (rc == EXIT_OK) {
    score_run_header(r);
    int ninputs = a->noperands - first_input;
    for (int i = 0; rc == EXIT_OK && i < (ninputs ? ninputs : 1); i++)
      rc = score_run_input(r, ninputs ? a->operands[first_input + i] : "-");
    double elapsed = score_now() - r->started;
    if (!s.quiet) summary(&s, elapsed);
  }
  if (rejects && fclose(rejects) && rc == EXIT_OK) {
    cli_msg("score", "cannot write %s: %s", a->val[SO_REJECTS], strerror(errno));
    rc = EXIT_INTERNAL;
  }
  if (out.f) rc = cli_out_close(&out, "score", rc);
  score_run_free(r);
  src->close(src->ctx);
  return rc;
}

/* A program with its model built in takes no MODEL, so it has no --backend or -I either: its
 * table leaves them out, and the values it parses are moved back to their SO_ indices. */
static int parse(const score_source *src, int argc, char **argv, cli_args *a) {
  cli_spec spec = {"score", src->usage, src->summary, opts, SO_NOPTS};
  if (src->compiles) return cli_parse(&spec, argc, argv, a);
  cli_opt table[SO_NOPTS];
  int index[SO_NOPTS], n = 0;
  for (int i = 0; i < SO_NOPTS; i++)
    if (i != SO_BACKEND && i != SO_INCLUDE) {
      table[n] = opts[i];
      index[n++] = i;
    }
  spec.opts = table;
  spec.nopts = n;
  cli_args parsed;
  int rc = cli_parse(&spec, argc, argv, &parsed);
  *a = (cli_args){.operands = parsed.operands, .noperands = parsed.noperands};
  for (int k = 0; k < n; k++) {
    a->val[index[k]] = parsed.val[k];
    a->all[index[k]] = parsed.all[k];
    a->nall[index[k]] = parsed.nall[k];
  }
  return rc;
}

int score_main(const score_source *src, int argc, char **argv) {
  cli_args a;
  int rc = parse(src, argc, argv, &a);
  if (rc == CLI_PARSED) rc = run(src, &a);
  else if (rc == CLI_HELP_SHOWN) rc = EXIT_OK;
  cli_args_free(&a);
  return rc;
}
