/* HTML reports: one self-contained file each (inline CSS, inline SVG drawn here, no script, no
 * fonts, images or anything else fetched), so a report can be mailed, attached to a ticket or
 * opened from a CI artifact and look the same offline. A Content-Security-Policy in the page
 * forbids every fetch, so a mistake here shows up as a console error instead of a silent
 * request. Rendering only appends to a buffer; writing it out is the caller's. */
#ifndef LEADC_REPORT_HTML_H
#define LEADC_REPORT_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "eval/report.h"
#include "plan/plan.h"
#include "util/strbuf.h"

/* `leadc eval --format=html`: summary figures, the tier and rule tables, and plots of the score
 * histogram by outcome, the ROC curve, conversion by score band, tier sizes and rule lift. */
void lc_html_eval(lc_sb *out, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run);

/* `leadc diff --format=html`, from plain figures so the diff code keeps its own structures. */
typedef struct lc_html_diff_view {
  const char *old_label, *new_label;      /* e.g. "b2b_saas 2024.11.1 (old.score)" */
  const char *as_of;                      /* RFC 3339, or NULL */
  uint64_t records, tier_changed, score_changed;
  /* The tier transition matrix: rows are OLD's tiers, columns NEW's, row-major counts. A last
   * row/column named "(no tier)" that is all zeros is not drawn. */
  uint32_t nold, nnew;
  const char *const *old_tiers, *const *new_tiers;
  const uint64_t *matrix;
  /* Score deltas (new − old): each distinct value once with how many records had it, any order. */
  const double *delta_value;
  const uint64_t *delta_count;
  size_t ndeltas;
  /* The diff's own text report, shown under the plots (the tables of changes, rules and the
   * records that moved most), or NULL. */
  const char *text_report;
} lc_html_diff_view;

void lc_html_diff(lc_sb *out, const lc_html_diff_view *v);

#endif
