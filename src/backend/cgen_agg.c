/* Loops over lists and the aggregates built on them, mirroring interp_agg.c and
 * interp_elems.c: the point-in-time rule and `within` are the first statement of every loop
 * body (cg_loop_begin), `where` the next; then each aggregate keeps the state the interpreter
 * keeps. any/all/none stop at the first element that decides them: the interpreter reads on,
 * but nothing it reads can change the answer, since expressions have no effects. */
#include <string.h>

#include "backend/cgen_internal.h"

int cg_list_guard(cg *c, cg_val list, const lc_pexpr *within, const char **from) {
  int open = cg_if(c, list.p);
  *from = NULL;
  if (within) {
    cg_val w = cg_expr(c, within);
    open += cg_if(c, w.p);
    uint32_t n = cg_new_tmp(c);
    cg_line(c, "int64_t from%u = window_from(x->as_of_us, %s);", n, w.v);
    *from = cg_fmt(c, "from%u", n);
  }
  return open;
}

void cg_loop_begin(cg *c, const char *list, uint32_t elem, uint32_t level, const char *from) {
  const lc_record_desc *d = &c->plan->records[elem];
  uint32_t i = cg_new_tmp(c);
  cg_line(c, "for (uint32_t i%u = 0; i%u < %s.n; i%u++) {", i, i, list, i);
  c->indent++;
  c->scope[level] = elem;
  const char *e = cg_scope_var(c, level);
  const char *t = c->rec_type[elem];
  if (d->nslots) cg_line(c, "const %s *%s = (const %s *)%s.items + i%u;", t, e, t, list, i);
  if (d->timestamp_slot == LC_NO_SLOT) {
    if (from) cg_line(c, "continue;   /* without a timestamp, nothing is inside the window */");
    return;
  }
  const char *ts = c->member[elem][d->timestamp_slot];
  if (from)
    cg_line(c, "if (!%s->has.%s || %s->%s.us > x->as_of_us || %s->%s.us < %s) continue;", e, ts, e, ts, e, ts, from);
  else
    cg_line(c, "if (%s->has.%s && %s->%s.us > x->as_of_us) continue;   /* after as_of: invisible */", e, ts, e, ts);
}

void cg_loop_end(cg *c) { cg_close(c, 1); }

/* Inside a loop body: skips the element unless `where` selects it (missing selects nothing). */
static void select_where(cg *c, const lc_pexpr *where) {
  if (!where) return;
  cg_val w = cg_expr(c, where);
  cg_line(c, "if (!(%s)) continue;", cg_truth(c, w));
}

/* Inside a loop body: the projection, skipping the element when it is missing. */
static cg_val projection(cg *c, const lc_pexpr *proj) {
  cg_val v = cg_expr(c, proj);
  if (strcmp(v.p, "1")) cg_line(c, "if (!%s) continue;", v.p);
  return v;
}

static const char *const agg_names[] = {
  [AGG_COUNT] = "count", [AGG_ANY] = "any", [AGG_ALL] = "all", [AGG_NONE] = "none",
  [AGG_SUM] = "sum", [AGG_MIN] = "min", [AGG_MAX] = "max", [AGG_AVG] = "avg",
  [AGG_FIRST] = "first", [AGG_LAST] = "last", [AGG_COUNT_DISTINCT] = "count_distinct",
};

static const char *list_name(cg *c, const lc_pexpr *list) {
  if (list->op != P_FIELD) return "a list";
  const lc_field_desc *f = cg_field_desc(c, list->field.level, list->field.slot);
  return f ? cg_comment(c, f->name) : "a list";
}

static void count_like(cg *c, const lc_pexpr *e, cg_val r, const char *list, const char *from) {
  uint32_t n = cg_new_tmp(c);
  const lc_pexpr *where = e->agg.where;
  switch (e->agg.kind) {
  case AGG_COUNT:
    cg_line(c, "uint32_t hits%u = 0;", n);
    cg_loop_begin(c, list, e->agg.elem, e->agg.level, from);
    select_where(c, where);
    cg_line(c, "hits%u++;", n);
    cg_loop_end(c);
    cg_line(c, "%s = (double)hits%u;", r.v, n);
    break;
  case AGG_ANY: case AGG_NONE: {
    bool any = e->agg.kind == AGG_ANY;
    cg_line(c, "bool found%u = false;", n);
    cg_loop_begin(c, list, e->agg.elem, e->agg.level, from);
    select_where(c, where);
    cg_line(c, "found%u = true;", n);
    cg_line(c, "break;");
    cg_loop_end(c);
    cg_line(c, "%s = %sfound%u;", r.v, any ? "" : "!", n);
    break;
  }
  default:                                       /* all: true unless an element is not selected */
    cg_line(c, "bool all%u = true;", n);
    if (where) {
      cg_loop_begin(c, list, e->agg.elem, e->agg.level, from);
      cg_val w = cg_expr(c, where);
      cg_line(c, "if (!(%s)) {", cg_truth(c, w));
      c->indent++;
      cg_line(c, "all%u = false;", n);
      cg_line(c, "break;");
      cg_close(c, 1);
      cg_loop_end(c);
    }
    cg_line(c, "%s = all%u;", r.v, n);
    break;
  }
  cg_line(c, "%s = true;", r.p);
}

static void sum_avg(cg *c, const lc_pexpr *e, cg_val r, const char *list, const char *from) {
  uint32_t n = cg_new_tmp(c);
  cg_line(c, "double sum%u = 0.0;", n);
  cg_line(c, "uint32_t n%u = 0;", n);
  cg_loop_begin(c, list, e->agg.elem, e->agg.level, from);
  select_where(c, e->agg.where);
  cg_val v = projection(c, e->agg.proj);
  cg_line(c, "sum%u += %s;", n, v.v);
  cg_line(c, "n%u++;", n);
  cg_loop_end(c);
  if (e->agg.kind == AGG_SUM) {
    cg_line(c, "%s = sum%u;", r.v, n);
  } else {
    cg_line(c, "if (n%u) {", n);
    c->indent++;
    cg_line(c, "%s = sum%u / n%u;", r.v, n, n);
  }
  cg_line(c, "%s = isfinite(%s);", r.p, r.v);
  if (e->agg.kind == AGG_AVG) cg_close(c, 1);
}

/* min/max keep the earlier value unless a later one is strictly smaller/larger. */
static void min_max(cg *c, const lc_pexpr *e, cg_val r, const char *list, const char *from) {
  lc_ptype t = e->agg.proj->type;
  cg_loop_begin(c, list, e->agg.elem, e->agg.level, from);
  select_where(c, e->agg.where);
  cg_val v = projection(c, e->agg.proj);
  const char *better = cg_compare(c, t, e->agg.kind == AGG_MIN ? "<" : ">", v.v, r.v);
  cg_line(c, "if (!%s || %s) {", r.p, better);
  c->indent++;
  cg_line(c, "%s = %s;", r.v, v.v);
  cg_line(c, "%s = true;", r.p);
  cg_close(c, 1);
  cg_loop_end(c);
}

/* first: the smallest timestamp, ties to the earliest in list order; last: the largest, ties to
 * the latest. Without a timestamp field list order decides. The projection is read from the
 * chosen element after the walk. */
static void first_last(cg *c, const lc_pexpr *e, cg_val r, const char *list, const char *from) {
  uint32_t elem = e->agg.elem, level = e->agg.level;
  const lc_record_desc *d = &c->plan->records[elem];
  const char *t = c->rec_type[elem];
  const char *ev = cg_scope_var(c, level);
  bool first = e->agg.kind == AGG_FIRST;
  uint32_t n = cg_new_tmp(c);
  cg_line(c, "const %s *best%u = NULL;", t, n);
  if (d->timestamp_slot != LC_NO_SLOT) {
    const char *ts = c->member[elem][d->timestamp_slot];
    cg_line(c, "int64_t best_ts%u = 0;", n);
    cg_loop_begin(c, list, elem, level, from);
    select_where(c, e->agg.where);
    cg_line(c, "if (!%s->has.%s) continue;", ev, ts);
    cg_line(c, "if (!best%u || %s->%s.us %s best_ts%u) {", n, ev, ts, first ? "<" : ">=", n);
    c->indent++;
    cg_line(c, "best%u = %s;", n, ev);
    cg_line(c, "best_ts%u = %s->%s.us;", n, ev, ts);
    cg_close(c, 1);
  } else {
    cg_loop_begin(c, list, elem, level, from);
    select_where(c, e->agg.where);
    cg_line(c, "best%u = %s;", n, ev);
    if (first) cg_line(c, "break;");
  }
  cg_loop_end(c);
  cg_line(c, "if (best%u) {", n);
  c->indent++;
  cg_line(c, "const %s *%s = best%u;", t, ev, n);
  c->scope[level] = elem;
  cg_val v = cg_expr(c, e->agg.proj);
  int open = cg_if(c, v.p);
  cg_line(c, "%s = %s;", r.v, v.v);
  cg_line(c, "%s = true;", r.p);
  cg_close(c, open + 1);
}

static const char *distinct_kind(lc_ptype t) {
  switch (t) {
  case PT_NUM: return "LC_DISTINCT_NUM";
  case PT_STR: return "LC_DISTINCT_STR";
  case PT_BOOL: return "LC_DISTINCT_BOOL";
  default: return "LC_DISTINCT_INT";
  }
}

static const char *slot_member(lc_ptype t) {
  switch (t) {
  case PT_NUM: return "num";
  case PT_STR: return "str";
  case PT_BOOL: return "b";
  default: return "i";
  }
}

/* The present values collected in scratch memory, then counted by the runtime. */
static void count_distinct(cg *c, const lc_pexpr *e, cg_val r, const char *list, const char *from) {
  lc_ptype t = e->agg.proj->type;
  uint32_t n = cg_new_tmp(c);
  cg_line(c, "lc_slot *vals%u = %s.n ? lc_scratch_alloc(x->scratch, sizeof *vals%u * %s.n) : NULL;", n, list, n, list);
  cg_line(c, "uint32_t n%u = 0;", n);
  cg_loop_begin(c, list, e->agg.elem, e->agg.level, from);
  select_where(c, e->agg.where);
  cg_val v = projection(c, e->agg.proj);
  cg_line(c, "vals%u[n%u++].%s = %s;", n, n, slot_member(t), v.v);
  cg_loop_end(c);
  cg_line(c, "%s = lc_rt_count_distinct(vals%u, n%u, %s);", r.v, n, n, distinct_kind(t));
  cg_line(c, "%s = true;", r.p);
}

cg_val cg_agg(cg *c, const lc_pexpr *e) {
  cg_line(c, "/* %s over %s%s%s */", agg_names[e->agg.kind], list_name(c, e->agg.list),
          e->agg.within ? ", within a window" : "", e->agg.where ? ", where a condition holds" : "");
  cg_val list = cg_expr(c, e->agg.list);
  cg_val r = cg_declare(c, e->type);
  const char *from;
  int open = cg_list_guard(c, list, e->agg.within, &from);
  switch (e->agg.kind) {
  case AGG_COUNT: case AGG_ANY: case AGG_ALL: case AGG_NONE: count_like(c, e, r, list.v, from); break;
  case AGG_SUM: case AGG_AVG: sum_avg(c, e, r, list.v, from); break;
  case AGG_MIN: case AGG_MAX: min_max(c, e, r, list.v, from); break;
  case AGG_FIRST: case AGG_LAST: first_last(c, e, r, list.v, from); break;
  case AGG_COUNT_DISTINCT: count_distinct(c, e, r, list.v, from); break;
  }
  cg_close(c, open);
  return r;
}
