/* Field values shared by the JSON and CSV decoders: converting a string, a number or a CSV cell
 * to a field's kind, what an absent field reads as, and the reject messages that name the field
 * and quote what was found. Messages are only built on the reject path, so they can afford
 * snprintf; everything else here is on the per-field hot path and stays branch-light. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runtime/reader_internal.h"

/* ---- messages */

typedef struct msgbuf {
  char *p;
  size_t left;                      /* including room for the terminating NUL */
} msgbuf;

/* Appends what fits, never splitting a UTF-8 sequence. */
static void put(msgbuf *m, const char *s, size_t n) {
  if (m->left <= 1) return;
  if (n > m->left - 1) {
    n = m->left - 1;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memcpy(m->p, s, n);
  m->p += n;
  m->left -= n;
  *m->p = '\0';
}

static void puts_(msgbuf *m, const char *s) { put(m, s, strlen(s)); }

static void put_path(msgbuf *m, const rd_path *path) {
  const rd_path *frames[64];
  int n = 0;
  for (const rd_path *f = path; f && n < 64; f = f->parent) frames[n++] = f;
  while (n--) {
    const rd_path *f = frames[n];
    if (f->name) {
      if (f->parent) put(m, ".", 1);
      puts_(m, f->name);
    } else {
      char idx[24];
      put(m, idx, (size_t)snprintf(idx, sizeof idx, "[%llu]", (unsigned long long)f->index));
    }
  }
}

/* Shows at most about 40 bytes of input, escaping what would break a one-line message. */
static void put_excerpt(msgbuf *m, const char *s, size_t n, bool quote) {
  enum { LIMIT = 40 };
  size_t shown = n;
  if (shown > LIMIT) {
    shown = LIMIT;
    while (shown && ((unsigned char)s[shown] & 0xC0) == 0x80) shown--;
    while (shown && s[shown - 1] == '\\') shown--;   /* no half escape sequence before the … */
  }
  if (quote) put(m, "\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < shown; i++) {
    unsigned char c = (unsigned char)s[i];
    bool esc = c < 0x20 || c == 0x7F || (quote && (c == '"' || c == '\\'));
    if (!esc) continue;
    put(m, s + run, i - run);
    char e[8];
    const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r"
                      : c == '"' ? "\\\"" : c == '\\' ? "\\\\" : NULL;
    if (named) puts_(m, named);
    else put(m, e, (size_t)snprintf(e, sizeof e, "\\u%04x", c));
    run = i + 1;
  }
  put(m, s + run, shown - run);
  if (shown < n) puts_(m, "…");
  if (quote) put(m, "\"", 1);
}

rd_status rd_fail_value(rd_ctx *x, const rd_path *path, const char *what, const rd_found *found) {
  msgbuf m = {x->err->msg, sizeof x->err->msg};
  x->err->msg[0] = '\0';
  if (path) {
    puts_(&m, "field \"");
    put_path(&m, path);
    puts_(&m, "\": ");
  }
  puts_(&m, what);
  if (found) {
    puts_(&m, ", found ");
    if (found->style == RD_FOUND_DESC) put(&m, found->p, found->n);
    else put_excerpt(&m, found->p, found->n, found->style == RD_FOUND_QUOTE);
  }
  return RD_INVALID;
}

rd_status rd_fail(rd_ctx *x, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->err->msg, sizeof x->err->msg, fmt, ap);
  va_end(ap);
  return RD_INVALID;
}

rd_status rd_fail_syntax(rd_ctx *x, const char *at, const char *what) {
  rd_fail(x, "malformed JSON at byte %zu: %s", (size_t)(at - x->start) + 1, what);
  return RD_SYNTAX;
}

static const char *expected(const lc_field_desc *f, char *buf, size_t size) {
  switch (f->kind) {
  case LC_V_BOOL: return "expected true or false";
  case LC_V_NUMBER: return "expected a number";
  case LC_V_INT: return "expected an integer";
  case LC_V_STRING: return "expected a string";
  case LC_V_TIME: return "expected a time (RFC 3339, YYYY-MM-DD or epoch seconds)";
  case LC_V_DURATION: return "expected a duration (seconds, or a number with s, m, h, d or w)";
  case LC_V_LIST: return "expected a list";
  case LC_V_ENUM: break;
  }
  msgbuf m = {buf, size};
  buf[0] = '\0';
  puts_(&m, "expected one of ");
  for (uint32_t i = 0; i < f->nmembers; i++) {
    if (i) puts_(&m, ", ");
    if (m.left < 40) { puts_(&m, "…"); break; }
    put_excerpt(&m, f->members[i], strlen(f->members[i]), true);
  }
  return buf;
}

rd_status rd_fail_kind(const lc_decoder *d, uint32_t field, rd_ctx *x, const rd_path *path,
                       const rd_found *found) {
  char buf[160];
  return rd_fail_value(x, path, expected(&d->desc->fields[field], buf, sizeof buf), found);
}

rd_status rd_absent(const lc_decoder *d, uint32_t field, uint8_t *rec, rd_ctx *x,
                    const rd_path *path, const char *why) {
  const lc_field_desc *f = &d->desc->fields[field];
  if (f->kind == LC_V_LIST) {
    rd_store_list(d, field, rec, NULL, 0);
    return RD_OK;
  }
  if (f->optional) {
    rd_clear(d, field, rec);
    return RD_OK;
  }
  char what[64];
  snprintf(what, sizeof what, "required, but %s", why);
  rd_path here = {path, f->name, 0};
  return rd_fail_value(x, &here, what, NULL);
}

/* ---- values */

bool rd_is_missing_value(const lc_decoder *d, const char *s, size_t n) {
  for (uint32_t i = 0; i < d->desc->nmissing; i++)
    if (d->missing_len[i] == n && memcmp(d->desc->missing_values[i], s, n) == 0) return true;
  return false;
}

/* "45s", "1.5h", "14d": a JSON number and one unit letter. */
static bool parse_duration(const char *s, size_t n, int64_t *us) {
  rd_num num;
  const char *end = s + n, *p = rd_scan_number(s, end, &num);
  if (!p || end - p != 1) return false;
  uint32_t unit;
  switch (*p) {
  case 's': unit = 1; break;
  case 'm': unit = 60; break;
  case 'h': unit = 3600; break;
  case 'd': unit = 86400; break;
  case 'w': unit = 604800; break;
  default: return false;
  }
  return rd_num_us(&num, unit, us);
}

rd_status rd_put_text(const lc_decoder *d, uint32_t field, const char *s, size_t n, uint8_t *rec,
                      rd_ctx *x, const rd_path *path, const rd_found *found) {
  const lc_field_desc *f = &d->desc->fields[field];
  int64_t v;
  switch (f->kind) {
  case LC_V_STRING:
    if (n > UINT32_MAX) return rd_fail_value(x, path, "string too long", NULL);
    rd_store_str(d, field, rec, s, (uint32_t)n);
    return RD_OK;
  case LC_V_ENUM: {
    uint32_t i = rd_enum_index(d, field, s, n);
    if (i == f->nmembers) return rd_fail_kind(d, field, x, path, found);
    v = i;
    break;
  }
  case LC_V_TIME:
    if (!lc_time_parse(s, n, &v)) return rd_fail_kind(d, field, x, path, found);
    break;
  case LC_V_DURATION:
    if (!parse_duration(s, n, &v)) return rd_fail_kind(d, field, x, path, found);
    break;
  default:
    return rd_fail_kind(d, field, x, path, found);
  }
  rd_store_int(d, field, rec, v);
  return RD_OK;
}

rd_status rd_put_number(const lc_decoder *d, uint32_t field, const rd_num *num, uint8_t *rec,
                        rd_ctx *x, const rd_path *path, const rd_found *found) {
  double v;
  int64_t us;
  switch (d->desc->fields[field].kind) {
  case LC_V_INT:
    switch (rd_num_int_check(num)) {
    case 1: return rd_fail_kind(d, field, x, path, found);
    case 2: return rd_fail_value(x, path, "integer out of range (|n| <= 2^53)", found);
    }
    rd_num_double(num, &v);
    rd_store_num(d, field, rec, v);
    return RD_OK;
  case LC_V_NUMBER:
    if (!rd_num_double(num, &v)) return rd_fail_value(x, path, "number out of range", found);
    rd_store_num(d, field, rec, v);
    return RD_OK;
  case LC_V_TIME:
  case LC_V_DURATION:
    if (!rd_num_us(num, 1, &us)) return rd_fail_value(x, path, "time out of range", found);
    rd_store_int(d, field, rec, us);
    return RD_OK;
  default:
    return rd_fail_kind(d, field, x, path, found);
  }
}

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool word_is(const char *s, size_t n, const char *w) {
  size_t i = 0;
  for (; i < n && w[i]; i++)
    if (lower_ascii((unsigned char)s[i]) != w[i]) return false;
  return i == n && !w[i];
}

rd_status rd_put_cell(const lc_decoder *d, uint32_t field, const char *s, size_t n, uint8_t *rec,
                      rd_ctx *x, const rd_path *path) {
  const lc_field_desc *f = &d->desc->fields[field];
  rd_found found = {s, n, RD_FOUND_QUOTE};
  if (f->kind == LC_V_STRING || f->kind == LC_V_ENUM)
    return rd_put_text(d, field, s, n, rec, x, path, &found);

  /* Other kinds are read from the cell without surrounding blanks, as spreadsheets pad them. */
  const char *t = s, *end = s + n;
  while (t < end && (*t == ' ' || *t == '\t')) t++;
  while (end > t && (end[-1] == ' ' || end[-1] == '\t')) end--;
  if (f->kind == LC_V_BOOL) {
    size_t k = (size_t)(end - t);
    bool yes = word_is(t, k, "true") || word_is(t, k, "1") || word_is(t, k, "yes");
    if (!yes && !word_is(t, k, "false") && !word_is(t, k, "0") && !word_is(t, k, "no"))
      return rd_fail_kind(d, field, x, path, &found);
    rd_store_bool(d, field, rec, yes);
    return RD_OK;
  }
  int64_t us;
  if (f->kind == LC_V_TIME && lc_time_parse(t, (size_t)(end - t), &us)) {
    rd_store_int(d, field, rec, us);
    return RD_OK;
  }
  rd_num num;
  if (rd_scan_number(t, end, &num) == end)
    return rd_put_number(d, field, &num, rec, x, path, &found);
  if (f->kind == LC_V_DURATION) return rd_put_text(d, field, t, (size_t)(end - t), rec, x, path, &found);
  return rd_fail_kind(d, field, x, path, &found);
}
