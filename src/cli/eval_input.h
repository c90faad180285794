/* The labelled records of `leadc eval` and `leadc calibrate`: a score_run sink that reads each
 * scored record's label (runtime lc_peek_*: the label need not be a field of the model) and
 * keeps the labelled ones in an lc_eval_data. Records without a label, or with one that is not
 * an outcome, are counted and skipped. */
#ifndef LEADC_CLI_EVAL_INPUT_H
#define LEADC_CLI_EVAL_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/score_run.h"
#include "eval/data.h"

typedef struct eval_input {
  /* set by eval_input_init */
  const char *cmd;
  const char *label, *positive;
  const lc_record_desc *in;      /* the model's input: its missing_values apply to the label */
  char delimiter;
  lc_eval_data data;
  score_sink sink;

  uint64_t unlabelled, invalid;
  char first_invalid[160];       /* "NAME:LINE: VALUE" of the first unreadable label */

  /* per input */
  const char *name;
  bool csv;
  int32_t column;
} eval_input;

void eval_input_init(eval_input *e, const char *cmd, const lc_plan *p, const char *label,
                     const char *positive, char delimiter, bool keep_points);
void eval_input_free(eval_input *e);

/* After the run: a note on stderr when some labels could not be read. */
void eval_input_report(const eval_input *e);

#endif
