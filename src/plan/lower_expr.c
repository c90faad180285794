/* Lowering expressions: typed AST → plan expressions. Names become field slots at absolute
 * scope levels, consts become their folded values, defs are inlined with their arguments
 * substituted (an argument is lowered once, at the call site, and shared by every use), enum
 * strings become member indices, `in` lists become string sets or sorted number tables, and
 * regexes are compiled once per distinct pattern. Every operator node is offered to lw_fold. */
#include <stdlib.h>
#include <string.h>

#include "plan/lower_internal.h"

lc_pexpr *lw_new(lw *w, lc_pop op, lc_ptype type) {
  lc_pexpr *e = LC_NEW(w->a, lc_pexpr);
  e->op = op;
  e->type = type;
  e->id = LW_NO_ID;
  return e;
}

static lc_pexpr *k_num(lw *w, double v) { lc_pexpr *e = lw_new(w, P_CONST, PT_NUM); e->k.num = v; return e; }
static lc_pexpr *k_bool(lw *w, bool v) { lc_pexpr *e = lw_new(w, P_CONST, PT_BOOL); e->k.b = v; return e; }
static lc_pexpr *k_us(lw *w, lc_ptype t, int64_t v) { lc_pexpr *e = lw_new(w, P_CONST, t); e->k.us = v; return e; }
static lc_pexpr *k_str(lw *w, const char *s, uint32_t len) {
  lc_pexpr *e = lw_new(w, P_CONST, PT_STR);
  e->k.str = (lc_str){s, len};
  return e;
}

/* A string constant standing where an enum is compared becomes the member's index (the checker
 * has made sure it is a member). */
static lc_pexpr *as_enum(lw *w, lc_pexpr *e, const lc_type *enum_t) {
  if (e->op != P_CONST || e->type != PT_STR || enum_t->kind != LC_T_ENUM) return e;
  lc_pexpr *k = lw_new(w, P_CONST, PT_ENUM);
  k->k.i = lc_type_enum_index(enum_t->req, e->k.str.ptr, e->k.str.len);
  return k;
}

static lc_pexpr *value(lw *w, const lc_value *v, const lc_type *want) {
  switch (v->type->kind) {
  case LC_T_NUMBER: case LC_T_INT: return k_num(w, v->u.num);
  case LC_T_BOOL: return k_bool(w, v->u.b);
  case LC_T_TIME: return k_us(w, PT_TIME, v->u.us);
  case LC_T_DURATION: return k_us(w, PT_DUR, v->u.us);
  case LC_T_STRING: return as_enum(w, k_str(w, v->u.str.s, v->u.str.len), want);
  default: return lw_new(w, P_MISSING, lw_ptype(want));
  }
}

static lc_pexpr *op1(lw *w, lc_pop op, lc_ptype t, lc_pexpr *a) {
  lc_pexpr *e = lw_new(w, op, t);
  e->a = a;
  return lw_fold(w, e);
}

static lc_pexpr *op2(lw *w, lc_pop op, lc_ptype t, lc_pexpr *a, lc_pexpr *b) {
  lc_pexpr *e = lw_new(w, op, t);
  e->a = a;
  e->b = b;
  return lw_fold(w, e);
}

/* Operands that must share a type: an enum on one side turns string constants on the other
 * into members. */
static void unify_enum(lw *w, const ast_expr *x, const ast_expr *y, lc_pexpr **a, lc_pexpr **b) {
  *b = as_enum(w, *b, x->type);
  *a = as_enum(w, *a, y->type);
}

static lc_pexpr *field(lw *w, const lw_env *env, const lc_sym *s) {
  lc_pexpr *e = lw_new(w, P_FIELD, lw_ptype(s->field->type));
  e->field.level = s->kind == LC_SYM_INPUT_FIELD ? 0 : s->level + env->offset;
  e->field.slot = lw_field_slot(w, s->field);
  return e;
}

/* ---- `matches`: one compiled regex per distinct pattern and flags */

static uint32_t regex_index(lw *w, const char *src, uint32_t len, uint32_t ast_flags) {
  uint32_t flags = (ast_flags & AST_REGEX_I ? LC_RE_CASELESS : 0) | (ast_flags & AST_REGEX_X ? LC_RE_EXTENDED : 0);
  for (uint32_t i = 0; i < w->regexes.n; i++) {
    lw_regex *r = LC_VEC_AT(w->regexes, lw_regex, i);
    if (r->flags == flags && r->len == len && !memcmp(r->src, src, len)) return i;
  }
  lw_regex *r = LC_NEW(w->a, lw_regex);
  *r = (lw_regex){lc_arena_strndup(w->a, src, len), len, flags, NULL};
  size_t off;
  char msg[128];
  r->re = lc_regex_compile(src, len, flags, &off, msg, sizeof msg);
  if (!r->re && !w->error) w->error = lc_arena_printf(w->a, "regex /%s/ does not compile: %s", r->src, msg);
  lc_vec_push(w->a, &w->regexes, r);
  return w->regexes.n - 1;
}

static lc_pexpr *matches(lw *w, lc_pexpr *a, const ast_expr *re) {
  lc_pexpr *e = lw_new(w, P_MATCHES, PT_BOOL);
  e->a = a;
  if (re->kind == AST_REGEX) {
    e->index = regex_index(w, re->u.regex.pattern, re->u.regex.len, re->u.regex.flags);
  } else {
    const lc_value *v = re->sym->cnst->value;
    e->index = regex_index(w, v->u.regex.pattern, v->u.regex.len, v->u.regex.flags);
  }
  return lw_fold(w, e);
}

/* ---- `in` against a constant list */

typedef struct lw_items { lc_pexpr **k; uint32_t n; } lw_items;

/* The list's items as constants: a literal `[…]` (items may be any constant expression), a
 * const holding a list, or lines(). Items that do not fold to a constant stay expressions. */
static lw_items list_items(lw *w, const lw_env *env, const ast_expr *list, const lc_type *want) {
  lw_items it = {0};
  if (list->kind == AST_LIST) {
    it.n = list->u.list.n;
    it.k = LC_NEW_ARRAY(w->a, lc_pexpr *, it.n);
    for (uint32_t i = 0; i < it.n; i++)
      it.k[i] = as_enum(w, lw_expr(w, env, LC_VEC_AT(list->u.list, ast_expr, i)), want);
    return it;
  }
  const lc_value *v = list->sym->kind == LC_SYM_LINES ? list->sym->list_file->value : list->sym->cnst->value;
  it.n = v->u.list.n;
  it.k = LC_NEW_ARRAY(w->a, lc_pexpr *, it.n);
  for (uint32_t i = 0; i < it.n; i++) it.k[i] = value(w, v->u.list.items[i], want);
  return it;
}

static int cmp_str(const void *x, const void *y) {
  int r = lc_rt_str_cmp(*(const lc_str *)x, *(const lc_str *)y);
  return (r > 0) - (r < 0);
}

static bool same_items(const lw_strset *s, const lc_str *items, uint32_t n) {
  if (s->n != n) return false;
  for (uint32_t i = 0; i < n; i++)
    if (!lc_rt_str_eq(s->items[i], items[i])) return false;
  return true;
}

/* Members sorted bytewise without duplicates: a stable dump, and a table emitters can search.
 * Equal sets are built once: a list const used by many rules is one set, as a regex is. */
static uint32_t strset_index(lw *w, lc_str *items, uint32_t n) {
  qsort(items, n, sizeof *items, cmp_str);
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++)
    if (m == 0 || !lc_rt_str_eq(items[m - 1], items[i])) items[m++] = items[i];
  n = m;
  for (uint32_t i = 0; i < w->strsets.n; i++)
    if (same_items(LC_VEC_AT(w->strsets, lw_strset, i), items, n)) return i;
  lw_strset *s = LC_NEW(w->a, lw_strset);
  *s = (lw_strset){items, n, lc_strset_new(items, n)};
  if (!s->set && !w->error) w->error = "out of memory building a string set";
  lc_vec_push(w->a, &w->strsets, s);
  return w->strsets.n - 1;
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

static double num_of(const lc_pexpr *k) {
  switch (k->type) {
  case PT_NUM: return k->k.num;
  case PT_TIME: case PT_DUR: return (double)k->k.us;
  case PT_ENUM: return (double)k->k.i;
  default: return k->k.b;
  }
}

/* x in [k…]: a set lookup when every item is constant (missing items can never be equal to
 * anything, so they are dropped); otherwise `x == i1 or x == i2 …`, which gives the same answer
 * for present values. */
static lc_pexpr *in_list(lw *w, const lw_env *env, const ast_expr *x, const ast_expr *list) {
  lc_pexpr *a = lw_expr(w, env, x);
  lw_items it = list_items(w, env, list, x->type);
  bool constant = true;
  for (uint32_t i = 0; i < it.n; i++) constant &= it.k[i]->op == P_CONST || it.k[i]->op == P_MISSING;
  if (!constant) {
    lc_pexpr *any = k_bool(w, false);
    for (uint32_t i = 0; i < it.n; i++) any = op2(w, P_OR, PT_BOOL, any, op2(w, P_EQ, PT_BOOL, a, it.k[i]));
    return any;
  }
  uint32_t n = 0;
  for (uint32_t i = 0; i < it.n; i++)
    if (it.k[i]->op == P_CONST) it.k[n++] = it.k[i];
  lc_pexpr *e;
  if (a->type == PT_STR) {
    lc_str *items = LC_NEW_ARRAY(w->a, lc_str, n);
    for (uint32_t i = 0; i < n; i++) items[i] = it.k[i]->k.str;
    e = lw_new(w, P_IN_STRSET, PT_BOOL);
    e->index = strset_index(w, items, n);
  } else {
    double *nums = LC_NEW_ARRAY(w->a, double, n);
    for (uint32_t i = 0; i < n; i++) nums[i] = num_of(it.k[i]);
    qsort(nums, n, sizeof *nums, cmp_double);
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
      if (m == 0 || nums[m - 1] != nums[i]) nums[m++] = nums[i];
    e = lw_new(w, P_IN_NUMS, PT_BOOL);
    e->nums = nums;
    e->nnums = m;
  }
  e->a = a;
  return lw_fold(w, e);
}

/* ---- calls */

static lc_pexpr *arg(lw *w, const lw_env *env, const ast_expr *call, uint32_t i) {
  return i < call->u.call.args.n ? lw_expr(w, env, LC_VEC_AT(call->u.call.args, ast_expr, i)) : NULL;
}

static lc_pexpr *inline_def(lw *w, const lw_env *env, const ast_expr *e, const lc_def *def) {
  lc_pexpr **args = LC_NEW_ARRAY(w->a, lc_pexpr *, def->nparams);
  for (uint32_t i = 0; i < def->nparams; i++) args[i] = arg(w, env, e, i);
  lw_env body = {def, args, env->level, env->level};
  return lw_expr(w, &body, def->body);
}

static lc_pexpr *builtin(lw *w, const lw_env *env, const ast_expr *e, lc_builtin b) {
  lc_pexpr *c = lw_new(w, P_CALL, lw_ptype(e->type));
  c->builtin = b;
  c->nargs = e->u.call.args.n;
  c->a = arg(w, env, e, 0);
  c->b = arg(w, env, e, 1);
  c->c = arg(w, env, e, 2);
  return lw_fold(w, c);
}

static lc_pexpr *aggregate(lw *w, const lw_env *env, const ast_expr *e) {
  const lc_sym *s = e->sym;
  lc_pexpr *g = lw_new(w, P_AGG, lw_ptype(e->type));
  g->agg.kind = s->agg.kind;
  g->agg.list = lw_expr(w, env, s->agg.list);
  g->agg.elem = lw_record_index(w, s->agg.elem);
  g->agg.level = s->agg.level + env->offset;
  lw_env inner = *env;
  inner.level = g->agg.level;
  if (e->u.call.within) g->agg.within = lw_expr(w, env, e->u.call.within);
  if (e->u.call.where) g->agg.where = lw_expr(w, &inner, e->u.call.where);
  if (s->agg.proj) {
    lc_pexpr *p = lw_new(w, P_FIELD, lw_ptype(s->agg.proj->type));
    p->field.level = g->agg.level;
    p->field.slot = lw_field_slot(w, s->agg.proj);
    g->agg.proj = p;
  }
  return g;
}

static lc_pexpr *call(lw *w, const lw_env *env, const ast_expr *e) {
  switch (e->sym->kind) {
  case LC_SYM_DEF: return inline_def(w, env, e, e->sym->def);
  case LC_SYM_BUILTIN: return builtin(w, env, e, e->sym->builtin);
  case LC_SYM_AGGREGATE: return aggregate(w, env, e);
  default: return lw_new(w, P_MISSING, lw_ptype(e->type));
  }
}

/* ---- operators */

static lc_pexpr *binary(lw *w, const lw_env *env, const ast_expr *e) {
  const ast_expr *x = e->u.binary.a, *y = e->u.binary.b;
  ast_binop op = e->u.binary.op;
  switch (op) {
  case OP_IN: return in_list(w, env, x, y);
  case OP_NOT_IN: return op1(w, P_NOT, PT_BOOL, in_list(w, env, x, y));
  case OP_MATCHES: return matches(w, lw_expr(w, env, x), y);
  default: break;
  }
  lc_pexpr *a = lw_expr(w, env, x), *b = lw_expr(w, env, y);
  unify_enum(w, x, y, &a, &b);
  lc_ptype t = lw_ptype(e->type);
  static const lc_pop ops[] = {
    [OP_ADD] = P_ADD, [OP_SUB] = P_SUB, [OP_MUL] = P_MUL, [OP_DIV] = P_DIV, [OP_MOD] = P_MOD,
    [OP_EQ] = P_EQ, [OP_NE] = P_NE, [OP_LT] = P_LT, [OP_LE] = P_LE, [OP_GT] = P_GT, [OP_GE] = P_GE,
    [OP_AND] = P_AND, [OP_OR] = P_OR, [OP_COALESCE] = P_COALESCE,
    [OP_CONTAINS] = P_CONTAINS, [OP_STARTS_WITH] = P_STARTS_WITH, [OP_ENDS_WITH] = P_ENDS_WITH,
  };
  return op2(w, ops[op], t, a, b);
}

static lc_pexpr *unary(lw *w, const lw_env *env, const ast_expr *e) {
  lc_pexpr *a = lw_expr(w, env, e->u.unary.a);
  switch (e->u.unary.op) {
  case OP_NEG: return op1(w, P_NEG, lw_ptype(e->type), a);
  case OP_NOT: return op1(w, P_NOT, PT_BOOL, a);
  case OP_POS: break;
  }
  return a;
}

static lc_pexpr *in_range(lw *w, const lw_env *env, const ast_expr *e) {
  const ast_expr *x = e->u.range.x;
  lc_pexpr *r = lw_new(w, P_IN_RANGE, PT_BOOL);
  r->a = lw_expr(w, env, x);
  r->b = as_enum(w, lw_expr(w, env, e->u.range.lo), x->type);
  r->c = as_enum(w, lw_expr(w, env, e->u.range.hi), x->type);
  r = lw_fold(w, r);
  return e->u.range.negated ? op1(w, P_NOT, PT_BOOL, r) : r;
}

static lc_pexpr *name(lw *w, const lw_env *env, const ast_expr *e) {
  const lc_sym *s = e->sym;
  switch (s->kind) {
  case LC_SYM_INPUT_FIELD: case LC_SYM_ELEM_FIELD: return field(w, env, s);
  case LC_SYM_CONST: return value(w, s->cnst->value, e->type);
  case LC_SYM_PARAM: return env->args[s->param];
  case LC_SYM_GROUP_TOTAL: {
    lc_pexpr *g = lw_new(w, P_GROUP_TOTAL, PT_NUM);
    g->index = s->group->index;
    return g;
  }
  default: return lw_new(w, P_SCORE, PT_NUM);
  }
}

lc_pexpr *lw_expr(lw *w, const lw_env *env, const ast_expr *e) {
  switch (e->kind) {
  case AST_NUM: return k_num(w, e->u.num);
  case AST_BOOL: return k_bool(w, e->u.boolean);
  case AST_DUR: return k_us(w, PT_DUR, e->u.us);
  case AST_TIME: return k_us(w, PT_TIME, e->u.us);
  case AST_STR: return as_enum(w, k_str(w, e->u.str.s, e->u.str.len), e->type);
  case AST_NAME: case AST_FIELD: return name(w, env, e);
  case AST_SCORE: return lw_new(w, P_SCORE, PT_NUM);
  case AST_CALL: return call(w, env, e);
  case AST_UNARY: return unary(w, env, e);
  case AST_BINARY: return binary(w, env, e);
  case AST_IN_RANGE: return in_range(w, env, e);
  case AST_IS: return op1(w, e->u.is.present ? P_IS_PRESENT : P_IS_MISSING, PT_BOOL, lw_expr(w, env, e->u.is.x));
  case AST_REGEX: case AST_LIST: break;
  }
  return lw_new(w, P_MISSING, lw_ptype(e->type));
}
