/* Expressions as C statements, mirroring src/backend/interp_eval.c operator by operator: the
 * same operand order, the same missing-value rule next to each operator, the same runtime
 * helper or libm call, and a number result that is not finite read as missing wherever the
 * interpreter checks. A result lives in locals `pN`/`vN` declared before the guarded block that
 * computes it, at the level where cg_expr was called, so callers can use it afterwards. */
#include <string.h>

#include "backend/cgen_internal.h"

const char *cg_ctype(lc_ptype t) {
  switch (t) {
  case PT_BOOL: return "bool";
  case PT_NUM: return "double";
  case PT_STR: return "lc_str";
  case PT_TIME: case PT_DUR: case PT_ENUM: return "int64_t";
  case PT_LIST: return "lc_list";
  }
  return "int";
}

const char *cg_zero(lc_ptype t) {
  switch (t) {
  case PT_BOOL: return "false";
  case PT_NUM: return "0.0";
  case PT_STR: case PT_LIST: return "{0}";
  default: return "0";
  }
}

const char *cg_slot_member(lc_ptype t) {
  switch (t) {
  case PT_BOOL: return "b";
  case PT_NUM: return "num";
  case PT_STR: return "str";
  case PT_TIME: case PT_DUR: return "us";
  case PT_ENUM: return "i";
  case PT_LIST: return "list";
  }
  return "num";
}

cg_val cg_declare(cg *c, lc_ptype t) {
  uint32_t n = cg_new_tmp(c);
  cg_line(c, "bool p%u = false; %s v%u = %s;", n, cg_ctype(t), n, cg_zero(t));
  return (cg_val){cg_fmt(c, "p%u", n), cg_fmt(c, "v%u", n)};
}

const char *cg_truth(cg *c, cg_val v) {
  if (!strcmp(v.p, "1")) return v.v;
  return cg_fmt(c, "%s && %s", v.p, v.v);
}

/* Under the guards that hold here: the result is value, present when `present` holds. */
static void set(cg *c, cg_val r, const char *value, const char *present) {
  cg_line(c, "%s = %s;", r.v, value);
  cg_line(c, "%s = %s;", r.p, present);
}

static void set_num(cg *c, cg_val r, const char *value) {
  set(c, r, value, cg_fmt(c, "isfinite(%s)", r.v));
}

/* ---- leaves */

/* The enum an expression's values index, when a field says which (for comments). */
static const lc_field_desc *enum_of(const cg *c, const lc_pexpr *e) {
  if (!e || e->type != PT_ENUM) return NULL;
  if (e->op == P_FIELD) return cg_field_desc(c, e->field.level, e->field.slot);
  if (e->op == P_AGG && e->agg.proj) return enum_of(c, e->agg.proj);
  if (e->op == P_COALESCE) { const lc_field_desc *f = enum_of(c, e->a); return f ? f : enum_of(c, e->b); }
  return NULL;
}

static cg_val constant(cg *c, const lc_pexpr *e, const lc_field_desc *en) {
  switch (e->type) {
  case PT_NUM: return (cg_val){"1", cg_double(c, e->k.num)};
  case PT_BOOL: return (cg_val){"1", e->k.b ? "true" : "false"};
  case PT_TIME: case PT_DUR: return (cg_val){"1", cg_int64(c, e->k.us)};
  case PT_ENUM:
    if (en && e->k.i >= 0 && (uint64_t)e->k.i < en->nmembers)
      return (cg_val){"1", cg_fmt(c, "%s /* %s */", cg_int64(c, e->k.i), cg_comment(c, en->members[e->k.i]))};
    return (cg_val){"1", cg_int64(c, e->k.i)};
  case PT_STR: {
    lc_sb sb = {0};
    lc_sb_puts(&sb, "STR(");
    cg_c_string(&sb, e->k.str.ptr, e->k.str.len);
    lc_sb_putc(&sb, ')');
    const char *s = lc_arena_strdup(&c->arena, lc_sb_cstr(&sb));
    lc_sb_free(&sb);
    return (cg_val){"1", s};
  }
  case PT_LIST: break;
  }
  return (cg_val){"0", cg_zero(e->type)};
}

static cg_val field(cg *c, const lc_pexpr *e) {
  const char *var = cg_scope_var(c, e->field.level);
  const char *m = c->member[c->scope[e->field.level]][e->field.slot];
  return (cg_val){cg_fmt(c, "%s->has.%s", var, m), cg_fmt(c, "%s->%s.%s", var, m, cg_slot_member(e->type))};
}

/* ---- operators */

const char *cg_compare(cg *c, lc_ptype t, const char *op, const char *a, const char *b) {
  if (t != PT_STR) return cg_fmt(c, "%s %s %s", a, op, b);
  if (!strcmp(op, "==")) return cg_fmt(c, "lc_rt_str_eq(%s, %s)", a, b);
  if (!strcmp(op, "!=")) return cg_fmt(c, "!lc_rt_str_eq(%s, %s)", a, b);
  return cg_fmt(c, "lc_rt_str_cmp(%s, %s) %s 0", a, b, op);
}

static const char *const c_ops[] = {
  [P_ADD] = "+", [P_SUB] = "-", [P_MUL] = "*", [P_DIV] = "/",
  [P_EQ] = "==", [P_NE] = "!=", [P_LT] = "<", [P_LE] = "<=", [P_GT] = ">", [P_GE] = ">=",
};

/* + - * / % over numbers, times and durations (interp_eval.c: arith). */
static void arith(cg *c, const lc_pexpr *e, cg_val r, cg_val a, cg_val b) {
  lc_ptype ta = e->a->type, tb = e->b->type;
  if (ta == PT_NUM && tb == PT_NUM) {
    if (e->op == P_MOD) set_num(c, r, cg_fmt(c, "fmod(%s, %s)", a.v, b.v));
    else set_num(c, r, cg_fmt(c, "%s %s %s", a.v, c_ops[e->op], b.v));
  } else if (e->op == P_MUL) {
    const char *d = ta == PT_DUR ? cg_fmt(c, "(double)%s * %s", a.v, b.v) : cg_fmt(c, "%s * (double)%s", a.v, b.v);
    cg_line(c, "%s = scaled_us(%s, &%s);", r.p, d, r.v);
    c->helpers |= CG_SCALED_US;
  } else if (e->op == P_DIV && tb == PT_DUR) {
    set_num(c, r, cg_fmt(c, "(double)%s / (double)%s", a.v, b.v));
  } else if (e->op == P_DIV) {
    cg_line(c, "%s = scaled_us((double)%s / %s, &%s);", r.p, a.v, b.v, r.v);
    c->helpers |= CG_SCALED_US;
  } else {
    cg_line(c, "%s = %s(%s, %s, &%s);", r.p, e->op == P_ADD ? "add_us" : "sub_us", a.v, b.v, r.v);
    c->helpers |= e->op == P_ADD ? CG_ADD_US : CG_SUB_US;
  }
}

static const char *as_double(cg *c, lc_ptype t, const char *v) {
  return t == PT_NUM ? v : cg_fmt(c, "(double)%s", v);
}

/* x in the plan's sorted constants: a chain of comparisons when short, else a table. */
static const char *in_nums(cg *c, const lc_pexpr *e, const char *x) {
  if (!e->nnums) return "false";
  if (e->nnums <= 8) {
    lc_sb sb = {0};
    for (uint32_t i = 0; i < e->nnums; i++)
      lc_sb_printf(&sb, "%s%s == %s", i ? " || " : "", x, cg_double(c, e->nums[i]));
    const char *s = lc_arena_strdup(&c->arena, lc_sb_cstr(&sb));
    lc_sb_free(&sb);
    return s;
  }
  uint32_t n = cg_new_tmp(c);
  lc_sb sb = {0};
  for (uint32_t i = 0; i < e->nnums; i++) lc_sb_printf(&sb, "%s%s", i ? ", " : "", cg_double(c, e->nums[i]));
  cg_line(c, "static const double in%u[] = {%s};", n, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  c->helpers |= CG_IN_SORTED;
  return cg_fmt(c, "in_sorted(in%u, %u, %s)", n, e->nnums, x);
}

/* One operand: the operators that test or transform a single present value. */
static void unary(cg *c, const lc_pexpr *e, cg_val r, cg_val a) {
  switch (e->op) {
  case P_NEG:
    if (e->type == PT_DUR) {
      cg_line(c, "if (%s != INT64_MIN) {", a.v);
      c->indent++;
      set(c, r, cg_fmt(c, "-(%s)", a.v), "true");
      cg_close(c, 1);
    } else {
      set(c, r, cg_fmt(c, "-(%s)", a.v), "true");
    }
    break;
  case P_NOT: set(c, r, cg_fmt(c, "!%s", a.v), "true"); break;
  case P_IN_STRSET: set(c, r, cg_fmt(c, "lc_rt_strset_contains(k->strsets[%u], %s)", e->index, a.v), "true"); break;
  case P_MATCHES: set(c, r, cg_fmt(c, "lc_rt_regex_match(k->regexes[%u], %s)", e->index, a.v), "true"); break;
  case P_IN_NUMS: set(c, r, in_nums(c, e, as_double(c, e->a->type, a.v)), "true"); break;
  default: break;
  }
}

static void binary(cg *c, const lc_pexpr *e, cg_val r, cg_val a, cg_val b) {
  lc_ptype t = e->a->type;
  switch (e->op) {
  case P_ADD: case P_SUB: case P_MUL: case P_DIV: case P_MOD: arith(c, e, r, a, b); break;
  case P_EQ: case P_NE: case P_LT: case P_LE: case P_GT: case P_GE:
    set(c, r, cg_compare(c, t, c_ops[e->op], a.v, b.v), "true");
    break;
  case P_STARTS_WITH: set(c, r, cg_fmt(c, "lc_rt_starts_with(%s, %s)", a.v, b.v), "true"); break;
  case P_ENDS_WITH: set(c, r, cg_fmt(c, "lc_rt_ends_with(%s, %s)", a.v, b.v), "true"); break;
  case P_CONTAINS: set(c, r, cg_fmt(c, "lc_rt_contains(%s, %s)", a.v, b.v), "true"); break;
  case P_IN_RANGE: {
    cg_val hi = cg_expr(c, e->c);
    int open = cg_if(c, hi.p);
    set(c, r, cg_fmt(c, "%s && %s", cg_compare(c, t, "<=", b.v, a.v), cg_compare(c, t, "<=", a.v, hi.v)), "true");
    cg_close(c, open);
    break;
  }
  default: break;
  }
}

/* `if (v is present and equals decisive) { r = decisive } else {`, left open for what follows. */
static void decided_else(cg *c, cg_val r, cg_val v, bool decisive) {
  cg_line(c, "if (%s && %s%s) {", v.p, decisive ? "" : "!", v.v);
  c->indent++;
  set(c, r, decisive ? "true" : "false", "true");
  c->indent--;
  cg_line(c, "} else {");
  c->indent++;
}

/* Three-valued and/or: a definite `decisive` on either side decides, else missing unless both
 * sides are present. */
static cg_val logic(cg *c, const lc_pexpr *e, bool decisive) {
  cg_val r = cg_declare(c, PT_BOOL);
  cg_val a = cg_expr(c, e->a);
  decided_else(c, r, a, decisive);
  cg_val b = cg_expr(c, e->b);
  decided_else(c, r, b, decisive);
  set(c, r, decisive ? "false" : "true", cg_fmt(c, "%s && %s", a.p, b.p));
  cg_close(c, 2);
  return r;
}

static cg_val coalesce(cg *c, const lc_pexpr *e) {
  cg_val a = cg_expr(c, e->a);
  if (!strcmp(a.p, "1")) return a;
  cg_val r = cg_declare(c, e->type);
  cg_line(c, "if (%s) {", a.p);
  c->indent++;
  set(c, r, a.v, "true");
  c->indent--;
  cg_line(c, "} else {");
  c->indent++;
  cg_val b = cg_expr(c, e->b);
  int open = cg_if(c, b.p);
  set(c, r, b.v, "true");
  cg_close(c, open + 1);
  return r;
}

/* ---- builtins (interp_eval.c: call) */

static void call(cg *c, const lc_pexpr *e, cg_val r, cg_val a) {
  lc_ptype t = e->a->type;
  switch (e->builtin) {
  case B_LOWER: set(c, r, cg_fmt(c, "lc_rt_lower(x, %s)", a.v), "true"); return;
  case B_UPPER: set(c, r, cg_fmt(c, "lc_rt_upper(x, %s)", a.v), "true"); return;
  case B_TRIM: set(c, r, cg_fmt(c, "lc_rt_trim(%s)", a.v), "true"); return;
  case B_LEN: set(c, r, cg_fmt(c, "lc_rt_len(%s)", a.v), "true"); return;
  case B_DOMAIN: cg_line(c, "%s = lc_rt_domain(x, %s, &%s);", r.p, a.v, r.v); return;
  case B_LOCAL_PART: cg_line(c, "%s = lc_rt_local_part(%s, &%s);", r.p, a.v, r.v); return;
  case B_ABS: set(c, r, cg_fmt(c, "fabs(%s)", a.v), "true"); return;
  case B_ROUND: set_num(c, r, cg_fmt(c, "lc_rt_round_digits(%s, 0)", a.v)); return;
  case B_FLOOR: set(c, r, cg_fmt(c, "floor(%s)", a.v), "true"); return;
  case B_CEIL: set(c, r, cg_fmt(c, "ceil(%s)", a.v), "true"); return;
  case B_LOG: set_num(c, r, cg_fmt(c, "log(%s)", a.v)); return;
  case B_SQRT: set_num(c, r, cg_fmt(c, "sqrt(%s)", a.v)); return;
  case B_DAYS_SINCE: set_num(c, r, cg_fmt(c, "(double)(x->as_of_us - %s) / 86400e6", a.v)); return;
  case B_HOURS_SINCE: set_num(c, r, cg_fmt(c, "(double)(x->as_of_us - %s) / 3600e6", a.v)); return;
  case B_AGE: set(c, r, cg_fmt(c, "x->as_of_us - %s", a.v), "true"); return;
  case B_KEYBOARD_RUN: set(c, r, cg_fmt(c, "lc_rt_keyboard_run(%s)", a.v), "true"); return;
  case B_ROUND_DIGITS: {
    cg_val d = cg_expr(c, e->b);
    int open = cg_if(c, d.p);
    set_num(c, r, cg_fmt(c, "lc_rt_round_digits(%s, %s)", a.v, d.v));
    cg_close(c, open);
    return;
  }
  case B_MIN: case B_MAX: {
    cg_val b = cg_expr(c, e->b);
    int open = cg_if(c, b.p);
    const char *better = cg_compare(c, t, e->builtin == B_MIN ? "<" : ">", b.v, a.v);
    set(c, r, cg_fmt(c, "%s ? %s : %s", better, b.v, a.v), "true");
    cg_close(c, open);
    return;
  }
  case B_CLAMP: {
    cg_val lo = cg_expr(c, e->b);
    cg_val hi = cg_expr(c, e->c);
    int open = cg_if(c, cg_fmt(c, "%s && %s", lo.p, hi.p));
    uint32_t m = cg_new_tmp(c);
    cg_line(c, "%s m%u = %s ? %s : %s;", cg_ctype(t), m, cg_compare(c, t, ">", lo.v, a.v), lo.v, a.v);
    const char *mv = cg_fmt(c, "m%u", m);
    set(c, r, cg_fmt(c, "%s ? %s : %s", cg_compare(c, t, "<", hi.v, mv), hi.v, mv), "true");
    cg_close(c, open);
    return;
  }
  }
}

cg_val cg_expr(cg *c, const lc_pexpr *e) {
  switch (e->op) {
  case P_CONST: return constant(c, e, NULL);
  case P_MISSING: return (cg_val){"0", cg_zero(e->type)};
  case P_FIELD: return field(c, e);
  case P_SCORE: return (cg_val){"isfinite(res->score)", "res->score"};
  case P_GROUP_TOTAL:
    return (cg_val){cg_fmt(c, "isfinite(res->groups[%u])", e->index), cg_fmt(c, "res->groups[%u]", e->index)};
  case P_AGG:
    if (c->pre_of_expr[e->id]) {
      uint32_t n = c->pre_of_expr[e->id] - 1;
      return (cg_val){cg_fmt(c, "q->p%u", n), cg_fmt(c, "q->v%u", n)};
    }
    return cg_agg(c, e);
  case P_AND: return logic(c, e, false);
  case P_OR: return logic(c, e, true);
  case P_COALESCE: return coalesce(c, e);
  case P_IS_MISSING: case P_IS_PRESENT: {
    cg_val a = cg_expr(c, e->a);
    cg_val r = cg_declare(c, PT_BOOL);
    set(c, r, e->op == P_IS_MISSING ? cg_fmt(c, "!(%s)", a.p) : a.p, "true");
    return r;
  }
  default: break;
  }

  /* Everything else propagates missing: b is evaluated only when a is present. */
  const lc_field_desc *en = enum_of(c, e->a);
  if (!en) en = enum_of(c, e->b);
  cg_val a = e->a->op == P_CONST ? constant(c, e->a, en) : cg_expr(c, e->a);
  cg_val r = cg_declare(c, e->type);
  int open = cg_if(c, a.p);
  if (e->op == P_CALL) {
    call(c, e, r, a);
  } else if (!e->b) {
    unary(c, e, r, a);
  } else {
    cg_val b = e->b->op == P_CONST ? constant(c, e->b, en) : cg_expr(c, e->b);
    int open_b = cg_if(c, b.p);
    binary(c, e, r, a, b);
    cg_close(c, open_b);
  }
  cg_close(c, open);
  return r;
}
