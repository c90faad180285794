/* `leadc diff`: what a change to a model does. Three parts, each usable alone:
 *
 *   schema     whether NEW can read every record OLD reads, so one stream of records can be
 *              scored by both (NEW may add optional fields, widen int to number, add enum members,
 *              make a field optional; anything else is reported as E0701);
 *   structure  what changed in the text of the model: rules added, removed, re-weighted, with a
 *              new condition, decay, cap or floor, moved between groups; groups and their caps;
 *              tiers added, removed, moved or with a new condition; consts, defs, fields, range;
 *   records    what the change does to scored records: the tier transition matrix, how many
 *              leads changed tier, the distribution of score deltas, rules whose fire rate
 *              changed, and the records that moved most (with their key).
 *
 * The report is rendered as text, JSON or markdown (for a pull-request comment) into a buffer;
 * printing is the caller's. */
#ifndef LEADC_DIFF_DIFF_H
#define LEADC_DIFF_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include "check/check.h"
#include "front/diag.h"
#include "plan/plan.h"
#include "util/strbuf.h"

/* ---- schema.c */

/* Reports (E0701, at NEW's declaration with a note at OLD's) every field of OLD's input or list
 * element records that NEW would read differently, and every field NEW requires that OLD does
 * not read. Returns whether none was found. */
bool lc_diff_schema(const lc_program *old, const lc_program *new, lc_diags *diags);

/* ---- structure.c */

typedef enum lc_change_kind {
  LC_CH_VERSION, LC_CH_RANGE,
  LC_CH_FIELD_ADDED, LC_CH_FIELD_REMOVED, LC_CH_FIELD_TYPE,
  LC_CH_CONST, LC_CH_DEF,
  LC_CH_GROUP_ADDED, LC_CH_GROUP_REMOVED, LC_CH_GROUP_LIMITS,
  LC_CH_RULE_ADDED, LC_CH_RULE_REMOVED, LC_CH_RULE_POINTS, LC_CH_RULE_CONDITION, LC_CH_RULE_DECAY,
  LC_CH_RULE_LIMITS, LC_CH_RULE_GROUP,
  LC_CH_TIER_ADDED, LC_CH_TIER_REMOVED, LC_CH_TIER_MOVED, LC_CH_TIER_CONDITION,
} lc_change_kind;

/* One change. `subject` names what changed ("pricing_views", "lead.country"; NULL for the
 * version and the range); `before` and `after` describe it in the language's own words ("+5",
 * "decay half_life 14d"), NULL when the thing does not exist on that side. */
typedef struct lc_change {
  lc_change_kind kind;
  const char *subject;
  const char *before, *after;
} lc_change;

/* Appends the changes from OLD to NEW to out (lc_change*), in the order of the model: header,
 * fields, consts and defs, groups, rules, tiers. Strings live in a. */
void lc_diff_structure(const lc_program *old, const lc_program *new, const lc_sources *src, lc_arena *a,
                       lc_vec *out);

/* ---- compare.c */

typedef struct lc_diff lc_diff;

/* Statistics over records scored by both plans; keeps the `top` records that moved most. */
lc_diff *lc_diff_new(const lc_plan *old, const lc_plan *new, uint32_t top);
void lc_diff_free(lc_diff *d);
/* One record: both results, and the record's key as text (NULL: identified by input and line). */
void lc_diff_record(lc_diff *d, const lc_result *old, const lc_result *new, const char *key, uint32_t keylen,
                    const char *input, uint64_t line);

/* ---- report.c */

typedef enum lc_diff_format { LC_DIFF_TEXT, LC_DIFF_JSON, LC_DIFF_MARKDOWN, LC_DIFF_HTML } lc_diff_format;

typedef struct lc_diff_report {
  const lc_plan *old, *new;          /* or NULL with programs only, for a structural summary */
  const lc_program *old_prog, *new_prog;
  const char *old_path, *new_path;
  const lc_vec *changes;             /* lc_change* */
  const lc_diff *records;            /* NULL: no records were compared */
  const char *as_of;                 /* RFC 3339, with records */
  uint64_t read, rejected_old, rejected_new;
} lc_diff_report;

void lc_diff_render(const lc_diff_report *r, lc_diff_format fmt, lc_sb *out);

#endif
