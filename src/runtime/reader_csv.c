/* Decoding CSV rows (RFC 4180) into record structs.
 *
 * The header row is mapped once to a column → field table, so a row is decoded by walking its
 * cells left to right and converting only the mapped ones; cells are found with memchr, never a
 * byte loop. A cell is a slice of the row unless it is quoted and holds "" (then it is
 * unescaped into scratch). Each field reads from at most one column, so unlike JSON there are no
 * duplicates to resolve and the first unacceptable cell rejects the row at once. */
#include <stdlib.h>
#include <string.h>

#include "runtime/reader_internal.h"
#include "runtime/utf8.h"

struct lc_csv_header {
  char delim;
  uint32_t ncols;
  int32_t *col_field;        /* field index per column, -1 when no field reads it */
};

typedef struct cell {
  const char *p;             /* content, without surrounding quotes */
  size_t n;
  bool escaped;              /* quoted and holding "" */
} cell;

/* Reads the cell at *pp in a row ending at end and moves *pp past its delimiter; *last is set
 * when the cell ends the row. NULL on success, else what is wrong (at *pp). */
static const char *next_cell(const char **pp, const char *end, char delim, cell *c, bool *last) {
  const char *p = *pp;
  c->escaped = false;
  if (p < end && *p == '"') {
    const char *q = p + 1;
    for (;;) {
      const char *r = memchr(q, '"', (size_t)(end - q));
      if (!r) return "unterminated quoted cell";
      if (r + 1 < end && r[1] == '"') {
        c->escaped = true;
        q = r + 2;
        continue;
      }
      c->p = p + 1;
      c->n = (size_t)(r - c->p);
      p = r + 1;
      break;
    }
    if (p < end && *p != delim) {
      *pp = p;
      return "unexpected character after a closing quote";
    }
  } else {
    const char *r = memchr(p, delim, (size_t)(end - p));
    c->p = p;
    c->n = (size_t)((r ? r : end) - p);
    p += c->n;
  }
  *last = p == end;
  *pp = *last ? p : p + 1;
  return NULL;
}

/* The cell's text, with "" turned into " (into out, which holds at least c->n bytes). Copies
 * run from quote to quote: list cells holding JSON are dense with quotes but still mostly text. */
static size_t unescape_cell(const cell *c, char *out) {
  const char *p = c->p, *end = c->p + c->n;
  char *o = out;
  while (p < end) {
    const char *q = memchr(p, '"', (size_t)(end - p));
    size_t k = (size_t)((q ? q + 1 : end) - p);      /* up to and including the first quote */
    memcpy(o, p, k);
    o += k;
    p += k + (q != NULL);                              /* skip its twin */
  }
  return (size_t)(o - out);
}

/* A row's bytes without the CR of a CRLF ending. */
static size_t row_len(const char *bytes, size_t len) {
  return len && bytes[len - 1] == '\r' ? len - 1 : len;
}

lc_csv_header *lc_csv_header_new(const lc_decoder *d, const char *bytes, size_t len, char delimiter,
                                 lc_decode_error *err) {
  err->msg[0] = '\0';
  rd_ctx x = {NULL, err, bytes};
  if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) bytes += 3, len -= 3;
  size_t valid = lc_utf8_valid_prefix((const uint8_t *)bytes, len);
  if (valid != len) {
    rd_fail(&x, "CSV header: invalid UTF-8 at byte %zu", valid + 1);
    return NULL;
  }
  len = row_len(bytes, len);
  const char *end = bytes + len;

  uint32_t ncols = 0;
  bool last = false;
  cell c;
  for (const char *p = bytes; !last; ncols++) {
    const char *why = next_cell(&p, end, delimiter, &c, &last);
    if (why) {
      rd_fail(&x, "CSV header, column %u: %s", ncols + 1, why);
      return NULL;
    }
  }

  lc_csv_header *h = malloc(sizeof *h);
  int32_t *col_field = malloc(ncols * sizeof *col_field);
  int32_t *field_col = malloc((d->desc->nfields ? d->desc->nfields : 1) * sizeof *field_col);
  char *name = malloc(len ? len : 1);
  if (!h || !col_field || !field_col || !name) {
    free(h);
    free(col_field);
    free(field_col);
    free(name);
    return NULL;
  }
  for (uint32_t i = 0; i < d->desc->nfields; i++) field_col[i] = -1;
  const char *p = bytes;
  last = false;
  for (uint32_t col = 0; col < ncols; col++) {
    next_cell(&p, end, delimiter, &c, &last);
    size_t n = c.escaped ? unescape_cell(&c, name) : c.n;
    int32_t fi = rd_find_field(d, c.escaped ? name : c.p, n);
    col_field[col] = fi;
    if (fi >= 0) {
      /* A repeated column name: the last column counts, as the last duplicate key in JSON. */
      if (field_col[fi] >= 0) col_field[field_col[fi]] = -1;
      field_col[fi] = (int32_t)col;
    }
  }
  free(field_col);
  free(name);
  *h = (lc_csv_header){delimiter, ncols, col_field};
  return h;
}

void lc_csv_header_free(lc_csv_header *h) {
  if (!h) return;
  free(h->col_field);
  free(h);
}

enum { ST_ABSENT, ST_SET, ST_EMPTY, ST_NULL, ST_MISSING };

int lc_decode_csv_row(const lc_decoder *d, const lc_csv_header *h, const char *bytes, size_t len,
                      void *out, lc_scratch *scratch, lc_decode_error *err) {
  rd_ctx x = {scratch, err, bytes};
  err->msg[0] = '\0';
  size_t valid = lc_utf8_valid_prefix((const uint8_t *)bytes, len);
  if (valid != len) {
    rd_fail(&x, "invalid UTF-8 at byte %zu", valid + 1);
    return LC_DECODE_REJECT;
  }
  const uint32_t nf = d->desc->nfields;
  uint8_t st_local[64];
  uint8_t *st = nf > 64 ? lc_scratch_alloc(scratch, nf) : st_local;
  memset(st, ST_ABSENT, nf);
  uint8_t *rec = out;
  memset(rec, 0, LC_PRESENT_BYTES(d->desc->nslots));

  const char *p = bytes, *end = bytes + row_len(bytes, len);
  bool last = false;
  uint32_t col = 0;
  for (; !last; col++) {
    cell c;
    const char *why = next_cell(&p, end, h->delim, &c, &last);
    if (why) {
      rd_fail(&x, "column %u: %s", col + 1, why);
      return LC_DECODE_REJECT;
    }
    if (col >= h->ncols) continue;          /* counted for the message below */
    int32_t fi = h->col_field[col];
    if (fi < 0) continue;
    const char *s = c.p;
    size_t n = c.n;
    if (c.escaped) {
      char *buf = lc_scratch_alloc(scratch, n);
      n = unescape_cell(&c, buf);
      s = buf;
    }
    rd_status r;
    if (n == 0) r = RD_NULL;
    else if (d->desc->nmissing && rd_is_missing_value(d, s, n)) r = RD_MISSING;
    else if (d->desc->fields[fi].kind == LC_V_LIST) r = rd_json_list_text(d, (uint32_t)fi, s, n, rec, &x, NULL);
    else r = rd_put_cell(d, (uint32_t)fi, s, n, rec, &x, &(rd_path){NULL, d->desc->fields[fi].name, 0});
    if (r == RD_INVALID) return LC_DECODE_REJECT;
    st[fi] = r == RD_OK ? ST_SET : r == RD_MISSING ? ST_MISSING : n == 0 ? ST_EMPTY : ST_NULL;
  }
  if (col != h->ncols) {
    rd_fail(&x, "the row has %u cells, the header %u", col, h->ncols);
    return LC_DECODE_REJECT;
  }

  static const char *const why[] = {
      [ST_ABSENT] = "absent (no such column)", [ST_EMPTY] = "empty",
      [ST_NULL] = "null", [ST_MISSING] = "a missing_values placeholder",
  };
  for (uint32_t i = 0; i < nf; i++)
    if (st[i] != ST_SET && rd_absent(d, i, rec, &x, NULL, why[st[i]]) != RD_OK) return LC_DECODE_REJECT;
  return LC_DECODE_OK;
}

/* ---- one cell by column (lc_csv_find_column, lc_peek_csv) */

/* Whether the cell's text (with "" read as ") is exactly s. */
static bool cell_is(const cell *c, const char *s, size_t n) {
  size_t j = 0;
  for (size_t i = 0; i < c->n; i++, j++) {
    if (j == n || c->p[i] != s[j]) return false;
    if (c->p[i] == '"') i++;
  }
  return j == n;
}

int32_t lc_csv_find_column(const char *header, size_t len, char delimiter, const char *name,
                           size_t namelen) {
  if (len >= 3 && memcmp(header, "\xEF\xBB\xBF", 3) == 0) header += 3, len -= 3;
  const char *p = header, *end = header + row_len(header, len);
  int32_t found = -1;
  bool last = false;
  for (int32_t col = 0; !last; col++) {
    cell c;
    if (next_cell(&p, end, delimiter, &c, &last)) return -1;
    if (cell_is(&c, name, namelen)) found = col;
  }
  return found;
}

int lc_peek_csv(const char *bytes, size_t len, char delimiter, uint32_t col, lc_scratch *scratch,
                lc_peek *out, lc_decode_error *err) {
  rd_ctx x = {scratch, err, bytes};
  err->msg[0] = '\0';
  *out = (lc_peek){LC_PEEK_ABSENT, {NULL, 0}};
  const char *p = bytes, *end = bytes + row_len(bytes, len);
  bool last = false;
  for (uint32_t i = 0; !last; i++) {
    cell c;
    const char *why = next_cell(&p, end, delimiter, &c, &last);
    if (why) {
      rd_fail(&x, "column %u: %s", i + 1, why);
      return LC_DECODE_REJECT;
    }
    if (i < col) continue;
    if (c.n == 0) {
      *out = (lc_peek){LC_PEEK_NULL, {c.p, 0}};
    } else if (c.escaped) {
      char *buf = lc_scratch_alloc(scratch, c.n);
      *out = (lc_peek){LC_PEEK_STRING, {buf, (uint32_t)unescape_cell(&c, buf)}};
    } else {
      *out = (lc_peek){LC_PEEK_STRING, {c.p, (uint32_t)c.n}};
    }
    return LC_DECODE_OK;
  }
  return LC_DECODE_OK;
}
