/* The pipeline of pipeline.h. Every thread of a run (the caller and the helpers) loops: take
 * the reader's turn and read the next block, work on it, mark it done, and, if no other thread
 * is writing, write every done block that is next in input order. So the block a thread has
 * just read is worked on by that same thread while it is still in its cache, no thread exists
 * only to hand blocks around, and the -j N threads are all that run.
 *
 * Blocks are numbered in input order from the start of a run and used round-robin: sequence
 * number k lives in blocks[k % nblocks], which is free for reading exactly when
 * nread - nwritten < nblocks, because writing is in order. One mutex guards the counters, the
 * done flags and the two turns (reading, writing); no lock is held while reading, working or
 * writing. The writer re-checks for the next done block after every write, so a block finished
 * while another thread writes is never left behind. */
#include "runtime/pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

struct lc_pipeline {
  lc_pipe_ops ops;
  lc_pipe_block *blocks;
  bool *done;                 /* per block: worked on, waiting to be written */
  size_t nblocks;
  pthread_t *helpers;
  unsigned nhelpers;
  pthread_mutex_t mu;
  pthread_cond_t cv;          /* a slot or a turn came free, a run started or ended, or quit */
  uint64_t run;               /* runs started; helpers join each new one */
  unsigned active;            /* threads still inside the current run */
  uint64_t nread, nwritten;
  bool reading;               /* the input may have more blocks and nothing stopped the run */
  bool read_turn, write_turn; /* a thread is reading / writing */
  bool discard;               /* the run was stopped: finish nothing more */
  bool quit;
  int rc, write_rc, read_errno;
};

/* Takes the write turn, if free, and writes every done block that is next in order; called holding
 * mu. The turn is given up only when the next block is not done, so a block marked done while
 * another thread writes is always picked up by that writer. */
static void write_ready(lc_pipeline *p) {
  if (p->write_turn) return;
  p->write_turn = true;
  while (p->nwritten < p->nread && p->done[p->nwritten % p->nblocks]) {
    size_t i = p->nwritten % p->nblocks;
    bool drop = p->rc == LC_PIPE_STOPPED;
    pthread_mutex_unlock(&p->mu);
    int w = drop ? 0 : p->ops.write(p->ops.ctx, &p->blocks[i]);
    pthread_mutex_lock(&p->mu);
    p->done[i] = false;
    p->nwritten++;
    if (w) {
      p->write_rc = w;
      p->rc = LC_PIPE_STOPPED;
      p->reading = false;
      p->discard = true;
    }
    pthread_cond_broadcast(&p->cv);
  }
  p->write_turn = false;
}

/* One thread's share of a run; called and returns holding mu. */
static void take_part(lc_pipeline *p) {
  while (p->reading) {
    if (p->read_turn || p->nread - p->nwritten >= p->nblocks) {
      pthread_cond_wait(&p->cv, &p->mu);
      continue;
    }
    uint64_t seq = p->nread;
    lc_pipe_block *b = &p->blocks[seq % p->nblocks];
    p->read_turn = true;
    pthread_mutex_unlock(&p->mu);
    int got = p->ops.read(p->ops.ctx, &b->batch);
    int read_errno = errno;
    pthread_mutex_lock(&p->mu);
    p->read_turn = false;
    pthread_cond_broadcast(&p->cv);
    if (got <= 0) {
      p->reading = false;
      if (got < 0 && p->rc == LC_PIPE_DONE) {
        p->rc = LC_PIPE_READ_ERROR;
        p->read_errno = read_errno;
      }
      break;
    }
    p->nread++;
    bool skip = p->discard;
    pthread_mutex_unlock(&p->mu);
    if (!skip) {
      lc_scratch_reset(&b->scratch);
      p->ops.work(p->ops.ctx, b);
    }
    pthread_mutex_lock(&p->mu);
    p->done[seq % p->nblocks] = true;
    write_ready(p);
  }
  p->active--;
  pthread_cond_broadcast(&p->cv);
}

static void *helper(void *arg) {
  lc_pipeline *p = arg;
  uint64_t seen = 0;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->quit && p->run == seen) pthread_cond_wait(&p->cv, &p->mu);
    if (p->quit) break;
    seen = p->run;
    take_part(p);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

lc_pipeline *lc_pipeline_new(const lc_pipe_ops *ops, unsigned threads) {
  lc_pipeline *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->ops = *ops;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  /* Two blocks per thread keep each busy while the next one to be written is slow. */
  p->nblocks = threads > 1 ? 2 * (size_t)threads : 1;
  p->blocks = calloc(p->nblocks, sizeof *p->blocks);
  p->done = calloc(p->nblocks, sizeof *p->done);
  p->helpers = threads > 1 ? calloc(threads - 1, sizeof *p->helpers) : NULL;
  if (!p->blocks || !p->done || (threads > 1 && !p->helpers)) {
    lc_pipeline_free(p);
    return NULL;
  }
  for (size_t i = 0; i < p->nblocks; i++) {
    lc_batch_init(&p->blocks[i].batch);
    lc_scratch_init(&p->blocks[i].scratch);
    if (!(p->blocks[i].user = ops->block_new(ops->ctx))) {
      lc_pipeline_free(p);
      return NULL;
    }
  }
  for (unsigned t = 0; t + 1 < threads; t++) {
    if (pthread_create(&p->helpers[t], NULL, helper, p)) break;
    p->nhelpers++;
  }
  return p;
}

void lc_pipeline_free(lc_pipeline *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  p->quit = true;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  for (unsigned t = 0; t < p->nhelpers; t++) pthread_join(p->helpers[t], NULL);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->cv);
  for (size_t i = 0; p->blocks && i < p->nblocks; i++) {
    if (p->blocks[i].user) p->ops.block_free(p->ops.ctx, p->blocks[i].user);
    lc_batch_free(&p->blocks[i].batch);
    lc_scratch_free(&p->blocks[i].scratch);
  }
  free(p->blocks);
  free(p->done);
  free(p->helpers);
  free(p);
}

int lc_pipeline_run(lc_pipeline *p, int *write_rc) {
  pthread_mutex_lock(&p->mu);
  p->nread = p->nwritten = 0;
  p->reading = true;
  p->discard = false;
  p->rc = LC_PIPE_DONE;
  p->write_rc = 0;
  p->active = p->nhelpers + 1;
  p->run++;
  pthread_cond_broadcast(&p->cv);
  take_part(p);
  while (p->active) pthread_cond_wait(&p->cv, &p->mu);
  int rc = p->rc;
  *write_rc = p->write_rc;
  int read_errno = p->read_errno;
  pthread_mutex_unlock(&p->mu);
  if (rc == LC_PIPE_READ_ERROR) errno = read_errno;
  return rc;
}
