/* The record loop of `leadc score`: read batches, decode, score, write rows in input order,
 * report and copy rejected records, count what happened. Batches are decoded and scored on
 * `threads` threads (runtime/pipeline.h, score_block.h) and replayed here in input order, so
 * everything printed is the same for any number of threads. Memory is bounded per batch: the
 * scratch that decoded strings, lists and builtin results live in is reset for every batch. */
#ifndef LEADC_CLI_SCORE_RUN_H
#define LEADC_CLI_SCORE_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "backend/backend.h"
#include "plan/result_write.h"
#include "runtime/reader.h"

/* Where scored records go instead of output rows (eval, calibrate). */
typedef struct score_sink {
  void *ctx;
  /* Before each input's records: its CSV header row, or NULL for NDJSON. Returns EXIT_OK or
   * the exit code that ends the run, having printed why. */
  int (*begin)(void *ctx, const char *name, const lc_raw_record *csv_header);
  /* Each scored record; scratch is the batch's, reset after it. False when out of memory. */
  bool (*record)(void *ctx, const lc_raw_record *raw, const lc_result *res, lc_scratch *scratch);
} score_sink;

typedef struct score_run {
  /* set by the caller */
  const char *cmd;              /* for messages: "score" (the default when NULL) */
  const score_sink *sink;       /* NULL: rows are written to out */
  const lc_plan *plan;
  const lc_scorer *scorer;
  int64_t as_of_us;
  bool input_format_given;      /* else each input's extension decides (.csv → CSV) */
  lc_input_format input_format;
  char delimiter;
  lc_row_opts row;
  FILE *out;
  FILE *rejects;                /* NULL: not copied */
  bool fail_fast;               /* --on-error=fail */
  int64_t max_rejects;          /* -1: no limit */
  bool progress;                /* a progress line on stderr (a terminal) */
  unsigned threads;             /* scoring threads; 0 or 1: the calling thread alone */

  /* counts, for the summary */
  uint64_t read, scored, rejected, bytes;
  uint64_t *tiers;              /* [ntiers + 1]: the last counts records without a tier */
  bool stopped;                 /* --on-error=fail or --max-rejects ended the run */
  double started;               /* monotonic seconds, for the progress line */
  struct score_state *st;       /* private to score_run.c */
} score_run;

/* Prepares what the loop needs for the whole run (decoder, record buffer, result). */
int score_run_init(score_run *r);
void score_run_free(score_run *r);

/* Scores one input ("-" is stdin). Returns EXIT_OK, EXIT_DATA (stopped by a rejected record) or
 * EXIT_INTERNAL (unreadable input, write error), having printed the reason. */
int score_run_input(score_run *r, const char *path);

/* The format an input is read in: --input-format, else its extension (.csv), else NDJSON. */
lc_input_format score_input_format(const score_run *r, const char *path);

/* The header row (CSV output) before the first input. */
void score_run_header(score_run *r);

double score_now(void);

#endif
