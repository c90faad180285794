/* main() of a program made by `leadc build`: the score command (score_main.c) over the model
 * compiled into the program, named after the program in messages and --help. */
#include <stdio.h>
#include <string.h>

#include "backend/compiled.h"
#include "cli/cli.h"
#include "cli/score_main.h"

typedef struct built {
  const lc_compiled_model *model;
  lc_compiled *compiled;
} built;

static int open_built(void *ctx, const cli_args *a, const lc_plan **plan, const lc_scorer **scorer) {
  built *b = ctx;
  char err[256];
  b->compiled = lc_compiled_open(b->model, err, sizeof err);
  if (!b->compiled) {
    cli_msg("score", "%s", err);
    return EXIT_INTERNAL;
  }
  *plan = lc_compiled_plan(b->compiled);
  *scorer = lc_compiled_scorer(b->compiled);
  return EXIT_OK;
}

static void close_built(void *ctx) { lc_compiled_close(((built *)ctx)->compiled); }

int lc_compiled_main(int argc, char **argv, const lc_compiled_model *m) {
  const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
  cli_program = slash ? slash + 1 : argc > 0 ? argv[0] : m->name;
  char summary[512];
  snprintf(summary, sizeof summary,
           "Score records from each INPUT (NDJSON or CSV; '-' or none reads stdin) with the model\n"
           "%s%s%s built into this program by leadc %s, as `leadc score MODEL` would.\n"
           "One output row per scored record, in input order; rejected records are reported on stderr.",
           m->name, m->version ? " " : "", m->version ? m->version : "", m->leadc_version);
  built b = {m, NULL};
  score_source src = {"[INPUT…]", summary, false, &b, NULL, open_built, close_built};
  return score_main(&src, argc, argv);
}
