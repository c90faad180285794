#include "cli/score_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "runtime/scratch.h"

struct score_state {
  lc_decoder *decoder;
  void *rec;
  lc_result *result;
  lc_scratch scratch;
  lc_sb out;
  lc_batch batch;
  double last_progress;
  bool progress_shown;
};

static const char *cmd_of(const score_run *r) { return r->cmd ? r->cmd : "score"; }

double score_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int score_run_init(score_run *r) {
  struct score_state *st = calloc(1, sizeof *st);
  const lc_record_desc *in = &r->plan->records[0];
  r->tiers = calloc(r->plan->ntiers + 1, sizeof *r->tiers);
  size_t size = (LC_RECORD_SIZE(in->nslots) + 15) & ~(size_t)15;
  if (st) {
    st->decoder = lc_decoder_new(in);
    st->rec = aligned_alloc(16, size ? size : 16);
  }
  r->st = st;
  if (!st || !st->decoder || !st->rec || !r->tiers) {
    fprintf(stderr, "leadc %s: out of memory\n", cmd_of(r));
    return EXIT_INTERNAL;
  }
  st->result = lc_result_new(r->plan);
  lc_scratch_init(&st->scratch);
  lc_batch_init(&st->batch);
  r->started = score_now();
  st->last_progress = r->started;
  return EXIT_OK;
}

void score_run_free(score_run *r) {
  struct score_state *st = r->st;
  if (st) {
    lc_decoder_free(st->decoder);
    free(st->rec);
    lc_result_free(st->result);
    lc_scratch_free(&st->scratch);
    lc_sb_free(&st->out);
    lc_batch_free(&st->batch);
    free(st);
  }
  free(r->tiers);
}

void score_run_header(score_run *r) {
  lc_sb sb = {0};
  lc_write_header(&sb, r->plan, &r->row);
  if (sb.len) fwrite(sb.buf, 1, sb.len, r->out);
  lc_sb_free(&sb);
}

/* Counts the bytes read for the MB/s figure. */
typedef struct counted_fd { int fd; uint64_t *bytes; } counted_fd;

static ssize_t read_counted(void *ctx, void *buf, size_t n) {
  counted_fd *c = ctx;
  ssize_t got = lc_read_fd(&c->fd, buf, n);
  if (got > 0) *c->bytes += (uint64_t)got;
  return got;
}

lc_input_format score_input_format(const score_run *r, const char *path) {
  if (r->input_format_given) return r->input_format;
  size_t n = strlen(path);
  return n >= 4 && !strcasecmp(path + n - 4, ".csv") ? LC_INPUT_CSV : LC_INPUT_NDJSON;
}

static void progress(score_run *r, bool final) {
  struct score_state *st = r->st;
  if (!r->progress) return;
  double now = score_now();
  if (final) {
    if (st->progress_shown) fputs("\r\033[K", stderr);
    return;
  }
  if (now - st->last_progress < 0.5) return;
  st->last_progress = now;
  st->progress_shown = true;
  fprintf(stderr, "\r\033[K%llu records scored, %llu rejected", (unsigned long long)r->scored,
          (unsigned long long)r->rejected);
}

/* A rejected record: reported, copied verbatim, and maybe the end of the run. */
static bool reject(score_run *r, const char *name, const lc_raw_record *raw, const char *msg) {
  r->rejected++;
  fprintf(stderr, "%s:%llu: rejected: %s\n", name, (unsigned long long)raw->line, msg);
  if (r->rejects) {
    fwrite(raw->ptr, 1, raw->len, r->rejects);
    fputc('\n', r->rejects);
  }
  if (r->fail_fast) {
    fprintf(stderr, "leadc %s: stopping at the first rejected record (--on-error=fail)\n", cmd_of(r));
    r->stopped = true;
  } else if (r->max_rejects >= 0 && r->rejected > (uint64_t)r->max_rejects) {
    fprintf(stderr, "leadc %s: more than %lld rejected records (--max-rejects), stopping\n",
            cmd_of(r), (long long)r->max_rejects);
    r->stopped = true;
  }
  return !r->stopped;
}

/* False when a sink ran out of memory. */
static bool score_one(score_run *r, const lc_raw_record *raw) {
  struct score_state *st = r->st;
  lc_exec x = {r->as_of_us, &st->scratch};
  lc_scorer_score(r->scorer, st->rec, &x, st->result);
  r->scored++;
  int32_t tier = st->result->tier;
  r->tiers[tier >= 0 ? (uint32_t)tier : r->plan->ntiers]++;
  if (r->sink) return r->sink->record(r->sink->ctx, raw, st->result, &st->scratch);
  lc_write_row(&st->out, r->plan, &r->row, st->rec, raw->line, st->result, raw->ptr, raw->len);
  return true;
}

static int batches(score_run *r, lc_reader *rd, const lc_csv_header *h, const char *name) {
  struct score_state *st = r->st;
  int rc;
  while ((rc = lc_reader_next_batch(rd, &st->batch)) > 0) {
    for (size_t i = 0; i < st->batch.n && !r->stopped; i++) {
      const lc_raw_record *raw = &st->batch.recs[i];
      lc_decode_error err;
      r->read++;
      int d = h ? lc_decode_csv_row(st->decoder, h, raw->ptr, raw->len, st->rec, &st->scratch, &err)
                : lc_decode_json(st->decoder, raw->ptr, raw->len, st->rec, &st->scratch, &err);
      if (d != LC_DECODE_OK) {
        reject(r, name, raw, err.msg);
      } else if (!score_one(r, raw)) {
        fprintf(stderr, "leadc %s: out of memory\n", cmd_of(r));
        return EXIT_INTERNAL;
      }
    }
    if (st->out.len && fwrite(st->out.buf, 1, st->out.len, r->out) != st->out.len) {
      fprintf(stderr, "leadc %s: cannot write output: %s\n", cmd_of(r), strerror(errno));
      return EXIT_INTERNAL;
    }
    st->out.len = 0;
    lc_scratch_reset(&st->scratch);
    progress(r, false);
    if (r->stopped) return EXIT_DATA;
  }
  if (rc < 0) {
    fprintf(stderr, "leadc %s: cannot read %s: %s\n", cmd_of(r), name, strerror(errno));
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

static int csv_input(score_run *r, lc_reader *rd, const char *name) {
  lc_raw_record header;
  int hr = lc_reader_header(rd, &header);
  if (hr < 0) {
    fprintf(stderr, "leadc %s: cannot read %s: %s\n", cmd_of(r), name, strerror(errno));
    return EXIT_INTERNAL;
  }
  if (hr == 0) return EXIT_OK;
  lc_decode_error err = {{0}};
  lc_csv_header *h = lc_csv_header_new(r->st->decoder, header.ptr, header.len, r->delimiter, &err);
  if (!h) {
    if (!err.msg[0]) { fprintf(stderr, "leadc %s: out of memory\n", cmd_of(r)); return EXIT_INTERNAL; }
    fprintf(stderr, "%s:%llu: bad CSV header: %s\n", name, (unsigned long long)header.line, err.msg);
    return EXIT_DATA;
  }
  int rc = r->sink ? r->sink->begin(r->sink->ctx, name, &header) : EXIT_OK;
  if (rc == EXIT_OK) rc = batches(r, rd, h, name);
  lc_csv_header_free(h);
  return rc;
}

int score_run_input(score_run *r, const char *path) {
  bool is_stdin = !strcmp(path, "-");
  const char *name = is_stdin ? "<stdin>" : path;
  int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "leadc %s: cannot open %s: %s\n", cmd_of(r), path, strerror(errno));
    return EXIT_INTERNAL;
  }
  lc_input_format fmt = score_input_format(r, path);
  counted_fd src = {fd, &r->bytes};
  lc_reader *rd = lc_reader_open(&(lc_reader_options){.format = fmt, .csv_delimiter = r->delimiter},
                                 read_counted, &src);
  int rc;
  if (!rd) {
    fprintf(stderr, "leadc %s: out of memory\n", cmd_of(r));
    rc = EXIT_INTERNAL;
  } else {
    if (fmt == LC_INPUT_CSV) {
      rc = csv_input(r, rd, name);
    } else {
      rc = r->sink ? r->sink->begin(r->sink->ctx, name, NULL) : EXIT_OK;
      if (rc == EXIT_OK) rc = batches(r, rd, NULL, name);
    }
    lc_reader_close(rd);
  }
  if (!is_stdin) close(fd);
  progress(r, true);
  return rc;
}
