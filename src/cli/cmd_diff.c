/* leadc diff OLD NEW [INPUT…]: what a change to a model does. Both versions are compiled once;
 * each record is read once, scored by OLD in the ordinary scoring loop (score_run), and handed
 * to a sink here that decodes it for NEW, scores it again and adds both results to the diff.
 * Without INPUT, only the structural summary: what changed in the model's text. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/backends.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/score_run.h"
#include "diff/diff.h"
#include "front/frontend.h"
#include "plan/lower.h"
#include "runtime/scratch.h"

enum { O_AS_OF, O_FORMAT, O_TOP, O_INPUT_FORMAT, O_DELIMITER, O_BACKEND, O_THREADS, O_INCLUDE, NOPTS };

static const cli_opt opts[NOPTS] = {
  [O_AS_OF] = {"as-of", 0, "TIME", "score as of this RFC 3339 time (default: now, shown in the report)"},
  [O_FORMAT] = {"format", 0, "FMT", "text (default), json, markdown (for a pull-request comment) or html"},
  [O_TOP] = {"top", 0, "N", "list the N records whose score changed most (default 10)"},
  [O_INPUT_FORMAT] = {"input-format", 0, "FMT", "ndjson or csv (default: from each input's extension)"},
  [O_DELIMITER] = {"csv-delimiter", 0, "C", "CSV field delimiter (default ','; 'tab' for a tab)"},
  [O_BACKEND] = {"backend", 0, "NAME", "what runs the models (default: the first available)"},
  [O_THREADS] = {"threads", 'j', "N", "threads scoring the old version (default: the number of cores)"},
  [O_INCLUDE] = {"include", 'I', "DIR", "look for std/ modules in DIR first (repeatable)"},
};

static const cli_spec spec = {
  "diff", "OLD NEW [INPUT…]",
  "Score the same records with two versions of a model and report what the change does: the\n"
  "tier transition matrix, how many leads changed tier, the score delta distribution, rules\n"
  "whose fire rate changed and the records that changed most. NEW must read every record OLD\n"
  "reads (it may add optional fields). Without INPUT, a summary of what changed in the model:\n"
  "rules added, removed or re-weighted, decay, caps, tiers moved or with new thresholds.",
  opts, NOPTS,
};

/* The new version's side of each record. */
typedef struct diff_sink {
  const lc_plan *plan;
  const lc_scorer *scorer;
  lc_decoder *decoder;
  lc_csv_header *header;      /* of the current input, when it is CSV */
  char delimiter;
  void *rec;
  lc_result *res;
  int64_t as_of_us;
  lc_diff *diff;
  const char *input;
  uint64_t rejected;
  lc_sb key;
  int rc;
} diff_sink;

static int sink_begin(void *ctx, const char *name, const lc_raw_record *csv_header) {
  diff_sink *s = ctx;
  s->input = name;
  lc_csv_header_free(s->header);
  s->header = NULL;
  if (!csv_header) return EXIT_OK;
  lc_decode_error err = {{0}};
  s->header = lc_csv_header_new(s->decoder, csv_header->ptr, csv_header->len, s->delimiter, &err);
  if (s->header) return EXIT_OK;
  if (!err.msg[0]) { fputs("leadc diff: out of memory\n", stderr); return EXIT_INTERNAL; }
  fprintf(stderr, "%s:%llu: bad CSV header: %s\n", name, (unsigned long long)csv_header->line, err.msg);
  return EXIT_DATA;
}

/* The key as the rows of `leadc score` show it, without quotes; false when there is none. */
static bool key_text(diff_sink *s) {
  const lc_plan *p = s->plan;
  const lc_record_desc *in = &p->records[0];
  const uint8_t *r = s->rec;
  s->key.len = 0;
  if (p->key_slot == LC_NO_SLOT || !r[p->key_slot]) return false;
  const lc_field_desc *fd = NULL;
  for (uint32_t i = 0; i < in->nfields && !fd; i++)
    if (in->fields[i].slot == p->key_slot) fd = &in->fields[i];
  lc_slot v;
  memcpy(&v, r + LC_SLOT_OFFSET(in->nslots, p->key_slot), sizeof v);
  switch (fd->kind) {
  case LC_V_STRING: lc_sb_putn(&s->key, v.str.ptr, v.str.len); break;
  case LC_V_ENUM: lc_sb_puts(&s->key, fd->members[v.i]); break;
  default: lc_write_double(&s->key, v.num); break;   /* the checker allows string and int keys */
  }
  return true;
}

static bool sink_record(void *ctx, const lc_raw_record *raw, const lc_result *old, lc_scratch *scratch) {
  diff_sink *s = ctx;
  lc_decode_error err;
  int d = s->header ? lc_decode_csv_row(s->decoder, s->header, raw->ptr, raw->len, s->rec, scratch, &err)
                    : lc_decode_json(s->decoder, raw->ptr, raw->len, s->rec, scratch, &err);
  if (d != LC_DECODE_OK) {
    fprintf(stderr, "%s:%llu: rejected by the new version: %s\n", s->input, (unsigned long long)raw->line, err.msg);
    s->rejected++;
    return true;
  }
  lc_exec x = {s->as_of_us, scratch};
  lc_scorer_score(s->scorer, s->rec, &x, s->res);
  bool has_key = key_text(s);
  lc_diff_record(s->diff, old, s->res, has_key ? lc_sb_cstr(&s->key) : NULL, (uint32_t)s->key.len, s->input, raw->line);
  return true;
}

typedef struct version {
  const char *path;
  lc_frontend fe;
  lc_plan *plan;
  lc_scorer *scorer;
} version;

typedef struct diff_cmd {
  lc_arena arena;
  lc_sources sources;
  lc_diags diags;
  version old, new;
  lc_diff_format format;
  uint32_t top;
  int64_t as_of_us;
  const lc_backend *backend;
} diff_cmd;

static int load(diff_cmd *c, version *v, const cli_args *args) {
  lc_frontend_opts fo = {.include_dirs = args->all[O_INCLUDE], .ninclude = (uint32_t)args->nall[O_INCLUDE],
                         .no_test_sibling = true};
  if (!lc_frontend_run(&v->fe, &c->arena, &c->sources, &c->diags, v->path, &fo)) {
    fprintf(stderr, "leadc diff: cannot read %s: %s\n", v->path, strerror(errno));
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

static int compile(diff_cmd *c, version *v) {
  char err[256];
  v->plan = lc_lower(v->fe.program, &c->arena, err, sizeof err);
  if (!v->plan) {
    fprintf(stderr, "leadc diff: %s: %s\n", v->path, err);
    return EXIT_INTERNAL;
  }
  v->scorer = c->backend->create(v->plan, err, sizeof err);
  if (!v->scorer) {
    fprintf(stderr, "leadc diff: %s: backend %s: %s\n", v->path, c->backend->name, err);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

static int options(diff_cmd *c, const cli_args *a, score_run *r) {
  const char *v;
  if ((v = a->val[O_AS_OF])) {
    if (!lc_time_parse(v, strlen(v), &c->as_of_us)) return cli_usage_error("diff", "--as-of: '%s' is not an RFC 3339 time", v);
  } else {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    c->as_of_us = (int64_t)now.tv_sec * 1000000;   /* whole seconds, so the printed value repeats the run */
  }
  c->format = LC_DIFF_TEXT;
  if ((v = a->val[O_FORMAT])) {
    if (!strcmp(v, "json")) c->format = LC_DIFF_JSON;
    else if (!strcmp(v, "markdown")) c->format = LC_DIFF_MARKDOWN;
    else if (!strcmp(v, "html")) c->format = LC_DIFF_HTML;
    else if (strcmp(v, "text")) return cli_usage_error("diff", "--format: expected text, json, markdown or html, not '%s'", v);
  }
  c->top = 10;
  if ((v = a->val[O_TOP])) {
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || end == v || n < 0 || n > 100000)
      return cli_usage_error("diff", "--top: expected a number from 0 to 100000, not '%s'", v);
    c->top = (uint32_t)n;
  }
  if ((v = a->val[O_INPUT_FORMAT])) {
    if (strcmp(v, "ndjson") && strcmp(v, "csv"))
      return cli_usage_error("diff", "--input-format: expected ndjson or csv, not '%s'", v);
    r->input_format_given = true;
    r->input_format = !strcmp(v, "csv") ? LC_INPUT_CSV : LC_INPUT_NDJSON;
  }
  r->delimiter = ',';
  if ((v = a->val[O_DELIMITER])) {
    if (!strcmp(v, "tab") || !strcmp(v, "\\t")) r->delimiter = '\t';
    else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r') r->delimiter = v[0];
    else return cli_usage_error("diff", "--csv-delimiter: expected one character or 'tab', not '%s'", v);
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  r->threads = cores > 0 ? (unsigned)cores : 1;
  if ((v = a->val[O_THREADS])) {
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || end == v || n < 1 || n > 1024)
      return cli_usage_error("diff", "-j/--threads: expected a number from 1 to 1024, not '%s'", v);
    r->threads = (unsigned)n;
  }
  c->backend = cli_backend_default();
  if ((v = a->val[O_BACKEND]) && !(c->backend = cli_backend_find(v))) {
    char names[128];
    cli_backend_names(names, sizeof names);
    return cli_usage_error("diff", "--backend: '%s' is not available (available: %s)", v, names);
  }
  return EXIT_OK;
}

static void print_diags(diff_cmd *c) {
  lc_diags_sort(&c->diags);
  lc_diags_render(&c->diags, LC_DIAG_TEXT, false, stderr);
}

/* Reads every input once; OLD scores in score_run, NEW in the sink. */
static int compare_records(diff_cmd *c, const cli_args *args, score_run *r, lc_diff_report *rep) {
  diff_sink s = {.plan = c->new.plan, .scorer = c->new.scorer, .delimiter = r->delimiter, .as_of_us = c->as_of_us};
  const lc_record_desc *in = &c->new.plan->records[0];
  s.decoder = lc_decoder_new(in);
  s.rec = aligned_alloc(16, (LC_RECORD_SIZE(in->nslots) + 15) & ~(size_t)15);
  s.res = lc_result_new(c->new.plan);
  s.diff = lc_diff_new(c->old.plan, c->new.plan, c->top);
  score_sink sink = {&s, sink_begin, sink_record};
  r->cmd = "diff";
  r->sink = &sink;
  r->plan = c->old.plan;
  r->scorer = c->old.scorer;
  r->as_of_us = c->as_of_us;
  r->max_rejects = -1;
  int rc = s.decoder && s.rec ? score_run_init(r) : EXIT_INTERNAL;
  if (!s.decoder || !s.rec) fputs("leadc diff: out of memory\n", stderr);
  for (int i = 2; i < args->noperands && rc == EXIT_OK; i++) rc = score_run_input(r, args->operands[i]);
  if (rc == EXIT_OK) {
    rep->records = s.diff;
    rep->read = r->read;
    rep->rejected_old = r->rejected;
    rep->rejected_new = s.rejected;
    lc_sb out = {0};
    lc_diff_render(rep, c->format, &out);
    fwrite(out.buf, 1, out.len, stdout);
    lc_sb_free(&out);
  }
  score_run_free(r);
  lc_csv_header_free(s.header);
  lc_decoder_free(s.decoder);
  free(s.rec);
  lc_result_free(s.res);
  lc_diff_free(s.diff);
  lc_sb_free(&s.key);
  return rc;
}

static int run(const cli_args *args) {
  if (args->noperands < 2) return cli_usage_error("diff", "expected OLD and NEW model files");
  diff_cmd c = {0};
  score_run r = {0};
  int rc = options(&c, args, &r);
  if (rc != EXIT_OK) return rc;
  c.old.path = args->operands[0];
  c.new.path = args->operands[1];
  lc_arena_init(&c.arena);
  lc_sources_init(&c.sources, &c.arena);
  lc_diags_init(&c.diags, &c.arena, &c.sources);
  rc = load(&c, &c.old, args);
  if (rc == EXIT_OK) rc = load(&c, &c.new, args);
  if (rc == EXIT_OK && c.diags.errors) {
    print_diags(&c);
    rc = EXIT_FAIL;
  }
  for (version *v = &c.old; rc == EXIT_OK && v <= &c.new; v++)
    if (v->fe.program->is_module) {
      fprintf(stderr, "leadc diff: %s is a module, not a model\n", v->path);
      rc = EXIT_FAIL;
    }
  if (rc == EXIT_OK) {
    lc_vec changes = {0};
    lc_diff_structure(c.old.fe.program, c.new.fe.program, &c.sources, &c.arena, &changes);
    char when[48];
    when[lc_time_format(c.as_of_us, when)] = 0;
    lc_diff_report rep = {.old_prog = c.old.fe.program, .new_prog = c.new.fe.program, .old_path = c.old.path,
                          .new_path = c.new.path, .changes = &changes, .as_of = when};
    if (args->noperands == 2) {
      lc_sb out = {0};
      lc_diff_render(&rep, c.format, &out);
      fwrite(out.buf, 1, out.len, stdout);
      lc_sb_free(&out);
    } else if (!lc_diff_schema(c.old.fe.program, c.new.fe.program, &c.diags)) {
      print_diags(&c);
      fprintf(stderr, "leadc diff: %s cannot read the records %s reads, so they cannot be compared\n", c.new.path,
              c.old.path);
      rc = EXIT_FAIL;
    } else if ((rc = compile(&c, &c.old)) == EXIT_OK && (rc = compile(&c, &c.new)) == EXIT_OK) {
      rep.old = c.old.plan;
      rep.new = c.new.plan;
      rc = compare_records(&c, args, &r, &rep);
    }
  }
  fflush(stdout);
  for (version *v = &c.old; v <= &c.new; v++) {
    if (v->scorer) lc_scorer_free(v->scorer);
    if (v->plan) lc_plan_free(v->plan);
  }
  lc_arena_free(&c.arena);
  return rc;
}

int cmd_diff(int argc, char **argv) { return cli_run(&spec, argc, argv, run); }
