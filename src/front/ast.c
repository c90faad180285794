/* AST constructors called from the grammar actions (see ast_build.h). Each one allocates a node
 * from the compilation arena and fills it; nothing is freed individually. */
#include "front/ast_build.h"

lc_vec ast_vec_empty(void) { return (lc_vec){0}; }

lc_vec ast_vec1(ast_builder *b, void *item) {
  lc_vec v = {0};
  lc_vec_push(b->arena, &v, item);
  return v;
}

/* The vector travels by value through the parser stack; the previous copy is never used again,
 * so growing it in place is safe. */
lc_vec ast_vec_add(ast_builder *b, lc_vec v, void *item) {
  lc_vec_push(b->arena, &v, item);
  return v;
}

/* ---- expressions */

static ast_expr *expr(ast_builder *b, ast_expr_kind kind, lc_span sp) {
  ast_expr *e = LC_NEW(b->arena, ast_expr);
  e->kind = kind;
  e->span = sp;
  return e;
}

static ast_expr *deeper(ast_expr *x, ast_expr *y) {
  if (!x) return y;
  if (!y) return x;
  return y->depth > x->depth ? y : x;
}

static ast_expr *deepest(lc_vec v) {
  ast_expr *d = NULL;
  for (uint32_t i = 0; i < v.n; i++) d = deeper(d, v.items[i]);
  return d;
}

/* Gives e the depth of its deepest child plus one. Past AST_MAX_DEPTH the node is dropped in
 * favour of that child, reported once (the child is marked one past the limit, so ancestors
 * pass it up silently): the tree stays shallow and the error is not repeated. */
static ast_expr *bounded(ast_builder *b, ast_expr *e, ast_expr *child) {
  uint32_t d = child ? child->depth : 0;
  if (d < AST_MAX_DEPTH) {
    e->depth = d + 1;
    return e;
  }
  if (d == AST_MAX_DEPTH) {
    lc_report(b->diags, LC_E0101, e->span, "this expression is nested more than %d levels deep", AST_MAX_DEPTH);
    child->depth = AST_MAX_DEPTH + 1;
  }
  return child;
}

ast_expr *ast_num(ast_builder *b, double v, lc_span sp) {
  ast_expr *e = expr(b, AST_NUM, sp);
  e->u.num = v;
  return e;
}

ast_expr *ast_str(ast_builder *b, ast_str_lit *s) {
  ast_expr *e = expr(b, AST_STR, s->span);
  e->u.str.s = s->s;
  e->u.str.len = s->len;
  return e;
}

ast_expr *ast_bool(ast_builder *b, bool v, lc_span sp) {
  ast_expr *e = expr(b, AST_BOOL, sp);
  e->u.boolean = v;
  return e;
}

ast_expr *ast_dur(ast_builder *b, int64_t us, lc_span sp) {
  ast_expr *e = expr(b, AST_DUR, sp);
  e->u.us = us;
  return e;
}

ast_expr *ast_time(ast_builder *b, int64_t us, lc_span sp) {
  ast_expr *e = expr(b, AST_TIME, sp);
  e->u.us = us;
  return e;
}

ast_expr *ast_regex(ast_builder *b, ast_regex_lit re, lc_span sp) {
  ast_expr *e = expr(b, AST_REGEX, sp);
  e->u.regex.pattern = re.pattern;
  e->u.regex.len = re.len;
  e->u.regex.flags = re.flags;
  return e;
}

ast_expr *ast_list(ast_builder *b, lc_vec items, lc_span sp) {
  ast_expr *e = expr(b, AST_LIST, sp);
  e->u.list = items;
  return bounded(b, e, deepest(items));
}

ast_expr *ast_name(ast_builder *b, const char *name, lc_span sp) {
  ast_expr *e = expr(b, AST_NAME, sp);
  e->u.name = name;
  return e;
}

ast_expr *ast_score(ast_builder *b, lc_span sp) { return expr(b, AST_SCORE, sp); }

ast_expr *ast_dot(ast_builder *b, ast_expr *obj, const char *name, lc_span name_span, lc_span sp) {
  ast_expr *e = expr(b, AST_FIELD, sp);
  e->u.field.obj = obj;
  e->u.field.name = name;
  e->u.field.name_span = name_span;
  return bounded(b, e, obj);
}

ast_expr *ast_call(ast_builder *b, const char *name, lc_span name_span, lc_vec args,
                   ast_expr *where, ast_expr *within, lc_span sp) {
  ast_expr *e = expr(b, AST_CALL, sp);
  e->u.call.name = name;
  e->u.call.name_span = name_span;
  e->u.call.args = args;
  e->u.call.where = where;
  e->u.call.within = within;
  return bounded(b, e, deeper(deepest(args), deeper(where, within)));
}

ast_expr *ast_unary(ast_builder *b, ast_unop op, ast_expr *a, lc_span sp) {
  ast_expr *e = expr(b, AST_UNARY, sp);
  e->u.unary.op = op;
  e->u.unary.a = a;
  return bounded(b, e, a);
}

ast_expr *ast_binary(ast_builder *b, ast_binop op, ast_expr *a, ast_expr *c, lc_span sp) {
  ast_expr *e = expr(b, AST_BINARY, sp);
  e->u.binary.op = op;
  e->u.binary.a = a;
  e->u.binary.b = c;
  return bounded(b, e, deeper(a, c));
}

ast_expr *ast_in_range(ast_builder *b, ast_expr *x, ast_expr *lo, ast_expr *hi, bool negated, lc_span sp) {
  ast_expr *e = expr(b, AST_IN_RANGE, sp);
  e->u.range.x = x;
  e->u.range.lo = lo;
  e->u.range.hi = hi;
  e->u.range.negated = negated;
  return bounded(b, e, deeper(x, deeper(lo, hi)));
}

ast_expr *ast_is(ast_builder *b, ast_expr *x, bool present, lc_span sp) {
  ast_expr *e = expr(b, AST_IS, sp);
  e->u.is.x = x;
  e->u.is.present = present;
  return bounded(b, e, x);
}

ast_expr *ast_paren(ast_builder *b, ast_expr *inner, lc_span sp) {
  inner->span = sp;
  return inner;
}

/* ---- types, fields, parameters */

static ast_type *type(ast_builder *b, ast_type_kind kind, lc_span sp) {
  ast_type *t = LC_NEW(b->arena, ast_type);
  t->kind = kind;
  t->span = sp;
  return t;
}

ast_type *ast_ty_name(ast_builder *b, const char *name, lc_span sp) {
  ast_type *t = type(b, AST_TY_NAME, sp);
  t->name = name;
  return t;
}

ast_type *ast_ty_enum(ast_builder *b, lc_vec members, lc_span sp) {
  ast_type *t = type(b, AST_TY_ENUM, sp);
  t->members = members;
  return t;
}

ast_type *ast_ty_list(ast_builder *b, ast_type *elem, lc_span sp) {
  ast_type *t = type(b, AST_TY_LIST, sp);
  t->elem = elem;
  return t;
}

ast_type *ast_ty_optional(ast_builder *b, ast_type *t, lc_span sp) {
  t->optional = true;
  t->span = sp;
  return t;
}

ast_field *ast_field_decl(ast_builder *b, lc_span sp, int mod, const char *name, lc_span name_span,
                          ast_type *type, ast_str_lit *from) {
  ast_field *f = LC_NEW(b->arena, ast_field);
  f->name = name;
  f->span = sp;
  f->name_span = name_span;
  f->type = type;
  f->is_key = mod == AST_FIELD_KEY;
  f->is_timestamp = mod == AST_FIELD_TIMESTAMP;
  f->from = from;
  return f;
}

ast_param *ast_param_decl(ast_builder *b, lc_span sp, const char *name, ast_type *type) {
  ast_param *p = LC_NEW(b->arena, ast_param);
  p->name = name;
  p->span = sp;
  p->type = type;
  return p;
}

ast_ident *ast_ident_at(ast_builder *b, const char *name, lc_span sp) {
  ast_ident *id = LC_NEW(b->arena, ast_ident);
  id->name = name;
  id->span = sp;
  return id;
}

/* ---- rules */

ast_rule *ast_rule_when(ast_builder *b, ast_expr *cond) {
  ast_rule *r = LC_NEW(b->arena, ast_rule);
  r->kind = AST_RULE_WHEN;
  r->cond = cond;
  return r;
}

ast_rule *ast_rule_each(ast_builder *b, ast_expr *list, ast_expr *where, ast_expr *within) {
  ast_rule *r = LC_NEW(b->arena, ast_rule);
  r->kind = AST_RULE_EACH;
  r->list = list;
  r->where = where;
  r->within = within;
  return r;
}

ast_rule *ast_rule_decay(ast_builder *b, lc_span sp, ast_decay_kind kind, ast_expr *param, ast_expr *since) {
  ast_rule *r = LC_NEW(b->arena, ast_rule);
  r->decay = kind;
  r->decay_param = param;
  r->since = since;
  r->decay_span = sp;
  return r;
}

static ast_decl *decl(ast_builder *b, ast_decl_kind kind, lc_span sp, const char *name, lc_span name_span) {
  ast_decl *d = LC_NEW(b->arena, ast_decl);
  d->kind = kind;
  d->span = sp;
  d->name = name;
  d->name_span = name_span;
  return d;
}

ast_decl *ast_rule_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_str_lit *desc,
                        ast_rule *head, ast_expr *points, ast_rule *decay, ast_expr *cap, ast_expr *floor) {
  ast_decl *d = decl(b, AST_RULE, sp, name, name_span);
  d->text = desc;
  d->u.rule = *head;
  d->u.rule.points = points;
  if (decay) {
    d->u.rule.decay = decay->decay;
    d->u.rule.decay_param = decay->decay_param;
    d->u.rule.since = decay->since;
    d->u.rule.decay_span = decay->decay_span;
  }
  d->u.rule.cap = cap;
  d->u.rule.floor = floor;
  return d;
}

/* ---- tests */

ast_test *ast_test_begin(ast_builder *b) { return LC_NEW(b->arena, ast_test); }

/* A second as_of or given would silently win over the first; only the parser sees both. */
static void once(ast_builder *b, bool seen, lc_span first, lc_span again, const char *what) {
  if (!seen) return;
  lc_diag *g = lc_report(b->diags, LC_E0103, again, "this test already has %s", what);
  lc_diag_note(b->diags, g, first, "first given here");
}

ast_test *ast_test_as_of(ast_builder *b, ast_test *t, int64_t us, lc_span kw, lc_span value) {
  lc_span sp = lc_span_join(kw, value);
  once(b, t->as_of != NULL, t->as_of_span, sp, "an `as_of`");
  t->as_of = ast_time(b, us, value);
  t->as_of_span = sp;
  return t;
}

ast_test *ast_test_given_json(ast_builder *b, ast_test *t, ast_str_lit *json, lc_span kw) {
  lc_span sp = lc_span_join(kw, json->span);
  once(b, t->given_json || t->given_file, t->given_span, sp, "a `given` record");
  t->given_json = json;
  t->given_file = NULL;
  t->given_span = sp;
  return t;
}

ast_test *ast_test_given_file(ast_builder *b, ast_test *t, ast_str_lit *path, lc_span kw, lc_span end) {
  lc_span sp = lc_span_join(kw, end);
  once(b, t->given_json || t->given_file, t->given_span, sp, "a `given` record");
  t->given_file = path;
  t->given_json = NULL;
  t->given_span = sp;
  return t;
}

ast_test *ast_test_expect(ast_builder *b, ast_test *t, ast_expect *e) {
  lc_vec_push(b->arena, &t->expects, e);
  return t;
}

static ast_expect *expect(ast_builder *b, ast_expect_kind kind, lc_span sp) {
  ast_expect *e = LC_NEW(b->arena, ast_expect);
  e->kind = kind;
  e->span = sp;
  return e;
}

ast_expect *ast_expect_value(ast_builder *b, lc_span sp, ast_expect_kind kind, ast_ident *target,
                             ast_binop op, ast_expr *value) {
  ast_expect *e = expect(b, kind, sp);
  if (target) e->target = *target;
  e->op = op;
  e->value = value;
  return e;
}

ast_expect *ast_expect_fired(ast_builder *b, lc_span sp, bool negated, lc_vec names) {
  ast_expect *e = expect(b, negated ? AST_EXPECT_NOT_FIRED : AST_EXPECT_FIRED, sp);
  e->names = names;
  return e;
}

ast_expect *ast_expect_rejected(ast_builder *b, lc_span sp, ast_str_lit *field) {
  ast_expect *e = expect(b, AST_EXPECT_REJECTED, sp);
  e->field = field;
  return e;
}

/* ---- declarations */

ast_decl *ast_model_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_str_lit *desc) {
  ast_decl *d = decl(b, AST_MODEL, sp, name, name_span);
  d->text = desc;
  return d;
}

ast_decl *ast_version_decl(ast_builder *b, lc_span sp, ast_str_lit *version) {
  ast_decl *d = decl(b, AST_VERSION, sp, NULL, (lc_span){0});
  d->text = version;
  return d;
}

ast_decl *ast_range_decl(ast_builder *b, lc_span sp, ast_expr *lo, ast_expr *hi) {
  ast_decl *d = decl(b, AST_RANGE, sp, NULL, (lc_span){0});
  d->u.range.lo = lo;
  d->u.range.hi = hi;
  return d;
}

ast_decl *ast_import_decl(ast_builder *b, lc_span sp, ast_str_lit *path) {
  ast_decl *d = decl(b, AST_IMPORT, sp, NULL, (lc_span){0});
  d->text = path;
  return d;
}

ast_decl *ast_record_decl(ast_builder *b, ast_decl_kind kind, lc_span sp, const char *name, lc_span name_span,
                          lc_vec missing_values, lc_vec fields) {
  ast_decl *d = decl(b, kind, sp, name, name_span);
  d->u.record.fields = fields;
  d->u.record.missing_values = missing_values;
  return d;
}

ast_decl *ast_const_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_expr *value) {
  ast_decl *d = decl(b, AST_CONST, sp, name, name_span);
  d->u.value = value;
  return d;
}

ast_decl *ast_def_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, lc_vec params,
                       ast_type *ret, ast_expr *body) {
  ast_decl *d = decl(b, AST_DEF, sp, name, name_span);
  d->u.def.params = params;
  d->u.def.ret = ret;
  d->u.def.body = body;
  return d;
}

ast_decl *ast_group_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_expr *cap,
                         ast_expr *floor, lc_vec rules) {
  ast_decl *d = decl(b, AST_GROUP, sp, name, name_span);
  d->u.group.cap = cap;
  d->u.group.floor = floor;
  d->u.group.rules = rules;
  for (uint32_t i = 0; i < rules.n; i++) LC_VEC_AT(rules, ast_decl, i)->group = d;
  return d;
}

ast_decl *ast_tier_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_expr *cond) {
  ast_decl *d = decl(b, AST_TIER, sp, name, name_span);
  d->u.tier_cond = cond;
  return d;
}

ast_decl *ast_test_decl(ast_builder *b, lc_span sp, ast_str_lit *name, ast_test *t) {
  ast_decl *d = decl(b, AST_TEST, sp, NULL, (lc_span){0});
  d->text = name;
  d->u.test = *t;
  d->u.test.name = name;
  return d;
}

void ast_module_add(ast_builder *b, ast_module *m, ast_decl *d) { lc_vec_push(b->arena, &m->decls, d); }
