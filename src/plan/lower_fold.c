/* Constant folding. An operator whose operands are all constants is evaluated once, here, by the
 * reference interpreter itself, so a folded model means exactly what the unfolded one did.
 * `and`/`or` with one decisive constant side fold without the other; `??` with a constant left
 * side picks a side. Not folded: builtins that read the clock (days_since, hours_since, age),
 * and set and regex tests (their tables are still being built). */
#include <string.h>

#include "backend/interp_internal.h"
#include "plan/lower_internal.h"

static bool is_const(const lc_pexpr *e) { return !e || e->op == P_CONST || e->op == P_MISSING; }

static lc_pexpr *k_bool(lw *w, bool b) {
  lc_pexpr *e = lw_new(w, P_CONST, PT_BOOL);
  e->k.b = b;
  return e;
}

/* and (decisive false) / or (decisive true): a decisive constant decides; the other constant
 * (true for and, false for or) leaves the other side as the result. */
static lc_pexpr *fold_logic(lw *w, lc_pexpr *e, bool decisive) {
  lc_pexpr *sides[2] = {e->a, e->b};
  for (int i = 0; i < 2; i++) {
    lc_pexpr *k = sides[i];
    if (k->op != P_CONST) continue;
    if (k->k.b == decisive) return k_bool(w, decisive);
    return sides[1 - i];
  }
  return e;
}

static lc_pexpr *evaluate(lw *w, lc_pexpr *e) {
  lc_exec x = {0, &w->scratch};
  ictx c = {w->p, &x, NULL, NULL};
  iframe top = {NULL, 0, 0, NULL};
  ival v = lc_interp_eval(&c, e, &top);
  if (!v.ok) return lw_new(w, P_MISSING, e->type);
  lc_pexpr *k = lw_new(w, P_CONST, e->type);
  switch (e->type) {
  case PT_NUM: k->k.num = v.v.num; break;
  case PT_STR: k->k.str = (lc_str){lc_arena_strndup(w->a, v.v.str.ptr, v.v.str.len), v.v.str.len}; break;
  case PT_TIME: case PT_DUR: k->k.us = v.v.us; break;
  case PT_ENUM: k->k.i = v.v.i; break;
  case PT_BOOL: k->k.b = v.v.b; break;
  case PT_LIST: return e;
  }
  return k;
}

lc_pexpr *lw_fold(lw *w, lc_pexpr *e) {
  switch (e->op) {
  case P_AND: return fold_logic(w, e, false);
  case P_OR: return fold_logic(w, e, true);
  case P_COALESCE:
    if (e->a->op == P_MISSING) return e->b;
    return e->a->op == P_CONST ? e->a : e;
  case P_CALL:
    if (e->builtin == B_DAYS_SINCE || e->builtin == B_HOURS_SINCE || e->builtin == B_AGE) return e;
    break;
  case P_IN_STRSET: case P_MATCHES: case P_AGG: case P_FIELD: case P_SCORE: case P_GROUP_TOTAL:
    return e;
  default: break;
  }
  if (!is_const(e->a) || !is_const(e->b) || !is_const(e->c)) return e;
  return evaluate(w, e);
}
