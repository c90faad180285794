/* A stable text form of the plan for golden tests and for people debugging a model
 * (`leadc check --dump=plan`). Expressions print as s-expressions; fields by name, prefixed with
 * @N when they belong to the element visited at level N; enum constants by member name when the
 * other operand says which enum it is. Nothing in it depends on addresses or on timing. */
#include "plan/plan_dump.h"

#include <inttypes.h>
#include <string.h>

#include "plan/result_write.h"

typedef struct dumper {
  const lc_plan *p;
  lc_sb *sb;
  uint32_t scope[32];        /* record index visited at each level */
} dumper;

static const char *const op_names[] = {
  [P_NEG] = "neg", [P_NOT] = "not", [P_ADD] = "+", [P_SUB] = "-", [P_MUL] = "*", [P_DIV] = "/",
  [P_MOD] = "%", [P_EQ] = "==", [P_NE] = "!=", [P_LT] = "<", [P_LE] = "<=", [P_GT] = ">",
  [P_GE] = ">=", [P_AND] = "and", [P_OR] = "or", [P_COALESCE] = "??", [P_IS_MISSING] = "is_missing",
  [P_IS_PRESENT] = "is_present", [P_IN_RANGE] = "in_range", [P_IN_STRSET] = "in", [P_IN_NUMS] = "in",
  [P_STARTS_WITH] = "starts_with", [P_ENDS_WITH] = "ends_with", [P_CONTAINS] = "contains",
  [P_MATCHES] = "matches",
};

static const char *const builtin_names[] = {
  [B_LOWER] = "lower", [B_UPPER] = "upper", [B_TRIM] = "trim", [B_LEN] = "len",
  [B_DOMAIN] = "domain", [B_LOCAL_PART] = "local_part", [B_ABS] = "abs", [B_ROUND] = "round",
  [B_ROUND_DIGITS] = "round", [B_FLOOR] = "floor", [B_CEIL] = "ceil", [B_LOG] = "log",
  [B_SQRT] = "sqrt", [B_MIN] = "min", [B_MAX] = "max", [B_CLAMP] = "clamp",
  [B_DAYS_SINCE] = "days_since", [B_HOURS_SINCE] = "hours_since", [B_AGE] = "age",
  [B_KEYBOARD_RUN] = "keyboard_run",
};

static const char *const agg_names[] = {
  [AGG_COUNT] = "count", [AGG_ANY] = "any", [AGG_ALL] = "all", [AGG_NONE] = "none",
  [AGG_SUM] = "sum", [AGG_MIN] = "min", [AGG_MAX] = "max", [AGG_AVG] = "avg",
  [AGG_FIRST] = "first", [AGG_LAST] = "last", [AGG_COUNT_DISTINCT] = "count_distinct",
};

static void quoted(lc_sb *sb, const char *s, size_t n) {
  lc_sb_putc(sb, '"');
  lc_sb_json_escaped(sb, s, n);
  lc_sb_putc(sb, '"');
}

/* In the language's own units where one divides exactly (days at most, as rules are written):
 * 14d, 90m, 1500000us otherwise. */
static void duration(lc_sb *sb, int64_t us) {
  static const struct { int64_t us; const char *unit; } units[] = {
    {INT64_C(86400000000), "d"}, {INT64_C(3600000000), "h"},
    {INT64_C(60000000), "m"}, {INT64_C(1000000), "s"},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (us % units[i].us == 0) { lc_sb_printf(sb, "%" PRId64 "%s", us / units[i].us, units[i].unit); return; }
  lc_sb_printf(sb, "%" PRId64 "us", us);
}

static const lc_field_desc *field_at(const dumper *d, uint32_t level, uint32_t slot) {
  const lc_record_desc *r = &d->p->records[d->scope[level]];
  for (uint32_t i = 0; i < r->nfields; i++)
    if (r->fields[i].slot == slot) return &r->fields[i];
  return NULL;
}

/* The enum members an expression's values are indices into, when the plan still knows them. */
static const lc_field_desc *enum_of(const dumper *d, const lc_pexpr *e) {
  if (!e || e->type != PT_ENUM) return NULL;
  if (e->op == P_FIELD) return field_at(d, e->field.level, e->field.slot);
  if (e->op == P_AGG && e->agg.proj) return enum_of(d, e->agg.proj);
  if (e->op == P_COALESCE) { const lc_field_desc *f = enum_of(d, e->a); return f ? f : enum_of(d, e->b); }
  return NULL;
}

static void member(dumper *d, const lc_field_desc *en, int64_t i) {
  if (en && i >= 0 && (uint64_t)i < en->nmembers) quoted(d->sb, en->members[i], strlen(en->members[i]));
  else lc_sb_printf(d->sb, "#%" PRId64, i);
}

static void expr(dumper *d, const lc_pexpr *e, const lc_field_desc *en);

static void constant(dumper *d, const lc_pexpr *e, const lc_field_desc *en) {
  lc_sb *sb = d->sb;
  switch (e->type) {
  case PT_NUM: lc_write_double(sb, e->k.num); break;
  case PT_STR: quoted(sb, e->k.str.ptr, e->k.str.len); break;
  case PT_BOOL: lc_sb_puts(sb, e->k.b ? "true" : "false"); break;
  case PT_DUR: duration(sb, e->k.us); break;
  case PT_ENUM: member(d, en, e->k.i); break;
  case PT_TIME: {
    char buf[40];
    lc_sb_putc(sb, '@');
    lc_sb_putn(sb, buf, lc_time_format(e->k.us, buf));
    break;
  }
  case PT_LIST: break;
  }
}

static void agg(dumper *d, const lc_pexpr *e) {
  lc_sb *sb = d->sb;
  lc_sb_printf(sb, "(%s ", agg_names[e->agg.kind]);
  expr(d, e->agg.list, NULL);
  lc_sb_printf(sb, " as %s@%u", d->p->records[e->agg.elem].name, e->agg.level);
  if (e->agg.level < sizeof d->scope / sizeof d->scope[0]) d->scope[e->agg.level] = e->agg.elem;
  if (e->agg.proj) { lc_sb_putc(sb, ' '); expr(d, e->agg.proj, NULL); }
  if (e->agg.within) { lc_sb_puts(sb, " within "); expr(d, e->agg.within, NULL); }
  if (e->agg.where) { lc_sb_puts(sb, " where "); expr(d, e->agg.where, NULL); }
  lc_sb_putc(sb, ')');
}

static void expr(dumper *d, const lc_pexpr *e, const lc_field_desc *en) {
  lc_sb *sb = d->sb;
  switch (e->op) {
  case P_CONST: constant(d, e, en); return;
  case P_MISSING: lc_sb_puts(sb, "missing"); return;
  case P_SCORE: lc_sb_puts(sb, "score"); return;
  case P_GROUP_TOTAL: lc_sb_printf(sb, "group:%s", d->p->groups[e->index].name); return;
  case P_AGG: agg(d, e); return;
  case P_FIELD: {
    const lc_field_desc *f = field_at(d, e->field.level, e->field.slot);
    if (e->field.level) lc_sb_printf(sb, "@%u.", e->field.level);
    if (f) lc_sb_puts(sb, f->name);
    else lc_sb_printf(sb, "slot%u", e->field.slot);
    return;
  }
  case P_CALL: {
    lc_sb_printf(sb, "(%s", builtin_names[e->builtin]);
    const lc_pexpr *args[] = {e->a, e->b, e->c};
    for (uint32_t i = 0; i < e->nargs && i < 3; i++) { lc_sb_putc(sb, ' '); expr(d, args[i], NULL); }
    lc_sb_putc(sb, ')');
    return;
  }
  default: break;
  }
  const lc_field_desc *hint = enum_of(d, e->a);
  if (!hint) hint = enum_of(d, e->b);
  lc_sb_printf(sb, "(%s ", op_names[e->op]);
  expr(d, e->a, hint);
  switch (e->op) {
  case P_IN_STRSET: lc_sb_printf(sb, " strset#%u)", e->index); return;
  case P_MATCHES: lc_sb_printf(sb, " regex#%u)", e->index); return;
  case P_IN_NUMS:
    lc_sb_puts(sb, " [");
    for (uint32_t i = 0; i < e->nnums; i++) {
      if (i) lc_sb_puts(sb, ", ");
      if (e->a->type == PT_ENUM) member(d, hint, (int64_t)e->nums[i]);
      else lc_write_double(sb, e->nums[i]);
    }
    lc_sb_puts(sb, "])");
    return;
  default: break;
  }
  if (e->b) { lc_sb_putc(sb, ' '); expr(d, e->b, hint); }
  if (e->c) { lc_sb_putc(sb, ' '); expr(d, e->c, hint); }
  lc_sb_putc(sb, ')');
}

static void field_type(lc_sb *sb, const lc_field_desc *f) {
  static const char *const kinds[] = {
    [LC_V_BOOL] = "bool", [LC_V_NUMBER] = "number", [LC_V_INT] = "int", [LC_V_STRING] = "string",
    [LC_V_TIME] = "time", [LC_V_DURATION] = "duration",
  };
  if (f->kind == LC_V_ENUM) {
    lc_sb_puts(sb, "enum(");
    for (uint32_t i = 0; i < f->nmembers; i++) {
      if (i) lc_sb_puts(sb, ", ");
      quoted(sb, f->members[i], strlen(f->members[i]));
    }
    lc_sb_putc(sb, ')');
  } else if (f->kind == LC_V_LIST) {
    lc_sb_printf(sb, "list<%s>", f->elem ? f->elem->name : "?");
  } else {
    lc_sb_puts(sb, kinds[f->kind]);
  }
  if (f->optional) lc_sb_putc(sb, '?');
}

static void record(lc_sb *sb, const lc_plan *p, uint32_t r) {
  const lc_record_desc *d = &p->records[r];
  lc_sb_printf(sb, "record %u %s%s: %u slots", r, d->name, r == 0 ? " (input)" : "", d->nslots);
  if (d->timestamp_slot != LC_NO_SLOT) lc_sb_printf(sb, ", timestamp slot %u", d->timestamp_slot);
  if (r == 0 && p->key_slot != LC_NO_SLOT) lc_sb_printf(sb, ", key slot %u", p->key_slot);
  lc_sb_putc(sb, '\n');
  if (d->nmissing) {
    lc_sb_puts(sb, "  missing_values");
    for (uint32_t i = 0; i < d->nmissing; i++) {
      lc_sb_puts(sb, i ? ", " : " ");
      quoted(sb, d->missing_values[i], strlen(d->missing_values[i]));
    }
    lc_sb_putc(sb, '\n');
  }
  for (uint32_t i = 0; i < d->nfields; i++) {
    const lc_field_desc *f = &d->fields[i];
    lc_sb_printf(sb, "  %s: ", f->name);
    field_type(sb, f);
    if (strcmp(f->key, f->name)) { lc_sb_puts(sb, " from "); quoted(sb, f->key, strlen(f->key)); }
    if (f->slot == LC_NO_SLOT) lc_sb_puts(sb, " -> unstored\n");
    else lc_sb_printf(sb, " -> slot %u\n", f->slot);
  }
}

static void limits(lc_sb *sb, bool has_cap, double cap, bool has_floor, double floor) {
  if (has_cap) { lc_sb_puts(sb, " cap "); lc_write_double(sb, cap); }
  if (has_floor) { lc_sb_puts(sb, " floor "); lc_write_double(sb, floor); }
}

static void line(dumper *d, const char *label, const lc_pexpr *e) {
  if (!e) return;
  lc_sb_printf(d->sb, "  %s ", label);
  expr(d, e, NULL);
  lc_sb_putc(d->sb, '\n');
}

static void rule(dumper *d, uint32_t i) {
  static const char *const decays[] = {
    [LC_DECAY_HALF_LIFE] = "half_life", [LC_DECAY_LINEAR] = "linear", [LC_DECAY_STEP] = "step",
  };
  const lc_plan *p = d->p;
  const lc_prule *r = &p->rules[i];
  lc_sb *sb = d->sb;
  lc_sb_printf(sb, "rule %u %s", i, r->name);
  if (r->group >= 0) lc_sb_printf(sb, " in %s", p->groups[r->group].name);
  if (r->desc) { lc_sb_putc(sb, ' '); quoted(sb, r->desc, strlen(r->desc)); }
  lc_sb_putc(sb, '\n');
  if (r->each) {
    lc_sb_puts(sb, "  each ");
    expr(d, r->list, NULL);
    lc_sb_printf(sb, " as %s@%u\n", p->records[r->elem].name, r->level);
    d->scope[r->level] = r->elem;
    line(d, "within", r->within);
    line(d, "where", r->cond);
  } else {
    line(d, "when", r->cond);
  }
  line(d, "then", r->points);
  if (r->decay != LC_DECAY_NONE) {
    lc_sb_printf(sb, "  decay %s ", decays[r->decay]);
    duration(sb, r->decay_us);
    lc_sb_putc(sb, '\n');
  }
  line(d, "since", r->since);
  if (r->has_cap || r->has_floor) {
    lc_sb_putc(sb, ' ');
    limits(sb, r->has_cap, r->cap, r->has_floor, r->floor);
    lc_sb_putc(sb, '\n');
  }
}

void lc_plan_dump(const lc_plan *p, lc_sb *sb) {
  dumper d = {p, sb, {0}};
  lc_sb_printf(sb, "model %s", p->model_name);
  if (p->model_desc) { lc_sb_putc(sb, ' '); quoted(sb, p->model_desc, strlen(p->model_desc)); }
  lc_sb_putc(sb, '\n');
  if (p->version) { lc_sb_puts(sb, "version "); quoted(sb, p->version, strlen(p->version)); lc_sb_putc(sb, '\n'); }
  if (p->has_range) {
    lc_sb_puts(sb, "score range ");
    lc_write_double(sb, p->range_lo);
    lc_sb_puts(sb, " .. ");
    lc_write_double(sb, p->range_hi);
    lc_sb_putc(sb, '\n');
  }
  for (uint32_t r = 0; r < p->nrecords; r++) record(sb, p, r);
  for (uint32_t i = 0; i < p->nregexes; i++) {
    lc_sb_printf(sb, "regex#%u /%s/%s%s\n", i, p->regex_src[i], p->regex_flags[i] & LC_RE_CASELESS ? "i" : "",
                 p->regex_flags[i] & LC_RE_EXTENDED ? "x" : "");
  }
  for (uint32_t i = 0; i < p->nstrsets; i++) {
    lc_sb_printf(sb, "strset#%u %u items:", i, p->strset_n[i]);
    for (uint32_t j = 0; j < p->strset_n[i]; j++) {
      lc_sb_putc(sb, ' ');
      quoted(sb, p->strset_items[i][j].ptr, p->strset_items[i][j].len);
    }
    lc_sb_putc(sb, '\n');
  }
  for (uint32_t g = 0; g < p->ngroups; g++) {
    lc_sb_printf(sb, "group %u %s", g, p->groups[g].name);
    limits(sb, p->groups[g].has_cap, p->groups[g].cap, p->groups[g].has_floor, p->groups[g].floor);
    lc_sb_putc(sb, '\n');
  }
  for (uint32_t i = 0; i < p->nrules; i++) rule(&d, i);
  lc_sb_puts(sb, "score =");
  for (uint32_t i = 0; i < p->nitems; i++) {
    const lc_pitem *it = &p->items[i];
    lc_sb_printf(sb, "%s %s%s", i ? " +" : "", it->is_group ? "group:" : "",
                 it->is_group ? p->groups[it->index].name : p->rules[it->index].name);
  }
  lc_sb_puts(sb, p->nitems ? "\n" : " 0\n");
  for (uint32_t t = 0; t < p->ntiers; t++) {
    lc_sb_printf(sb, "tier %s ", p->tiers[t].name);
    if (p->tiers[t].cond) { lc_sb_puts(sb, "when "); expr(&d, p->tiers[t].cond, NULL); }
    else lc_sb_puts(sb, "otherwise");
    lc_sb_putc(sb, '\n');
  }
}
