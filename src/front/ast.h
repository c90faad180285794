/* The syntax tree of one .score file. Nodes are arena-allocated and carry the span of the text
 * they came from. The parser only builds these nodes (through the ast_* constructors in ast.c);
 * every meaning — name resolution, types, constant folding — is added later by the checker in
 * the `type` and `sym` slots, or lives in the plan. Names are NUL-terminated arena strings.
 *
 * Expressions are deliberately generic: `count(events where … within 30d)` and `max(a, b)` are
 * both AST_CALL, and `events.at` is AST_FIELD; the checker decides which are aggregates,
 * projections or builtins, so the grammar stays small and keywords stay few. */
#ifndef LEADC_FRONT_AST_H
#define LEADC_FRONT_AST_H

#include <stdbool.h>
#include <stdint.h>
#include "front/source.h"
#include "util/arena.h"
#include "util/vec.h"

struct lc_type;   /* check/types.h */
struct lc_sym;    /* check/check.h */

typedef enum ast_expr_kind {
  AST_NUM,        /* 42, 1.5, 1_000 */
  AST_STR,        /* "…" (escapes decoded) */
  AST_BOOL,       /* true, false */
  AST_DUR,        /* 14d — microseconds */
  AST_TIME,       /* @2024-06-01 — microseconds since the Unix epoch, UTC */
  AST_REGEX,      /* /…/flags */
  AST_LIST,       /* [a, b, c] */
  AST_NAME,       /* identifier */
  AST_SCORE,      /* the `score` keyword inside a tier condition */
  AST_FIELD,      /* obj.name */
  AST_CALL,       /* name(args [where cond] [within dur]) */
  AST_UNARY,
  AST_BINARY,
  AST_IN_RANGE,   /* x [not] in lo .. hi */
  AST_IS,         /* x is missing | x is present */
} ast_expr_kind;

typedef enum ast_unop { OP_NEG, OP_POS, OP_NOT } ast_unop;

typedef enum ast_binop {
  OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
  OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
  OP_AND, OP_OR, OP_COALESCE,
  OP_IN, OP_NOT_IN, OP_CONTAINS, OP_STARTS_WITH, OP_ENDS_WITH, OP_MATCHES,
} ast_binop;

enum { AST_REGEX_I = 1, AST_REGEX_X = 2 };

/* The parser refuses expressions nested deeper than this (E0101), so every later pass may walk
 * the tree recursively without risking the stack, whatever the input. */
enum { AST_MAX_DEPTH = 256 };

typedef struct ast_expr ast_expr;
struct ast_expr {
  ast_expr_kind kind;
  lc_span span;
  struct lc_type *type;     /* set by the checker */
  struct lc_sym *sym;       /* set by the checker for AST_NAME, AST_CALL (def/builtin), AST_FIELD */
  uint32_t depth;           /* 0 for a leaf; at most AST_MAX_DEPTH + 1 */
  union {
    double num;
    bool boolean;
    int64_t us;                                                    /* AST_DUR, AST_TIME */
    struct { const char *s; uint32_t len; } str;                   /* AST_STR */
    struct { const char *pattern; uint32_t len; uint32_t flags; } regex;
    lc_vec list;                                                   /* ast_expr* */
    const char *name;                                              /* AST_NAME */
    struct { ast_expr *obj; const char *name; lc_span name_span; } field;
    struct {
      const char *name; lc_span name_span;
      lc_vec args;                                                 /* ast_expr* */
      ast_expr *where, *within;                                    /* NULL when absent */
    } call;
    struct { ast_unop op; ast_expr *a; } unary;
    struct { ast_binop op; ast_expr *a, *b; } binary;
    struct { ast_expr *x, *lo, *hi; bool negated; } range;
    struct { ast_expr *x; bool present; } is;
  } u;
};

/* ---- types as written */

typedef enum ast_type_kind {
  AST_TY_NAME,    /* bool number int string time duration, or a record name */
  AST_TY_ENUM,    /* enum("a", "b") */
  AST_TY_LIST,    /* list<T> */
} ast_type_kind;

typedef struct ast_str_lit { const char *s; uint32_t len; lc_span span; } ast_str_lit;

typedef struct ast_type {
  ast_type_kind kind;
  lc_span span;
  bool optional;            /* T? */
  const char *name;         /* AST_TY_NAME */
  lc_vec members;           /* AST_TY_ENUM: ast_str_lit* */
  struct ast_type *elem;    /* AST_TY_LIST */
} ast_type;

typedef struct ast_field {
  const char *name;
  lc_span span;             /* the whole field line */
  lc_span name_span;
  ast_type *type;
  bool is_key, is_timestamp;
  ast_str_lit *from;        /* from "External Name", or NULL */
} ast_field;

typedef struct ast_param { const char *name; lc_span span; ast_type *type; } ast_param;

/* ---- rules */

typedef enum ast_rule_kind { AST_RULE_WHEN, AST_RULE_EACH } ast_rule_kind;
typedef enum ast_decay_kind { AST_DECAY_NONE, AST_DECAY_HALF_LIFE, AST_DECAY_LINEAR, AST_DECAY_STEP } ast_decay_kind;

typedef struct ast_rule {
  ast_rule_kind kind;
  ast_expr *cond;           /* when COND */
  ast_expr *list;           /* each LIST … */
  ast_expr *where, *within; /* each … [where C] [within D]; NULL when absent */
  ast_expr *points;         /* then POINTS */
  ast_decay_kind decay;
  ast_expr *decay_param;    /* the duration after half_life/linear/step */
  ast_expr *since;          /* since TIME_EXPR, or NULL */
  lc_span decay_span;
  ast_expr *cap, *floor;    /* NULL when absent */
} ast_rule;

/* ---- tests */

typedef enum ast_expect_kind {
  AST_EXPECT_SCORE,         /* expect score OP value */
  AST_EXPECT_TIER,          /* expect tier OP "name" */
  AST_EXPECT_GROUP,         /* expect group NAME OP value */
  AST_EXPECT_RULE,          /* expect rule NAME OP value */
  AST_EXPECT_FIRED,         /* expect fired a, b */
  AST_EXPECT_NOT_FIRED,     /* expect not fired a, b */
  AST_EXPECT_REJECTED,      /* expect rejected "field" */
} ast_expect_kind;

typedef struct ast_ident { const char *name; lc_span span; } ast_ident;

typedef struct ast_expect {
  ast_expect_kind kind;
  lc_span span;
  ast_ident target;         /* GROUP, RULE */
  ast_binop op;             /* OP_EQ … OP_GE */
  ast_expr *value;          /* SCORE, TIER, GROUP, RULE */
  lc_vec names;             /* FIRED, NOT_FIRED: ast_ident* */
  ast_str_lit *field;       /* REJECTED */
} ast_expect;

typedef struct ast_test {
  ast_str_lit *name;
  ast_expr *as_of;          /* AST_TIME, or NULL when missing (the checker reports it) */
  lc_span as_of_span;
  /* given { … }: the raw JSON text exactly as written, parsed later by the record reader, so
   * that tests exercise the same validation as `leadc score`. given file("x.json"): a path. */
  ast_str_lit *given_json;
  ast_str_lit *given_file;
  lc_span given_span;
  lc_vec expects;           /* ast_expect* */
} ast_test;

/* ---- declarations */

typedef enum ast_decl_kind {
  AST_MODEL, AST_VERSION, AST_RANGE, AST_IMPORT, AST_INPUT, AST_RECORD,
  AST_CONST, AST_DEF, AST_RULE, AST_GROUP, AST_TIER, AST_TEST,
} ast_decl_kind;

typedef struct ast_decl ast_decl;
struct ast_decl {
  ast_decl_kind kind;
  lc_span span;             /* the whole declaration */
  const char *name;         /* MODEL, INPUT, RECORD, CONST, DEF, RULE, GROUP, TIER; NULL otherwise */
  lc_span name_span;
  ast_str_lit *text;        /* MODEL/RULE description, VERSION string, IMPORT path, TEST name */
  union {
    struct { ast_expr *lo, *hi; } range;                       /* AST_RANGE */
    struct { lc_vec fields; lc_vec missing_values; } record;   /* AST_INPUT, AST_RECORD: ast_field*, ast_str_lit* */
    ast_expr *value;                                           /* AST_CONST */
    struct { lc_vec params; ast_type *ret; ast_expr *body; } def;   /* ast_param* */
    ast_rule rule;                                             /* AST_RULE */
    struct { ast_expr *cap, *floor; lc_vec rules; } group;     /* AST_GROUP: ast_decl* (AST_RULE) */
    ast_expr *tier_cond;                                       /* AST_TIER: NULL means `otherwise` */
    ast_test test;                                             /* AST_TEST */
  } u;
  ast_decl *group;          /* for a rule inside a group: the group */
};

typedef struct ast_module {
  uint32_t file;            /* lc_sources id */
  lc_vec decls;             /* ast_decl*, in source order; imports included */
} ast_module;

#endif
