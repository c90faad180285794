#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/reader.h"
#include "runtime/scratch.h"

/* The LANGUAGE.md example, by hand: lead with a list of events. */
static const char *const kinds[] = {"page_view", "email_open", "email_click", "demo_request"};
static const lc_field_desc event_fields[] = {
    {.name = "kind", .key = "kind", .kind = LC_V_ENUM, .slot = 0, .members = kinds, .nmembers = 4},
    {.name = "url", .key = "url", .kind = LC_V_STRING, .optional = true, .slot = 1},
    {.name = "minutes", .key = "minutes", .kind = LC_V_INT, .optional = true, .slot = 2},
    {.name = "at", .key = "at", .kind = LC_V_TIME, .slot = 3},
};
static const lc_record_desc event_desc = {"event", event_fields, 4, 4, 3, NULL, 0};

enum { S_ID, S_EMAIL, S_FIRST, S_SIZE, S_REV, S_SOURCE, S_DNE, S_CREATED, S_EVENTS, S_SESSION, S_TITLE, NSLOTS };
static const char *const sources[] = {"organic", "paid", "webinar"};
static const char *const missing[] = {"unknown", "Select"};
static const lc_field_desc lead_fields[] = {
    {.name = "id", .key = "id", .kind = LC_V_STRING, .slot = S_ID},
    {.name = "email", .key = "email", .kind = LC_V_STRING, .slot = S_EMAIL},
    {.name = "first_name", .key = "first_name", .kind = LC_V_STRING, .optional = true, .slot = S_FIRST},
    {.name = "company_size", .key = "company_size", .kind = LC_V_INT, .optional = true, .slot = S_SIZE},
    {.name = "annual_revenue", .key = "annual_revenue", .kind = LC_V_NUMBER, .optional = true, .slot = S_REV},
    {.name = "source", .key = "source", .kind = LC_V_ENUM, .slot = S_SOURCE, .members = sources, .nmembers = 3},
    {.name = "do_not_email", .key = "do_not_email", .kind = LC_V_BOOL, .slot = S_DNE},
    {.name = "created_at", .key = "created_at", .kind = LC_V_TIME, .slot = S_CREATED},
    {.name = "events", .key = "events", .kind = LC_V_LIST, .slot = S_EVENTS, .elem = &event_desc},
    {.name = "session", .key = "session_length", .kind = LC_V_DURATION, .optional = true, .slot = S_SESSION},
    {.name = "job_title", .key = "Job Title", .kind = LC_V_STRING, .optional = true, .slot = S_TITLE},
    {.name = "industry", .key = "industry", .kind = LC_V_STRING, .optional = true, .slot = LC_NO_SLOT},
};
static const lc_record_desc lead_desc = {"lead", lead_fields, 12, NSLOTS, LC_NO_SLOT, missing, 2};

#define BASE_NO_ID "\"source\":\"paid\",\"do_not_email\":false,\"created_at\":\"2024-05-01\""
#define BASE "\"id\":\"L1\",\"email\":\"ann@acme.io\",\"source\":\"paid\",\"do_not_email\":false,\"created_at\":\"2024-05-01\""

static lc_decoder *dec;
static lc_scratch scratch;
static _Alignas(16) uint8_t rec[LC_RECORD_SIZE(NSLOTS)];
static lc_decode_error err;
static const char *input;

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

static int decode(const char *json) {
  input = json;
  memset(rec, 0xAB, sizeof rec);
  return lc_decode_json(dec, json, strlen(json), rec, &scratch, &err);
}

static void ok(const char *json) {
  if (decode(json) != LC_DECODE_OK) fail_msg("rejected: %s\n  %s", json, err.msg);
}

static void rejected(const char *json, const char *msg) {
  if (decode(json) != LC_DECODE_REJECT) fail_msg("accepted: %s", json);
  if (strcmp(err.msg, msg) != 0) fail_msg("for %s\n  got:  %s\n  want: %s", json, err.msg, msg);
}

static void rejected_prefix(const char *json, const char *prefix) {
  if (decode(json) != LC_DECODE_REJECT) fail_msg("accepted: %s", json);
  if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
    fail_msg("for %s\n  got:  %s\n  want: %s…", json, err.msg, prefix);
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
static bool points_into_input(lc_str s) {
  return s.ptr >= input && s.ptr + s.len <= input + strlen(input);
}

#define T_2024_05_01 INT64_C(1714521600000000)

static void test_all_kinds(void **state) {
  ok("{\"id\":\"L1\",\"email\":\"ann@acme.io\",\"first_name\":\"Ann\",\"company_size\":200,"
     "\"annual_revenue\":1.5e6,\"source\":\"webinar\",\"do_not_email\":true,"
     "\"created_at\":\"2024-05-01T00:00:00Z\",\"session_length\":\"1.5h\",\"Job Title\":\"CEO\","
     "\"industry\":\"saas\",\"events\":[{\"kind\":\"page_view\",\"url\":\"/pricing\",\"at\":\"2024-05-31\"}]}");
  str_is(S_ID, "L1");
  str_is(S_EMAIL, "ann@acme.io");
  assert_true(points_into_input(val(S_EMAIL).str));
  str_is(S_FIRST, "Ann");
  assert_true(val(S_SIZE).num == 200);
  assert_true(val(S_REV).num == 1.5e6);
  assert_int_equal(val(S_SOURCE).i, 2);
  assert_int_equal(val(S_DNE).b, 1);
  assert_int_equal(val(S_CREATED).us, T_2024_05_01);
  assert_int_equal(val(S_SESSION).us, INT64_C(5400000000));
  str_is(S_TITLE, "CEO");
  lc_list events = val(S_EVENTS).list;
  assert_int_equal(events.n, 1);
  assert_true(present(events.items, 0) && present(events.items, 1) && !present(events.items, 2));
  assert_int_equal(value(events.items, 4, 0).i, 0);
  assert_int_equal(value(events.items, 4, 3).us, T_2024_05_01 + 30 * INT64_C(86400000000));
}

static void test_optional_absent_null_and_lists(void **state) {
  ok("{" BASE "}");
  assert_false(present(rec, S_FIRST));
  assert_false(present(rec, S_SIZE));
  assert_false(present(rec, S_SESSION));
  assert_int_equal(val(S_EVENTS).list.n, 0);          /* absent list: empty, present */
  ok("{" BASE ",\"first_name\":null,\"events\":null}");
  assert_false(present(rec, S_FIRST));
  assert_int_equal(val(S_EVENTS).list.n, 0);
  ok("{" BASE ",\"events\":[]}");
  assert_int_equal(val(S_EVENTS).list.n, 0);
  rejected("{\"id\":\"L1\",\"source\":\"paid\",\"do_not_email\":false,\"created_at\":\"2024-05-01\"}",
           "field \"email\": required, but absent");
  rejected("{" BASE ",\"email\":null}", "field \"email\": required, but null");
  rejected("{" BASE ",\"events\":[{\"kind\":\"page_view\"}]}", "field \"events[0].at\": required, but absent");
}

static void test_missing_values(void **state) {
  ok("{" BASE ",\"company_size\":\"unknown\",\"first_name\":\"Select\"}");
  assert_false(present(rec, S_SIZE));
  assert_false(present(rec, S_FIRST));
  ok("{" BASE ",\"first_name\":\"unknown \"}");       /* exact strings only */
  str_is(S_FIRST, "unknown ");
  ok("{" BASE ",\"first_name\":\"\\u0075nknown\"}");  /* compared after unescaping */
  assert_false(present(rec, S_FIRST));
  rejected("{" BASE ",\"email\":\"unknown\"}", "field \"email\": required, but a missing_values placeholder");
}

static void test_duplicate_keys_last_wins(void **state) {
  ok("{" BASE ",\"company_size\":5,\"company_size\":7}");
  assert_true(val(S_SIZE).num == 7);
  ok("{" BASE ",\"company_size\":5,\"company_size\":null}");
  assert_false(present(rec, S_SIZE));
  ok("{" BASE ",\"company_size\":\"many\",\"company_size\":12}");   /* the invalid one is replaced */
  assert_true(val(S_SIZE).num == 12);
  rejected("{" BASE ",\"company_size\":12,\"company_size\":\"many\"}",
           "field \"company_size\": expected an integer, found \"many\"");
  ok("{" BASE ",\"email\":\"a@b.c\"}");
  str_is(S_EMAIL, "a@b.c");
  ok("{" BASE ",\"events\":[{\"kind\":\"nope\"}],\"events\":[]}");
  assert_int_equal(val(S_EVENTS).list.n, 0);
  rejected("{" BASE ",\"company_size\":\"x\",\"first_name\":1,\"company_size\":2}",
           "field \"first_name\": expected a string, found 1");
}

static void test_int(void **state) {
  static const struct { const char *v; double want; } good[] = {
      {"120", 120}, {"120.0", 120}, {"1.2e2", 120}, {"12000e-2", 120}, {"-0", 0}, {"0.0e5", 0},
      {"9007199254740992", 9007199254740992.0}, {"-9007199254740992", -9007199254740992.0},
      {"900719925474099.2e1", 9007199254740992.0}, {"1E3", 1000}, {"-17", -17},
  };
  char buf[256];
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    snprintf(buf, sizeof buf, "{" BASE ",\"company_size\":%s}", good[i].v);
    ok(buf);
    assert_true(val(S_SIZE).num == good[i].want);
    if (good[i].want == 0) assert_false(signbit(val(S_SIZE).num));
  }
  static const struct { const char *v, *msg; } bad[] = {
      {"120.5", "expected an integer, found 120.5"},
      {"1.0000000000000001", "expected an integer, found 1.0000000000000001"},
      {"1e-1", "expected an integer, found 1e-1"},
      {"9007199254740993", "integer out of range (|n| <= 2^53), found 9007199254740993"},
      {"9007199254740992.5", "expected an integer, found 9007199254740992.5"},
      {"1e16", "integer out of range (|n| <= 2^53), found 1e16"},
      {"1e999999999999", "integer out of range (|n| <= 2^53), found 1e999999999999"},
      {"\"many\"", "expected an integer, found \"many\""},
      {"\"12\"", "expected an integer, found \"12\""},
      {"true", "expected an integer, found true"},
      {"[1]", "expected an integer, found a list"},
      {"{\"a\":1}", "expected an integer, found an object"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char want[256];
    snprintf(buf, sizeof buf, "{" BASE ",\"company_size\":%s}", bad[i].v);
    snprintf(want, sizeof want, "field \"company_size\": %s", bad[i].msg);
    rejected(buf, want);
  }
}

static void test_number(void **state) {
  ok("{" BASE ",\"annual_revenue\":0.1}");
  assert_true(val(S_REV).num == 0.1);
  ok("{" BASE ",\"annual_revenue\":-2.5E-3}");
  assert_true(val(S_REV).num == -2.5e-3);
  ok("{" BASE ",\"annual_revenue\":123456789012345678901234567890}");
  assert_true(val(S_REV).num == 123456789012345678901234567890.0);
  ok("{" BASE ",\"annual_revenue\":2.2250738585072011e-308}");
  assert_true(val(S_REV).num == 2.2250738585072011e-308);
  ok("{" BASE ",\"annual_revenue\":1e-400}");
  assert_true(val(S_REV).num == 0);
  /* a decimal exactly halfway between two doubles, decided by a digit far to the right */
  ok("{" BASE ",\"annual_revenue\":9007199254740993.00000000000000000000000000000000000001}");
  assert_true(val(S_REV).num == 9007199254740994.0);
  ok("{" BASE ",\"annual_revenue\":9007199254740993}");
  assert_true(val(S_REV).num == 9007199254740992.0);
  rejected("{" BASE ",\"annual_revenue\":1e400}", "field \"annual_revenue\": number out of range, found 1e400");
  rejected("{" BASE ",\"annual_revenue\":\"1.5\"}", "field \"annual_revenue\": expected a number, found \"1.5\"");
  static const char *const malformed[] = {"01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "1.5.2"};
  for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
    char buf[256];
    snprintf(buf, sizeof buf, "{" BASE ",\"annual_revenue\":%s}", malformed[i]);
    rejected_prefix(buf, "malformed JSON at byte ");
  }
}

static void test_time(void **state) {
  static const struct { const char *v; int64_t want; } good[] = {
      {"\"2024-05-01\"", T_2024_05_01},
      {"\"2024-05-01T02:00:00+02:00\"", T_2024_05_01},
      {"\"2024-05-01 00:00:00.1234567z\"", T_2024_05_01 + 123456},
      {"1714521600", T_2024_05_01},
      {"1714521600.5", T_2024_05_01 + 500000},
      {"1714521600.0000019", T_2024_05_01 + 1},         /* floored */
      {"1.7145216e9", T_2024_05_01},
      {"-1.5", -1500000},
      {"-0.0000001", -1},                                /* floor, not truncation */
      {"-0.000001", -1},
      {"0", 0},
  };
  char buf[256];
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    snprintf(buf, sizeof buf, "{" BASE ",\"created_at\":%s}", good[i].v);
    ok(buf);
    assert_int_equal(val(S_CREATED).us, good[i].want);
  }
  rejected("{" BASE ",\"created_at\":\"yesterday\"}",
           "field \"created_at\": expected a time (RFC 3339, YYYY-MM-DD or epoch seconds), found \"yesterday\"");
  rejected_prefix("{" BASE ",\"created_at\":\"2024-06-30T23:59:60Z\"}", "field \"created_at\": expected a time");
  rejected_prefix("{" BASE ",\"created_at\":\"2024-02-30\"}", "field \"created_at\": expected a time");
  rejected_prefix("{" BASE ",\"created_at\":true}", "field \"created_at\": expected a time");
  rejected("{" BASE ",\"created_at\":1e30}", "field \"created_at\": time out of range, found 1e30");
  rejected("{" BASE ",\"events\":[{\"kind\":\"page_view\",\"at\":\"2024-05-01\"},{\"kind\":\"email_open\",\"at\":\"later\"}]}",
           "field \"events[1].at\": expected a time (RFC 3339, YYYY-MM-DD or epoch seconds), found \"later\"");
}

static void test_duration(void **state) {
  static const struct { const char *v; int64_t want; } good[] = {
      {"90", 90000000}, {"0.5", 500000}, {"\"45s\"", 45000000}, {"\"30m\"", 1800000000},
      {"\"1.5h\"", 5400000000}, {"\"14d\"", 1209600000000}, {"\"2w\"", 1209600000000},
      {"\"-1d\"", -86400000000},
  };
  char buf[256];
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    snprintf(buf, sizeof buf, "{" BASE ",\"session_length\":%s}", good[i].v);
    ok(buf);
    assert_int_equal(val(S_SESSION).us, good[i].want);
  }
  static const char *const bad[] = {"\"5x\"", "\"d\"", "\"14 d\"", "\"14dd\"", "\"\"", "true"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    snprintf(buf, sizeof buf, "{" BASE ",\"session_length\":%s}", bad[i]);
    rejected_prefix(buf, "field \"session\": expected a duration");
  }
}

static void test_bool_and_enum(void **state) {
  ok("{" BASE ",\"do_not_email\":true}");
  assert_int_equal(val(S_DNE).b, 1);
  rejected("{" BASE ",\"do_not_email\":\"true\"}", "field \"do_not_email\": expected true or false, found \"true\"");
  rejected("{" BASE ",\"do_not_email\":1}", "field \"do_not_email\": expected true or false, found 1");
  rejected("{" BASE ",\"source\":\"Paid\"}",
           "field \"source\": expected one of \"organic\", \"paid\", \"webinar\", found \"Paid\"");
  rejected("{" BASE ",\"source\":3}", "field \"source\": expected one of \"organic\", \"paid\", \"webinar\", found 3");
  rejected("{" BASE ",\"events\":[{\"kind\":\"pricng_view\",\"at\":0}]}",
           "field \"events[0].kind\": expected one of \"page_view\", \"email_open\", \"email_click\", "
           "\"demo_request\", found \"pricng_view\"");
}

static void test_strings_and_escapes(void **state) {
  ok("{" BASE ",\"first_name\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"}");
  str_is(S_FIRST, "a\"b\\c/d\be\ff\ng\rh\ti");
  assert_false(points_into_input(val(S_FIRST).str));
  ok("{" BASE ",\"first_name\":\"J\\u00f8rgen \\u4E2D \\ud83d\\ude00 \\u0000!\"}");
  lc_slot v = val(S_FIRST);
  assert_int_equal(v.str.len, 19);
  assert_memory_equal(v.str.ptr, "J\xC3\xB8rgen \xE4\xB8\xAD \xF0\x9F\x98\x80 \0!", 19);
  ok("{" BASE ",\"first_name\":\"Jørgen 中文 😀\"}");
  str_is(S_FIRST, "Jørgen 中文 😀");
  assert_true(points_into_input(val(S_FIRST).str));
  ok("{" BASE ",\"first_name\":\"\"}");
  str_is(S_FIRST, "");
  ok("{\"\\u0069d\":\"L9\"," BASE "}");                      /* escaped key; then the last id wins */
  str_is(S_ID, "L1");
  ok("{\"email\":\"x@y.z\",\"source\":\"paid\",\"do_not_email\":false,\"created_at\":0,\"\\u0069d\":\"L9\"}");
  str_is(S_ID, "L9");
  ok("{" BASE ",\"Job Title\":\"VP Sales\"}");
  str_is(S_TITLE, "VP Sales");
  rejected_prefix("{" BASE ",\"first_name\":\"\\ud800\"}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"first_name\":\"\\udc00\\ud800\"}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"first_name\":\"\\ud800\\u0041\"}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"first_name\":\"\\u12G4\"}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"first_name\":\"\\x41\"}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"first_name\":\"tab\there\"}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"first_name\":\"unterminated}", "malformed JSON at byte ");
  rejected("{" BASE ",\"first_name\":[\"a\"]}", "field \"first_name\": expected a string, found a list");
}

static void test_invalid_utf8(void **state) {
  rejected("{" BASE ",\"first_name\":\"J\xF8rgen\"}", "invalid UTF-8 at byte 112");
  rejected("{" BASE ",\"unknown\":\"\xC0\xAF\"}", "invalid UTF-8 at byte 108");   /* also when ignored */
  rejected("{\"\xFF\":1}", "invalid UTF-8 at byte 3");
}

/* Keys are matched by guessing the next one from the order seen so far; whatever the order and
 * however a key is spelled, the record must come out the same. */
static void test_keys_in_any_order_and_spelling(void **state) {
  ok("{\"created_at\":\"2024-05-01\",\"do_not_email\":false,\"source\":\"paid\",\"email\":\"a@b.c\",\"id\":\"L1\"}");
  str_is(S_ID, "L1");
  str_is(S_EMAIL, "a@b.c");
  ok("{\"\\u0069d\":\"L2\",\"email\":\"a@b.c\",\"source\":\"paid\",\"do_not_email\":false,\"created_at\":0}");
  str_is(S_ID, "L2");
  ok("{\"i\":1,\"idx\":2,\"id\":\"L3\",\"emai\":3,\"email\":\"x@y\",\"email2\":4," BASE_NO_ID "}");
  str_is(S_ID, "L3");
  ok("{\"id\":\"L4\",\"id\":\"L5\",\"email\":\"x@y\",\"source\":\"paid\",\"do_not_email\":true,\"created_at\":0}");
  str_is(S_ID, "L5");
  ok("{" BASE ",\"events\":[{\"kind\":\"page_view\",\"url\":\"/a\",\"at\":1},{\"at\":2,\"kind\":\"email_open\"},"
     "{\"url\":\"/b\",\"kind\":\"page_view\",\"at\":3},{\"kind\":\"page_view\",\"at\":4,\"url\":\"/c\"}]}");
  lc_list l = val(S_EVENTS).list;
  assert_int_equal(l.n, 4);
  for (uint32_t i = 0; i < l.n; i++)
    assert_int_equal(value(l.items + i * LC_RECORD_SIZE(4), 4, 3).us, (int64_t)(i + 1) * 1000000);
  assert_int_equal(value(l.items + LC_RECORD_SIZE(4), 4, 0).i, 1);
  assert_false(present(l.items + LC_RECORD_SIZE(4), 1));
  rejected_prefix("{\"id", "malformed JSON at byte ");
  rejected_prefix("{\"id\"", "malformed JSON at byte ");
}

static void test_unknown_keys_are_skipped(void **state) {
  ok("{\"x\":{\"a\":[1,2,{\"b\":null,\"c\":[true,false,\"s\\\"\"]}],\"d\":{}}," BASE ",\"y\":[],\"z\":-1.5e3}");
  str_is(S_ID, "L1");
  /* The model's own `industry` has no slot but is still validated. */
  ok("{" BASE ",\"industry\":\"saas\"}");
  rejected("{" BASE ",\"industry\":5}", "field \"industry\": expected a string, found 5");
  /* Malformed JSON inside an ignored value still rejects the record. */
  rejected_prefix("{" BASE ",\"x\":[1,2}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"x\":{\"a\" 1}}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"x\":{\"a\":1,}}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"x\":[1,]}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"x\":tru}", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"x\":{1:2}}", "malformed JSON at byte ");
}

static char *nested(const char *open, const char *close, size_t depth, bool balanced) {
  size_t lo = strlen(open), lc = strlen(close), nb = strlen(BASE);
  char *s = malloc(depth * (lo + lc) + nb + 32), *p = s;
  p += sprintf(p, "{" BASE ",\"deep\":");
  for (size_t i = 0; i < depth; i++) p = memcpy(p, open, lo), p += lo;
  p += sprintf(p, "1");
  for (size_t i = 0; i < depth - !balanced; i++) p = memcpy(p, close, lc), p += lc;
  sprintf(p, "}");
  return s;
}

static void test_deep_nesting(void **state) {
  /* A million levels: far beyond any recursion limit, and beyond the bit stack's inline words. */
  char *s = nested("[", "]", 1000000, true);
  ok(s);
  free(s);
  s = nested("{\"k\":", "}", 300000, true);
  ok(s);
  free(s);
  s = nested("[{\"a\":", "}]", 100000, true);
  ok(s);
  free(s);
  s = nested("[", "]", 100000, false);
  rejected_prefix(s, "malformed JSON at byte ");
  free(s);
  s = nested("[", "}", 1000, true);
  rejected_prefix(s, "malformed JSON at byte ");
  free(s);
}

static void test_not_one_object(void **state) {
  rejected("[1,2]", "expected a JSON object, found [1,2]");
  rejected("42", "expected a JSON object, found 42");
  rejected("\"str\"", "expected a JSON object, found \"str\"");
  rejected("", "expected a JSON object, found nothing");
  rejected("   \r", "expected a JSON object, found nothing");
  rejected_prefix("{" BASE, "malformed JSON at byte 96: unexpected end of record");
  rejected_prefix("{" BASE ",", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"x\":", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",\"x\"", "malformed JSON at byte ");
  rejected_prefix("{" BASE ",}", "malformed JSON at byte ");
  rejected_prefix("{" BASE " \"x\":1}", "malformed JSON at byte ");
  rejected("{" BASE "} {}", "unexpected text after the JSON object at byte 98");
  rejected("{" BASE "}x", "unexpected text after the JSON object at byte 97");
  ok(" \t{" BASE "} \r");
  ok("{\n  " BASE "\n}\n");
  rejected_prefix("{'id':1}", "malformed JSON at byte 2");
}

static void test_lists(void **state) {
  /* More elements than the first allocation, to exercise growth; values survive the copies. */
  char *s = malloc(100000), *p = s;
  p += sprintf(p, "{" BASE ",\"events\":[");
  for (int i = 0; i < 1000; i++)
    p += sprintf(p, "%s{\"kind\":\"email_open\",\"minutes\":%d,\"at\":%d}", i ? "," : "", i, i);
  sprintf(p, "]}");
  ok(s);
  lc_list l = val(S_EVENTS).list;
  assert_int_equal(l.n, 1000);
  for (uint32_t i = 0; i < l.n; i++) {
    const uint8_t *e = l.items + i * LC_RECORD_SIZE(4);
    assert_true(value(e, 4, 2).num == i);
    assert_int_equal(value(e, 4, 3).us, (int64_t)i * 1000000);
    assert_false(present(e, 1));
  }
  free(s);
  rejected("{" BASE ",\"events\":[5]}", "field \"events[0]\": expected an object, found 5");
  rejected("{" BASE ",\"events\":[{\"kind\":\"page_view\",\"at\":0},[]]}",
           "field \"events[1]\": expected an object, found a list");
  rejected("{" BASE ",\"events\":{}}", "field \"events\": expected a list, found an object");
  rejected("{" BASE ",\"events\":\"[]\"}", "field \"events\": expected a list, found \"[]\"");
  rejected("{" BASE ",\"events\":[{\"kind\":\"page_view\",\"at\":0,\"minutes\":1.5}]}",
           "field \"events[0].minutes\": expected an integer, found 1.5");
  rejected_prefix("{" BASE ",\"events\":[{\"kind\":\"page_view\",\"at\":0}", "malformed JSON at byte ");
  /* duplicate keys inside elements */
  ok("{" BASE ",\"events\":[{\"kind\":\"x\",\"at\":0,\"kind\":\"demo_request\"}]}");
  assert_int_equal(value(val(S_EVENTS).list.items, 4, 0).i, 3);
}

static void test_long_messages_stay_bounded(void **state) {
  char *s = malloc(40000), *p = s;
  p += sprintf(p, "{" BASE ",\"company_size\":\"");
  for (int i = 0; i < 5000; i++) p += sprintf(p, "é\\n");
  sprintf(p, "\"}");
  assert_int_equal(decode(s), LC_DECODE_REJECT);
  assert_true(strlen(err.msg) < sizeof err.msg);
  assert_non_null(strstr(err.msg, "found \"é\\né\\n"));   /* the token as written, shortened */
  assert_non_null(strstr(err.msg, "…"));
  free(s);
}

static lc_field_desc wide_fields[100];
/* Enum members are found through a table on length, first and last byte when that separates
 * them, and by comparing with each otherwise ("open" and "oven" agree on all three): both ways
 * find every member, nothing else (not a string agreeing with a member on all three), and the
 * empty string when it is a member. */
static void test_enum_members_alike(void **state) {
  static const char *const separable[] = {"page_view", "email_open", "", "demo_request"};
  static const char *const alike[] = {"open", "oven", "o", ""};
  static const char *const *const sets[] = {separable, alike};
  static const char *const strangers[] = {"pxxxxxxxw", "oxen", "opem", "page_viewx", "\\u0000"};
  for (int s = 0; s < 2; s++) {
    const lc_field_desc f[] = {{.name = "k", .key = "k", .kind = LC_V_ENUM, .slot = 0,
                                .members = sets[s], .nmembers = 4}};
    const lc_record_desc desc = {"r", f, 1, 1, LC_NO_SLOT, NULL, 0};
    lc_decoder *d = lc_decoder_new(&desc);
    assert_non_null(d);
    _Alignas(16) uint8_t r[LC_RECORD_SIZE(1)];
    char buf[64];
    for (int i = 0; i < 4; i++) {
      snprintf(buf, sizeof buf, "{\"k\":\"%s\"}", sets[s][i]);
      if (lc_decode_json(d, buf, strlen(buf), r, &scratch, &err) != LC_DECODE_OK) fail_msg("%s: %s", buf, err.msg);
      assert_int_equal(value(r, 1, 0).i, i);
    }
    for (size_t i = 0; i < sizeof strangers / sizeof *strangers; i++) {
      snprintf(buf, sizeof buf, "{\"k\":\"%s\"}", strangers[i]);
      assert_int_equal(lc_decode_json(d, buf, strlen(buf), r, &scratch, &err), LC_DECODE_REJECT);
      assert_non_null(strstr(err.msg, "expected one of"));
    }
    lc_decoder_free(d);
  }
}

static char wide_names[100][16];

static void test_many_fields(void **state) {
  for (int i = 0; i < 100; i++) {
    snprintf(wide_names[i], sizeof wide_names[i], "f%d", i);
    wide_fields[i] = (lc_field_desc){.name = wide_names[i], .key = wide_names[i], .kind = LC_V_INT,
                                     .optional = i % 2 == 0, .slot = (uint32_t)i};
  }
  lc_record_desc wide = {"wide", wide_fields, 100, 100, LC_NO_SLOT, NULL, 0};
  lc_decoder *d = lc_decoder_new(&wide);
  assert_non_null(d);
  static _Alignas(16) uint8_t r[LC_RECORD_SIZE(100)];
  char buf[4096], *p = buf;
  p += sprintf(p, "{");
  for (int i = 99; i >= 0; i -= 1)
    if (i % 2 || i == 42) p += sprintf(p, "\"f%d\":%d,", i, i);
  sprintf(p - 1, "}");
  assert_int_equal(lc_decode_json(d, buf, strlen(buf), r, &scratch, &err), LC_DECODE_OK);
  for (int i = 0; i < 100; i++) {
    assert_int_equal(present(r, (uint32_t)i), i % 2 || i == 42);
    if (i % 2) assert_true(value(r, 100, (uint32_t)i).num == i);
  }
  assert_int_equal(lc_decode_json(d, "{}", 2, r, &scratch, &err), LC_DECODE_REJECT);
  assert_string_equal(err.msg, "field \"f1\": required, but absent");
  lc_decoder_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_all_kinds),
      cmocka_unit_test(test_optional_absent_null_and_lists),
      cmocka_unit_test(test_missing_values),
      cmocka_unit_test(test_duplicate_keys_last_wins),
      cmocka_unit_test(test_int),
      cmocka_unit_test(test_number),
      cmocka_unit_test(test_time),
      cmocka_unit_test(test_duration),
      cmocka_unit_test(test_bool_and_enum),
      cmocka_unit_test(test_strings_and_escapes),
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_keys_in_any_order_and_spelling),
      cmocka_unit_test(test_unknown_keys_are_skipped),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_not_one_object),
      cmocka_unit_test(test_lists),
      cmocka_unit_test(test_long_messages_stay_bounded),
      cmocka_unit_test(test_many_fields),
      cmocka_unit_test(test_enum_members_alike),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
