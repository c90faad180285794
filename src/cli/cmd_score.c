/* leadc score MODEL [INPUT…]: compile a model and score a stream of records (CLI.md). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/backends.h"
#include "cli/cli.h"
#include "cli/model.h"
#include "cli/opts.h"
#include "cli/score_run.h"

enum {
  O_AS_OF, O_INPUT_FORMAT, O_FORMAT, O_DELIMITER, O_EXPLAIN, O_PASSTHROUGH, O_BACKEND, O_THREADS,
  O_ON_ERROR, O_REJECTS, O_MAX_REJECTS, O_OUTPUT, O_QUIET, O_NO_TIMINGS, O_INCLUDE, NOPTS
};

static const cli_opt opts[NOPTS] = {
  [O_AS_OF] = {"as-of", 0, "TIME", "score as of this RFC 3339 time (default: now, printed in the summary)"},
  [O_INPUT_FORMAT] = {"input-format", 0, "FMT", "ndjson or csv (default: from the extension, else ndjson)"},
  [O_FORMAT] = {"format", 0, "FMT", "output rows as ndjson (default) or csv"},
  [O_DELIMITER] = {"csv-delimiter", 0, "C", "CSV field delimiter, in and out (default ','; 'tab' for a tab)"},
  [O_EXPLAIN] = {"explain", 0, NULL, "add group totals and the points of every fired rule"},
  [O_PASSTHROUGH] = {"passthrough", 0, NULL, "echo each input object with score and tier added (NDJSON)"},
  [O_BACKEND] = {"backend", 0, "NAME", "what runs the model (default: the first available; a wrong name lists them)"},
  [O_THREADS] = {"threads", 'j', "N", "scoring threads (default: the number of cores); output is the same for any N"},
  [O_ON_ERROR] = {"on-error", 0, "MODE", "skip (default: report and continue) or fail (stop, exit 3)"},
  [O_REJECTS] = {"rejects", 0, "FILE", "copy every rejected input line to FILE"},
  [O_MAX_REJECTS] = {"max-rejects", 0, "N", "stop with exit 3 after more than N rejected records"},
  [O_OUTPUT] = {"output", 'o', "FILE", "write rows to FILE (replaced atomically) instead of stdout"},
  [O_QUIET] = {"quiet", 'q', NULL, "no summary on stderr"},
  [O_NO_TIMINGS] = {"no-timings", 0, NULL, "leave elapsed time and rates out of the summary"},
  [O_INCLUDE] = {"include", 'I', "DIR", "look for std/ modules in DIR first (repeatable)"},
};

static const cli_spec spec = {
  "score", "MODEL [INPUT…]",
  "Compile MODEL and score records from each INPUT (NDJSON or CSV; '-' or none reads stdin).\n"
  "One output row per scored record, in input order; rejected records are reported on stderr.",
  opts, NOPTS,
};

typedef struct settings {
  score_run run;
  const lc_backend *backend;
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

static int settings_from(const cli_args *a, settings *s) {
  score_run *r = &s->run;
  const char *v;
  if ((v = a->val[O_AS_OF])) {
    if (!lc_time_parse(v, strlen(v), &r->as_of_us))
      return cli_usage_error("score", "--as-of: '%s' is not an RFC 3339 time", v);
  } else {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    r->as_of_us = (int64_t)now.tv_sec * 1000000;   /* whole seconds, so the printed value repeats the run */
  }
  if ((v = a->val[O_INPUT_FORMAT])) {
    if (strcmp(v, "ndjson") && strcmp(v, "csv"))
      return cli_usage_error("score", "--input-format: expected ndjson or csv, not '%s'", v);
    r->input_format_given = true;
    r->input_format = !strcmp(v, "csv") ? LC_INPUT_CSV : LC_INPUT_NDJSON;
  }
  r->row.format = LC_OUT_NDJSON;
  if ((v = a->val[O_FORMAT])) {
    if (strcmp(v, "ndjson") && strcmp(v, "csv"))
      return cli_usage_error("score", "--format: expected ndjson or csv, not '%s'", v);
    r->row.format = !strcmp(v, "csv") ? LC_OUT_CSV : LC_OUT_NDJSON;
  }
  r->delimiter = ',';
  if ((v = a->val[O_DELIMITER])) {
    if (!strcmp(v, "tab") || !strcmp(v, "\\t")) r->delimiter = '\t';
    else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r') r->delimiter = v[0];
    else return cli_usage_error("score", "--csv-delimiter: expected one character or 'tab', not '%s'", v);
  }
  r->row.delim = r->delimiter;
  r->row.explain = cli_has(a, O_EXPLAIN);
  r->row.passthrough = cli_has(a, O_PASSTHROUGH);
  if (r->row.passthrough && (r->row.format == LC_OUT_CSV || (r->input_format_given && r->input_format == LC_INPUT_CSV)))
    return cli_usage_error("score", "--passthrough needs NDJSON input and output");
  s->backend = cli_backend_default();
  if ((v = a->val[O_BACKEND]) && !(s->backend = cli_backend_find(v))) {
    char names[128];
    cli_backend_names(names, sizeof names);
    return cli_usage_error("score", "--backend: '%s' is not available (available: %s)", v, names);
  }
  long long n;
  if ((v = a->val[O_THREADS]) && (!parse_count(v, 1, &n) || n > MAX_THREADS))
    return cli_usage_error("score", "-j/--threads: expected a number from 1 to %d, not '%s'", MAX_THREADS, v);
  r->threads = v ? (unsigned)n : cores();
  r->fail_fast = false;
  if ((v = a->val[O_ON_ERROR])) {
    if (strcmp(v, "skip") && strcmp(v, "fail"))
      return cli_usage_error("score", "--on-error: expected skip or fail, not '%s'", v);
    r->fail_fast = !strcmp(v, "fail");
  }
  r->max_rejects = -1;
  if ((v = a->val[O_MAX_REJECTS])) {
    if (!parse_count(v, 0, &n))
      return cli_usage_error("score", "--max-rejects: expected a number, not '%s'", v);
    r->max_rejects = n;
  }
  s->output = a->val[O_OUTPUT];
  s->quiet = cli_has(a, O_QUIET);
  s->timings = !cli_has(a, O_NO_TIMINGS);
  r->progress = !s->quiet && isatty(2);
  return EXIT_OK;
}

/* -o FILE: rows go to a temporary file beside FILE, renamed over it only when the run
 * succeeds, so FILE never holds half a result. */
typedef struct output { FILE *f; char *tmp; } output;

static int output_open(const char *path, output *o) {
  if (!path) { o->f = stdout; o->tmp = NULL; return EXIT_OK; }
  size_t n = strlen(path) + 16;
  o->tmp = malloc(n);
  if (!o->tmp) { fputs("leadc score: out of memory\n", stderr); return EXIT_INTERNAL; }
  snprintf(o->tmp, n, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(o->tmp);
  if (fd < 0) {
    fprintf(stderr, "leadc score: cannot write %s: %s\n", path, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return EXIT_INTERNAL;
  }
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  o->f = fdopen(fd, "w");
  if (!o->f) {
    fprintf(stderr, "leadc score: cannot write %s: %s\n", path, strerror(errno));
    close(fd);
    unlink(o->tmp);
    free(o->tmp);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

static int output_close(const char *path, output *o, int rc) {
  if (!o->tmp) {
    if (fflush(stdout) && rc == EXIT_OK) {
      fprintf(stderr, "leadc score: cannot write output: %s\n", strerror(errno));
      return EXIT_INTERNAL;
    }
    return rc;
  }
  bool ok = !fclose(o->f);
  if (rc == EXIT_OK && !ok) {
    fprintf(stderr, "leadc score: cannot write %s: %s\n", path, strerror(errno));
    rc = EXIT_INTERNAL;
  }
  if (rc == EXIT_OK && rename(o->tmp, path)) {
    fprintf(stderr, "leadc score: cannot write %s: %s\n", path, strerror(errno));
    rc = EXIT_INTERNAL;
  }
  if (rc != EXIT_OK) unlink(o->tmp);
  free(o->tmp);
  return rc;
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

static int run(const cli_args *a) {
  int rc;
  if (a->noperands < 1) return cli_usage_error("score", "missing the MODEL file");
  settings s = {0};
  if ((rc = settings_from(a, &s)) != EXIT_OK) return rc;
  for (int i = 1; i < a->noperands && s.run.row.passthrough; i++)
    if (score_input_format(&s.run, a->operands[i]) == LC_INPUT_CSV)
      return cli_usage_error("score", "--passthrough needs NDJSON input, and %s is CSV", a->operands[i]);

  cli_model m;
  cli_model_opts mo = {"score", a->all[O_INCLUDE], a->nall[O_INCLUDE], false, NULL};
  rc = cli_model_load(&m, a->operands[0], &mo);
  if (rc == EXIT_OK && !m.plan) {
    fprintf(stderr, "leadc score: %s is a module (it has no `model` declaration)\n", a->operands[0]);
    rc = EXIT_FAIL;
  }
  if (rc != EXIT_OK) {
    cli_model_free(&m);
    return rc;
  }
  char err[256];
  lc_scorer *scorer = s.backend->create(m.plan, err, sizeof err);
  if (!scorer) {
    fprintf(stderr, "leadc score: backend %s: %s\n", s.backend->name, err);
    cli_model_free(&m);
    return EXIT_INTERNAL;
  }
  score_run *r = &s.run;
  r->plan = m.plan;
  r->scorer = scorer;

  output out = {0};
  FILE *rejects = NULL;
  if ((rc = output_open(s.output, &out)) == EXIT_OK && a->val[O_REJECTS]) {
    rejects = fopen(a->val[O_REJECTS], "w");
    if (!rejects) {
      fprintf(stderr, "leadc score: cannot write %s: %s\n", a->val[O_REJECTS], strerror(errno));
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
    int ninputs = a->noperands - 1;
    for (int i = 0; rc == EXIT_OK && i < (ninputs ? ninputs : 1); i++)
      rc = score_run_input(r, ninputs ? a->operands[1 + i] : "-");
    double elapsed = score_now() - r->started;
    if (!s.quiet) summary(&s, elapsed);
  }
  if (rejects && fclose(rejects) && rc == EXIT_OK) {
    fprintf(stderr, "leadc score: cannot write %s: %s\n", a->val[O_REJECTS], strerror(errno));
    rc = EXIT_INTERNAL;
  }
  if (out.f) rc = output_close(s.output, &out, rc);
  score_run_free(r);
  lc_scorer_free(scorer);
  cli_model_free(&m);
  return rc;
}

int cmd_score(int argc, char **argv) {
  cli_args a;
  int rc = cli_parse(&spec, argc, argv, &a);
  if (rc == CLI_PARSED) rc = run(&a);
  else if (rc == CLI_HELP_SHOWN) rc = EXIT_OK;
  cli_args_free(&a);
  return rc;
}
