/* A light check of a test's `given` record at compile time, so a typo in a fixture is reported
 * with the model's other errors instead of at test time: JSON syntax, an object at the top, and
 * for every declared field its JSON kind (number, string, member of the enum, time, list of
 * objects, null only where the field is optional). The record reader repeats all of this when
 * the test runs; this is only for earlier, better-placed messages, so it stops at the first
 * syntax error and reports each field problem once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "check/check_internal.h"
#include "leadc/runtime.h"

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jkind;

typedef struct jval jval;
struct jval {
  jkind kind;
  uint32_t start, end;       /* offsets into the JSON text */
  bool b;
  double num;
  const char *s;             /* J_STR: decoded, NUL-terminated */
  uint32_t len;
  jval **items;              /* J_ARR, J_OBJ values */
  jval **keys;               /* J_OBJ keys (J_STR) */
  uint32_t n;
};

typedef struct jparse {
  ck *c;
  const char *t;
  uint32_t len, pos;
  uint32_t file, base;       /* where the text sits in the sources */
  bool failed;
} jparse;

enum { MAX_DEPTH = 64 };

static lc_span at(const jparse *p, uint32_t from, uint32_t to) {
  if (to <= from) to = from + 1;
  if (to > p->len) to = p->len;
  if (from > to) from = to;
  return (lc_span){p->file, p->base + from, p->base + to};
}

static jval *fail(jparse *p, const char *what) {
  if (!p->failed) {
    lc_diag *g = lc_report(p->c->d, LC_E0602, at(p, p->pos, p->pos + 1), "the given record is not valid JSON: %s", what);
    lc_diag_help(p->c->d, g, "keys and strings need double quotes, and items are separated by commas");
  }
  p->failed = true;
  return NULL;
}

static void ws(jparse *p) {
  while (p->pos < p->len && (p->t[p->pos] == ' ' || p->t[p->pos] == '\t' || p->t[p->pos] == '\n' || p->t[p->pos] == '\r'))
    p->pos++;
}

static jval *node(jparse *p, jkind k, uint32_t start) {
  jval *v = LC_NEW(p->c->a, jval);
  v->kind = k;
  v->start = start;
  return v;
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

static bool hex4(jparse *p, uint32_t *cp) {
  if (p->pos + 4 > p->len) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(p->t[p->pos + i]);
    if (h < 0) return false;
    v = v * 16 + (uint32_t)h;
  }
  p->pos += 4;
  *cp = v;
  return true;
}

static void put_utf8(char *out, uint32_t *n, uint32_t cp) {
  if (cp < 0x80) out[(*n)++] = (char)cp;
  else if (cp < 0x800) {
    out[(*n)++] = (char)(0xC0 | cp >> 6);
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out[(*n)++] = (char)(0xE0 | cp >> 12);
    out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    out[(*n)++] = (char)(0xF0 | cp >> 18);
    out[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  }
}

static jval *string(jparse *p) {
  jval *v = node(p, J_STR, p->pos);
  p->pos++;                                      /* the opening quote */
  char *out = lc_arena_alloc(p->c->a, (size_t)(p->len - p->pos) + 1);   /* decoding never grows */
  uint32_t n = 0;
  for (;;) {
    if (p->pos >= p->len) return fail(p, "a string is not closed");
    unsigned char ch = (unsigned char)p->t[p->pos];
    if (ch == '"') break;
    if (ch < 0x20) return fail(p, "a string runs past the end of the line");
    if (ch != '\\') { out[n++] = (char)ch; p->pos++; continue; }
    p->pos++;
    char e = p->pos < p->len ? p->t[p->pos++] : 0;
    switch (e) {
    case '"': out[n++] = '"'; break;
    case '\\': out[n++] = '\\'; break;
    case '/': out[n++] = '/'; break;
    case 'b': out[n++] = '\b'; break;
    case 'f': out[n++] = '\f'; break;
    case 'n': out[n++] = '\n'; break;
    case 'r': out[n++] = '\r'; break;
    case 't': out[n++] = '\t'; break;
    case 'u': {
      uint32_t cp;
      if (!hex4(p, &cp)) return fail(p, "\\u needs four hex digits");
      if (cp >= 0xD800 && cp < 0xDC00 && p->pos + 1 < p->len && p->t[p->pos] == '\\' && p->t[p->pos + 1] == 'u') {
        uint32_t lo;
        p->pos += 2;
        if (!hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF) return fail(p, "a \\u surrogate pair is broken");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      } else if (cp >= 0xD800 && cp < 0xE000) {
        return fail(p, "a \\u surrogate pair is broken");
      }
      put_utf8(out, &n, cp);
      break;
    }
    default:
      p->pos--;
      return fail(p, "unknown escape in a string");
    }
  }
  p->pos++;
  out[n] = 0;
  v->s = out;
  v->len = n;
  v->end = p->pos;
  return v;
}

static jval *number(jparse *p) {
  uint32_t s = p->pos;
  if (p->t[p->pos] == '-') p->pos++;
  if (p->pos < p->len && p->t[p->pos] == '0') p->pos++;
  else if (p->pos < p->len && p->t[p->pos] >= '1' && p->t[p->pos] <= '9')
    while (p->pos < p->len && p->t[p->pos] >= '0' && p->t[p->pos] <= '9') p->pos++;
  else return fail(p, "a number is malformed");
  if (p->pos < p->len && p->t[p->pos] == '.') {
    p->pos++;
    if (!(p->pos < p->len && p->t[p->pos] >= '0' && p->t[p->pos] <= '9')) return fail(p, "a number needs digits after its point");
    while (p->pos < p->len && p->t[p->pos] >= '0' && p->t[p->pos] <= '9') p->pos++;
  }
  if (p->pos < p->len && (p->t[p->pos] == 'e' || p->t[p->pos] == 'E')) {
    p->pos++;
    if (p->pos < p->len && (p->t[p->pos] == '+' || p->t[p->pos] == '-')) p->pos++;
    if (!(p->pos < p->len && p->t[p->pos] >= '0' && p->t[p->pos] <= '9')) return fail(p, "a number's exponent has no digits");
    while (p->pos < p->len && p->t[p->pos] >= '0' && p->t[p->pos] <= '9') p->pos++;
  }
  jval *v = node(p, J_NUM, s);
  char *copy = lc_arena_strndup(p->c->a, p->t + s, p->pos - s);
  v->num = strtod(copy, NULL);
  v->end = p->pos;
  return v;
}

static bool word(jparse *p, const char *w) {
  size_t n = strlen(w);
  if (p->pos + n > p->len || memcmp(p->t + p->pos, w, n)) return false;
  p->pos += (uint32_t)n;
  return true;
}

static jval *value(jparse *p, int depth);

static jval *compound(jparse *p, int depth, bool obj) {
  if (depth >= MAX_DEPTH) return fail(p, "it nests too deeply");
  jval *v = node(p, obj ? J_OBJ : J_ARR, p->pos);
  char close = obj ? '}' : ']';
  p->pos++;
  lc_vec items = {0}, keys = {0};
  ws(p);
  if (p->pos < p->len && p->t[p->pos] == close) {
    p->pos++;
    v->end = p->pos;
    return v;
  }
  for (;;) {
    ws(p);
    if (obj) {
      if (p->pos >= p->len || p->t[p->pos] != '"') return fail(p, "expected a key in double quotes");
      jval *k = string(p);
      if (!k) return NULL;
      ws(p);
      if (p->pos >= p->len || p->t[p->pos] != ':') return fail(p, "expected `:` after the key");
      p->pos++;
      lc_vec_push(p->c->a, &keys, k);
    }
    jval *it = value(p, depth + 1);
    if (!it) return NULL;
    lc_vec_push(p->c->a, &items, it);
    ws(p);
    if (p->pos < p->len && p->t[p->pos] == ',') { p->pos++; continue; }
    if (p->pos < p->len && p->t[p->pos] == close) { p->pos++; break; }
    return fail(p, obj ? "expected `,` or `}`" : "expected `,` or `]`");
  }
  v->items = (jval **)items.items;
  v->keys = (jval **)keys.items;
  v->n = items.n;
  v->end = p->pos;
  return v;
}

static jval *value(jparse *p, int depth) {
  ws(p);
  if (p->pos >= p->len) return fail(p, "it ends too early");
  uint32_t s = p->pos;
  char ch = p->t[p->pos];
  jval *v;
  switch (ch) {
  case '{': return compound(p, depth, true);
  case '[': return compound(p, depth, false);
  case '"': return string(p);
  case 't': case 'f':
    if (!word(p, ch == 't' ? "true" : "false")) return fail(p, "expected a value");
    v = node(p, J_BOOL, s);
    v->b = ch == 't';
    v->end = p->pos;
    return v;
  case 'n':
    if (!word(p, "null")) return fail(p, "expected a value");
    v = node(p, J_NULL, s);
    v->end = p->pos;
    return v;
  default:
    if (ch == '-' || (ch >= '0' && ch <= '9')) return number(p);
    return fail(p, "expected a value");
  }
}

/* ---- the record's shape */

static const char *kind_text(jkind k) {
  static const char *const t[] = {"null", "true/false", "a number", "a string", "a list", "an object"};
  return t[k];
}

static void shape(jparse *p, const lc_record *r, const jval *obj);

static void wrong(jparse *p, const lc_field *f, const jval *v, const char *want) {
  lc_diag *g = lc_report(p->c->d, LC_E0602, at(p, v->start, v->end), "%s must be %s, but the given record has %s", f->name, want,
                         kind_text(v->kind));
  lc_diag_note(p->c->d, g, f->ast->name_span, "%s is declared here", f->name);
}

static bool is_placeholder(const lc_record *r, const jval *v) {
  if (v->kind != J_STR) return false;
  for (uint32_t i = 0; i < r->nmissing; i++)
    if (r->missing_lens[i] == v->len && !memcmp(r->missing_values[i], v->s, v->len)) return true;
  return false;
}

static void field_value(jparse *p, const lc_record *r, const lc_field *f, const jval *v) {
  const lc_type *t = f->type;
  if (lc_type_is_error(t)) return;
  if (v->kind == J_NULL || is_placeholder(r, v)) {
    if (!t->optional && t->kind != LC_T_LIST) {
      lc_diag *g = lc_report(p->c->d, LC_E0602, at(p, v->start, v->end), "%s is missing in the given record, but it is not optional",
                             f->name);
      lc_diag_help(p->c->d, g, "give it a value, or declare it optional: %s: %s?", f->name, lc_type_str(p->c->a, t));
    }
    return;
  }
  switch (t->kind) {
  case LC_T_BOOL:
    if (v->kind != J_BOOL) wrong(p, f, v, "true or false");
    break;
  case LC_T_NUMBER:
    if (v->kind != J_NUM) wrong(p, f, v, "a number");
    break;
  case LC_T_INT:
    if (v->kind != J_NUM) wrong(p, f, v, "a whole number");
    else if (v->num != floor(v->num) || fabs(v->num) > 9007199254740992.0)
      lc_report(p->c->d, LC_E0602, at(p, v->start, v->end), "%s must be a whole number, but the given record has %g", f->name, v->num);
    break;
  case LC_T_STRING:
    if (v->kind != J_STR) wrong(p, f, v, "a string");
    break;
  case LC_T_TIME: {
    int64_t us;
    if (v->kind == J_NUM) break;
    if (v->kind != J_STR) wrong(p, f, v, "a time");
    else if (!lc_time_parse(v->s, v->len, &us)) {
      lc_diag *g = lc_report(p->c->d, LC_E0602, at(p, v->start, v->end), "%s must be a time, but \"%s\" is not one", f->name, v->s);
      lc_diag_help(p->c->d, g, "write an RFC 3339 time such as \"2024-06-01T12:30:00Z\", or a date such as \"2024-06-01\"");
    }
    break;
  }
  case LC_T_ENUM:
    if (v->kind != J_STR) wrong(p, f, v, "one of the enum's members");
    else if (lc_type_enum_index(t, v->s, v->len) < 0) {
      lc_diag *g = lc_report(p->c->d, LC_E0602, at(p, v->start, v->end), "\"%s\" is not a member of enum %s", v->s, f->name);
      const char *best = lc_did_you_mean(v->s, t->members, t->nmembers);
      if (best) lc_diag_help(p->c->d, g, "did you mean \"%s\"?", best);
    }
    break;
  case LC_T_LIST:
    if (v->kind != J_ARR) { wrong(p, f, v, "a list [ … ]"); break; }
    for (uint32_t i = 0; i < v->n; i++) {
      const jval *it = v->items[i];
      if (it->kind != J_OBJ) wrong(p, f, it, "a list of objects");
      else if (t->elem->kind == LC_T_RECORD) shape(p, t->elem->record, it);
    }
    break;
  default:
    break;
  }
}

static void shape(jparse *p, const lc_record *r, const jval *obj) {
  for (uint32_t i = 0; i < r->nfields; i++) {
    const lc_field *f = r->fields[i];
    const jval *v = NULL;
    for (uint32_t j = 0; j < obj->n; j++)       /* a key given twice: the last one counts */
      if (!strcmp(obj->keys[j]->s, f->key)) v = obj->items[j];
    if (v) { field_value(p, r, f, v); continue; }
    if (!f->type->optional && f->type->kind != LC_T_LIST && !lc_type_is_error(f->type)) {
      lc_diag *g = lc_report(p->c->d, LC_E0602, at(p, obj->start, obj->start + 1), "the given %s has no %s, which is not optional",
                             r->name, f->key);
      lc_diag_help(p->c->d, g, "add \"%s\": … to the record, or declare the field optional", f->key);
    }
  }
}

void ck_given_json(ck *c, const lc_test *t, bool types) {
  jparse p = {c, t->given_json, t->given_len, 0, t->given_span.file, t->given_span.start, false};
  ws(&p);
  if (p.pos >= p.len || p.t[p.pos] != '{') {
    fail(&p, "the given record must be a JSON object { … }");
    return;
  }
  jval *v = value(&p, 0);
  if (!v) return;
  ws(&p);
  if (p.pos < p.len) {
    fail(&p, "there is more text after the record's closing }");
    return;
  }
  if (types && c->p->input) shape(&p, c->p->input, v);
}
