/* The LLVM JIT against the reference interpreter: every result field must be byte-identical.
 *
 * Plans are built by hand here, so the test exercises the backend without the front end: a fixed
 * record shape (an input with a list of events, each with a list of items), then
 *   - hand-written models for the features one at a time (operators, missing values, each rules
 *     with decay and windows, aggregates, caps and floors, tiers), and
 *   - random models: typed random expression trees over the same shape, in rules, groups and
 *     tiers, scored over random records whose values come from small pools full of edge cases
 *     (missing values, -0.0, huge numbers that overflow to missing, timestamps after as_of or
 *     exactly on a window edge, empty lists, non-ASCII strings).
 * Each model is also compiled at every optimisation level and with tiny chunks, and must give
 * the same bits every time. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "backend/backend.h"
#include "backend/interp.h"
#include "backend/llvm/llvm_backend.h"
#include "front/frontend.h"
#include "plan/lower.h"
#include "plan/plan.h"
#include "plan/plan_dump.h"
#include "runtime/reader.h"
#include "runtime/scratch.h"
#include "util/arena.h"
#include "util/strbuf.h"

#define DAY 86400000000LL
#define AS_OF 1717200000000000LL    /* 2024-06-01T00:00:00Z */

/* ---- the record shape */

enum { IN_ID, IN_N1, IN_N2, IN_S1, IN_S2, IN_T1, IN_D1, IN_E1, IN_B1, IN_EVENTS, IN_CREATED, IN_NSLOTS };
enum { EV_KIND, EV_URL, EV_MIN, EV_AT, EV_ITEMS, EV_NSLOTS };
enum { IT_V, IT_AT, IT_NSLOTS };
enum { REC_INPUT, REC_EVENT, REC_ITEM, NRECORDS };

typedef struct fieldinfo { uint32_t rec, slot; lc_ptype type; uint32_t elem; } fieldinfo;

static const fieldinfo fields[] = {
  {REC_INPUT, IN_ID, PT_STR, 0},     {REC_INPUT, IN_N1, PT_NUM, 0},   {REC_INPUT, IN_N2, PT_NUM, 0},
  {REC_INPUT, IN_S1, PT_STR, 0},     {REC_INPUT, IN_S2, PT_STR, 0},   {REC_INPUT, IN_T1, PT_TIME, 0},
  {REC_INPUT, IN_D1, PT_DUR, 0},     {REC_INPUT, IN_E1, PT_ENUM, 0},  {REC_INPUT, IN_B1, PT_BOOL, 0},
  {REC_INPUT, IN_EVENTS, PT_LIST, REC_EVENT},                         {REC_INPUT, IN_CREATED, PT_TIME, 0},
  {REC_EVENT, EV_KIND, PT_ENUM, 0},  {REC_EVENT, EV_URL, PT_STR, 0},  {REC_EVENT, EV_MIN, PT_NUM, 0},
  {REC_EVENT, EV_AT, PT_TIME, 0},    {REC_EVENT, EV_ITEMS, PT_LIST, REC_ITEM},
  {REC_ITEM, IT_V, PT_NUM, 0},       {REC_ITEM, IT_AT, PT_TIME, 0},
};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

static const uint32_t rec_nslots[NRECORDS] = {IN_NSLOTS, EV_NSLOTS, IT_NSLOTS};
static const uint32_t rec_ts[NRECORDS] = {LC_NO_SLOT, EV_AT, IT_AT};

static const char *const str_pool[] = {
  "", "a", "abc", "/pricing", "/pricing/team", "/careers", "ACME", "acme.io", "ann@acme.io",
  "bob@GMAIL.com", "Ølen DIREKTØR", "  padded\t", "asdfgh", "qwerty", "no-at-sign", "ann@", "@x",
};
enum { NSTR = sizeof str_pool / sizeof str_pool[0] };
static const double num_pool[] = {0, 1, -1, 2.5, 10, 100, 0.1, 0.015, 0.125, -9.875, 1e300, -0.0,
                                  3, 7.25, 1e-300, 36, 50, 4999.5, -20};
enum { NNUM = sizeof num_pool / sizeof num_pool[0] };
static const int64_t dur_pool[] = {0, DAY, 14 * DAY, 30 * DAY, -5 * DAY, 3600000000LL, INT64_MAX / 2,
                                   60 * DAY, 1};
enum { NDUR = sizeof dur_pool / sizeof dur_pool[0] };
static const int64_t time_offsets[] = {0, -DAY, -14 * DAY, -30 * DAY, -60 * DAY, DAY, 10 * DAY, -1,
                                       -100 * DAY, -7 * DAY - 12 * 3600000000LL};
enum { NTIME = sizeof time_offsets / sizeof time_offsets[0] };

/* ---- random numbers (xorshift64*, deterministic per seed) */

static uint64_t rng_state;
/* xorshift never leaves 0: every test seeds before it draws. */
static void seed(uint64_t s) { rng_state = s * 0x9E3779B97F4A7C15ULL | 1; }
static uint64_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}
static uint32_t pick(uint32_t n) { return (uint32_t)(rnd() % n); }
static bool chance(uint32_t percent) { return pick(100) < percent; }

/* ---- plan building */

typedef struct model {
  lc_arena arena;
  lc_plan plan;
  lc_record_desc recs[NRECORDS];
  lc_prule rules[64];
  lc_pgroup groups[4];
  lc_pitem items[72];
  lc_ptier tiers[4];
  lc_regex *regexes[3];
  const char *regex_src[3];
  uint32_t regex_flags[3];
  lc_strset *strsets[2];
  lc_str *strset_items[2];
  uint32_t strset_n[2];
} model;

static lc_pexpr *node(model *m, lc_pop op, lc_ptype t) {
  lc_pexpr *e = LC_NEW(&m->arena, lc_pexpr);
  e->op = op;
  e->type = t;
  e->id = m->plan.nexprs++;
  return e;
}
static lc_pexpr *k_num(model *m, double d) { lc_pexpr *e = node(m, P_CONST, PT_NUM); e->k.num = d; return e; }
static lc_pexpr *k_bool(model *m, bool b) { lc_pexpr *e = node(m, P_CONST, PT_BOOL); e->k.b = b; return e; }
static lc_pexpr *k_us(model *m, lc_ptype t, int64_t us) { lc_pexpr *e = node(m, P_CONST, t); e->k.us = us; return e; }
static lc_pexpr *k_enum(model *m, int64_t i) { lc_pexpr *e = node(m, P_CONST, PT_ENUM); e->k.i = i; return e; }
static lc_pexpr *k_str(model *m, const char *s) {
  lc_pexpr *e = node(m, P_CONST, PT_STR);
  e->k.str = (lc_str){lc_arena_strdup(&m->arena, s), (uint32_t)strlen(s)};
  return e;
}
static lc_pexpr *field(model *m, uint32_t level, uint32_t slot, lc_ptype t) {
  lc_pexpr *e = node(m, P_FIELD, t);
  e->field.level = level;
  e->field.slot = slot;
  return e;
}
static lc_pexpr *op1(model *m, lc_pop op, lc_ptype t, lc_pexpr *a) { lc_pexpr *e = node(m, op, t); e->a = a; return e; }
static lc_pexpr *op2(model *m, lc_pop op, lc_ptype t, lc_pexpr *a, lc_pexpr *b) {
  lc_pexpr *e = node(m, op, t);
  e->a = a;
  e->b = b;
  return e;
}
static lc_pexpr *call(model *m, lc_builtin f, lc_ptype t, lc_pexpr *a, lc_pexpr *b, lc_pexpr *c) {
  lc_pexpr *e = node(m, P_CALL, t);
  e->builtin = f;
  e->a = a;
  e->b = b;
  e->c = c;
  e->nargs = c ? 3 : b ? 2 : 1;
  return e;
}
static lc_pexpr *agg(model *m, lc_aggkind k, lc_ptype t, lc_pexpr *list, uint32_t elem, uint32_t level,
                     lc_pexpr *within, lc_pexpr *where, lc_pexpr *proj) {
  lc_pexpr *e = node(m, P_AGG, t);
  e->agg.kind = k;
  e->agg.list = list;
  e->agg.elem = elem;
  e->agg.level = level;
  e->agg.within = within;
  e->agg.where = where;
  e->agg.proj = proj;
  return e;
}

static void model_init(model *m) {
  memset(m, 0, sizeof *m);
  lc_arena_init(&m->arena);
  lc_plan *p = &m->plan;
  p->arena = &m->arena;
  p->model_name = "test";
  static const char *const names[NRECORDS] = {"lead", "event", "item"};
  for (int r = 0; r < NRECORDS; r++)
    m->recs[r] = (lc_record_desc){.name = names[r], .nslots = rec_nslots[r], .timestamp_slot = rec_ts[r]};
  p->records = m->recs;
  p->nrecords = NRECORDS;
  p->key_slot = IN_ID;
  p->rules = m->rules;
  p->groups = m->groups;
  p->items = m->items;
  p->tiers = m->tiers;

  static const char *const res[] = {"\\bacme\\b", "^/pricing", "ø"};
  static const uint32_t flags[] = {LC_RE_CASELESS, 0, LC_RE_CASELESS};
  for (int i = 0; i < 3; i++) {
    size_t off;
    char msg[128];
    m->regexes[i] = lc_regex_compile(res[i], strlen(res[i]), flags[i], &off, msg, sizeof msg);
    assert_non_null(m->regexes[i]);
    m->regex_src[i] = res[i];
    m->regex_flags[i] = flags[i];
  }
  p->regexes = m->regexes;
  p->regex_src = m->regex_src;
  p->regex_flags = m->regex_flags;
  p->nregexes = 3;

  /* a small set (inlined as a switch by the JIT) and a large one (the runtime's hash set) */
  static const uint32_t sizes[2] = {4, NSTR};
  for (int s = 0; s < 2; s++) {
    m->strset_items[s] = LC_NEW_ARRAY(&m->arena, lc_str, sizes[s]);
    for (uint32_t i = 0; i < sizes[s]; i++) {
      const char *str = str_pool[(i * 3 + s) % NSTR];
      m->strset_items[s][i] = (lc_str){str, (uint32_t)strlen(str)};
    }
    m->strset_n[s] = sizes[s];
    m->strsets[s] = lc_strset_new(m->strset_items[s], sizes[s]);
  }
  p->strsets = m->strsets;
  p->strset_items = m->strset_items;
  p->strset_n = m->strset_n;
  p->nstrsets = 2;
}

static void model_free(model *m) {
  lc_plan_free(&m->plan);
  lc_arena_free(&m->arena);
}

static lc_prule *add_rule(model *m, const char *name, int32_t group) {
  lc_plan *p = &m->plan;
  lc_prule *r = &m->rules[p->nrules];
  memset(r, 0, sizeof *r);
  r->name = name;
  r->group = group;
  if (group < 0) m->items[p->nitems++] = (lc_pitem){false, p->nrules};
  p->nrules++;
  return r;
}

static int32_t add_group(model *m, const char *name) {
  lc_plan *p = &m->plan;
  m->groups[p->ngroups] = (lc_pgroup){.name = name};
  m->items[p->nitems++] = (lc_pitem){true, p->ngroups};
  return (int32_t)p->ngroups++;
}

static void add_tier(model *m, const char *name, lc_pexpr *cond) {
  m->tiers[m->plan.ntiers++] = (lc_ptier){name, cond};
}

/* ---- random expressions: typed trees over the fields visible in a scope */

typedef struct scope { uint32_t rec[4]; uint32_t n; bool tier; } scope;

static lc_pexpr *gen(model *m, lc_ptype t, int depth, const scope *sc);

static lc_pexpr *gen_field(model *m, lc_ptype t, const scope *sc) {
  uint32_t cands[NFIELDS * 4][2], n = 0;
  for (uint32_t l = 0; l < sc->n; l++)
    for (uint32_t f = 0; f < NFIELDS; f++)
      if (fields[f].rec == sc->rec[l] && fields[f].type == t) {
        cands[n][0] = l;
        cands[n++][1] = f;
      }
  if (!n) return NULL;
  uint32_t c = pick(n);
  return field(m, cands[c][0], fields[cands[c][1]].slot, t);
}

static lc_pexpr *gen_const(model *m, lc_ptype t) {
  switch (t) {
  case PT_NUM: return k_num(m, num_pool[pick(NNUM)]);
  case PT_BOOL: return k_bool(m, chance(50));
  case PT_STR: return k_str(m, str_pool[pick(NSTR)]);
  case PT_TIME: return k_us(m, PT_TIME, AS_OF + time_offsets[pick(NTIME)]);
  case PT_DUR: return k_us(m, PT_DUR, dur_pool[pick(NDUR)]);
  case PT_ENUM: return k_enum(m, pick(4));
  case PT_LIST: break;
  }
  return NULL;
}

static lc_pexpr *leaf(model *m, lc_ptype t, const scope *sc) {
  lc_pexpr *e = chance(60) ? gen_field(m, t, sc) : NULL;
  return e ? e : gen_const(m, t);
}

/* An aggregate over a list visible in sc; where/projection see the element one level deeper. */
static lc_pexpr *gen_agg(model *m, lc_ptype t, int depth, const scope *sc) {
  if (sc->n >= 3) return NULL;
  uint32_t cands[4][2], n = 0;
  for (uint32_t l = 0; l < sc->n; l++)
    for (uint32_t f = 0; f < NFIELDS; f++)
      if (fields[f].rec == sc->rec[l] && fields[f].type == PT_LIST) {
        cands[n][0] = l;
        cands[n++][1] = f;
      }
  if (!n) return NULL;
  uint32_t c = pick(n);
  const fieldinfo *lf = &fields[cands[c][1]];
  scope inner = *sc;
  inner.rec[inner.n++] = lf->elem;
  lc_pexpr *list = field(m, cands[c][0], lf->slot, PT_LIST);
  lc_pexpr *within = chance(30) ? (chance(70) ? gen_const(m, PT_DUR) : gen(m, PT_DUR, 1, sc)) : NULL;
  lc_pexpr *where = chance(70) ? gen(m, PT_BOOL, depth - 1, &inner) : NULL;
  lc_aggkind kind;
  lc_ptype pt = t;
  switch (t) {
  case PT_BOOL: kind = (lc_aggkind[]){AGG_ANY, AGG_ALL, AGG_NONE}[pick(3)]; break;
  case PT_NUM: {
    static const lc_aggkind k[] = {AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX, AGG_AVG, AGG_FIRST,
                                   AGG_LAST, AGG_COUNT_DISTINCT};
    kind = k[pick(8)];
    if (kind == AGG_COUNT_DISTINCT) pt = (lc_ptype[]){PT_NUM, PT_STR, PT_TIME, PT_ENUM}[pick(4)];
    break;
  }
  default: kind = (lc_aggkind[]){AGG_MIN, AGG_MAX, AGG_FIRST, AGG_LAST}[pick(4)]; break;
  }
  lc_pexpr *proj = NULL;
  if (kind != AGG_COUNT && kind != AGG_ANY && kind != AGG_ALL && kind != AGG_NONE) {
    proj = gen(m, pt, depth - 1, &inner);
    if (chance(70)) {
      lc_pexpr *f = gen_field(m, pt, &(scope){{lf->elem}, 1, false});
      if (f) {
        f->field.level = inner.n - 1;
        proj = f;
      }
    }
  }
  return agg(m, kind, t, list, lf->elem, inner.n - 1, within, where, proj);
}

static lc_ptype any_ordered(void) { return (lc_ptype[]){PT_NUM, PT_STR, PT_TIME, PT_DUR}[pick(4)]; }
static lc_ptype any_scalar(void) {
  return (lc_ptype[]){PT_NUM, PT_STR, PT_TIME, PT_DUR, PT_ENUM, PT_BOOL}[pick(6)];
}

static lc_pexpr *in_nums(model *m, const scope *sc, int depth) {
  lc_ptype t = (lc_ptype[]){PT_NUM, PT_ENUM, PT_TIME, PT_BOOL}[pick(4)];
  lc_pexpr *e = op1(m, P_IN_NUMS, PT_BOOL, gen(m, t, depth - 1, sc));
  uint32_t n = chance(30) ? 20 + pick(10) : 1 + pick(5);
  double *nums = LC_NEW_ARRAY(&m->arena, double, n);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    double v = t == PT_NUM ? num_pool[pick(NNUM)] + (double)pick(3)
             : t == PT_TIME ? (double)(AS_OF + time_offsets[pick(NTIME)])
             : (double)pick(t == PT_BOOL ? 2 : 6);
    if (v == 0) v = 0;      /* the plan holds no -0.0 */
    uint32_t j = 0;
    while (j < k && nums[j] < v) j++;
    if (j < k && nums[j] == v) continue;
    memmove(nums + j + 1, nums + j, sizeof *nums * (k - j));
    nums[j] = v;
    k++;
  }
  e->nums = nums;
  e->nnums = k;
  return e;
}

static lc_pexpr *gen_bool(model *m, int depth, const scope *sc) {
  switch (pick(14)) {
  case 0: return op1(m, P_NOT, PT_BOOL, gen(m, PT_BOOL, depth - 1, sc));
  case 1: return op2(m, P_AND, PT_BOOL, gen(m, PT_BOOL, depth - 1, sc), gen(m, PT_BOOL, depth - 1, sc));
  case 2: return op2(m, P_OR, PT_BOOL, gen(m, PT_BOOL, depth - 1, sc), gen(m, PT_BOOL, depth - 1, sc));
  case 3: case 4: {
    lc_ptype t = any_scalar();
    lc_pop op = (lc_pop)(P_EQ + pick(6));
    return op2(m, op, PT_BOOL, gen(m, t, depth - 1, sc), gen(m, t, depth - 1, sc));
  }
  case 5: return op1(m, chance(50) ? P_IS_MISSING : P_IS_PRESENT, PT_BOOL, gen(m, any_scalar(), depth - 1, sc));
  case 6: {
    lc_ptype t = any_ordered();
    lc_pexpr *e = op2(m, P_IN_RANGE, PT_BOOL, gen(m, t, depth - 1, sc), gen(m, t, depth - 1, sc));
    e->c = gen(m, t, depth - 1, sc);
    return e;
  }
  case 7: {
    lc_pexpr *e = op1(m, P_IN_STRSET, PT_BOOL, gen(m, PT_STR, depth - 1, sc));
    e->index = pick(2);
    return e;
  }
  case 8: return in_nums(m, sc, depth);
  case 9: {
    lc_pop op = (lc_pop)(P_STARTS_WITH + pick(3));
    lc_pexpr *fix = chance(60) ? k_str(m, str_pool[pick(NSTR)]) : gen(m, PT_STR, depth - 1, sc);
    return op2(m, op, PT_BOOL, gen(m, PT_STR, depth - 1, sc), fix);
  }
  case 10: {
    lc_pexpr *e = op1(m, P_MATCHES, PT_BOOL, gen(m, PT_STR, depth - 1, sc));
    e->index = pick(3);
    return e;
  }
  case 11: return op2(m, P_COALESCE, PT_BOOL, gen(m, PT_BOOL, depth - 1, sc), gen(m, PT_BOOL, depth - 1, sc));
  default: {
    lc_pexpr *a = gen_agg(m, PT_BOOL, depth, sc);
    return a ? a : leaf(m, PT_BOOL, sc);
  }
  }
}

static lc_pexpr *gen_num(model *m, int depth, const scope *sc) {
  if (sc->tier && chance(25)) {
    if (m->plan.ngroups && chance(50)) {
      lc_pexpr *e = node(m, P_GROUP_TOTAL, PT_NUM);
      e->index = pick(m->plan.ngroups);
      return e;
    }
    return node(m, P_SCORE, PT_NUM);
  }
  switch (pick(13)) {
  case 0: case 1: return op2(m, (lc_pop)(P_ADD + pick(5)), PT_NUM, gen(m, PT_NUM, depth - 1, sc), gen(m, PT_NUM, depth - 1, sc));
  case 2: return op1(m, P_NEG, PT_NUM, gen(m, PT_NUM, depth - 1, sc));
  case 3: {
    static const lc_builtin f[] = {B_ABS, B_ROUND, B_FLOOR, B_CEIL, B_LOG, B_SQRT};
    return call(m, f[pick(6)], PT_NUM, gen(m, PT_NUM, depth - 1, sc), NULL, NULL);
  }
  case 4: return call(m, chance(50) ? B_LEN : B_KEYBOARD_RUN, PT_NUM, gen(m, PT_STR, depth - 1, sc), NULL, NULL);
  case 5: return call(m, B_ROUND_DIGITS, PT_NUM, gen(m, PT_NUM, depth - 1, sc), k_num(m, (double)pick(5)), NULL);
  case 6: return call(m, chance(50) ? B_DAYS_SINCE : B_HOURS_SINCE, PT_NUM, gen(m, PT_TIME, depth - 1, sc), NULL, NULL);
  case 7: return op2(m, P_DIV, PT_NUM, gen(m, PT_DUR, depth - 1, sc), gen(m, PT_DUR, depth - 1, sc));
  case 8: return op2(m, P_COALESCE, PT_NUM, gen(m, PT_NUM, depth - 1, sc), gen(m, PT_NUM, depth - 1, sc));
  case 9: case 10: {
    lc_pexpr *a = gen_agg(m, PT_NUM, depth, sc);
    return a ? a : leaf(m, PT_NUM, sc);
  }
  default: return leaf(m, PT_NUM, sc);
  }
}

static lc_pexpr *gen_ordered_call(model *m, lc_ptype t, int depth, const scope *sc) {
  if (chance(50))
    return call(m, chance(50) ? B_MIN : B_MAX, t, gen(m, t, depth - 1, sc), gen(m, t, depth - 1, sc), NULL);
  return call(m, B_CLAMP, t, gen(m, t, depth - 1, sc), gen(m, t, depth - 1, sc), gen(m, t, depth - 1, sc));
}

/* Expressions generated so far at the input level and at an event's level, by type: rules repeat
 * themselves (the same call in several rules, shared or copied), which is what the JIT's sharing
 * of common values has to get right. */
typedef struct pool { lc_pexpr *e[2][PT_LIST + 1][32]; uint32_t n[2][PT_LIST + 1]; } pool;
static pool exprs_seen;

static lc_pexpr *copy_expr(model *m, const lc_pexpr *e) {
  if (!e) return NULL;
  lc_pexpr *c = node(m, e->op, e->type);
  uint32_t id = c->id;
  *c = *e;
  c->id = id;
  c->a = copy_expr(m, e->a);
  c->b = copy_expr(m, e->b);
  c->c = copy_expr(m, e->c);
  if (e->op == P_AGG) {
    c->agg.list = copy_expr(m, e->agg.list);
    c->agg.within = copy_expr(m, e->agg.within);
    c->agg.where = copy_expr(m, e->agg.where);
    c->agg.proj = copy_expr(m, e->agg.proj);
  }
  return c;
}

static lc_pexpr *gen_fresh(model *m, lc_ptype t, int depth, const scope *sc);

static lc_pexpr *gen(model *m, lc_ptype t, int depth, const scope *sc) {
  int at = sc->tier ? -1 : sc->n == 1 ? 0 : sc->n == 2 && sc->rec[1] == REC_EVENT ? 1 : -1;
  if (at >= 0 && exprs_seen.n[at][t] && chance(15)) {
    lc_pexpr *e = exprs_seen.e[at][t][pick(exprs_seen.n[at][t])];
    return chance(50) ? e : copy_expr(m, e);
  }
  lc_pexpr *e = gen_fresh(m, t, depth, sc);
  if (at >= 0 && exprs_seen.n[at][t] < 32) exprs_seen.e[at][t][exprs_seen.n[at][t]++] = e;
  return e;
}

static lc_pexpr *gen_fresh(model *m, lc_ptype t, int depth, const scope *sc) {
  if (depth <= 0 || chance(20)) return leaf(m, t, sc);
  switch (t) {
  case PT_BOOL: return gen_bool(m, depth, sc);
  case PT_NUM: return chance(15) ? gen_ordered_call(m, t, depth, sc) : gen_num(m, depth, sc);
  case PT_STR:
    switch (pick(6)) {
    case 0: return call(m, (lc_builtin[]){B_LOWER, B_UPPER, B_TRIM}[pick(3)], PT_STR, gen(m, PT_STR, depth - 1, sc), NULL, NULL);
    case 1: return call(m, chance(50) ? B_DOMAIN : B_LOCAL_PART, PT_STR, gen(m, PT_STR, depth - 1, sc), NULL, NULL);
    case 2: return op2(m, P_COALESCE, PT_STR, gen(m, PT_STR, depth - 1, sc), gen(m, PT_STR, depth - 1, sc));
    case 3: return gen_ordered_call(m, t, depth, sc);
    case 4: { lc_pexpr *a = gen_agg(m, PT_STR, depth, sc); return a ? a : leaf(m, t, sc); }
    default: return leaf(m, t, sc);
    }
  case PT_TIME:
    switch (pick(5)) {
    case 0: return op2(m, chance(50) ? P_ADD : P_SUB, PT_TIME, gen(m, PT_TIME, depth - 1, sc), gen(m, PT_DUR, depth - 1, sc));
    case 1: return op2(m, P_COALESCE, PT_TIME, gen(m, PT_TIME, depth - 1, sc), gen(m, PT_TIME, depth - 1, sc));
    case 2: return gen_ordered_call(m, t, depth, sc);
    case 3: { lc_pexpr *a = gen_agg(m, PT_TIME, depth, sc); return a ? a : leaf(m, t, sc); }
    default: return leaf(m, t, sc);
    }
  case PT_DUR:
    switch (pick(7)) {
    case 0: return op2(m, P_SUB, PT_DUR, gen(m, PT_TIME, depth - 1, sc), gen(m, PT_TIME, depth - 1, sc));
    case 1: return op2(m, chance(50) ? P_ADD : P_SUB, PT_DUR, gen(m, PT_DUR, depth - 1, sc), gen(m, PT_DUR, depth - 1, sc));
    case 2: return chance(50) ? op2(m, P_MUL, PT_DUR, gen(m, PT_DUR, depth - 1, sc), gen(m, PT_NUM, depth - 1, sc))
                              : op2(m, P_MUL, PT_DUR, gen(m, PT_NUM, depth - 1, sc), gen(m, PT_DUR, depth - 1, sc));
    case 3: return op2(m, P_DIV, PT_DUR, gen(m, PT_DUR, depth - 1, sc), gen(m, PT_NUM, depth - 1, sc));
    case 4: return op1(m, P_NEG, PT_DUR, gen(m, PT_DUR, depth - 1, sc));
    case 5: return call(m, B_AGE, PT_DUR, gen(m, PT_TIME, depth - 1, sc), NULL, NULL);
    default: return leaf(m, t, sc);
    }
  case PT_ENUM: return leaf(m, t, sc);
  case PT_LIST: break;
  }
  return leaf(m, t, sc);
}

static void random_limits(bool *has_cap, double *cap, bool *has_floor, double *floor) {
  *has_cap = chance(30);
  *cap = (double)pick(40);
  *has_floor = chance(20);
  *floor = -(double)pick(30);
}

static void random_model(model *m, uint32_t nrules) {
  model_init(m);
  memset(&exprs_seen, 0, sizeof exprs_seen);
  static const char *const gnames[] = {"fit", "engagement", "risk"};
  uint32_t ngroups = pick(4);
  int32_t groups[3];
  for (uint32_t g = 0; g < ngroups; g++) {
    groups[g] = add_group(m, gnames[g]);
    lc_pgroup *gr = &m->groups[groups[g]];
    random_limits(&gr->has_cap, &gr->cap, &gr->has_floor, &gr->floor);
  }
  scope top = {{REC_INPUT}, 1, false};
  scope ev = {{REC_INPUT, REC_EVENT}, 2, false};
  for (uint32_t i = 0; i < nrules; i++) {
    char *name = lc_arena_printf(&m->arena, "r%u", i);
    lc_prule *r = add_rule(m, name, ngroups && chance(60) ? groups[pick(ngroups)] : -1);
    random_limits(&r->has_cap, &r->cap, &r->has_floor, &r->floor);
    r->each = chance(40);
    if (chance(40)) {
      r->decay = (lc_decay)(1 + pick(3));
      r->decay_us = (int64_t)(1 + pick(60)) * DAY;
    }
    if (r->each) {
      r->list = field(m, 0, IN_EVENTS, PT_LIST);
      r->elem = REC_EVENT;
      r->level = 1;
      r->cond = chance(80) ? gen(m, PT_BOOL, 3, &ev) : NULL;
      r->within = chance(30) ? gen(m, PT_DUR, 1, &top) : NULL;
      r->points = chance(50) ? k_num(m, num_pool[pick(NNUM)]) : gen(m, PT_NUM, 2, &ev);
    } else {
      r->cond = gen(m, PT_BOOL, 4, &top);
      r->points = chance(50) ? k_num(m, (double)pick(41) - 20) : gen(m, PT_NUM, 3, &top);
      if (r->decay) r->since = gen(m, PT_TIME, 2, &top);
    }
  }
  m->plan.has_range = chance(60);
  m->plan.range_lo = chance(50) ? 0 : -50;
  m->plan.range_hi = 100;
  scope tier = {{REC_INPUT}, 1, true};
  uint32_t ntiers = pick(4);
  for (uint32_t t = 0; t < ntiers; t++)
    add_tier(m, (const char *[]){"sql", "mql", "lead", "cold"}[t],
             t + 1 == ntiers && chance(50) ? NULL : gen(m, PT_BOOL, 3, &tier));
}

/* ---- random records */

typedef struct rec_buf { uint8_t *mem[64]; uint32_t n; } rec_buf;

static uint8_t *alloc_rec(rec_buf *rb, uint32_t rec, uint32_t count) {
  uint8_t *p = calloc(count ? count : 1, LC_RECORD_SIZE(rec_nslots[rec]));
  assert_non_null(p);
  assert_true(rb->n < 64);
  rb->mem[rb->n++] = p;
  return p;
}

static lc_slot *slot_at(uint8_t *r, uint32_t rec, uint32_t slot) {
  return (lc_slot *)(r + LC_SLOT_OFFSET(rec_nslots[rec], slot));
}

static void set_str(uint8_t *r, uint32_t rec, uint32_t slot) {
  const char *s = str_pool[pick(NSTR)];
  r[slot] = 1;
  slot_at(r, rec, slot)->str = (lc_str){s, (uint32_t)strlen(s)};
}
static void set_num(uint8_t *r, uint32_t rec, uint32_t slot) { r[slot] = 1; slot_at(r, rec, slot)->num = num_pool[pick(NNUM)]; }
static void set_time(uint8_t *r, uint32_t rec, uint32_t slot) {
  r[slot] = 1;
  slot_at(r, rec, slot)->us = AS_OF + time_offsets[pick(NTIME)] + (chance(50) ? -(int64_t)pick(90) * DAY : 0);
}

static void random_list(rec_buf *rb, uint8_t *owner, uint32_t owner_rec, uint32_t slot, uint32_t elem) {
  uint32_t n = chance(15) ? 0 : pick(7);
  uint8_t *items = alloc_rec(rb, elem, n);
  for (uint32_t i = 0; i < n; i++) {
    uint8_t *e = items + (size_t)i * LC_RECORD_SIZE(rec_nslots[elem]);
    if (elem == REC_EVENT) {
      e[EV_KIND] = 1;
      slot_at(e, elem, EV_KIND)->i = pick(4);
      if (chance(80)) set_str(e, elem, EV_URL);
      if (chance(70)) set_num(e, elem, EV_MIN);
      if (chance(90)) set_time(e, elem, EV_AT);
      e[EV_ITEMS] = 1;
      if (chance(50)) random_list(rb, e, elem, EV_ITEMS, REC_ITEM);
    } else {
      if (chance(80)) set_num(e, elem, IT_V);
      if (chance(90)) set_time(e, elem, IT_AT);
    }
  }
  owner[slot] = 1;
  slot_at(owner, owner_rec, slot)->list = (lc_list){items, n};
}

static uint8_t *random_record(rec_buf *rb) {
  uint8_t *r = alloc_rec(rb, REC_INPUT, 1);
  set_str(r, REC_INPUT, IN_ID);
  if (chance(80)) set_num(r, REC_INPUT, IN_N1);
  if (chance(80)) set_num(r, REC_INPUT, IN_N2);
  if (chance(80)) set_str(r, REC_INPUT, IN_S1);
  if (chance(80)) set_str(r, REC_INPUT, IN_S2);
  if (chance(80)) set_time(r, REC_INPUT, IN_T1);
  if (chance(80)) { r[IN_D1] = 1; slot_at(r, REC_INPUT, IN_D1)->us = dur_pool[pick(NDUR)]; }
  r[IN_E1] = 1;
  slot_at(r, REC_INPUT, IN_E1)->i = pick(3);
  if (chance(80)) { r[IN_B1] = 1; slot_at(r, REC_INPUT, IN_B1)->b = chance(50); }
  set_time(r, REC_INPUT, IN_CREATED);
  random_list(rb, r, REC_INPUT, IN_EVENTS, REC_EVENT);
  return r;
}

static void free_records(rec_buf *rb) {
  for (uint32_t i = 0; i < rb->n; i++) free(rb->mem[i]);
  rb->n = 0;
}

/* ---- comparing backends */

static lc_scorer *jit(const lc_plan *p, int opt_level, uint32_t chunk_rules) {
  char err[512] = "";
  lc_llvm_options o = {opt_level, opt_level + (chunk_rules == 1), chunk_rules, NULL};
  lc_scorer *s = lc_llvm_compile(p, &o, err, sizeof err);
  if (!s) fail_msg("JIT compile failed: %s", err);
  return s;
}

static lc_scorer *interp(const lc_plan *p) {
  char err[256];
  lc_scorer *s = lc_backend_interp.create(p, err, sizeof err);
  assert_non_null(s);
  return s;
}

/* The first difference, rules first, then groups, then the score (the most specific first);
 * false with msg filled when there is one. */
static bool same(const lc_plan *p, const lc_result *want, const lc_result *got, char *msg, size_t n) {
  for (uint32_t i = 0; i < p->nrules; i++) {
    if (want->fired[i] != got->fired[i])
      return snprintf(msg, n, "rule %s fired %d (interp) vs %d (jit)", p->rules[i].name, want->fired[i], got->fired[i]) < 0;
    if (memcmp(&want->rules[i], &got->rules[i], sizeof(double)) != 0)
      return snprintf(msg, n, "rule %s %.17g (interp) vs %.17g (jit)", p->rules[i].name, want->rules[i], got->rules[i]) < 0;
  }
  for (uint32_t g = 0; g < p->ngroups; g++)
    if (memcmp(&want->groups[g], &got->groups[g], sizeof(double)) != 0)
      return snprintf(msg, n, "group %u %.17g vs %.17g", g, want->groups[g], got->groups[g]) < 0;
  if (memcmp(&want->score, &got->score, sizeof(double)) != 0)
    return snprintf(msg, n, "score %.17g (interp) vs %.17g (jit)", want->score, got->score) < 0;
  if (want->tier != got->tier) return snprintf(msg, n, "tier %d (interp) vs %d (jit)", want->tier, got->tier) < 0;
  return true;
}

/* Scores `nrecs` random records (or the given ones) with the interpreter and the JIT at every
 * optimisation level (IR passes and machine code alike) and with one rule per chunk. */
static void differential(const lc_plan *p, uint8_t **given, uint32_t ngiven, uint32_t nrecs,
                         const char *what) {
  lc_scorer *ref = interp(p);
  lc_scorer *jits[4] = {jit(p, 0, 0), jit(p, 1, 0), jit(p, 2, 0), jit(p, 2, 1)};
  lc_result *want = lc_result_new(p), *got = lc_result_new(p);
  lc_scratch scratch;
  lc_scratch_init(&scratch);
  lc_exec x = {AS_OF, &scratch};
  uint32_t n = given ? ngiven : nrecs;
  for (uint32_t i = 0; i < n; i++) {
    rec_buf rb = {{0}, 0};
    const uint8_t *rec = given ? given[i] : random_record(&rb);
    lc_scorer_score(ref, rec, &x, want);
    for (int j = 0; j < 4; j++) {
      memset(got->rules, 0xAB, sizeof(double) * p->nrules);
      lc_scorer_score(jits[j], rec, &x, got);
      char msg[256];
      if (!same(p, want, got, msg, sizeof msg)) {
        lc_sb dump = {0};
        lc_plan_dump(p, &dump);
        fprintf(stderr, "%s\n", lc_sb_cstr(&dump));
        lc_sb_free(&dump);
        fail_msg("%s, record %u, jit %d: %s", what, i, j, msg);
      }
    }
    free_records(&rb);
    lc_scratch_reset(&scratch);
  }
  lc_scratch_free(&scratch);
  lc_result_free(want);
  lc_result_free(got);
  for (int j = 0; j < 4; j++) lc_scorer_free(jits[j]);
  lc_scorer_free(ref);
}

/* ---- hand-written models */

/* The LANGUAGE.md example's each rule: 5 points per pricing view, half-life 14 days, cap 20. */
static void test_each_decay_example(void **state) {
  (void)state;
  seed(52);
  model m;
  model_init(&m);
  lc_prule *r = add_rule(&m, "pricing_views", -1);
  r->each = true;
  r->list = field(&m, 0, IN_EVENTS, PT_LIST);
  r->elem = REC_EVENT;
  r->level = 1;
  r->cond = op2(&m, P_AND, PT_BOOL,
                op2(&m, P_EQ, PT_BOOL, field(&m, 1, EV_KIND, PT_ENUM), k_enum(&m, 0)),
                op2(&m, P_STARTS_WITH, PT_BOOL, field(&m, 1, EV_URL, PT_STR), k_str(&m, "/pricing")));
  r->points = k_num(&m, 5);
  r->decay = LC_DECAY_HALF_LIFE;
  r->decay_us = 14 * DAY;
  r->has_cap = true;
  r->cap = 20;

  rec_buf rb = {{0}, 0};
  uint8_t *lead = alloc_rec(&rb, REC_INPUT, 1);
  uint8_t *ev = alloc_rec(&rb, REC_EVENT, 2);
  for (int i = 0; i < 2; i++) {
    uint8_t *e = ev + i * LC_RECORD_SIZE(EV_NSLOTS);
    e[EV_KIND] = e[EV_URL] = e[EV_AT] = 1;
    slot_at(e, REC_EVENT, EV_URL)->str = (lc_str){"/pricing", 8};
    slot_at(e, REC_EVENT, EV_AT)->us = AS_OF - (i ? 14 : 1) * DAY;
  }
  lead[IN_EVENTS] = 1;
  slot_at(lead, REC_INPUT, IN_EVENTS)->list = (lc_list){ev, 2};

  lc_scorer *s = jit(&m.plan, 2, 0);
  lc_result *res = lc_result_new(&m.plan);
  lc_scratch scratch;
  lc_scratch_init(&scratch);
  lc_exec x = {AS_OF, &scratch};
  lc_scorer_score(s, lead, &x, res);
  assert_true(res->fired[0]);
  assert_true(fabs(res->rules[0] - 7.2585) < 1e-4);
  assert_true(res->score == 7.26);
  uint8_t *given[] = {lead};
  differential(&m.plan, given, 1, 0, "example");
  lc_scratch_free(&scratch);
  lc_result_free(res);
  lc_scorer_free(s);
  free_records(&rb);
  model_free(&m);
}

/* One when rule per operator family, each with a missing operand somewhere in the records. */
static void test_operators(void **state) {
  (void)state;
  seed(629);
  model m;
  model_init(&m);
  scope top = {{REC_INPUT}, 1, false};
  lc_pexpr *conds[] = {
    op2(&m, P_LT, PT_BOOL, field(&m, 0, IN_N1, PT_NUM), field(&m, 0, IN_N2, PT_NUM)),
    op2(&m, P_EQ, PT_BOOL, field(&m, 0, IN_S1, PT_STR), k_str(&m, "ACME")),
    op2(&m, P_GE, PT_BOOL, field(&m, 0, IN_S1, PT_STR), field(&m, 0, IN_S2, PT_STR)),
    op2(&m, P_ENDS_WITH, PT_BOOL, field(&m, 0, IN_S1, PT_STR), k_str(&m, ".io")),
    op2(&m, P_CONTAINS, PT_BOOL, field(&m, 0, IN_S2, PT_STR), k_str(&m, "@")),
    op2(&m, P_OR, PT_BOOL, field(&m, 0, IN_B1, PT_BOOL),
        op2(&m, P_GT, PT_BOOL, field(&m, 0, IN_T1, PT_TIME), k_us(&m, PT_TIME, AS_OF - 30 * DAY))),
    op2(&m, P_AND, PT_BOOL, op1(&m, P_NOT, PT_BOOL, field(&m, 0, IN_B1, PT_BOOL)),
        op1(&m, P_IS_MISSING, PT_BOOL, field(&m, 0, IN_N1, PT_NUM))),
    op2(&m, P_EQ, PT_BOOL, call(&m, B_DOMAIN, PT_STR, field(&m, 0, IN_S1, PT_STR), NULL, NULL), k_str(&m, "acme.io")),
    op2(&m, P_GT, PT_BOOL, op2(&m, P_DIV, PT_NUM, field(&m, 0, IN_N1, PT_NUM), field(&m, 0, IN_N2, PT_NUM)), k_num(&m, 1)),
  };
  for (uint32_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
    lc_prule *r = add_rule(&m, lc_arena_printf(&m.arena, "op%u", i), -1);
    r->cond = conds[i];
    r->points = i % 2 ? k_num(&m, (double)i) : gen(&m, PT_NUM, 2, &top);
  }
  differential(&m.plan, NULL, 0, 400, "operators");
  model_free(&m);
}

/* Aggregates over the events list, fused with an each rule over the same list, plus groups with
 * caps and floors and tiers over the rounded score and group totals. */
static void test_aggregates_groups_tiers(void **state) {
  (void)state;
  seed(581);
  model m;
  model_init(&m);
  int32_t g = add_group(&m, "engagement");
  m.groups[g].has_cap = true;
  m.groups[g].cap = 12.5;
  m.groups[g].has_floor = true;
  m.groups[g].floor = -3;
  static const lc_aggkind kinds[] = {AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX, AGG_AVG, AGG_FIRST, AGG_LAST,
                                     AGG_COUNT_DISTINCT};
  for (uint32_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    lc_prule *r = add_rule(&m, lc_arena_printf(&m.arena, "agg%u", i), i % 2 ? g : -1);
    lc_pexpr *within = i % 3 == 0 ? k_us(&m, PT_DUR, 30 * DAY) : NULL;
    lc_pexpr *where = i % 2 ? op2(&m, P_NE, PT_BOOL, field(&m, 1, EV_KIND, PT_ENUM), k_enum(&m, 1)) : NULL;
    lc_pexpr *proj = kinds[i] == AGG_COUNT ? NULL : field(&m, 1, EV_MIN, PT_NUM);
    lc_pexpr *a = agg(&m, kinds[i], PT_NUM, field(&m, 0, IN_EVENTS, PT_LIST), REC_EVENT, 1, within, where, proj);
    r->cond = op2(&m, P_GT, PT_BOOL, a, k_num(&m, 1));
    r->points = op2(&m, P_MUL, PT_NUM, a, k_num(&m, 0.5));
  }
  lc_prule *e = add_rule(&m, "each_minutes", g);
  e->each = true;
  e->list = field(&m, 0, IN_EVENTS, PT_LIST);
  e->elem = REC_EVENT;
  e->level = 1;
  e->within = k_us(&m, PT_DUR, 60 * DAY);
  e->points = op2(&m, P_DIV, PT_NUM, field(&m, 1, EV_MIN, PT_NUM), k_num(&m, 10));
  e->decay = LC_DECAY_LINEAR;
  e->decay_us = 60 * DAY;
  m.plan.has_range = true;
  m.plan.range_lo = 0;
  m.plan.range_hi = 100;
  lc_pexpr *gt = node(&m, P_GROUP_TOTAL, PT_NUM);
  gt->index = (uint32_t)g;
  add_tier(&m, "sql", op2(&m, P_GE, PT_BOOL, node(&m, P_SCORE, PT_NUM), k_num(&m, 20)));
  add_tier(&m, "mql", op2(&m, P_OR, PT_BOOL, op2(&m, P_GE, PT_BOOL, gt, k_num(&m, 5)),
                          agg(&m, AGG_ANY, PT_BOOL, field(&m, 0, IN_EVENTS, PT_LIST), REC_EVENT, 1, NULL,
                              op2(&m, P_EQ, PT_BOOL, field(&m, 1, EV_KIND, PT_ENUM), k_enum(&m, 3)), NULL)));
  add_tier(&m, "lead", NULL);
  differential(&m.plan, NULL, 0, 400, "aggregates");
  model_free(&m);
}

/* Values the JIT computes once per function: equal calls in several rules (the same node and
 * equal copies), a call that does not depend on the element inside an each rule, an input-level
 * aggregate inside an element's condition, and equal aggregates in rules and a tier. */
static void test_shared_values(void **state) {
  (void)state;
  seed(40);
  model m;
  model_init(&m);
  lc_pexpr *dom = call(&m, B_DOMAIN, PT_STR, field(&m, 0, IN_S1, PT_STR), NULL, NULL);
  lc_pexpr *is_acme = op2(&m, P_EQ, PT_BOOL, dom, k_str(&m, "acme.io"));
  lc_pexpr *re = op1(&m, P_MATCHES, PT_BOOL, field(&m, 0, IN_S2, PT_STR));
  re->index = 0;
  lc_pexpr *re2 = copy_expr(&m, re);    /* equal but for the regex */
  re2->index = 1;
  lc_pexpr *clicks = agg(&m, AGG_COUNT, PT_NUM, field(&m, 0, IN_EVENTS, PT_LIST), REC_EVENT, 1,
                         k_us(&m, PT_DUR, 30 * DAY),
                         op2(&m, P_EQ, PT_BOOL, field(&m, 1, EV_KIND, PT_ENUM), k_enum(&m, 2)), NULL);
  lc_pexpr *conds[] = {
    is_acme, is_acme, copy_expr(&m, is_acme), re, copy_expr(&m, re), re2,
    op2(&m, P_GE, PT_BOOL, clicks, k_num(&m, 1)), op2(&m, P_GE, PT_BOOL, copy_expr(&m, clicks), k_num(&m, 2)),
    op2(&m, P_AND, PT_BOOL, re, op1(&m, P_NOT, PT_BOOL, copy_expr(&m, is_acme))),
  };
  for (uint32_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
    lc_prule *r = add_rule(&m, lc_arena_printf(&m.arena, "w%u", i), -1);
    r->cond = conds[i];
    r->points = i % 3 ? k_num(&m, (double)i) : copy_expr(&m, clicks);
  }
  /* each events where domain(s1) == "acme.io" and minutes > avg(events.minutes) */
  lc_prule *e = add_rule(&m, "each_invariant", -1);
  e->each = true;
  e->list = field(&m, 0, IN_EVENTS, PT_LIST);
  e->elem = REC_EVENT;
  e->level = 1;
  lc_pexpr *avg = agg(&m, AGG_AVG, PT_NUM, field(&m, 0, IN_EVENTS, PT_LIST), REC_EVENT, 2, NULL, NULL,
                      field(&m, 2, EV_MIN, PT_NUM));
  e->cond = op2(&m, P_OR, PT_BOOL, copy_expr(&m, is_acme),
                op2(&m, P_GT, PT_BOOL, field(&m, 1, EV_MIN, PT_NUM), avg));
  e->points = op2(&m, P_ADD, PT_NUM, call(&m, B_LEN, PT_NUM, copy_expr(&m, dom), NULL, NULL), k_num(&m, 0.25));
  /* the same sum three times (caps differ), and once with another half-life */
  for (int i = 0; i < 4; i++) {
    lc_prule *d = add_rule(&m, lc_arena_printf(&m.arena, "each_same%d", i), -1);
    d->each = true;
    d->list = field(&m, 0, IN_EVENTS, PT_LIST);
    d->elem = REC_EVENT;
    d->level = 1;
    d->cond = i == 1 ? copy_expr(&m, e->cond) : e->cond;
    d->points = op2(&m, P_DIV, PT_NUM, field(&m, 1, EV_MIN, PT_NUM), k_num(&m, 10));
    d->decay = LC_DECAY_HALF_LIFE;
    d->decay_us = (i == 3 ? 7 : 14) * DAY;
    d->has_cap = i == 2;
    d->cap = 1.5;
  }
  add_tier(&m, "hot", op2(&m, P_GE, PT_BOOL, copy_expr(&m, clicks), k_num(&m, 3)));
  add_tier(&m, "acme", copy_expr(&m, is_acme));
  differential(&m.plan, NULL, 0, 400, "shared values");
  model_free(&m);
}

static void test_random_models(void **state) {
  (void)state;
  for (uint64_t s = 1; s <= 60; s++) {
    seed(s);
    model m;
    random_model(&m, 1 + pick(12));
    char what[64];
    snprintf(what, sizeof what, "random model seed %llu", (unsigned long long)s);
    differential(&m.plan, NULL, 0, 150, what);
    model_free(&m);
  }
}

/* The printed IR: the score function, no floating-point contraction or reassociation in any
 * form, and the same text every time (regexes and sets appear by name, not by address). With
 * two rules per chunk the chunks stay separate functions. */
static void test_emit_ir(void **state) {
  (void)state;
  seed(42);
  model m;
  random_model(&m, 6);
  char err[256];
  const lc_llvm_options opts[] = {lc_llvm_defaults, {2, 2, 2, NULL}};
  for (int i = 0; i < 2; i++) {
    char *ir = lc_llvm_emit_ir(&m.plan, &opts[i], err, sizeof err);
    assert_non_null(ir);
    assert_non_null(strstr(ir, "define void @score(ptr"));
    if (i == 1) assert_non_null(strstr(ir, "@score.chunk2"));
    assert_null(strstr(ir, "fmuladd"));
    assert_null(strstr(ir, "llvm.fma"));
    assert_null(strstr(ir, " fast "));
    assert_null(strstr(ir, " reassoc "));
    assert_null(strstr(ir, " contract "));
    char *again = lc_llvm_emit_ir(&m.plan, &opts[i], err, sizeof err);
    assert_string_equal(ir, again);
    free(again);
    free(ir);
  }
  model_free(&m);
}

/* ---- real model text: the LANGUAGE.md example through the front end and lowering */

static uint32_t rule_index(const lc_plan *p, const char *name) {
  for (uint32_t i = 0; i < p->nrules; i++)
    if (!strcmp(p->rules[i].name, name)) return i;
  fail_msg("no rule %s", name);
  return 0;
}

/* LANGUAGE.md §7: Ann scores 42.26 (pricing_views 7.26) and is a lead; then every sample lead of
 * the example scores the same with both backends. */
static void test_language_example(void **state) {
  (void)state;
  seed(14);
  lc_arena a;
  lc_arena_init(&a);
  lc_sources src;
  lc_sources_init(&src, &a);
  lc_diags diags;
  lc_diags_init(&diags, &a, &src);
  lc_frontend fe;
  lc_frontend_opts fo = {.no_test_sibling = true};
  assert_true(lc_frontend_run(&fe, &a, &src, &diags, LEADC_SOURCE_DIR "/examples/b2b_saas/b2b_saas.score", &fo));
  assert_int_equal(diags.errors, 0);
  char err[256];
  lc_plan *p = lc_lower(fe.program, &a, err, sizeof err);
  assert_non_null(p);

  lc_scratch scratch;
  lc_scratch_init(&scratch);
  lc_exec x = {AS_OF, &scratch};
  lc_decoder *dec = lc_decoder_new(&p->records[0]);
  assert_non_null(dec);
  uint8_t *rec = calloc(1, LC_RECORD_SIZE(p->records[0].nslots));
  static const char ann[] =
      "{\"id\": \"t1\", \"email\": \"ann@acme.io\", \"first_name\": \"Ann\", \"job_title\": \"CEO\","
      " \"company_size\": 200, \"source\": \"organic\", \"do_not_email\": false,"
      " \"created_at\": \"2024-05-01T00:00:00Z\","
      " \"events\": [{\"kind\": \"page_view\", \"url\": \"/pricing\", \"at\": \"2024-05-31T00:00:00Z\"},"
      "            {\"kind\": \"page_view\", \"url\": \"/pricing\", \"at\": \"2024-05-18T00:00:00Z\"}]}";
  lc_decode_error de;
  assert_int_equal(lc_decode_json(dec, ann, strlen(ann), rec, &scratch, &de), LC_DECODE_OK);
  lc_scorer *s = jit(p, 2, 0);
  lc_result *r = lc_result_new(p);
  lc_scorer_score(s, rec, &x, r);
  assert_true(r->score == 42.26);
  assert_string_equal(p->tiers[r->tier].name, "lead");
  assert_true(lc_rt_round2(r->rules[rule_index(p, "pricing_views")]) == 7.26);
  assert_true(r->fired[rule_index(p, "exec_title")] && r->fired[rule_index(p, "company_fits")]);
  assert_false(r->fired[rule_index(p, "free_email_address")]);

  FILE *f = fopen(LEADC_SOURCE_DIR "/examples/b2b_saas/leads.ndjson", "r");
  assert_non_null(f);
  char line[1 << 16];
  uint8_t *recs[64];
  uint32_t n = 0;
  while (n < 64 && fgets(line, sizeof line, f)) {
    recs[n] = calloc(1, LC_RECORD_SIZE(p->records[0].nslots));
    if (lc_decode_json(dec, line, strlen(line), recs[n], &scratch, &de) == LC_DECODE_OK) n++;
    else free(recs[n]);
  }
  fclose(f);
  assert_true(n >= 10);
  differential(p, recs, n, 0, "b2b_saas sample leads");
  for (uint32_t i = 0; i < n; i++) free(recs[i]);

  lc_result_free(r);
  lc_scorer_free(s);
  free(rec);
  lc_decoder_free(dec);
  lc_scratch_free(&scratch);
  lc_plan_free(p);
  lc_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_each_decay_example),
    cmocka_unit_test(test_operators),
    cmocka_unit_test(test_aggregates_groups_tiers),
    cmocka_unit_test(test_shared_values),
    cmocka_unit_test(test_random_models),
    cmocka_unit_test(test_emit_ir),
    cmocka_unit_test(test_language_example),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
