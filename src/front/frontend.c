#include "front/frontend.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "front/parse.h"

static bool is_file(const char *path) {
  struct stat st;
  return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static uint32_t load_stdin(lc_sources *s) {
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (len == cap) {
      char *nb = len < UINT32_MAX / 2 ? realloc(buf, cap *= 2) : NULL;
      if (!nb) { free(buf); errno = ENOMEM; return 0; }
      buf = nb;
    }
    size_t got = fread(buf + len, 1, cap - len, stdin);
    len += got;
    if (got == 0) break;
  }
  if (!buf) { errno = ENOMEM; return 0; }
  if (ferror(stdin)) { free(buf); errno = EIO; return 0; }
  uint32_t id = lc_sources_add(s, "<stdin>", buf, (uint32_t)len, false);
  free(buf);
  return id;
}

static bool run(lc_frontend *fe, lc_arena *a, lc_sources *s, lc_diags *d, const char *path,
                const char *text, uint32_t len, const lc_frontend_opts *o) {
  memset(fe, 0, sizeof *fe);
  fe->arena = a;
  fe->sources = s;
  fe->diags = d;
  fe->model_path = path;
  if (!o->no_test_sibling && strcmp(path, "-")) {
    const char *model = lc_model_of_test(a, path);
    const char *tests = lc_test_sibling(a, path);
    if (is_file(model)) {
      fe->model_path = model;
      fe->test_path = path;
    } else if (is_file(tests)) {
      fe->test_path = tests;
    }
  }

  /* 1. load */
  uint32_t file = text ? lc_sources_add(s, fe->model_path, text, len, false)
                : strcmp(path, "-") ? lc_sources_load(s, fe->model_path) : load_stdin(s);
  if (!file) return false;
  uint32_t test_file = fe->test_path ? lc_sources_load(s, fe->test_path) : 0;
  if (fe->test_path && !test_file)
    lc_report(d, LC_E0405, (lc_span){file, 0, 0}, "cannot read the test file %s: %s", fe->test_path, strerror(errno));

  /* 2. parse */
  ast_module *mod = lc_parse(s, file, a, d);
  ast_module *tests = test_file ? lc_parse(s, test_file, a, d) : NULL;
  if (o->dump == LC_DUMP_AST) {
    lc_dump_ast(o->dump_out, s, mod);
    if (tests) lc_dump_ast(o->dump_out, s, tests);
  }

  /* 3. resolve imports */
  lc_loader loader;
  lc_loader_init(&loader, a, s, d, o->include_dirs, o->ninclude);
  lc_resolve(&loader, mod, tests, &fe->unit);

  /* 4. check */
  fe->program = lc_check(&fe->unit, &loader, a, d);
  if (o->dump == LC_DUMP_TYPES) lc_dump_types(o->dump_out, s, &fe->unit);
  return true;
}

bool lc_frontend_run(lc_frontend *fe, lc_arena *a, lc_sources *s, lc_diags *d, const char *path,
                     const lc_frontend_opts *o) {
  return run(fe, a, s, d, path, NULL, 0, o);
}

bool lc_frontend_run_text(lc_frontend *fe, lc_arena *a, lc_sources *s, lc_diags *d, const char *path,
                          const char *text, uint32_t len, const lc_frontend_opts *o) {
  return run(fe, a, s, d, path, text, len, o);
}
