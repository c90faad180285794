/* Output rows for scored records, shared by `leadc score`, `leadc build` executables and the
 * embedding API, so every way of scoring prints the same bytes.
 *
 * NDJSON:  {"id":"L0000001","score":42.26,"tier":"lead"}
 *          the key field by its declared name (or "line":N when the input has no key); "tier" only
 *          when the model has tiers (null when none matched); --explain adds
 *          "groups":{name: total, …} and "rules":{name: points, …} for the rules that fired, in
 *          declaration order; --passthrough echoes the input object with these members appended.
 * CSV:     a header row, then KEY,score[,tier][,group…][,rule…] (groups and rules with --explain;
 *          an unfired rule's cell is empty), quoted per RFC 4180 where needed.
 * Points and scores are printed from their 2-decimal value: "42.26", "35", "-15", "0.5". */
#ifndef LEADC_PLAN_RESULT_WRITE_H
#define LEADC_PLAN_RESULT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "leadc/runtime.h"
#include "plan/plan.h"
#include "util/strbuf.h"

typedef enum lc_out_format { LC_OUT_NDJSON, LC_OUT_CSV } lc_out_format;

typedef struct lc_row_opts {
  lc_out_format format;
  bool explain;
  bool passthrough;         /* NDJSON only */
  char delim;               /* CSV */
} lc_row_opts;

/* A value already rounded to 2 decimals (lc_rt_round2), printed canonically; null if not finite. */
void lc_write_points(lc_sb *sb, double rounded);

/* Integers as integers, other values as the shortest %g text that reads back as the same double
 * (keys like 120 or 1.5, constants in plan dumps). */
void lc_write_double(lc_sb *sb, double v);

/* The CSV header row (nothing for NDJSON). */
void lc_write_header(lc_sb *sb, const lc_plan *p, const lc_row_opts *o);

/* One row, newline-terminated. rec is the decoded input record; line its 1-based input line;
 * raw/rawlen the input line as read (for --passthrough). */
void lc_write_row(lc_sb *sb, const lc_plan *p, const lc_row_opts *o, const void *rec,
                  uint64_t line, const lc_result *r, const char *raw, size_t rawlen);

#endif
