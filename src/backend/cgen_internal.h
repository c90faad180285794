/* Shared state of the C emitter. The emitter is split by concept:
 *   cgen.c         the file: header comment, prelude, the lc_compiled_model, main
 *   cgen_tables.c  record structs and descriptors, enum members, names, regexes, string sets
 *   cgen_expr.c    expressions: operators, builtins, the missing-value rules
 *   cgen_agg.c     walks over lists (the point-in-time rule, windows): aggregates and each rules
 *   cgen_fuse.c    one walk per input list for every aggregate and each rule over it
 *   cgen_rules.c   when/each rules, groups, score, tiers, the score function
 *
 * Every expression becomes statements that leave its value in a pair of C values: `p` (is it
 * present) and `v` (the value, meaningful only when p holds). Leaves (constants, fields) are
 * C expressions used in place; every other node gets fresh locals `pN`/`vN`. An operand is
 * evaluated only where the interpreter evaluates it (inside `if (pa) { … }` for operators that
 * propagate missing values), so no missing string is ever read and costly operands are skipped
 * exactly when the interpreter skips them. */
#ifndef LEADC_BACKEND_CGEN_INTERNAL_H
#define LEADC_BACKEND_CGEN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "plan/plan.h"
#include "util/arena.h"
#include "util/strbuf.h"

typedef struct cg_val {
  const char *p;               /* C expression of type bool, "1" when always present */
  const char *v;               /* C expression of the value's type */
} cg_val;

/* The helpers of the generated file's prelude (cgen.c), emitted only when used: a static
 * function nothing calls is a warning under some compilers' -Wall. */
typedef enum cg_helper {
  CG_ADD_US = 1, CG_SUB_US = 2, CG_SCALED_US = 4, CG_WINDOW_FROM = 8, CG_IN_SORTED = 16,
} cg_helper;

typedef struct cg {
  const lc_plan *plan;
  lc_sb *out;
  lc_arena arena;              /* strings of the current emission; freed at the end */
  int indent;
  uint32_t tmp;                /* next local number; reset per function */
  const char **rec_type;       /* per plan record: its C struct type */
  const char ***member;        /* per plan record, per slot: the struct member for the slot */
  uint32_t *scope;             /* record index visited at each level (0: the input) */
  bool tiers;                  /* in tier conditions: score and group totals are readable */
  bool fused;                  /* emitting a member of a shared loop (cgen_agg.c) */
  const char *skip;            /* the statement that leaves the current element */
  /* cgen_fuse.c: the members computed before the rules, and by expression id / rule index the
   * member that computes it, plus one (0: computed where it is used). */
  struct cg_member *pre;
  uint32_t npre;
  uint32_t *pre_of_expr, *pre_of_rule;
  uint32_t nwalks;
  unsigned helpers;            /* cg_helper bits the code uses */
} cg;

/* Something that walks a list: an aggregate or an `each` rule (cgen_agg.c). */
typedef struct cg_member {
  const lc_pexpr *agg;         /* the aggregate, or NULL for the each rule */
  const lc_prule *rule;
  uint32_t n;                  /* names its locals: hits<n>, sum<n>, … */
  const char *list;            /* the list (a C lc_list), for count_distinct's buffer */
  const char *from;            /* the window's start (a local), NULL without a window */
  const char *ok;              /* in a walk: the local saying the window is present; NULL: it always is */
  cg_val result;               /* aggregate: its value; each rule: p = fired, v = points */
} cg_member;

/* ---- output (cgen.c) */
void cg_line(cg *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An arena string, valid until the emission ends. */
const char *cg_fmt(cg *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint32_t cg_new_tmp(cg *c);
/* `if (cond) {`, or nothing when cond is "1" (always-present values add no nesting). Returns the
 * number of blocks opened, for cg_close. */
int cg_if(cg *c, const char *cond);
void cg_close(cg *c, int nblocks);
/* s made safe inside a C comment. */
const char *cg_comment(cg *c, const char *s);
/* A C string literal for bytes (octal escapes for anything outside printable ASCII). */
void cg_c_string(lc_sb *sb, const char *s, size_t n);
/* A double literal that reads back as exactly d. */
const char *cg_double(cg *c, double d);
const char *cg_int64(cg *c, int64_t i);

/* ---- cgen_tables.c */
void cg_names_init(cg *c);
void cg_emit_record_types(cg *c);
void cg_emit_tables(cg *c);
/* The variable holding the record visited at level (r, e1, e2, …). */
const char *cg_scope_var(cg *c, uint32_t level);
const lc_field_desc *cg_field_desc(const cg *c, uint32_t level, uint32_t slot);

/* ---- cgen_expr.c */
/* The C type of a plan type's value, and its zero. */
const char *cg_ctype(lc_ptype t);
const char *cg_zero(lc_ptype t);
/* The lc_slot member holding a value of type t ("num", "str", "us", …). */
const char *cg_slot_member(lc_ptype t);
/* Declares fresh locals for a value of type t, initialised missing. */
cg_val cg_declare(cg *c, lc_ptype t);
cg_val cg_expr(cg *c, const lc_pexpr *e);
/* "pN && vN": a condition that holds when present and true. */
const char *cg_truth(cg *c, cg_val v);
/* C expression comparing two present values of type t with a C operator ("<", "==", …). */
const char *cg_compare(cg *c, lc_ptype t, const char *op, const char *a, const char *b);

/* ---- cgen_agg.c */
/* Declares the member's state (before its loop), handles one element that is visible and inside
 * its window (leaving it by c->skip), and sets its result from the state (after the loop). The
 * result's locals are declared by the caller; an each rule's are its fired and points. */
void cg_member_begin(cg *c, const cg_member *m);
void cg_member_step(cg *c, const cg_member *m);
void cg_member_end(cg *c, const cg_member *m);
/* all() without `where` needs no walk. */
bool cg_member_has_step(const cg_member *m);
const char *cg_agg_comment(cg *c, const lc_pexpr *e);
/* The runtime helper of a decay kind. */
const char *cg_decay_fn(lc_decay d);
/* Opens a loop over the elements of list (a C lc_list) visible at as_of and, when from is not
 * NULL, stamped at or after it: declares the element variable for `level` and `ts`/`has_ts`
 * when the element record has a timestamp. cg_loop_end closes it. */
void cg_loop_begin(cg *c, const char *list, uint32_t elem, uint32_t level, const char *from);
void cg_loop_end(cg *c);
/* Evaluates `within` (a duration, may be NULL) and opens `if` blocks that hold when the list and
 * the window are present; *from is the window's lower bound (NULL without a window). Returns
 * the number of blocks to close with cg_close. */
int cg_list_guard(cg *c, cg_val list, const lc_pexpr *within, const char **from);
cg_val cg_agg(cg *c, const lc_pexpr *e);

/* ---- cgen_fuse.c */
/* Chooses the members computed before the rules: every aggregate over a list field of the input
 * in a rule or tier at the input level (not inside a window), and every each rule over one. */
void cg_fuse_plan(cg *c);
/* The `pre` struct holding their results and the walk functions computing them. */
void cg_emit_walks(cg *c);
/* Calls the walks in the score function. */
void cg_call_walks(cg *c);
/* ", const pre *q" when there is anything computed before the rules, else "". */
const char *cg_pre_param(const cg *c);
const char *cg_pre_arg(const cg *c);

/* ---- cgen_rules.c */
void cg_emit_score(cg *c);

#endif
