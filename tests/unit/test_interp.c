/* The reference interpreter, on plans built by hand: every operator's missing-value rule, every
 * aggregate (empty lists included), `within` before `where`, the point-in-time rule, decay with
 * hand-computed values, caps and floors, the score range, tiers, and the output rows. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "backend/interp.h"
#include "backend/interp_internal.h"
#include "plan/result_write.h"
#include "runtime/scratch.h"

#define DAY INT64_C(86400000000)
#define HOUR INT64_C(3600000000)
#define AS_OF INT64_C(1717200000000000)   /* 2024-06-01T00:00:00Z */

/* ---- a fixed test schema
 * input: n num?, m num?, s str?, s2 str?, t time?, d dur?, e enum(a,b,c)?, b bool?, events list, id str
 * event: kind enum(page_view, demo, click), url str?, minutes num?, at time (timestamp) */
enum { I_N, I_M, I_S, I_S2, I_T, I_D, I_E, I_B, I_EVENTS, I_ID, I_NSLOTS };
enum { E_KIND, E_URL, E_MIN, E_AT, E_NSLOTS };
enum { K_PAGE_VIEW, K_DEMO, K_CLICK };

static const char *const kinds[] = {"page_view", "demo", "click"};
static const char *const abc[] = {"a", "b", "c"};
static const lc_field_desc event_fields[] = {
  {"kind", "kind", LC_V_ENUM, false, E_KIND, kinds, 3, NULL},
  {"url", "url", LC_V_STRING, true, E_URL, NULL, 0, NULL},
  {"minutes", "minutes", LC_V_INT, true, E_MIN, NULL, 0, NULL},
  {"at", "at", LC_V_TIME, false, E_AT, NULL, 0, NULL},
};
static const lc_record_desc event_desc = {"event", event_fields, 4, E_NSLOTS, E_AT, NULL, 0};
static const lc_field_desc input_fields[] = {
  {"n", "n", LC_V_NUMBER, true, I_N, NULL, 0, NULL},
  {"m", "m", LC_V_NUMBER, true, I_M, NULL, 0, NULL},
  {"s", "s", LC_V_STRING, true, I_S, NULL, 0, NULL},
  {"s2", "s2", LC_V_STRING, true, I_S2, NULL, 0, NULL},
  {"t", "t", LC_V_TIME, true, I_T, NULL, 0, NULL},
  {"d", "d", LC_V_DURATION, true, I_D, NULL, 0, NULL},
  {"e", "e", LC_V_ENUM, true, I_E, abc, 3, NULL},
  {"b", "b", LC_V_BOOL, true, I_B, NULL, 0, NULL},
  {"events", "events", LC_V_LIST, false, I_EVENTS, NULL, 0, &event_desc},
  {"id", "id", LC_V_STRING, false, I_ID, NULL, 0, NULL},
};

static lc_arena A;
static lc_plan P;
static lc_scratch S;
static lc_exec X;
static lc_result *R;
static uint8_t rec[LC_RECORD_SIZE(I_NSLOTS)];
static uint8_t evs[16][LC_RECORD_SIZE(E_NSLOTS)];
static uint32_t nevs;

static int setup(void **state) {
  lc_arena_init(&A);
  memset(&P, 0, sizeof P);
  P.arena = &A;
  P.model_name = "m";
  lc_record_desc *recs = LC_NEW_ARRAY(&A, lc_record_desc, 2);
  recs[0] = (lc_record_desc){"lead", input_fields, I_NSLOTS, I_NSLOTS, LC_NO_SLOT, NULL, 0};
  recs[1] = event_desc;
  P.records = recs;
  P.nrecords = 2;
  P.key_slot = I_ID;
  lc_scratch_init(&S);
  X = (lc_exec){AS_OF, &S};
  memset(rec, 0, sizeof rec);
  memset(evs, 0, sizeof evs);
  nevs = 0;
  R = NULL;
  return 0;
}

static int teardown(void **state) {
  lc_result_free(R);
  lc_plan_free(&P);
  lc_arena_free(&A);
  lc_scratch_free(&S);
  return 0;
}

/* ---- record builders */

static void put(uint8_t *r, uint32_t nslots, uint32_t slot, lc_slot v) {
  r[slot] = 1;
  memcpy(r + LC_SLOT_OFFSET(nslots, slot), &v, sizeof v);
}
static void set_num(uint32_t slot, double v) { put(rec, I_NSLOTS, slot, (lc_slot){.num = v}); }
static void set_us(uint32_t slot, int64_t v) { put(rec, I_NSLOTS, slot, (lc_slot){.us = v}); }
static void set_i(uint32_t slot, int64_t v) { put(rec, I_NSLOTS, slot, (lc_slot){.i = v}); }
static void set_b(uint32_t slot, bool v) { put(rec, I_NSLOTS, slot, (lc_slot){.b = v}); }
static void set_str(uint32_t slot, const char *s) {
  put(rec, I_NSLOTS, slot, (lc_slot){.str = {s, (uint32_t)strlen(s)}});
}
static void sync_events(void) { put(rec, I_NSLOTS, I_EVENTS, (lc_slot){.list = {evs[0], nevs}}); }

/* An event `days` before as_of (negative: after it); url and minutes may be NULL / NAN = missing. */
static void event_at_us(int kind, const char *url, double minutes, int64_t at) {
  uint8_t *e = evs[nevs++];
  put(e, E_NSLOTS, E_KIND, (lc_slot){.i = kind});
  if (url) put(e, E_NSLOTS, E_URL, (lc_slot){.str = {url, (uint32_t)strlen(url)}});
  if (!isnan(minutes)) put(e, E_NSLOTS, E_MIN, (lc_slot){.num = minutes});
  put(e, E_NSLOTS, E_AT, (lc_slot){.us = at});
  sync_events();
}
static void event(int kind, const char *url, double minutes, double days_ago) {
  event_at_us(kind, url, minutes, AS_OF - (int64_t)(days_ago * (double)DAY));
}

/* ---- expression builders */

static lc_pexpr *mk(lc_pop op, lc_ptype t) {
  lc_pexpr *e = LC_NEW(&A, lc_pexpr);
  e->op = op;
  e->type = t;
  e->id = P.nexprs++;
  return e;
}
static lc_pexpr *knum(double v) { lc_pexpr *e = mk(P_CONST, PT_NUM); e->k.num = v; return e; }
static lc_pexpr *kbool(bool v) { lc_pexpr *e = mk(P_CONST, PT_BOOL); e->k.b = v; return e; }
static lc_pexpr *kus(lc_ptype t, int64_t v) { lc_pexpr *e = mk(P_CONST, t); e->k.us = v; return e; }
static lc_pexpr *kenum(int64_t v) { lc_pexpr *e = mk(P_CONST, PT_ENUM); e->k.i = v; return e; }
static lc_pexpr *kstr(const char *s) {
  lc_pexpr *e = mk(P_CONST, PT_STR);
  e->k.str = (lc_str){s, (uint32_t)strlen(s)};
  return e;
}
static lc_pexpr *miss(lc_ptype t) { return mk(P_MISSING, t); }
static lc_pexpr *fld(uint32_t level, uint32_t slot, lc_ptype t) {
  lc_pexpr *e = mk(P_FIELD, t);
  e->field.level = level;
  e->field.slot = slot;
  return e;
}
static lc_pexpr *in(uint32_t slot, lc_ptype t) { return fld(0, slot, t); }
static lc_pexpr *ev(uint32_t slot, lc_ptype t) { return fld(1, slot, t); }
static lc_pexpr *un(lc_pop op, lc_ptype t, lc_pexpr *a) { lc_pexpr *e = mk(op, t); e->a = a; return e; }
static lc_pexpr *bin(lc_pop op, lc_ptype t, lc_pexpr *a, lc_pexpr *b) {
  lc_pexpr *e = mk(op, t);
  e->a = a;
  e->b = b;
  return e;
}
static lc_pexpr *cmp(lc_pop op, lc_pexpr *a, lc_pexpr *b) { return bin(op, PT_BOOL, a, b); }
static lc_pexpr *call(lc_builtin f, lc_ptype t, lc_pexpr *a, lc_pexpr *b, lc_pexpr *c) {
  lc_pexpr *e = mk(P_CALL, t);
  e->builtin = f;
  e->a = a;
  e->b = b;
  e->c = c;
  e->nargs = c ? 3 : b ? 2 : 1;
  return e;
}
static lc_pexpr *events(void) { return in(I_EVENTS, PT_LIST); }
static lc_pexpr *agg(lc_aggkind k, lc_ptype t, lc_pexpr *where, lc_pexpr *within, lc_pexpr *proj) {
  lc_pexpr *e = mk(P_AGG, t);
  e->agg.kind = k;
  e->agg.list = events();
  e->agg.elem = 1;
  e->agg.level = 1;
  e->agg.where = where;
  e->agg.within = within;
  e->agg.proj = proj;
  return e;
}
static lc_pexpr *kind_is(int k) { return cmp(P_EQ, ev(E_KIND, PT_ENUM), kenum(k)); }

/* ---- evaluation */

static ival eval(const lc_pexpr *e) {
  if (!R) R = lc_result_new(&P);
  ictx c = {&P, &X, R, NULL};
  iframe top = {rec, I_NSLOTS, 0, NULL};
  return lc_interp_eval(&c, e, &top);
}

#define assert_missing(e) assert_false(eval(e).ok)
#define assert_num(e, want) do { ival v_ = eval(e); assert_true(v_.ok); assert_true(v_.v.num == (want)); } while (0)
#define assert_us(e, want) do { ival v_ = eval(e); assert_true(v_.ok); assert_int_equal(v_.v.us, (want)); } while (0)
#define assert_bool(e, want) do { ival v_ = eval(e); assert_true(v_.ok); assert_int_equal(v_.v.b, (want)); } while (0)
#define assert_str(e, want) do { \
    ival v_ = eval(e); assert_true(v_.ok); \
    assert_int_equal(v_.v.str.len, strlen(want)); \
    assert_memory_equal(v_.v.str.ptr, (want), strlen(want)); } while (0)

/* ---- operators */

static void test_missing_propagates(void **state) {
  lc_pexpr *n = in(I_N, PT_NUM), *s = in(I_S, PT_STR), *t = in(I_T, PT_TIME);
  for (lc_pop op = P_ADD; op <= P_MOD; op++) {
    assert_missing(bin(op, PT_NUM, n, knum(1)));
    assert_missing(bin(op, PT_NUM, knum(1), n));
  }
  for (lc_pop op = P_EQ; op <= P_GE; op++) {
    assert_missing(cmp(op, n, knum(1)));
    assert_missing(cmp(op, knum(1), n));
    assert_missing(cmp(op, s, kstr("x")));
  }
  assert_missing(un(P_NEG, PT_NUM, n));
  assert_missing(un(P_NOT, PT_BOOL, in(I_B, PT_BOOL)));
  assert_missing(cmp(P_STARTS_WITH, s, kstr("a")));
  assert_missing(cmp(P_ENDS_WITH, kstr("a"), s));
  assert_missing(cmp(P_CONTAINS, s, kstr("a")));
  lc_pexpr *r = mk(P_IN_RANGE, PT_BOOL);
  r->a = n; r->b = knum(0); r->c = knum(10);
  assert_missing(r);
  r = mk(P_IN_RANGE, PT_BOOL);
  r->a = knum(5); r->b = knum(0); r->c = n;
  assert_missing(r);
  lc_pexpr *ns = mk(P_IN_NUMS, PT_BOOL);
  static const double nums[] = {1, 2};
  ns->a = n; ns->nums = nums; ns->nnums = 2;
  assert_missing(ns);
  assert_missing(bin(P_SUB, PT_DUR, t, kus(PT_TIME, 0)));
  assert_missing(call(B_LOWER, PT_STR, s, NULL, NULL));
  assert_missing(call(B_DAYS_SINCE, PT_NUM, t, NULL, NULL));
  assert_missing(call(B_MAX, PT_NUM, knum(1), n, NULL));
  assert_missing(call(B_MIN, PT_NUM, n, knum(1), NULL));
  assert_missing(call(B_CLAMP, PT_NUM, knum(1), knum(0), n));
  assert_missing(call(B_ROUND_DIGITS, PT_NUM, knum(1.234), n, NULL));
  assert_missing(miss(PT_NUM));
}

static void test_three_valued_logic(void **state) {
  /* rows: a = false, true, missing; columns: b = false, true, missing; -1 = missing */
  static const int and_tab[3][3] = {{0, 0, 0}, {0, 1, -1}, {0, -1, -1}};
  static const int or_tab[3][3] = {{0, 1, -1}, {1, 1, 1}, {-1, 1, -1}};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      lc_pexpr *a = i == 2 ? miss(PT_BOOL) : kbool(i);
      lc_pexpr *b = j == 2 ? miss(PT_BOOL) : kbool(j);
      ival x = eval(bin(P_AND, PT_BOOL, a, b)), y = eval(bin(P_OR, PT_BOOL, a, b));
      assert_int_equal(x.ok ? x.v.b : -1, and_tab[i][j]);
      assert_int_equal(y.ok ? y.v.b : -1, or_tab[i][j]);
    }
}

static void test_coalesce_and_is(void **state) {
  lc_pexpr *n = in(I_N, PT_NUM);
  assert_num(bin(P_COALESCE, PT_NUM, n, knum(7)), 7);
  assert_missing(bin(P_COALESCE, PT_NUM, n, miss(PT_NUM)));
  assert_bool(un(P_IS_MISSING, PT_BOOL, n), true);
  assert_bool(un(P_IS_PRESENT, PT_BOOL, n), false);
  set_num(I_N, 3);
  assert_num(bin(P_COALESCE, PT_NUM, n, knum(7)), 3);
  assert_bool(un(P_IS_MISSING, PT_BOOL, n), false);
  assert_bool(un(P_IS_PRESENT, PT_BOOL, n), true);
  /* a missing arithmetic result is missing for `is missing` too */
  assert_bool(un(P_IS_MISSING, PT_BOOL, bin(P_DIV, PT_NUM, n, knum(0))), true);
}

static void test_comparisons(void **state) {
  assert_bool(cmp(P_LT, knum(1), knum(2)), true);
  assert_bool(cmp(P_GE, knum(2), knum(2)), true);
  assert_bool(cmp(P_NE, knum(2), knum(2)), false);
  /* bytewise: uppercase sorts before lowercase, a prefix before its extensions, UTF-8 by bytes */
  assert_bool(cmp(P_LT, kstr("B"), kstr("a")), true);
  assert_bool(cmp(P_LT, kstr("ab"), kstr("abc")), true);
  assert_bool(cmp(P_GT, kstr("\xc3\xa9"), kstr("z")), true);
  assert_bool(cmp(P_EQ, kstr("abc"), kstr("abc")), true);
  assert_bool(cmp(P_EQ, kstr("abc"), kstr("ABC")), false);
  assert_bool(cmp(P_LT, kus(PT_TIME, 5), kus(PT_TIME, 6)), true);
  assert_bool(cmp(P_GT, kus(PT_DUR, 2 * DAY), kus(PT_DUR, 47 * HOUR)), true);
  assert_bool(cmp(P_LT, kenum(0), kenum(2)), true);
  assert_bool(cmp(P_EQ, kenum(1), kenum(1)), true);
  assert_bool(cmp(P_LT, kbool(false), kbool(true)), true);
  assert_bool(cmp(P_EQ, kbool(true), kbool(true)), true);
  set_i(I_E, 1);
  assert_bool(cmp(P_EQ, in(I_E, PT_ENUM), kenum(1)), true);
}

static void test_membership(void **state) {
  lc_pexpr *r = mk(P_IN_RANGE, PT_BOOL);
  r->a = in(I_N, PT_NUM); r->b = knum(50); r->c = knum(5000);
  set_num(I_N, 50);
  assert_bool(r, true);
  set_num(I_N, 5000);
  assert_bool(r, true);
  set_num(I_N, 5000.5);
  assert_bool(r, false);
  set_num(I_N, 49.99);
  assert_bool(r, false);

  static const double nums[] = {0, 2};
  lc_pexpr *ns = mk(P_IN_NUMS, PT_BOOL);
  ns->a = in(I_E, PT_ENUM); ns->nums = nums; ns->nnums = 2;
  set_i(I_E, 2);
  assert_bool(ns, true);
  set_i(I_E, 1);
  assert_bool(ns, false);

  lc_str items[] = {{"acme.io", 7}, {"globex.com", 10}};
  P.strsets = LC_NEW_ARRAY(&A, lc_strset *, 1);
  P.strsets[0] = lc_strset_new(items, 2);
  P.nstrsets = 1;
  lc_pexpr *ss = mk(P_IN_STRSET, PT_BOOL);
  ss->a = in(I_S, PT_STR);
  ss->index = 0;
  assert_missing(ss);
  set_str(I_S, "globex.com");
  assert_bool(ss, true);
  set_str(I_S, "globex.co");
  assert_bool(ss, false);
}

static void test_string_tests(void **state) {
  set_str(I_S, "/pricing/enterprise");
  lc_pexpr *s = in(I_S, PT_STR);
  assert_bool(cmp(P_STARTS_WITH, s, kstr("/pricing")), true);
  assert_bool(cmp(P_STARTS_WITH, s, kstr("/Pricing")), false);
  assert_bool(cmp(P_ENDS_WITH, s, kstr("prise")), true);
  assert_bool(cmp(P_CONTAINS, s, kstr("ing/ent")), true);
  assert_bool(cmp(P_CONTAINS, s, kstr("")), true);
  assert_bool(cmp(P_CONTAINS, s, kstr("careers")), false);
}

static void test_matches(void **state) {
  size_t off;
  char msg[128];
  const char *pat = "\\b(ceo|direktør)\\b";
  P.regexes = LC_NEW_ARRAY(&A, lc_regex *, 1);
  P.regexes[0] = lc_regex_compile(pat, strlen(pat), LC_RE_CASELESS, &off, msg, sizeof msg);
  assert_non_null(P.regexes[0]);
  P.nregexes = 1;
  lc_pexpr *m = mk(P_MATCHES, PT_BOOL);
  m->a = in(I_S, PT_STR);
  m->index = 0;
  assert_missing(m);
  set_str(I_S, "Co-founder & CEO");
  assert_bool(m, true);
  set_str(I_S, "DIREKTØR");
  assert_bool(m, true);
  set_str(I_S, "ceos");
  assert_bool(m, false);
}

static void test_arithmetic(void **state) {
  assert_num(bin(P_DIV, PT_NUM, knum(36), knum(10)), 3.6);
  assert_num(bin(P_ADD, PT_NUM, knum(0.1), knum(0.2)), 0.1 + 0.2);
  assert_num(bin(P_MOD, PT_NUM, knum(-7), knum(3)), -1);
  assert_num(un(P_NEG, PT_NUM, knum(4)), -4);
  /* results that are not finite are missing */
  assert_missing(bin(P_DIV, PT_NUM, knum(1), knum(0)));
  assert_missing(bin(P_MOD, PT_NUM, knum(1), knum(0)));
  assert_missing(bin(P_MUL, PT_NUM, knum(1e308), knum(10)));
  /* time and duration */
  lc_pexpr *t = kus(PT_TIME, AS_OF), *d = kus(PT_DUR, 2 * DAY);
  assert_us(bin(P_ADD, PT_TIME, t, d), AS_OF + 2 * DAY);
  assert_us(bin(P_ADD, PT_TIME, d, t), AS_OF + 2 * DAY);
  assert_us(bin(P_SUB, PT_TIME, t, d), AS_OF - 2 * DAY);
  assert_us(bin(P_SUB, PT_DUR, t, kus(PT_TIME, AS_OF - 3 * HOUR)), 3 * HOUR);
  assert_us(bin(P_ADD, PT_DUR, d, kus(PT_DUR, HOUR)), 2 * DAY + HOUR);
  assert_us(bin(P_MUL, PT_DUR, d, knum(1.5)), 3 * DAY);
  assert_us(bin(P_MUL, PT_DUR, knum(0.5), d), DAY);
  assert_us(bin(P_DIV, PT_DUR, kus(PT_DUR, 3), knum(2)), 2);    /* 1.5 µs rounds away from zero */
  assert_num(bin(P_DIV, PT_NUM, d, kus(PT_DUR, DAY)), 2);
  assert_missing(bin(P_DIV, PT_NUM, d, kus(PT_DUR, 0)));
  assert_missing(bin(P_ADD, PT_TIME, kus(PT_TIME, INT64_MAX - 1), d));
  assert_us(un(P_NEG, PT_DUR, d), -2 * DAY);
}

static void test_builtins(void **state) {
  set_str(I_S, "  Ann@Acme.IO \t");
  lc_pexpr *s = in(I_S, PT_STR);
  lc_pexpr *trimmed = call(B_TRIM, PT_STR, s, NULL, NULL);
  assert_str(trimmed, "Ann@Acme.IO");
  assert_str(call(B_LOWER, PT_STR, trimmed, NULL, NULL), "ann@acme.io");
  assert_str(call(B_UPPER, PT_STR, trimmed, NULL, NULL), "ANN@ACME.IO");
  assert_str(call(B_DOMAIN, PT_STR, trimmed, NULL, NULL), "acme.io");
  assert_str(call(B_LOCAL_PART, PT_STR, trimmed, NULL, NULL), "Ann");
  assert_num(call(B_LEN, PT_NUM, kstr("Øre"), NULL, NULL), 3);
  assert_missing(call(B_DOMAIN, PT_STR, kstr("no at sign"), NULL, NULL));
  assert_num(call(B_KEYBOARD_RUN, PT_NUM, kstr("asdfgh"), NULL, NULL), 6);

  assert_num(call(B_ABS, PT_NUM, knum(-2.5), NULL, NULL), 2.5);
  assert_num(call(B_ROUND, PT_NUM, knum(2.5), NULL, NULL), 3);
  assert_num(call(B_ROUND, PT_NUM, knum(-2.5), NULL, NULL), -3);
  assert_num(call(B_ROUND_DIGITS, PT_NUM, knum(0.125), knum(2), NULL), 0.13);
  assert_num(call(B_ROUND_DIGITS, PT_NUM, knum(0.015), knum(2), NULL), 0.01);
  assert_num(call(B_FLOOR, PT_NUM, knum(-1.5), NULL, NULL), -2);
  assert_num(call(B_CEIL, PT_NUM, knum(1.2), NULL, NULL), 2);
  assert_num(call(B_LOG, PT_NUM, knum(1), NULL, NULL), 0);
  assert_num(call(B_SQRT, PT_NUM, knum(16), NULL, NULL), 4);
  assert_missing(call(B_LOG, PT_NUM, knum(0), NULL, NULL));
  assert_missing(call(B_SQRT, PT_NUM, knum(-1), NULL, NULL));

  assert_num(call(B_MIN, PT_NUM, knum(3), knum(2), NULL), 2);
  assert_num(call(B_MAX, PT_NUM, knum(3), knum(2), NULL), 3);
  assert_us(call(B_MAX, PT_TIME, kus(PT_TIME, 5), kus(PT_TIME, 9), NULL), 9);
  assert_num(call(B_CLAMP, PT_NUM, knum(-5), knum(0), knum(10)), 0);
  assert_num(call(B_CLAMP, PT_NUM, knum(15), knum(0), knum(10)), 10);
  assert_num(call(B_CLAMP, PT_NUM, knum(7), knum(0), knum(10)), 7);
  assert_num(call(B_CLAMP, PT_NUM, knum(-5), knum(10), knum(0)), 0);   /* min(max(x, lo), hi) */

  lc_pexpr *t = kus(PT_TIME, AS_OF - 36 * HOUR);
  assert_num(call(B_DAYS_SINCE, PT_NUM, t, NULL, NULL), 1.5);
  assert_num(call(B_HOURS_SINCE, PT_NUM, t, NULL, NULL), 36);
  assert_us(call(B_AGE, PT_DUR, t, NULL, NULL), 36 * HOUR);
  /* a time after as_of gives a negative age: only decay clamps at 0 */
  assert_num(call(B_DAYS_SINCE, PT_NUM, kus(PT_TIME, AS_OF + DAY), NULL, NULL), -1);
}

/* ---- aggregates */

static void test_aggregates_empty(void **state) {
  sync_events();
  lc_pexpr *mins = ev(E_MIN, PT_NUM);
  assert_num(agg(AGG_COUNT, PT_NUM, NULL, NULL, NULL), 0);
  assert_bool(agg(AGG_ANY, PT_BOOL, NULL, NULL, NULL), false);
  assert_bool(agg(AGG_ALL, PT_BOOL, kind_is(K_DEMO), NULL, NULL), true);
  assert_bool(agg(AGG_NONE, PT_BOOL, kind_is(K_DEMO), NULL, NULL), true);
  assert_num(agg(AGG_SUM, PT_NUM, NULL, NULL, mins), 0);
  assert_num(agg(AGG_COUNT_DISTINCT, PT_NUM, NULL, NULL, mins), 0);
  assert_missing(agg(AGG_MIN, PT_NUM, NULL, NULL, mins));
  assert_missing(agg(AGG_MAX, PT_NUM, NULL, NULL, mins));
  assert_missing(agg(AGG_AVG, PT_NUM, NULL, NULL, mins));
  assert_missing(agg(AGG_FIRST, PT_NUM, NULL, NULL, mins));
  assert_missing(agg(AGG_LAST, PT_NUM, NULL, NULL, mins));
}

static void test_aggregates(void **state) {
  event(K_PAGE_VIEW, "/pricing", 4, 3);
  event(K_DEMO, NULL, NAN, 10);
  event(K_PAGE_VIEW, "/blog", 10, 1);
  event(K_CLICK, "/pricing", 4, 5);
  lc_pexpr *mins = ev(E_MIN, PT_NUM), *url = ev(E_URL, PT_STR);
  lc_pexpr *pv = kind_is(K_PAGE_VIEW);
  assert_num(agg(AGG_COUNT, PT_NUM, NULL, NULL, NULL), 4);
  assert_num(agg(AGG_COUNT, PT_NUM, pv, NULL, NULL), 2);
  assert_bool(agg(AGG_ANY, PT_BOOL, kind_is(K_DEMO), NULL, NULL), true);
  assert_bool(agg(AGG_ALL, PT_BOOL, pv, NULL, NULL), false);
  assert_bool(agg(AGG_NONE, PT_BOOL, pv, NULL, NULL), false);
  assert_bool(agg(AGG_NONE, PT_BOOL, kind_is(3), NULL, NULL), true);
  /* a missing condition counts as not satisfied: url is missing on the demo event */
  lc_pexpr *url_set = cmp(P_NE, url, kstr(""));
  assert_bool(agg(AGG_ALL, PT_BOOL, url_set, NULL, NULL), false);
  assert_bool(agg(AGG_NONE, PT_BOOL, cmp(P_EQ, url, kstr("nothing")), NULL, NULL), true);
  assert_num(agg(AGG_COUNT, PT_NUM, url_set, NULL, NULL), 3);
  /* sum/min/max/avg/count_distinct skip missing values */
  assert_num(agg(AGG_SUM, PT_NUM, NULL, NULL, mins), 18);
  assert_num(agg(AGG_MIN, PT_NUM, NULL, NULL, mins), 4);
  assert_num(agg(AGG_MAX, PT_NUM, NULL, NULL, mins), 10);
  assert_num(agg(AGG_AVG, PT_NUM, NULL, NULL, mins), 6);
  assert_num(agg(AGG_COUNT_DISTINCT, PT_NUM, NULL, NULL, mins), 2);
  assert_num(agg(AGG_COUNT_DISTINCT, PT_NUM, NULL, NULL, url), 2);
  assert_str(agg(AGG_MIN, PT_STR, NULL, NULL, url), "/blog");
  assert_us(agg(AGG_MAX, PT_TIME, NULL, NULL, ev(E_AT, PT_TIME)), AS_OF - DAY);
  /* first/last go by timestamp, not list order, and may project a missing value */
  assert_str(agg(AGG_FIRST, PT_STR, pv, NULL, url), "/pricing");
  assert_str(agg(AGG_LAST, PT_STR, NULL, NULL, url), "/blog");
  assert_missing(agg(AGG_FIRST, PT_STR, NULL, NULL, url));
  /* where over nothing that matches */
  assert_missing(agg(AGG_AVG, PT_NUM, kind_is(K_DEMO), NULL, mins));
  assert_num(agg(AGG_SUM, PT_NUM, kind_is(K_DEMO), NULL, mins), 0);
}

static void test_first_last_ties(void **state) {
  event_at_us(K_PAGE_VIEW, "/a", 1, AS_OF - DAY);
  event_at_us(K_PAGE_VIEW, "/b", 2, AS_OF - DAY);
  event_at_us(K_PAGE_VIEW, "/c", 3, AS_OF - DAY);
  lc_pexpr *url = ev(E_URL, PT_STR);
  assert_str(agg(AGG_FIRST, PT_STR, NULL, NULL, url), "/a");
  assert_str(agg(AGG_LAST, PT_STR, NULL, NULL, url), "/c");
}

static void test_within_then_where(void **state) {
  event(K_DEMO, NULL, 1, 40);
  event(K_DEMO, NULL, 2, 29);
  event(K_CLICK, NULL, 3, 30);        /* exactly on the window's edge: inside */
  event(K_CLICK, NULL, 4, 0);         /* exactly at as_of: inside */
  lc_pexpr *d30 = kus(PT_DUR, 30 * DAY);
  assert_num(agg(AGG_COUNT, PT_NUM, NULL, d30, NULL), 3);
  assert_num(agg(AGG_COUNT, PT_NUM, kind_is(K_DEMO), d30, NULL), 1);
  /* `all` asks about the window only: the 40-day-old demo does not count against it */
  assert_bool(agg(AGG_ALL, PT_BOOL, cmp(P_GE, ev(E_MIN, PT_NUM), knum(2)), d30, NULL), true);
  assert_bool(agg(AGG_ALL, PT_BOOL, cmp(P_GE, ev(E_MIN, PT_NUM), knum(2)), NULL, NULL), false);
  /* first in the window, not in the list */
  assert_num(agg(AGG_FIRST, PT_NUM, NULL, d30, ev(E_MIN, PT_NUM)), 3);
  assert_num(agg(AGG_SUM, PT_NUM, kind_is(K_CLICK), d30, ev(E_MIN, PT_NUM)), 7);
  assert_missing(agg(AGG_COUNT, PT_NUM, NULL, miss(PT_DUR), NULL));
}

static void test_point_in_time(void **state) {
  event(K_DEMO, "/x", 5, 2);
  event(K_DEMO, "/future", 100, -1);  /* after as_of: invisible everywhere */
  event_at_us(K_CLICK, "/soon", 7, AS_OF + 1);
  lc_pexpr *mins = ev(E_MIN, PT_NUM);
  assert_num(agg(AGG_COUNT, PT_NUM, NULL, NULL, NULL), 1);
  assert_num(agg(AGG_SUM, PT_NUM, NULL, NULL, mins), 5);
  assert_num(agg(AGG_MAX, PT_NUM, NULL, NULL, mins), 5);
  assert_num(agg(AGG_LAST, PT_NUM, NULL, NULL, mins), 5);
  assert_bool(agg(AGG_ANY, PT_BOOL, kind_is(K_CLICK), NULL, NULL), false);
  assert_bool(agg(AGG_ALL, PT_BOOL, kind_is(K_DEMO), NULL, NULL), true);
  assert_num(agg(AGG_COUNT, PT_NUM, NULL, kus(PT_DUR, -DAY), NULL), 0);
  /* the lead's own times are not list elements: they stay visible */
  set_us(I_T, AS_OF + 5 * DAY);
  assert_num(call(B_DAYS_SINCE, PT_NUM, in(I_T, PT_TIME), NULL, NULL), -5);
}

/* ---- rules, groups, score, tiers */

static lc_prule *rules_buf;

static void plan_rules(uint32_t n) {
  rules_buf = LC_NEW_ARRAY(&A, lc_prule, n);
  P.rules = rules_buf;
  P.nrules = 0;
}

static lc_prule *when_rule(const char *name, int32_t group, lc_pexpr *cond, lc_pexpr *points) {
  lc_prule *r = &rules_buf[P.nrules++];
  r->name = name;
  r->group = group;
  r->cond = cond;
  r->points = points;
  return r;
}

static lc_prule *each_rule(const char *name, int32_t group, lc_pexpr *where, lc_pexpr *points) {
  lc_prule *r = when_rule(name, group, where, points);
  r->each = true;
  r->list = events();
  r->elem = 1;
  r->level = 1;
  return r;
}

static void plan_items(uint32_t n, const lc_pitem *items) {
  P.items = lc_arena_dup(&A, items, sizeof *items * n);
  P.nitems = n;
}

/* Top-level rules only, in rule order. */
static void plan_flat_items(void) {
  lc_pitem *items = LC_NEW_ARRAY(&A, lc_pitem, P.nrules);
  for (uint32_t i = 0; i < P.nrules; i++) items[i] = (lc_pitem){false, i};
  P.items = items;
  P.nitems = P.nrules;
}

static void plan_groups(uint32_t n) {
  P.groups = LC_NEW_ARRAY(&A, lc_pgroup, n);
  P.ngroups = n;
}

static void score(void) {
  if (!R) R = lc_result_new(&P);
  char err[64];
  lc_scorer *s = lc_backend_interp.create(&P, err, sizeof err);
  assert_non_null(s);
  lc_scorer_score(s, rec, &X, R);
  lc_scorer_free(s);
}

static void test_when_rules_fire(void **state) {
  plan_rules(6);
  when_rule("yes", -1, kbool(true), knum(5));
  when_rule("no", -1, kbool(false), knum(5));
  when_rule("missing_when", -1, cmp(P_GT, in(I_N, PT_NUM), knum(0)), knum(5));
  when_rule("missing_then", -1, kbool(true), in(I_N, PT_NUM));
  when_rule("zero", -1, kbool(true), knum(0));
  when_rule("computed", -1, kbool(true), bin(P_DIV, PT_NUM, knum(36), knum(10)));
  plan_flat_items();
  score();
  static const uint8_t fired[] = {1, 0, 0, 0, 1, 1};
  assert_memory_equal(R->fired, fired, 6);
  assert_true(R->rules[0] == 5 && R->rules[1] == 0 && R->rules[3] == 0 && R->rules[5] == 3.6);
  assert_true(R->score == 8.6);
  assert_int_equal(R->tier, -1);
}

/* LANGUAGE.md §7: two pricing views 1 and 14 days old, 5 points each, half-life 14 days. */
static void test_each_half_life(void **state) {
  event(K_PAGE_VIEW, "/pricing", NAN, 1);
  event(K_PAGE_VIEW, "/pricing", NAN, 14);
  event(K_PAGE_VIEW, "/blog", NAN, 2);
  plan_rules(1);
  lc_pexpr *where = bin(P_AND, PT_BOOL, kind_is(K_PAGE_VIEW),
                        cmp(P_STARTS_WITH, ev(E_URL, PT_STR), kstr("/pricing")));
  lc_prule *r = each_rule("pricing_views", -1, where, knum(5));
  r->decay = LC_DECAY_HALF_LIFE;
  r->decay_us = 14 * DAY;
  r->has_cap = true;
  r->cap = 20;
  plan_flat_items();
  score();
  double want = 0.0;
  want += 5 * exp2(-1.0 / 14);
  want += 5 * exp2(-14.0 / 14);
  assert_true(R->fired[0]);
  assert_true(R->rules[0] == want);
  assert_true(fabs(R->rules[0] - 7.2585) < 1e-4);
  assert_true(R->score == 7.26);
}

static void test_each_linear_step(void **state) {
  event(K_DEMO, NULL, 36, 15);
  event(K_DEMO, NULL, 60, 45);
  event(K_DEMO, NULL, 30, 70);     /* past the linear span: factor 0 */
  event(K_DEMO, NULL, NAN, 1);     /* points missing: adds nothing */
  plan_rules(3);
  lc_prule *lin = each_rule("webinar_minutes", -1, NULL, bin(P_DIV, PT_NUM, ev(E_MIN, PT_NUM), knum(10)));
  lin->decay = LC_DECAY_LINEAR;
  lin->decay_us = 60 * DAY;
  lc_prule *step = each_rule("recent", -1, NULL, knum(10));
  step->decay = LC_DECAY_STEP;
  step->decay_us = 15 * DAY;
  /* fires even though step decay brings every element to 0 */
  lc_prule *gone = each_rule("gone", -1, cmp(P_GT, ev(E_MIN, PT_NUM), knum(50)), knum(10));
  gone->decay = LC_DECAY_STEP;
  gone->decay_us = 7 * DAY;
  plan_flat_items();
  score();
  double want = 0.0;
  want += 3.6 * (1.0 - 15.0 / 60);
  want += 6.0 * (1.0 - 45.0 / 60);
  want += 3.0 * 0.0;
  assert_true(R->rules[0] == want);                 /* 2.7 + 1.5 */
  assert_true(fabs(R->rules[0] - 4.2) < 1e-12);
  assert_true(R->rules[1] == 20);                   /* 15 days: on the edge, inside; and 1 day */
  assert_true(R->fired[2]);
  assert_true(R->rules[2] == 0);
}

static void test_each_nothing_matches(void **state) {
  event(K_DEMO, NULL, NAN, 1);
  plan_rules(3);
  each_rule("no_points", -1, NULL, ev(E_MIN, PT_NUM));
  each_rule("no_match", -1, kind_is(K_CLICK), knum(1));
  lc_prule *w = each_rule("windowed", -1, NULL, knum(1));
  w->within = kus(PT_DUR, HOUR);
  plan_flat_items();
  score();
  assert_false(R->fired[0]);
  assert_false(R->fired[1]);
  assert_false(R->fired[2]);
  assert_true(R->score == 0);
}

static void test_when_decay_since(void **state) {
  plan_rules(3);
  lc_prule *r = when_rule("new_lead", -1, kbool(true), knum(10));
  r->decay = LC_DECAY_HALF_LIFE;
  r->decay_us = 7 * DAY;
  r->since = in(I_T, PT_TIME);
  /* a since after as_of: age counts as 0 */
  lc_prule *f = when_rule("future", -1, kbool(true), knum(3));
  f->decay = LC_DECAY_LINEAR;
  f->decay_us = DAY;
  f->since = kus(PT_TIME, AS_OF + 10 * DAY);
  lc_prule *st = when_rule("stepped", -1, kbool(true), knum(4));
  st->decay = LC_DECAY_STEP;
  st->decay_us = DAY;
  st->since = in(I_T, PT_TIME);
  plan_flat_items();
  score();
  assert_false(R->fired[0]);                /* since is missing */
  assert_false(R->fired[2]);
  assert_true(R->fired[1] && R->rules[1] == 3);
  set_us(I_T, AS_OF - 14 * DAY);
  score();
  assert_true(R->fired[0] && R->rules[0] == 2.5);
  assert_true(R->fired[2] && R->rules[2] == 0);
}

static void test_caps_floors(void **state) {
  for (int i = 0; i < 6; i++) event(K_CLICK, NULL, NAN, i);
  plan_rules(5);
  lc_prule *a = each_rule("clicks", 0, NULL, knum(5));          /* 30, capped at 20 */
  a->has_cap = true;
  a->cap = 20;
  when_rule("title", 0, kbool(true), knum(45));                /* group 65 → cap 50 */
  lc_prule *neg = when_rule("penalty", 1, kbool(true), knum(-30));
  neg->has_floor = true;
  neg->floor = -25;                                            /* -25 */
  when_rule("other", 1, kbool(true), knum(-10));               /* group -35 → floor -20 */
  lc_prule *unfired = when_rule("unfired", -1, kbool(false), knum(1));
  unfired->has_floor = true;
  unfired->floor = 5;                                          /* no fire: no floor either */
  plan_groups(2);
  P.groups[0] = (lc_pgroup){"fit", true, false, 50, 0};
  P.groups[1] = (lc_pgroup){"risk", false, true, 0, -20};
  plan_items(3, (lc_pitem[]){{true, 0}, {true, 1}, {false, 4}});
  score();
  assert_true(R->rules[0] == 20);
  assert_true(R->rules[2] == -25);
  assert_false(R->fired[4]);
  assert_true(R->rules[4] == 0);
  assert_true(R->groups[0] == 50);
  assert_true(R->groups[1] == -20);
  assert_true(R->score == 30);
}

static void test_group_floor_without_fires(void **state) {
  plan_rules(1);
  when_rule("never", 0, kbool(false), knum(1));
  plan_groups(1);
  P.groups[0] = (lc_pgroup){"base", false, true, 0, 5};
  plan_items(1, (lc_pitem[]){{true, 0}});
  score();
  assert_true(R->groups[0] == 5);
  assert_true(R->score == 5);
}

static void test_score_range_and_rounding(void **state) {
  plan_rules(2);
  when_rule("big", -1, kbool(true), in(I_N, PT_NUM));
  when_rule("small", -1, kbool(true), in(I_M, PT_NUM));
  plan_flat_items();
  P.has_range = true;
  P.range_lo = 0;
  P.range_hi = 100;
  set_num(I_N, 90);
  set_num(I_M, 30);
  score();
  assert_true(R->score == 100);
  set_num(I_N, -90);
  score();
  assert_true(R->score == 0);
  P.has_range = false;
  set_num(I_N, 0.01);
  set_num(I_M, 0.005);        /* 0.015 in doubles is below the tie: 0.01 */
  score();
  assert_true(R->score == lc_rt_round2(0.01 + 0.005));
  set_num(I_N, -9.875);
  set_num(I_M, 0);
  score();
  assert_true(R->score == -9.88);
}

/* Terms are added in declaration order: with these values another order gives other bits. */
static void test_addition_order(void **state) {
  plan_rules(3);
  when_rule("a", -1, kbool(true), knum(1e16));
  when_rule("b", -1, kbool(true), knum(1));
  when_rule("c", -1, kbool(true), knum(-1e16));
  plan_flat_items();
  score();
  double want = 0.0;
  want += 1e16;
  want += 1;
  want += -1e16;
  assert_true(R->score == want);
  assert_true(R->score == 0);   /* 1e16 + 1 rounds back to 1e16 */
}

static lc_pexpr *tier_when(lc_pop op, lc_pexpr *a, double v) { return cmp(op, a, knum(v)); }

static void test_tiers(void **state) {
  plan_rules(2);
  when_rule("fit", 0, kbool(true), in(I_N, PT_NUM));
  when_rule("eng", -1, kbool(true), in(I_M, PT_NUM));
  plan_groups(1);
  P.groups[0] = (lc_pgroup){"fit", false, false, 0, 0};
  plan_items(2, (lc_pitem[]){{true, 0}, {false, 1}});
  lc_pexpr *gt = mk(P_GROUP_TOTAL, PT_NUM);
  gt->index = 0;
  lc_ptier tiers[] = {
    {"sql", tier_when(P_GE, mk(P_SCORE, PT_NUM), 80)},
    {"fit", tier_when(P_GE, gt, 30)},
    {"mql", bin(P_OR, PT_BOOL, tier_when(P_GE, mk(P_SCORE, PT_NUM), 50), cmp(P_EQ, in(I_B, PT_BOOL), kbool(true)))},
    {"lead", NULL},
  };
  P.tiers = tiers;
  P.ntiers = 4;
  set_num(I_N, 49.996);       /* the group total 49.996 rounds to 50 */
  set_num(I_M, 30);
  score();
  assert_true(R->groups[0] == 50);
  assert_int_equal(R->tier, 0);  /* score 79.996 rounds to 80: tiers see the rounded score */
  set_num(I_N, 29.996);       /* tiers see the group total rounded to 30 */
  set_num(I_M, 0);
  score();
  assert_true(R->groups[0] == 30);
  assert_int_equal(R->tier, 1);
  set_num(I_N, 10);
  score();
  assert_int_equal(R->tier, 3);   /* b missing: `or` is missing, which counts as false */
  set_b(I_B, true);
  score();
  assert_int_equal(R->tier, 2);
  P.ntiers = 3;
  set_b(I_B, false);
  score();
  assert_int_equal(R->tier, -1);
}

/* ---- output rows */

static void assert_points(double v, const char *want) {
  lc_sb sb = {0};
  lc_write_points(&sb, v);
  assert_string_equal(lc_sb_cstr(&sb), want);
  lc_sb_free(&sb);
}

static void test_write_points(void **state) {
  assert_points(42.26, "42.26");
  assert_points(lc_rt_round2(35 + 7.2585), "42.26");
  assert_points(7.26, "7.26");
  assert_points(35, "35");
  assert_points(-15, "-15");
  assert_points(0.5, "0.5");
  assert_points(0, "0");
  assert_points(-0.0, "0");
  assert_points(1e6, "1000000");
  assert_points(-9.88, "-9.88");
  assert_points(NAN, "null");
}

static void explain_plan(void) {
  plan_rules(3);
  when_rule("exec_title", 0, kbool(true), knum(20));
  when_rule("tiny", 0, kbool(false), knum(-20));
  each_rule("views", -1, NULL, knum(5))->decay = LC_DECAY_HALF_LIFE;
  P.rules[2].decay_us = 14 * DAY;
  plan_groups(1);
  P.groups[0] = (lc_pgroup){"fit", true, false, 50, 0};
  plan_items(2, (lc_pitem[]){{true, 0}, {false, 2}});
  static lc_ptier tiers[] = {{"lead", NULL}};
  P.tiers = tiers;
  P.ntiers = 1;
  event(K_PAGE_VIEW, NULL, NAN, 1);
  event(K_PAGE_VIEW, NULL, NAN, 14);
  set_str(I_ID, "L\"1");
}

static void test_write_rows(void **state) {
  explain_plan();
  score();
  lc_sb sb = {0};
  lc_row_opts o = {LC_OUT_NDJSON, false, false, ','};
  lc_write_row(&sb, &P, &o, rec, 3, R, NULL, 0);
  assert_string_equal(lc_sb_cstr(&sb), "{\"id\":\"L\\\"1\",\"score\":27.26,\"tier\":\"lead\"}\n");
  sb.len = 0;
  o.explain = true;
  lc_write_row(&sb, &P, &o, rec, 3, R, NULL, 0);
  assert_string_equal(lc_sb_cstr(&sb), "{\"id\":\"L\\\"1\",\"score\":27.26,\"tier\":\"lead\","
                                       "\"groups\":{\"fit\":20},\"rules\":{\"exec_title\":20,\"views\":7.26}}\n");
  sb.len = 0;
  o.explain = false;
  o.passthrough = true;
  const char *raw = "{\"id\": \"x\", \"extra\": [1]} \r\n";
  lc_write_row(&sb, &P, &o, rec, 3, R, raw, strlen(raw));
  assert_string_equal(lc_sb_cstr(&sb), "{\"id\": \"x\", \"extra\": [1],\"score\":27.26,\"tier\":\"lead\"}\n");
  sb.len = 0;
  lc_write_row(&sb, &P, &o, rec, 3, R, "{ }", 3);
  assert_string_equal(lc_sb_cstr(&sb), "{\"score\":27.26,\"tier\":\"lead\"}\n");

  sb.len = 0;
  o = (lc_row_opts){LC_OUT_CSV, true, false, ';'};
  lc_write_header(&sb, &P, &o);
  lc_write_row(&sb, &P, &o, rec, 3, R, NULL, 0);
  assert_string_equal(lc_sb_cstr(&sb), "id;score;tier;fit;exec_title;tiny;views\n"
                                       "\"L\"\"1\";27.26;lead;20;20;;7.26\n");

  P.key_slot = LC_NO_SLOT;
  P.ntiers = 0;
  sb.len = 0;
  o = (lc_row_opts){LC_OUT_NDJSON, false, false, ','};
  lc_write_row(&sb, &P, &o, rec, 12, R, NULL, 0);
  assert_string_equal(lc_sb_cstr(&sb), "{\"line\":12,\"score\":27.26}\n");
  sb.len = 0;
  o.format = LC_OUT_CSV;
  lc_write_header(&sb, &P, &o);
  lc_write_row(&sb, &P, &o, rec, 12, R, NULL, 0);
  assert_string_equal(lc_sb_cstr(&sb), "line,score\n12,27.26\n");
  lc_sb_free(&sb);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
    T(test_missing_propagates), T(test_three_valued_logic), T(test_coalesce_and_is),
    T(test_comparisons), T(test_membership), T(test_string_tests), T(test_matches),
    T(test_arithmetic), T(test_builtins),
    T(test_aggregates_empty), T(test_aggregates), T(test_first_last_ties),
    T(test_within_then_where), T(test_point_in_time),
    T(test_when_rules_fire), T(test_each_half_life), T(test_each_linear_step),
    T(test_each_nothing_matches), T(test_when_decay_since), T(test_caps_floors),
    T(test_group_floor_without_fires), T(test_score_range_and_rounding), T(test_addition_order),
    T(test_tiers), T(test_write_points), T(test_write_rows),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
