/* Import resolution, lines() files and the front-end pipeline, on files written to a temporary
 * directory: relative paths, the embedded stdlib and -I overrides, cycles, modules imported
 * twice, what a module may hold, sibling test files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "check/check.h"
#include "front/frontend.h"
#include "front/resolve.h"

typedef struct fx {
  char dir[64];
  char *files[32];
  int nfiles;
  char *dirs[8];
  int ndirs;
  lc_arena a;
  lc_sources s;
  lc_diags d;
  lc_frontend fe;
} fx;

static int setup(void **state) {
  fx *f = test_calloc(1, sizeof *f);
  strcpy(f->dir, "/tmp/leadc_resolve_XXXXXX");
  assert_non_null(mkdtemp(f->dir));
  lc_arena_init(&f->a);
  lc_sources_init(&f->s, &f->a);
  lc_diags_init(&f->d, &f->a, &f->s);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  for (int i = f->nfiles - 1; i >= 0; i--) { unlink(f->files[i]); free(f->files[i]); }
  for (int i = f->ndirs - 1; i >= 0; i--) { rmdir(f->dirs[i]); free(f->dirs[i]); }
  rmdir(f->dir);
  lc_arena_free(&f->a);
  test_free(f);
  return 0;
}

static char *path(fx *f, const char *rel) {
  char *p = malloc(strlen(f->dir) + strlen(rel) + 2);
  sprintf(p, "%s/%s", f->dir, rel);
  return p;
}

static void mkdir_in(fx *f, const char *rel) {
  char *p = path(f, rel);
  assert_int_equal(mkdir(p, 0755), 0);
  f->dirs[f->ndirs++] = p;
}

static void write_file(fx *f, const char *rel, const char *text) {
  char *p = path(f, rel);
  FILE *fp = fopen(p, "w");
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
  f->files[f->nfiles++] = p;
}

static bool run(fx *f, const char *rel, const char *const *includes, uint32_t ninclude) {
  char *p = path(f, rel);
  lc_frontend_opts o = {includes, ninclude, LC_DUMP_NONE, NULL, false};
  bool ok = lc_frontend_run(&f->fe, &f->a, &f->s, &f->d, p, &o);
  free(p);
  lc_diags_sort(&f->d);
  return ok;
}

static void dump(const fx *f) {
  for (uint32_t i = 0; i < f->d.items.n; i++) {
    const lc_diag *g = f->d.items.items[i];
    lc_pos p = lc_sources_pos(&f->s, g->span.file, g->span.start);
    const lc_source *src = lc_sources_get(&f->s, g->span.file);
    print_message("  %s %s:%u:%u %s\n", lc_code_name(g->code), src ? src->path : "?", p.line, p.col, g->message);
  }
}

/* A diagnostic with this code, in a file whose path ends with `file`, at line:col, with a
 * message containing `message` (messages name paths under the temporary directory). */
static const lc_diag *has(const fx *f, const char *code, const char *file, uint32_t line, uint32_t col, const char *message) {
  for (uint32_t i = 0; i < f->d.items.n; i++) {
    const lc_diag *g = f->d.items.items[i];
    const lc_source *src = lc_sources_get(&f->s, g->span.file);
    if (strcmp(lc_code_name(g->code), code) || !src) continue;
    size_t n = strlen(src->path), m = strlen(file);
    if (n < m || strcmp(src->path + n - m, file)) continue;
    lc_pos p = lc_sources_pos(&f->s, g->span.file, g->span.start);
    if (p.line == line && p.col == col && strstr(g->message, message)) return g;
  }
  print_message("missing %s %s:%u:%u %s; have:\n", code, file, line, col, message);
  dump(f);
  fail();
  return NULL;
}

static void only(const fx *f, uint32_t n) {
  if (f->d.items.n != n) {
    print_message("expected %u diagnostics, have %u:\n", n, f->d.items.n);
    dump(f);
    fail();
  }
}

#define F ((fx *)*state)
#define MODEL_HEAD "model m\ninput lead {\n  key id: string\n  email: string\n  size: int?\n}\ntier lead otherwise\n"

static uint32_t count_decls(const fx *f, ast_decl_kind kind, const char *name) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < f->fe.unit.decls.n; i++) {
    const ast_decl *d = f->fe.unit.decls.items[i];
    n += d->kind == kind && d->name && !strcmp(d->name, name);
  }
  return n;
}

static void test_relative_import_loaded_once(void **state) {
  mkdir_in(F, "mods");
  write_file(F, "mods/shared.score", "const big = 1000\n");
  write_file(F, "mods/helpers.score", "import \"./shared\"\ndef is_big(s: int?): bool = s >= big\n");
  write_file(F, "model.score", MODEL_HEAD "import \"mods/helpers.score\"\nimport \"mods/shared.score\"\n"
                                          "rule r when is_big(size) then +1\n");
  assert_true(run(F, "model.score", NULL, 0));
  only(F, 0);
  assert_int_equal(count_decls(F, AST_CONST, "big"), 1);
  assert_int_equal(count_decls(F, AST_DEF, "is_big"), 1);
  const lc_def *d = F->fe.program->defs.items[0];
  assert_true(d->in_module);
}

static void test_embedded_stdlib(void **state) {
  write_file(F, "model.score", MODEL_HEAD "import \"std/email\"\nrule r when free_email(email) then -10\n");
  assert_true(run(F, "model.score", NULL, 0));
  only(F, 0);
  const lc_program *p = F->fe.program;
  assert_true(p->list_files.n >= 1);
  const lc_list_file *lf = p->list_files.items[0];
  assert_int_equal(strncmp(lf->path, "std/lists/", 10), 0);
  assert_true(lc_sources_get(&F->s, lf->file)->embedded);
}

static void test_include_dir_overrides_stdlib(void **state) {
  mkdir_in(F, "inc");
  mkdir_in(F, "inc/std");
  mkdir_in(F, "inc/std/lists");
  write_file(F, "inc/std/lists/mine.txt", "example.org\n");
  write_file(F, "inc/std/email.score", "const mine = lines(\"lists/mine.txt\")\ndef free_email(a: string): bool = domain(a) in mine\n");
  write_file(F, "model.score", MODEL_HEAD "import \"std/email\"\nrule r when free_email(email) then -10\n");
  char *inc = path(F, "inc");
  const char *incs[] = {inc};
  assert_true(run(F, "model.score", incs, 1));
  free(inc);
  only(F, 0);
  const lc_list_file *lf = F->fe.program->list_files.items[0];
  assert_false(lc_sources_get(&F->s, lf->file)->embedded);
  assert_int_equal(lf->value->u.list.n, 1);
  assert_string_equal(lf->value->u.list.items[0]->u.str.s, "example.org");
}

static void test_import_not_found(void **state) {
  write_file(F, "model.score", MODEL_HEAD "import \"std/emial\"\nimport \"./nowhere.score\"\n");
  assert_true(run(F, "model.score", NULL, 0));
  const lc_diag *g = has(F, "E0401", "model.score", 8, 8, "cannot find the module \"std/emial\"");
  assert_string_equal(g->help, "did you mean \"std/email\"?");
  g = has(F, "E0401", "model.score", 9, 8, "cannot find the module \"./nowhere.score\"");
  assert_non_null(strstr(g->help, "nowhere.score"));
  only(F, 2);
}

static void test_import_cycle(void **state) {
  write_file(F, "a.score", "import \"./b\"\nconst a = 1\n");
  write_file(F, "b.score", "import \"./a\"\nconst b = 2\n");
  write_file(F, "model.score", MODEL_HEAD "import \"a\"\nrule r when size > a + b then +1\n");
  assert_true(run(F, "model.score", NULL, 0));
  has(F, "E0402", "b.score", 1, 8, "a.score → ");
  only(F, 1);
}

static void test_import_of_the_model_itself(void **state) {
  write_file(F, "back.score", "import \"./model\"\n");
  write_file(F, "model.score", MODEL_HEAD "import \"./back\"\n");
  assert_true(run(F, "model.score", NULL, 0));
  has(F, "E0402", "back.score", 1, 8, "these imports go round in a circle");
  only(F, 1);
}

static void test_module_restrictions(void **state) {
  write_file(F, "mod.score", "model sneaky\ninput x { key id: string }\ntier t otherwise\ndef ok(n: number): number = n\n");
  write_file(F, "model.score", MODEL_HEAD "import \"./mod\"\nrule r when ok(1) > 0 then +1\n");
  assert_true(run(F, "model.score", NULL, 0));
  has(F, "E0403", "mod.score", 1, 7, "a module cannot hold a model");
  has(F, "E0403", "mod.score", 2, 7, "a module cannot hold an input");
  has(F, "E0403", "mod.score", 3, 6, "a module cannot hold a tier");
  only(F, 3);
}

static void test_lines_relative_to_the_calling_file(void **state) {
  mkdir_in(F, "mods");
  mkdir_in(F, "mods/lists");
  write_file(F, "mods/lists/t.txt", "# accounts\nacme.io\n\n  globex.com \r\n");
  write_file(F, "mods/targets.score", "const targets = lines(\"lists/t.txt\")\n");
  write_file(F, "model.score", MODEL_HEAD "import \"mods/targets\"\n"
                                          "rule r when domain(email) in targets then +1\n"
                                          "rule q when domain(email) in lines(\"lists/t.txt\") then +1\n");
  assert_true(run(F, "model.score", NULL, 0));
  has(F, "E0404", "model.score", 10, 36, "cannot find the list file \"lists/t.txt\"");
  only(F, 1);
  const lc_const *k = F->fe.program->consts.items[0];
  assert_int_equal(k->value->u.list.n, 2);
  assert_string_equal(k->value->u.list.items[0]->u.str.s, "acme.io");
  assert_string_equal(k->value->u.list.items[1]->u.str.s, "globex.com");
}

static void test_unreadable(void **state) {
  mkdir_in(F, "dir.score");
  mkdir_in(F, "list_dir");
  write_file(F, "model.score", MODEL_HEAD "import \"./dir.score\"\nconst l = lines(\"list_dir\")\n"
                                          "rule r when email in l then +1\n");
  assert_true(run(F, "model.score", NULL, 0));
  has(F, "E0405", "model.score", 8, 8, "cannot read the module");
  has(F, "E0405", "model.score", 9, 17, "cannot read the list file \"list_dir\"");
  only(F, 2);
  assert_false(run(F, "missing.score", NULL, 0));
}

static void test_clash_with_a_module(void **state) {
  write_file(F, "mod.score", "const limit = 5\n");
  write_file(F, "model.score", MODEL_HEAD "import \"./mod\"\nconst limit = 6\nrule r when size > limit then +1\n");
  assert_true(run(F, "model.score", NULL, 0));
  const lc_diag *g = has(F, "E0204", "model.score", 9, 7, "limit is defined twice");
  const lc_note *n = g->notes.items[0];
  assert_true(lc_sources_get(&F->s, n->span.file) != lc_sources_get(&F->s, g->span.file));
  only(F, 1);
}

static void test_sibling_tests(void **state) {
  write_file(F, "model.score", MODEL_HEAD "rule r when size > 1 then +1\n");
  write_file(F, "model_test.score", "const n = 1\n"
                                    "test \"t\" {\n  as_of @2024-06-01\n  given {\"id\": \"1\", \"email\": \"a@b\"}\n"
                                    "  expect fired rr\n}\n"
                                    "rule not_here when true then +1\n");
  assert_true(run(F, "model_test.score", NULL, 0));
  has(F, "E0603", "model_test.score", 5, 16, "there is no rule named rr");
  has(F, "E0403", "model_test.score", 7, 6, "a test file cannot hold a rule");
  assert_non_null(strstr(F->fe.model_path, "/model.score"));
  assert_int_equal(F->fe.program->tests.n, 1);
  /* the const in the test file is the model's own: unused is worth a warning */
  has(F, "W0004", "model_test.score", 1, 7, "const n is never used");
  only(F, 3);
}

static void test_sibling_paths(void **state) {
  lc_arena *a = &F->a;
  assert_string_equal(lc_test_sibling(a, "m/x.score"), "m/x_test.score");
  assert_null(lc_test_sibling(a, "m/x_test.score"));
  assert_null(lc_test_sibling(a, "m/x.txt"));
  assert_string_equal(lc_model_of_test(a, "m/x_test.score"), "m/x.score");
  assert_null(lc_model_of_test(a, "m/x.score"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    T(test_relative_import_loaded_once), T(test_embedded_stdlib), T(test_include_dir_overrides_stdlib),
    T(test_import_not_found), T(test_import_cycle), T(test_import_of_the_model_itself), T(test_module_restrictions),
    T(test_lines_relative_to_the_calling_file), T(test_unreadable), T(test_clash_with_a_module),
    T(test_sibling_tests), T(test_sibling_paths),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
