/* leadc score MODEL [INPUT…]: compile a model and score a stream of records (CLI.md). The
 * command itself is score_main.c, shared with programs made by `leadc build`; this file is the
 * part only the compiler has: reading MODEL and running it on the backend --backend names. */
#include <stdio.h>

#include "cli/backends.h"
#include "cli/cli.h"
#include "cli/model.h"
#include "cli/score_main.h"

typedef struct compiled_model {
  const lc_backend *backend;
  cli_model model;
  bool loaded;
  lc_scorer *scorer;
} compiled_model;

static int check(void *ctx, const cli_args *a) {
  compiled_model *c = ctx;
  const char *v = a->val[SO_BACKEND];
  c->backend = cli_backend_default();
  if (v && !(c->backend = cli_backend_find(v))) {
    char names[128];
    cli_backend_names(names, sizeof names);
    return cli_usage_error("score", "--backend: '%s' is not available (available: %s)", v, names);
  }
  return EXIT_OK;
}

static int open_model(void *ctx, const cli_args *a, const lc_plan **plan, const lc_scorer **scorer) {
  compiled_model *c = ctx;
  cli_model_opts mo = {"score", a->all[SO_INCLUDE], a->nall[SO_INCLUDE], false, NULL};
  int rc = cli_model_load(&c->model, a->operands[0], &mo);
  c->loaded = true;
  if (rc == EXIT_OK && !c->model.plan) {
    fprintf(stderr, "leadc score: %s is a module (it has no `model` declaration)\n", a->operands[0]);
    rc = EXIT_FAIL;
  }
  if (rc != EXIT_OK) return rc;
  char err[256];
  c->scorer = c->backend->create(c->model.plan, err, sizeof err);
  if (!c->scorer) {
    fprintf(stderr, "leadc score: backend %s: %s\n", c->backend->name, err);
    return EXIT_INTERNAL;
  }
  *plan = c->model.plan;
  *scorer = c->scorer;
  return EXIT_OK;
}

static void close_model(void *ctx) {
  compiled_model *c = ctx;
  lc_scorer_free(c->scorer);
  if (c->loaded) cli_model_free(&c->model);
}

int cmd_score(int argc, char **argv) {
  compiled_model c = {0};
  score_source src = {
    "MODEL [INPUT…]",
    "Compile MODEL and score records from each INPUT (NDJSON or CSV; '-' or none reads stdin).\n"
    "One output row per scored record, in input order; rejected records are reported on stderr.",
    true, &c, check, open_model, close_model,
  };
  return score_main(&src, argc, argv);
}
