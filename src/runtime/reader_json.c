/* Decoding one JSON object into a record struct.
 *
 * A single forward pass over the bytes: keys are looked up in the decoder's hash table, a
 * declared field is converted straight into its slot, anything else is skipped by a validating
 * scanner that keeps its nesting in a bit stack instead of recursing, so no input can exhaust the
 * C stack. Recursion happens only along the model's own list<record> nesting, which the model
 * bounds. Strings without escapes are stored as slices of the input.
 *
 * Duplicate keys: the last occurrence counts. A field whose value is unacceptable is therefore
 * only noted (with where its value starts) and parsing goes on; if no later occurrence replaces
 * it, the value is decoded once more at the end of the object to produce the reject message.
 * The error path pays for that, the common path does not. Malformed JSON (RD_SYNTAX) stops at
 * once, so a record that is malformed anywhere is always reported as malformed. */
#include <string.h>

#include "runtime/hash.h"
#include "runtime/reader_internal.h"
#include "runtime/utf8.h"

typedef struct cur {
  const char *p, *end;
} cur;

/* Compact NDJSON has no whitespace between tokens: one compare tells most bytes apart. */
static void skip_ws(cur *c) {
  while (c->p < c->end && (unsigned char)*c->p <= ' ' &&
         (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static bool at_end(cur *c) { return c->p == c->end; }

static rd_status truncated(rd_ctx *x, const cur *c) {
  return rd_fail_syntax(x, c->p, "unexpected end of record (truncated?)");
}

/* ---- strings */

typedef struct jstr {
  const char *p;          /* between the quotes */
  size_t n;
  bool escaped;
} jstr;

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* The high bit of each of 8 bytes that is '"', '\\' or a control character, without looking at
 * each; borrows can set bits above a match, never below the first one. */
static uint64_t word_specials(uint64_t w) {
  uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
  return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w)) & HIGHS;
}

/* How many bytes of the word precede its first special byte (the byte loop finds it exactly
 * where the first flagged bit is not the first byte in memory). */
static size_t before_first_special(uint64_t specials) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return (size_t)__builtin_ctzll(specials) / 8;
#else
  (void)specials;
  return 0;
#endif
}

static int hex4(const char *p) {
  int v = 0;
  for (int i = 0; i < 4; i++) {
    int c = (unsigned char)p[i], d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (c | 0x20) - 'a' + 10;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/* \uXXXX at p (p points at the backslash), with a following low surrogate when XXXX is a high
 * one. Returns the code point and sets *len, or -1 when malformed or an unpaired surrogate. */
static int32_t unicode_escape(const char *p, const char *end, unsigned *len) {
  if (end - p < 6) return -1;
  int hi = hex4(p + 2);
  if (hi < 0 || (hi >= 0xDC00 && hi <= 0xDFFF)) return -1;
  *len = 6;
  if (hi < 0xD800 || hi > 0xDBFF) return hi;
  if (end - p < 12 || p[6] != '\\' || p[7] != 'u') return -1;
  int lo = hex4(p + 8);
  if (lo < 0xDC00 || lo > 0xDFFF) return -1;
  *len = 12;
  return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
}

/* Scans the string starting at the quote at c->p, validating escapes. */
static rd_status scan_string(cur *c, rd_ctx *x, jstr *s) {
  const char *p = c->p + 1, *end = c->end;
  s->p = p;
  s->escaped = false;
  for (;;) {
    while (end - p >= 8) {
      uint64_t w, specials;
      memcpy(&w, p, 8);
      if ((specials = word_specials(w))) {
        p += before_first_special(specials);
        break;
      }
      p += 8;
    }
    while (p < end && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\') p++;
    if (p == end) return rd_fail_syntax(x, c->p, "unterminated string (truncated record?)");
    if (*p == '"') break;
    if (*p != '\\') return rd_fail_syntax(x, p, "control character in a string (must be escaped)");
    s->escaped = true;
    if (end - p < 2) return rd_fail_syntax(x, c->p, "unterminated string (truncated record?)");
    switch (p[1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
      p += 2;
      break;
    case 'u': {
      unsigned len;
      if (unicode_escape(p, end, &len) < 0)
        return rd_fail_syntax(x, p, "invalid \\u escape (bad hex digits or unpaired surrogate)");
      p += len;
      break;
    }
    default:
      return rd_fail_syntax(x, p, "invalid escape in a string");
    }
  }
  s->n = (size_t)(p - s->p);
  c->p = p + 1;
  return RD_OK;
}

/* The string's value: the input slice itself, or its unescaped copy in scratch. */
static lc_str string_value(rd_ctx *x, const jstr *s) {
  if (!s->escaped) return (lc_str){s->p, (uint32_t)s->n};
  /* Every escape is at least as long as what it stands for. */
  char *out = lc_scratch_alloc(x->scratch, s->n ? s->n : 1), *o = out;
  for (const char *p = s->p, *end = s->p + s->n; p < end;) {
    if (*p != '\\') { *o++ = *p++; continue; }
    char e = p[1];
    switch (e) {
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    case 'u': {
      unsigned len;
      o += lc_utf8_encode((uint32_t)unicode_escape(p, end, &len), (uint8_t *)o);
      p += len;
      continue;
    }
    default: *o++ = e; break;           /* " \ / */
    }
    p += 2;
  }
  return (lc_str){out, (uint32_t)(o - out)};
}

static bool literal(cur *c, const char *lit, size_t n) {
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0) return false;
  c->p += n;
  return true;
}

/* ---- skipping a value of any shape, iteratively */

/* One bit per open container (1 = object); the first 256 levels need no memory at all. */
typedef struct bitstack {
  uint64_t inline_words[4];
  uint64_t *words;
  size_t depth, cap;
} bitstack;

static void push(bitstack *s, rd_ctx *x, bool object) {
  if (s->depth == s->cap) {
    uint64_t *w = lc_scratch_alloc(x->scratch, s->cap / 4);      /* twice the bits */
    memcpy(w, s->words, s->cap / 8);
    s->words = w;
    s->cap *= 2;
  }
  uint64_t bit = UINT64_C(1) << (s->depth % 64);
  if (object) s->words[s->depth / 64] |= bit;
  else s->words[s->depth / 64] &= ~bit;
  s->depth++;
}

static bool top_is_object(const bitstack *s) {
  return s->words[(s->depth - 1) / 64] >> ((s->depth - 1) % 64) & 1;
}

/* After '{' or ',' inside an object: a key and its colon. */
static rd_status skip_key(cur *c, rd_ctx *x) {
  skip_ws(c);
  if (at_end(c)) return truncated(x, c);
  if (*c->p != '"') return rd_fail_syntax(x, c->p, "expected a key string");
  jstr k;
  if (scan_string(c, x, &k) != RD_OK) return RD_SYNTAX;
  skip_ws(c);
  if (at_end(c)) return truncated(x, c);
  if (*c->p != ':') return rd_fail_syntax(x, c->p, "expected ':' after the key");
  c->p++;
  return RD_OK;
}

static rd_status skip_value(cur *c, rd_ctx *x) {
  bitstack st = {.depth = 0, .cap = 256};
  st.words = st.inline_words;
  for (;;) {
    /* a value starts here */
    skip_ws(c);
    if (at_end(c)) return truncated(x, c);
    switch (*c->p) {
    case '{':
      c->p++;
      skip_ws(c);
      if (!at_end(c) && *c->p == '}') { c->p++; break; }
      push(&st, x, true);
      if (skip_key(c, x) != RD_OK) return RD_SYNTAX;
      continue;
    case '[':
      c->p++;
      skip_ws(c);
      if (!at_end(c) && *c->p == ']') { c->p++; break; }
      push(&st, x, false);
      continue;
    case '"': {
      jstr s;
      if (scan_string(c, x, &s) != RD_OK) return RD_SYNTAX;
      break;
    }
    case 't': case 'f': case 'n':
      if (!literal(c, "true", 4) && !literal(c, "false", 5) && !literal(c, "null", 4))
        return rd_fail_syntax(x, c->p, "invalid literal");
      break;
    default: {
      rd_num n;
      const char *e = rd_scan_number(c->p, c->end, &n);
      if (!e) return rd_fail_syntax(x, c->p, "expected a value");
      c->p = e;
      break;
    }
    }
    /* a value ended: close containers until one continues with ',' */
    for (;;) {
      if (st.depth == 0) return RD_OK;
      skip_ws(c);
      if (at_end(c)) return truncated(x, c);
      bool object = top_is_object(&st);
      if (*c->p == ',') {
        c->p++;
        if (object && skip_key(c, x) != RD_OK) return RD_SYNTAX;
        break;
      }
      if (*c->p != (object ? '}' : ']'))
        return rd_fail_syntax(x, c->p, object ? "expected ',' or '}'" : "expected ',' or ']'");
      c->p++;
      st.depth--;
    }
  }
}

/* ---- declared fields */

/* The key expected next in an object of one record type, learned as keys go by: next[i] is the
 * field whose key followed field i's last time (at first the one declared after it), next[nf]
 * the first key; a value >= nf guesses nothing. Writers emit keys in a fixed order, so most keys
 * are recognised by comparing their bytes in place with the expected key instead of scanning
 * and hashing them, and a wrong guess costs one compare. Records with more fields do not guess. */
enum { GUESS_MAX = 64 };
typedef struct guess { uint8_t next[GUESS_MAX + 1]; } guess;

static guess *guess_init(guess *g, const lc_decoder *d) {
  uint32_t nf = d->desc->nfields;
  if (nf > GUESS_MAX) return NULL;
  for (uint32_t i = 0; i < nf; i++) g->next[i] = (uint8_t)(i + 1);
  g->next[nf] = 0;
  return g;
}

/* Whether the key string at c->p (a quote) is exactly field f's key; if so, moves past it. */
static bool key_here(const lc_decoder *d, uint32_t f, cur *c) {
  uint32_t n = d->key_len[f];
  const char *q = c->p + 1;
  if (n == RD_NOT_RAW || (size_t)(c->end - q) <= n || q[n] != '"' || !lc_bytes_eq(q, d->key[f], n))
    return false;
  c->p = q + n + 1;
  return true;
}

static rd_status object(const lc_decoder *d, cur *c, uint8_t *rec, rd_ctx *x, const rd_path *path,
                        guess *g);

static const rd_found *desc_found(rd_found *f, const char *what) {
  *f = (rd_found){what, strlen(what), RD_FOUND_DESC};
  return f;
}

/* A JSON array of element objects, at c->p == '['. */
static rd_status list(const lc_decoder *d, uint32_t field, cur *c, uint8_t *rec, rd_ctx *x,
                      const rd_path *here) {
  const lc_decoder *ed = d->elem[field];
  const size_t esz = LC_RECORD_SIZE(ed->desc->nslots);
  uint8_t *items = NULL;
  uint32_t n = 0, cap = 0;
  bool invalid = false;
  guess g_local, *g = guess_init(&g_local, ed);
  c->p++;
  skip_ws(c);
  if (!at_end(c) && *c->p == ']') {
    c->p++;
  } else {
    for (;;) {
      skip_ws(c);
      if (at_end(c)) return truncated(x, c);
      rd_path elem = {here, NULL, n};
      if (invalid) {
        if (skip_value(c, x) != RD_OK) return RD_SYNTAX;
      } else if (*c->p != '{') {
        rd_found f;
        const char *start = c->p;
        if (skip_value(c, x) != RD_OK) return RD_SYNTAX;
        f = (rd_found){start, (size_t)(c->p - start), RD_FOUND_TOKEN};
        if (*start == '[') desc_found(&f, "a list");
        rd_fail_value(x, &elem, "expected an object", &f);
        invalid = true;
      } else {
        if (n == cap) {
          cap = cap ? 2 * cap : 8;
          uint8_t *grown = lc_scratch_alloc(x->scratch, cap * esz);
          if (n) memcpy(grown, items, n * esz);
          items = grown;
        }
        rd_status r = object(ed, c, items + n * esz, x, &elem, g);
        if (r == RD_SYNTAX) return r;
        invalid = r != RD_OK;
      }
      n++;
      skip_ws(c);
      if (at_end(c)) return truncated(x, c);
      if (*c->p == ']') { c->p++; break; }
      if (*c->p != ',') return rd_fail_syntax(x, c->p, "expected ',' or ']'");
      c->p++;
    }
  }
  if (invalid) return RD_INVALID;
  rd_store_list(d, field, rec, items, n);
  return RD_OK;
}

/* The value of a declared field, at c->p (not whitespace, not the end). */
static rd_status field_value(const lc_decoder *d, uint32_t field, cur *c, uint8_t *rec, rd_ctx *x,
                             const rd_path *path) {
  const lc_field_desc *f = &d->desc->fields[field];
  rd_path here = {path, f->name, 0};
  const char *start = c->p;
  rd_found found;
  switch (*c->p) {
  case '"': {
    /* The common time shape, "2024-01-04T01:08:02Z", parsed in place: a string lc_time_parse
     * accepts at 20 bytes holds no quote, backslash or control character, so the quote after
     * it ends the string and scanning it for escapes first would find nothing. Anything else
     * takes the general path, which also writes every message. */
    int64_t t;
    if (f->kind == LC_V_TIME && c->end - c->p > 21 && c->p[21] == '"' &&
        !(d->desc->nmissing && rd_is_missing_value(d, c->p + 1, 20)) &&
        lc_time_parse(c->p + 1, 20, &t)) {
      c->p += 22;
      rd_store_int(d, field, rec, t);
      return RD_OK;
    }
    jstr s;
    if (scan_string(c, x, &s) != RD_OK) return RD_SYNTAX;
    lc_str v = string_value(x, &s);
    if (d->desc->nmissing && rd_is_missing_value(d, v.ptr, v.len)) return RD_MISSING;
    /* Strings and enum members, most values of a record, stored here without the call. */
    if (f->kind == LC_V_STRING) {
      rd_store_str(d, field, rec, v.ptr, v.len);
      return RD_OK;
    }
    if (f->kind == LC_V_ENUM) {
      uint32_t i = rd_enum_index(d, field, v.ptr, v.len);
      if (i < f->nmembers) {
        rd_store_int(d, field, rec, i);
        return RD_OK;
      }
    }
    found = (rd_found){start, (size_t)(c->p - start), RD_FOUND_TOKEN};
    return rd_put_text(d, field, v.ptr, v.len, rec, x, &here, &found);
  }
  case 'n':
    if (!literal(c, "null", 4)) return rd_fail_syntax(x, c->p, "invalid literal");
    return RD_NULL;
  case 't': case 'f': {
    bool b = *c->p == 't';
    if (!literal(c, b ? "true" : "false", b ? 4 : 5)) return rd_fail_syntax(x, c->p, "invalid literal");
    if (f->kind != LC_V_BOOL)
      return rd_fail_kind(d, field, x, &here, desc_found(&found, b ? "true" : "false"));
    rd_store_bool(d, field, rec, b);
    return RD_OK;
  }
  case '[':
    if (f->kind == LC_V_LIST) return list(d, field, c, rec, x, &here);
    if (skip_value(c, x) != RD_OK) return RD_SYNTAX;
    return rd_fail_kind(d, field, x, &here, desc_found(&found, "a list"));
  case '{':
    if (skip_value(c, x) != RD_OK) return RD_SYNTAX;
    return rd_fail_kind(d, field, x, &here, desc_found(&found, "an object"));
  default: {
    rd_num n;
    const char *e = rd_scan_number(c->p, c->end, &n);
    if (!e) return rd_fail_syntax(x, c->p, "expected a value");
    c->p = e;
    found = (rd_found){start, (size_t)(e - start), RD_FOUND_TOKEN};
    return rd_put_number(d, field, &n, rec, x, &here, &found);
  }
  }
}

enum { ST_ABSENT, ST_SET, ST_NULL, ST_MISSING, ST_INVALID };

/* An object at c->p == '{' decoded into rec. */
static rd_status object(const lc_decoder *d, cur *c, uint8_t *rec, rd_ctx *x, const rd_path *path,
                        guess *g) {
  const uint32_t nf = d->desc->nfields;
  uint32_t prev = nf;                 /* the field whose key came last (nf: none yet) */
  uint8_t st_local[64];
  size_t off_local[64];
  uint8_t *st = st_local;
  size_t *off = off_local;
  if (nf > 64) {
    st = lc_scratch_alloc(x->scratch, nf);
    off = lc_scratch_alloc(x->scratch, nf * sizeof *off);
  }
  memset(st, ST_ABSENT, nf);
  memset(rec, 0, LC_PRESENT_BYTES(d->desc->nslots));

  c->p++;
  skip_ws(c);
  if (!at_end(c) && *c->p == '}') {
    c->p++;
  } else {
    for (;;) {
      skip_ws(c);
      if (at_end(c)) return truncated(x, c);
      if (*c->p != '"') return rd_fail_syntax(x, c->p, "expected a key string");
      uint32_t want = g ? g->next[prev] : nf;
      int32_t fi;
      if (want < nf && key_here(d, want, c)) {
        fi = (int32_t)want;
      } else {
        jstr k;
        if (scan_string(c, x, &k) != RD_OK) return RD_SYNTAX;
        lc_str key = string_value(x, &k);
        fi = rd_find_field(d, key.ptr, key.len);
      }
      if (fi >= 0) {
        if (g) g->next[prev] = (uint8_t)fi;
        prev = (uint32_t)fi;
      }
      skip_ws(c);
      if (at_end(c)) return truncated(x, c);
      if (*c->p != ':') return rd_fail_syntax(x, c->p, "expected ':' after the key");
      c->p++;
      skip_ws(c);
      if (at_end(c)) return truncated(x, c);
      if (fi < 0) {
        if (skip_value(c, x) != RD_OK) return RD_SYNTAX;
      } else {
        off[fi] = (size_t)(c->p - x->start);
        switch (field_value(d, (uint32_t)fi, c, rec, x, path)) {
        case RD_SYNTAX: return RD_SYNTAX;
        case RD_OK: st[fi] = ST_SET; break;
        case RD_NULL: st[fi] = ST_NULL; break;
        case RD_MISSING: st[fi] = ST_MISSING; break;
        case RD_INVALID: st[fi] = ST_INVALID; break;
        }
      }
      skip_ws(c);
      if (at_end(c)) return truncated(x, c);
      if (*c->p == '}') { c->p++; break; }
      if (*c->p != ',') return rd_fail_syntax(x, c->p, "expected ',' or '}'");
      c->p++;
    }
  }

  for (uint32_t i = 0; i < nf; i++) {
    rd_status r = RD_OK;
    switch (st[i]) {
    case ST_SET: break;
    case ST_ABSENT: r = rd_absent(d, i, rec, x, path, "absent"); break;
    case ST_NULL: r = rd_absent(d, i, rec, x, path, "null"); break;
    case ST_MISSING: r = rd_absent(d, i, rec, x, path, "a missing_values placeholder"); break;
    case ST_INVALID: {
      cur again = {x->start + off[i], c->end};
      field_value(d, i, &again, rec, x, path);       /* writes the message */
      return RD_INVALID;
    }
    }
    if (r != RD_OK) return r;
  }
  return RD_OK;
}

int lc_decode_json(const lc_decoder *d, const char *bytes, size_t len, void *out,
                   lc_scratch *scratch, lc_decode_error *err) {
  rd_ctx x = {scratch, err, bytes};
  err->msg[0] = '\0';
  size_t valid = lc_utf8_valid_prefix((const uint8_t *)bytes, len);
  if (valid != len) {
    rd_fail(&x, "invalid UTF-8 at byte %zu", valid + 1);
    return LC_DECODE_REJECT;
  }
  cur c = {bytes, bytes + len};
  skip_ws(&c);
  if (at_end(&c) || *c.p != '{') {
    rd_found f = {c.p, (size_t)(c.end - c.p), RD_FOUND_TOKEN};
    if (at_end(&c)) f = (rd_found){"nothing", 7, RD_FOUND_DESC};
    rd_fail_value(&x, NULL, "expected a JSON object", &f);
    return LC_DECODE_REJECT;
  }
  guess g;
  if (object(d, &c, out, &x, NULL, guess_init(&g, d)) != RD_OK) return LC_DECODE_REJECT;
  skip_ws(&c);
  if (!at_end(&c)) {
    rd_fail(&x, "unexpected text after the JSON object at byte %zu", (size_t)(c.p - bytes) + 1);
    return LC_DECODE_REJECT;
  }
  return LC_DECODE_OK;
}

rd_status rd_json_list_text(const lc_decoder *d, uint32_t field, const char *s, size_t n,
                            uint8_t *rec, rd_ctx *x, const rd_path *path) {
  rd_ctx cell = *x;
  cell.start = s;
  cur c = {s, s + n};
  rd_path here = {path, d->desc->fields[field].name, 0};
  skip_ws(&c);
  if (literal(&c, "null", 4)) {
    skip_ws(&c);
    if (at_end(&c)) return RD_NULL;
  }
  c.p = s;
  skip_ws(&c);
  rd_found found = {s, n, RD_FOUND_QUOTE};
  if (at_end(&c) || *c.p != '[') return rd_fail_kind(d, field, x, &here, &found);
  rd_status r = list(d, field, &c, rec, &cell, &here);
  if (r == RD_OK) {
    skip_ws(&c);
    if (!at_end(&c)) r = rd_fail_syntax(&cell, c.p, "unexpected text after the list");
  }
  if (r == RD_SYNTAX) {
    /* Syntax messages count bytes within the cell; say which cell. */
    char syntax[sizeof x->err->msg];
    memcpy(syntax, x->err->msg, sizeof syntax);
    return rd_fail_value(x, &here, syntax, NULL);
  }
  return r;
}

/* ---- one member by key (lc_peek_json) */

/* The value at c->p, classified; c->p moves past it. */
static rd_status peek_value(cur *c, rd_ctx *x, lc_peek *out) {
  const char *start = c->p;
  switch (*c->p) {
  case '"': {
    jstr s;
    if (scan_string(c, x, &s) != RD_OK) return RD_SYNTAX;
    *out = (lc_peek){LC_PEEK_STRING, string_value(x, &s)};
    return RD_OK;
  }
  case 'n':
    if (!literal(c, "null", 4)) return rd_fail_syntax(x, c->p, "invalid literal");
    *out = (lc_peek){LC_PEEK_NULL, {start, 4}};
    return RD_OK;
  case 't': case 'f': {
    bool b = *c->p == 't';
    if (!literal(c, b ? "true" : "false", b ? 4 : 5)) return rd_fail_syntax(x, c->p, "invalid literal");
    *out = (lc_peek){LC_PEEK_BOOL, {start, b ? 4u : 5u}};
    return RD_OK;
  }
  default: {
    bool container = *c->p == '[' || *c->p == '{';
    if (skip_value(c, x) != RD_OK) return RD_SYNTAX;
    *out = (lc_peek){container ? LC_PEEK_OTHER : LC_PEEK_NUMBER, {start, (uint32_t)(c->p - start)}};
    return RD_OK;
  }
  }
}

/* The members of the object at c->p == '{', keeping the value of the last one named key. */
static rd_status peek_object(cur *c, rd_ctx *x, const char *key, size_t keylen, lc_peek *out) {
  c->p++;
  skip_ws(c);
  if (!at_end(c) && *c->p == '}') return RD_OK;
  for (;;) {
    skip_ws(c);
    if (at_end(c)) return truncated(x, c);
    if (*c->p != '"') return rd_fail_syntax(x, c->p, "expected a key string");
    jstr k;
    if (scan_string(c, x, &k) != RD_OK) return RD_SYNTAX;
    lc_str name = string_value(x, &k);
    skip_ws(c);
    if (at_end(c)) return truncated(x, c);
    if (*c->p != ':') return rd_fail_syntax(x, c->p, "expected ':' after the key");
    c->p++;
    skip_ws(c);
    if (at_end(c)) return truncated(x, c);
    bool wanted = name.len == keylen && memcmp(name.ptr, key, keylen) == 0;
    if ((wanted ? peek_value(c, x, out) : skip_value(c, x)) != RD_OK) return RD_SYNTAX;
    skip_ws(c);
    if (at_end(c)) return truncated(x, c);
    if (*c->p == '}') return RD_OK;
    if (*c->p != ',') return rd_fail_syntax(x, c->p, "expected ',' or '}'");
    c->p++;
  }
}

int lc_peek_json(const char *bytes, size_t len, const char *key, size_t keylen, lc_scratch *scratch,
                 lc_peek *out, lc_decode_error *err) {
  rd_ctx x = {scratch, err, bytes};
  err->msg[0] = '\0';
  *out = (lc_peek){LC_PEEK_ABSENT, {NULL, 0}};
  cur c = {bytes, bytes + len};
  skip_ws(&c);
  if (at_end(&c) || *c.p != '{') {
    rd_fail(&x, "expected a JSON object");
    return LC_DECODE_REJECT;
  }
  return peek_object(&c, &x, key, keylen, out) == RD_OK ? LC_DECODE_OK : LC_DECODE_REJECT;
}
