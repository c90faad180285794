/* `leadc eval` output as text (a report for people, in aligned tables) and JSON (every figure,
 * for tools). The HTML form is src/report's. Undefined ratios print as n/a and null. */
#ifndef LEADC_CLI_EVAL_PRINT_H
#define LEADC_CLI_EVAL_PRINT_H

#include "eval/report.h"
#include "plan/plan.h"
#include "util/strbuf.h"

void eval_print_text(lc_sb *out, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run);
void eval_print_json(lc_sb *out, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run);

#endif
