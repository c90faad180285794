#include "cli/score_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/score_block.h"
#include "runtime/pipeline.h"

struct score_state {
  lc_decoder *decoder;
  lc_pipeline *pipe;
  score_env env;
  lc_reader *rd;              /* the input being read, and its name for messages */
  const char *name;
  double last_progress;
  bool progress_shown;
};

static const char *cmd_of(const score_run *r) { return r->cmd ? r->cmd : "score"; }

double score_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *block_new(void *ctx) { return score_block_new(((score_run *)ctx)->plan); }
static void block_free(void *ctx, void *b) { score_block_free(b); }
static int read_block(void *ctx, lc_batch *b) { return lc_reader_next_batch(((score_run *)ctx)->st->rd, b); }
static int write_block(void *ctx, lc_pipe_block *b);

static void work(void *ctx, lc_pipe_block *b) {
  score_block_fill(b->user, &((score_run *)ctx)->st->env, &b->batch, &b->scratch);
}

int score_run_init(score_run *r) {
  struct score_state *st = calloc(1, sizeof *st);
  r->tiers = calloc(r->plan->ntiers + 1, sizeof *r->tiers);
  r->st = st;
  if (st) {
    st->decoder = lc_decoder_new(&r->plan->records[0]);
    st->env = (score_env){r->plan, r->scorer, st->decoder, NULL, &r->row, r->as_of_us, r->sink != NULL};
    lc_pipe_ops ops = {r, block_new, block_free, read_block, work, write_block};
    if (st->decoder) st->pipe = lc_pipeline_new(&ops, r->threads);
  }
  if (!st || !st->pipe || !r->tiers) {
    cli_msg(cmd_of(r), "out of memory");
    return EXIT_INTERNAL;
  }
  r->started = score_now();
  st->last_progress = r->started;
  return EXIT_OK;
}

void score_run_free(score_run *r) {
  struct score_state *st = r->st;
  if (st) {
    lc_pipeline_free(st->pipe);
    lc_decoder_free(st->decoder);
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
    cli_msg(cmd_of(r), "stopping at the first rejected record (--on-error=fail)");
    r->stopped = true;
  } else if (r->max_rejects >= 0 && r->rejected > (uint64_t)r->max_rejects) {
    cli_msg(cmd_of(r), "more than %lld rejected records (--max-rejects), stopping",
            (long long)r->max_rejects);
    r->stopped = true;
  }
  return !r->stopped;
}

static bool put_rows(score_run *r, const score_block *b, size_t *written, size_t end) {
  size_t n = end - *written;
  if (n && fwrite(b->out.buf + *written, 1, n, r->out) != n) {
    cli_msg(cmd_of(r), "cannot write output: %s", strerror(errno));
    return false;
  }
  *written = end;
  return true;
}

/* Replays a block in input order: counts, rows, sink calls and rejects exactly as one thread
 * meets them, so a run stopped by a reject writes nothing after it. */
static int write_block(void *ctx, lc_pipe_block *pb) {
  score_run *r = ctx;
  score_block *b = pb->user;
  if (b->out_of_memory) {
    cli_msg(cmd_of(r), "out of memory");
    return EXIT_INTERNAL;
  }
  size_t written = 0;
  const score_reject *rj = b->rejects;
  for (size_t i = 0; i < pb->batch.n; i++) {
    const lc_raw_record *raw = &pb->batch.recs[i];
    int32_t tier = b->tier[i];
    r->read++;
    if (tier == SCORE_REJECTED) {
      if (!put_rows(r, b, &written, rj->out_end)) return EXIT_INTERNAL;
      if (!reject(r, r->st->name, raw, (rj++)->err.msg)) return EXIT_DATA;
      continue;
    }
    r->scored++;
    r->tiers[tier >= 0 ? (uint32_t)tier : r->plan->ntiers]++;
    if (r->sink && !r->sink->record(r->sink->ctx, raw, &b->results[i], &pb->scratch)) {
      cli_msg(cmd_of(r), "out of memory");
      return EXIT_INTERNAL;
    }
  }
  if (!put_rows(r, b, &written, b->out.len)) return EXIT_INTERNAL;
  progress(r, false);
  return EXIT_OK;
}

static int batches(score_run *r, lc_reader *rd, const lc_csv_header *h, const char *name) {
  struct score_state *st = r->st;
  st->rd = rd;
  st->name = name;
  st->env.csv = h;
  int write_rc;
  int rc = lc_pipeline_run(st->pipe, &write_rc);
  if (rc == LC_PIPE_STOPPED) return write_rc;
  if (rc == LC_PIPE_READ_ERROR) {
    cli_msg(cmd_of(r), "cannot read %s: %s", name, strerror(errno));
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

static int csv_input(score_run *r, lc_reader *rd, const char *name) {
  lc_raw_record header;
  int hr = lc_reader_header(rd, &header);
  if (hr < 0) {
    cli_msg(cmd_of(r), "cannot read %s: %s", name, strerror(errno));
    return EXIT_INTERNAL;
  }
  if (hr == 0) return EXIT_OK;
  lc_decode_error err = {{0}};
  lc_csv_header *h = lc_csv_header_new(r->st->decoder, header.ptr, header.len, r->delimiter, &err);
  if (!h) {
    if (!err.msg[0]) { cli_msg(cmd_of(r), "out of memory"); return EXIT_INTERNAL; }
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
    cli_msg(cmd_of(r), "cannot open %s: %s", path, strerror(errno));
    return EXIT_INTERNAL;
  }
  lc_input_format fmt = score_input_format(r, path);
  counted_fd src = {fd, &r->bytes};
  lc_reader *rd = lc_reader_open(&(lc_reader_options){.format = fmt, .csv_delimiter = r->delimiter},
                                 read_counted, &src);
  int rc;
  if (!rd) {
    cli_msg(cmd_of(r), "out of memory");
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
