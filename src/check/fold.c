/* Constant folding of type-checked expressions: const values, cap/floor/range, decay durations,
 * `in` lists and test expectations must be known before any lead is scored. Folding follows the
 * runtime's semantics (IEEE doubles, µs integers, three-valued and/or, missing propagation);
 * integer overflow makes an expression non-constant with a reason rather than wrapping. Builtins
 * fold except those that depend on as_of (days_since, hours_since, age) and round(x, digits). */
#include <math.h>
#include <string.h>
#include "check/check_internal.h"
#include "leadc/runtime.h"
#include "runtime/scratch.h"

lc_value *ck_value_new(ck *c, lc_type *t) {
  lc_value *v = LC_NEW(c->a, lc_value);
  v->type = t;
  return v;
}

typedef struct fold {
  ck *c;
  ast_expr *culprit;
  const char *why;
} fold;

static lc_value *no(fold *f, ast_expr *e, const char *why) {
  if (!f->culprit) {
    f->culprit = e;
    f->why = why;
  }
  return NULL;
}

static lc_value *missing(fold *f);

/* Arithmetic without a finite answer is missing (docs/language.md §15), as at run time. */
static lc_value *num(fold *f, double x) {
  if (!isfinite(x)) return missing(f);
  lc_value *v = ck_value_new(f->c, f->c->T->number);
  v->u.num = x;
  return v;
}

static lc_value *us(fold *f, lc_type *t, int64_t x) {
  lc_value *v = ck_value_new(f->c, t);
  v->u.us = x;
  return v;
}

static lc_value *boolean(fold *f, bool b) {
  lc_value *v = ck_value_new(f->c, f->c->T->boolean);
  v->u.b = b;
  return v;
}

static lc_value *missing(fold *f) { return ck_value_new(f->c, f->c->T->missing); }

static bool is_num(const lc_value *v) { return lc_type_is_numeric(v->type); }
static bool is_missing(const lc_value *v) { return v->type->kind == LC_T_MISSING; }

static lc_value *go(fold *f, ast_expr *e);
static int cmp_values(const lc_value *a, const lc_value *b);
static lc_value *text_call(fold *f, lc_builtin b, const lc_value *arg, const char *later, ast_expr *e);

static lc_value *name_value(fold *f, ast_expr *e) {
  lc_sym *s = e->sym;
  if (!s) return no(f, e, NULL);
  switch (s->kind) {
  case LC_SYM_CONST:
    ck_const(f->c, s->cnst);
    return s->cnst->value ? s->cnst->value : no(f, e, NULL);
  case LC_SYM_INPUT_FIELD:
    return no(f, e, lc_arena_printf(f->c->a, "%s is a field of %s, known only when a lead is scored", e->u.name,
                                    s->field->record->name));
  case LC_SYM_ELEM_FIELD:
    return no(f, e, lc_arena_printf(f->c->a, "%s is a field of %s, known only when a lead is scored", e->u.name,
                                    s->field->record->name));
  case LC_SYM_PARAM:
    return no(f, e, lc_arena_printf(f->c->a, "%s is a parameter, known only when the def is used", e->u.name));
  case LC_SYM_GROUP_TOTAL:
    return no(f, e, lc_arena_printf(f->c->a, "the total of group %s is known only when a lead is scored", e->u.name));
  default:
    return no(f, e, NULL);
  }
}

static lc_value *call_value(fold *f, ast_expr *e) {
  lc_sym *s = e->sym;
  if (!s) return no(f, e, NULL);
  if (s->kind == LC_SYM_LINES) return s->list_file->value;
  if (s->kind != LC_SYM_BUILTIN)
    return no(f, e, lc_arena_printf(f->c->a, "%s(…) is worked out only when a lead is scored", e->u.call.name));
  double a[3] = {0, 0, 0};
  uint32_t n = e->u.call.args.n;
  lc_value *args[3] = {NULL, NULL, NULL};
  for (uint32_t i = 0; i < n && i < 3; i++) {
    args[i] = go(f, e->u.call.args.items[i]);
    if (!args[i]) return NULL;
  }
  const char *later = lc_arena_printf(f->c->a, "%s(…) is worked out only when a lead is scored", e->u.call.name);
  if (n == 1 && args[0]->type->kind == LC_T_STRING) return text_call(f, s->builtin, args[0], later, e);
  for (uint32_t i = 0; i < n && i < 3; i++) {
    if (is_missing(args[i])) return missing(f);
    if (!is_num(args[i]) && s->builtin != B_MIN && s->builtin != B_MAX) return no(f, e, later);
    a[i] = is_num(args[i]) ? args[i]->u.num : 0;
  }
  switch (s->builtin) {
  case B_ABS: return num(f, fabs(a[0]));
  case B_FLOOR: return num(f, floor(a[0]));
  case B_CEIL: return num(f, ceil(a[0]));
  case B_SQRT: return num(f, sqrt(a[0]));
  case B_LOG: return num(f, log(a[0]));
  case B_ROUND: return num(f, round(a[0]));
  case B_CLAMP: return num(f, a[0] < a[1] ? a[1] : a[0] > a[2] ? a[2] : a[0]);
  case B_MIN: case B_MAX: {
    int r = cmp_values(args[0], args[1]);
    return (s->builtin == B_MIN ? r <= 0 : r >= 0) ? args[0] : args[1];
  }
  default: return no(f, e, later);
  }
}

/* Text builtins fold through the runtime's own helpers, so a folded value has the same bytes
 * the backends would compute (Unicode case mapping included). */
static lc_value *text_call(fold *f, lc_builtin b, const lc_value *arg, const char *later, ast_expr *e) {
  lc_scratch scratch;
  lc_scratch_init(&scratch);
  lc_exec x = {0, &scratch};
  lc_str in = {arg->u.str.s, arg->u.str.len}, out = {NULL, 0};
  lc_value *v = NULL;
  bool present = true, text = true;
  double k = 0;
  switch (b) {
  case B_LOWER: out = lc_rt_lower(&x, in); break;
  case B_UPPER: out = lc_rt_upper(&x, in); break;
  case B_TRIM: out = lc_rt_trim(in); break;
  case B_DOMAIN: present = lc_rt_domain(&x, in, &out); break;
  case B_LOCAL_PART: present = lc_rt_local_part(in, &out); break;
  case B_LEN: k = lc_rt_len(in); text = false; break;
  case B_KEYBOARD_RUN: k = lc_rt_keyboard_run(in); text = false; break;
  default: v = no(f, e, later); present = false; text = false; break;
  }
  if (!present && !v) v = missing(f);
  else if (present && text) {
    v = ck_value_new(f->c, f->c->T->string);
    v->u.str.s = lc_arena_strndup(f->c->a, out.ptr ? out.ptr : "", out.len);
    v->u.str.len = out.len;
  } else if (present) {
    v = num(f, k);
  }
  lc_scratch_free(&scratch);
  return v;
}

static int cmp_values(const lc_value *a, const lc_value *b) {
  if (is_num(a)) return a->u.num < b->u.num ? -1 : a->u.num > b->u.num ? 1 : 0;
  switch (a->type->kind) {
  case LC_T_STRING: {
    uint32_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
    int r = memcmp(a->u.str.s, b->u.str.s, n);
    if (r) return r < 0 ? -1 : 1;
    return a->u.str.len < b->u.str.len ? -1 : a->u.str.len > b->u.str.len;
  }
  case LC_T_BOOL: return (int)a->u.b - (int)b->u.b;
  default: return a->u.us < b->u.us ? -1 : a->u.us > b->u.us;
  }
}

static bool same_kind(const lc_value *a, const lc_value *b) {
  return (is_num(a) && is_num(b)) || a->type->kind == b->type->kind;
}

static lc_value *time_arith(fold *f, ast_expr *e, ast_binop op, lc_value *a, lc_value *b) {
  lc_types *T = f->c->T;
  lc_type_kind ka = a->type->kind, kb = b->type->kind;
  int64_t r;
  bool overflow = false;
  lc_type *rt;
  if (op == OP_ADD && !is_num(a) && !is_num(b)) {
    overflow = __builtin_add_overflow(a->u.us, b->u.us, &r);
    rt = ka == LC_T_TIME || kb == LC_T_TIME ? T->time : T->duration;
  } else if (op == OP_SUB && !is_num(a) && !is_num(b)) {
    overflow = __builtin_sub_overflow(a->u.us, b->u.us, &r);
    rt = ka == LC_T_TIME && kb == LC_T_TIME ? T->duration : ka == LC_T_TIME ? T->time : T->duration;
  } else if (op == OP_DIV && ka == LC_T_DURATION && kb == LC_T_DURATION) {
    return num(f, (double)a->u.us / (double)b->u.us);
  } else if (op == OP_MUL || op == OP_DIV) {
    const lc_value *d = ka == LC_T_DURATION ? a : b, *k = ka == LC_T_DURATION ? b : a;
    double x = op == OP_MUL ? (double)d->u.us * k->u.num : (double)d->u.us / k->u.num;
    x = round(x);                                /* to the nearest µs, halves away from zero */
    if (!(x > -9.2e18 && x < 9.2e18)) overflow = true;
    else r = (int64_t)x;
    rt = T->duration;
  } else {
    return no(f, e, NULL);
  }
  if (overflow) return missing(f);              /* beyond the representable range, as at run time */
  return us(f, rt, r);
}

static bool list_has(const lc_value *list, const lc_value *x) {
  for (uint32_t i = 0; i < list->u.list.n; i++) {
    const lc_value *it = list->u.list.items[i];
    if (same_kind(it, x) && cmp_values(it, x) == 0) return true;
  }
  return false;
}

static bool str_find(const lc_value *s, const lc_value *t, int mode) {
  uint32_t n = s->u.str.len, m = t->u.str.len;
  if (m > n) return false;
  if (mode == 0) return !memcmp(s->u.str.s, t->u.str.s, m);
  if (mode == 1) return !memcmp(s->u.str.s + n - m, t->u.str.s, m);
  for (uint32_t i = 0; i + m <= n; i++)
    if (!memcmp(s->u.str.s + i, t->u.str.s, m)) return true;
  return false;
}

static lc_value *binary_value(fold *f, ast_expr *e) {
  ast_binop op = e->u.binary.op;
  lc_value *a = go(f, e->u.binary.a);
  if (!a) return NULL;
  lc_value *b = go(f, e->u.binary.b);
  if (!b) return NULL;
  if (op == OP_COALESCE) return is_missing(a) ? b : a;
  if (op == OP_AND || op == OP_OR) {
    bool ma = is_missing(a), mb = is_missing(b);
    bool dominant = op == OP_OR;                   /* true wins an or, false wins an and */
    if ((!ma && a->u.b == dominant) || (!mb && b->u.b == dominant)) return boolean(f, dominant);
    if (ma || mb) return missing(f);
    return boolean(f, !dominant);
  }
  if (is_missing(a) || is_missing(b)) return missing(f);
  switch (op) {
  case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
    if (is_num(a) && is_num(b)) {
      double x = a->u.num, y = b->u.num;
      return num(f, op == OP_ADD ? x + y : op == OP_SUB ? x - y : op == OP_MUL ? x * y : op == OP_DIV ? x / y : fmod(x, y));
    }
    return time_arith(f, e, op, a, b);
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
    if (!same_kind(a, b)) return no(f, e, NULL);
    int r = cmp_values(a, b);
    bool t = op == OP_EQ ? r == 0 : op == OP_NE ? r != 0 : op == OP_LT ? r < 0 : op == OP_LE ? r <= 0 : op == OP_GT ? r > 0 : r >= 0;
    if (is_num(a) && (isnan(a->u.num) || isnan(b->u.num))) t = op == OP_NE;
    return boolean(f, t);
  }
  case OP_IN: case OP_NOT_IN:
    if (b->type->kind != LC_T_LIST) return no(f, e, NULL);
    return boolean(f, list_has(b, a) == (op == OP_IN));
  case OP_STARTS_WITH: case OP_ENDS_WITH: case OP_CONTAINS:
    if (a->type->kind != LC_T_STRING || b->type->kind != LC_T_STRING) return no(f, e, NULL);
    return boolean(f, str_find(a, b, op == OP_STARTS_WITH ? 0 : op == OP_ENDS_WITH ? 1 : 2));
  default:
    return no(f, e, "a pattern match is worked out only when a lead is scored");
  }
}

static lc_value *go(fold *f, ast_expr *e) {
  ck *c = f->c;
  if (!e->type || lc_type_is_error(e->type)) return no(f, e, NULL);
  switch (e->kind) {
  case AST_NUM: return num(f, e->u.num);
  case AST_BOOL: return boolean(f, e->u.boolean);
  case AST_DUR: return us(f, c->T->duration, e->u.us);
  case AST_TIME: return us(f, c->T->time, e->u.us);
  case AST_STR: {
    lc_value *v = ck_value_new(c, c->T->string);
    v->u.str.s = e->u.str.s;
    v->u.str.len = e->u.str.len;
    return v;
  }
  case AST_REGEX: {
    lc_value *v = ck_value_new(c, c->T->regex);
    v->u.regex.pattern = e->u.regex.pattern;
    v->u.regex.len = e->u.regex.len;
    v->u.regex.flags = e->u.regex.flags;
    return v;
  }
  case AST_LIST: {
    lc_value *v = ck_value_new(c, e->type->req);
    v->u.list.items = LC_NEW_ARRAY(c->a, lc_value *, e->u.list.n ? e->u.list.n : 1);
    for (uint32_t i = 0; i < e->u.list.n; i++) {
      lc_value *it = go(f, e->u.list.items[i]);
      if (!it) return NULL;
      v->u.list.items[i] = it;
    }
    v->u.list.n = e->u.list.n;
    return v;
  }
  case AST_NAME: return name_value(f, e);
  case AST_SCORE: return no(f, e, "the score is known only when a lead is scored");
  case AST_FIELD:
    return no(f, e, lc_arena_printf(c->a, "%s is a field, known only when a lead is scored", e->u.field.name));
  case AST_CALL: return call_value(f, e);
  case AST_UNARY: {
    lc_value *a = go(f, e->u.unary.a);
    if (!a) return NULL;
    if (is_missing(a)) return missing(f);
    if (e->u.unary.op == OP_NOT) return boolean(f, !a->u.b);
    if (e->u.unary.op == OP_POS) return a;
    if (is_num(a)) return num(f, -a->u.num);
    if (a->u.us == INT64_MIN) return missing(f);
    return us(f, a->type, -a->u.us);
  }
  case AST_BINARY: return binary_value(f, e);
  case AST_IN_RANGE: {
    lc_value *x = go(f, e->u.range.x), *lo = x ? go(f, e->u.range.lo) : NULL, *hi = lo ? go(f, e->u.range.hi) : NULL;
    if (!hi) return NULL;
    if (is_missing(x) || is_missing(lo) || is_missing(hi)) return missing(f);
    if (!same_kind(x, lo) || !same_kind(x, hi)) return no(f, e, NULL);
    bool in = cmp_values(x, lo) >= 0 && cmp_values(x, hi) <= 0;
    return boolean(f, in != e->u.range.negated);
  }
  case AST_IS: {
    lc_value *x = go(f, e->u.is.x);
    if (!x) return NULL;
    return boolean(f, is_missing(x) != e->u.is.present);
  }
  }
  return no(f, e, NULL);
}

lc_value *ck_fold(ck *c, ast_expr *e, ast_expr **culprit, const char **why) {
  fold f = {c, NULL, NULL};
  lc_value *v = go(&f, e);
  *culprit = f.culprit;
  *why = f.why;
  return v;
}

lc_value *ck_fold_or_report(ck *c, ast_expr *e, const char *what) {
  ast_expr *culprit;
  const char *why;
  lc_value *v = ck_fold(c, e, &culprit, &why);
  if (v) return v;
  /* a culprit without a reason is an expression that already has an error */
  if (culprit && why) {
    lc_diag *g = lc_report(c->d, LC_E0309, culprit->span, "%s must be known before any lead is scored", what);
    lc_diag_help(c->d, g, "%s", why);
  }
  return NULL;
}

void ck_const(ck *c, lc_const *k) {
  if (k->state == CK_DONE) return;
  if (k->state == CK_CHECKING) {
    /* reported where the cycle closes; the type stays unknown so users do not cascade */
    lc_diag *g = lc_report(c->d, LC_E0309, k->decl->name_span, "const %s is defined in terms of itself", k->name);
    lc_diag_help(c->d, g, "give it a value that does not refer back to %s", k->name);
    k->type = c->T->error;
    k->state = CK_DONE;
    return;
  }
  k->state = CK_CHECKING;
  const ast_decl *outer = c->decl;
  c->decl = k->decl;
  ast_expr *e = k->decl->u.value;
  ck_env env = {IN_CONST, NULL, NULL};
  lc_type *t = e ? ck_expr(c, &env, e) : c->T->error;
  c->decl = outer;
  if (k->state == CK_DONE) return;   /* a cycle through this const was reported inside */
  k->type = t;
  if (!lc_type_is_error(t)) {
    k->value = ck_fold_or_report(c, e, lc_arena_printf(c->a, "the value of const %s", k->name));
    if (!k->value) k->type = c->T->error;
    else if (k->value->type->kind == LC_T_MISSING) k->type = c->T->missing;
  }
  k->state = CK_DONE;
}
