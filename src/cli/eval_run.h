/* What `leadc eval` and `leadc calibrate` share: their common options (the first entries of
 * both option tables) and the run that compiles the model, scores every input and keeps the
 * labelled records. */
#ifndef LEADC_CLI_EVAL_RUN_H
#define LEADC_CLI_EVAL_RUN_H

#include <stdbool.h>

#include "cli/eval_input.h"
#include "cli/model.h"
#include "cli/opts.h"
#include "cli/score_run.h"
#include "eval/report.h"

enum {
  EO_LABEL, EO_POSITIVE, EO_AS_OF, EO_INPUT_FORMAT, EO_DELIMITER, EO_BACKEND, EO_ON_ERROR,
  EO_MAX_REJECTS, EO_INCLUDE, EO_COMMON
};

#define EVAL_COMMON_OPTS                                                                            \
  [EO_LABEL] = {"label", 0, "FIELD", "the outcome: a JSON key or CSV column (required)"},           \
  [EO_POSITIVE] = {"positive", 0, "VALUE", "the label value meaning converted (default: true/yes/1)"}, \
  [EO_AS_OF] = {"as-of", 0, "TIME", "score as of this RFC 3339 time (default: now)"},              \
  [EO_INPUT_FORMAT] = {"input-format", 0, "FMT", "ndjson or csv (default: from the extension)"},  \
  [EO_DELIMITER] = {"csv-delimiter", 0, "C", "CSV field delimiter (default ','; 'tab' for a tab)"}, \
  [EO_BACKEND] = {"backend", 0, "NAME", "what runs the model (default: the first available)"},     \
  [EO_ON_ERROR] = {"on-error", 0, "MODE", "skip (default: report rejected records) or fail (exit 3)"}, \
  [EO_MAX_REJECTS] = {"max-rejects", 0, "N", "stop with exit 3 after more than N rejected records"}, \
  [EO_INCLUDE] = {"include", 'I', "DIR", "look for std/ modules in DIR first (repeatable)"}

typedef struct eval_session {
  cli_model model;
  lc_scorer *scorer;
  score_run run;
  eval_input input;
  bool loaded;
} eval_session;

/* Parses the common options, compiles the model (operand 0) and scores every other operand
 * ("-" or none: stdin), keeping labelled records (with every rule's contribution when
 * keep_points). Returns an exit code, having printed why; s must be freed in every case. */
int eval_session_run(eval_session *s, const char *cmd, const cli_args *a, bool keep_points);
void eval_session_free(eval_session *s);

/* The figures' context for the printers. */
lc_eval_run eval_session_context(const eval_session *s, const cli_args *a);

#endif
