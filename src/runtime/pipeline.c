/* The pipeline of pipeline.h. Blocks are numbered in input order from the start of a run and
 * used round-robin: sequence number k lives in blocks[k % nblocks]. Three counters say where
 * everything is: blocks [nwritten, nread) are in flight, of which [ntaken, nread) still wait for
 * a worker. Because writing is in order, block k % nblocks is free for reading exactly when
 * nread - nwritten < nblocks, so no free list is needed; one mutex guards the counters and the
 * done flags, and no lock is held while reading, working or writing. */
#include "runtime/pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

struct lc_pipeline {
  lc_pipe_ops ops;
  lc_pipe_block *blocks;
  bool *done;                 /* per block: processed, waiting to be written */
  size_t nblocks;
  pthread_t *workers;
  unsigned nworkers;
  pthread_mutex_t mu;
  pthread_cond_t work_cv;     /* workers wait here for a block to process, or for quit */
  pthread_cond_t done_cv;     /* the calling thread waits here for a processed block */
  uint64_t nread, ntaken, nwritten;
  bool discard;               /* the run was stopped: finish nothing more */
  bool quit;
};

static void process(lc_pipeline *p, lc_pipe_block *b) {
  lc_scratch_reset(&b->scratch);
  p->ops.work(p->ops.ctx, b);
}

static void *worker(void *arg) {
  lc_pipeline *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->quit && p->ntaken == p->nread) pthread_cond_wait(&p->work_cv, &p->mu);
    if (p->quit) break;
    size_t i = p->ntaken++ % p->nblocks;
    bool skip = p->discard;
    pthread_mutex_unlock(&p->mu);
    if (!skip) process(p, &p->blocks[i]);
    pthread_mutex_lock(&p->mu);
    p->done[i] = true;
    pthread_cond_signal(&p->done_cv);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

lc_pipeline *lc_pipeline_new(const lc_pipe_ops *ops, unsigned threads) {
  lc_pipeline *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->ops = *ops;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->work_cv, NULL);
  pthread_cond_init(&p->done_cv, NULL);
  /* Two blocks per worker keep each busy while the next-to-write one is slow; two more let the
   * reader and the writer work alongside them. */
  p->nblocks = threads > 1 ? 2 * (size_t)threads + 2 : 1;
  p->blocks = calloc(p->nblocks, sizeof *p->blocks);
  p->done = calloc(p->nblocks, sizeof *p->done);
  p->workers = threads > 1 ? calloc(threads, sizeof *p->workers) : NULL;
  if (!p->blocks || !p->done || (threads > 1 && !p->workers)) {
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
  for (unsigned t = 0; t < threads && threads > 1; t++) {
    if (pthread_create(&p->workers[t], NULL, worker, p)) break;
    p->nworkers++;
  }
  return p;
}

void lc_pipeline_free(lc_pipeline *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  p->quit = true;
  pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
  for (unsigned t = 0; t < p->nworkers; t++) pthread_join(p->workers[t], NULL);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->work_cv);
  pthread_cond_destroy(&p->done_cv);
  for (size_t i = 0; p->blocks && i < p->nblocks; i++) {
    if (p->blocks[i].user) p->ops.block_free(p->ops.ctx, p->blocks[i].user);
    lc_batch_free(&p->blocks[i].batch);
    lc_scratch_free(&p->blocks[i].scratch);
  }
  free(p->blocks);
  free(p->done);
  free(p->workers);
  free(p);
}

static int run_inline(lc_pipeline *p, int *write_rc) {
  lc_pipe_block *b = &p->blocks[0];
  int got;
  while ((got = p->ops.read(p->ops.ctx, &b->batch)) > 0) {
    process(p, b);
    if ((*write_rc = p->ops.write(p->ops.ctx, b))) return LC_PIPE_STOPPED;
  }
  return got < 0 ? LC_PIPE_READ_ERROR : LC_PIPE_DONE;
}

int lc_pipeline_run(lc_pipeline *p, int *write_rc) {
  *write_rc = 0;
  if (!p->nworkers) return run_inline(p, write_rc);
  int rc = LC_PIPE_DONE, read_errno = 0;
  bool reading = true;
  pthread_mutex_lock(&p->mu);
  p->nread = p->ntaken = p->nwritten = 0;
  p->discard = false;
  for (;;) {
    /* Writing first frees blocks for reading; after a stop, processed blocks are only dropped. */
    while (p->nwritten < p->nread && p->done[p->nwritten % p->nblocks]) {
      size_t i = p->nwritten % p->nblocks;
      pthread_mutex_unlock(&p->mu);
      int w = rc == LC_PIPE_STOPPED ? 0 : p->ops.write(p->ops.ctx, &p->blocks[i]);
      pthread_mutex_lock(&p->mu);
      p->done[i] = false;
      p->nwritten++;
      if (w) {
        *write_rc = w;
        rc = LC_PIPE_STOPPED;
        reading = false;
        p->discard = true;
      }
    }
    if (reading && p->nread - p->nwritten < p->nblocks) {
      lc_batch *b = &p->blocks[p->nread % p->nblocks].batch;
      pthread_mutex_unlock(&p->mu);
      int got = p->ops.read(p->ops.ctx, b);
      if (got < 0) read_errno = errno;
      pthread_mutex_lock(&p->mu);
      if (got > 0) {
        p->nread++;
        pthread_cond_signal(&p->work_cv);
      } else {
        reading = false;
        if (got < 0) rc = LC_PIPE_READ_ERROR;
      }
      continue;
    }
    if (!reading && p->nwritten == p->nread) break;
    pthread_cond_wait(&p->done_cv, &p->mu);
  }
  pthread_mutex_unlock(&p->mu);
  if (rc == LC_PIPE_READ_ERROR) errno = read_errno;
  return rc;
}
