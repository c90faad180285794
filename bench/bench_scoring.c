/* Scoring alone: time only the score function of the interpreter and of the JIT, in the same
 * process and on the same records, so the ratio isolates the code the backends generate from
 * reading and writing. Two ways, both printed:
 *   block by block: each ~1 MiB batch is decoded and then scored at once, as `leadc score` does,
 *     so the records are warm in cache when scored; only the scoring is timed. This is what a run
 *     of the pipeline pays for scoring.
 *   all decoded up front: every record is decoded first, then all are scored in a row; each
 *     record is then fetched cold from memory (hundreds of MB), which the JIT, doing little work
 *     per byte, feels far more than the interpreter.
 *
 * usage: bench_scoring MODEL INPUT.ndjson [--as-of=TIME] [--records=N] [--passes=P]
 * Prints one line per backend and way (CPU ns per record, records/s, best of P passes) and the ratios,
 * and fails if the backends disagree on any record's score or tier. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "backend/interp.h"
#include "backend/llvm/llvm_backend.h"
#include "front/frontend.h"
#include "plan/lower.h"
#include "runtime/reader.h"
#include "runtime/scratch.h"

typedef struct decoded {
  char **recs;              /* record structs, 16-byte aligned */
  size_t n;
  lc_scratch values;        /* their strings and lists, alive for the whole run */
  lc_batch *batches;        /* the input, batch by batch as the reader cut it */
  size_t nbatches;
  size_t size;              /* bytes per record struct */
} decoded;

/* The thread's CPU time, not wall time: on a shared machine a scorer preempted mid-block would
 * otherwise be charged for another process's work. Cache lines that process evicts still count. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what, const char *why) {
  fprintf(stderr, "bench_scoring: %s: %s\n", what, why);
  return 1;
}

/* Reads the first `limit` records into batches, kept for both ways of timing. */
static int read_file(const char *path, size_t limit, decoded *d) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return fail(path, strerror(errno));
  lc_reader *rd = lc_reader_open(&(lc_reader_options){.format = LC_INPUT_NDJSON}, lc_read_fd, &fd);
  size_t total = 0;
  int rc = 1;
  while (total < limit) {
    d->batches = realloc(d->batches, (d->nbatches + 1) * sizeof *d->batches);
    lc_batch *b = &d->batches[d->nbatches];
    lc_batch_init(b);
    if ((rc = lc_reader_next_batch(rd, b)) <= 0) {
      lc_batch_free(b);
      break;
    }
    d->nbatches++;
    if (b->n > limit - total) b->n = limit - total;
    total += b->n;
  }
  lc_reader_close(rd);
  close(fd);
  return rc < 0 ? fail(path, strerror(errno)) : 0;
}

static int decode_all(const lc_plan *plan, decoded *d) {
  lc_decoder *dec = lc_decoder_new(&plan->records[0]);
  lc_scratch_init(&d->values);
  size_t cap = 0;
  for (size_t k = 0; k < d->nbatches; k++)
    for (size_t i = 0; i < d->batches[k].n; i++) {
      if (d->n == cap) d->recs = realloc(d->recs, (cap = cap ? 2 * cap : 4096) * sizeof *d->recs);
      char *rec = aligned_alloc(16, d->size);
      lc_decode_error err;
      const lc_raw_record *raw = &d->batches[k].recs[i];
      if (lc_decode_json(dec, raw->ptr, raw->len, rec, &d->values, &err) == LC_DECODE_OK)
        d->recs[d->n++] = rec;
      else
        free(rec);
    }
  lc_decoder_free(dec);
  return 0;
}

/* All decoded up front: best of `passes` runs over every record; scores and tiers of the last
 * pass go to out. */
static double time_upfront(const lc_scorer *s, const lc_plan *plan, const decoded *d, int64_t as_of,
                           int passes, double *scores, int32_t *tiers) {
  lc_result *r = lc_result_new(plan);
  lc_scratch scratch;
  lc_scratch_init(&scratch);
  lc_exec x = {as_of, &scratch};
  double best = 1e30;
  for (int p = 0; p < passes; p++) {
    double t0 = now();
    for (size_t i = 0; i < d->n; i++) {
      lc_scorer_score(s, d->recs[i], &x, r);
      scores[i] = r->score;
      tiers[i] = r->tier;
      if ((i & 1023) == 1023) lc_scratch_reset(&scratch);   /* as the driver does per batch */
    }
    double t = now() - t0;
    if (t < best) best = t;
    lc_scratch_reset(&scratch);
  }
  lc_scratch_free(&scratch);
  lc_result_free(r);
  return best;
}

/* Block by block, as the driver does: one scratch per batch for decoding and scoring, reset
 * before the next; the batch's records decoded into one reused array, then scored while warm.
 * Only the scoring is timed; best of `passes` sums over the batches. */
static double time_blocks(const lc_scorer *s, const lc_plan *plan, const decoded *d, int64_t as_of,
                          int passes, double *scores, int32_t *tiers) {
  lc_result *r = lc_result_new(plan);
  lc_decoder *dec = lc_decoder_new(&plan->records[0]);
  lc_scratch scratch;
  lc_scratch_init(&scratch);
  lc_exec x = {as_of, &scratch};
  size_t cap = 0;
  for (size_t k = 0; k < d->nbatches; k++)
    if (d->batches[k].n > cap) cap = d->batches[k].n;
  char *recs = aligned_alloc(16, cap * d->size);
  double best = 1e30;
  for (int p = 0; p < passes; p++) {
    double t = 0;
    size_t out = 0;
    for (size_t k = 0; k < d->nbatches; k++) {
      const lc_batch *b = &d->batches[k];
      size_t n = 0;
      lc_scratch_reset(&scratch);
      for (size_t i = 0; i < b->n; i++) {
        lc_decode_error err;
        if (lc_decode_json(dec, b->recs[i].ptr, b->recs[i].len, recs + n * d->size, &scratch, &err) ==
            LC_DECODE_OK)
          n++;
      }
      double t0 = now();
      for (size_t i = 0; i < n; i++, out++) {
        lc_scorer_score(s, recs + i * d->size, &x, r);
        scores[out] = r->score;
        tiers[out] = r->tier;
      }
      t += now() - t0;
    }
    if (t < best) best = t;
  }
  free(recs);
  lc_scratch_free(&scratch);
  lc_decoder_free(dec);
  lc_result_free(r);
  return best;
}

static int compare(const char *what, size_t n, const double *sa, const int32_t *ta, const double *sb,
                   const int32_t *tb) {
  for (size_t i = 0; i < n; i++)
    if (sa[i] != sb[i] || ta[i] != tb[i]) {
      fprintf(stderr, "bench_scoring: %s, record %zu: %.17g/%d against %.17g/%d\n", what, i, sa[i], ta[i],
              sb[i], tb[i]);
      return 1;
    }
  return 0;
}

int main(int argc, char **argv) {
  const char *model = NULL, *input = NULL, *as_of_text = "2024-05-01T00:00:00Z";
  size_t limit = SIZE_MAX;
  int passes = 3;
  for (int i = 1; i < argc; i++) {
    if (!strncmp(argv[i], "--as-of=", 8)) as_of_text = argv[i] + 8;
    else if (!strncmp(argv[i], "--records=", 10)) limit = strtoull(argv[i] + 10, NULL, 10);
    else if (!strncmp(argv[i], "--passes=", 9)) passes = atoi(argv[i] + 9);
    else if (!model) model = argv[i];
    else if (!input) input = argv[i];
    else return fail("usage", "bench_scoring MODEL INPUT.ndjson [--as-of=T] [--records=N] [--passes=P]");
  }
  int64_t as_of;
  if (!model || !input || passes < 1) return fail("usage", "bench_scoring MODEL INPUT.ndjson [--as-of=T] [--records=N] [--passes=P]");
  if (!lc_time_parse(as_of_text, strlen(as_of_text), &as_of)) return fail(as_of_text, "not an RFC 3339 time");

  lc_arena arena;
  lc_sources sources;
  lc_diags diags;
  lc_frontend fe;
  lc_arena_init(&arena);
  lc_sources_init(&sources, &arena);
  lc_diags_init(&diags, &arena, &sources);
  if (!lc_frontend_run(&fe, &arena, &sources, &diags, model, &(lc_frontend_opts){.no_test_sibling = true}))
    return fail(model, strerror(errno));
  if (diags.errors) {
    lc_diags_render(&diags, LC_DIAG_TEXT, false, stderr);
    return 1;
  }
  char err[256];
  lc_plan *plan = lc_lower(fe.program, &arena, err, sizeof err);
  if (!plan) return fail(model, err);

  decoded d = {.size = (LC_RECORD_SIZE(plan->records[0].nslots) + 15) & ~(size_t)15};
  if (read_file(input, limit, &d)) return 1;
  double t0 = now();
  decode_all(plan, &d);
  double decode_s = now() - t0;
  printf("decoded %zu records in %.3f s (%.0f records/s, decoding only)\n", d.n, decode_s,
         (double)d.n / decode_s);

  enum { BLOCKS, UPFRONT };
  static const char *const way[] = {"block by block (warm)", "all decoded up front (cold)"};
  const lc_backend *backends[] = {&lc_backend_interp, &lc_backend_jit};
  double secs[2][2];
  double *scores[2][2];
  int32_t *tiers[2][2];
  for (int b = 0; b < 2; b++) {
    lc_scorer *s = backends[b]->create(plan, err, sizeof err);
    if (!s) return fail(backends[b]->name, err);
    for (int w = 0; w < 2; w++) {
      scores[w][b] = malloc(d.n * sizeof(double));
      tiers[w][b] = malloc(d.n * sizeof(int32_t));
      secs[w][b] = (w == BLOCKS ? time_blocks : time_upfront)(s, plan, &d, as_of, passes, scores[w][b],
                                                              tiers[w][b]);
      printf("%-7s scoring alone, %-28s %8.1f ns/record  %10.0f records/s\n", backends[b]->name, way[w],
             secs[w][b] * 1e9 / (double)d.n, (double)d.n / secs[w][b]);
    }
    lc_scorer_free(s);
  }
  if (compare("interp against jit, block by block", d.n, scores[0][0], tiers[0][0], scores[0][1], tiers[0][1]) ||
      compare("interp against jit, up front", d.n, scores[1][0], tiers[1][0], scores[1][1], tiers[1][1]) ||
      compare("jit, block by block against up front", d.n, scores[0][1], tiers[0][1], scores[1][1], tiers[1][1]))
    return 1;
  for (int w = 0; w < 2; w++)
    printf("jit/interp scoring-alone speed-up, %s: %.1fx\n", way[w], secs[w][0] / secs[w][1]);
  printf("(best of %d passes, %zu records, results identical)\n", passes, d.n);

  for (int w = 0; w < 2; w++)
    for (int b = 0; b < 2; b++) {
      free(scores[w][b]);
      free(tiers[w][b]);
    }
  for (size_t i = 0; i < d.n; i++) free(d.recs[i]);
  free(d.recs);
  for (size_t i = 0; i < d.nbatches; i++) lc_batch_free(&d.batches[i]);
  free(d.batches);
  lc_scratch_free(&d.values);
  lc_plan_free(plan);
  lc_arena_free(&arena);
  return 0;
}
