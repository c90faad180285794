/* Test coverage of a model (`leadc test --coverage`): which rules fired in at least one test,
 * which tiers some test ended in, and, for every condition joined to others by `and` / `or`,
 * whether some test saw it true and some test saw it false. Conditions are found in rule
 * conditions (`when`, and `where` of `each` rules), tier conditions, the `where` of aggregates
 * inside them or in a rule's points, and the bodies of the defs they call (in the model's own
 * files; the embedded standard library is not the model author's to test).
 *
 * The plan does not know where its nodes came from, so the checked program's conditions are
 * walked side by side with the plan's trees: an and/or in the source is an and/or in the plan
 * unless lowering folded it away (one side constant), and then it has nothing to cover. Outcomes
 * come from the reference interpreter, which records what every boolean node evaluated to
 * (lc_interp_create_covering). */
#ifndef LEADC_COVER_COVER_H
#define LEADC_COVER_COVER_H

#include <stdint.h>
#include "check/check.h"
#include "plan/plan.h"
#include "util/strbuf.h"

typedef enum lc_cover_kind { LC_COVER_RULE, LC_COVER_TIER, LC_COVER_BRANCH } lc_cover_kind;

typedef struct lc_cover_item {
  lc_cover_kind kind;
  const char *name;          /* rule or tier name; a branch: its condition in canonical layout */
  const char *owner;         /* a branch: "rule x", "tier y" or "def z" that holds it */
  lc_span span;
  uint32_t index;            /* rule, tier: in the plan */
  uint32_t hits;             /* rule: tests it fired in; tier: tests that ended in it */
  uint8_t seen;              /* branch: LC_SEEN_TRUE | LC_SEEN_FALSE, once lc_cover_finish ran */
  lc_vec ids;                /* branch: the plan nodes it became (a def inlined twice: two) */
} lc_cover_item;

typedef struct lc_cover {
  lc_arena *a;
  const lc_sources *src;
  const lc_plan *plan;
  uint8_t *seen;             /* [plan->nexprs], filled by the covering interpreter */
  lc_vec items;              /* lc_cover_item*, in file and source order after lc_cover_finish */
  lc_vec defs;               /* pairs: lc_def*, lc_vec* of the branches found in its body */
  uint32_t tests;            /* scored tests */
} lc_cover;

typedef struct lc_cover_totals {
  uint32_t rules, rules_hit, tiers, tiers_hit, branches, branches_hit;
} lc_cover_totals;

/* Everything lives in a; plan is prog lowered. */
lc_cover *lc_cover_new(lc_arena *a, const lc_sources *src, const lc_program *prog, const lc_plan *plan);
/* After each test whose record was scored. */
void lc_cover_add_result(lc_cover *c, const lc_result *r);
/* Folds the interpreter's observations into the branches and sorts the items. */
void lc_cover_finish(lc_cover *c);
lc_cover_totals lc_cover_totals_of(const lc_cover *c);
void lc_cover_totals_add(lc_cover_totals *sum, const lc_cover_totals *t);
/* Covered items in percent (100 when there is nothing to cover). */
double lc_cover_percent(const lc_cover_totals *t);

/* report.c: `FILE:LINE:COL: what was not exercised` lines and a summary, for people; and one
 * LCOV record per source file (rules and tiers as functions and lines, each condition as a
 * block of two branches: true and false). */
void lc_cover_text(const lc_cover *c, const char *model_path, lc_sb *out);
void lc_cover_lcov(const lc_cover *c, lc_sb *out);

#endif
