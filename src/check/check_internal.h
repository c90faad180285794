/* Shared state of the checker's passes (declare.c, check.c, check_expr.c, check_call.c,
 * fold.c, check_test.c, warnings.c). Not part of the contract with lowering: that is check.h. */
#ifndef LEADC_CHECK_CHECK_INTERNAL_H
#define LEADC_CHECK_CHECK_INTERNAL_H

#include "check/check.h"

/* Name spaces: a name must be unique within its space. Values are what an expression can name
 * (input fields, consts, defs, groups — groups are values in tier conditions), so those clash
 * with each other; rules, tiers, record types and tests each have their own space. */
typedef enum ck_ns { NS_VALUE, NS_RULE, NS_TIER, NS_TYPE, NS_TEST, NS_COUNT } ck_ns;

typedef enum ck_name_kind { N_FIELD, N_CONST, N_DEF, N_GROUP, N_RULE, N_TIER, N_RECORD, N_TEST } ck_name_kind;

typedef struct ck_name {
  const char *name;
  ck_name_kind kind;
  void *ptr;                     /* lc_field*, lc_const*, lc_def*, lc_group*, lc_rule*, lc_tier*, lc_record*, lc_test* */
  lc_span span;
} ck_name;

typedef struct ck_map {          /* open addressing, power-of-two capacity */
  ck_name **slots;
  uint32_t cap, n;
} ck_map;

ck_name *ck_map_get(const ck_map *m, const char *name);
void ck_map_put(lc_arena *a, ck_map *m, ck_name *n);
/* The names in the map, for did-you-mean; `kinds` is a bit set of (1 << ck_name_kind). */
const char *ck_map_suggest(lc_arena *a, const ck_map *m, const char *word, uint32_t kinds);

enum { CK_UNCHECKED, CK_CHECKING, CK_DONE };

typedef struct ck {
  lc_arena *a;
  lc_diags *d;
  lc_loader *loader;
  lc_program *p;
  lc_types *T;
  const lc_unit *unit;
  ck_map ns[NS_COUNT];
  lc_vec def_stack;              /* lc_def* being checked, for recursion chains */
  const ast_decl *range;         /* the score range declaration, if any */
  const ast_decl *decl;          /* the declaration being checked */
  ck_map unknown;                /* "decl/name" of names reported unknown, once per declaration */
} ck;

/* Where an expression stands decides what it may name. */
typedef enum ck_where {
  IN_RULE,                       /* rule conditions and points: input fields, consts, defs */
  IN_TIER,                       /* also `score` and group totals */
  IN_DEF,                        /* a def body: its parameters, consts, defs; not input fields */
  IN_CONST,                      /* must fold to a constant */
} ck_where;

/* The element an enclosing aggregate or `each` rule is visiting; a chain on the C stack. */
typedef struct ck_elem {
  lc_record *rec;
  uint32_t level;
  const struct ck_elem *outer;
} ck_elem;

typedef struct ck_env {
  ck_where where;
  lc_def *def;                   /* IN_DEF */
  const ck_elem *elem;           /* innermost element, NULL at level 0 */
} ck_env;

static inline uint32_t ck_level(const ck_env *env) { return env->elem ? env->elem->level : 0; }

/* declare.c: builds the program's declarations and name spaces; reports E01xx, E0204, E0206,
 * E05xx. */
void ck_declare(ck *c);
/* Registers a name; on a clash reports E0204 with a note at the first definition and returns
 * false. */
bool ck_define(ck *c, ck_ns ns, const char *name, ck_name_kind kind, void *ptr, lc_span span);

/* check_expr.c */
lc_type *ck_expr(ck *c, const ck_env *env, ast_expr *e);
/* Checks a condition (bool, E0302) / points (number, E0303); returns the type. */
lc_type *ck_cond(ck *c, const ck_env *env, ast_expr *e, const char *what);
lc_type *ck_points(ck *c, const ck_env *env, ast_expr *e);
/* Reports E0305 when t is the always-missing type; returns false then. */
bool ck_usable(ck *c, const ast_expr *e, const lc_type *t);
lc_sym *ck_sym(ck *c, lc_sym_kind kind);
/* The name an expression is known by in messages ("job_title", "events.at"), or NULL. */
const char *ck_expr_name(const ast_expr *e);
/* Checks the constant strings of `strs` (an AST_STR, a list literal, or a folded value) against
 * the enum `en` that `subject` has; reports E0203 with did-you-mean. */
void ck_enum_members(ck *c, const ast_expr *subject, lc_type *en, ast_expr *strs);

/* check_call.c */
lc_type *ck_call(ck *c, const ck_env *env, ast_expr *e);
/* Builtin, aggregate and lines() names, which a def may not take. */
bool ck_is_function_name(const char *name);
/* Checks the body of a def once; reports E0310 for recursion. */
void ck_def(ck *c, lc_def *d);
/* An `each` rule's list and element: E0306 when not a list of records. */
lc_record *ck_list_elem(ck *c, const ck_env *env, ast_expr *list, const char *what);
/* within D: a duration, and the element needs a timestamp (E0307). */
void ck_within(ck *c, const ck_env *env, ast_expr *within, lc_record *elem, const char *what);

/* fold.c: the value of a constant expression (already type-checked), or NULL with *culprit set
 * to the sub-expression that is not constant and *why to a sentence saying why. */
lc_value *ck_fold(ck *c, ast_expr *e, ast_expr **culprit, const char **why);
/* Folds and reports E0309 when not constant; NULL then (or when e has type errors). */
lc_value *ck_fold_or_report(ck *c, ast_expr *e, const char *what);
void ck_const(ck *c, lc_const *k);
lc_value *ck_value_new(ck *c, lc_type *t);

/* check_test.c */
void ck_tests(ck *c);
/* json_check.c: light validation of a given record against the input (E0602). */
void ck_given_json(ck *c, const lc_test *t, bool types);

/* warnings.c: W0002–W0005 */
void ck_warnings(ck *c);

#endif
