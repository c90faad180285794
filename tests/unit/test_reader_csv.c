#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/reader.h"
#include "runtime/scratch.h"

static const char *const kinds[] = {"page_view", "demo_request"};
static const lc_field_desc event_fields[] = {
    {.name = "kind", .key = "kind", .kind = LC_V_ENUM, .slot = 0, .members = kinds, .nmembers = 2},
    {.name = "at", .key = "at", .kind = LC_V_TIME, .slot = 1},
};
static const lc_record_desc event_desc = {"event", event_fields, 2, 2, 1, NULL, 0};

enum { S_ID, S_TITLE, S_SIZE, S_DNE, S_CREATED, S_EVENTS, S_SOURCE, S_SESSION, NSLOTS };
static const char *const sources[] = {"organic", "paid"};
static const char *const missing[] = {"unknown", "Select"};
static const lc_field_desc lead_fields[] = {
    {.name = "id", .key = "id", .kind = LC_V_STRING, .slot = S_ID},
    {.name = "job_title", .key = "Job Title", .kind = LC_V_STRING, .optional = true, .slot = S_TITLE},
    {.name = "company_size", .key = "company_size", .kind = LC_V_INT, .optional = true, .slot = S_SIZE},
    {.name = "do_not_email", .key = "do_not_email", .kind = LC_V_BOOL, .optional = true, .slot = S_DNE},
    {.name = "created_at", .key = "created_at", .kind = LC_V_TIME, .optional = true, .slot = S_CREATED},
    {.name = "events", .key = "events", .kind = LC_V_LIST, .slot = S_EVENTS, .elem = &event_desc},
    {.name = "source", .key = "source", .kind = LC_V_ENUM, .optional = true, .slot = S_SOURCE,
     .members = sources, .nmembers = 2},
    {.name = "session", .key = "session", .kind = LC_V_DURATION, .optional = true, .slot = S_SESSION},
};
static const lc_record_desc lead_desc = {"lead", lead_fields, 8, NSLOTS, LC_NO_SLOT, missing, 2};

static lc_decoder *dec;
static lc_csv_header *hdr;
static lc_scratch scratch;
static _Alignas(16) uint8_t rec[LC_RECORD_SIZE(NSLOTS)];
static lc_decode_error err;

static int setup(void **state) {
  dec = lc_decoder_new(&lead_desc);
  lc_scratch_init(&scratch);
  return dec ? 0 : -1;
}

static int teardown(void **state) {
  lc_decoder_free(dec);
  lc_scratch_free(&scratch);
  return 0;
}

static void header(const char *h, char delim) {
  lc_csv_header_free(hdr);
  hdr = lc_csv_header_new(dec, h, strlen(h), delim, &err);
  if (!hdr) fail_msg("header rejected: %s", err.msg);
}

static int decode(const char *row) {
  memset(rec, 0xAB, sizeof rec);
  return lc_decode_csv_row(dec, hdr, row, strlen(row), rec, &scratch, &err);
}

static void ok(const char *row) {
  if (decode(row) != LC_DECODE_OK) fail_msg("rejected: %s\n  %s", row, err.msg);
}

static void rejected(const char *row, const char *msg) {
  if (decode(row) != LC_DECODE_REJECT) fail_msg("accepted: %s", row);
  if (strcmp(err.msg, msg) != 0) fail_msg("for %s\n  got:  %s\n  want: %s", row, err.msg, msg);
}

static bool present(const uint8_t *r, uint32_t slot) { return r[slot] == 1; }
static lc_slot value(const uint8_t *r, uint32_t nslots, uint32_t slot) {
  lc_slot v;
  memcpy(&v, r + LC_SLOT_OFFSET(nslots, slot), sizeof v);
  return v;
}
static lc_slot val(uint32_t slot) {
  assert_true(present(rec, slot));
  return value(rec, NSLOTS, slot);
}
static void str_is(uint32_t slot, const char *want) {
  lc_slot v = val(slot);
  if (v.str.len != strlen(want) || memcmp(v.str.ptr, want, v.str.len) != 0)
    fail_msg("slot %u: \"%.*s\", want \"%s\"", slot, (int)v.str.len, v.str.ptr, want);
}

#define T_2024_05_01 INT64_C(1714521600000000)

static void test_basic_row(void **state) {
  header("id,Job Title,company_size,do_not_email,created_at,source,session", ',');
  ok("L1,CEO,200,yes,2024-05-01,paid,14d");
  str_is(S_ID, "L1");
  str_is(S_TITLE, "CEO");
  assert_true(val(S_SIZE).num == 200);
  assert_int_equal(val(S_DNE).b, 1);
  assert_int_equal(val(S_CREATED).us, T_2024_05_01);
  assert_int_equal(val(S_SOURCE).i, 1);
  assert_int_equal(val(S_SESSION).us, INT64_C(1209600000000));
  assert_int_equal(val(S_EVENTS).list.n, 0);       /* no events column: an empty list */
  ok("L1,CEO,200,yes,2024-05-01,paid,14d\r");      /* CRLF row */
  assert_int_equal(val(S_SESSION).us, INT64_C(1209600000000));
}

static void test_quoting(void **state) {
  header("id,Job Title,company_size", ',');
  ok("\"L,1\",\"Head of \"\"Growth\"\", EMEA\",3");
  str_is(S_ID, "L,1");
  str_is(S_TITLE, "Head of \"Growth\", EMEA");
  ok("\"multi\nline\r\nid\",\"\",\"\"");
  str_is(S_ID, "multi\nline\r\nid");
  assert_false(present(rec, S_TITLE));            /* quoted empty cell: missing */
  assert_false(present(rec, S_SIZE));
  ok("L1,5'10\" tall,1");                           /* a quote inside an unquoted cell is literal */
  str_is(S_TITLE, "5'10\" tall");
  ok("L1, spaced ,  42 ");                          /* strings verbatim; numbers may be padded */
  str_is(S_TITLE, " spaced ");
  assert_true(val(S_SIZE).num == 42);
  rejected("\"L1,x,1", "column 1: unterminated quoted cell");
  rejected("\"L1\"x,y,1", "column 1: unexpected character after a closing quote");
  rejected("L1,x", "the row has 2 cells, the header 3");
  rejected("L1,x,1,extra", "the row has 4 cells, the header 3");
  rejected("L1,x,1,", "the row has 4 cells, the header 3");
}

static void test_empty_and_missing_cells(void **state) {
  header("id,Job Title,company_size,do_not_email", ',');
  ok("L1,,,");
  assert_false(present(rec, S_TITLE));
  assert_false(present(rec, S_SIZE));
  assert_false(present(rec, S_DNE));
  ok("L1,Select,unknown,unknown");
  assert_false(present(rec, S_TITLE));
  assert_false(present(rec, S_SIZE));
  rejected(",CEO,1,no", "field \"id\": required, but empty");
  rejected("unknown,CEO,1,no", "field \"id\": required, but a missing_values placeholder");
  header("Job Title", ',');
  rejected("CEO", "field \"id\": required, but absent (no such column)");
}

static void test_cell_kinds(void **state) {
  header("id,company_size,do_not_email,created_at,session", ',');
  static const char *const yes[] = {"1", "yes", "YES", "Yes", "true", "TRUE", " True "};
  static const char *const no[] = {"0", "no", "No", "false", "FALSE"};
  char row[128];
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
    snprintf(row, sizeof row, "L1,1,%s,,", yes[i]);
    ok(row);
    assert_int_equal(val(S_DNE).b, 1);
  }
  for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
    snprintf(row, sizeof row, "L1,1,%s,,", no[i]);
    ok(row);
    assert_int_equal(val(S_DNE).b, 0);
  }
  rejected("L1,1,y,,", "field \"do_not_email\": expected true or false, found \"y\"");
  rejected("L1,1,2,,", "field \"do_not_email\": expected true or false, found \"2\"");
  ok("L1,1.2e2,,1714521600.25,90");
  assert_true(val(S_SIZE).num == 120);
  assert_int_equal(val(S_CREATED).us, T_2024_05_01 + 250000);
  assert_int_equal(val(S_SESSION).us, 90000000);
  ok("L1,1,,2024-05-01T00:00:00Z,1.5h");
  assert_int_equal(val(S_CREATED).us, T_2024_05_01);
  assert_int_equal(val(S_SESSION).us, 5400000000);
  rejected("L1,many,,,", "field \"company_size\": expected an integer, found \"many\"");
  rejected("L1,1 000,,,", "field \"company_size\": expected an integer, found \"1 000\"");
  rejected("L1,1.5,,,", "field \"company_size\": expected an integer, found \"1.5\"");
  rejected("L1,\"1,5\",,,", "field \"company_size\": expected an integer, found \"1,5\"");
  rejected("L1,1,,yesterday,",
           "field \"created_at\": expected a time (RFC 3339, YYYY-MM-DD or epoch seconds), found \"yesterday\"");
  rejected("L1,1,,,soon", "field \"session\": expected a duration (seconds, or a number with s, m, h, d or w), "
                          "found \"soon\"");
  rejected("L1,1,,\"a\nb\",", "field \"created_at\": expected a time (RFC 3339, YYYY-MM-DD or epoch seconds), "
                              "found \"a\\nb\"");
}

static void test_list_cells(void **state) {
  header("id,events", ',');
  ok("L1,\"[{\"\"kind\"\":\"\"demo_request\"\",\"\"at\"\":\"\"2024-05-01\"\"}, {\"\"kind\"\":\"\"page_view\"\",\"\"at\"\":0}]\"");
  lc_list l = val(S_EVENTS).list;
  assert_int_equal(l.n, 2);
  assert_int_equal(value(l.items, 2, 0).i, 1);
  assert_int_equal(value(l.items, 2, 1).us, T_2024_05_01);
  assert_int_equal(value(l.items + LC_RECORD_SIZE(2), 2, 1).us, 0);
  ok("L1,[]");
  assert_int_equal(val(S_EVENTS).list.n, 0);
  ok("L1,");
  assert_int_equal(val(S_EVENTS).list.n, 0);
  ok("L1,null");
  assert_int_equal(val(S_EVENTS).list.n, 0);
  rejected("L1,\"[{\"\"kind\"\":\"\"x\"\",\"\"at\"\":0}]\"",
           "field \"events[0].kind\": expected one of \"page_view\", \"demo_request\", found \"x\"");
  rejected("L1,\"[1]\"", "field \"events[0]\": expected an object, found 1");
  rejected("L1,\"[{}\"", "field \"events\": malformed JSON at byte 4: unexpected end of record (truncated?)");
  rejected("L1,[] x", "field \"events\": malformed JSON at byte 4: unexpected text after the list");
  rejected("L1,{}", "field \"events\": expected a list, found \"{}\"");
}

static void test_header(void **state) {
  /* BOM, quoted names, unknown and repeated columns (the last one counts). */
  header("\xEF\xBB\xBFid,\"Job Title\",junk,company_size,company_size\r", ',');
  ok("L1,CTO,whatever,1,2");
  str_is(S_ID, "L1");
  str_is(S_TITLE, "CTO");
  assert_true(val(S_SIZE).num == 2);
  header("\"Job \"\"Title\"\"\",id", ',');            /* a name with quotes matches nothing */
  ok("x,L2");
  assert_false(present(rec, S_TITLE));
  lc_csv_header_free(hdr);
  hdr = NULL;
  assert_null(lc_csv_header_new(dec, "id,\"Job Title", 13, ',', &err));
  assert_string_equal(err.msg, "CSV header, column 2: unterminated quoted cell");
  assert_null(lc_csv_header_new(dec, "id,\xC3", 4, ',', &err));
  assert_string_equal(err.msg, "CSV header: invalid UTF-8 at byte 4");
}

static void test_delimiters(void **state) {
  header("id;Job Title;company_size", ';');
  ok("L1;\"a;b\";15");
  str_is(S_TITLE, "a;b");
  assert_true(val(S_SIZE).num == 15);
  ok("L1;a,b;15");                                  /* a ',' is an ordinary character here */
  str_is(S_TITLE, "a,b");
  rejected("L1;x;1,5", "field \"company_size\": expected an integer, found \"1,5\"");   /* no decimal comma */
  header("id\tJob Title\tcompany_size", '\t');
  ok("L1\tVP, Sales\t7");
  str_is(S_TITLE, "VP, Sales");
  assert_true(val(S_SIZE).num == 7);
}

static void test_invalid_utf8(void **state) {
  header("id,Job Title,company_size", ',');
  rejected("L1,J\xF8rgen,1", "invalid UTF-8 at byte 5");
  rejected("L1,x,1\xED\xA0\x80", "invalid UTF-8 at byte 7");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_basic_row),    cmocka_unit_test(test_quoting),
      cmocka_unit_test(test_empty_and_missing_cells), cmocka_unit_test(test_cell_kinds),
      cmocka_unit_test(test_list_cells),   cmocka_unit_test(test_header),
      cmocka_unit_test(test_delimiters),   cmocka_unit_test(test_invalid_utf8),
  };
  int rc = cmocka_run_group_tests(tests, setup, teardown);
  lc_csv_header_free(hdr);
  return rc;
}
