/* The record statistics of `leadc diff`, shared by compare.c (which fills them, one record at a
 * time, in memory that does not grow with the input) and report.c (which renders them). */
#ifndef LEADC_DIFF_DIFF_INTERNAL_H
#define LEADC_DIFF_DIFF_INTERNAL_H

#include "diff/diff.h"

enum { LC_DIFF_KEY_MAX = 80 };

/* A record that moved: kept while it is among the `top` largest |delta|. */
typedef struct lc_moved {
  double delta;
  uint64_t seq;                      /* input order, which breaks ties */
  double old_score, new_score;
  int32_t old_tier, new_tier;
  char key[LC_DIFF_KEY_MAX + 4];     /* "" when the input has no key; shortened with "…" */
  bool has_key;
  const char *input;
  uint64_t line;
} lc_moved;

struct lc_diff {
  const lc_plan *old, *new;
  uint64_t n;                        /* records compared */
  uint64_t *matrix;                  /* [(old->ntiers + 1) * (new->ntiers + 1)], last = no tier */
  uint64_t tier_changed, score_changed;
  double sum, sum_abs, min, max;
  /* how many records had each score delta, in hundredths: open addressing, never full */
  int64_t *delta_cents;
  uint64_t *delta_count;
  bool *delta_used;
  uint32_t cap, used;
  uint64_t *fired_old, *fired_new;   /* per rule of each plan */
  lc_moved *top;                     /* a heap: the least moved of the kept records first */
  uint32_t ntop, max_top;
};

/* report_data.c: figures shared by every form of the report. */
typedef struct lc_delta_stats { double mean, p50, p90, max, min, mean_abs; } lc_delta_stats;
lc_delta_stats lc_diff_delta_stats(const lc_diff *d);
/* A rule whose fire count changed; -1 on the side that does not have the rule. */
typedef struct lc_fire_row { const char *rule; int64_t old, new; uint32_t order; } lc_fire_row;
/* Most changed first. */
lc_fire_row *lc_diff_fire_rows(const lc_diff *d, lc_arena *a, uint32_t *n);
/* The kept records, most moved first (ties in input order). */
lc_moved *lc_diff_sorted_top(const lc_diff *d, lc_arena *a);
/* A score or delta as scores print; signed: "+5", "-2.5", "0". */
void lc_diff_points(lc_sb *sb, double v);
void lc_diff_signed_points(lc_sb *sb, double v);

/* report_json.c */
void lc_diff_render_json(const lc_diff_report *r, lc_sb *out);

/* html.c: the report as a self-contained HTML page (src/report draws the plots). */
void lc_diff_render_html(const lc_diff_report *r, lc_sb *out);

/* True when a tier of one plan and a tier of the other have the same name (-1: no tier). */
bool lc_diff_same_tier(const lc_diff *d, int32_t old_tier, int32_t new_tier);

#endif
