/* The checked program: what the checker hands to lowering. This header is a contract between
 * the checker (src/check) and lowering (src/plan); change it only together.
 *
 * Lowering runs only on a model (!is_module: a module has no input) for which no error was
 * reported. After lc_check returns such a program:
 *
 *  - Every ast_expr reachable from the program has `type` set (an lc_type, check/types.h), and
 *    every AST_NAME, AST_FIELD, AST_CALL and AST_SCORE has `sym` set to an lc_sym saying what it
 *    refers to (below). With errors, `type` may be the error type and `sym` may be NULL: lowering
 *    must not run on a program with errors.
 *  - String literals compared with an enum (`kind == "page_view"`, `kind in ["a", "b"]`) have
 *    their `type` set to that enum type and are known members: lower them with
 *    lc_type_enum_index. A const string compared with an enum is a member too (checked).
 *  - Regex literals are valid (the lexer compiled each one and reported E0008); lowering
 *    compiles them again for the plan, which owns the compiled objects. `matches` has a regex
 *    literal or a const holding one on its right; `in` has a list literal, a const list or
 *    lines() on its right, always constant.
 *  - Every constant the language requires to be constant is folded: const values, cap/floor,
 *    score range, decay durations, `as_of`. lines() files are read (program->list_files).
 *  - Defs are checked once against their declared parameter types and are not recursive; a call
 *    is inlined by lowering: inside a def body, LC_SYM_PARAM names the argument, and element
 *    levels (LC_SYM_ELEM_FIELD.level, agg.level) count from the body, so lowering adds the level
 *    of the call site.
 *
 * Scope levels: level 0 is the input record; an aggregate or `each` rule visiting a list puts
 * its element at the enclosing level + 1 (a nested aggregate inside a `where` gets level 2 …).
 *
 * Memory: everything is allocated in the arena passed to lc_check and lives until it is freed. */
#ifndef LEADC_CHECK_CHECK_H
#define LEADC_CHECK_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include "check/types.h"
#include "front/ast.h"
#include "front/diag.h"
#include "front/resolve.h"
#include "plan/plan.h"

typedef struct lc_record lc_record;
typedef struct lc_group lc_group;
typedef struct lc_def lc_def;

/* ---- folded constants */

typedef struct lc_value lc_value;
struct lc_value {
  lc_type *type;                 /* required form, or the missing type for an always-missing value */
  union {
    double num;                  /* number, int */
    int64_t us;                  /* time (µs since the epoch, UTC), duration (µs) */
    bool b;
    struct { const char *s; uint32_t len; } str;         /* string; NUL-terminated too */
    struct { const char *pattern; uint32_t len, flags; } regex;   /* flags: AST_REGEX_I|X */
    struct { lc_value **items; uint32_t n; } list;
  } u;
};

/* ---- the input shape and records */

typedef struct lc_field {
  const char *name;
  const char *key;               /* JSON key / CSV column: the `from "…"` name, else the name */
  lc_type *type;
  bool is_key, is_timestamp;
  uint32_t index;                /* position in its record */
  lc_record *record;
  const ast_field *ast;
  bool used;                     /* some expression reads it (lowering may skip the others) */
} lc_field;

struct lc_record {
  const char *name;
  bool is_input;
  uint32_t index;                /* in program->records */
  lc_field **fields;
  uint32_t nfields;
  lc_field *key;                 /* input only; NULL when none */
  lc_field *timestamp;           /* element records only; NULL when none */
  const char **missing_values;   /* `missing_values "…", …` of the block (NUL-terminated) */
  uint32_t *missing_lens;
  uint32_t nmissing;
  lc_type *type;                 /* the record type */
  const ast_decl *decl;
};

/* ---- named declarations */

typedef struct lc_const {
  const char *name;
  const ast_decl *decl;
  lc_type *type;
  lc_value *value;               /* folded; NULL only when the const has errors */
  bool in_module;                /* declared in an imported module */
  bool used;
  uint8_t state;                 /* checker-private: not checked / checking / done */
} lc_const;

typedef struct lc_param { const char *name; lc_span span; lc_type *type; } lc_param;

struct lc_def {
  const char *name;
  const ast_decl *decl;
  lc_param *params;
  uint32_t nparams;
  lc_type *ret;                  /* declared, else the body's type */
  ast_expr *body;
  bool in_module;
  bool used;
  uint8_t state;                 /* checker-private */
};

typedef enum lc_rule_kind { LC_RULE_WHEN, LC_RULE_EACH } lc_rule_kind;

typedef struct lc_rule {
  const char *name;
  const char *desc;              /* NULL when none */
  const ast_decl *decl;
  uint32_t index;                /* in program->rules */
  lc_group *group;               /* NULL at top level */
  lc_rule_kind kind;
  ast_expr *cond;                /* when: the condition (level 0) */
  ast_expr *list;                /* each: the list (level 0) */
  lc_record *elem;               /* each: the element record */
  ast_expr *where;               /* each: the element condition (level 1), or NULL */
  ast_expr *within;              /* each: duration (level 0), or NULL */
  ast_expr *points;              /* number; level 1 for each */
  lc_decay decay;
  int64_t decay_us;
  ast_expr *since;               /* when + decay: time (level 0) */
  bool has_cap, has_floor;
  double cap, floor;
} lc_rule;

struct lc_group {
  const char *name;
  const ast_decl *decl;
  uint32_t index;                /* in program->groups */
  bool has_cap, has_floor;
  double cap, floor;
  lc_vec rules;                  /* lc_rule*, in declaration order */
};

/* The terms of the score, in declaration order: top-level rules and groups. */
typedef struct lc_item { bool is_group; uint32_t index; } lc_item;

typedef struct lc_tier {
  const char *name;
  const ast_decl *decl;
  uint32_t index;
  ast_expr *cond;                /* NULL: otherwise */
} lc_tier;

/* One `expect` line with its names resolved and its value folded. */
typedef struct lc_expect {
  const ast_expect *ast;
  ast_expect_kind kind;
  ast_binop op;                  /* SCORE, TIER, GROUP, RULE: OP_EQ … OP_GE (TIER: EQ or NE) */
  double value;                  /* SCORE, GROUP, RULE */
  lc_tier *tier;                 /* TIER */
  lc_group *group;               /* GROUP */
  lc_rule *rule;                 /* RULE */
  lc_rule **rules;               /* FIRED, NOT_FIRED */
  uint32_t nrules;
  lc_field *field;               /* REJECTED: the input field named */
} lc_expect;

typedef struct lc_test {
  const char *name;
  const ast_decl *decl;
  int64_t as_of_us;
  const char *given_json;        /* the object's text: written inline, or the given file's text */
  uint32_t given_len;
  uint32_t given_file;           /* lc_sources id of given file("…"), 0 when inline */
  lc_span given_span;            /* where the object's text starts (for the reader's messages) */
  lc_expect *expects;
  uint32_t nexpects;
} lc_test;

/* A file read by lines("…"): one item per line, surrounding white space trimmed, empty lines
 * and lines starting with # skipped. */
typedef struct lc_list_file {
  const char *path;              /* as shown in messages */
  uint32_t file;                 /* lc_sources id */
  lc_value *value;               /* list<string> */
} lc_list_file;

/* ---- what names and calls refer to */

typedef enum lc_sym_kind {
  LC_SYM_INPUT_FIELD,   /* field: a field of the input record (bare name, or `lead.email`) */
  LC_SYM_INPUT,         /* the input record's name, only as the object of `lead.email` */
  LC_SYM_ELEM_FIELD,    /* field, level: a field of the element visited at that level */
  LC_SYM_CONST,         /* cnst (value folded in cnst->value) */
  LC_SYM_PARAM,         /* def, param: a parameter, inside that def's body */
  LC_SYM_DEF,           /* def: AST_CALL of a def */
  LC_SYM_BUILTIN,       /* builtin: AST_CALL of a builtin function */
  LC_SYM_AGGREGATE,     /* agg: AST_CALL of an aggregate */
  LC_SYM_LINES,         /* list_file: AST_CALL lines("…"), a constant list<string> */
  LC_SYM_GROUP_TOTAL,   /* group: a group's rounded total, in a tier condition */
  LC_SYM_SCORE,         /* AST_SCORE: the rounded score, in a tier condition */
} lc_sym_kind;

typedef struct lc_sym {
  lc_sym_kind kind;
  lc_field *field;               /* INPUT_FIELD, ELEM_FIELD */
  uint32_t level;                /* ELEM_FIELD: 1 = the outermost aggregate / each element */
  lc_const *cnst;                /* CONST */
  lc_def *def;                   /* DEF, PARAM */
  uint32_t param;                /* PARAM: index into def->params */
  lc_builtin builtin;            /* BUILTIN: B_ROUND vs B_ROUND_DIGITS decided by arity */
  struct {
    lc_aggkind kind;
    ast_expr *list;              /* the list expression (args[0], or args[0]->u.field.obj) */
    lc_record *elem;             /* the element record */
    lc_field *proj;              /* sum/min/max/avg/first/last/count_distinct: projected field */
    uint32_t level;              /* the level the element occupies inside where / projection */
  } agg;                         /* AGGREGATE; the call's where/within are in call.where/within */
  lc_list_file *list_file;       /* LINES */
  lc_group *group;               /* GROUP_TOTAL */
} lc_sym;

/* ---- the program */

typedef struct lc_program {
  uint32_t main_file;            /* lc_sources id of the file being checked */
  bool is_module;                /* the file has no model: checked as a module on its own */
  const ast_decl *model;         /* NULL for a module */
  const char *model_name, *model_desc, *version;   /* desc/version NULL when absent */
  bool has_range;
  double range_lo, range_hi;

  lc_record *input;              /* NULL for a module or when missing (E0501) */
  lc_vec records;                /* lc_record*: the input first, then element records */
  lc_vec consts;                 /* lc_const*, declaration order (modules at their import) */
  lc_vec defs;                   /* lc_def* */
  lc_vec rules;                  /* lc_rule*: every rule, groups' rules included, in order */
  lc_vec groups;                 /* lc_group* */
  lc_vec items;                  /* lc_item*: the score's terms in order */
  lc_vec tiers;                  /* lc_tier*, in order; an otherwise tier is last */
  lc_vec tests;                  /* lc_test* */
  lc_vec list_files;             /* lc_list_file* */
  lc_types types;
} lc_program;

/* Checks the unit and builds the program; reports every problem into diags. Never returns
 * NULL. `loader` reads lines() files relative to the file that holds the call. */
lc_program *lc_check(const lc_unit *unit, lc_loader *loader, lc_arena *a, lc_diags *diags);

#endif
