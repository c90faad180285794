/* libFuzzer target for the record readers: arbitrary bytes through the splitter and both
 * decoders against a fixed descriptor with every value kind, an optional field, a field without a
 * slot, missing_values and a list of element records.
 *
 * The first byte picks the path (NDJSON or CSV), the delimiter and the block size, so that small
 * blocks put record boundaries at every offset. Beyond the sanitizers it checks what callers rely
 * on: a record is decoded or rejected with a non-empty message that is valid UTF-8 on one line;
 * every decoded string is valid UTF-8 in live memory; enum indices are in range; required fields
 * are present; records come with increasing line numbers and never more bytes than the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/reader.h"
#include "runtime/scratch.h"
#include "runtime/utf8.h"

static const char *const kinds[] = {"page_view", "email_click", "demo_request"};
static const lc_field_desc event_fields[] = {
    {.name = "kind", .key = "kind", .kind = LC_V_ENUM, .slot = 0, .members = kinds, .nmembers = 3},
    {.name = "url", .key = "url", .kind = LC_V_STRING, .optional = true, .slot = 1},
    {.name = "minutes", .key = "minutes", .kind = LC_V_INT, .optional = true, .slot = 2},
    {.name = "at", .key = "at", .kind = LC_V_TIME, .slot = 3},
};
static const lc_record_desc event_desc = {"event", event_fields, 4, 4, 3, NULL, 0};

static const char *const sources[] = {"organic", "paid"};
static const char *const missing[] = {"unknown", "n/a"};
static const lc_field_desc lead_fields[] = {
    {.name = "id", .key = "id", .kind = LC_V_STRING, .slot = 0},
    {.name = "title", .key = "Job Title", .kind = LC_V_STRING, .optional = true, .slot = 1},
    {.name = "size", .key = "size", .kind = LC_V_INT, .optional = true, .slot = 2},
    {.name = "revenue", .key = "revenue", .kind = LC_V_NUMBER, .optional = true, .slot = 3},
    {.name = "dne", .key = "dne", .kind = LC_V_BOOL, .optional = true, .slot = 4},
    {.name = "created", .key = "created", .kind = LC_V_TIME, .optional = true, .slot = 5},
    {.name = "session", .key = "session", .kind = LC_V_DURATION, .optional = true, .slot = 6},
    {.name = "source", .key = "source", .kind = LC_V_ENUM, .optional = true, .slot = 7,
     .members = sources, .nmembers = 2},
    {.name = "events", .key = "events", .kind = LC_V_LIST, .slot = 8, .elem = &event_desc},
    {.name = "unused", .key = "unused", .kind = LC_V_INT, .optional = true, .slot = LC_NO_SLOT},
};
static const lc_record_desc lead_desc = {"lead", lead_fields, 10, 9, LC_NO_SLOT, missing, 2};

typedef struct memsrc {
  const uint8_t *p;
  size_t n, pos, chunk;
} memsrc;

static ssize_t mem_read(void *ctx, void *buf, size_t n) {
  memsrc *m = ctx;
  size_t k = m->n - m->pos;
  if (k > n) k = n;
  if (k > m->chunk) k = m->chunk;
  memcpy(buf, m->p + m->pos, k);
  m->pos += k;
  return (ssize_t)k;
}

static void check_message(const lc_decode_error *err) {
  size_t n = strnlen(err->msg, sizeof err->msg);
  if (n == 0 || n == sizeof err->msg) abort();
  if (lc_utf8_valid_prefix((const uint8_t *)err->msg, n) != n) abort();
  if (memchr(err->msg, '\n', n)) abort();
}

static void check_record(const lc_record_desc *d, const uint8_t *rec) {
  for (uint32_t i = 0; i < d->nfields; i++) {
    const lc_field_desc *f = &d->fields[i];
    if (f->slot == LC_NO_SLOT) continue;
    if (rec[f->slot] > 1) abort();
    if (!rec[f->slot]) {
      if (!f->optional) abort();
      continue;
    }
    lc_slot v;
    memcpy(&v, rec + LC_SLOT_OFFSET(d->nslots, f->slot), sizeof v);
    /* Reading every byte lets ASan prove the slice lies in live memory (input or scratch). */
    if (f->kind == LC_V_STRING && v.str.len &&
        lc_utf8_valid_prefix((const uint8_t *)v.str.ptr, v.str.len) != v.str.len)
      abort();
    if (f->kind == LC_V_ENUM && (v.i < 0 || v.i >= f->nmembers)) abort();
    if (f->kind == LC_V_BOOL && v.b > 1) abort();
    if (f->kind == LC_V_LIST)
      for (uint32_t k = 0; k < v.list.n; k++)
        check_record(f->elem, v.list.items + (size_t)k * LC_RECORD_SIZE(f->elem->nslots));
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  data++, size--;

  static lc_decoder *dec;
  if (!dec && !(dec = lc_decoder_new(&lead_desc))) abort();
  lc_scratch scratch;
  lc_scratch_init(&scratch);
  _Alignas(16) uint8_t rec[LC_RECORD_SIZE(9)];
  lc_decode_error err;

  /* The whole input as one JSON record, as `given` does it. */
  if (mode & 0x80) {
    if (lc_decode_json(dec, (const char *)data, size, rec, &scratch, &err) == LC_DECODE_OK)
      check_record(&lead_desc, rec);
    else
      check_message(&err);
    lc_scratch_free(&scratch);
    return 0;
  }

  const bool csv = mode & 1;
  static const char delims[] = {',', ';', '\t', '|'};
  const char delim = delims[(mode >> 1) & 3];
  memsrc m = {data, size, 0, 1 + ((mode >> 3) & 7) * 97};
  lc_reader_options opt = {csv ? LC_INPUT_CSV : LC_INPUT_NDJSON, delim, 1 + ((mode >> 5) & 3) * 61};
  lc_reader *r = lc_reader_open(&opt, mem_read, &m);
  if (!r) abort();
  lc_csv_header *h = NULL;
  uint64_t last_line = 0;
  size_t bytes = 0;
  if (csv) {
    lc_raw_record hr;
    if (lc_reader_header(r, &hr) > 0) {
      last_line = hr.line;
      bytes += hr.len;
      h = lc_csv_header_new(dec, hr.ptr, hr.len, delim, &err);
      if (!h) check_message(&err);
    }
  }
  lc_batch b;
  lc_batch_init(&b);
  while (lc_reader_next_batch(r, &b) > 0) {
    for (size_t i = 0; i < b.n; i++) {
      const lc_raw_record *x = &b.recs[i];
      if (x->line <= last_line && last_line) abort();
      last_line = x->line;
      bytes += x->len;
      int rc = csv ? (h ? lc_decode_csv_row(dec, h, x->ptr, x->len, rec, &scratch, &err) : LC_DECODE_REJECT)
                   : lc_decode_json(dec, x->ptr, x->len, rec, &scratch, &err);
      if (rc == LC_DECODE_OK) check_record(&lead_desc, rec);
      else if (h || !csv) check_message(&err);
    }
    lc_scratch_reset(&scratch);
  }
  if (bytes > size) abort();
  lc_batch_free(&b);
  lc_csv_header_free(h);
  lc_reader_close(r);
  lc_scratch_free(&scratch);
  return 0;
}
