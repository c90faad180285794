/* Shared state of lowering (lower.c, lower_expr.c, lower_fold.c, layout.c). */
#ifndef LEADC_PLAN_LOWER_INTERNAL_H
#define LEADC_PLAN_LOWER_INTERNAL_H

#include "check/check.h"
#include "plan/plan.h"
#include "runtime/scratch.h"

enum { LW_NO_ID = UINT32_MAX };

typedef struct lw_regex { const char *src; uint32_t len, flags; lc_regex *re; } lw_regex;
typedef struct lw_strset { lc_str *items; uint32_t n; lc_strset *set; } lw_strset;

typedef struct lw {
  lc_arena *a;
  const lc_program *prog;
  lc_plan *p;
  uint32_t **slots;          /* [record index][field index]: the field's slot or LC_NO_SLOT */
  uint32_t *nslots;          /* [record index] */
  lc_vec regexes;            /* lw_regex*, index = plan regex index */
  lc_vec strsets;            /* lw_strset*, index = plan strset index */
  lc_scratch scratch;        /* folding calls runtime helpers that allocate */
  const char *error;         /* the first failure (a regex or set the runtime cannot build) */
} lw;

/* Where an expression is lowered: the argument bindings of the def being inlined (if any),
 * the absolute level of the innermost element in scope, and the offset that turns the levels
 * the checker wrote inside a def body (counted from the body) into absolute ones. */
typedef struct lw_env {
  const lc_def *def;
  lc_pexpr *const *args;
  uint32_t level;
  uint32_t offset;
} lw_env;

/* layout.c: slots for the fields the model reads (plus the key and every timestamp, which the
 * output and the point-in-time rule need), in declaration order; record descriptors. */
void lw_layout_init(lw *w);
uint32_t lw_record_index(const lw *w, const lc_record *rec);
uint32_t lw_field_slot(lw *w, const lc_field *f);
void lw_layout_finish(lw *w);
lc_ptype lw_ptype(const lc_type *t);

/* lower_expr.c */
lc_pexpr *lw_expr(lw *w, const lw_env *env, const ast_expr *e);
lc_pexpr *lw_new(lw *w, lc_pop op, lc_ptype type);

/* lower_fold.c: an operator whose operands are all constant becomes its value, computed by the
 * reference interpreter so that folding cannot change what a model means. */
lc_pexpr *lw_fold(lw *w, lc_pexpr *e);

#endif
