#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/reader.h"

/* An in-memory input that hands out at most `chunk` bytes per read (0: as many as asked), so
 * records straddle reads and blocks at every possible offset. */
typedef struct memsrc {
  const char *p;
  size_t n, pos, chunk;
  int fail_at;               /* fail this read (1-based) with EIO; 0: never */
  int reads;
} memsrc;

static ssize_t mem_read(void *ctx, void *buf, size_t n) {
  memsrc *m = ctx;
  if (++m->reads == m->fail_at) {
    errno = EIO;
    return -1;
  }
  size_t k = m->n - m->pos;
  if (k > n) k = n;
  if (m->chunk && k > m->chunk) k = m->chunk;
  memcpy(buf, m->p + m->pos, k);
  m->pos += k;
  return (ssize_t)k;
}

/* All records of an input, copied out: text joined by '|' as "line:bytes". */
typedef struct collected {
  char *text;
  size_t len, cap, n;
} collected;

static void add(collected *c, const lc_raw_record *r) {
  size_t need = c->len + r->len + 32;
  if (need > c->cap) {
    c->cap = need * 2;
    c->text = realloc(c->text, c->cap);
  }
  c->len += (size_t)sprintf(c->text + c->len, "%s%llu:", c->n ? "|" : "", (unsigned long long)r->line);
  memcpy(c->text + c->len, r->ptr, r->len);
  c->len += r->len;
  c->text[c->len] = '\0';
  c->n++;
}

static collected split_all(lc_input_format fmt, const char *in, size_t n, size_t block, size_t chunk,
                           bool take_header) {
  memsrc m = {in, n, 0, chunk, 0, 0};
  lc_reader *r = lc_reader_open(&(lc_reader_options){.format = fmt, .block_size = block}, mem_read, &m);
  assert_non_null(r);
  collected c = {calloc(1, 1), 0, 1, 0};
  if (take_header) {
    lc_raw_record h;
    if (lc_reader_header(r, &h) > 0) add(&c, &h);
  }
  lc_batch b;
  lc_batch_init(&b);
  int rc;
  while ((rc = lc_reader_next_batch(r, &b)) > 0) {
    assert_true(b.n > 0);
    for (size_t i = 0; i < b.n; i++) add(&c, &b.recs[i]);
  }
  assert_int_equal(rc, 0);
  assert_int_equal(lc_reader_next_batch(r, &b), 0);     /* stays at the end */
  lc_batch_free(&b);
  lc_reader_close(r);
  return c;
}

static void expect_split(lc_input_format fmt, const char *in, const char *want) {
  static const size_t blocks[] = {0, 1, 2, 3, 7, 64};
  static const size_t chunks[] = {0, 1, 5};
  for (size_t bi = 0; bi < sizeof blocks / sizeof *blocks; bi++)
    for (size_t ci = 0; ci < sizeof chunks / sizeof *chunks; ci++) {
      collected c = split_all(fmt, in, strlen(in), blocks[bi], chunks[ci], false);
      if (strcmp(c.text, want) != 0)
        fail_msg("block %zu chunk %zu:\n  got:  %s\n  want: %s", blocks[bi], chunks[ci], c.text, want);
      free(c.text);
    }
}

static void test_ndjson_lines(void **state) {
  expect_split(LC_INPUT_NDJSON, "{\"a\":1}\n{\"b\":2}\n", "1:{\"a\":1}|2:{\"b\":2}");
  expect_split(LC_INPUT_NDJSON, "a\nb\n\n  \n\r\n\t\nc", "1:a|2:b|7:c");     /* blanks skipped, counted */
  expect_split(LC_INPUT_NDJSON, "x\r\ny\r\n", "1:x\r|2:y\r");                /* CR kept for verbatim copies */
  expect_split(LC_INPUT_NDJSON, "\xEF\xBB\xBF{}\n{}", "1:{}|2:{}");          /* byte order mark */
  expect_split(LC_INPUT_NDJSON, "\n\n\nlast", "4:last");
  expect_split(LC_INPUT_NDJSON, "", "");
  expect_split(LC_INPUT_NDJSON, "\n \n", "");
  expect_split(LC_INPUT_NDJSON, "\xEF\xBB\xBF", "");
  expect_split(LC_INPUT_NDJSON, "\xEF\xBB", "1:\xEF\xBB");                   /* not a whole BOM */
}

static void test_csv_records(void **state) {
  expect_split(LC_INPUT_CSV, "id,t\nL1,x\n", "1:id,t|2:L1,x");
  expect_split(LC_INPUT_CSV, "id,t\r\n\"L\n1\",\"a,\"\"b\"\"\nc\"\r\nL2,y",
               "1:id,t\r|2:\"L\n1\",\"a,\"\"b\"\"\nc\"\r|5:L2,y");
  expect_split(LC_INPUT_CSV, "a\n\nb\n\r\nc\n", "1:a|3:b|5:c");             /* blank rows skipped */
  expect_split(LC_INPUT_CSV, "a,\"\"\"\n\"\nb", "1:a,\"\"\"\n\"|3:b");       /* "" then a quoted newline */
  expect_split(LC_INPUT_CSV, "x\"y\nz", "1:x\"y|2:z");                      /* mid-cell quote: no quoting */
  expect_split(LC_INPUT_CSV, "a,\"open\nnever closed\nc", "1:a,\"open\nnever closed\nc");
  expect_split(LC_INPUT_CSV, "\xEF\xBB\xBFid\n1", "1:id|2:1");
  expect_split(LC_INPUT_CSV, "\" \",x\n", "1:\" \",x");
}

static void test_csv_header(void **state) {
  collected c = split_all(LC_INPUT_CSV, "\nid,\"multi\nline\"\nL1,x\nL2,y", 26, 4, 1, true);
  assert_string_equal(c.text, "2:id,\"multi\nline\"|4:L1,x|5:L2,y");
  free(c.text);
  c = split_all(LC_INPUT_CSV, "", 0, 0, 0, true);
  assert_int_equal(c.n, 0);
  free(c.text);
  c = split_all(LC_INPUT_CSV, "only,a,header", 13, 0, 0, true);
  assert_string_equal(c.text, "1:only,a,header");
  free(c.text);
}

static void test_long_records(void **state) {
  /* Records from empty to 5 MiB against 64 KiB blocks and odd read sizes. */
  static const size_t lens[] = {0, 1, 65535, 65536, 65537, 200000, 5u << 20, 3};
  size_t total = 0;
  for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) total += lens[i] + 1;
  char *in = malloc(total), *p = in;
  for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
    memset(p, 'a' + (int)i, lens[i]);
    p += lens[i];
    *p++ = '\n';
  }
  for (int fmt = 0; fmt < 2; fmt++) {
    memsrc m = {in, total, 0, 9973, 0, 0};
    lc_reader *r = lc_reader_open(&(lc_reader_options){.format = (lc_input_format)fmt, .block_size = 65536},
                                  mem_read, &m);
    lc_batch b;
    lc_batch_init(&b);
    size_t seen = 1;                               /* the empty first line is blank */
    while (lc_reader_next_batch(r, &b) > 0)
      for (size_t i = 0; i < b.n; i++, seen++) {
        assert_int_equal(b.recs[i].len, lens[seen]);
        assert_int_equal(b.recs[i].line, seen + 1);
        assert_true(b.recs[i].ptr[0] == 'a' + (int)seen);
        assert_true(b.recs[i].ptr[b.recs[i].len - 1] == 'a' + (int)seen);
      }
    assert_int_equal(seen, sizeof lens / sizeof *lens);
    lc_batch_free(&b);
    lc_reader_close(r);
  }
  free(in);
}

static uint64_t rng = 88172645463325252u;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static void test_random_csv_against_reference(void **state) {
  /* Random rows of quoted and unquoted cells with embedded quotes, delimiters and newlines,
   * written out together with the expected record list. */
  size_t cap = 1 << 20;
  char *in = malloc(cap), *want = malloc(4 * cap);
  size_t n = 0, wn = 0, line = 1, rows = 0;
  while (n < cap - 4096) {
    if (rnd(10) == 0) { in[n++] = '\n'; line++; continue; }      /* a blank line */
    size_t start = n, start_line = line;
    unsigned cells = 1 + rnd(6);
    for (unsigned c = 0; c < cells; c++) {
      if (c) in[n++] = ',';
      unsigned len = rnd(rnd(4) ? 12 : 3000);
      bool quoted = rnd(2);
      if (quoted) in[n++] = '"';
      for (unsigned k = 0; k < len; k++) {
        /* Unquoted cells draw from the first five: a quote there is literal unless it starts
         * the cell, so that one position is avoided. */
        static const char alphabet[] = "abc \"xyz,\n\r";
        char ch = alphabet[rnd(quoted ? sizeof alphabet - 1 : 5)];
        if (!quoted && k == 0 && ch == '"') ch = 'q';
        if (quoted && ch == '"') in[n++] = '"';
        if (ch == '\n') line++;
        in[n++] = ch;
      }
      if (quoted) in[n++] = '"';
    }
    if (n == start) in[n++] = 'e';                   /* an empty row would be a blank line */
    wn += (size_t)sprintf(want + wn, "%s%zu:", rows++ ? "|" : "", start_line);
    memcpy(want + wn, in + start, n - start);
    wn += n - start;
    if (rnd(3) == 0) in[n++] = '\r';
    if (in[n - 1] == '\r') want[wn++] = '\r';
    in[n++] = '\n';
    line++;
  }
  want[wn] = '\0';
  static const size_t blocks[] = {1, 100, 4096, 1 << 20};
  for (size_t bi = 0; bi < sizeof blocks / sizeof *blocks; bi++) {
    collected c = split_all(LC_INPUT_CSV, in, n, blocks[bi], 1 + rnd(5000), false);
    assert_int_equal(c.n, rows);
    assert_true(c.len == wn && memcmp(c.text, want, wn) == 0);
    free(c.text);
  }
  free(in);
  free(want);
}

static void test_batches_stay_valid_while_refilled(void **state) {
  char in[4000];
  size_t n = 0;
  for (int i = 0; i < 300; i++) n += (size_t)sprintf(in + n, "{\"i\":%d}\n", i);
  memsrc m = {in, n, 0, 0, 0, 0};
  lc_reader *r = lc_reader_open(&(lc_reader_options){.format = LC_INPUT_NDJSON, .block_size = 100}, mem_read, &m);
  lc_batch a, b;
  lc_batch_init(&a);
  lc_batch_init(&b);
  int i = 0;
  for (;;) {
    if (lc_reader_next_batch(r, &a) <= 0) break;
    int rb = lc_reader_next_batch(r, &b);         /* a is still in use while b is filled */
    char want[32];
    for (size_t k = 0; k < a.n; k++, i++) {
      sprintf(want, "{\"i\":%d}", i);
      assert_true(a.recs[k].len == strlen(want) && memcmp(a.recs[k].ptr, want, a.recs[k].len) == 0);
    }
    if (rb <= 0) break;
    for (size_t k = 0; k < b.n; k++, i++) {
      sprintf(want, "{\"i\":%d}", i);
      assert_true(b.recs[k].len == strlen(want) && memcmp(b.recs[k].ptr, want, b.recs[k].len) == 0);
    }
  }
  assert_int_equal(i, 300);
  lc_batch_free(&a);
  lc_batch_free(&b);
  lc_reader_close(r);
}

static void test_read_errors(void **state) {
  memsrc m = {"a\nb\nc\n", 6, 0, 2, 3, 0};
  lc_reader *r = lc_reader_open(&(lc_reader_options){.block_size = 4}, mem_read, &m);
  lc_batch b;
  lc_batch_init(&b);
  assert_int_equal(lc_reader_next_batch(r, &b), 1);
  errno = 0;
  assert_int_equal(lc_reader_next_batch(r, &b), -1);
  assert_int_equal(errno, EIO);
  lc_batch_free(&b);
  lc_reader_close(r);
}

static void test_file_descriptor(void **state) {
  FILE *f = tmpfile();
  assert_non_null(f);
  fputs("{\"a\":1}\n\n{\"b\":2}", f);
  fflush(f);
  rewind(f);
  int fd = fileno(f);
  lc_reader *r = lc_reader_open(&(lc_reader_options){0}, lc_read_fd, &fd);
  lc_batch b;
  lc_batch_init(&b);
  assert_int_equal(lc_reader_next_batch(r, &b), 1);
  assert_int_equal(b.n, 2);
  assert_int_equal(b.recs[1].line, 3);
  assert_int_equal(lc_reader_next_batch(r, &b), 0);
  lc_batch_free(&b);
  lc_reader_close(r);
  fclose(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ndjson_lines),
      cmocka_unit_test(test_csv_records),
      cmocka_unit_test(test_csv_header),
      cmocka_unit_test(test_long_records),
      cmocka_unit_test(test_random_csv_against_reference),
      cmocka_unit_test(test_batches_stay_valid_while_refilled),
      cmocka_unit_test(test_read_errors),
      cmocka_unit_test(test_file_descriptor),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
