/* The structural summary of a change: two checked programs compared declaration by declaration,
 * matched by name. Expressions are compared as trees and shown in canonical layout (so moving a
 * line break is not a change); caps, floors, decay durations and consts are compared by their
 * folded values, so a const or a lines() file that changed is reported where it changed. Within
 * each kind of declaration, changed and added ones come in the new version's order, then the
 * removed ones in the old version's. */
#include "diff/diff.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/fmt.h"
#include "plan/result_write.h"

typedef struct sctx {
  lc_arena *a;
  const lc_sources *src;
  lc_vec *out;
} sctx;

static void add(sctx *c, lc_change_kind kind, const char *subject, const char *before, const char *after) {
  lc_change *ch = LC_NEW(c->a, lc_change);
  *ch = (lc_change){kind, subject, before, after};
  lc_vec_push(c->a, c->out, ch);
}

static const char *text(sctx *c, const ast_expr *e) { return e ? lc_fmt_expr_text(c->a, c->src, e) : NULL; }

static const char *keep(sctx *c, lc_sb *sb) {
  const char *s = lc_arena_strdup(c->a, lc_sb_cstr(sb));
  lc_sb_free(sb);
  return s;
}

static bool same_str(const char *a, const char *b) { return a && b ? !strcmp(a, b) : a == b; }

/* ---- folded values */

static void put_duration(lc_sb *sb, int64_t us) {
  static const struct { int64_t us; char unit; } units[] = {
    {INT64_C(86400000000), 'd'}, {INT64_C(3600000000), 'h'}, {INT64_C(60000000), 'm'}, {INT64_C(1000000), 's'},
  };
  for (int i = 0; i < 4; i++)
    if (us && us % units[i].us == 0) {
      lc_sb_printf(sb, "%" PRId64 "%c", us / units[i].us, units[i].unit);
      return;
    }
  lc_sb_printf(sb, "%" PRId64 "us", us);
}

static void put_value(lc_sb *sb, const lc_value *v) {
  switch (v->type->kind) {
  case LC_T_NUMBER: case LC_T_INT: lc_write_double(sb, v->u.num); break;
  case LC_T_BOOL: lc_sb_puts(sb, v->u.b ? "true" : "false"); break;
  case LC_T_STRING:
    lc_sb_putc(sb, '"');
    lc_sb_json_escaped(sb, v->u.str.s, v->u.str.len);
    lc_sb_putc(sb, '"');
    break;
  case LC_T_DURATION: put_duration(sb, v->u.us); break;
  case LC_T_TIME: {
    char buf[48];
    lc_sb_putc(sb, '@');
    lc_sb_putn(sb, buf, lc_time_format(v->u.us, buf));
    break;
  }
  case LC_T_REGEX:
    lc_sb_printf(sb, "/%.*s/%s%s", (int)v->u.regex.len, v->u.regex.pattern, v->u.regex.flags & AST_REGEX_I ? "i" : "",
                 v->u.regex.flags & AST_REGEX_X ? "x" : "");
    break;
  case LC_T_LIST:
    if (v->u.list.n > 6) {
      lc_sb_printf(sb, "%" PRIu32 " items", v->u.list.n);
      break;
    }
    lc_sb_putc(sb, '[');
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      if (i) lc_sb_puts(sb, ", ");
      put_value(sb, v->u.list.items[i]);
    }
    lc_sb_putc(sb, ']');
    break;
  default: lc_sb_puts(sb, "missing"); break;
  }
}

static bool same_value(const lc_value *a, const lc_value *b) {
  if (!a || !b) return a == b;
  lc_type_kind k = a->type->kind;
  if (k != b->type->kind) return false;
  switch (k) {
  case LC_T_NUMBER: case LC_T_INT: return a->u.num == b->u.num;
  case LC_T_BOOL: return a->u.b == b->u.b;
  case LC_T_STRING: return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
  case LC_T_DURATION: case LC_T_TIME: return a->u.us == b->u.us;
  case LC_T_REGEX:
    return a->u.regex.flags == b->u.regex.flags && a->u.regex.len == b->u.regex.len &&
           !memcmp(a->u.regex.pattern, b->u.regex.pattern, a->u.regex.len);
  case LC_T_LIST:
    if (a->u.list.n != b->u.list.n) return false;
    for (uint32_t i = 0; i < a->u.list.n; i++)
      if (!same_value(a->u.list.items[i], b->u.list.items[i])) return false;
    return true;
  default: return true;
  }
}

static int cmp_value_text(const void *x, const void *y) {
  const lc_value *a = *(lc_value *const *)x, *b = *(lc_value *const *)y;
  uint32_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
  int r = memcmp(a->u.str.s, b->u.str.s, n);
  return r ? r : (a->u.str.len > b->u.str.len) - (a->u.str.len < b->u.str.len);
}

/* For long string lists (lines() files): how many entries came and went. */
static const char *list_delta(sctx *c, const lc_value *old, const lc_value *new) {
  uint32_t no = old->u.list.n, nn = new->u.list.n;
  if (old->type->elem->kind != LC_T_STRING || new->type->elem->kind != LC_T_STRING) return NULL;
  lc_value **a = LC_NEW_ARRAY(c->a, lc_value *, no + 1), **b = LC_NEW_ARRAY(c->a, lc_value *, nn + 1);
  memcpy(a, old->u.list.items, no * sizeof *a);
  memcpy(b, new->u.list.items, nn * sizeof *b);
  qsort(a, no, sizeof *a, cmp_value_text);
  qsort(b, nn, sizeof *b, cmp_value_text);
  uint32_t i = 0, j = 0, added = 0, removed = 0;
  while (i < no || j < nn) {
    int r = i == no ? 1 : j == nn ? -1 : cmp_value_text(&a[i], &b[j]);
    if (r < 0) { removed++; i++; }
    else if (r > 0) { added++; j++; }
    else { i++; j++; }
  }
  return lc_arena_printf(c->a, "%" PRIu32 " items (+%" PRIu32 ", -%" PRIu32 ")", nn, added, removed);
}

static const char *value_text(sctx *c, const lc_value *v) {
  lc_sb sb = {0};
  put_value(&sb, v);
  return keep(c, &sb);
}

/* ---- header and fields */

static const char *range_text(sctx *c, const lc_program *p) {
  if (!p->has_range) return NULL;
  lc_sb sb = {0};
  lc_write_double(&sb, p->range_lo);
  lc_sb_puts(&sb, " .. ");
  lc_write_double(&sb, p->range_hi);
  return keep(c, &sb);
}

static const char *field_text(sctx *c, const lc_field *f) {
  const char *mod = f->is_key ? "key " : f->is_timestamp ? "timestamp " : "";
  if (strcmp(f->key, f->name)) return lc_arena_printf(c->a, "%s%s from \"%s\"", mod, lc_type_str(c->a, f->type), f->key);
  return lc_arena_printf(c->a, "%s%s", mod, lc_type_str(c->a, f->type));
}

static const lc_record *record_named(const lc_program *p, const lc_record *like) {
  for (uint32_t i = 0; i < p->records.n; i++) {
    const lc_record *r = p->records.items[i];
    if (r->is_input == like->is_input && (r->is_input || !strcmp(r->name, like->name))) return r;
  }
  return NULL;
}

static const lc_field *field_named(const lc_record *r, const char *name) {
  for (uint32_t i = 0; r && i < r->nfields; i++)
    if (!strcmp(r->fields[i]->name, name)) return r->fields[i];
  return NULL;
}

static void fields(sctx *c, const lc_program *old, const lc_program *new) {
  for (uint32_t i = 0; i < new->records.n; i++) {
    const lc_record *rn = new->records.items[i], *ro = record_named(old, rn);
    for (uint32_t k = 0; k < rn->nfields; k++) {
      const lc_field *fn = rn->fields[k], *fo = field_named(ro, fn->name);
      const char *subject = lc_arena_printf(c->a, "%s.%s", rn->name, fn->name);
      const char *after = field_text(c, fn);
      if (!fo) add(c, LC_CH_FIELD_ADDED, subject, NULL, after);
      else if (strcmp(field_text(c, fo), after)) add(c, LC_CH_FIELD_TYPE, subject, field_text(c, fo), after);
    }
  }
  for (uint32_t i = 0; i < old->records.n; i++) {
    const lc_record *ro = old->records.items[i], *rn = record_named(new, ro);
    for (uint32_t k = 0; k < ro->nfields; k++)
      if (!field_named(rn, ro->fields[k]->name))
        add(c, LC_CH_FIELD_REMOVED, lc_arena_printf(c->a, "%s.%s", ro->name, ro->fields[k]->name),
            field_text(c, ro->fields[k]), NULL);
  }
}

/* ---- consts and defs */

static const lc_const *const_named(const lc_program *p, const char *name) {
  for (uint32_t i = 0; i < p->consts.n; i++)
    if (!strcmp(((lc_const *)p->consts.items[i])->name, name)) return p->consts.items[i];
  return NULL;
}

static void consts(sctx *c, const lc_program *old, const lc_program *new) {
  for (uint32_t i = 0; i < new->consts.n; i++) {
    const lc_const *kn = new->consts.items[i], *ko = const_named(old, kn->name);
    if (!kn->value || (ko && (!ko->value || same_value(ko->value, kn->value)))) continue;
    const char *before = ko ? value_text(c, ko->value) : NULL, *after = value_text(c, kn->value);
    if (ko && kn->value->type->kind == LC_T_LIST && ko->value->type->kind == LC_T_LIST) {
      const char *delta = list_delta(c, ko->value, kn->value);
      if (delta) after = delta;
    }
    add(c, LC_CH_CONST, kn->name, before, after);
  }
  for (uint32_t i = 0; i < old->consts.n; i++) {
    const lc_const *ko = old->consts.items[i];
    if (!const_named(new, ko->name) && ko->value) add(c, LC_CH_CONST, ko->name, value_text(c, ko->value), NULL);
  }
}

static const lc_def *def_named(const lc_program *p, const char *name) {
  for (uint32_t i = 0; i < p->defs.n; i++)
    if (!strcmp(((lc_def *)p->defs.items[i])->name, name)) return p->defs.items[i];
  return NULL;
}

static bool same_def(sctx *c, const lc_def *a, const lc_def *b) {
  if (a->nparams != b->nparams || strcmp(lc_type_str(c->a, a->ret), lc_type_str(c->a, b->ret))) return false;
  for (uint32_t i = 0; i < a->nparams; i++)
    if (strcmp(a->params[i].name, b->params[i].name) ||
        strcmp(lc_type_str(c->a, a->params[i].type), lc_type_str(c->a, b->params[i].type)))
      return false;
  return lc_fmt_same_expr(a->body, b->body);
}

static void defs(sctx *c, const lc_program *old, const lc_program *new) {
  for (uint32_t i = 0; i < new->defs.n; i++) {
    const lc_def *dn = new->defs.items[i], *d0 = def_named(old, dn->name);
    if (!d0 || !same_def(c, d0, dn)) add(c, LC_CH_DEF, dn->name, d0 ? text(c, d0->body) : NULL, text(c, dn->body));
  }
  for (uint32_t i = 0; i < old->defs.n; i++) {
    const lc_def *d0 = old->defs.items[i];
    if (!def_named(new, d0->name)) add(c, LC_CH_DEF, d0->name, text(c, d0->body), NULL);
  }
}

/* ---- groups and rules */

static const char *limits_text(sctx *c, bool has_cap, double cap, bool has_floor, double floor) {
  if (!has_cap && !has_floor) return "no cap or floor";
  lc_sb sb = {0};
  if (has_cap) { lc_sb_puts(&sb, "cap "); lc_write_double(&sb, cap); }
  if (has_floor) { lc_sb_puts(&sb, has_cap ? " floor " : "floor "); lc_write_double(&sb, floor); }
  return keep(c, &sb);
}

static const lc_group *group_named(const lc_program *p, const char *name) {
  for (uint32_t i = 0; i < p->groups.n; i++)
    if (!strcmp(((lc_group *)p->groups.items[i])->name, name)) return p->groups.items[i];
  return NULL;
}

static void groups(sctx *c, const lc_program *old, const lc_program *new) {
  for (uint32_t i = 0; i < new->groups.n; i++) {
    const lc_group *gn = new->groups.items[i], *go = group_named(old, gn->name);
    const char *after = limits_text(c, gn->has_cap, gn->cap, gn->has_floor, gn->floor);
    if (!go) {
      add(c, LC_CH_GROUP_ADDED, gn->name, NULL, after);
      continue;
    }
    const char *before = limits_text(c, go->has_cap, go->cap, go->has_floor, go->floor);
    if (strcmp(before, after)) add(c, LC_CH_GROUP_LIMITS, gn->name, before, after);
  }
  for (uint32_t i = 0; i < old->groups.n; i++) {
    const lc_group *go = old->groups.items[i];
    if (!group_named(new, go->name))
      add(c, LC_CH_GROUP_REMOVED, go->name, limits_text(c, go->has_cap, go->cap, go->has_floor, go->floor), NULL);
  }
}

static const char *condition_text(sctx *c, const lc_rule *r) {
  if (r->kind == LC_RULE_WHEN) return lc_arena_printf(c->a, "when %s", text(c, r->cond));
  lc_sb sb = {0};
  lc_sb_printf(&sb, "each %s", text(c, r->list));
  if (r->where) lc_sb_printf(&sb, " where %s", text(c, r->where));
  if (r->within) lc_sb_printf(&sb, " within %s", text(c, r->within));
  return keep(c, &sb);
}

static const char *decay_text(sctx *c, const lc_rule *r) {
  static const char *const kinds[] = {[LC_DECAY_HALF_LIFE] = "half_life", [LC_DECAY_LINEAR] = "linear", [LC_DECAY_STEP] = "step"};
  if (r->decay == LC_DECAY_NONE) return "no decay";
  lc_sb sb = {0};
  lc_sb_printf(&sb, "decay %s %s", kinds[r->decay], text(c, r->decl->u.rule.decay_param));
  if (r->since) lc_sb_printf(&sb, " since %s", text(c, r->since));
  return keep(c, &sb);
}

static const char *rule_text(sctx *c, const lc_rule *r) {
  lc_sb sb = {0};
  lc_sb_printf(&sb, "%s then %s", condition_text(c, r), text(c, r->points));
  if (r->decay != LC_DECAY_NONE) lc_sb_printf(&sb, " %s", decay_text(c, r));
  if (r->has_cap || r->has_floor) lc_sb_printf(&sb, " %s", limits_text(c, r->has_cap, r->cap, r->has_floor, r->floor));
  return keep(c, &sb);
}

static const lc_rule *rule_named(const lc_program *p, const char *name) {
  for (uint32_t i = 0; i < p->rules.n; i++)
    if (!strcmp(((lc_rule *)p->rules.items[i])->name, name)) return p->rules.items[i];
  return NULL;
}

static bool same_condition(const lc_rule *a, const lc_rule *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == LC_RULE_WHEN) return lc_fmt_same_expr(a->cond, b->cond);
  return lc_fmt_same_expr(a->list, b->list) && lc_fmt_same_expr(a->where, b->where) &&
         lc_fmt_same_expr(a->within, b->within);
}

static void rule_changes(sctx *c, const lc_rule *ro, const lc_rule *rn) {
  const char *name = rn->name;
  if (!same_condition(ro, rn)) add(c, LC_CH_RULE_CONDITION, name, condition_text(c, ro), condition_text(c, rn));
  if (!lc_fmt_same_expr(ro->points, rn->points)) add(c, LC_CH_RULE_POINTS, name, text(c, ro->points), text(c, rn->points));
  if (ro->decay != rn->decay || ro->decay_us != rn->decay_us || !lc_fmt_same_expr(ro->since, rn->since))
    add(c, LC_CH_RULE_DECAY, name, decay_text(c, ro), decay_text(c, rn));
  const char *lo = limits_text(c, ro->has_cap, ro->cap, ro->has_floor, ro->floor);
  const char *ln = limits_text(c, rn->has_cap, rn->cap, rn->has_floor, rn->floor);
  if (strcmp(lo, ln)) add(c, LC_CH_RULE_LIMITS, name, lo, ln);
  const char *go = ro->group ? ro->group->name : "(top level)", *gn = rn->group ? rn->group->name : "(top level)";
  if (strcmp(go, gn)) add(c, LC_CH_RULE_GROUP, name, go, gn);
}

static void rules(sctx *c, const lc_program *old, const lc_program *new) {
  for (uint32_t i = 0; i < new->rules.n; i++) {
    const lc_rule *rn = new->rules.items[i], *ro = rule_named(old, rn->name);
    if (ro) rule_changes(c, ro, rn);
    else add(c, LC_CH_RULE_ADDED, rn->name, NULL, rule_text(c, rn));
  }
  for (uint32_t i = 0; i < old->rules.n; i++) {
    const lc_rule *ro = old->rules.items[i];
    if (!rule_named(new, ro->name)) add(c, LC_CH_RULE_REMOVED, ro->name, rule_text(c, ro), NULL);
  }
}

/* ---- tiers */

static const lc_tier *tier_named(const lc_program *p, const char *name) {
  for (uint32_t i = 0; i < p->tiers.n; i++)
    if (!strcmp(((lc_tier *)p->tiers.items[i])->name, name)) return p->tiers.items[i];
  return NULL;
}

static const char *tier_text(sctx *c, const lc_tier *t) {
  return t->cond ? lc_arena_printf(c->a, "when %s", text(c, t->cond)) : "otherwise";
}

/* A tier's place among the tiers both versions have, 1-based. */
static uint32_t rank(const lc_program *p, const lc_program *other, const lc_tier *t) {
  uint32_t r = 0;
  for (uint32_t i = 0; i < p->tiers.n; i++) {
    const lc_tier *x = p->tiers.items[i];
    if (tier_named(other, x->name)) r++;
    if (x == t) break;
  }
  return r;
}

static void tiers(sctx *c, const lc_program *old, const lc_program *new) {
  for (uint32_t i = 0; i < new->tiers.n; i++) {
    const lc_tier *tn = new->tiers.items[i], *to = tier_named(old, tn->name);
    if (!to) {
      add(c, LC_CH_TIER_ADDED, tn->name, NULL, tier_text(c, tn));
      continue;
    }
    uint32_t ro = rank(old, new, to), rn = rank(new, old, tn);
    if (ro != rn)
      add(c, LC_CH_TIER_MOVED, tn->name, lc_arena_printf(c->a, "position %" PRIu32, to->index + 1),
          lc_arena_printf(c->a, "position %" PRIu32, tn->index + 1));
    if (!lc_fmt_same_expr(to->cond, tn->cond)) add(c, LC_CH_TIER_CONDITION, tn->name, tier_text(c, to), tier_text(c, tn));
  }
  for (uint32_t i = 0; i < old->tiers.n; i++) {
    const lc_tier *to = old->tiers.items[i];
    if (!tier_named(new, to->name)) add(c, LC_CH_TIER_REMOVED, to->name, tier_text(c, to), NULL);
  }
}

void lc_diff_structure(const lc_program *old, const lc_program *new, const lc_sources *src, lc_arena *a, lc_vec *out) {
  sctx c = {a, src, out};
  if (!same_str(old->version, new->version)) add(&c, LC_CH_VERSION, NULL, old->version, new->version);
  const char *ro = range_text(&c, old), *rn = range_text(&c, new);
  if (!same_str(ro, rn)) add(&c, LC_CH_RANGE, NULL, ro ? ro : "none", rn ? rn : "none");
  fields(&c, old, new);
  consts(&c, old, new);
  defs(&c, old, new);
  groups(&c, old, new);
  rules(&c, old, new);
  tiers(&c, old, new);
}
