/* The record splitter: a stream read in large blocks, cut into records without decoding them.
 *
 * Each batch reads about one block (1 MiB by default) behind whatever the previous batch left
 * over, so the only copying is that one incomplete record at each block's end. NDJSON records
 * are found with memchr. CSV needs to follow quoting, because a newline inside a quoted cell does
 * not end a record; it also counts those newlines so every record knows its line.
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
  enum { CSV_OUTSIDE, CSV_QUOTED, CSV_QUOTE_SEEN } csv;
} scan_state;

static uint64_t count_newlines(const char *p, size_t n) {
  uint64_t k = 0;
  for (const char *end = p + n; (p = memchr(p, '\n', (size_t)(end - p))); p++) k++;
  return k;
}

static bool split_ndjson(lc_reader *r, lc_batch *b, size_t len, scan_state *s, size_t limit) {
  const char *buf = b->buf;
  while (b->n < limit) {
    const char *nl = memchr(buf + s->pos, '\n', len - s->pos);
    if (!nl) { s->pos = len; break; }
    if (!emit(r, b, s->start, (size_t)(nl - buf), s->line)) return false;
    s->pos = s->start = (size_t)(nl - buf) + 1;
    s->start_line = ++s->line;
  }
  return true;
}

/* CSV rows end at a newline outside quotes; a '"' opens quotes only at the start of a cell.
 * Instead of a state machine per byte, this jumps with memchr: to the row's newline, and to each
 * quote before it. Rows without quoted cells cost two memchr calls. */
static bool split_csv(lc_reader *r, lc_batch *b, size_t len, scan_state *s, size_t limit) {
  const char *buf = b->buf;
  const char delim = r->delim;
  size_t pos = s->pos, nl = 0;     /* nl: the next newline at or after pos (len: none), once known */
  bool nl_known = false;
  while (b->n < limit) {
    if (s->csv == CSV_QUOTED) {
      const char *q = memchr(buf + pos, '"', len - pos);
      size_t stop = q ? (size_t)(q - buf) : len;
      s->line += count_newlines(buf + pos, stop - pos);
      nl_known = false;
      pos = stop;
      if (!q) break;
      pos++;
      s->csv = CSV_QUOTE_SEEN;
    }
    if (s->csv == CSV_QUOTE_SEEN) {
      if (pos == len) break;                     /* "" or the closing quote? the next read says */
      if (buf[pos] == '"') {
        pos++;
        s->csv = CSV_QUOTED;
        continue;
      }
      s->csv = CSV_OUTSIDE;
    }
    if (!nl_known || nl < pos) {
      const char *p = memchr(buf + pos, '\n', len - pos);
      nl = p ? (size_t)(p - buf) : len;
      nl_known = true;
    }
    const char *q = memchr(buf + pos, '"', nl - pos);
    if (q) {
      size_t qi = (size_t)(q - buf);
      if (qi == s->start || buf[qi - 1] == delim) s->csv = CSV_QUOTED;
      pos = qi + 1;
      continue;
    }
    if (nl == len) { pos = len; break; }
    if (!emit(r, b, s->start, nl, s->start_line)) return false;
    pos = s->start = nl + 1;
    s->start_line = ++s->line;
  }
  s->pos = pos;
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
  scan_state s = {0, 0, r->line, r->line, CSV_OUTSIDE};

  /* The first read must see a whole byte order mark if there is one. */
  for (size_t want = len + (r->block < 3 && !r->started ? 3 : r->block);;) {
    if (!fill(r, b, &len, want)) return -1;
    if (!r->started) {
      r->started = true;
      if (len >= 3 && memcmp(b->buf, "\xEF\xBB\xBF", 3) == 0) s.pos = s.start = 3;
    }
    /* Records point into b->buf: it only grows (moves) below while the batch is still empty. */
    if (!(r->format == LC_INPUT_NDJSON ? split_ndjson : split_csv)(r, b, len, &s, limit)) return -1;
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
    free(r->header);
    r->header = malloc(b.recs[0].len ? b.recs[0].len : 1);
    if (r->header) {
      memcpy(r->header, b.recs[0].ptr, b.recs[0].len);
      *out = (lc_raw_record){r->header, b.recs[0].len, b.recs[0].line};
    } else {
      rc = -1;
    }
  }
  lc_batch_free(&b);
  return rc;
}
