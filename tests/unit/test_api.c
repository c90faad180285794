/* The embedding API (include/leadc/leadc.h) as a user calls it: compiling from a string and a
 * file, diagnostics through the callback, scoring JSON from memory (the worked example of
 * LANGUAGE.md §7) and streams (NDJSON through a callback, CSV from a FILE), rejected records,
 * and every error path: bad model text, modules, unreadable files, bad records, NULLs, results
 * used with the wrong model, a library without a built-in model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "leadc/leadc.h"

static const char model_text[] =
  "model spec_example \"The worked example\"\n"
  "version \"2024.11.1\"\n"
  "score range 0 .. 100\n"
  "input lead {\n"
  "  key id:       string\n"
  "  job_title:    string?\n"
  "  company_size: int?\n"
  "  source:       enum(\"organic\", \"paid\", \"webinar\")\n"
  "  events:       list<event>\n"
  "}\n"
  "record event {\n"
  "  kind:          enum(\"page_view\", \"demo_request\")\n"
  "  url:           string?\n"
  "  timestamp at:  time\n"
  "}\n"
  "group fit cap 50 {\n"
  "  rule exec_title   when job_title matches /\\b(ceo|cto)\\b/i then +20\n"
  "  rule company_fits when company_size in 50 .. 5000 then +15\n"
  "}\n"
  "group engagement cap 60 {\n"
  "  rule pricing_views\n"
  "    each events where kind == \"page_view\" and url starts_with \"/pricing\"\n"
  "    then +5\n"
  "    decay half_life 14d\n"
  "    cap 20\n"
  "}\n"
  "rule demo when any(events where kind == \"demo_request\") then +30\n"
  "tier mql  when score >= 50\n"
  "tier lead otherwise\n";

static const char ann[] =
  "{\"id\": \"t1\", \"job_title\": \"CEO\", \"company_size\": 200, \"source\": \"organic\","
  " \"events\": [{\"kind\": \"page_view\", \"url\": \"/pricing\", \"at\": \"2024-05-31T00:00:00Z\"},"
  "            {\"kind\": \"page_view\", \"url\": \"/pricing\", \"at\": \"2024-05-18T00:00:00Z\"}]}";

static int64_t as_of(void) {
  int64_t t = 0;
  assert_int_equal(leadc_parse_time("2024-06-01T00:00:00Z", &t), LEADC_OK);
  return t;
}

static leadc_model *compile_ok(void) {
  leadc_model *m = NULL;
  assert_int_equal(leadc_compile_string("spec.score", model_text, strlen(model_text), NULL, &m), LEADC_OK);
  assert_non_null(m);
  return m;
}

typedef struct seen {
  int errors, warnings;
  char code[16];
  unsigned line, column;
  char file[64];
} seen;

static void collect(const leadc_diagnostic *d, void *user) {
  seen *s = user;
  if (d->severity == LEADC_SEVERITY_ERROR) {
    if (!s->errors++) {
      snprintf(s->code, sizeof s->code, "%s", d->code);
      snprintf(s->file, sizeof s->file, "%s", d->file ? d->file : "");
      s->line = d->line;
      s->column = d->column;
    }
    assert_non_null(d->message);
  } else {
    s->warnings++;
  }
}

static void test_model_info(void **state) {
  leadc_model *m = compile_ok();
  assert_string_equal(leadc_model_name(m), "spec_example");
  assert_string_equal(leadc_model_version(m), "2024.11.1");
  assert_int_equal(leadc_model_rule_count(m), 4);
  assert_string_equal(leadc_model_rule_name(m, 2), "pricing_views");
  assert_null(leadc_model_rule_name(m, 4));
  assert_int_equal(leadc_model_group_count(m), 2);
  assert_string_equal(leadc_model_group_name(m, 1), "engagement");
  assert_null(leadc_model_group_name(m, 2));
  assert_int_equal(leadc_model_tier_count(m), 2);
  assert_string_equal(leadc_model_tier_name(m, 0), "mql");
  assert_null(leadc_model_tier_name(m, 9));
  leadc_model_free(m);
}

static void test_score_worked_example(void **state) {
  leadc_model *m = compile_ok();
  leadc_result *r = NULL;
  assert_int_equal(leadc_result_new(m, &r), LEADC_OK);
  assert_int_equal(leadc_score_json(m, ann, strlen(ann), as_of(), r), LEADC_OK);
  assert_true(leadc_result_score(r) == 42.26);
  assert_int_equal(leadc_result_tier(r), 1);
  assert_string_equal(leadc_result_tier_name(r), "lead");
  assert_true(leadc_result_group(r, 0) == 35);
  assert_true(leadc_result_group(r, 1) == 7.26);
  assert_true(leadc_result_fired(r, 0) && leadc_result_fired(r, 1) && leadc_result_fired(r, 2));
  assert_false(leadc_result_fired(r, 3));
  assert_true(leadc_result_points(r, 2) == 7.26);
  assert_true(leadc_result_points(r, 3) == 0);
  assert_false(leadc_result_fired(r, 99));
  assert_string_equal(leadc_result_error(r), "");
  assert_int_equal(leadc_result_line(r), 1);
  assert_string_equal(leadc_result_json(r),
                      "{\"id\":\"t1\",\"score\":42.26,\"tier\":\"lead\",\"groups\":{\"fit\":35,\"engagement\":7.26},"
                      "\"rules\":{\"exec_title\":20,\"company_fits\":15,\"pricing_views\":7.26}}");
  leadc_result_free(r);
  leadc_model_free(m);
}

/* The record's text may go away right after the call: the result keeps its own copy. */
static void test_score_copies_the_record(void **state) {
  leadc_model *m = compile_ok();
  leadc_result *r = NULL;
  assert_int_equal(leadc_result_new(m, &r), LEADC_OK);
  char buf[sizeof ann];
  memcpy(buf, ann, sizeof ann);
  assert_int_equal(leadc_score_json(m, buf, strlen(buf), as_of(), r), LEADC_OK);
  memset(buf, 'x', sizeof buf - 1);
  assert_non_null(strstr(leadc_result_json(r), "\"id\":\"t1\""));
  leadc_result_free(r);
  leadc_model_free(m);
}

static void test_bad_record(void **state) {
  leadc_model *m = compile_ok();
  leadc_result *r = NULL;
  assert_int_equal(leadc_result_new(m, &r), LEADC_OK);
  const char *bad = "{\"id\": \"t2\", \"company_size\": \"many\", \"source\": \"paid\"}";
  assert_int_equal(leadc_score_json(m, bad, strlen(bad), as_of(), r), LEADC_ERROR_RECORD);
  assert_non_null(strstr(leadc_result_error(r), "company_size"));
  assert_true(leadc_result_score(r) == 0);
  assert_int_equal(leadc_result_tier(r), -1);
  assert_null(leadc_result_tier_name(r));
  assert_string_equal(leadc_result_json(r), "");
  const char *not_json = "{\"id\": ";
  assert_int_equal(leadc_score_json(m, not_json, strlen(not_json), as_of(), r), LEADC_ERROR_RECORD);
  assert_int_equal(leadc_score_json(m, "", 0, as_of(), r), LEADC_ERROR_RECORD);
  /* and the result is still good for the next record */
  assert_int_equal(leadc_score_json(m, ann, strlen(ann), as_of(), r), LEADC_OK);
  assert_string_equal(leadc_result_error(r), "");
  leadc_result_free(r);
  leadc_model_free(m);
}

static void test_bad_model_text(void **state) {
  static const char text[] = "model broken\ninput lead {\n  key id: string\n}\nrule r when nosuch > 1 then +1\n";
  seen s = {0};
  leadc_compile_options o = {.on_diagnostic = collect, .user = &s};
  leadc_model *m = (leadc_model *)&s;     /* must stay untouched on failure */
  assert_int_equal(leadc_compile_string("broken.score", text, strlen(text), &o, &m), LEADC_ERROR_MODEL);
  assert_ptr_equal(m, (leadc_model *)&s);
  assert_int_equal(s.errors, 1);
  assert_string_equal(s.file, "broken.score");
  assert_int_equal(s.line, 5);
  assert_int_equal(s.column, 13);
  assert_true(s.code[0] == 'E');

  seen t = {0};
  leadc_compile_options o2 = {.on_diagnostic = collect, .user = &t};
  static const char syntax[] = "model x\ninput lead { key id: string \n";
  assert_int_equal(leadc_compile_string("x.score", syntax, strlen(syntax), &o2, &m), LEADC_ERROR_MODEL);
  assert_true(t.errors >= 1);
  /* without a callback the status alone says so */
  assert_int_equal(leadc_compile_string("x.score", syntax, strlen(syntax), NULL, &m), LEADC_ERROR_MODEL);
}

static void test_warnings_reach_the_callback(void **state) {
  static const char text[] =
    "model w\ninput lead {\n  key id: string\n  n: number?\n}\ndef twice(x: number): number = x * 2\n"
    "rule r when n > 1 then +1\n";
  seen s = {0};
  leadc_compile_options o = {.on_diagnostic = collect, .user = &s};
  leadc_model *m = NULL;
  assert_int_equal(leadc_compile_string("w.score", text, strlen(text), &o, &m), LEADC_OK);
  assert_int_equal(s.errors, 0);
  assert_int_equal(s.warnings, 1);   /* twice is never used */
  leadc_model_free(m);
}

static void test_module_is_not_a_model(void **state) {
  static const char text[] = "def twice(x: number): number = x * 2\n";
  leadc_model *m = NULL;
  assert_int_equal(leadc_compile_string("mod.score", text, strlen(text), NULL, &m), LEADC_ERROR_MODEL);
  assert_null(m);
}

static void test_compile_file(void **state) {
  leadc_model *m = NULL;
  assert_int_equal(leadc_compile_file(LEADC_SOURCE_DIR "/examples/b2b_saas/b2b_saas.score", NULL, &m), LEADC_OK);
  assert_string_equal(leadc_model_name(m), "b2b_saas");
  leadc_model_free(m);
  assert_int_equal(leadc_compile_file(LEADC_SOURCE_DIR "/no/such/model.score", NULL, &m), LEADC_ERROR_IO);
  const char *dirs[] = {LEADC_SOURCE_DIR "/stdlib"};
  leadc_compile_options o = {.include_dirs = dirs, .ninclude_dirs = 1};
  assert_int_equal(leadc_compile_file(LEADC_SOURCE_DIR "/examples/b2b_saas/b2b_saas.score", &o, &m), LEADC_OK);
  leadc_model_free(m);
}

static void test_nulls(void **state) {
  leadc_model *m = compile_ok();
  leadc_result *r = NULL;
  int64_t t;
  assert_int_equal(leadc_compile_file(NULL, NULL, &m), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_compile_file("x.score", NULL, NULL), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_compile_string(NULL, "x", 1, NULL, &m), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_compile_string("x", NULL, 5, NULL, &m), LEADC_ERROR_ARGUMENT);
  leadc_compile_options bad = {.include_dirs = NULL, .ninclude_dirs = 2};
  assert_int_equal(leadc_compile_string("x", "x", 1, &bad, &m), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_result_new(NULL, &r), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_result_new(m, NULL), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_parse_time(NULL, &t), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_parse_time("2024-06-01", NULL), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_parse_time("yesterday", &t), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_result_new(m, &r), LEADC_OK);
  assert_int_equal(leadc_score_json(NULL, ann, strlen(ann), 0, r), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_score_json(m, ann, strlen(ann), 0, NULL), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_score_json(m, NULL, 3, 0, r), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_model_open_builtin(NULL), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_stream_open(m, LEADC_FORMAT_NDJSON, NULL, NULL, NULL), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_stream_open_file(m, LEADC_FORMAT_NDJSON, NULL, NULL), LEADC_ERROR_ARGUMENT);
  assert_int_equal(leadc_stream_next(NULL, 0, r), LEADC_ERROR_ARGUMENT);
  /* accessors and frees take NULL */
  assert_null(leadc_model_name(NULL));
  assert_int_equal(leadc_model_rule_count(NULL), 0);
  assert_true(leadc_result_score(NULL) == 0);
  assert_int_equal(leadc_result_tier(NULL), -1);
  assert_string_equal(leadc_result_json(NULL), "");
  assert_string_equal(leadc_result_error(NULL), "");
  leadc_result_free(NULL);
  leadc_model_free(NULL);
  leadc_stream_free(NULL);
  leadc_result_free(r);
  leadc_model_free(m);
}

static void test_result_of_another_model(void **state) {
  leadc_model *a = compile_ok(), *b = compile_ok();
  leadc_result *r = NULL;
  assert_int_equal(leadc_result_new(a, &r), LEADC_OK);
  assert_int_equal(leadc_score_json(b, ann, strlen(ann), as_of(), r), LEADC_ERROR_ARGUMENT);
  leadc_result_free(r);
  leadc_model_free(a);
  leadc_model_free(b);
}

/* A reader callback over a string, a few bytes at a time, so records span reads. */
typedef struct chunks { const char *p; size_t left; } chunks;

static ptrdiff_t read_chunks(void *user, void *buf, size_t n) {
  chunks *c = user;
  size_t k = n < 7 ? n : 7;
  if (k > c->left) k = c->left;
  memcpy(buf, c->p, k);
  c->p += k;
  c->left -= k;
  return (ptrdiff_t)k;
}

static void test_stream_ndjson(void **state) {
  leadc_model *m = compile_ok();
  leadc_result *r = NULL;
  assert_int_equal(leadc_result_new(m, &r), LEADC_OK);
  char input[2048];
  snprintf(input, sizeof input, "%s\n\n{\"id\": \"bad\"}\n{\"id\": \"t3\", \"source\": \"webinar\"}", ann);
  chunks c = {input, strlen(input)};
  leadc_stream *s = NULL;
  assert_int_equal(leadc_stream_open(m, LEADC_FORMAT_NDJSON, read_chunks, &c, &s), LEADC_OK);
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_OK);
  assert_true(leadc_result_score(r) == 42.26);
  assert_int_equal(leadc_result_line(r), 1);
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_ERROR_RECORD);
  assert_int_equal(leadc_result_line(r), 3);
  assert_non_null(strstr(leadc_result_error(r), "source"));
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_OK);
  assert_int_equal(leadc_result_line(r), 4);
  assert_string_equal(leadc_result_tier_name(r), "lead");
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_END);
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_END);
  leadc_stream_free(s);
  leadc_result_free(r);
  leadc_model_free(m);
}

static void test_stream_csv_file(void **state) {
  leadc_model *m = compile_ok();
  leadc_result *r = NULL;
  assert_int_equal(leadc_result_new(m, &r), LEADC_OK);
  static char csv[] =
    "id,job_title,company_size,source,events\n"
    "c1,CTO,75,paid,\"[{\"\"kind\"\": \"\"demo_request\"\", \"\"at\"\": \"\"2024-05-30\"\"}]\"\n"
    "c2,,,nosuch,\n";
  FILE *f = fmemopen(csv, strlen(csv), "r");
  assert_non_null(f);
  leadc_stream *s = NULL;
  assert_int_equal(leadc_stream_open_file(m, LEADC_FORMAT_CSV, f, &s), LEADC_OK);
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_OK);
  assert_true(leadc_result_score(r) == 65);
  assert_string_equal(leadc_result_tier_name(r), "mql");
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_ERROR_RECORD);
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_END);
  leadc_stream_free(s);
  fclose(f);

  /* a stream for another model's result, and an empty CSV input */
  leadc_model *other = compile_ok();
  chunks empty = {"", 0};
  assert_int_equal(leadc_stream_open(other, LEADC_FORMAT_CSV, read_chunks, &empty, &s), LEADC_OK);
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_ERROR_ARGUMENT);
  leadc_result *ro = NULL;
  assert_int_equal(leadc_result_new(other, &ro), LEADC_OK);
  assert_int_equal(leadc_stream_next(s, as_of(), ro), LEADC_END);
  assert_int_equal(leadc_stream_open(other, (leadc_format)7, read_chunks, &empty, &s), LEADC_ERROR_ARGUMENT);
  leadc_stream_free(s);
  leadc_result_free(ro);
  leadc_model_free(other);
  leadc_result_free(r);
  leadc_model_free(m);
}

static ptrdiff_t read_fails(void *user, void *buf, size_t n) {
  (void)user, (void)buf, (void)n;
  return -1;
}

static void test_stream_read_error(void **state) {
  leadc_model *m = compile_ok();
  leadc_result *r = NULL;
  assert_int_equal(leadc_result_new(m, &r), LEADC_OK);
  leadc_stream *s = NULL;
  assert_int_equal(leadc_stream_open(m, LEADC_FORMAT_NDJSON, read_fails, NULL, &s), LEADC_OK);
  assert_int_equal(leadc_stream_next(s, as_of(), r), LEADC_ERROR_IO);
  leadc_stream_free(s);
  leadc_result_free(r);
  leadc_model_free(m);
}

static void test_no_builtin_model(void **state) {
  leadc_model *m = NULL;
  assert_int_equal(leadc_model_open_builtin(&m), LEADC_ERROR_UNSUPPORTED);
  assert_null(m);
}

static void test_status_and_version(void **state) {
  for (int s = LEADC_OK; s <= LEADC_END; s++) assert_true(strlen(leadc_status_message((leadc_status)s)) > 0);
  assert_string_equal(leadc_status_message((leadc_status)99), "unknown status");
  assert_string_equal(leadc_version(), LEADC_VERSION);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_model_info),
    cmocka_unit_test(test_score_worked_example),
    cmocka_unit_test(test_score_copies_the_record),
    cmocka_unit_test(test_bad_record),
    cmocka_unit_test(test_bad_model_text),
    cmocka_unit_test(test_warnings_reach_the_callback),
    cmocka_unit_test(test_module_is_not_a_model),
    cmocka_unit_test(test_compile_file),
    cmocka_unit_test(test_nulls),
    cmocka_unit_test(test_result_of_another_model),
    cmocka_unit_test(test_stream_ndjson),
    cmocka_unit_test(test_stream_csv_file),
    cmocka_unit_test(test_stream_read_error),
    cmocka_unit_test(test_no_builtin_model),
    cmocka_unit_test(test_status_and_version),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
