/* Expression evaluation for the reference interpreter. Every operator is written out with its
 * missing-value rule next to it: propagation is the default, and the few operators that look at
 * missing-ness (and, or, ??, is missing/present) say so. Non-trivial work (strings, regex,
 * rounding, time) goes through the runtime helpers that the other backends call as well. */
#include <math.h>
#include <string.h>

#include "backend/interp.h"
#include "backend/interp_internal.h"

static const ival MISSING = {false, {0}};

static ival num(double d) {
  ival v = {isfinite(d), {0}};
  v.v.num = v.ok ? d : 0;
  return v;
}
static ival us(int64_t t) { ival v = {true, {0}}; v.v.us = t; return v; }
static ival boolean(bool b) { ival v = {true, {0}}; v.v.b = b; return v; }
static ival str(lc_str s) { ival v = {true, {0}}; v.v.str = s; return v; }

#define EVAL(e) lc_interp_eval(c, (e), f)
#define NEED(v) do { if (!(v).ok) return MISSING; } while (0)

int lc_interp_cmp(lc_ptype t, lc_slot a, lc_slot b) {
  switch (t) {
  case PT_NUM: return (a.num > b.num) - (a.num < b.num);
  case PT_STR: { int r = lc_rt_str_cmp(a.str, b.str); return (r > 0) - (r < 0); }
  case PT_TIME: case PT_DUR: return (a.us > b.us) - (a.us < b.us);
  case PT_ENUM: return (a.i > b.i) - (a.i < b.i);
  case PT_BOOL: return (a.b > b.b) - (a.b < b.b);
  case PT_LIST: break;
  }
  return 0;
}

static ival field(const iframe *f, uint32_t level, uint32_t slot) {
  while (f->level != level) f = f->up;
  if (!f->rec[slot]) return MISSING;
  ival v = {true, {0}};
  memcpy(&v.v, f->rec + LC_SLOT_OFFSET(f->nslots, slot), sizeof v.v);
  return v;
}

static ival constant(const lc_pexpr *e) {
  ival v = {true, {0}};
  switch (e->type) {
  case PT_NUM: v.v.num = e->k.num; break;
  case PT_STR: v.v.str = e->k.str; break;
  case PT_TIME: case PT_DUR: v.v.us = e->k.us; break;
  case PT_ENUM: v.v.i = e->k.i; break;
  case PT_BOOL: v.v.b = e->k.b; break;
  case PT_LIST: break;
  }
  return v;
}

static ival dur_scaled(double d) {
  if (!isfinite(d) || !(fabs(d) < 0x1p63)) return MISSING;
  return us(llround(d));
}

/* + - * / % over numbers, times and durations; the operand types pick the meaning. */
static ival arith(lc_pop op, const lc_pexpr *e, ival a, ival b) {
  lc_ptype ta = e->a->type, tb = e->b->type;
  if (ta == PT_NUM && tb == PT_NUM) {
    switch (op) {
    case P_ADD: return num(a.v.num + b.v.num);
    case P_SUB: return num(a.v.num - b.v.num);
    case P_MUL: return num(a.v.num * b.v.num);
    case P_DIV: return num(a.v.num / b.v.num);
    default: return num(fmod(a.v.num, b.v.num));
    }
  }
  if (op == P_MUL) return dur_scaled(ta == PT_DUR ? (double)a.v.us * b.v.num : a.v.num * (double)b.v.us);
  if (op == P_DIV) {
    if (tb == PT_DUR) return num((double)a.v.us / (double)b.v.us);
    return dur_scaled((double)a.v.us / b.v.num);
  }
  int64_t r;
  bool overflow = op == P_ADD ? __builtin_add_overflow(a.v.us, b.v.us, &r)
                              : __builtin_sub_overflow(a.v.us, b.v.us, &r);
  return overflow ? MISSING : us(r);
}

static ival compare(lc_pop op, lc_ptype t, ival a, ival b) {
  bool eq = t == PT_STR ? lc_rt_str_eq(a.v.str, b.v.str) : lc_interp_cmp(t, a.v, b.v) == 0;
  if (op == P_EQ) return boolean(eq);
  if (op == P_NE) return boolean(!eq);
  int r = lc_interp_cmp(t, a.v, b.v);
  switch (op) {
  case P_LT: return boolean(r < 0);
  case P_LE: return boolean(r <= 0);
  case P_GT: return boolean(r > 0);
  default: return boolean(r >= 0);
  }
}

static double as_double(lc_ptype t, lc_slot v) {
  switch (t) {
  case PT_NUM: return v.num;
  case PT_TIME: case PT_DUR: return (double)v.us;
  case PT_ENUM: return (double)v.i;
  case PT_BOOL: return v.b;
  default: return 0;
  }
}

static bool in_nums(const lc_pexpr *e, double x) {
  for (uint32_t i = 0; i < e->nnums; i++)
    if (e->nums[i] == x) return true;
  return false;
}

static ival pick(bool take_b, ival a, ival b) { return take_b ? b : a; }

static ival call(const ictx *c, const lc_pexpr *e, const iframe *f) {
  ival a = EVAL(e->a);
  NEED(a);
  lc_ptype t = e->a->type;
  int64_t as_of = c->x->as_of_us;
  switch (e->builtin) {
  case B_LOWER: return str(lc_rt_lower(c->x, a.v.str));
  case B_UPPER: return str(lc_rt_upper(c->x, a.v.str));
  case B_TRIM: return str(lc_rt_trim(a.v.str));
  case B_LEN: return num(lc_rt_len(a.v.str));
  case B_DOMAIN: { lc_str s; return lc_rt_domain(c->x, a.v.str, &s) ? str(s) : MISSING; }
  case B_LOCAL_PART: { lc_str s; return lc_rt_local_part(a.v.str, &s) ? str(s) : MISSING; }
  case B_ABS: return num(fabs(a.v.num));
  case B_ROUND: return num(lc_rt_round_digits(a.v.num, 0));
  case B_FLOOR: return num(floor(a.v.num));
  case B_CEIL: return num(ceil(a.v.num));
  case B_LOG: return num(log(a.v.num));
  case B_SQRT: return num(sqrt(a.v.num));
  case B_DAYS_SINCE: return num((double)(as_of - a.v.us) / 86400e6);
  case B_HOURS_SINCE: return num((double)(as_of - a.v.us) / 3600e6);
  case B_AGE: return us(as_of - a.v.us);
  case B_KEYBOARD_RUN: return num(lc_rt_keyboard_run(a.v.str));
  case B_ROUND_DIGITS: {
    ival d = EVAL(e->b);
    NEED(d);
    return num(lc_rt_round_digits(a.v.num, d.v.num));
  }
  case B_MIN: case B_MAX: {
    ival b = EVAL(e->b);
    NEED(b);
    int r = lc_interp_cmp(t, b.v, a.v);
    return pick(e->builtin == B_MIN ? r < 0 : r > 0, a, b);
  }
  case B_CLAMP: {
    ival lo = EVAL(e->b), hi = EVAL(e->c);
    NEED(lo);
    NEED(hi);
    ival m = pick(lc_interp_cmp(t, lo.v, a.v) > 0, a, lo);
    return pick(lc_interp_cmp(t, hi.v, m.v) < 0, m, hi);
  }
  }
  return MISSING;
}

/* Three-valued: a definite false (and) or true (or) on either side decides; otherwise missing
 * unless both sides are present. */
static ival logic(const ictx *c, const lc_pexpr *e, const iframe *f, bool decisive) {
  ival a = EVAL(e->a);
  if (a.ok && a.v.b == decisive) return a;
  ival b = EVAL(e->b);
  if (b.ok && b.v.b == decisive) return b;
  if (!a.ok || !b.ok) return MISSING;
  return boolean(!decisive);
}

static ival eval(const ictx *c, const lc_pexpr *e, const iframe *f) {
  switch (e->op) {
  case P_CONST: return constant(e);
  case P_MISSING: return MISSING;
  case P_FIELD: return field(f, e->field.level, e->field.slot);
  case P_SCORE: return num(c->res->score);
  case P_GROUP_TOTAL: return num(c->res->groups[e->index]);
  case P_AGG: return lc_interp_agg(c, e, f);
  case P_CALL: return call(c, e, f);
  case P_AND: return logic(c, e, f, false);
  case P_OR: return logic(c, e, f, true);
  case P_COALESCE: { ival a = EVAL(e->a); return a.ok ? a : EVAL(e->b); }
  case P_IS_MISSING: return boolean(!EVAL(e->a).ok);
  case P_IS_PRESENT: return boolean(EVAL(e->a).ok);
  default: break;
  }

  ival a = EVAL(e->a);
  NEED(a);
  switch (e->op) {
  case P_NEG:
    if (e->type == PT_DUR) return a.v.us == INT64_MIN ? MISSING : us(-a.v.us);
    return num(-a.v.num);
  case P_NOT: return boolean(!a.v.b);
  case P_IN_STRSET: return boolean(lc_rt_strset_contains(c->plan->strsets[e->index], a.v.str));
  case P_IN_NUMS: return boolean(in_nums(e, as_double(e->a->type, a.v)));
  case P_MATCHES: return boolean(lc_rt_regex_match(c->plan->regexes[e->index], a.v.str));
  default: break;
  }

  ival b = EVAL(e->b);
  NEED(b);
  switch (e->op) {
  case P_ADD: case P_SUB: case P_MUL: case P_DIV: case P_MOD: return arith(e->op, e, a, b);
  case P_EQ: case P_NE: case P_LT: case P_LE: case P_GT: case P_GE:
    return compare(e->op, e->a->type, a, b);
  case P_STARTS_WITH: return boolean(lc_rt_starts_with(a.v.str, b.v.str));
  case P_ENDS_WITH: return boolean(lc_rt_ends_with(a.v.str, b.v.str));
  case P_CONTAINS: return boolean(lc_rt_contains(a.v.str, b.v.str));
  case P_IN_RANGE: {
    ival hi = EVAL(e->c);
    NEED(hi);
    lc_ptype t = e->a->type;
    return boolean(lc_interp_cmp(t, b.v, a.v) <= 0 && lc_interp_cmp(t, a.v, hi.v) <= 0);
  }
  default: break;
  }
  return MISSING;
}

ival lc_interp_eval(const ictx *c, const lc_pexpr *e, const iframe *f) {
  ival v = eval(c, e, f);
  if (c->seen && e->type == PT_BOOL) c->seen[e->id] |= v.ok && v.v.b ? LC_SEEN_TRUE : LC_SEEN_FALSE;
  return v;
}
