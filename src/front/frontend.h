/* The front end's pipeline in one place: load → parse → resolve imports → check, with a dump
 * after each stage for golden tests (`leadc check --dump=ast|types`). Commands that go further
 * (score, test, emit) start here and lower the program they get back. */
#ifndef LEADC_FRONT_FRONTEND_H
#define LEADC_FRONT_FRONTEND_H

#include <stdbool.h>
#include <stdio.h>
#include "check/check.h"
#include "front/diag.h"
#include "front/resolve.h"

typedef enum lc_dump { LC_DUMP_NONE, LC_DUMP_AST, LC_DUMP_TYPES } lc_dump;

typedef struct lc_frontend_opts {
  const char *const *include_dirs;   /* -I DIR, searched in order before the embedded stdlib */
  uint32_t ninclude;
  lc_dump dump;
  FILE *dump_out;
  bool no_test_sibling;              /* do not load NAME_test.score next to NAME.score */
} lc_frontend_opts;

/* The result of one run. The sources and diagnostics are the caller's, so several files can be
 * checked into one report; everything else lives in the arena. */
typedef struct lc_frontend {
  lc_arena *arena;
  lc_sources *sources;
  lc_diags *diags;
  const char *model_path;            /* the model file actually read (a test file's model) */
  const char *test_path;             /* its sibling test file, NULL when none */
  lc_unit unit;
  lc_program *program;               /* NULL when the model file could not be read */
} lc_frontend;

/* Checks the model at path: `x.score` together with `x_test.score` beside it, and given
 * `x_test.score`, its model `x.score` when that exists. Reports every problem into diags.
 * Returns false, with errno set, only when the model file cannot be read at all. */
bool lc_frontend_run(lc_frontend *fe, lc_arena *a, lc_sources *s, lc_diags *d, const char *path,
                     const lc_frontend_opts *opts);
/* The same for a model whose text is in memory, checked as if read from path (imports resolve
 * beside it): a model rewritten by a command must still check before it is written out. */
bool lc_frontend_run_text(lc_frontend *fe, lc_arena *a, lc_sources *s, lc_diags *d, const char *path,
                          const char *text, uint32_t len, const lc_frontend_opts *opts);

/* ast_dump.c: stable text dumps for golden tests. The AST as parsed, or after checking with
 * each expression's type and what each name refers to. */
void lc_dump_ast(FILE *out, const lc_sources *s, const ast_module *m);
void lc_dump_types(FILE *out, const lc_sources *s, const lc_unit *u);

#endif
