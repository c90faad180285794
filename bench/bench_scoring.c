/* Scoring alone: decode the records of an NDJSON file once, then time only the score function of
 * the interpreter and of the JIT over the decoded records, in the same process and on the same
 * memory, so the ratio isolates the code the backends generate from reading and writing.
 *
 * usage: bench_scoring MODEL INPUT.ndjson [--as-of=TIME] [--records=N] [--passes=P]
 * Prints one line per backend (ns per record, records/s, best of P passes) and the ratio, and
 * fails if the two backends disagree on any record's score or tier. */
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
  lc_batch *batches;        /* the input bytes those strings point into */
  size_t nbatches;
} decoded;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what, const char *why) {
  fprintf(stderr, "bench_scoring: %s: %s\n", what, why);
  return 1;
}

static int decode_file(const char *path, const lc_plan *plan, size_t limit, decoded *d) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return fail(path, strerror(errno));
  lc_reader *rd = lc_reader_open(&(lc_reader_options){.format = LC_INPUT_NDJSON}, lc_read_fd, &fd);
  lc_decoder *dec = lc_decoder_new(&plan->records[0]);
  size_t size = (LC_RECORD_SIZE(plan->records[0].nslots) + 15) & ~(size_t)15, cap = 0;
  lc_scratch_init(&d->values);
  int rc;
  for (;;) {
    d->batches = realloc(d->batches, (d->nbatches + 1) * sizeof *d->batches);
    lc_batch *b = &d->batches[d->nbatches];
    lc_batch_init(b);
    if ((rc = lc_reader_next_batch(rd, b)) <= 0) break;
    d->nbatches++;
    for (size_t i = 0; i < b->n && d->n < limit; i++) {
      if (d->n == cap) d->recs = realloc(d->recs, (cap = cap ? 2 * cap : 4096) * sizeof *d->recs);
      char *rec = aligned_alloc(16, size);
      lc_decode_error err;
      if (lc_decode_json(dec, b->recs[i].ptr, b->recs[i].len, rec, &d->values, &err) == LC_DECODE_OK)
        d->recs[d->n++] = rec;
      else
        free(rec);
    }
    if (d->n == limit) break;
  }
  lc_batch_free(&d->batches[d->nbatches]);
  lc_decoder_free(dec);
  lc_reader_close(rd);
  close(fd);
  return rc < 0 ? fail(path, strerror(errno)) : 0;
}

/* Best of `passes` runs over every record; scores and tiers of the last pass go to out. */
static double time_scorer(const lc_scorer *s, const lc_plan *plan, const decoded *d, int64_t as_of,
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

  decoded d = {0};
  double t0 = now();
  if (decode_file(input, plan, limit, &d)) return 1;
  double decode_s = now() - t0;
  printf("decoded %zu records in %.3f s (%.0f records/s, reading and decoding only)\n", d.n, decode_s,
         (double)d.n / decode_s);

  const lc_backend *backends[] = {&lc_backend_interp, &lc_backend_jit};
  double secs[2];
  double *scores[2];
  int32_t *tiers[2];
  for (int b = 0; b < 2; b++) {
    lc_scorer *s = backends[b]->create(plan, err, sizeof err);
    if (!s) return fail(backends[b]->name, err);
    scores[b] = malloc(d.n * sizeof **scores);
    tiers[b] = malloc(d.n * sizeof **tiers);
    secs[b] = time_scorer(s, plan, &d, as_of, passes, scores[b], tiers[b]);
    printf("%-7s scoring alone: %8.1f ns/record  %10.0f records/s\n", backends[b]->name,
           secs[b] * 1e9 / (double)d.n, (double)d.n / secs[b]);
    lc_scorer_free(s);
  }
  for (size_t i = 0; i < d.n; i++)
    if (scores[0][i] != scores[1][i] || tiers[0][i] != tiers[1][i]) {
      fprintf(stderr, "bench_scoring: record %zu: interp %.17g/%d, jit %.17g/%d\n", i, scores[0][i],
              tiers[0][i], scores[1][i], tiers[1][i]);
      return 1;
    }
  printf("jit/interp scoring-alone speed-up: %.1fx (best of %d passes, %zu records, results identical)\n",
         secs[0] / secs[1], passes, d.n);

  for (int b = 0; b < 2; b++) {
    free(scores[b]);
    free(tiers[b]);
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
