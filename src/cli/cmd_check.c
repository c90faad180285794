/* leadc check FILE…: run the front end on each file and print every diagnostic, sorted by
 * position, in the format asked for. All files share one source table and one diagnostics list
 * so json and sarif give one document; a module imported by several models is checked with each,
 * so identical diagnostics are printed once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "front/frontend.h"
#include "plan/lower.h"
#include "plan/plan_dump.h"

static void help(FILE *out) {
  fputs("usage: leadc check [options] FILE…\n"
        "\n"
        "Parse, resolve imports and type-check rule files; print every diagnostic.\n"
        "A model's tests in NAME_test.score beside it are checked with it.\n"
        "\n"
        "options:\n"
        "  --format=FORMAT   text (default, on stderr), json, sarif or github (on stdout)\n"
        "  --werror          treat warnings as errors\n"
        "  -I DIR            look for `import \"std/NAME\"` in DIR/std/NAME.score first\n"
        "  --dump=STAGE      print the syntax tree (ast), the checked tree (types) or the\n"
        "                    model plan that backends run (plan) on stdout\n"
        "  -h, --help        show this help\n"
        "\n"
        "exit status: 0 no errors, 1 errors (or warnings with --werror), 2 usage error,\n"
        "4 a file could not be read. Every code is explained in docs/errors.md.\n",
        out);
}

/* --name=value or --name value; returns the value, or NULL when arg is not this option. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n)) return NULL;
  if (a[n] == '=') return a + n + 1;
  if (a[n]) return NULL;
  if (*i + 1 >= argc) { *missing = true; return NULL; }
  return argv[++*i];
}

static const lc_sources *sort_sources;   /* qsort has no context argument */

static const char *path_of(const lc_diag *g) {
  const lc_source *f = lc_sources_get(sort_sources, g->span.file);
  return f ? f->path : "";
}

static int cmp_identity(const void *pa, const void *pb) {
  const lc_diag *a = *(lc_diag *const *)pa, *b = *(lc_diag *const *)pb;
  int r = strcmp(path_of(a), path_of(b));
  if (r) return r;
  if (a->span.start != b->span.start) return a->span.start < b->span.start ? -1 : 1;
  if (a->span.end != b->span.end) return a->span.end < b->span.end ? -1 : 1;
  if (a->code != b->code) return a->code < b->code ? -1 : 1;
  return strcmp(a->message, b->message);
}

/* Duplicates come from one module checked with several models; they have the same path but
 * different file ids, so compare by path. */
static void dedupe(lc_diags *d) {
  if (!d->items.n) return;
  sort_sources = d->sources;
  qsort(d->items.items, d->items.n, sizeof(void *), cmp_identity);
  uint32_t n = 0;
  d->errors = d->warnings = 0;
  for (uint32_t i = 0; i < d->items.n; i++) {
    lc_diag *g = d->items.items[i];
    if (n) {
      const lc_diag *p = d->items.items[n - 1];
      if (p->code == g->code && p->span.start == g->span.start && p->span.end == g->span.end &&
          !strcmp(p->message, g->message) && !strcmp(path_of(p), path_of(g)))
        continue;
    }
    d->items.items[n++] = g;
    if (g->severity == LC_SEV_ERROR) d->errors++; else d->warnings++;
  }
  d->items.n = n;
}

/* --dump=plan: lowering runs only on a model that checked without errors. */
static bool dump_plan(const lc_frontend *fe, lc_arena *a) {
  if (fe->program->is_module) return true;
  char err[256];
  lc_plan *p = lc_lower(fe->program, a, err, sizeof err);
  if (!p) {
    fprintf(stderr, "leadc check: %s: %s\n", fe->model_path, err);
    return false;
  }
  lc_sb sb = {0};
  lc_plan_dump(p, &sb);
  fwrite(sb.buf, 1, sb.len, stdout);
  lc_sb_free(&sb);
  lc_plan_free(p);
  return true;
}

int cmd_check(int argc, char **argv) {
  lc_diag_format format = LC_DIAG_TEXT;
  bool werror = false;
  lc_dump dump = LC_DUMP_NONE;
  bool plan = false;
  const char **includes = calloc((size_t)argc + 1, sizeof *includes);
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  if (!includes || !files) {
    fputs("leadc check: out of memory\n", stderr);
    free(includes);
    free(files);
    return EXIT_INTERNAL;
  }
  uint32_t ninclude = 0, nfiles = 0;
  int rc = EXIT_OK;
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool missing = false;
    const char *v;
    if (only_files || a[0] != '-' || !strcmp(a, "-")) { files[nfiles++] = a; continue; }
    if (!strcmp(a, "--")) { only_files = true; continue; }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { help(stdout); goto done; }
    if (!strcmp(a, "--werror")) { werror = true; continue; }
    if (!strncmp(a, "-I", 2)) {
      if (a[2]) includes[ninclude++] = a + 2;
      else if (i + 1 < argc) includes[ninclude++] = argv[++i];
      else { rc = cli_usage_error("check", "-I needs a directory"); goto done; }
      continue;
    }
    if ((v = opt_value(argc, argv, &i, "--format", &missing))) {
      if (!strcmp(v, "text")) format = LC_DIAG_TEXT;
      else if (!strcmp(v, "json")) format = LC_DIAG_JSON;
      else if (!strcmp(v, "sarif")) format = LC_DIAG_SARIF;
      else if (!strcmp(v, "github")) format = LC_DIAG_GITHUB;
      else { rc = cli_usage_error("check", "unknown format '%s' (use text, json, sarif or github)", v); goto done; }
      continue;
    }
    if ((v = opt_value(argc, argv, &i, "--dump", &missing))) {
      if (!strcmp(v, "ast")) dump = LC_DUMP_AST;
      else if (!strcmp(v, "types")) dump = LC_DUMP_TYPES;
      else if (!strcmp(v, "plan")) plan = true;
      else { rc = cli_usage_error("check", "unknown dump stage '%s' (use ast, types or plan)", v); goto done; }
      continue;
    }
    if (missing) { rc = cli_usage_error("check", "%s needs a value", a); goto done; }
    rc = cli_usage_error("check", "unknown option '%s'", a);
    goto done;
  }
  if (!nfiles) { rc = cli_usage_error("check", "no rule files given"); goto done; }

  lc_arena arena;
  lc_arena_init(&arena);
  lc_sources sources;
  lc_sources_init(&sources, &arena);
  lc_diags diags;
  lc_diags_init(&diags, &arena, &sources);
  lc_frontend_opts opts = {includes, ninclude, dump, stdout, false};
  bool unreadable = false;
  for (uint32_t i = 0; i < nfiles; i++) {
    lc_frontend fe;
    uint32_t errors = diags.errors;
    if (!lc_frontend_run(&fe, &arena, &sources, &diags, files[i], &opts)) {
      fprintf(stderr, "leadc check: cannot read %s: %s\n", fe.model_path, strerror(errno));
      unreadable = true;
    } else if (plan && diags.errors == errors && !dump_plan(&fe, &arena)) {
      unreadable = true;
    }
  }
  dedupe(&diags);
  lc_diags_sort(&diags);
  uint32_t errors = lc_diags_render(&diags, format, werror, format == LC_DIAG_TEXT ? stderr : stdout);
  fflush(stdout);
  rc = unreadable ? EXIT_INTERNAL : errors ? EXIT_FAIL : EXIT_OK;
  lc_arena_free(&arena);
done:
  free(includes);
  free(files);
  return rc;
}
