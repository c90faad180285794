/* Input records: splitting a byte stream into records, and decoding one record into the flat
 * record struct of include/leadc/runtime.h. Used by `leadc score`, the interpreter, `given` in
 * tests and generated programs alike, so every backend sees exactly the same validation.
 *
 * Two independent layers:
 *
 *  1. The splitter (lc_reader) reads a stream in large blocks and hands out batches of raw
 *     records: their bytes (for decoding, `--rejects` and `--passthrough`) and the 1-based line
 *     each starts on. It never decodes anything.
 *
 *        lc_reader *r = lc_reader_open(&(lc_reader_options){.format = LC_INPUT_CSV}, lc_read_fd, &fd);
 *        lc_batch b; lc_batch_init(&b);
 *        lc_raw_record header;                                   // CSV only
 *        if (lc_reader_header(r, &header) <= 0) …                // empty input or I/O error
 *        while ((rc = lc_reader_next_batch(r, &b)) > 0)
 *          for (size_t i = 0; i < b.n; i++) … b.recs[i] …
 *        if (rc < 0) … errno …
 *        lc_batch_free(&b); lc_reader_close(r);
 *
 *     A batch owns its bytes: records stay valid until that same lc_batch is refilled or freed,
 *     so a driver can keep several batches in flight on worker threads while the reader fills
 *     the next one. Nothing is allocated per record; a batch's buffers are reused.
 *
 *  2. The decoders turn one record's bytes into a record struct. An lc_decoder is prepared once
 *     per model from its lc_record_desc (key hash tables for the record and every list element
 *     record) and is then read-only: any number of threads may decode with it concurrently, each
 *     with its own lc_scratch and output record.
 *
 *        lc_decoder *d = lc_decoder_new(&plan->records[0]);
 *        lc_csv_header *h = lc_csv_header_new(d, header.ptr, header.len, ',', &err);   // CSV only
 *        lc_decode_json(d, rec.ptr, rec.len, out, scratch, &err)     // NDJSON line or `given`
 *        lc_decode_csv_row(d, h, rec.ptr, rec.len, out, scratch, &err)
 *
 *     `out` must hold LC_RECORD_SIZE(desc->nslots) bytes, 16-byte aligned. All presence bytes
 *     are written; the value of a slot is written only when its field is present.
 *     Strings point into the record's bytes when they need no unescaping, otherwise into
 *     `scratch`; list element arrays always come from `scratch`. Both stay valid until the batch
 *     and the scratch are reset. Decoding is all-or-nothing for the caller: on a reject the output
 *     record is garbage and must not be scored.
 *
 * Validation (LANGUAGE.md §9). A record is rejected, with a message naming the field and what was
 * found, when: it is not valid UTF-8 (anywhere, also in keys and values the model ignores); it is
 * not exactly one JSON object (truncated, trailing text, malformed JSON anywhere in it); a field
 * that is not optional is absent or null (lists read as empty instead); a value has the wrong type.
 * Per kind:
 *   bool      JSON true/false; CSV also 1/0, yes/no, true/false in any case
 *   number    a JSON number (CSV: a cell in JSON number syntax, surrounding blanks allowed);
 *             a number too large for a double is rejected
 *   int       the same, and integral as written (120, 120.0, 1.2e2; not 1.5 nor 1.0000000000000001)
 *             with |n| <= 2^53, decided on the decimal text rather than on the rounded double
 *   string    a JSON string; in CSV the cell verbatim
 *   time      an RFC 3339 string or YYYY-MM-DD (lc_time_parse), or a number of Unix epoch
 *             seconds, exact decimal value floored to the microsecond
 *   duration  a number of seconds (floored to the microsecond) or a string in the language's
 *             duration syntax: a number and a unit s, m, h, d or w ("45s", "1.5h", "14d")
 *   enum      a string that is exactly one of the members
 *   list      a JSON array of objects, each decoded as the element record (CSV: the cell holds
 *             that JSON text)
 * A string value equal to one of the block's missing_values reads as missing, whatever the kind.
 * Keys the record does not declare are skipped without building anything, at any nesting depth
 * (skipping uses no recursion). A key that appears twice counts once, the last occurrence
 * winning, also when an earlier occurrence was invalid. Fields with slot LC_NO_SLOT are validated
 * like the others but not stored.
 *
 * CSV (RFC 4180): the header row names the columns; a field reads the column whose name equals its
 * key (if two columns share a name the last one counts); a field without a column is absent. An
 * empty cell, quoted or not, is missing. A cell that starts with '"' is quoted: it may hold the
 * delimiter, newlines and "" for a quote, and must be followed by the delimiter or the end of
 * the row; a '"' elsewhere is an ordinary character. A row must have exactly as many cells as
 * the header. Rows end in LF or CRLF; a UTF-8 byte order mark at the start of the input is
 * skipped.
 *
 * All functions return status codes and never print or exit. */
#ifndef LEADC_RUNTIME_READER_H
#define LEADC_RUNTIME_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "leadc/runtime.h"

/* ---- splitting a stream into records */

typedef enum lc_input_format { LC_INPUT_NDJSON, LC_INPUT_CSV } lc_input_format;

/* One record as it appears in the input: its bytes without the final "\n" (a "\r" before it
 * is kept, so writing the bytes and "\n" reproduces the line; both decoders accept it), and the
 * 1-based line it starts on. CSV records may span several lines (newlines inside quotes). */
typedef struct lc_raw_record {
  const char *ptr;
  size_t len;
  uint64_t line;
} lc_raw_record;

typedef struct lc_batch {
  lc_raw_record *recs;      /* the batch's records, in input order */
  size_t n;
  /* owned buffers, reused from batch to batch */
  char *buf;
  size_t buf_cap;
  size_t recs_cap;
} lc_batch;

void lc_batch_init(lc_batch *b);
void lc_batch_free(lc_batch *b);

/* Reads up to n bytes into buf like read(2): the count, 0 at end of input, -1 with errno set. */
typedef ssize_t (*lc_read_fn)(void *ctx, void *buf, size_t n);
/* lc_read_fn over a file descriptor: ctx points to the int fd (which the reader never closes).
 * Retries reads interrupted by signals. */
ssize_t lc_read_fd(void *ctx, void *buf, size_t n);

typedef struct lc_reader_options {
  lc_input_format format;
  char csv_delimiter;       /* 0 means ',' */
  size_t block_size;        /* bytes per read and rough batch size; 0 means 1 MiB */
} lc_reader_options;

typedef struct lc_reader lc_reader;

/* NULL when out of memory. Reads nothing yet. */
lc_reader *lc_reader_open(const lc_reader_options *opt, lc_read_fn read, void *ctx);
void lc_reader_close(lc_reader *r);

/* CSV only, before the first batch: the header row (skipping blank lines before it). It stays
 * valid until the reader is closed. 1 on success, 0 when the input is empty, -1 on a read error
 * or when out of memory (errno says which). */
int lc_reader_header(lc_reader *r, lc_raw_record *out);

/* Fills b with the next complete records: at least one, and about one block's worth unless a
 * single record is longer (then the batch holds just that record, however long). Blank lines are
 * skipped (NDJSON: only spaces, tabs and "\r"; CSV: empty), but counted in line numbers. The last
 * record of the input need not end in a newline. Returns 1 when b holds records, 0 at end of
 * input, -1 on a read error or when out of memory (errno says which). A CSV reader whose
 * header was not taken with lc_reader_header returns the header row as an ordinary record. */
int lc_reader_next_batch(lc_reader *r, lc_batch *b);

/* ---- decoding one record */

typedef struct lc_decoder lc_decoder;

/* Prepares decoding of records described by desc (and its list element records, recursively;
 * desc must outlive the decoder). NULL when out of memory. */
lc_decoder *lc_decoder_new(const lc_record_desc *desc);
void lc_decoder_free(lc_decoder *d);

/* Why a record was rejected, e.g. `field "company_size": expected an integer, found "many"` or
 * `field "events[2].at": expected a time, found "yesterday"`. Values quoted from the input are
 * shortened and escaped, so the message is always printable UTF-8 on one line. */
typedef struct lc_decode_error {
  char msg[256];
} lc_decode_error;

enum { LC_DECODE_OK = 0, LC_DECODE_REJECT = 1 };

/* One JSON object (an NDJSON line, or `given` text; surrounding whitespace allowed).
 * Returns LC_DECODE_OK or LC_DECODE_REJECT with err filled. */
int lc_decode_json(const lc_decoder *d, const char *bytes, size_t len, void *out,
                   lc_scratch *scratch, lc_decode_error *err);

typedef struct lc_csv_header lc_csv_header;

/* Maps the columns of a CSV header row (a leading byte order mark is ignored) to the fields of
 * d's record. NULL with err filled when the header row itself is malformed (invalid UTF-8, a
 * broken quoted name), NULL with err->msg empty when out of memory. */
lc_csv_header *lc_csv_header_new(const lc_decoder *d, const char *bytes, size_t len, char delimiter,
                                 lc_decode_error *err);
void lc_csv_header_free(lc_csv_header *h);

/* One CSV data row (without its final newline). Returns LC_DECODE_OK or LC_DECODE_REJECT. */
int lc_decode_csv_row(const lc_decoder *d, const lc_csv_header *h, const char *bytes, size_t len,
                      void *out, lc_scratch *scratch, lc_decode_error *err);

/* ---- one value by name, outside the model's record description
 *
 * `leadc eval` reads its label this way: the label need not be a field of the model, and its
 * type (bool, 0/1, a word) is the command's business, not the model's. Call these only on a
 * record its decoder accepted; they re-scan the record's bytes but decode nothing else. */

typedef enum lc_peek_kind {
  LC_PEEK_ABSENT,           /* no such key / column, or the row has fewer cells */
  LC_PEEK_NULL,             /* JSON null, an empty CSV cell */
  LC_PEEK_BOOL,             /* JSON true/false: text is "true" or "false" */
  LC_PEEK_NUMBER,           /* a JSON number: text is the token as written */
  LC_PEEK_STRING,           /* a JSON string (unescaped) or a non-empty CSV cell (unquoted) */
  LC_PEEK_OTHER,            /* a JSON array or object: text is the whole token */
} lc_peek_kind;

typedef struct lc_peek {
  lc_peek_kind kind;
  lc_str text;              /* in the record's bytes, or in scratch when it needed unescaping */
} lc_peek;

/* The top-level member `key` of one JSON object (the last occurrence counts, as in decoding).
 * LC_DECODE_OK, or LC_DECODE_REJECT with err filled when the bytes are not one JSON object. */
int lc_peek_json(const char *bytes, size_t len, const char *key, size_t keylen, lc_scratch *scratch,
                 lc_peek *out, lc_decode_error *err);

/* The index of the column named `name` in a CSV header row (the last one when repeated; a
 * leading byte order mark is ignored), or -1 when there is none or the row is malformed. */
int32_t lc_csv_find_column(const char *header, size_t len, char delimiter, const char *name,
                           size_t namelen);

/* Cell `col` of one CSV data row. LC_DECODE_OK, or LC_DECODE_REJECT with err filled when the
 * row is malformed up to that cell. */
int lc_peek_csv(const char *bytes, size_t len, char delimiter, uint32_t col, lc_scratch *scratch,
                lc_peek *out, lc_decode_error *err);

#endif
