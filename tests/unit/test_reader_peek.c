/* Reading one value by name outside the model's record (eval's label): JSON members of every
 * kind, duplicates, escapes; CSV columns by header name, quoting, short rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "runtime/reader.h"
#include "runtime/scratch.h"

static lc_scratch scratch;
static lc_decode_error err;

static lc_peek json(const char *rec, const char *key) {
  lc_peek v;
  assert_int_equal(lc_peek_json(rec, strlen(rec), key, strlen(key), &scratch, &v, &err), LC_DECODE_OK);
  return v;
}

static void assert_text(lc_peek v, lc_peek_kind kind, const char *text) {
  assert_int_equal(v.kind, kind);
  assert_int_equal(v.text.len, strlen(text));
  assert_memory_equal(v.text.ptr, text, strlen(text));
}

static void test_json_kinds(void **state) {
  (void)state;
  const char *r = "{\"a\": true, \"b\": false, \"c\": 1.5e0, \"d\": \"yes\", \"e\": null, "
                  "\"f\": [1, {\"y\": 2}], \"g\": {\"y\": true}}";
  assert_text(json(r, "a"), LC_PEEK_BOOL, "true");
  assert_text(json(r, "b"), LC_PEEK_BOOL, "false");
  assert_text(json(r, "c"), LC_PEEK_NUMBER, "1.5e0");
  assert_text(json(r, "d"), LC_PEEK_STRING, "yes");
  assert_int_equal(json(r, "e").kind, LC_PEEK_NULL);
  assert_text(json(r, "f"), LC_PEEK_OTHER, "[1, {\"y\": 2}]");
  assert_text(json(r, "g"), LC_PEEK_OTHER, "{\"y\": true}");
  assert_int_equal(json(r, "y").kind, LC_PEEK_ABSENT);        /* nested keys are not members */
  assert_int_equal(json("{}", "a").kind, LC_PEEK_ABSENT);
}

static void test_json_duplicates_and_escapes(void **state) {
  (void)state;
  assert_text(json("{\"y\": 0, \"y\": 1}", "y"), LC_PEEK_NUMBER, "1");
  assert_text(json("{\"\\u0079\": \"a\\\"b\"}", "y"), LC_PEEK_STRING, "a\"b");
  lc_scratch_reset(&scratch);
}

static void test_json_malformed(void **state) {
  (void)state;
  const char *bad[] = {"", "[1]", "{\"y\": }", "{\"y\": 1", "{\"y\" 1}", "{\"a\": tru}"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    lc_peek v;
    assert_int_equal(lc_peek_json(bad[i], strlen(bad[i]), "y", 1, &scratch, &v, &err), LC_DECODE_REJECT);
    assert_true(err.msg[0] != '\0');
  }
}

static void test_csv_columns(void **state) {
  (void)state;
  const char *h = "\xEF\xBB\xBF\"age\";\"y\";\"say \"\"hi\"\"\";y\r";
  assert_int_equal(lc_csv_find_column(h, strlen(h), ';', "age", 3), 0);
  assert_int_equal(lc_csv_find_column(h, strlen(h), ';', "y", 1), 3);      /* the last one */
  assert_int_equal(lc_csv_find_column(h, strlen(h), ';', "say \"hi\"", 8), 2);
  assert_int_equal(lc_csv_find_column(h, strlen(h), ';', "x", 1), -1);
  assert_int_equal(lc_csv_find_column("\"a", 2, ';', "a", 1), -1);
}

static lc_peek csv(const char *row, uint32_t col) {
  lc_peek v;
  assert_int_equal(lc_peek_csv(row, strlen(row), ',', col, &scratch, &v, &err), LC_DECODE_OK);
  return v;
}

static void test_csv_cells(void **state) {
  (void)state;
  const char *row = "56,\"no\",,\"a \"\"b\"\"\",\"\"\r";
  assert_text(csv(row, 0), LC_PEEK_STRING, "56");
  assert_text(csv(row, 1), LC_PEEK_STRING, "no");
  assert_int_equal(csv(row, 2).kind, LC_PEEK_NULL);
  assert_text(csv(row, 3), LC_PEEK_STRING, "a \"b\"");
  assert_int_equal(csv(row, 4).kind, LC_PEEK_NULL);
  assert_int_equal(csv(row, 5).kind, LC_PEEK_ABSENT);
  lc_peek v;
  assert_int_equal(lc_peek_csv("\"open,1", 7, ',', 1, &scratch, &v, &err), LC_DECODE_REJECT);
  lc_scratch_reset(&scratch);
}

int main(void) {
  lc_scratch_init(&scratch);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json_kinds), cmocka_unit_test(test_json_duplicates_and_escapes),
      cmocka_unit_test(test_json_malformed), cmocka_unit_test(test_csv_columns),
      cmocka_unit_test(test_csv_cells),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  lc_scratch_free(&scratch);
  return rc;
}
