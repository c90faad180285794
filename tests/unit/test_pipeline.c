#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "runtime/pipeline.h"

/* A source of numbered one-record batches: batch k carries k in its record's line. Work squares
 * it after a pause that varies by block, so blocks finish out of order; write checks that they
 * arrive in order and can stop the run or fail reading at a chosen block. */
typedef struct fake {
  uint64_t nbatches, next_read, next_write;
  uint64_t stop_at;          /* write returns 7 for this batch; 0: never */
  uint64_t fail_at;          /* read fails (EIO) instead of returning this batch; 0: never */
  int blocks_alive;
  int out_of_order;          /* writes that broke the order; asserted by the main thread */
} fake;

typedef struct fake_user { uint64_t k, squared; } fake_user;

static void *fake_block_new(void *ctx) {
  ((fake *)ctx)->blocks_alive++;
  return calloc(1, sizeof(fake_user));
}

static void fake_block_free(void *ctx, void *user) {
  ((fake *)ctx)->blocks_alive--;
  free(user);
}

static int fake_read(void *ctx, lc_batch *b) {
  fake *f = ctx;
  if (f->next_read == f->nbatches) return 0;
  if (f->fail_at && f->next_read + 1 == f->fail_at) {
    errno = EIO;
    return -1;
  }
  if (!b->recs) {
    b->recs = malloc(sizeof *b->recs);
    b->recs_cap = 1;
  }
  b->recs[0] = (lc_raw_record){NULL, 0, ++f->next_read};
  b->n = 1;
  return 1;
}

static void fake_work(void *ctx, lc_pipe_block *b) {
  fake_user *u = b->user;
  u->k = b->batch.recs[0].line;
  struct timespec pause = {0, (long)(u->k % 4) * 200000};
  nanosleep(&pause, NULL);
  u->squared = u->k * u->k;
  lc_scratch_alloc(&b->scratch, 4096);   /* reset for every block, so never more than a block */
}

/* Any thread of the run may write, so failures are counted here and asserted by run(). */
static int fake_write(void *ctx, lc_pipe_block *b) {
  fake *f = ctx;
  fake_user *u = b->user;
  if (u->k != f->next_write + 1 || u->squared != u->k * u->k || b->scratch.bytes > 4096) f->out_of_order++;
  f->next_write++;
  return u->k == f->stop_at ? 7 : 0;
}

static int run(fake *f, unsigned threads, int *write_rc) {
  lc_pipe_ops ops = {f, fake_block_new, fake_block_free, fake_read, fake_work, fake_write};
  lc_pipeline *p = lc_pipeline_new(&ops, threads);
  assert_non_null(p);
  int rc = lc_pipeline_run(p, write_rc);
  int saved = errno;
  lc_pipeline_free(p);
  assert_int_equal(f->blocks_alive, 0);
  assert_int_equal(f->out_of_order, 0);
  errno = saved;
  return rc;
}

static void test_every_block_in_order(void **state) {
  for (unsigned threads = 1; threads <= 8; threads *= 2) {
    fake f = {.nbatches = 200};
    int w;
    assert_int_equal(run(&f, threads, &w), LC_PIPE_DONE);
    assert_int_equal(w, 0);
    assert_int_equal(f.next_write, 200);
  }
}

static void test_empty_input(void **state) {
  fake f = {0};
  int w;
  assert_int_equal(run(&f, 4, &w), LC_PIPE_DONE);
  assert_int_equal(f.next_write, 0);
}

static void test_stop_writes_nothing_after(void **state) {
  for (unsigned threads = 1; threads <= 8; threads *= 2) {
    fake f = {.nbatches = 200, .stop_at = 37};
    int w;
    assert_int_equal(run(&f, threads, &w), LC_PIPE_STOPPED);
    assert_int_equal(w, 7);
    assert_int_equal(f.next_write, 37);
  }
}

static void test_read_error_after_earlier_blocks(void **state) {
  for (unsigned threads = 1; threads <= 8; threads *= 2) {
    fake f = {.nbatches = 200, .fail_at = 51};
    int w;
    errno = 0;
    assert_int_equal(run(&f, threads, &w), LC_PIPE_READ_ERROR);
    assert_int_equal(errno, EIO);
    assert_int_equal(f.next_write, 50);
  }
}

static void test_stop_before_read_error(void **state) {
  fake f = {.nbatches = 200, .stop_at = 20, .fail_at = 21};
  int w;
  assert_int_equal(run(&f, 4, &w), LC_PIPE_STOPPED);
  assert_int_equal(f.next_write, 20);
}

/* A pipeline serves several inputs in turn. */
static void test_runs_again(void **state) {
  fake f = {.nbatches = 30};
  lc_pipe_ops ops = {&f, fake_block_new, fake_block_free, fake_read, fake_work, fake_write};
  lc_pipeline *p = lc_pipeline_new(&ops, 3);
  int w;
  for (int i = 0; i < 3; i++) {
    f.next_read = f.next_write = 0;
    assert_int_equal(lc_pipeline_run(p, &w), LC_PIPE_DONE);
    assert_int_equal(f.next_write, 30);
  }
  lc_pipeline_free(p);
  assert_int_equal(f.out_of_order, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_block_in_order),
      cmocka_unit_test(test_empty_input),
      cmocka_unit_test(test_stop_writes_nothing_after),
      cmocka_unit_test(test_read_error_after_earlier_blocks),
      cmocka_unit_test(test_stop_before_read_error),
      cmocka_unit_test(test_runs_again),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
