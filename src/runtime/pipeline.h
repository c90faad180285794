/* A parallel record pipeline with ordered output: batches of records are read one at a time,
 * processed concurrently, and handed, strictly in input order and one at a time, to a write
 * callback. Each of the run's threads (the calling thread among them) reads a batch, works on it
 * and writes whatever is ready, so read, work and write all run on every thread. What "work" and
 * "write" mean is the caller's business (for `leadc score`: decode, score and format rows; then
 * print them and report rejects), so the same engine serves every driver.
 *
 *        lc_pipeline *p = lc_pipeline_new(&ops, threads);
 *        rc = lc_pipeline_run(p, &write_rc);     // once per input
 *        lc_pipeline_free(p);
 *
 * Memory is bounded: a fixed number of blocks is in flight (one when threads == 1, a few per
 * thread otherwise), each with its own batch buffers, scratch and caller state, all reused.
 * With threads == 1 no thread is started: read, work and write alternate on the calling thread.
 * Callbacks that run one at a time see each other's effects (the turns are handed over under a
 * mutex), so read and write need no locking of their own.
 *
 * Determinism: blocks are cut by the reader alone and written in the order they were read, so
 * the output cannot depend on the number of threads or on scheduling. When write asks to stop,
 * no later block is written (blocks already being processed are finished and discarded). */
#ifndef LEADC_RUNTIME_PIPELINE_H
#define LEADC_RUNTIME_PIPELINE_H

#include "runtime/reader.h"
#include "runtime/scratch.h"

/* One block in flight: the records read, the scratch their decoded values live in (reset before
 * each work call), and the caller's state for it (from block_new). */
typedef struct lc_pipe_block {
  lc_batch batch;
  lc_scratch scratch;
  void *user;
} lc_pipe_block;

typedef struct lc_pipe_ops {
  void *ctx;                                             /* passed to every callback */
  void *(*block_new)(void *ctx);                         /* NULL: out of memory */
  void (*block_free)(void *ctx, void *user);
  /* One thread at a time, batches in input order. Like lc_reader_next_batch: 1 when b holds
   * records, 0 at the end, -1 on an error with errno set. */
  int (*read)(void *ctx, lc_batch *b);
  /* Any thread, concurrently with other work calls and with read and write. */
  void (*work)(void *ctx, lc_pipe_block *b);
  /* One thread at a time, blocks in input order. Nonzero stops the run; it is returned in
   * *write_rc. */
  int (*write)(void *ctx, lc_pipe_block *b);
} lc_pipe_ops;

typedef struct lc_pipeline lc_pipeline;

/* Runs use `threads` threads: the calling thread and threads - 1 helpers started here (as many as
 * the system allows; with none, the calling thread does everything). NULL when out of memory.
 * ops is copied. */
lc_pipeline *lc_pipeline_new(const lc_pipe_ops *ops, unsigned threads);
/* Stops the helpers; the pipeline must not be running. */
void lc_pipeline_free(lc_pipeline *p);

enum {
  LC_PIPE_DONE = 0,       /* read returned 0 and every block was written */
  LC_PIPE_STOPPED = 1,    /* write returned nonzero (*write_rc) */
  LC_PIPE_READ_ERROR = 2, /* read returned -1; every block before it was written; errno is read's */
};

/* Reads, processes and writes until the input ends, read fails or write stops the run. */
int lc_pipeline_run(lc_pipeline *p, int *write_rc);

#endif
