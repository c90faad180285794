/* The C half of the scanner: decoding and validating the text of a token once lexer.l has found
 * its extent. Every function reports problems at the exact byte where they are and still returns
 * a value, so a malformed token costs one diagnostic and nothing more. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "front/parse_ctx.h"
#include "leadc/runtime.h"
#include "parser.h"

static lc_span span(const lc_parse_ctx *x, uint32_t start, uint32_t end) { return (lc_span){x->file, start, end}; }

bool lc_lex_is_operand_end(int tok) {
  switch (tok) {
  case TK_IDENT: case TK_NUMBER: case TK_DURATION: case TK_STRING: case TK_TIME: case TK_REGEX:
  case TK_SCORE: case TK_TRUE: case TK_FALSE: case TK_MISSING: case TK_PRESENT: case ')': case ']':
    return true;
  default:
    return false;
  }
}

/* ---- UTF-8 */

/* Length of the valid UTF-8 sequence at s (at most n bytes available), or 0 if it is invalid:
 * overlong forms, surrogates and code points above U+10FFFF are all rejected. */
static uint32_t utf8_len(const unsigned char *s, uint32_t n, uint32_t *cp) {
  unsigned c = s[0];
  if (c < 0x80) { *cp = c; return 1; }
  uint32_t len, min;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; *cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; *cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; *cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (len > n) return 0;
  for (uint32_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (s[i] & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

static bool utf8_valid(const char *s, uint32_t n) {
  uint32_t cp;
  for (uint32_t i = 0; i < n;) {
    uint32_t l = utf8_len((const unsigned char *)s + i, n - i, &cp);
    if (!l) return false;
    i += l;
  }
  return true;
}

void lc_lex_check_utf8(lc_parse_ctx *x) {
  const unsigned char *s = (const unsigned char *)x->text;
  uint32_t cp;
  for (uint32_t i = 0; i < x->len;) {
    uint32_t l = utf8_len(s + i, x->len - i, &cp);
    if (l) { i += l; continue; }
    uint32_t j = i + 1;   /* one report for a whole run of bad bytes */
    while (j < x->len && !utf8_len(s + j, x->len - j, &cp)) j++;
    lc_diag *g = j - i == 1
        ? lc_report(x->diags, LC_E0004, span(x, i, j), "invalid UTF-8: byte 0x%02X", s[i])
        : lc_report(x->diags, LC_E0004, span(x, i, j), "invalid UTF-8: %u bytes starting with 0x%02X", j - i, s[i]);
    lc_diag_help(x->diags, g, "rule files must be UTF-8; re-save the file as UTF-8");
    i = j;
  }
}

static uint32_t put_utf8(char *out, uint32_t cp) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) { out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* ---- strings */

static int hex4(const char *s, uint32_t avail) {
  if (avail < 4) return -1;
  int v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

static int simple_escape(char c) {
  switch (c) {
  case '"': return '"';
  case '\\': return '\\';
  case '/': return '/';
  case 'b': return '\b';
  case 'f': return '\f';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  default: return -1;
  }
}

static const char escape_help[] =
    "the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write \\\\ for a backslash";

/* Decodes the \u escape at p (p points at the backslash); returns the bytes consumed. */
static uint32_t decode_u(lc_parse_ctx *x, uint32_t p, uint32_t end, char *out, uint32_t *outlen) {
  const char *t = x->text;
  int hi = hex4(t + p + 2, end - (p + 2));
  if (hi < 0) {
    lc_diag *g = lc_report(x->diags, LC_E0002, span(x, p, p + 2), "`\\u` must be followed by four hex digits");
    lc_diag_help(x->diags, g, "%s", escape_help);
    return 2;
  }
  uint32_t cp = (uint32_t)hi, used = 6;
  bool unpaired = hi >= 0xDC00 && hi <= 0xDFFF;
  if (hi >= 0xD800 && hi <= 0xDBFF) {
    int lo = end - (p + 6) >= 2 && t[p + 6] == '\\' && t[p + 7] == 'u' ? hex4(t + p + 8, end - (p + 8)) : -1;
    unpaired = !(lo >= 0xDC00 && lo <= 0xDFFF);
    if (!unpaired) {
      cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
      used = 12;
    }
  }
  if (unpaired) {
    lc_diag *g = lc_report(x->diags, LC_E0002, span(x, p, p + 6), "unpaired surrogate `\\u%.4s` in string", t + p + 2);
    lc_diag_help(x->diags, g, "a character above U+FFFF is written as a pair, high then low: \\uD83D\\uDE00");
    return 6;
  }
  *outlen += put_utf8(out + *outlen, cp);
  return used;
}

ast_str_lit *lc_lex_string(lc_parse_ctx *x, uint32_t start, uint32_t end, bool terminated) {
  const char *t = x->text;
  uint32_t last = terminated ? end - 1 : end;
  char *out = lc_arena_alloc(x->arena, last - start + 1);
  uint32_t n = 0;
  if (!terminated) {
    x->quiet_at = end;   /* at the end of the file, a missing `}` or `then` is a consequence */
    lc_diag *g = lc_report(x->diags, LC_E0001, span(x, start, end), "unterminated string");
    lc_diag_help(x->diags, g, "a string must end with `\"` on the same line");
  }
  for (uint32_t p = start + 1; p < last;) {
    if (t[p] != '\\') { out[n++] = t[p++]; continue; }
    if (p + 1 >= last) break;   /* a backslash at the end of an unterminated string */
    char c = t[p + 1];
    int simple = simple_escape(c);
    if (simple >= 0) {
      out[n++] = (char)simple;
      p += 2;
    } else if (c == 'u') {
      p += decode_u(x, p, last, out, &n);
    } else {
      uint32_t cp, l = utf8_len((const unsigned char *)t + p + 1, last - (p + 1), &cp);
      if (!l) l = 1;
      lc_diag *g = lc_report(x->diags, LC_E0002, span(x, p, p + 1 + l), "invalid escape `\\%.*s` in string", (int)l, t + p + 1);
      lc_diag_help(x->diags, g, "%s", escape_help);
      p += 1 + l;
    }
  }
  out[n] = '\0';
  ast_str_lit *s = LC_NEW(x->arena, ast_str_lit);
  s->s = out;
  s->len = n;
  s->span = span(x, start, end);
  return s;
}

/* ---- numbers and durations */

static int64_t unit_us(char c) {
  switch (c) {
  case 's': return INT64_C(1000000);
  case 'm': return INT64_C(60000000);
  case 'h': return INT64_C(3600000000);
  case 'd': return INT64_C(86400000000);
  case 'w': return INT64_C(604800000000);
  default: return 0;
  }
}

static int bad_number(lc_parse_ctx *x, uint32_t start, uint32_t end, const char *why, const char *help) {
  lc_diag *g = lc_report(x->diags, LC_E0006, span(x, start, end), "invalid number `%.*s`: %s",
                         (int)(end - start), x->text + start, why);
  if (help) lc_diag_help(x->diags, g, "%s", help);
  return TK_NUMBER;
}

int lc_lex_number(lc_parse_ctx *x, uint32_t start, uint32_t end, double *num, int64_t *us) {
  const char *t = x->text;
  *num = 0;
  *us = 0;
  char digits[64];
  uint32_t n = 0, p = start;
  bool too_long = false;
  for (; p < end && (t[p] == '.' || t[p] == '_' || (t[p] >= '0' && t[p] <= '9')); p++) {
    if (t[p] == '_') {
      bool between = t[p - 1] >= '0' && t[p - 1] <= '9' && p + 1 < end && t[p + 1] >= '0' && t[p + 1] <= '9';
      if (!between) return bad_number(x, start, end, "`_` may only stand between two digits", "write 1_000_000");
      continue;
    }
    if (n + 1 < sizeof digits) digits[n++] = t[p]; else too_long = true;
  }
  digits[n] = '\0';
  if (too_long) return bad_number(x, start, end, "too many digits", NULL);
  static const char unit_help[] = "a duration is a number followed by one unit: s, m, h, d or w (e.g. `14d`)";
  int64_t unit = 0;
  if (p < end) {
    unit = unit_us(t[p]);
    if (!unit || p + 1 != end) return bad_number(x, start, end, "unknown unit or stray letters after the number", unit_help);
  }
  double v = strtod(digits, NULL);
  if (!isfinite(v)) return bad_number(x, start, end, "too large", NULL);
  if (!unit) {
    *num = v;
    return TK_NUMBER;
  }
  double total = v * (double)unit;
  if (total >= 9.2e18) return bad_number(x, start, end, "duration too long", NULL);
  *us = (int64_t)llround(total);
  return TK_DURATION;
}

/* ---- times */

int64_t lc_lex_time(lc_parse_ctx *x, uint32_t start, uint32_t end) {
  int64_t us = 0;
  if (end - start > 1 && lc_time_parse(x->text + start + 1, end - start - 1, &us)) return us;
  lc_diag *g = end - start == 1
      ? lc_report(x->diags, LC_E0003, span(x, start, end), "expected a date or time after `@`")
      : lc_report(x->diags, LC_E0003, span(x, start, end), "invalid time `%.*s`", (int)(end - start), x->text + start);
  lc_diag_help(x->diags, g, "write a date such as @2024-06-01 or an RFC 3339 time such as @2024-06-01T12:30:00Z");
  return 0;
}

/* ---- regular expressions */

static void check_regex(lc_parse_ctx *x, uint32_t pat, uint32_t len, uint32_t flags) {
  if (!utf8_valid(x->text + pat, len)) return;   /* already reported as E0004 */
  uint32_t opts = PCRE2_UTF | PCRE2_UCP;
  if (flags & AST_REGEX_I) opts |= PCRE2_CASELESS;
  if (flags & AST_REGEX_X) opts |= PCRE2_EXTENDED;
  int err;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)(x->text + pat), len, opts, &err, &off, NULL);
  if (re) { pcre2_code_free(re); return; }
  PCRE2_UCHAR msg[256];
  pcre2_get_error_message(err, msg, sizeof msg);
  if (off > len) off = len;
  uint32_t at = pat + (uint32_t)off;
  lc_report(x->diags, LC_E0008, span(x, at, at < pat + len ? at + 1 : at), "invalid regular expression: %s", (char *)msg);
}

ast_regex_lit lc_lex_regex(lc_parse_ctx *x, uint32_t start, uint32_t end, bool terminated) {
  const char *t = x->text;
  ast_regex_lit re = {0};
  uint32_t close = end;
  if (terminated) {
    while (t[close - 1] != '/') close--;
    close--;
    for (uint32_t p = close + 1; p < end; p++) {
      if (t[p] == 'i') re.flags |= AST_REGEX_I;
      else if (t[p] == 'x') re.flags |= AST_REGEX_X;
      else {
        lc_diag *g = lc_report(x->diags, LC_E0008, span(x, p, p + 1), "unknown regular expression flag `%c`", t[p]);
        lc_diag_help(x->diags, g, "the flags are i (ignore case) and x (extended: spaces and # comments ignored)");
      }
    }
  } else {
    x->quiet_at = end;
    lc_diag *g = lc_report(x->diags, LC_E0007, span(x, start, end), "unterminated regular expression");
    lc_diag_help(x->diags, g, "a regular expression ends with `/` on the same line; to divide, put `/` between two values");
  }
  re.pattern = lc_arena_strndup(x->arena, t + start + 1, close - start - 1);
  re.len = close - start - 1;
  if (terminated) check_regex(x, start + 1, re.len, re.flags);
  return re;
}

/* ---- given { JSON } */

ast_str_lit *lc_lex_json(lc_parse_ctx *x, uint32_t start, uint32_t end) {
  if (x->json_depth) {
    x->quiet_at = end;
    lc_diag *g = lc_report(x->diags, LC_E0009, span(x, start, start + 1), "unterminated JSON object: this `{` is never closed");
    lc_diag_help(x->diags, g, "every `{` of the given record needs its `}`; check the strings for a missing `\"`");
  }
  ast_str_lit *s = LC_NEW(x->arena, ast_str_lit);
  s->s = lc_arena_strndup(x->arena, x->text + start, end - start);
  s->len = end - start;
  s->span = span(x, start, end);
  return s;
}

/* ---- stray characters */

static const char *stray_help(uint32_t cp) {
  switch (cp) {
  case '!': return "write `not` for negation and `!=` for not-equal";
  case '&': return "write `and`";
  case '|': return "write `or`";
  case '\'': return "strings are written in double quotes: \"...\"";
  case ';': return "declarations need no `;`";
  case 0x2264: return "write `<=`";
  case 0x2265: return "write `>=`";
  case 0x2260: return "write `!=`";
  case 0x2212: case 0x2013: return "write `-`";
  case 0x201C: case 0x201D: return "strings are written in plain double quotes: \"...\"";
  default: return NULL;
  }
}

/* Spaces and marks that look like nothing, usually pasted from a document or a web page. */
static bool invisible(uint32_t cp) {
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

void lc_lex_comment(lc_parse_ctx *x, uint32_t start, uint32_t end) {
  lc_span *sp = LC_NEW(x->arena, lc_span);
  *sp = span(x, start, end);
  lc_vec_push(x->arena, x->comments, sp);
}

void lc_lex_unexpected(lc_parse_ctx *x, uint32_t start, uint32_t end) {
  uint32_t cp = 0;
  utf8_len((const unsigned char *)x->text + start, end - start, &cp);
  lc_span sp = span(x, start, end);
  lc_diag *g;
  if (invisible(cp)) {
    g = lc_report(x->diags, LC_E0005, sp, "unexpected invisible character U+%04X", cp);
    lc_diag_help(x->diags, g, "probably pasted from a document; replace it with a plain space or delete it");
    return;
  }
  if (cp < 0x21 || cp == 0x7F) g = lc_report(x->diags, LC_E0005, sp, "unexpected character U+%04X", cp);
  else if (cp < 0x80) g = lc_report(x->diags, LC_E0005, sp, "unexpected character `%c`", (char)cp);
  else g = lc_report(x->diags, LC_E0005, sp, "unexpected character `%.*s` (U+%04X)", (int)(end - start), x->text + start, cp);
  const char *help = stray_help(cp);
  if (help) lc_diag_help(x->diags, g, "%s", help);
}
