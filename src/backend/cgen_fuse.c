/* One walk per input list, as the JIT fuses its loops: every aggregate over a list field of the
 * input that a rule or tier computes at the input level, and every `each` rule over one, become
 * members of a walk function that runs before the rules and leaves their results in a `pre`
 * struct the rules and tiers read. A record's events are then visited once instead of once per
 * rule. Computing an aggregate the interpreter would have skipped (the right side of a false
 * `and`) changes nothing but time: expressions have no effects.
 *
 * Members whose window is itself computed by an aggregate stay where they are used; a walk
 * takes at most MEMBERS_PER_WALK members, since each keeps state live across the whole loop. */
#include <string.h>

#include "backend/cgen_internal.h"

enum { MEMBERS_PER_WALK = 24 };

static bool has_agg(const lc_pexpr *e) {
  if (!e) return false;
  if (e->op == P_AGG) return true;
  return has_agg(e->a) || has_agg(e->b) || has_agg(e->c);
}

static bool input_list(const lc_pexpr *list) { return list->op == P_FIELD && list->field.level == 0; }

/* Aggregates at the input level under e; where/proj are deeper levels and stay in their loop. */
static void collect(cg *c, const lc_pexpr *e) {
  if (!e) return;
  if (e->op != P_AGG) {
    collect(c, e->a);
    collect(c, e->b);
    collect(c, e->c);
    return;
  }
  if (e->agg.level != 1 || !input_list(e->agg.list) || has_agg(e->agg.within)) {
    collect(c, e->agg.list);
    collect(c, e->agg.within);
    return;
  }
  if (c->pre_of_expr[e->id]) return;
  c->pre[c->npre] = (cg_member){.agg = e, .n = c->npre};
  c->pre_of_expr[e->id] = ++c->npre;
}

void cg_fuse_plan(cg *c) {
  const lc_plan *p = c->plan;
  c->pre = lc_arena_alloc(&c->arena, sizeof *c->pre * ((size_t)p->nexprs + p->nrules + 1));
  c->pre_of_expr = lc_arena_alloc(&c->arena, sizeof *c->pre_of_expr * ((size_t)p->nexprs + 1));
  c->pre_of_rule = lc_arena_alloc(&c->arena, sizeof *c->pre_of_rule * ((size_t)p->nrules + 1));
  for (uint32_t i = 0; i < p->nrules; i++) {
    const lc_prule *r = &p->rules[i];
    if (!r->each) {
      collect(c, r->cond);
      collect(c, r->points);
      collect(c, r->since);
    } else if (input_list(r->list) && !has_agg(r->within)) {
      c->pre[c->npre] = (cg_member){.rule = r, .n = c->npre};
      c->pre_of_rule[i] = ++c->npre;
    } else {
      collect(c, r->list);
      collect(c, r->within);
    }
  }
  for (uint32_t t = 0; t < p->ntiers; t++) collect(c, p->tiers[t].cond);
}

static const lc_pexpr *list_of(const cg_member *m) { return m->agg ? m->agg->agg.list : m->rule->list; }
static const lc_pexpr *within_of(const cg_member *m) { return m->agg ? m->agg->agg.within : m->rule->within; }
static uint32_t elem_of(const cg_member *m) { return m->agg ? m->agg->agg.elem : m->rule->elem; }

const char *cg_pre_param(const cg *c) { return c->npre ? ", const pre *q" : ""; }
const char *cg_pre_arg(const cg *c) { return c->npre ? ", &q" : ""; }

static const char *member_comment(cg *c, const cg_member *m) {
  return m->agg ? cg_agg_comment(c, m->agg) : cg_fmt(c, "rule %s", m->rule->name);
}

static void pre_struct(cg *c) {
  cg_line(c, "/* What the rules and tiers read from the lists, computed before them (walk_N). */");
  cg_line(c, "typedef struct pre {");
  c->indent++;
  for (uint32_t i = 0; i < c->npre; i++) {
    const cg_member *m = &c->pre[i];
    if (m->agg) cg_line(c, "bool p%u; %s v%u;   /* %s */", i, cg_ctype(m->agg->type), i, member_comment(c, m));
    else cg_line(c, "bool fired%u; double points%u;   /* %s */", i, i, member_comment(c, m));
  }
  c->indent--;
  cg_line(c, "} pre;");
  cg_line(c, "%s", "");
}

/* When member m takes the element: its window is present and holds the element ("1": always;
 * NULL: never, as without a timestamp nothing is inside a window). */
static const char *in_window(cg *c, const cg_member *m) {
  const lc_record_desc *d = &c->plan->records[elem_of(m)];
  if (!within_of(m)) return "1";
  if (d->timestamp_slot == LC_NO_SLOT) return NULL;
  const char *ts = c->member[elem_of(m)][d->timestamp_slot];
  return cg_fmt(c, "%s%se1->has.%s && e1->%s.us >= from%u", m->ok ? m->ok : "", m->ok ? " && " : "", ts, ts, m->n);
}

/* One walk: members [first, end) of `order`, all over the same list. */
static void walk(cg *c, uint32_t w, const uint32_t *order, uint32_t first, uint32_t end) {
  const lc_pexpr *list = list_of(&c->pre[order[first]]);
  uint32_t elem = elem_of(&c->pre[order[first]]);
  const lc_record_desc *d = &c->plan->records[elem];
  c->tmp = c->npre;                 /* locals named by member number never meet numbered ones */
  c->scope[0] = 0;
  cg_line(c, "static void walk_%u(const lc_compiled_objects *k, const %s *r, lc_exec *x, pre *q) {", w, c->rec_type[0]);
  c->indent++;
  cg_line(c, "(void)k, (void)x;");
  cg_val lv = cg_expr(c, list);
  if (strcmp(lv.p, "1")) cg_line(c, "if (!%s) return;   /* *q stays all missing and unfired */", lv.p);

  for (uint32_t j = first; j < end; j++) {
    cg_member *m = &c->pre[order[j]];
    uint32_t n = m->n;
    m->list = lv.v;
    m->ok = NULL;
    if (within_of(m)) {
      c->helpers |= CG_WINDOW_FROM;
      cg_val wv = cg_expr(c, within_of(m));
      if (strcmp(wv.p, "1")) {
        m->ok = cg_fmt(c, "ok%u", n);
        cg_line(c, "bool ok%u = %s;", n, wv.p);
        cg_line(c, "int64_t from%u = ok%u ? window_from(x->as_of_us, %s) : 0;", n, n, wv.v);
      } else {
        cg_line(c, "int64_t from%u = window_from(x->as_of_us, %s);", n, wv.v);
      }
    }
    if (m->agg) {
      m->result = (cg_val){cg_fmt(c, "p%u", n), cg_fmt(c, "v%u", n)};
      cg_line(c, "bool p%u = false; %s v%u = %s;", n, cg_ctype(m->agg->type), n, cg_zero(m->agg->type));
    } else {
      m->result = (cg_val){cg_fmt(c, "fired%u", n), cg_fmt(c, "points%u", n)};
      cg_line(c, "bool fired%u = false;", n);
      cg_line(c, "double points%u = 0.0;", n);
    }
    cg_member_begin(c, m);
  }

  cg_line(c, "for (uint32_t i = 0; i < %s.n; i++) {", lv.v);
  c->indent++;
  c->scope[1] = elem;
  if (d->nslots) cg_line(c, "const %s *e1 = (const %s *)%s.items + i;", c->rec_type[elem], c->rec_type[elem], lv.v);
  if (d->timestamp_slot != LC_NO_SLOT) {
    const char *ts = c->member[elem][d->timestamp_slot];
    cg_line(c, "if (e1->has.%s && e1->%s.us > x->as_of_us) continue;   /* after as_of: invisible */", ts, ts);
  }
  c->fused = true;
  c->skip = "break";
  for (uint32_t j = first; j < end; j++) {
    const cg_member *m = &c->pre[order[j]];
    const char *inside = in_window(c, m);
    if (!inside || !cg_member_has_step(m)) continue;
    cg_line(c, "/* %s */", member_comment(c, m));
    if (strcmp(inside, "1")) cg_line(c, "if (%s) do {", inside);
    else cg_line(c, "do {");
    c->indent++;
    cg_member_step(c, m);
    c->indent--;
    cg_line(c, "} while (0);");
  }
  c->fused = false;
  c->skip = "continue";
  cg_close(c, 1);

  for (uint32_t j = first; j < end; j++) {
    const cg_member *m = &c->pre[order[j]];
    uint32_t n = m->n;
    int open = m->ok ? cg_if(c, m->ok) : 0;
    cg_member_end(c, m);
    if (m->agg) cg_line(c, "q->p%u = p%u; q->v%u = v%u;", n, n, n, n);
    else cg_line(c, "q->fired%u = fired%u; q->points%u = points%u;", n, n, n, n);
    cg_close(c, open);
  }
  cg_close(c, 1);
  cg_line(c, "%s", "");
}

/* Members grouped by the list they walk (in order of first use), then cut into walks. */
static uint32_t *walk_order(cg *c, uint32_t *nwalks, uint32_t **starts) {
  uint32_t *order = lc_arena_alloc(&c->arena, sizeof *order * (c->npre + 1));
  uint32_t *start = lc_arena_alloc(&c->arena, sizeof *start * (c->npre + 2));
  bool *placed = lc_arena_alloc(&c->arena, c->npre + 1);
  uint32_t k = 0, w = 0;
  for (uint32_t i = 0; i < c->npre; i++) {
    if (placed[i]) continue;
    uint32_t slot = list_of(&c->pre[i])->field.slot, in_walk = 0;
    for (uint32_t j = i; j < c->npre; j++) {
      if (placed[j] || list_of(&c->pre[j])->field.slot != slot) continue;
      if (in_walk++ % MEMBERS_PER_WALK == 0) start[w++] = k;
      order[k++] = j;
      placed[j] = true;
    }
  }
  start[w] = k;
  *nwalks = w;
  *starts = start;
  return order;
}

void cg_emit_walks(cg *c) {
  if (!c->npre) return;
  pre_struct(c);
  uint32_t nwalks, *start;
  uint32_t *order = walk_order(c, &nwalks, &start);
  for (uint32_t w = 0; w < nwalks; w++) walk(c, w, order, start[w], start[w + 1]);
  c->nwalks = nwalks;
}

void cg_call_walks(cg *c) {
  if (!c->npre) return;
  cg_line(c, "pre q = {0};");
  for (uint32_t w = 0; w < c->nwalks; w++) cg_line(c, "walk_%u(k, r, x, &q);", w);
}
