/* The scanner on its own (token kinds, values, byte spans) and every lexical diagnostic with its
 * line, column and message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "front/parse.h"
#include "front/parse_ctx.h"
#include "parser.h"
#include "lexer.h"

typedef struct tok { int kind; lc_span sp; YYSTYPE v; } tok;

typedef struct fixture {
  lc_arena arena;
  lc_sources src;
  lc_diags diags;
  uint32_t file;
  tok toks[64];
  int n;
} fixture;

static int setup(void **state) {
  fixture *f = test_calloc(1, sizeof *f);
  lc_arena_init(&f->arena);
  lc_sources_init(&f->src, &f->arena);
  lc_diags_init(&f->diags, &f->arena, &f->src);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  lc_arena_free(&f->arena);
  test_free(f);
  return 0;
}

/* Scans text into f->toks (without the end-of-file token); returns the token count. */
static int lex(fixture *f, const char *text) {
  f->file = lc_sources_add(&f->src, "t.score", text, (uint32_t)strlen(text), false);
  const lc_source *s = lc_sources_get(&f->src, f->file);
  lc_parse_ctx x = {.b = {&f->arena, &f->diags}, .diags = &f->diags, .arena = &f->arena, .file = f->file,
                    .text = s->text, .len = s->len, .quiet_at = UINT32_MAX};
  lc_lex_check_utf8(&x);
  yyscan_t sc;
  assert_int_equal(yylex_init_extra(&x, &sc), 0);
  YY_BUFFER_STATE buf = yy_scan_bytes(s->text, (int)s->len, sc);
  f->n = 0;
  for (;;) {
    tok t = {0};
    t.kind = yylex(&t.v, &t.sp, sc);
    if (t.kind == TK_YYEOF || f->n == 64) break;
    f->toks[f->n++] = t;
  }
  yy_delete_buffer(buf, sc);
  yylex_destroy(sc);
  return f->n;
}

static void assert_kinds(fixture *f, const char *text, const int *kinds, int n) {
  assert_int_equal(lex(f, text), n);
  for (int i = 0; i < n; i++) {
    if (f->toks[i].kind != kinds[i]) fail_msg("%s: token %d is %d, expected %d", text, i, f->toks[i].kind, kinds[i]);
  }
  assert_int_equal(f->diags.errors, 0);
}
#define KINDS(f, text, ...)                                                     \
  do {                                                                          \
    const int k_[] = {__VA_ARGS__};                                             \
    assert_kinds((f), (text), k_, (int)(sizeof k_ / sizeof k_[0]));             \
  } while (0)

/* The one diagnostic expected from text: its code, line, column and message. */
static void expect_diag(fixture *f, const char *text, lc_code code, uint32_t line, uint32_t col, const char *msg) {
  lex(f, text);
  if (f->diags.items.n != 1) fail_msg("%s: %u diagnostics, expected 1", text, f->diags.items.n);
  const lc_diag *g = f->diags.items.items[0];
  lc_pos p = lc_sources_pos(&f->src, g->span.file, g->span.start);
  if (g->code != code) fail_msg("%s: code %s, expected %s", text, lc_code_name(g->code), lc_code_name(code));
  assert_int_equal(p.line, line);
  assert_int_equal(p.col, col);
  assert_string_equal(g->message, msg);
  f->diags.items.n = 0;
  f->diags.errors = 0;
}

static void test_keywords_and_names(void **state) {
  fixture *f = *state;
  KINDS(f, "rule exec_title when x then +20",
        TK_RULE, TK_IDENT, TK_WHEN, TK_IDENT, TK_THEN, '+', TK_NUMBER);
  assert_string_equal(f->toks[1].v.name, "exec_title");
  KINDS(f, "rules ruler _x x1 floor(y)", TK_IDENT, TK_IDENT, TK_IDENT, TK_IDENT, TK_FLOOR, '(', TK_IDENT, ')');
  KINDS(f, "== != <= >= < > .. ?? ? . : , = % *", TK_EQ, TK_NE, TK_LE, TK_GE, '<', '>', TK_DOTDOT, TK_COALESCE,
        '?', '.', ':', ',', '=', '%', '*');
  KINDS(f, "# a comment\nx # another\n", TK_IDENT);
  KINDS(f, "\xEF\xBB\xBFmodel m", TK_MODEL, TK_IDENT);
}

static void test_spans_are_byte_offsets(void **state) {
  fixture *f = *state;
  lex(f, "  ab \"é\" 14d");
  assert_int_equal(f->toks[0].sp.start, 2);
  assert_int_equal(f->toks[0].sp.end, 4);
  assert_int_equal(f->toks[1].sp.start, 5);
  assert_int_equal(f->toks[1].sp.end, 9);   /* é is two bytes */
  assert_int_equal(f->toks[2].sp.start, 10);
  assert_int_equal(f->toks[2].sp.end, 13);
  assert_int_equal(f->toks[2].sp.file, f->file);
}

static void test_numbers(void **state) {
  fixture *f = *state;
  KINDS(f, "42 1.5 1_000_000 0.25 007", TK_NUMBER, TK_NUMBER, TK_NUMBER, TK_NUMBER, TK_NUMBER);
  assert_true(f->toks[0].v.num == 42);
  assert_true(f->toks[1].v.num == 1.5);
  assert_true(f->toks[2].v.num == 1000000);
  assert_true(f->toks[3].v.num == 0.25);
  assert_true(f->toks[4].v.num == 7);
  KINDS(f, "0..100", TK_NUMBER, TK_DOTDOT, TK_NUMBER);
}

static void test_durations(void **state) {
  fixture *f = *state;
  KINDS(f, "45s 30m 24h 14d 2w 1_000s 1.5h", TK_DURATION, TK_DURATION, TK_DURATION, TK_DURATION, TK_DURATION,
        TK_DURATION, TK_DURATION);
  assert_int_equal(f->toks[0].v.us, INT64_C(45000000));
  assert_int_equal(f->toks[1].v.us, INT64_C(1800000000));
  assert_int_equal(f->toks[2].v.us, INT64_C(86400000000));
  assert_int_equal(f->toks[3].v.us, INT64_C(1209600000000));
  assert_int_equal(f->toks[4].v.us, INT64_C(1209600000000));
  assert_int_equal(f->toks[5].v.us, INT64_C(1000000000));
  assert_int_equal(f->toks[6].v.us, INT64_C(5400000000));
}

static void test_times(void **state) {
  fixture *f = *state;
  KINDS(f, "@2024-06-01 @2024-06-01T12:30:00Z @2024-06-01T12:30:00+02:00", TK_TIME, TK_TIME, TK_TIME);
  assert_int_equal(f->toks[0].v.us, INT64_C(1717200000000000));
  assert_int_equal(f->toks[1].v.us, INT64_C(1717200000000000) + INT64_C(45000000000));
  assert_int_equal(f->toks[2].v.us, INT64_C(1717200000000000) + INT64_C(37800000000));
}

static void test_strings_decode_json_escapes(void **state) {
  fixture *f = *state;
  KINDS(f, "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", TK_STRING);
  assert_int_equal(f->toks[0].v.str->len, 12);
  assert_memory_equal(f->toks[0].v.str->s, "a\"b\\c/d\b\f\n\r\t", 12);
  KINDS(f, "\"caf\\u00e9 \\u20AC \\uD83D\\uDE00\"", TK_STRING);
  assert_string_equal(f->toks[0].v.str->s, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  KINDS(f, "\"a\\u0000b\"", TK_STRING);
  assert_int_equal(f->toks[0].v.str->len, 3);
  KINDS(f, "\"Ø \xF0\x9F\x98\x80\"", TK_STRING);
  assert_string_equal(f->toks[0].v.str->s, "Ø \xF0\x9F\x98\x80");
}

static void test_regex_or_division(void **state) {
  fixture *f = *state;
  KINDS(f, "a / b / c", TK_IDENT, '/', TK_IDENT, '/', TK_IDENT);
  KINDS(f, "(a) / 2", '(', TK_IDENT, ')', '/', TK_NUMBER);
  KINDS(f, "[1] / 2", '[', TK_NUMBER, ']', '/', TK_NUMBER);
  KINDS(f, "14d / 2 \"s\" / 2 score / 2 3 / 4", TK_DURATION, '/', TK_NUMBER, TK_STRING, '/', TK_NUMBER, TK_SCORE,
        '/', TK_NUMBER, TK_NUMBER, '/', TK_NUMBER);
  KINDS(f, "x matches /a\\/b/i", TK_IDENT, TK_MATCHES, TK_REGEX);
  assert_string_equal(f->toks[2].v.re.pattern, "a\\/b");
  assert_int_equal(f->toks[2].v.re.flags, AST_REGEX_I);
  KINDS(f, "f(/x/, [/y/ix])", TK_IDENT, '(', TK_REGEX, ',', '[', TK_REGEX, ']', ')');
  assert_int_equal(f->toks[5].v.re.flags, AST_REGEX_I | AST_REGEX_X);
  KINDS(f, "const r = /[a/b]+\\d/", TK_CONST, TK_IDENT, '=', TK_REGEX);
  assert_string_equal(f->toks[3].v.re.pattern, "[a/b]+\\d");
  KINDS(f, "1 / /x/", TK_NUMBER, '/', TK_REGEX);
  KINDS(f, "minutes / 10", TK_IDENT, '/', TK_NUMBER);
  KINDS(f, "/\\bdirektør\\b/i", TK_REGEX);
}

static void test_given_json_is_one_raw_token(void **state) {
  fixture *f = *state;
  const char *json = "{\"a\": \"}\", \"b\": {\"c\": [1, {\"d\": \"\\\"{\"}]}, \"e\": \"\\u00e9\"}";
  char text[256];
  snprintf(text, sizeof text, "given # the record\n  %s expect", json);
  KINDS(f, text, TK_GIVEN, TK_JSON, TK_EXPECT);
  assert_string_equal(f->toks[1].v.str->s, json);
  assert_int_equal(f->toks[1].v.str->len, strlen(json));
  assert_int_equal(f->toks[1].sp.start, 21);
  KINDS(f, "input x { }", TK_INPUT, TK_IDENT, '{', '}');
  KINDS(f, "given file(\"x.json\")", TK_GIVEN, TK_FILE, '(', TK_STRING, ')');
}

static void test_lexical_errors(void **state) {
  fixture *f = *state;
  expect_diag(f, "const a = 1\nconst s = \"abc\n", LC_E0001, 2, 11, "unterminated string");
  expect_diag(f, "x == \"a\\qb\"", LC_E0002, 1, 8, "invalid escape `\\q` in string");
  expect_diag(f, "x == \"\\u12g4\"", LC_E0002, 1, 7, "`\\u` must be followed by four hex digits");
  expect_diag(f, "x == \"ab\\uD83Dc\"", LC_E0002, 1, 9, "unpaired surrogate `\\uD83D` in string");
  expect_diag(f, "x == \"\\uDE00\"", LC_E0002, 1, 7, "unpaired surrogate `\\uDE00` in string");
  expect_diag(f, "as_of @2024-13-01", LC_E0003, 1, 7, "invalid time `@2024-13-01`");
  expect_diag(f, "as_of @", LC_E0003, 1, 7, "expected a date or time after `@`");
  expect_diag(f, "# ok\nx = \"a\xFF\"", LC_E0004, 2, 7, "invalid UTF-8: byte 0xFF");
  expect_diag(f, "# \xC3\x28\n", LC_E0004, 1, 3, "invalid UTF-8: byte 0xC3");
  expect_diag(f, "x \xED\xA0\x80", LC_E0004, 1, 3, "invalid UTF-8: 3 bytes starting with 0xED");
  expect_diag(f, "a ! b", LC_E0005, 1, 3, "unexpected character `!`");
  expect_diag(f, "é = 1", LC_E0005, 1, 1, "unexpected character `é` (U+00E9)");
  expect_diag(f, "a\x01", LC_E0005, 1, 2, "unexpected character U+0001");
  expect_diag(f, "a\xC2\xA0= 1", LC_E0005, 1, 2, "unexpected invisible character U+00A0");
  expect_diag(f, "a \xEF\xBB\xBF", LC_E0005, 1, 3, "unexpected invisible character U+FEFF");
  expect_diag(f, "then 12abc", LC_E0006, 1, 6, "invalid number `12abc`: unknown unit or stray letters after the number");
  expect_diag(f, "then 1__000", LC_E0006, 1, 6, "invalid number `1__000`: `_` may only stand between two digits");
  expect_diag(f, "then 10ms", LC_E0006, 1, 6, "invalid number `10ms`: unknown unit or stray letters after the number");
  expect_diag(f, "within 99999999999999w", LC_E0006, 1, 8, "invalid number `99999999999999w`: duration too long");
  expect_diag(f, "x matches /abc\nthen 1", LC_E0007, 1, 11, "unterminated regular expression");
  expect_diag(f, "x matches /ab[/", LC_E0007, 1, 11, "unterminated regular expression");
  expect_diag(f, "x matches /ab/g", LC_E0008, 1, 15, "unknown regular expression flag `g`");
  expect_diag(f, "x matches /a(b/", LC_E0008, 1, 15, "invalid regular expression: missing closing parenthesis");
  expect_diag(f, "test \"t\" {\n  given {\"a\": {\"b\": 1}\n", LC_E0009, 2, 9,
              "unterminated JSON object: this `{` is never closed");
}

/* After a malformed token the scanner carries on with a token of the same kind. */
static void test_errors_still_yield_tokens(void **state) {
  fixture *f = *state;
  lex(f, "a \"x\\q\" 12abc @nope (/re");
  assert_int_equal(f->n, 6);
  assert_int_equal(f->toks[1].kind, TK_STRING);
  assert_string_equal(f->toks[1].v.str->s, "x");   /* the bad escape is dropped */
  assert_int_equal(f->toks[2].kind, TK_NUMBER);
  assert_int_equal(f->toks[3].kind, TK_TIME);
  assert_int_equal(f->toks[5].kind, TK_REGEX);
  assert_int_equal(f->diags.errors, 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_keywords_and_names, setup, teardown),
    cmocka_unit_test_setup_teardown(test_spans_are_byte_offsets, setup, teardown),
    cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
    cmocka_unit_test_setup_teardown(test_durations, setup, teardown),
    cmocka_unit_test_setup_teardown(test_times, setup, teardown),
    cmocka_unit_test_setup_teardown(test_strings_decode_json_escapes, setup, teardown),
    cmocka_unit_test_setup_teardown(test_regex_or_division, setup, teardown),
    cmocka_unit_test_setup_teardown(test_given_json_is_one_raw_token, setup, teardown),
    cmocka_unit_test_setup_teardown(test_lexical_errors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_errors_still_yield_tokens, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
