/* The observations `leadc eval` and `leadc calibrate` learn from: for every scored record that
 * has a label, its score, tier, which rules fired and (for calibrate) every rule's contribution,
 * and whether it converted. Unlike scoring, evaluation must hold all of them: a ROC curve needs
 * every score sorted, a fit needs every row. That is about nrules + 10 bytes per record (plus
 * 8 × nrules with contributions), stored column-wise.
 *
 * Also here: reading a label value (a bool, 0/1, or a value named by --positive). */
#ifndef LEADC_EVAL_DATA_H
#define LEADC_EVAL_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "leadc/runtime.h"
#include "runtime/reader.h"

typedef struct lc_eval_data {
  uint32_t nrules;
  bool keep_points;         /* calibrate: also keep each rule's contribution */
  size_t n, cap;
  double *score;            /* [n] */
  uint8_t *label;           /* [n] 1 converted, 0 not */
  int32_t *tier;            /* [n] -1 when no tier matched */
  uint8_t *fired;           /* [n × nrules] */
  double *points;           /* [n × nrules] unrounded contributions (0 unless fired), or NULL */
} lc_eval_data;

void lc_eval_data_init(lc_eval_data *d, uint32_t nrules, bool keep_points);
void lc_eval_data_free(lc_eval_data *d);
/* Appends one labelled record. False when out of memory (d is unchanged). */
bool lc_eval_data_add(lc_eval_data *d, const lc_result *r, bool converted);

typedef enum lc_label {
  LC_LABEL_NO,              /* did not convert */
  LC_LABEL_YES,             /* converted */
  LC_LABEL_NONE,            /* no label: absent, null, empty, or one of missing_values */
  LC_LABEL_INVALID,         /* present but not readable as an outcome (e.g. "maybe" without --positive) */
} lc_label;

/* What a label value says. With positive == NULL: true/false (JSON), 1/0 (a JSON number or
 * text), and the words true/false, yes/no in any case. With positive: the outcome is "yes"
 * exactly when the value's text equals it (numbers also when numerically equal: --positive=1
 * matches 1.0), and every other present value is "no". missing_values (the input block's) read
 * as no label either way; arrays and objects are invalid. */
lc_label lc_label_read(const lc_peek *v, const char *positive, const char *const *missing_values,
                       uint32_t nmissing);

#endif
