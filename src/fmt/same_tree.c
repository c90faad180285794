/* Structural equality of two syntax trees, ignoring where things are in the file. The formatter
 * parses its own output and compares it with the tree it started from, so a layout can never
 * change what a model means, whatever the input; a difference is a formatter bug and is reported
 * as one instead of being written out. */
#include "fmt/fmt.h"

#include <string.h>

static bool same_str(const char *a, uint32_t na, const char *b, uint32_t nb) {
  return na == nb && (!na || !memcmp(a, b, na));
}

static bool same_lit(const ast_str_lit *a, const ast_str_lit *b) {
  if (!a || !b) return a == b;
  return same_str(a->s, a->len, b->s, b->len);
}

static bool same_name(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return !strcmp(a, b);
}

static bool json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* A `given` object is re-indented with its test, so its white space outside strings may differ. */
static bool same_json(const ast_str_lit *a, const ast_str_lit *b) {
  if (!a || !b) return a == b;
  uint32_t i = 0, j = 0;
  bool in_str = false;
  for (;;) {
    if (!in_str) {
      while (i < a->len && json_space(a->s[i])) i++;
      while (j < b->len && json_space(b->s[j])) j++;
    }
    if (i == a->len || j == b->len) return i == a->len && j == b->len;
    if (a->s[i] != b->s[j]) return false;
    if (in_str && a->s[i] == '\\' && i + 1 < a->len && j + 1 < b->len) {
      if (a->s[i + 1] != b->s[j + 1]) return false;
      i += 2;
      j += 2;
      continue;
    }
    if (a->s[i] == '"') in_str = !in_str;
    i++;
    j++;
  }
}

static bool same_expr(const ast_expr *a, const ast_expr *b);

static bool same_exprs(const lc_vec *a, const lc_vec *b) {
  if (a->n != b->n) return false;
  for (uint32_t i = 0; i < a->n; i++)
    if (!same_expr(a->items[i], b->items[i])) return false;
  return true;
}

static bool same_expr(const ast_expr *a, const ast_expr *b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case AST_NUM: return a->u.num == b->u.num;
  case AST_STR: return same_str(a->u.str.s, a->u.str.len, b->u.str.s, b->u.str.len);
  case AST_BOOL: return a->u.boolean == b->u.boolean;
  case AST_DUR: case AST_TIME: return a->u.us == b->u.us;
  case AST_REGEX:
    return a->u.regex.flags == b->u.regex.flags &&
           same_str(a->u.regex.pattern, a->u.regex.len, b->u.regex.pattern, b->u.regex.len);
  case AST_LIST: return same_exprs(&a->u.list, &b->u.list);
  case AST_NAME: return same_name(a->u.name, b->u.name);
  case AST_SCORE: return true;
  case AST_FIELD: return same_name(a->u.field.name, b->u.field.name) && same_expr(a->u.field.obj, b->u.field.obj);
  case AST_CALL:
    return same_name(a->u.call.name, b->u.call.name) && same_exprs(&a->u.call.args, &b->u.call.args) &&
           same_expr(a->u.call.where, b->u.call.where) && same_expr(a->u.call.within, b->u.call.within);
  case AST_UNARY: return a->u.unary.op == b->u.unary.op && same_expr(a->u.unary.a, b->u.unary.a);
  case AST_BINARY:
    return a->u.binary.op == b->u.binary.op && same_expr(a->u.binary.a, b->u.binary.a) &&
           same_expr(a->u.binary.b, b->u.binary.b);
  case AST_IN_RANGE:
    return a->u.range.negated == b->u.range.negated && same_expr(a->u.range.x, b->u.range.x) &&
           same_expr(a->u.range.lo, b->u.range.lo) && same_expr(a->u.range.hi, b->u.range.hi);
  case AST_IS: return a->u.is.present == b->u.is.present && same_expr(a->u.is.x, b->u.is.x);
  }
  return false;
}

static bool same_type(const ast_type *a, const ast_type *b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind || a->optional != b->optional || !same_name(a->name, b->name)) return false;
  if (a->members.n != b->members.n) return false;
  for (uint32_t i = 0; i < a->members.n; i++)
    if (!same_lit(a->members.items[i], b->members.items[i])) return false;
  return same_type(a->elem, b->elem);
}

static bool same_fields(const lc_vec *a, const lc_vec *b) {
  if (a->n != b->n) return false;
  for (uint32_t i = 0; i < a->n; i++) {
    const ast_field *x = a->items[i], *y = b->items[i];
    if (!same_name(x->name, y->name) || x->is_key != y->is_key || x->is_timestamp != y->is_timestamp ||
        !same_lit(x->from, y->from) || !same_type(x->type, y->type))
      return false;
  }
  return true;
}

static bool same_lits(const lc_vec *a, const lc_vec *b) {
  if (a->n != b->n) return false;
  for (uint32_t i = 0; i < a->n; i++)
    if (!same_lit(a->items[i], b->items[i])) return false;
  return true;
}

static bool same_rule(const ast_rule *a, const ast_rule *b) {
  return a->kind == b->kind && a->decay == b->decay && same_expr(a->cond, b->cond) && same_expr(a->list, b->list) &&
         same_expr(a->where, b->where) && same_expr(a->within, b->within) && same_expr(a->points, b->points) &&
         same_expr(a->decay_param, b->decay_param) && same_expr(a->since, b->since) && same_expr(a->cap, b->cap) &&
         same_expr(a->floor, b->floor);
}

static bool same_expect(const ast_expect *a, const ast_expect *b) {
  if (a->kind != b->kind || a->op != b->op || !same_name(a->target.name, b->target.name) ||
      !same_expr(a->value, b->value) || !same_lit(a->field, b->field) || a->names.n != b->names.n)
    return false;
  for (uint32_t i = 0; i < a->names.n; i++)
    if (!same_name(((ast_ident *)a->names.items[i])->name, ((ast_ident *)b->names.items[i])->name)) return false;
  return true;
}

static bool same_test(const ast_test *a, const ast_test *b) {
  if (!same_expr(a->as_of, b->as_of) || !same_json(a->given_json, b->given_json) ||
      !same_lit(a->given_file, b->given_file) || a->expects.n != b->expects.n)
    return false;
  for (uint32_t i = 0; i < a->expects.n; i++)
    if (!same_expect(a->expects.items[i], b->expects.items[i])) return false;
  return true;
}

static bool same_decl(const ast_decl *a, const ast_decl *b);

static bool same_decls(const lc_vec *a, const lc_vec *b) {
  if (a->n != b->n) return false;
  for (uint32_t i = 0; i < a->n; i++)
    if (!same_decl(a->items[i], b->items[i])) return false;
  return true;
}

static bool same_decl(const ast_decl *a, const ast_decl *b) {
  if (a->kind != b->kind || !same_name(a->name, b->name) || !same_lit(a->text, b->text)) return false;
  switch (a->kind) {
  case AST_RANGE: return same_expr(a->u.range.lo, b->u.range.lo) && same_expr(a->u.range.hi, b->u.range.hi);
  case AST_INPUT: case AST_RECORD:
    return same_fields(&a->u.record.fields, &b->u.record.fields) &&
           same_lits(&a->u.record.missing_values, &b->u.record.missing_values);
  case AST_CONST: return same_expr(a->u.value, b->u.value);
  case AST_DEF: {
    const lc_vec *pa = &a->u.def.params, *pb = &b->u.def.params;
    if (pa->n != pb->n || !same_type(a->u.def.ret, b->u.def.ret) || !same_expr(a->u.def.body, b->u.def.body)) return false;
    for (uint32_t i = 0; i < pa->n; i++) {
      const ast_param *x = pa->items[i], *y = pb->items[i];
      if (!same_name(x->name, y->name) || !same_type(x->type, y->type)) return false;
    }
    return true;
  }
  case AST_RULE: return same_rule(&a->u.rule, &b->u.rule);
  case AST_GROUP:
    return same_expr(a->u.group.cap, b->u.group.cap) && same_expr(a->u.group.floor, b->u.group.floor) &&
           same_decls(&a->u.group.rules, &b->u.group.rules);
  case AST_TIER: return same_expr(a->u.tier_cond, b->u.tier_cond);
  case AST_TEST: return same_test(&a->u.test, &b->u.test);
  case AST_MODEL: case AST_VERSION: case AST_IMPORT: return true;
  }
  return false;
}

bool lc_fmt_same_tree(const ast_module *a, const ast_module *b) { return same_decls(&a->decls, &b->decls); }

bool lc_fmt_same_expr(const ast_expr *a, const ast_expr *b) { return same_expr(a, b); }
