/* Streams: the runtime's reader splits the input into batches of records, and each call to
 * leadc_stream_next decodes and scores the next one. A record's bytes stay in the batch until the
 * next batch is read, which is after the caller is done with the result of that record. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"

struct leadc_stream {
  const leadc_model *model;
  leadc_read_fn read;
  void *user;
  FILE *file;
  lc_reader *reader;
  lc_batch batch;
  size_t next;                 /* the next record in batch */
  lc_csv_header *header;       /* CSV, once its header row is read */
  bool csv, started, ended;
};

static ssize_t read_user(void *ctx, void *buf, size_t n) {
  leadc_stream *s = ctx;
  return s->read(s->user, buf, n);
}

static ptrdiff_t read_file(void *user, void *buf, size_t n) {
  FILE *f = user;
  size_t got = fread(buf, 1, n, f);
  if (got == 0 && ferror(f)) {
    if (!errno) errno = EIO;
    return -1;
  }
  return (ptrdiff_t)got;
}

leadc_status leadc_stream_open(const leadc_model *model, leadc_format format, leadc_read_fn read, void *user,
                               leadc_stream **out) {
  if (!model || !read || !out || (format != LEADC_FORMAT_NDJSON && format != LEADC_FORMAT_CSV))
    return LEADC_ERROR_ARGUMENT;
  leadc_stream *s = calloc(1, sizeof *s);
  if (!s) return LEADC_ERROR_MEMORY;
  *s = (leadc_stream){.model = model, .read = read, .user = user, .csv = format == LEADC_FORMAT_CSV};
  lc_reader_options o = {.format = s->csv ? LC_INPUT_CSV : LC_INPUT_NDJSON, .csv_delimiter = ','};
  s->reader = lc_reader_open(&o, read_user, s);
  if (!s->reader) {
    free(s);
    return LEADC_ERROR_MEMORY;
  }
  lc_batch_init(&s->batch);
  *out = s;
  return LEADC_OK;
}

leadc_status leadc_stream_open_file(const leadc_model *model, leadc_format format, FILE *file,
                                    leadc_stream **out) {
  if (!file) return LEADC_ERROR_ARGUMENT;
  return leadc_stream_open(model, format, read_file, file, out);
}

void leadc_stream_free(leadc_stream *stream) {
  if (!stream) return;
  lc_csv_header_free(stream->header);
  lc_batch_free(&stream->batch);
  lc_reader_close(stream->reader);
  free(stream);
}

/* CSV: the header row names the columns; a stream without one has no records. */
static leadc_status start(leadc_stream *s, leadc_result *r) {
  s->started = true;
  if (!s->csv) return LEADC_OK;
  lc_raw_record h;
  int rc = lc_reader_header(s->reader, &h);
  if (rc < 0) return errno == ENOMEM ? LEADC_ERROR_MEMORY : LEADC_ERROR_IO;
  if (rc == 0) {
    s->ended = true;
    return LEADC_OK;
  }
  lc_decode_error err = {{0}};
  s->header = lc_csv_header_new(s->model->decoder, h.ptr, h.len, ',', &err);
  if (s->header) return LEADC_OK;
  if (!err.msg[0]) return LEADC_ERROR_MEMORY;
  s->ended = true;
  snprintf(r->error, sizeof r->error, "bad CSV header: %s", err.msg);
  r->line = h.line;
  return LEADC_ERROR_IO;
}

typedef struct next_call {
  leadc_stream *stream;
  int64_t as_of_us;
  leadc_result *result;
} next_call;

static leadc_status next(void *ctx) {
  next_call *n = ctx;
  leadc_stream *s = n->stream;
  leadc_status rc = s->started ? LEADC_OK : start(s, n->result);
  if (rc == LEADC_OK && !s->ended && s->next == s->batch.n) {
    int got = lc_reader_next_batch(s->reader, &s->batch);
    s->next = 0;
    if (got < 0) rc = errno == ENOMEM ? LEADC_ERROR_MEMORY : LEADC_ERROR_IO;
    else if (got == 0) s->ended = true;
  }
  if (rc == LEADC_OK && s->ended) rc = LEADC_END;
  if (rc != LEADC_OK) return rc;
  const lc_raw_record *raw = &s->batch.recs[s->next++];
  lc_scratch_reset(&n->result->scratch);
  return api_score_raw(s->model, n->result, s->header, raw->ptr, raw->len, raw->line, n->as_of_us);
}

leadc_status leadc_stream_next(leadc_stream *stream, int64_t as_of_us, leadc_result *result) {
  if (!stream || !result || result->model != stream->model) return LEADC_ERROR_ARGUMENT;
  result->scored = false;
  result->error[0] = 0;
  next_call n = {stream, as_of_us, result};
  return api_guarded(next, &n);
}
