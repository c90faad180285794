/* Expressions → IR, one case per plan operator, each mirroring the interpreter's rule
 * (src/backend/interp_eval.c) for missing values and for the exact arithmetic: a number result
 * that is not finite is missing, time arithmetic that overflows int64 is missing, durations are
 * scaled through llround.
 *
 * Everything here is pure, so evaluating an operand the interpreter would have skipped changes
 * nothing but time; branches are still used where an operand is expensive (the right side of
 * and/or/??) or where speculating would read memory through a missing string. Comparisons and
 * prefix/suffix tests against constant strings become a length check and a memcmp of known size,
 * which LLVM expands inline; small constant string sets become a switch on the length. */
#include <math.h>
#include <stdlib.h>

#include "backend/llvm/lower.h"

#define B (cg->b)

static LLVMValueRef and2(lc_cg *cg, LLVMValueRef x, LLVMValueRef y) { return LLVMBuildAnd(B, x, y, ""); }

/* A number result: missing unless its operands were present and it is finite. */
static lc_val num(lc_cg *cg, LLVMValueRef p, LLVMValueRef d) {
  lc_val v = {and2(cg, p, cg_is_finite(cg, d)), d, NULL};
  return v;
}

static lc_val boolean(LLVMValueRef p, LLVMValueRef b) {
  lc_val v = {p, b, NULL};
  return v;
}

static LLVMValueRef zext64(lc_cg *cg, LLVMValueRef n) { return LLVMBuildZExt(B, n, cg->t_i64, ""); }

static LLVMValueRef memcmp_eq(lc_cg *cg, LLVMValueRef x, LLVMValueRef y, LLVMValueRef len64) {
  LLVMValueRef args[] = {x, y, len64};
  LLVMValueRef r = cg_call(cg, RT_MEMCMP, args, 3);
  return LLVMBuildICmp(B, LLVMIntEQ, r, LLVMConstInt(cg->t_i32, 0, 0), "");
}

/* Branches on `cond`; on the taken side evaluates memcmp_eq(x, y, len); false otherwise. */
static LLVMValueRef checked_memcmp(lc_cg *cg, LLVMValueRef cond, LLVMValueRef x, LLVMValueRef y,
                                   LLVMValueRef len64) {
  lc_guard g;
  cg_guard_begin(cg, &g, cond);
  lc_val r = cg_guard_end(cg, &g, PT_BOOL, cg_present(cg, memcmp_eq(cg, x, y, len64)));
  return and2(cg, r.p, r.v);
}

/* Equality of two present strings (lc_rt_str_eq). Once the lengths are equal, a constant's
 * length is the one compared, so memcmp gets a known size that LLVM expands inline. */
static LLVMValueRef str_eq(lc_cg *cg, lc_val a, lc_val b) {
  LLVMValueRef same_len = LLVMBuildICmp(B, LLVMIntEQ, a.n, b.n, "");
  LLVMValueRef len = LLVMIsConstant(a.n) ? a.n : b.n;
  return checked_memcmp(cg, same_len, a.v, b.v, zext64(cg, len));
}

static LLVMValueRef str_cmp(lc_cg *cg, lc_val a, lc_val b) {
  LLVMValueRef args[] = {a.v, a.n, b.v, b.n};
  return cg_call(cg, RT_STR_CMP, args, 4);
}

LLVMValueRef lower_compare(lc_cg *cg, lc_pop op, lc_ptype t, lc_val a, lc_val b) {
  if (t == PT_STR && (op == P_EQ || op == P_NE)) {
    LLVMValueRef eq = str_eq(cg, a, b);
    return op == P_EQ ? eq : LLVMBuildNot(B, eq, "");
  }
  if (t == PT_NUM) {
    static const LLVMRealPredicate fp[] = {
        [P_EQ] = LLVMRealOEQ, [P_NE] = LLVMRealUNE, [P_LT] = LLVMRealOLT,
        [P_LE] = LLVMRealOLE, [P_GT] = LLVMRealOGT, [P_GE] = LLVMRealOGE};
    return LLVMBuildFCmp(B, fp[op], a.v, b.v, "");
  }
  static const LLVMIntPredicate sp[] = {
      [P_EQ] = LLVMIntEQ, [P_NE] = LLVMIntNE, [P_LT] = LLVMIntSLT,
      [P_LE] = LLVMIntSLE, [P_GT] = LLVMIntSGT, [P_GE] = LLVMIntSGE};
  static const LLVMIntPredicate up[] = {
      [P_EQ] = LLVMIntEQ, [P_NE] = LLVMIntNE, [P_LT] = LLVMIntULT,
      [P_LE] = LLVMIntULE, [P_GT] = LLVMIntUGT, [P_GE] = LLVMIntUGE};
  if (t == PT_STR) return LLVMBuildICmp(B, sp[op], str_cmp(cg, a, b), LLVMConstInt(cg->t_i32, 0, 0), "");
  /* bools order false < true, unsigned; times, durations and enum indices are signed */
  return LLVMBuildICmp(B, t == PT_BOOL ? up[op] : sp[op], a.v, b.v, "");
}

static lc_val select_val(lc_cg *cg, LLVMValueRef c, lc_val x, lc_val y) {
  lc_val r = {LLVMBuildSelect(B, c, x.p, y.p, ""), LLVMBuildSelect(B, c, x.v, y.v, ""), NULL};
  if (x.n) r.n = LLVMBuildSelect(B, c, x.n, y.n, "");
  return r;
}

/* Comparing strings reads them, so a missing string must not reach str_cmp: guard on presence.
 * Other types compare speculatively. */
static lc_val guarded_compare(lc_cg *cg, lc_pop op, lc_ptype t, lc_val a, lc_val b) {
  LLVMValueRef p = and2(cg, a.p, b.p);
  if (t != PT_STR) return boolean(p, lower_compare(cg, op, t, a, b));
  lc_guard g;
  cg_guard_begin(cg, &g, p);
  return cg_guard_end(cg, &g, PT_BOOL, cg_present(cg, lower_compare(cg, op, t, a, b)));
}

/* ---- and, or, ?? : the right operand only when the left one does not decide */

static lc_val logic(lc_cg *cg, const lc_pexpr *e, bool decisive) {
  LLVMValueRef dec = LLVMConstInt(cg->t_i1, decisive, 0);
  lc_val a = lower_expr(cg, e->a);
  LLVMValueRef a_decides = and2(cg, a.p, LLVMBuildICmp(B, LLVMIntEQ, a.v, dec, ""));
  LLVMBasicBlockRef from_a = LLVMGetInsertBlock(B);
  LLVMBasicBlockRef eval_b = cg_block(cg, decisive ? "or.rhs" : "and.rhs");
  LLVMBasicBlockRef done = cg_block(cg, decisive ? "or.done" : "and.done");
  LLVMBuildCondBr(B, a_decides, done, eval_b);
  cg_at(cg, eval_b);
  lc_val b = lower_expr(cg, e->b);
  LLVMValueRef b_decides = and2(cg, b.p, LLVMBuildICmp(B, LLVMIntEQ, b.v, dec, ""));
  lc_val r = {LLVMBuildOr(B, b_decides, and2(cg, a.p, b.p), ""),
              decisive ? b_decides : LLVMBuildNot(B, b_decides, ""), NULL};
  LLVMBasicBlockRef from_b = LLVMGetInsertBlock(B);
  LLVMBuildBr(B, done);
  cg_at(cg, done);
  lc_val vals[2] = {cg_present(cg, dec), r};
  LLVMBasicBlockRef from[2] = {from_a, from_b};
  return cg_phi(cg, PT_BOOL, 2, vals, from);
}

static lc_val coalesce(lc_cg *cg, const lc_pexpr *e) {
  lc_val a = lower_expr(cg, e->a);
  LLVMBasicBlockRef from_a = LLVMGetInsertBlock(B);
  LLVMBasicBlockRef eval_b = cg_block(cg, "coalesce.rhs");
  LLVMBasicBlockRef done = cg_block(cg, "coalesce.done");
  LLVMBuildCondBr(B, a.p, done, eval_b);
  cg_at(cg, eval_b);
  lc_val b = lower_expr(cg, e->b);
  LLVMBasicBlockRef from_b = LLVMGetInsertBlock(B);
  LLVMBuildBr(B, done);
  cg_at(cg, done);
  lc_val vals[2] = {a, b};
  LLVMBasicBlockRef from[2] = {from_a, from_b};
  return cg_phi(cg, e->type, 2, vals, from);
}

/* ---- arithmetic */

/* A duration from a double: missing unless finite and below 2^63 in magnitude, else llround. */
static lc_val dur_scaled(lc_cg *cg, LLVMValueRef p, LLVMValueRef d) {
  LLVMValueRef mag = cg_call_intrinsic(cg, "llvm.fabs", cg->t_f64, &d, 1);
  LLVMValueRef ok = and2(cg, p, LLVMBuildFCmp(B, LLVMRealOLT, mag, cg_f64(cg, 0x1p63), ""));
  lc_guard g;
  cg_guard_begin(cg, &g, ok);
  return cg_guard_end(cg, &g, PT_DUR, cg_present(cg, cg_call(cg, RT_LLROUND, &d, 1)));
}

static LLVMValueRef to_f64(lc_cg *cg, LLVMValueRef i) { return LLVMBuildSIToFP(B, i, cg->t_f64, ""); }

static lc_val arith(lc_cg *cg, const lc_pexpr *e, lc_val a, lc_val b) {
  lc_ptype ta = e->a->type, tb = e->b->type;
  LLVMValueRef p = and2(cg, a.p, b.p);
  if (ta == PT_NUM && tb == PT_NUM) {
    switch (e->op) {
    case P_ADD: return num(cg, p, LLVMBuildFAdd(B, a.v, b.v, ""));
    case P_SUB: return num(cg, p, LLVMBuildFSub(B, a.v, b.v, ""));
    case P_MUL: return num(cg, p, LLVMBuildFMul(B, a.v, b.v, ""));
    case P_DIV: return num(cg, p, LLVMBuildFDiv(B, a.v, b.v, ""));
    default: return num(cg, p, LLVMBuildFRem(B, a.v, b.v, ""));   /* C fmod */
    }
  }
  if (e->op == P_MUL) {
    LLVMValueRef d = ta == PT_DUR ? LLVMBuildFMul(B, to_f64(cg, a.v), b.v, "")
                                  : LLVMBuildFMul(B, a.v, to_f64(cg, b.v), "");
    return dur_scaled(cg, p, d);
  }
  if (e->op == P_DIV) {
    if (tb == PT_DUR) return num(cg, p, LLVMBuildFDiv(B, to_f64(cg, a.v), to_f64(cg, b.v), ""));
    return dur_scaled(cg, p, LLVMBuildFDiv(B, to_f64(cg, a.v), b.v, ""));
  }
  const char *op = e->op == P_ADD ? "llvm.sadd.with.overflow" : "llvm.ssub.with.overflow";
  LLVMValueRef args[] = {a.v, b.v};
  LLVMValueRef r = cg_call_intrinsic(cg, op, cg->t_i64, args, 2);
  LLVMValueRef ovf = LLVMBuildExtractValue(B, r, 1, "overflow");
  lc_val v = {and2(cg, p, LLVMBuildNot(B, ovf, "")), LLVMBuildExtractValue(B, r, 0, ""), NULL};
  return v;
}

/* ---- strings */

/* starts_with / ends_with: a length check, then memcmp (of a known size when the affix is a
 * constant, which LLVM turns into a few loads); contains goes to the runtime's memmem. */
static lc_val affix(lc_cg *cg, const lc_pexpr *e, lc_val s, lc_val fix) {
  lc_guard g;
  cg_guard_begin(cg, &g, and2(cg, s.p, fix.p));
  LLVMValueRef r;
  if (e->op == P_CONTAINS) {
    LLVMValueRef args[] = {s.v, s.n, fix.v, fix.n};
    r = cg_call(cg, RT_CONTAINS, args, 4);
  } else {
    LLVMValueRef fits = LLVMBuildICmp(B, LLVMIntULE, fix.n, s.n, "");
    LLVMValueRef at = s.v;
    if (e->op == P_ENDS_WITH) {
      LLVMValueRef off = zext64(cg, LLVMBuildSub(B, s.n, fix.n, ""));
      at = LLVMBuildGEP2(B, cg->t_i8, s.v, &off, 1, "");
    }
    r = checked_memcmp(cg, fits, at, fix.v, zext64(cg, fix.n));
  }
  return cg_guard_end(cg, &g, PT_BOOL, cg_present(cg, r));
}

enum { INLINE_SET_MAX = 8 };

/* Membership in a small constant set: a switch on the length, then memcmp against the members
 * of that length. Same answer as lc_rt_strset_contains, which compares bytes exactly. */
static LLVMValueRef small_set(lc_cg *cg, lc_val s, const lc_str *items, uint32_t n) {
  LLVMBasicBlockRef done = cg_block(cg, "set.done");
  LLVMBasicBlockRef miss = cg_block(cg, "set.miss");
  LLVMValueRef sw = LLVMBuildSwitch(B, s.n, miss, n);
  LLVMValueRef phi_vals[INLINE_SET_MAX * 2 + 1];
  LLVMBasicBlockRef phi_from[INLINE_SET_MAX * 2 + 1];
  unsigned nphi = 0;
  bool handled[INLINE_SET_MAX] = {false};
  for (uint32_t i = 0; i < n; i++) {
    if (handled[i]) continue;
    LLVMBasicBlockRef bb = cg_block(cg, "set.len");
    LLVMAddCase(sw, cg_i32(cg, items[i].len), bb);
    cg_at(cg, bb);
    for (uint32_t j = i; j < n; j++) {
      if (items[j].len != items[i].len || handled[j]) continue;
      handled[j] = true;
      lc_val k = cg_const_str(cg, items[j]);
      LLVMValueRef hit = memcmp_eq(cg, s.v, k.v, cg_i64(cg, items[j].len));
      LLVMBasicBlockRef next = cg_block(cg, "set.next");
      phi_vals[nphi] = cg_true(cg);
      phi_from[nphi++] = LLVMGetInsertBlock(B);
      LLVMBuildCondBr(B, hit, done, next);
      cg_at(cg, next);
    }
    LLVMBuildBr(B, miss);
  }
  cg_at(cg, miss);
  phi_vals[nphi] = cg_false(cg);
  phi_from[nphi++] = miss;
  LLVMBuildBr(B, done);
  cg_at(cg, done);
  LLVMValueRef phi = LLVMBuildPhi(B, cg->t_i1, "in_set");
  LLVMAddIncoming(phi, phi_vals, phi_from, nphi);
  return phi;
}

static lc_val in_strset(lc_cg *cg, const lc_pexpr *e, lc_val s) {
  lc_guard g;
  cg_guard_begin(cg, &g, s.p);
  LLVMValueRef r;
  uint32_t n = cg->plan->strset_n[e->index];
  if (n <= INLINE_SET_MAX) {
    r = small_set(cg, s, cg->plan->strset_items[e->index], n);
  } else {
    LLVMValueRef args[] = {cg_strset_ptr(cg, e->index), s.v, s.n};
    r = cg_call(cg, RT_STRSET_CONTAINS, args, 3);
  }
  return cg_guard_end(cg, &g, PT_BOOL, cg_present(cg, r));
}

static lc_val matches(lc_cg *cg, const lc_pexpr *e, lc_val s) {
  lc_guard g;
  cg_guard_begin(cg, &g, s.p);
  LLVMValueRef args[] = {cg_regex_ptr(cg, e->index), s.v, s.n};
  LLVMValueRef r = cg_call(cg, RT_REGEX_MATCH, args, 3);
  return cg_guard_end(cg, &g, PT_BOOL, cg_present(cg, r));
}

/* ---- x in [constants]: the value as a double against a sorted table */

enum { INLINE_NUMS_MAX = 16 };

static LLVMValueRef as_double(lc_cg *cg, lc_ptype t, LLVMValueRef v) {
  switch (t) {
  case PT_NUM: return v;
  case PT_BOOL: return LLVMBuildUIToFP(B, v, cg->t_f64, "");
  default: return to_f64(cg, v);
  }
}

/* Binary search over the sorted constants; same answer as the interpreter's linear scan
 * because the table has no duplicates and no NaN can reach it. */
static LLVMValueRef nums_search(lc_cg *cg, LLVMValueRef x, const double *nums, uint32_t n) {
  LLVMValueRef *elems = malloc(sizeof *elems * n);
  for (uint32_t i = 0; i < n; i++) elems[i] = cg_f64(cg, nums[i]);
  LLVMValueRef init = LLVMConstArray2(cg->t_f64, elems, n);
  free(elems);
  LLVMValueRef table = LLVMAddGlobal(cg->mod, LLVMTypeOf(init), "nums");
  LLVMSetInitializer(table, init);
  LLVMSetGlobalConstant(table, 1);
  LLVMSetLinkage(table, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(table, LLVMGlobalUnnamedAddr);

  LLVMBasicBlockRef pre = LLVMGetInsertBlock(B);
  LLVMBasicBlockRef head = cg_block(cg, "nums.head"), body = cg_block(cg, "nums.body");
  LLVMBasicBlockRef done = cg_block(cg, "nums.done");
  LLVMBuildBr(B, head);
  cg_at(cg, head);
  LLVMValueRef lo = LLVMBuildPhi(B, cg->t_i32, "lo"), hi = LLVMBuildPhi(B, cg->t_i32, "hi");
  LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntULT, lo, hi, ""), body, done);
  cg_at(cg, body);
  LLVMValueRef mid = LLVMBuildLShr(B, LLVMBuildAdd(B, lo, hi, ""), cg_i32(cg, 1), "mid");
  LLVMValueRef idx = zext64(cg, mid);
  LLVMValueRef at = LLVMBuildInBoundsGEP2(B, cg->t_f64, table, &idx, 1, "");
  LLVMValueRef m = LLVMBuildLoad2(B, cg->t_f64, at, "");
  LLVMValueRef found = LLVMBuildFCmp(B, LLVMRealOEQ, m, x, "");
  LLVMValueRef below = LLVMBuildFCmp(B, LLVMRealOLT, m, x, "");
  LLVMValueRef nlo = LLVMBuildSelect(B, below, LLVMBuildAdd(B, mid, cg_i32(cg, 1), ""), lo, "");
  LLVMValueRef nhi = LLVMBuildSelect(B, below, hi, mid, "");
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(B);
  LLVMBuildCondBr(B, found, done, head);
  LLVMValueRef lo_in[] = {cg_i32(cg, 0), nlo}, hi_in[] = {cg_i32(cg, n), nhi};
  LLVMBasicBlockRef from[] = {pre, latch};
  LLVMAddIncoming(lo, lo_in, from, 2);
  LLVMAddIncoming(hi, hi_in, from, 2);
  cg_at(cg, done);
  LLVMValueRef r = LLVMBuildPhi(B, cg->t_i1, "in_nums");
  LLVMValueRef r_in[] = {cg_false(cg), cg_true(cg)};
  LLVMBasicBlockRef r_from[] = {head, latch};
  LLVMAddIncoming(r, r_in, r_from, 2);
  return r;
}

static lc_val in_nums(lc_cg *cg, const lc_pexpr *e, lc_val a) {
  LLVMValueRef x = as_double(cg, e->a->type, a.v);
  if (e->nnums > INLINE_NUMS_MAX) return boolean(a.p, nums_search(cg, x, e->nums, e->nnums));
  LLVMValueRef r = cg_false(cg);
  for (uint32_t i = 0; i < e->nnums; i++)
    r = LLVMBuildOr(B, r, LLVMBuildFCmp(B, LLVMRealOEQ, x, cg_f64(cg, e->nums[i]), ""), "");
  return boolean(a.p, r);
}

/* ---- builtins */

static lc_val str_helper(lc_cg *cg, lc_rtfn f, lc_val s, bool with_exec) {
  lc_guard g;
  cg_guard_begin(cg, &g, s.p);
  LLVMValueRef args[] = {cg->x, s.v, s.n};
  LLVMValueRef r = cg_call(cg, f, with_exec ? args : args + 1, with_exec ? 3 : 2);
  lc_val v = {cg_true(cg), LLVMBuildExtractValue(B, r, 0, ""), LLVMBuildExtractValue(B, r, 1, "")};
  return cg_guard_end(cg, &g, PT_STR, v);
}

/* domain / local_part: the helper says whether there is an '@'. */
static lc_val email_part(lc_cg *cg, lc_rtfn f, lc_val s) {
  LLVMValueRef slot = cg_alloca(cg, cg->t_str, "part");
  lc_guard g;
  cg_guard_begin(cg, &g, s.p);
  LLVMValueRef args[] = {cg->x, s.v, s.n, slot};
  LLVMValueRef ok = f == RT_DOMAIN ? cg_call(cg, f, args, 4) : cg_call(cg, f, args + 1, 3);
  LLVMValueRef r = LLVMBuildLoad2(B, cg->t_str, slot, "");
  lc_val v = {ok, LLVMBuildExtractValue(B, r, 0, ""), LLVMBuildExtractValue(B, r, 1, "")};
  return cg_guard_end(cg, &g, PT_STR, v);
}

static lc_val num_helper(lc_cg *cg, lc_rtfn f, lc_val s) {
  lc_guard g;
  cg_guard_begin(cg, &g, s.p);
  LLVMValueRef args[] = {s.v, s.n};
  lc_val v = num(cg, cg_true(cg), cg_call(cg, f, args, 2));
  return cg_guard_end(cg, &g, PT_NUM, v);
}

static lc_val since(lc_cg *cg, lc_val t, double unit_us) {
  LLVMValueRef age = to_f64(cg, LLVMBuildSub(B, cg->as_of, t.v, "age"));
  return num(cg, t.p, LLVMBuildFDiv(B, age, cg_f64(cg, unit_us), ""));
}

/* min/max: the second operand only when strictly smaller/larger (ties keep the first). */
static lc_val min_max(lc_cg *cg, bool is_min, lc_ptype t, lc_val a, lc_val b) {
  LLVMValueRef p = and2(cg, a.p, b.p);
  lc_guard g;
  if (t == PT_STR) cg_guard_begin(cg, &g, p);
  lc_val r = select_val(cg, lower_compare(cg, is_min ? P_LT : P_GT, t, b, a), b, a);
  if (t != PT_STR) {
    r.p = p;
    return r;
  }
  r.p = cg_true(cg);
  return cg_guard_end(cg, &g, t, r);
}

/* clamp(x, lo, hi) = min(max(x, lo), hi), with min/max's tie rule (differs only when lo > hi). */
static lc_val clamp(lc_cg *cg, lc_ptype t, lc_val a, lc_val lo, lc_val hi) {
  LLVMValueRef p = and2(cg, and2(cg, a.p, lo.p), hi.p);
  lc_guard g;
  if (t == PT_STR) cg_guard_begin(cg, &g, p);
  lc_val m = select_val(cg, lower_compare(cg, P_GT, t, lo, a), lo, a);
  lc_val r = select_val(cg, lower_compare(cg, P_LT, t, hi, m), hi, m);
  if (t != PT_STR) {
    r.p = p;
    return r;
  }
  r.p = cg_true(cg);
  return cg_guard_end(cg, &g, t, r);
}

static lc_val call(lc_cg *cg, const lc_pexpr *e) {
  lc_val a = lower_expr(cg, e->a);
  lc_ptype t = e->a->type;
  switch (e->builtin) {
  case B_LOWER: return str_helper(cg, RT_LOWER, a, true);
  case B_UPPER: return str_helper(cg, RT_UPPER, a, true);
  case B_TRIM: return str_helper(cg, RT_TRIM, a, false);
  case B_LEN: return num_helper(cg, RT_LEN, a);
  case B_KEYBOARD_RUN: return num_helper(cg, RT_KEYBOARD_RUN, a);
  case B_DOMAIN: return email_part(cg, RT_DOMAIN, a);
  case B_LOCAL_PART: return email_part(cg, RT_LOCAL_PART, a);
  case B_ABS: return num(cg, a.p, cg_call_intrinsic(cg, "llvm.fabs", cg->t_f64, &a.v, 1));
  case B_FLOOR: return num(cg, a.p, cg_call_intrinsic(cg, "llvm.floor", cg->t_f64, &a.v, 1));
  case B_CEIL: return num(cg, a.p, cg_call_intrinsic(cg, "llvm.ceil", cg->t_f64, &a.v, 1));
  case B_SQRT: return num(cg, a.p, cg_call_intrinsic(cg, "llvm.sqrt", cg->t_f64, &a.v, 1));
  case B_LOG: return num(cg, a.p, cg_call(cg, RT_LOG, &a.v, 1));
  case B_ROUND: {
    LLVMValueRef args[] = {a.v, cg_f64(cg, 0)};
    return num(cg, a.p, cg_call(cg, RT_ROUND_DIGITS, args, 2));
  }
  case B_ROUND_DIGITS: {
    lc_val d = lower_expr(cg, e->b);
    LLVMValueRef args[] = {a.v, d.v};
    return num(cg, and2(cg, a.p, d.p), cg_call(cg, RT_ROUND_DIGITS, args, 2));
  }
  case B_DAYS_SINCE: return since(cg, a, 86400e6);
  case B_HOURS_SINCE: return since(cg, a, 3600e6);
  case B_AGE: {
    lc_val v = {a.p, LLVMBuildSub(B, cg->as_of, a.v, "age"), NULL};
    return v;
  }
  case B_MIN: case B_MAX: return min_max(cg, e->builtin == B_MIN, t, a, lower_expr(cg, e->b));
  case B_CLAMP: {
    lc_val lo = lower_expr(cg, e->b);
    lc_val hi = lower_expr(cg, e->c);
    return clamp(cg, t, a, lo, hi);
  }
  }
  return cg_missing(cg, e->type);
}

static lc_val in_range(lc_cg *cg, const lc_pexpr *e, lc_val a, lc_val lo, lc_val hi) {
  lc_ptype t = e->a->type;
  LLVMValueRef p = and2(cg, and2(cg, a.p, lo.p), hi.p);
  lc_guard g;
  if (t == PT_STR) cg_guard_begin(cg, &g, p);
  LLVMValueRef r = and2(cg, lower_compare(cg, P_LE, t, lo, a), lower_compare(cg, P_LE, t, a, hi));
  if (t != PT_STR) return boolean(p, r);
  return cg_guard_end(cg, &g, PT_BOOL, cg_present(cg, r));
}

lc_val lower_expr(lc_cg *cg, const lc_pexpr *e) {
  uint32_t c = cg->canon[e->id];
  if (cg->pre_done[c]) return cg->pre_val[c];
  switch (e->op) {
  case P_CONST: return cg_const(cg, e);
  case P_MISSING: return cg_missing(cg, e->type);
  case P_FIELD: return cg_load_field(cg, e->field.level, e->field.slot, e->type);
  case P_SCORE: return num(cg, cg_true(cg), cg->score);
  case P_GROUP_TOTAL: {
    LLVMValueRef i = cg_i64(cg, e->index);
    LLVMValueRef total = LLVMBuildInBoundsGEP2(B, cg->t_f64, cg->out_groups, &i, 1, "");
    return num(cg, cg_true(cg), LLVMBuildLoad2(B, cg->t_f64, total, "group"));
  }
  case P_AGG: return lower_agg(cg, e);
  case P_CALL: return call(cg, e);
  case P_AND: return logic(cg, e, false);
  case P_OR: return logic(cg, e, true);
  case P_COALESCE: return coalesce(cg, e);
  case P_IS_MISSING: return cg_present(cg, LLVMBuildNot(B, lower_expr(cg, e->a).p, ""));
  case P_IS_PRESENT: return cg_present(cg, lower_expr(cg, e->a).p);
  default: break;
  }

  lc_val a = lower_expr(cg, e->a);
  switch (e->op) {
  case P_NEG:
    if (e->type == PT_DUR) {
      LLVMValueRef ok = LLVMBuildICmp(B, LLVMIntNE, a.v, cg_i64(cg, INT64_MIN), "");
      lc_val v = {and2(cg, a.p, ok), LLVMBuildNeg(B, a.v, ""), NULL};
      return v;
    }
    return boolean(a.p, LLVMBuildFNeg(B, a.v, ""));
  case P_NOT: return boolean(a.p, LLVMBuildNot(B, a.v, ""));
  case P_IN_STRSET: return in_strset(cg, e, a);
  case P_IN_NUMS: return in_nums(cg, e, a);
  case P_MATCHES: return matches(cg, e, a);
  default: break;
  }

  lc_val b = lower_expr(cg, e->b);
  switch (e->op) {
  case P_ADD: case P_SUB: case P_MUL: case P_DIV: case P_MOD: return arith(cg, e, a, b);
  case P_EQ: case P_NE: case P_LT: case P_LE: case P_GT: case P_GE:
    return guarded_compare(cg, e->op, e->a->type, a, b);
  case P_STARTS_WITH: case P_ENDS_WITH: case P_CONTAINS: return affix(cg, e, a, b);
  case P_IN_RANGE: return in_range(cg, e, a, b, lower_expr(cg, e->c));
  default: break;
  }
  return cg_missing(cg, e->type);
}

LLVMValueRef lower_cond(lc_cg *cg, const lc_pexpr *e) {
  lc_val v = lower_expr(cg, e);
  return and2(cg, v.p, v.v);
}
