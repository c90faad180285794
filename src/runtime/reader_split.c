/* The record splitter: a stream read in large blocks, cut into records without decoding them.
 *
 * Each batch reads about one block (1 MiB by default) behind whatever the previous batch left
 * over, so the only copying is that one incomplete record at each block's end. NDJSON records
 * are found with memchr. CSV needs a small state machine, because a newline inside a quoted
 * cell does not end a record; it also counts those newlines so every record knows its line.
 * A record longer than the buffer grows the buffer (and scanning resumes where it stopped, so
 * a huge record costs linear time); memory is then reused for every later batch. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/reader.h"

struct lc_reader {
  lc_read_fn read;
  void *ctx;
  lc_input_format format;
  char delim;
  size_t block;
  bool eof, started;
  char *carry;               /* the incomplete record the last batch ended with */
  size_t carry_len, carry_cap;
  uint64_t line;             /* the line carry[0] is on */
  char *header;              /* CSV: the header row, once taken */
  size_t header_len;
  uint64_t header_line;
};

ssize_t lc_read_fd(void *ctx, void *buf, size_t n) {
  ssize_t r;
  do r = read(*(const int *)ctx, buf, n);
  while (r < 0 && errno == EINTR);
  return r;
}

lc_reader *lc_reader_open(const lc_reader_options *opt, lc_read_fn read, void *ctx) {
  lc_reader *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->read = read;
  r->ctx = ctx;
  r->format = opt->format;
  r->delim = opt->csv_delimiter ? opt->csv_delimiter : ',';
  r->block = opt->block_size ? opt->block_size : (size_t)1 << 20;
  r->line = 1;
  return r;
}

void lc_reader_close(lc_reader *r) {
  if (!r) return;
  free(r->carry);
  free(r->header);
  free(r);
}

void lc_batch_init(lc_batch *b) { memset(b, 0, sizeof *b); }

void lc_batch_free(lc_batch *b) {
  free(b->recs);
  free(b->buf);
  lc_batch_init(b);
}

static bool reserve(char **buf, size_t *cap, size_t need) {
  if (need <= *cap) return true;
  size_t n = *cap ? *cap : 4096;
  while (n < need) n *= 2;
  char *p = realloc(*buf, n);
  if (!p) return false;
  *buf = p;
  *cap = n;
  return true;
}

static bool emit(lc_reader *r, lc_batch *b, size_t start, size_t end, uint64_t line) {
  const char *p = b->buf + start;
  size_t n = end - start;
  if (r->format == LC_INPUT_NDJSON) {
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r')) i++;
    if (i == n) return true;
  } else if (n == 0 || (n == 1 && p[0] == '\r')) {
    return true;
  }
  if (b->n == b->recs_cap) {
    size_t cap = b->recs_cap ? 2 * b->recs_cap : 1024;
    lc_raw_record *recs = realloc(b->recs, cap * sizeof *recs);
    if (!recs) return false;
    b->recs = recs;
    b->recs_cap = cap;
  }
  b->recs[b->n++] = (lc_raw_record){p, n, line};
  return true;
}

/* Where scanning stopped inside an incomplete record, so that reading more resumes there. */
typedef struct scan_state {
  size_t pos;                /* next byte to look at */
  size_t start;              /* where the current record starts */
  uint64_t line, start_line; /* line at pos, line at start */
  enum { CSV_FIELD_START, CSV_UNQUOTED, CSV_QUOTED, CSV_QUOTE_SEEN } csv;
} scan_state;

/* Cuts records out of buf[s->pos, len) until `limit` are in b. */
static bool split(lc_reader *r, lc_batch *b, size_t len, scan_state *s, size_t limit) {
  const char *buf = b->buf;
  if (r->format == LC_INPUT_NDJSON) {
    while (b->n < limit) {
      const char *nl = memchr(buf + s->pos, '\n', len - s->pos);
      if (!nl) { s->pos = len; break; }
      if (!emit(r, b, s->start, (size_t)(nl - buf), s->line)) return false;
      s->pos = s->start = (size_t)(nl - buf) + 1;
      s->start_line = ++s->line;
    }
    return true;
  }
  const char delim = r->delim;
  for (size_t i = s->pos; i < len && b->n < limit; i++) {
    char c = buf[i];
    switch (s->csv) {
    case CSV_QUOTED:
      if (c == '"') s->csv = CSV_QUOTE_SEEN;
      else if (c == '\n') s->line++;
      continue;
    case CSV_QUOTE_SEEN:
      if (c == '"') { s->csv = CSV_QUOTED; continue; }
      break;
    case CSV_FIELD_START:
      if (c == '"') { s->csv = CSV_QUOTED; continue; }
      break;
    case CSV_UNQUOTED:
      break;
    }
    /* outside quotes */
    if (c == delim) {
      s->csv = CSV_FIELD_START;
    } else if (c == '\n') {
      if (!emit(r, b, s->start, i, s->start_line)) return false;
      s->start = i + 1;
      s->start_line = ++s->line;
      s->csv = CSV_FIELD_START;
    } else {
      s->csv = CSV_UNQUOTED;
    }
    s->pos = i + 1;
  }
  if (b->n < limit) s->pos = len;
  return true;
}

/* Reads until buf holds `want` bytes or the input ends; false on a read error. */
static bool fill(lc_reader *r, lc_batch *b, size_t *len, size_t want) {
  while (!r->eof && *len < want) {
    ssize_t n = r->read(r->ctx, b->buf + *len, want - *len);
    if (n < 0) return false;
    if (n == 0) r->eof = true;
    *len += (size_t)n;
  }
  return true;
}

static int next(lc_reader *r, lc_batch *b, size_t limit) {
  b->n = 0;
  size_t len = r->carry_len;
  if (!reserve(&b->buf, &b->buf_cap, len + r->block + 3)) return -1;
  if (len) memcpy(b->buf, r->carry, len);
  r->carry_len = 0;
  scan_state s = {0, 0, r->line, r->line, CSV_FIELD_START};

  /* The first read must see a whole byte order mark if there is one. */
  for (size_t want = len + (r->block < 3 && !r->started ? 3 : r->block);;) {
    if (!fill(r, b, &len, want)) return -1;
    if (!r->started) {
      r->started = true;
      if (len >= 3 && memcmp(b->buf, "\xEF\xBB\xBF", 3) == 0) s.pos = s.start = 3;
    }
    /* Records point into b->buf: it only grows (moves) below while the batch is still empty. */
    if (!split(r, b, len, &s, limit)) return -1;
    if (b->n < limit && r->eof && s.start < len) {
      if (!emit(r, b, s.start, len, s.start_line)) return -1;
      s.start = len;
    }
    if (b->n || r->eof) break;
    want = len + r->block;
    if (!reserve(&b->buf, &b->buf_cap, want)) return -1;
  }

  size_t rest = len - s.start;
  if (!reserve(&r->carry, &r->carry_cap, rest)) return -1;
  if (rest) memcpy(r->carry, b->buf + s.start, rest);
  r->carry_len = rest;
  r->line = s.start_line;
  return b->n > 0;
}

int lc_reader_next_batch(lc_reader *r, lc_batch *b) { return next(r, b, SIZE_MAX); }

int lc_reader_header(lc_reader *r, lc_raw_record *out) {
  lc_batch b;
  lc_batch_init(&b);
  int rc = next(r, &b, 1);
  if (rc > 0) {
    r->header = malloc(b.recs[0].len ? b.recs[0].len : 1);
    if (r->header) {
      memcpy(r->header, b.recs[0].ptr, b.recs[0].len);
      r->header_len = b.recs[0].len;
      r->header_line = b.recs[0].line;
      *out = (lc_raw_record){r->header, r->header_len, r->header_line};
    } else {
      rc = -1;
    }
  }
  lc_batch_free(&b);
  return rc;
}
