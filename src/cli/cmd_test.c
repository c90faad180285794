/* leadc test PATH…: run the in-language tests (LANGUAGE.md §8) of each model: a file, or every
 * *.score model under a directory. `given` goes through the same record decoder as `leadc score`,
 * so a test can expect a record to be rejected; scores come from the same backends. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/backends.h"
#include "cli/cli.h"
#include "cli/model.h"
#include "cli/opts.h"
#include "cli/test_cover.h"
#include "cli/test_report.h"
#include "backend/interp.h"
#include "plan/result_write.h"
#include "runtime/reader.h"
#include "runtime/scratch.h"

enum { O_FORMAT, O_BACKEND, O_VERBOSE, O_INCLUDE, O_COVERAGE, O_MIN_COVERAGE, NOPTS };

static const cli_opt opts[NOPTS] = {
  [O_FORMAT] = {"format", 0, "FMT", "text (default), json or junit (JUnit XML for CI reports)"},
  [O_BACKEND] = {"backend", 0, "NAME", "what runs the model (default: the first available)"},
  [O_VERBOSE] = {"verbose", 'v', NULL, "list passing tests too (text format)"},
  [O_INCLUDE] = {"include", 'I', "DIR", "look for std/ modules in DIR first (repeatable)"},
  [O_COVERAGE] = {"coverage", 0, "lcov:FILE", "report rules, tiers and condition branches no test exercises; "
                  "lcov:FILE also writes LCOV", .arg_optional = true},
  [O_MIN_COVERAGE] = {"min-coverage", 0, "PCT", "exit status 1 when coverage is below PCT percent"},
};

static const cli_spec spec = {
  "test", "PATH…",
  "Run the tests of each model: the test blocks in MODEL.score and in MODEL_test.score beside it.\n"
  "A PATH that is a directory means every *.score model under it. Exit status 1 if any test fails.",
  opts, NOPTS,
};

typedef struct t_ctx {
  t_report rep;
  test_cover *cover;           /* NULL without --coverage */
  const lc_backend *backend;
  const char *const *include;
  int ninclude;
  bool io_error;
} t_ctx;

/* Per model: what decoding and scoring one `given` needs. */
typedef struct t_exec {
  const lc_plan *plan;
  const lc_sources *sources;
  lc_scorer *scorer;
  lc_decoder *decoder;
  void *rec;
  lc_result *res;
  lc_scratch scratch;
  lc_cover *cover;
} t_exec;

static const char *text_of(lc_arena *a, const lc_sources *s, lc_span sp) {
  const lc_source *src = lc_sources_get(s, sp.file);
  char *t = lc_arena_strndup(a, src->text + sp.start, sp.end - sp.start);
  for (char *p = t; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
  return t;
}

static uint32_t line_of(const lc_sources *s, lc_span sp) { return lc_sources_pos(s, sp.file, sp.start).line; }
static const char *file_of(const lc_sources *s, lc_span sp) { return lc_sources_get(s, sp.file)->path; }

static const char *points(lc_arena *a, double v) {
  lc_sb sb = {0};
  lc_write_points(&sb, v);
  const char *s = lc_arena_strdup(a, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  return s;
}

static const char *op_text(ast_binop op) {
  switch (op) {
  case OP_NE: return "!= ";
  case OP_LT: return "< ";
  case OP_LE: return "<= ";
  case OP_GT: return "> ";
  case OP_GE: return ">= ";
  default: return "";
  }
}

static bool holds(ast_binop op, double actual, double want) {
  switch (op) {
  case OP_NE: return actual != want;
  case OP_LT: return actual < want;
  case OP_LE: return actual <= want;
  case OP_GT: return actual > want;
  case OP_GE: return actual >= want;
  default: return actual == want;
  }
}

static void fail(lc_arena *a, t_case *c, const lc_sources *s, lc_span where, const char *expected, const char *actual) {
  t_fail *f = LC_NEW(a, t_fail);
  *f = (t_fail){lc_arena_strdup(a, file_of(s, where)), line_of(s, where), text_of(a, s, where),
                lc_arena_strdup(a, expected), lc_arena_strdup(a, actual)};
  lc_vec_push(a, &c->fails, f);
}

/* The reader names a field as `field "NAME"`, `field "NAME[2].at"` or `field "NAME.x"`. */
static bool names_field(const char *msg, const lc_field *f) {
  const char *names[] = {f->name, f->key};
  for (int i = 0; i < 2; i++) {
    size_t n = strlen(names[i]);
    const char *p = strstr(msg, "field \"");
    if (p && !strncmp(p + 7, names[i], n) && strchr("\"[.", p[7 + n])) return true;
  }
  return false;
}

static const char *rule_list(lc_arena *a, lc_rule *const *rules, uint32_t n, const lc_result *r, bool want) {
  lc_sb sb = {0};
  for (uint32_t i = 0; i < n; i++) {
    if (r && (bool)r->fired[rules[i]->index] == want) continue;
    lc_sb_printf(&sb, "%s%s", sb.len ? ", " : "", rules[i]->name);
  }
  const char *s = lc_arena_strdup(a, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  return s;
}

/* One expectation against a scored record. */
static void check_expect(lc_arena *a, t_case *c, const t_exec *x, const lc_expect *e) {
  const lc_result *r = x->res;
  const lc_sources *s = x->sources;
  lc_span at = e->ast->span;
  double actual = 0;
  switch (e->kind) {
  case AST_EXPECT_SCORE: actual = r->score; break;
  case AST_EXPECT_GROUP: actual = r->groups[e->group->index]; break;
  case AST_EXPECT_RULE: actual = lc_rt_round2(r->rules[e->rule->index]); break;
  case AST_EXPECT_TIER: {
    bool same = r->tier == (int32_t)e->tier->index;
    if (same == (e->op == OP_EQ)) return;
    const char *got = r->tier >= 0 ? x->plan->tiers[r->tier].name : "(no tier)";
    fail(a, c, s, at, lc_arena_printf(a, "%s\"%s\"", op_text(e->op), e->tier->name),
         lc_arena_printf(a, "\"%s\"", got));
    return;
  }
  case AST_EXPECT_FIRED: case AST_EXPECT_NOT_FIRED: {
    bool want = e->kind == AST_EXPECT_FIRED;
    const char *wrong = rule_list(a, e->rules, e->nrules, r, want);
    if (!*wrong) return;
    fail(a, c, s, at, lc_arena_printf(a, "%s: %s", want ? "fired" : "not fired", rule_list(a, e->rules, e->nrules, NULL, want)),
         lc_arena_printf(a, "%s: %s", want ? "did not fire" : "fired", wrong));
    return;
  }
  case AST_EXPECT_REJECTED:
    fail(a, c, s, at, lc_arena_printf(a, "rejected, naming \"%s\"", e->field->name), "scored");
    return;
  }
  if (holds(e->op, actual, e->value)) return;
  const char *got = points(a, actual);
  if (e->kind == AST_EXPECT_RULE && !r->fired[e->rule->index]) got = lc_arena_printf(a, "%s (did not fire)", got);
  fail(a, c, s, at, lc_arena_printf(a, "%s%s", op_text(e->op), points(a, e->value)), got);
}

static void run_test(t_ctx *t, t_model *md, t_exec *x, const lc_test *test) {
  lc_arena *a = &t->rep.a;
  const lc_sources *s = x->sources;
  t_case *c = LC_NEW(a, t_case);
  c->name = lc_arena_strdup(a, test->name);
  c->file = lc_arena_strdup(a, file_of(s, test->decl->span));
  c->line = line_of(s, test->decl->span);
  lc_vec_push(a, &md->cases, c);

  const lc_expect *rejected = NULL;
  for (uint32_t i = 0; i < test->nexpects; i++)
    if (test->expects[i].kind == AST_EXPECT_REJECTED) rejected = &test->expects[i];

  lc_decode_error err;
  int d = lc_decode_json(x->decoder, test->given_json, test->given_len, x->rec, &x->scratch, &err);
  if (d != LC_DECODE_OK) {
    const char *why = lc_arena_printf(a, "rejected: %s", err.msg);
    if (!rejected) fail(a, c, s, test->given_span, "a record that is scored", why);
    else if (!names_field(err.msg, rejected->field))
      fail(a, c, s, rejected->ast->span, lc_arena_printf(a, "rejected, naming \"%s\"", rejected->field->name), why);
  } else {
    lc_exec ex = {test->as_of_us, &x->scratch};
    lc_scorer_score(x->scorer, x->rec, &ex, x->res);
    if (x->cover) lc_cover_add_result(x->cover, x->res);
    for (uint32_t i = 0; i < test->nexpects; i++) check_expect(a, c, x, &test->expects[i]);
    for (uint32_t i = 0; i < x->plan->nrules; i++) c->nfired += x->res->fired[i];
    c->fired = LC_NEW_ARRAY(a, t_fired, c->nfired);
    for (uint32_t i = 0, k = 0; i < x->plan->nrules; i++)
      if (x->res->fired[i]) c->fired[k++] = (t_fired){lc_arena_strdup(a, x->plan->rules[i].name), lc_rt_round2(x->res->rules[i])};
  }
  lc_scratch_reset(&x->scratch);
  if (c->fails.n) {
    md->failed++;
    t->rep.failed++;
  }
  t->rep.tests++;
}

static void run_tests(t_ctx *t, t_model *md, cli_model *m) {
  t_exec x = {.plan = m->plan, .sources = &m->sources};
  char err[256];
  if (t->cover) x.cover = lc_cover_new(&m->arena, &m->sources, m->fe.program, m->plan);
  x.scorer = x.cover ? lc_interp_create_covering(m->plan, x.cover->seen, err, sizeof err)
                     : t->backend->create(m->plan, err, sizeof err);
  if (!x.scorer) {
    fprintf(stderr, "leadc test: %s: backend %s: %s\n", md->path, t->backend->name, err);
    md->broken = true;
    t->io_error = true;
    return;
  }
  const lc_record_desc *in = &m->plan->records[0];
  x.decoder = lc_decoder_new(in);
  x.rec = aligned_alloc(16, (LC_RECORD_SIZE(in->nslots) + 15) & ~(size_t)15);
  x.res = lc_result_new(m->plan);
  lc_scratch_init(&x.scratch);
  if (!x.decoder || !x.rec) {
    fputs("leadc test: out of memory\n", stderr);
    exit(EXIT_INTERNAL);
  }
  const lc_program *prog = m->fe.program;
  for (uint32_t i = 0; i < prog->tests.n; i++) run_test(t, md, &x, LC_VEC_AT(prog->tests, lc_test, i));
  if (x.cover) test_cover_model(t->cover, x.cover, md->path);
  lc_scratch_free(&x.scratch);
  lc_result_free(x.res);
  free(x.rec);
  lc_decoder_free(x.decoder);
  lc_scorer_free(x.scorer);
}

/* `explicit`: named on the command line, so a module is worth a note. */
static void run_model(t_ctx *t, const char *path, bool explicit) {
  cli_model m;
  cli_model_opts mo = {"test", t->include, t->ninclude, true, NULL};
  int rc = cli_model_load(&m, path, &mo);
  if (rc == EXIT_OK && !m.plan) {
    if (explicit) fprintf(stderr, "leadc test: %s is a module, not a model; skipped\n", path);
    cli_model_free(&m);
    return;
  }
  lc_arena *a = &t->rep.a;
  t_model *md = LC_NEW(a, t_model);
  md->path = lc_arena_strdup(a, rc == EXIT_INTERNAL ? path : m.fe.model_path);
  lc_vec_push(a, &t->rep.models, md);
  if (rc != EXIT_OK) {
    md->broken = true;
    t->rep.broken++;
    if (rc == EXIT_INTERNAL) t->io_error = true;
  } else {
    md->name = lc_arena_strdup(a, m.plan->model_name);
    run_tests(t, md, &m);
  }
  cli_model_free(&m);
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

/* Every model file under dir, depth first in name order, skipping hidden entries and test
 * files (they run with their model). */
static void collect(lc_arena *a, const char *dir, lc_vec *out) {
  DIR *d = opendir(dir);
  if (!d) return;
  lc_vec names = {0};
  for (struct dirent *e; (e = readdir(d));)
    if (e->d_name[0] != '.') lc_vec_push(a, &names, lc_arena_strdup(a, e->d_name));
  closedir(d);
  if (names.n) qsort(names.items, names.n, sizeof(void *), cmp_str);
  for (uint32_t i = 0; i < names.n; i++) {
    const char *name = names.items[i];
    char *path = !strcmp(dir, ".") ? lc_arena_strdup(a, name)
                 : lc_arena_printf(a, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", name);
    struct stat st;
    if (stat(path, &st)) continue;
    if (S_ISDIR(st.st_mode)) collect(a, path, out);
    else if (ends_with(name, ".score") && !ends_with(name, "_test.score")) lc_vec_push(a, out, path);
  }
}

static int run(const cli_args *args) {
  int rc;
  if (args->noperands < 1) return cli_usage_error("test", "missing a PATH (a model file or a directory)");
  t_format fmt = T_TEXT;
  const char *v = args->val[O_FORMAT];
  if (v && !strcmp(v, "json")) fmt = T_JSON;
  else if (v && !strcmp(v, "junit")) fmt = T_JUNIT;
  else if (v && strcmp(v, "text")) return cli_usage_error("test", "--format: expected text, json or junit, not '%s'", v);
  t_ctx t = {.backend = cli_backend_default(), .include = args->all[O_INCLUDE], .ninclude = args->nall[O_INCLUDE]};
  if ((v = args->val[O_BACKEND]) && !(t.backend = cli_backend_find(v))) {
    char names[128];
    cli_backend_names(names, sizeof names);
    return cli_usage_error("test", "--backend: '%s' is not available (available: %s)", v, names);
  }
  test_cover cover;
  if (cli_has(args, O_COVERAGE) || cli_has(args, O_MIN_COVERAGE)) {
    if ((v = args->val[O_BACKEND]) && strcmp(v, "interp"))
      return cli_usage_error("test", "coverage is measured on the interpreter; --backend=%s cannot be used with it", v);
    if ((rc = test_cover_init(&cover, args->val[O_COVERAGE], args->val[O_MIN_COVERAGE])) != EXIT_OK) return rc;
    t.cover = &cover;
  }
  lc_arena_init(&t.rep.a);

  for (int i = 0; i < args->noperands; i++) {
    const char *path = args->operands[i];
    struct stat st;
    if (stat(path, &st)) {
      fprintf(stderr, "leadc test: cannot read %s: %s\n", path, strerror(errno));
      t.io_error = true;
      continue;
    }
    if (!S_ISDIR(st.st_mode)) { run_model(&t, path, true); continue; }
    lc_vec files = {0};
    collect(&t.rep.a, path, &files);
    for (uint32_t k = 0; k < files.n; k++) run_model(&t, files.items[k], false);
  }

  t_report_write(&t.rep, fmt, args->val[O_VERBOSE] != NULL, stdout);
  rc = t.io_error ? EXIT_INTERNAL : t.rep.failed || t.rep.broken ? EXIT_FAIL : EXIT_OK;
  if (t.cover) {
    int crc = test_cover_report(t.cover, fmt == T_TEXT ? stdout : stderr, fmt == T_TEXT);
    if (crc == EXIT_INTERNAL || rc == EXIT_OK) rc = crc;
    test_cover_free(t.cover);
  }
  lc_arena_free(&t.rep.a);
  return rc;
}

int cmd_test(int argc, char **argv) { return cli_run(&spec, argc, argv, run); }
