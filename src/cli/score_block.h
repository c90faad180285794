/* The working half of `leadc score`: one block of raw records decoded, scored and formatted
 * into rows (or, for a sink, each result kept), with every reject noted where it falls among
 * the rows. Nothing here prints or counts: the writer (score_run.c) replays a block in input
 * order, so reports, counts, sink calls and where a stopped run ends do not depend on how many
 * threads filled the blocks. */
#ifndef LEADC_CLI_SCORE_BLOCK_H
#define LEADC_CLI_SCORE_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend/backend.h"
#include "plan/result_write.h"
#include "runtime/reader.h"

/* What every thread shares during one input, read-only. */
typedef struct score_env {
  const lc_plan *plan;
  const lc_scorer *scorer;
  const lc_decoder *decoder;
  const lc_csv_header *csv;    /* NULL: NDJSON */
  const lc_row_opts *row;
  int64_t as_of_us;
  bool keep_results;           /* a sink takes the results: keep them instead of writing rows */
} score_env;

enum { SCORE_REJECTED = -2 };  /* in score_block.tier; -1 is a scored record without a tier */

typedef struct score_reject {
  size_t out_end;              /* out.len when it was rejected: the rows before it end here */
  lc_decode_error err;
} score_reject;

typedef struct score_block {
  lc_sb out;                   /* the rows of the scored records, in input order */
  int32_t *tier;               /* per record: tier index, -1 or SCORE_REJECTED */
  lc_result *results;          /* per record, with keep_results (rejected ones unset) */
  score_reject *rejects;       /* in input order */
  size_t nrejects;
  bool out_of_memory;          /* the block is incomplete and must not be written */
  /* reused from block to block */
  size_t cap, rejects_cap;
  double *values;              /* the results' groups and rules */
  uint8_t *fired;
  void *rec;
  lc_result *result;
} score_block;

/* NULL when out of memory. */
score_block *score_block_new(const lc_plan *plan);
void score_block_free(score_block *b);

/* Fills b from the records of batch; decoded values live in scratch. */
void score_block_fill(score_block *b, const score_env *env, const lc_batch *batch, lc_scratch *scratch);

#endif
