/* Compiling a model for the commands that run it (score, test): the front end, then lowering
 * to a plan. Everything lives in the model's own arena and is released with cli_model_free. */
#ifndef LEADC_CLI_MODEL_H
#define LEADC_CLI_MODEL_H

#include <stdbool.h>
#include <stdio.h>

#include "front/frontend.h"
#include "plan/plan.h"

typedef struct cli_model {
  lc_arena arena;
  lc_sources sources;
  lc_diags diags;
  lc_frontend fe;
  lc_plan *plan;               /* NULL for a module (a file without `model`) */
} cli_model;

typedef struct cli_model_opts {
  const char *cmd;             /* for messages: "score" */
  const char *const *include_dirs;
  int ninclude;
  bool with_tests;             /* also load NAME_test.score */
  FILE *plan_dump;             /* when not NULL, the plan's text form is written here */
} cli_model_opts;

/* Returns EXIT_OK, EXIT_FAIL after printing the diagnostics of a model with errors, or
 * EXIT_INTERNAL when the file cannot be read or lowering fails. m must be freed in every case. */
int cli_model_load(cli_model *m, const char *path, const cli_model_opts *o);
void cli_model_free(cli_model *m);

#endif
