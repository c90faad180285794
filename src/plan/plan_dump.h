/* `--dump=plan`: a stable, line-oriented text form of a plan, for golden tests and debugging. */
#ifndef LEADC_PLAN_PLAN_DUMP_H
#define LEADC_PLAN_PLAN_DUMP_H

#include "plan/plan.h"
#include "util/strbuf.h"

void lc_plan_dump(const lc_plan *p, lc_sb *out);

#endif
