/* `leadc score` as a library: its options, the run over every input, the summary and the exit
 * code, over a plan and a scorer from anywhere. `leadc score MODEL` gets them from the compiler
 * (cmd_score.c); a program made by `leadc build` from the model compiled into it
 * (score_compiled.c). Both link this through the leadc_driver library, which is why it knows
 * nothing of the front end or of backends. */
#ifndef LEADC_CLI_SCORE_MAIN_H
#define LEADC_CLI_SCORE_MAIN_H

#include <stdbool.h>

#include "backend/backend.h"
#include "cli/opts.h"

/* The options, in --help order; cli_args values are indexed by these. */
enum {
  SO_AS_OF, SO_INPUT_FORMAT, SO_FORMAT, SO_DELIMITER, SO_EXPLAIN, SO_PASSTHROUGH, SO_BACKEND,
  SO_THREADS, SO_ON_ERROR, SO_REJECTS, SO_MAX_REJECTS, SO_OUTPUT, SO_QUIET, SO_NO_TIMINGS,
  SO_INCLUDE, SO_NOPTS
};

typedef struct score_source {
  const char *usage;            /* operands for --help: "MODEL [INPUT…]" */
  const char *summary;          /* the --help paragraph */
  bool compiles;                /* operand 0 is the MODEL to compile; --backend and -I apply */
  void *ctx;
  /* With compiles: checks --backend where the option checks reach it; EXIT_OK or a usage
   * error (printed). */
  int (*check)(void *ctx, const cli_args *a);
  /* The plan and scorer to run, or an exit code, having printed why. close is called after
   * every open, whatever it returned. */
  int (*open)(void *ctx, const cli_args *a, const lc_plan **plan, const lc_scorer **scorer);
  void (*close)(void *ctx);
} score_source;

/* Runs the score command; argv[0] is the command's name. Returns the exit code. */
int score_main(const score_source *src, int argc, char **argv);

#endif
