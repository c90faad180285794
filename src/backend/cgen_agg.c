/* Loops over lists and what runs in them, mirroring interp_agg.c and interp_elems.c. Whatever
 * walks a list — an aggregate or an `each` rule — is a member: it declares its state before the
 * loop (cg_member_begin), handles one element that is visible and inside its window
 * (cg_member_step), and turns its state into its result after the loop (cg_member_end). An
 * aggregate met in an expression runs as the only member of its own loop (cg_agg); members over
 * the input's lists share one loop per list (cgen_fuse.c). A step leaves an element with
 * c->skip: `continue` in a loop of its own, `break` out of the `do { } while (0)` that fences each
 * member of a shared loop. any/all/none stop at the element that decides them when they have the
 * loop to themselves: the interpreter reads on, but nothing it reads can change the answer, since
 * expressions have no effects. */
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
    c->helpers |= CG_WINDOW_FROM;
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

/* ---- members */

/* Leaves the element unless `where` selects it (missing selects nothing). */
static void select_where(cg *c, const lc_pexpr *where) {
  if (!where) return;
  cg_val w = cg_expr(c, where);
  cg_line(c, "if (!(%s)) %s;", cg_truth(c, w), c->skip);
}

/* The projection, leaving the element when it is missing. */
static cg_val projection(cg *c, const lc_pexpr *proj) {
  cg_val v = cg_expr(c, proj);
  if (strcmp(v.p, "1")) cg_line(c, "if (!%s) %s;", v.p, c->skip);
  return v;
}

const char *cg_decay_fn(lc_decay d) {
  switch (d) {
  case LC_DECAY_HALF_LIFE: return "lc_rt_decay_half_life";
  case LC_DECAY_LINEAR: return "lc_rt_decay_linear";
  default: return "lc_rt_decay_step";
  }
}

/* each LIST [where C] then POINTS [decay …]: an element whose POINTS are missing adds nothing;
 * the decay age comes from the element's timestamp. result.p/v are the rule's fired and points. */
static void each_step(cg *c, const cg_member *m) {
  const lc_prule *r = m->rule;
  const lc_record_desc *d = &c->plan->records[r->elem];
  select_where(c, r->cond);
  cg_val pts = projection(c, r->points);
  if (r->decay == LC_DECAY_NONE) {
    cg_line(c, "%s += %s;", m->result.v, pts.v);
  } else if (d->timestamp_slot == LC_NO_SLOT) {
    cg_line(c, "%s;   /* without a timestamp an element has no age: it adds nothing */", c->skip);
  } else {
    const char *e = cg_scope_var(c, r->level);
    const char *ts = c->member[r->elem][d->timestamp_slot];
    cg_line(c, "if (!%s->has.%s) %s;", e, ts, c->skip);
    cg_line(c, "double term = %s * %s(x->as_of_us - %s->%s.us, %s);", pts.v, cg_decay_fn(r->decay), e, ts,
            cg_int64(c, r->decay_us));
    cg_line(c, "%s += term;", m->result.v);
  }
  cg_line(c, "%s = true;", m->result.p);
}

static const char *distinct_kind(lc_ptype t) {
  switch (t) {
  case PT_NUM: return "LC_DISTINCT_NUM";
  case PT_STR: return "LC_DISTINCT_STR";
  case PT_BOOL: return "LC_DISTINCT_BOOL";
  default: return "LC_DISTINCT_INT";
  }
}

bool cg_member_has_step(const cg_member *m) {
  return !m->agg || m->agg->agg.kind != AGG_ALL || m->agg->agg.where;
}

void cg_member_begin(cg *c, const cg_member *m) {
  if (!m->agg) return;
  const lc_pexpr *e = m->agg;
  uint32_t n = m->n;
  const lc_record_desc *d = &c->plan->records[e->agg.elem];
  switch (e->agg.kind) {
  case AGG_COUNT: cg_line(c, "uint32_t hits%u = 0;", n); break;
  case AGG_ANY: case AGG_NONE: cg_line(c, "bool found%u = false;", n); break;
  case AGG_ALL: cg_line(c, "bool all%u = true;", n); break;
  case AGG_SUM: case AGG_AVG:
    cg_line(c, "double sum%u = 0.0;", n);
    if (e->agg.kind == AGG_AVG) cg_line(c, "uint32_t n%u = 0;", n);
    break;
  case AGG_FIRST: case AGG_LAST:
    cg_line(c, "const %s *best%u = NULL;", c->rec_type[e->agg.elem], n);
    if (d->timestamp_slot != LC_NO_SLOT) cg_line(c, "int64_t best_ts%u = 0;", n);
    break;
  case AGG_COUNT_DISTINCT:
    cg_line(c, "lc_slot *vals%u = %s.n ? lc_scratch_alloc(x->scratch, sizeof *vals%u * %s.n) : NULL;", n, m->list, n,
            m->list);
    cg_line(c, "uint32_t n%u = 0;", n);
    break;
  case AGG_MIN: case AGG_MAX: break;          /* the result itself is the state */
  }
}

/* first/last: the smallest timestamp, ties to the earliest in list order; the largest, ties to
 * the latest. Without a timestamp field list order decides. */
static void first_last_step(cg *c, const cg_member *m) {
  const lc_pexpr *e = m->agg;
  const lc_record_desc *d = &c->plan->records[e->agg.elem];
  const char *ev = cg_scope_var(c, e->agg.level);
  bool first = e->agg.kind == AGG_FIRST;
  uint32_t n = m->n;
  if (d->timestamp_slot == LC_NO_SLOT) {
    if (first && c->fused) cg_line(c, "if (best%u) %s;", n, c->skip);
    select_where(c, e->agg.where);
    cg_line(c, "best%u = %s;", n, ev);
    if (first && !c->fused) cg_line(c, "break;");
    return;
  }
  const char *ts = c->member[e->agg.elem][d->timestamp_slot];
  select_where(c, e->agg.where);
  cg_line(c, "if (!%s->has.%s) %s;", ev, ts, c->skip);
  cg_line(c, "if (!best%u || %s->%s.us %s best_ts%u) {", n, ev, ts, first ? "<" : ">=", n);
  c->indent++;
  cg_line(c, "best%u = %s;", n, ev);
  cg_line(c, "best_ts%u = %s->%s.us;", n, ev, ts);
  cg_close(c, 1);
}

void cg_member_step(cg *c, const cg_member *m) {
  if (!m->agg) { each_step(c, m); return; }
  const lc_pexpr *e = m->agg;
  uint32_t n = m->n;
  cg_val r = m->result;
  switch (e->agg.kind) {
  case AGG_COUNT:
    select_where(c, e->agg.where);
    cg_line(c, "hits%u++;", n);
    break;
  case AGG_ANY: case AGG_NONE:
    if (c->fused) cg_line(c, "if (found%u) %s;", n, c->skip);
    select_where(c, e->agg.where);
    cg_line(c, "found%u = true;", n);
    if (!c->fused) cg_line(c, "break;");
    break;
  case AGG_ALL: {
    if (c->fused) cg_line(c, "if (!all%u) %s;", n, c->skip);
    cg_val w = cg_expr(c, e->agg.where);
    cg_line(c, "if (!(%s)) {", cg_truth(c, w));
    c->indent++;
    cg_line(c, "all%u = false;", n);
    if (!c->fused) cg_line(c, "break;");
    cg_close(c, 1);
    break;
  }
  case AGG_SUM: case AGG_AVG: {
    select_where(c, e->agg.where);
    cg_val v = projection(c, e->agg.proj);
    cg_line(c, "sum%u += %s;", n, v.v);
    if (e->agg.kind == AGG_AVG) cg_line(c, "n%u++;", n);
    break;
  }
  case AGG_MIN: case AGG_MAX: {                 /* keep the earlier value unless strictly better */
    select_where(c, e->agg.where);
    cg_val v = projection(c, e->agg.proj);
    const char *better = cg_compare(c, e->agg.proj->type, e->agg.kind == AGG_MIN ? "<" : ">", v.v, r.v);
    cg_line(c, "if (!%s || %s) {", r.p, better);
    c->indent++;
    cg_line(c, "%s = %s;", r.v, v.v);
    cg_line(c, "%s = true;", r.p);
    cg_close(c, 1);
    break;
  }
  case AGG_FIRST: case AGG_LAST: first_last_step(c, m); break;
  case AGG_COUNT_DISTINCT: {
    select_where(c, e->agg.where);
    cg_val v = projection(c, e->agg.proj);
    cg_line(c, "vals%u[n%u++].%s = %s;", n, n, cg_slot_member(e->agg.proj->type), v.v);
    break;
  }
  }
}

void cg_member_end(cg *c, const cg_member *m) {
  if (!m->agg) return;
  const lc_pexpr *e = m->agg;
  uint32_t n = m->n;
  cg_val r = m->result;
  switch (e->agg.kind) {
  case AGG_COUNT: cg_line(c, "%s = (double)hits%u;", r.v, n); break;
  case AGG_ANY: cg_line(c, "%s = found%u;", r.v, n); break;
  case AGG_NONE: cg_line(c, "%s = !found%u;", r.v, n); break;
  case AGG_ALL: cg_line(c, "%s = all%u;", r.v, n); break;
  case AGG_COUNT_DISTINCT: cg_line(c, "%s = lc_rt_count_distinct(vals%u, n%u, %s);", r.v, n, n, distinct_kind(e->agg.proj->type)); break;
  case AGG_SUM:
    cg_line(c, "%s = sum%u;", r.v, n);
    cg_line(c, "%s = isfinite(%s);", r.p, r.v);
    return;
  case AGG_AVG:
    cg_line(c, "if (n%u) {", n);
    c->indent++;
    cg_line(c, "%s = sum%u / n%u;", r.v, n, n);
    cg_line(c, "%s = isfinite(%s);", r.p, r.v);
    cg_close(c, 1);
    return;
  case AGG_MIN: case AGG_MAX: return;
  case AGG_FIRST: case AGG_LAST: {              /* the projection, read from the chosen element */
    uint32_t level = e->agg.level;
    cg_line(c, "if (best%u) {", n);
    c->indent++;
    cg_line(c, "const %s *%s = best%u;", c->rec_type[e->agg.elem], cg_scope_var(c, level), n);
    c->scope[level] = e->agg.elem;
    cg_val v = cg_expr(c, e->agg.proj);
    int open = cg_if(c, v.p);
    cg_line(c, "%s = %s;", r.v, v.v);
    cg_line(c, "%s = true;", r.p);
    cg_close(c, open + 1);
    return;
  }
  }
  cg_line(c, "%s = true;", r.p);
}

/* ---- an aggregate in an expression, walking the list on its own */

static const char *const agg_names[] = {
  [AGG_COUNT] = "count", [AGG_ANY] = "any", [AGG_ALL] = "all", [AGG_NONE] = "none",
  [AGG_SUM] = "sum", [AGG_MIN] = "min", [AGG_MAX] = "max", [AGG_AVG] = "avg",
  [AGG_FIRST] = "first", [AGG_LAST] = "last", [AGG_COUNT_DISTINCT] = "count_distinct",
};

const char *cg_agg_comment(cg *c, const lc_pexpr *e) {
  const char *list = "a list";
  if (e->agg.list->op == P_FIELD) {
    const lc_field_desc *f = cg_field_desc(c, e->agg.list->field.level, e->agg.list->field.slot);
    if (f) list = cg_comment(c, f->name);
  }
  return cg_fmt(c, "%s over %s%s%s", agg_names[e->agg.kind], list, e->agg.within ? ", within a window" : "",
                e->agg.where ? ", where a condition holds" : "");
}

cg_val cg_agg(cg *c, const lc_pexpr *e) {
  cg_line(c, "/* %s */", cg_agg_comment(c, e));
  cg_val list = cg_expr(c, e->agg.list);
  cg_member m = {.agg = e, .n = cg_new_tmp(c), .list = list.v, .result = cg_declare(c, e->type)};
  int open = cg_list_guard(c, list, e->agg.within, &m.from);
  bool fused = c->fused;
  const char *skip = c->skip;
  c->fused = false;
  c->skip = "continue";
  cg_member_begin(c, &m);
  if (cg_member_has_step(&m)) {
    cg_loop_begin(c, list.v, e->agg.elem, e->agg.level, m.from);
    cg_member_step(c, &m);
    cg_loop_end(c);
  }
  cg_member_end(c, &m);
  c->fused = fused;
  c->skip = skip;
  cg_close(c, open);
  return m.result;
}
