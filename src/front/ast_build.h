/* The constructors the grammar calls: every action in parser.y is one of these, so the grammar
 * stays a table of shapes and all allocation and field wiring lives here. Spans come from the
 * parser's locations (lc_span); nothing here resolves names or checks types. The few checks made
 * here are the ones only the parser can see, such as a test giving `as_of` twice. */
#ifndef LEADC_FRONT_AST_BUILD_H
#define LEADC_FRONT_AST_BUILD_H

#include "front/ast.h"
#include "front/diag.h"

typedef struct ast_builder {
  lc_arena *arena;
  lc_diags *diags;
} ast_builder;

/* The value of a regex token: the pattern exactly as written between the slashes. */
typedef struct ast_regex_lit { const char *pattern; uint32_t len, flags; } ast_regex_lit;

/* ---- lists of nodes, passed by value between grammar actions */
lc_vec ast_vec_empty(void);
lc_vec ast_vec1(ast_builder *b, void *item);
lc_vec ast_vec_add(ast_builder *b, lc_vec v, void *item);

/* ---- expressions */
ast_expr *ast_num(ast_builder *b, double v, lc_span sp);
ast_expr *ast_str(ast_builder *b, ast_str_lit *s);
ast_expr *ast_bool(ast_builder *b, bool v, lc_span sp);
ast_expr *ast_dur(ast_builder *b, int64_t us, lc_span sp);
ast_expr *ast_time(ast_builder *b, int64_t us, lc_span sp);
ast_expr *ast_regex(ast_builder *b, ast_regex_lit re, lc_span sp);
ast_expr *ast_list(ast_builder *b, lc_vec items, lc_span sp);
ast_expr *ast_name(ast_builder *b, const char *name, lc_span sp);
ast_expr *ast_score(ast_builder *b, lc_span sp);
ast_expr *ast_dot(ast_builder *b, ast_expr *obj, const char *name, lc_span name_span, lc_span sp);
ast_expr *ast_call(ast_builder *b, const char *name, lc_span name_span, lc_vec args,
                   ast_expr *where, ast_expr *within, lc_span sp);
ast_expr *ast_unary(ast_builder *b, ast_unop op, ast_expr *a, lc_span sp);
ast_expr *ast_binary(ast_builder *b, ast_binop op, ast_expr *a, ast_expr *c, lc_span sp);
ast_expr *ast_in_range(ast_builder *b, ast_expr *x, ast_expr *lo, ast_expr *hi, bool negated, lc_span sp);
ast_expr *ast_is(ast_builder *b, ast_expr *x, bool present, lc_span sp);
/* A parenthesised expression keeps its node but widens the span to the parentheses. */
ast_expr *ast_paren(ast_builder *b, ast_expr *inner, lc_span sp);

/* ---- types, fields, parameters */
ast_type *ast_ty_name(ast_builder *b, const char *name, lc_span sp);
ast_type *ast_ty_enum(ast_builder *b, lc_vec members, lc_span sp);
ast_type *ast_ty_list(ast_builder *b, ast_type *elem, lc_span sp);
ast_type *ast_ty_optional(ast_builder *b, ast_type *t, lc_span sp);

enum { AST_FIELD_PLAIN, AST_FIELD_KEY, AST_FIELD_TIMESTAMP };
ast_field *ast_field_decl(ast_builder *b, lc_span sp, int mod, const char *name, lc_span name_span,
                          ast_type *type, ast_str_lit *from);
ast_param *ast_param_decl(ast_builder *b, lc_span sp, const char *name, ast_type *type);
ast_ident *ast_ident_at(ast_builder *b, const char *name, lc_span sp);

/* ---- rules: the head (when/each) and the decay clause are built first as partial rules */
ast_rule *ast_rule_when(ast_builder *b, ast_expr *cond);
ast_rule *ast_rule_each(ast_builder *b, ast_expr *list, ast_expr *where, ast_expr *within);
ast_rule *ast_rule_decay(ast_builder *b, lc_span sp, ast_decay_kind kind, ast_expr *param, ast_expr *since);
ast_decl *ast_rule_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_str_lit *desc,
                        ast_rule *head, ast_expr *points, ast_rule *decay, ast_expr *cap, ast_expr *floor);

/* ---- tests: items are folded into one ast_test in source order */
ast_test *ast_test_begin(ast_builder *b);
ast_test *ast_test_as_of(ast_builder *b, ast_test *t, int64_t us, lc_span kw, lc_span value);
ast_test *ast_test_given_json(ast_builder *b, ast_test *t, ast_str_lit *json, lc_span kw);
ast_test *ast_test_given_file(ast_builder *b, ast_test *t, ast_str_lit *path, lc_span kw, lc_span end);
ast_test *ast_test_expect(ast_builder *b, ast_test *t, ast_expect *e);
ast_expect *ast_expect_value(ast_builder *b, lc_span sp, ast_expect_kind kind, ast_ident *target,
                             ast_binop op, ast_expr *value);
ast_expect *ast_expect_fired(ast_builder *b, lc_span sp, bool negated, lc_vec names);
ast_expect *ast_expect_rejected(ast_builder *b, lc_span sp, ast_str_lit *field);

/* ---- declarations */
ast_decl *ast_model_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_str_lit *desc);
ast_decl *ast_version_decl(ast_builder *b, lc_span sp, ast_str_lit *version);
ast_decl *ast_range_decl(ast_builder *b, lc_span sp, ast_expr *lo, ast_expr *hi);
ast_decl *ast_import_decl(ast_builder *b, lc_span sp, ast_str_lit *path);
ast_decl *ast_record_decl(ast_builder *b, ast_decl_kind kind, lc_span sp, const char *name, lc_span name_span,
                          lc_vec missing_values, lc_vec fields);
ast_decl *ast_const_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_expr *value);
ast_decl *ast_def_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, lc_vec params,
                       ast_type *ret, ast_expr *body);
ast_decl *ast_group_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_expr *cap,
                         ast_expr *floor, lc_vec rules);
ast_decl *ast_tier_decl(ast_builder *b, lc_span sp, const char *name, lc_span name_span, ast_expr *cond);
ast_decl *ast_test_decl(ast_builder *b, lc_span sp, ast_str_lit *name, ast_test *t);

void ast_module_add(ast_builder *b, ast_module *m, ast_decl *d);

#endif
