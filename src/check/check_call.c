/* Calls: the grammar makes every `name(…)` an AST_CALL; here it becomes an aggregate over a list,
 * a builtin, a def, or lines(). The one overloaded name pair is min/max: two arguments are the
 * builtin min(a, b), one projected field (`max(events.at)`) is the aggregate. */
#include <string.h>
#include "check/check_internal.h"
#include "util/strbuf.h"

static lc_type *set(ast_expr *e, lc_type *t) {
  e->type = t;
  return t;
}

static const char *tstr(ck *c, const lc_type *t) { return lc_type_str(c->a, t); }

/* ---- builtins */

typedef enum { A_NUM, A_STR, A_TIME, A_ORDERED } arg_kind;   /* A_ORDERED: number, time or duration; all alike */
typedef enum { R_NUM, R_INT, R_STR, R_STR_MISSING, R_DUR, R_SAME } ret_kind;

typedef struct builtin {
  const char *name;
  lc_builtin id;
  uint8_t min, max;
  arg_kind arg;
  ret_kind ret;
  const char *usage;
} builtin;

static const builtin builtins[] = {
  {"lower", B_LOWER, 1, 1, A_STR, R_STR, "lower(text)"},
  {"upper", B_UPPER, 1, 1, A_STR, R_STR, "upper(text)"},
  {"trim", B_TRIM, 1, 1, A_STR, R_STR, "trim(text)"},
  {"len", B_LEN, 1, 1, A_STR, R_INT, "len(text)"},
  {"domain", B_DOMAIN, 1, 1, A_STR, R_STR_MISSING, "domain(email)"},
  {"local_part", B_LOCAL_PART, 1, 1, A_STR, R_STR_MISSING, "local_part(email)"},
  {"abs", B_ABS, 1, 1, A_NUM, R_NUM, "abs(x)"},
  {"round", B_ROUND, 1, 2, A_NUM, R_NUM, "round(x) or round(x, digits)"},
  {"floor", B_FLOOR, 1, 1, A_NUM, R_NUM, "floor(x)"},
  {"ceil", B_CEIL, 1, 1, A_NUM, R_NUM, "ceil(x)"},
  {"log", B_LOG, 1, 1, A_NUM, R_NUM, "log(x)"},
  {"sqrt", B_SQRT, 1, 1, A_NUM, R_NUM, "sqrt(x)"},
  {"min", B_MIN, 2, 2, A_ORDERED, R_SAME, "min(a, b), or min(list.field)"},
  {"max", B_MAX, 2, 2, A_ORDERED, R_SAME, "max(a, b), or max(list.field)"},
  {"clamp", B_CLAMP, 3, 3, A_NUM, R_NUM, "clamp(x, lo, hi)"},
  {"days_since", B_DAYS_SINCE, 1, 1, A_TIME, R_NUM, "days_since(time)"},
  {"hours_since", B_HOURS_SINCE, 1, 1, A_TIME, R_NUM, "hours_since(time)"},
  {"age", B_AGE, 1, 1, A_TIME, R_DUR, "age(time)"},
  {"keyboard_run", B_KEYBOARD_RUN, 1, 1, A_STR, R_INT, "keyboard_run(text)"},
};
enum { NBUILTINS = sizeof builtins / sizeof builtins[0] };

typedef struct aggregate {
  const char *name;
  lc_aggkind kind;
  bool projects;        /* takes L.f rather than L */
  bool needs_time;      /* first/last order by timestamp */
} aggregate;

static const aggregate aggregates[] = {
  {"count", AGG_COUNT, false, false}, {"any", AGG_ANY, false, false}, {"all", AGG_ALL, false, false},
  {"none", AGG_NONE, false, false},   {"sum", AGG_SUM, true, false},  {"min", AGG_MIN, true, false},
  {"max", AGG_MAX, true, false},      {"avg", AGG_AVG, true, false},  {"first", AGG_FIRST, true, true},
  {"last", AGG_LAST, true, true},     {"count_distinct", AGG_COUNT_DISTINCT, true, false},
};
enum { NAGGREGATES = sizeof aggregates / sizeof aggregates[0] };

static const builtin *find_builtin(const char *name) {
  for (int i = 0; i < NBUILTINS; i++)
    if (!strcmp(builtins[i].name, name)) return &builtins[i];
  return NULL;
}

static const aggregate *find_aggregate(const char *name) {
  for (int i = 0; i < NAGGREGATES; i++)
    if (!strcmp(aggregates[i].name, name)) return &aggregates[i];
  return NULL;
}

static void check_args_quietly(ck *c, const ck_env *env, ast_expr *e) {
  for (uint32_t i = 0; i < e->u.call.args.n; i++) ck_expr(c, env, e->u.call.args.items[i]);
}

static bool arg_fits(arg_kind k, const lc_type *t) {
  switch (k) {
  case A_NUM: return lc_type_is_numeric(t);
  case A_STR: return t->kind == LC_T_STRING;
  case A_TIME: return t->kind == LC_T_TIME;
  case A_ORDERED: return lc_type_is_numeric(t) || t->kind == LC_T_TIME || t->kind == LC_T_DURATION;
  }
  return false;
}

static const char *arg_text(arg_kind k) {
  switch (k) {
  case A_NUM: return "a number";
  case A_STR: return "text";
  case A_TIME: return "a time";
  case A_ORDERED: return "numbers, times or durations";
  }
  return "";
}

static void arity(ck *c, ast_expr *e, const char *usage, uint32_t min, uint32_t max) {
  uint32_t n = e->u.call.args.n;
  lc_diag *g;
  if (min == max)
    g = lc_report(c->d, LC_E0304, e->span, "%s takes %u value%s, but %u %s given", e->u.call.name, min, min == 1 ? "" : "s", n,
                  n == 1 ? "was" : "were");
  else
    g = lc_report(c->d, LC_E0304, e->span, "%s takes %u to %u values, but %u %s given", e->u.call.name, min, max, n,
                  n == 1 ? "was" : "were");
  lc_diag_help(c->d, g, "write %s", usage);
}

static lc_type *call_builtin(ck *c, const ck_env *env, ast_expr *e, const builtin *b) {
  uint32_t n = e->u.call.args.n;
  if (n < b->min || n > b->max) {
    check_args_quietly(c, env, e);
    arity(c, e, b->usage, b->min, b->max);
    return set(e, c->T->error);
  }
  bool opt = b->ret == R_STR_MISSING, bad = false;
  lc_type *first = NULL;
  for (uint32_t i = 0; i < n; i++) {
    ast_expr *a = e->u.call.args.items[i];
    lc_type *t = ck_expr(c, env, a);
    if (lc_type_is_error(t) || !ck_usable(c, a, t)) { bad = true; continue; }
    opt |= t->optional;
    if (!arg_fits(b->arg, t)) {
      lc_diag *g = lc_report(c->d, LC_E0301, a->span, "%s needs %s here, but this is %s", b->name, arg_text(b->arg), tstr(c, t));
      if (b->arg == A_STR && t->kind == LC_T_ENUM)
        lc_diag_help(c->d, g, "compare an enum with its members instead, such as %s == \"…\"", ck_expr_name(a) ? ck_expr_name(a) : "x");
      else lc_diag_help(c->d, g, "write %s", b->usage);
      bad = true;
      continue;
    }
    if (b->ret == R_SAME) {
      if (!first) first = t->req;
      else if (!lc_type_accepts(first, t)) {
        lc_report(c->d, LC_E0301, e->span, "%s needs two values of the same kind, but here it has %s and %s", b->name,
                  tstr(c, first), tstr(c, t));
        bad = true;
      }
    }
  }
  if (bad) return set(e, c->T->error);
  lc_sym *s = ck_sym(c, LC_SYM_BUILTIN);
  s->builtin = b->id == B_ROUND && n == 2 ? B_ROUND_DIGITS : b->id;
  e->sym = s;
  if (b->ret == R_STR_MISSING) {   /* domain("no at-sign") can never be present */
    e->type = c->T->string->opt;
    ast_expr *culprit;
    const char *why;
    lc_value *v = ck_fold(c, e, &culprit, &why);
    if (v && v->type->kind == LC_T_MISSING) return set(e, c->T->missing);
  }
  lc_type *r;
  switch (b->ret) {
  case R_NUM: r = c->T->number; break;
  case R_INT: r = c->T->integer; break;
  case R_STR: case R_STR_MISSING: r = c->T->string; break;
  case R_DUR: r = c->T->duration; break;
  case R_SAME: r = lc_type_is_numeric(first) ? c->T->number : first; break;
  default: r = c->T->error; break;
  }
  return set(e, lc_type_opt_if(r, opt));
}

/* ---- aggregates */

lc_record *ck_list_elem(ck *c, const ck_env *env, ast_expr *list, const char *what) {
  lc_type *t = ck_expr(c, env, list);
  if (lc_type_is_error(t)) return NULL;
  if (t->kind == LC_T_LIST && t->elem->kind == LC_T_RECORD) return t->elem->record;
  const char *n = ck_expr_name(list);
  lc_diag *g = n ? lc_report(c->d, LC_E0306, list->span, "%s needs a list, but %s is %s", what, n, tstr(c, t))
                 : lc_report(c->d, LC_E0306, list->span, "%s needs a list, but this is %s", what, tstr(c, t));
  if (t->kind == LC_T_LIST) lc_diag_help(c->d, g, "only lists of records can be visited; use in to look up a value");
  else lc_diag_help(c->d, g, "%s goes over a list<…> field, such as events", what);
  return NULL;
}

void ck_within(ck *c, const ck_env *env, ast_expr *within, lc_record *elem, const char *what) {
  lc_type *t = ck_expr(c, env, within);
  if (!lc_type_is_error(t) && ck_usable(c, within, t) && t->kind != LC_T_DURATION) {
    lc_diag *g = lc_report(c->d, LC_E0301, within->span, "within needs a duration, but this is %s", tstr(c, t));
    lc_diag_help(c->d, g, "write a duration with its unit, such as 30d");
  }
  if (elem && !elem->timestamp) {
    lc_diag *g = lc_report(c->d, LC_E0307, within->span, "%s needs to know when each %s happened, but %s has no timestamp field",
                           what, elem->name, elem->name);
    lc_diag_help(c->d, g, "mark its time field in record %s, such as `timestamp at: time`", elem->name);
  }
}

static lc_field *elem_field(lc_record *r, const char *name) {
  for (uint32_t i = 0; i < r->nfields; i++)
    if (!strcmp(r->fields[i]->name, name)) return r->fields[i];
  return NULL;
}

static lc_type *agg_result(ck *c, const aggregate *ag, ast_expr *e, lc_type *ft) {
  lc_type *r = ft ? ft->req : NULL;
  switch (ag->kind) {
  case AGG_COUNT: case AGG_COUNT_DISTINCT: return c->T->integer;
  case AGG_ANY: case AGG_ALL: case AGG_NONE: return c->T->boolean;
  case AGG_SUM: return lc_type_is_numeric(r) ? c->T->number : r;
  case AGG_AVG: return c->T->number->opt;
  default: return lc_type_is_numeric(r) ? c->T->number->opt : r->opt;   /* min, max, first, last: missing over nothing */
  }
}

static bool proj_fits(const aggregate *ag, const lc_type *t) {
  t = t->req;
  switch (ag->kind) {
  case AGG_SUM: case AGG_AVG: return lc_type_is_numeric(t) || t->kind == LC_T_DURATION;
  case AGG_MIN: case AGG_MAX: return lc_type_is_numeric(t) || t->kind == LC_T_TIME || t->kind == LC_T_DURATION;
  default: return t->kind != LC_T_LIST && t->kind != LC_T_RECORD;
  }
}

static lc_type *call_aggregate(ck *c, const ck_env *env, ast_expr *e, const aggregate *ag) {
  const char *name = e->u.call.name;
  ast_expr *arg = e->u.call.args.items[0];
  ast_expr *list = arg;
  lc_record *elem = NULL;
  lc_field *proj = NULL;
  bool bad = false;
  if (ag->projects) {
    if (arg->kind != AST_FIELD) {
      lc_type *t = ck_expr(c, env, arg);
      if (!lc_type_is_error(t)) {
        const char *n = ck_expr_name(arg);
        lc_diag *g = lc_report(c->d, LC_E0301, arg->span, "%s needs a field of a list, such as %s(events.minutes)", name, name);
        if (t->kind == LC_T_LIST && t->elem->kind == LC_T_RECORD)
          lc_diag_help(c->d, g, "name the field to %s: %s(%s.FIELD)", name, name, n ? n : "list");
        else if (ag->kind == AGG_MIN || ag->kind == AGG_MAX)
          lc_diag_help(c->d, g, "to compare two values write %s(a, b)", name);
      }
      bad = true;
    } else {
      list = arg->u.field.obj;
      elem = ck_list_elem(c, env, list, name);
      if (elem) {
        proj = elem_field(elem, arg->u.field.name);
        if (!proj) {
          lc_diag *g = lc_report(c->d, LC_E0202, arg->u.field.name_span, "%s has no field %s", elem->name, arg->u.field.name);
          lc_vec v = {0};
          for (uint32_t i = 0; i < elem->nfields; i++) lc_vec_push(c->a, &v, (void *)elem->fields[i]->name);
          const char *best = lc_did_you_mean(arg->u.field.name, (const char *const *)v.items, v.n);
          if (best) lc_diag_help(c->d, g, "did you mean %s?", best);
          bad = true;
        } else if (!proj_fits(ag, proj->type)) {
          lc_report(c->d, LC_E0301, arg->span, "%s cannot be worked out over %s values", name, tstr(c, proj->type->req));
          bad = true;
        } else {
          proj->used = true;
          lc_sym *s = ck_sym(c, LC_SYM_ELEM_FIELD);
          s->field = proj;
          s->level = ck_level(env) + 1;
          arg->sym = s;
          arg->type = proj->type;
        }
      } else bad = true;
    }
  } else {
    if (arg->kind == AST_FIELD) {
      lc_type *t = ck_expr(c, env, arg->u.field.obj);
      if (!lc_type_is_error(t)) {
        lc_diag *g = lc_report(c->d, LC_E0301, arg->span, "%s goes over the elements of a list, not over one field", name);
        const char *n = ck_expr_name(arg->u.field.obj);
        lc_diag_help(c->d, g, "write %s(%s where %s …)", name, n ? n : "list", arg->u.field.name);
      }
      bad = true;
    } else {
      elem = ck_list_elem(c, env, list, name);
      bad = !elem;
    }
  }
  if (ag->needs_time && elem && !elem->timestamp) {
    lc_diag *g = lc_report(c->d, LC_E0307, e->u.call.name_span, "%s needs to know when each %s happened, but %s has no timestamp field",
                           name, elem->name, elem->name);
    lc_diag_help(c->d, g, "mark its time field in record %s, such as `timestamp at: time`", elem->name);
  }
  if (e->u.call.within) ck_within(c, env, e->u.call.within, elem, "within");
  /* with the list unknown its fields are too: names in the condition would only echo the error */
  if (e->u.call.where && elem) {
    ck_elem inner = {elem, ck_level(env) + 1, env->elem};
    ck_env wenv = *env;
    wenv.elem = &inner;
    ck_cond(c, &wenv, e->u.call.where, "the where condition");
  }
  if (bad || !elem) return set(e, ag->kind == AGG_ANY || ag->kind == AGG_ALL || ag->kind == AGG_NONE ? c->T->boolean
                                   : ag->kind == AGG_COUNT ? c->T->integer : c->T->error);
  lc_sym *s = ck_sym(c, LC_SYM_AGGREGATE);
  s->agg.kind = ag->kind;
  s->agg.list = list;
  s->agg.elem = elem;
  s->agg.proj = proj;
  s->agg.level = ck_level(env) + 1;
  e->sym = s;
  return set(e, agg_result(c, ag, e, proj ? proj->type : NULL));
}

/* ---- lines("file") */

static lc_list_file *read_lines(ck *c, uint32_t file) {
  for (uint32_t i = 0; i < c->p->list_files.n; i++) {
    lc_list_file *lf = c->p->list_files.items[i];
    if (lf->file == file) return lf;
  }
  const lc_source *src = lc_sources_get(c->d->sources, file);
  lc_list_file *lf = LC_NEW(c->a, lc_list_file);
  lf->path = src->path;
  lf->file = file;
  lf->value = ck_value_new(c, lc_type_list(c->T, c->T->string));
  lc_vec items = {0};
  const char *p = src->text, *end = src->text + src->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    const char *a = p, *b = le;
    while (a < b && (*a == ' ' || *a == '\t' || *a == '\r')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r')) b--;
    if (a < b && *a != '#') {
      lc_value *v = ck_value_new(c, c->T->string);
      v->u.str.s = lc_arena_strndup(c->a, a, (size_t)(b - a));
      v->u.str.len = (uint32_t)(b - a);
      lc_vec_push(c->a, &items, v);
    }
    p = le + 1;
  }
  lf->value->u.list.items = (lc_value **)items.items;
  lf->value->u.list.n = items.n;
  lc_vec_push(c->a, &c->p->list_files, lf);
  return lf;
}

static lc_type *lines_call(ck *c, ast_expr *e) {
  if (e->u.call.args.n != 1 || ((ast_expr *)e->u.call.args.items[0])->kind != AST_STR) {
    lc_diag *g = lc_report(c->d, LC_E0304, e->span, "lines takes one file name written as a string");
    lc_diag_help(c->d, g, "write lines(\"lists/target_accounts.txt\")");
    return set(e, c->T->error);
  }
  ast_expr *arg = e->u.call.args.items[0];
  arg->type = c->T->string;
  uint32_t file = 0;
  lc_load_status st = lc_load_relative(c->loader, e->span.file, arg->u.str.s, &file);
  if (st != LC_LOAD_OK) {
    const lc_source *from = lc_sources_get(c->d->sources, e->span.file);
    if (st == LC_LOAD_NOT_FOUND) {
      lc_diag *g = lc_report(c->d, LC_E0404, arg->span, "cannot find the list file \"%s\"", arg->u.str.s);
      lc_diag_help(c->d, g, "the path is relative to the folder of %s", from ? from->path : "this file");
    } else {
      lc_report(c->d, LC_E0405, arg->span, "cannot read the list file \"%s\"", arg->u.str.s);
    }
    return set(e, c->T->error);
  }
  lc_sym *s = ck_sym(c, LC_SYM_LINES);
  s->list_file = read_lines(c, file);
  e->sym = s;
  return set(e, lc_type_list(c->T, c->T->string));
}

/* ---- defs */

static void recursion(ck *c, lc_def *d, ast_expr *at) {
  lc_sb sb = {0};
  uint32_t i = 0;
  while (i < c->def_stack.n && c->def_stack.items[i] != d) i++;
  for (; i < c->def_stack.n; i++) lc_sb_printf(&sb, "%s → ", ((lc_def *)c->def_stack.items[i])->name);
  lc_sb_puts(&sb, d->name);
  lc_diag *g = lc_report(c->d, LC_E0310, at->span, "%s calls itself (%s); a def cannot be recursive", d->name, lc_sb_cstr(&sb));
  lc_diag_help(c->d, g, "defs are written out in place where they are used, so they must come to an end");
  lc_sb_free(&sb);
}

static lc_type *call_def(ck *c, const ck_env *env, ast_expr *e, lc_def *d) {
  d->used = true;
  if (d->state == CK_CHECKING) {
    check_args_quietly(c, env, e);
    recursion(c, d, e);
    return set(e, c->T->error);
  }
  ck_def(c, d);
  uint32_t n = e->u.call.args.n;
  if (n != d->nparams) {
    check_args_quietly(c, env, e);
    lc_sb sb = {0};
    lc_sb_printf(&sb, "%s(", d->name);
    for (uint32_t i = 0; i < d->nparams; i++) lc_sb_printf(&sb, "%s%s", i ? ", " : "", d->params[i].name);
    lc_sb_putc(&sb, ')');
    arity(c, e, lc_arena_strdup(c->a, lc_sb_cstr(&sb)), d->nparams, d->nparams);
    lc_sb_free(&sb);
    return set(e, c->T->error);
  }
  bool opt = false, bad = false;
  for (uint32_t i = 0; i < n; i++) {
    ast_expr *a = e->u.call.args.items[i];
    lc_type *t = ck_expr(c, env, a);
    if (lc_type_is_error(t) || !ck_usable(c, a, t)) { bad = true; continue; }
    lc_type *want = d->params[i].type;
    if (want->req->kind == LC_T_ENUM && t->req->kind == LC_T_STRING && a->kind == AST_STR) {
      ck_enum_members(c, NULL, want->req, a);
      continue;
    }
    if (!lc_type_accepts(want, t)) {
      lc_diag *g = lc_report(c->d, LC_E0301, a->span, "%s needs %s for %s, but this is %s", d->name, tstr(c, want->req),
                             d->params[i].name, tstr(c, t));
      lc_diag_note(c->d, g, d->params[i].span, "%s is declared here", d->params[i].name);
      bad = true;
      continue;
    }
    opt |= t->optional && !want->optional;
  }
  lc_sym *s = ck_sym(c, LC_SYM_DEF);
  s->def = d;
  e->sym = s;
  if (bad || !d->ret) return set(e, c->T->error);
  return set(e, lc_type_opt_if(d->ret, opt || d->ret->optional));
}

/* ---- dispatch */

static void unknown_function(ck *c, const ck_env *env, ast_expr *e) {
  const char *name = e->u.call.name;
  check_args_quietly(c, env, e);
  ck_name *n = ck_map_get(&c->ns[NS_VALUE], name);
  if (n) {
    const char *what = n->kind == N_FIELD ? "a field" : n->kind == N_CONST ? "a const" : "a group";
    lc_report(c->d, LC_E0205, e->u.call.name_span, "%s is %s, not a function", name, what);
    return;
  }
  lc_vec cand = {0};
  for (int i = 0; i < NBUILTINS; i++) lc_vec_push(c->a, &cand, (void *)builtins[i].name);
  for (int i = 0; i < NAGGREGATES; i++) lc_vec_push(c->a, &cand, (void *)aggregates[i].name);
  lc_vec_push(c->a, &cand, (void *)"lines");
  const char *best = lc_did_you_mean(name, (const char *const *)cand.items, cand.n);
  if (!best) best = ck_map_suggest(c->a, &c->ns[NS_VALUE], name, 1u << N_DEF);
  lc_diag *g = lc_report(c->d, LC_E0205, e->u.call.name_span, "unknown function %s", name);
  if (best) lc_diag_help(c->d, g, "did you mean %s?", best);
  else lc_diag_help(c->d, g, "the functions are the built-in ones (lower, domain, days_since, …), aggregates (count, any, sum, …) and defs");
}

lc_type *ck_call(ck *c, const ck_env *env, ast_expr *e) {
  const char *name = e->u.call.name;
  uint32_t n = e->u.call.args.n;
  const aggregate *ag = find_aggregate(name);
  bool clauses = e->u.call.where || e->u.call.within;
  if (ag && (n == 1 || clauses || !find_builtin(name))) {
    if (n != 1) {
      check_args_quietly(c, env, e);
      arity(c, e, ag->projects ? lc_arena_printf(c->a, "%s(list.field [where …] [within …])", name)
                               : lc_arena_printf(c->a, "%s(list [where …] [within …])", name), 1, 1);
      return set(e, c->T->error);
    }
    return call_aggregate(c, env, e, ag);
  }
  if (clauses) {
    ast_expr *at = e->u.call.where ? e->u.call.where : e->u.call.within;
    lc_diag *g = lc_report(c->d, LC_E0301, at->span, "%s only goes with a list aggregate such as count, any or sum",
                           e->u.call.where ? "where" : "within");
    lc_diag_help(c->d, g, "write count(events where …) or any(events where …)");
  }
  if (!strcmp(name, "lines")) return lines_call(c, e);
  ck_name *nm = ck_map_get(&c->ns[NS_VALUE], name);
  if (nm && nm->kind == N_DEF) return call_def(c, env, e, nm->ptr);
  const builtin *b = find_builtin(name);
  if (b) return call_builtin(c, env, e, b);
  unknown_function(c, env, e);
  return set(e, c->T->error);
}

void ck_def(ck *c, lc_def *d) {
  if (d->state != CK_UNCHECKED) return;
  d->state = CK_CHECKING;
  lc_vec_push(c->a, &c->def_stack, d);
  const ast_decl *outer = c->decl;
  c->decl = d->decl;
  ck_env env = {IN_DEF, d, NULL};
  lc_type *t = d->body ? ck_expr(c, &env, d->body) : c->T->error;
  if (d->body && !lc_type_is_error(t) && ck_usable(c, d->body, t)) {
    if (!d->ret) d->ret = t;
    else if (lc_type_accepts(d->ret, t) && t->optional) d->ret = d->ret->opt;   /* the body can be missing */
    if (!lc_type_accepts(d->ret, t) && !(d->ret->req->kind == LC_T_ENUM && t->req->kind == LC_T_STRING)) {
      lc_diag *g = lc_report(c->d, LC_E0301, d->body->span, "%s is declared to give %s, but its body gives %s", d->name,
                             tstr(c, d->ret), tstr(c, t));
      lc_diag_help(c->d, g, "change the declared type after the parameters, or the body");
    } else if (d->ret->req->kind == LC_T_ENUM && t->req->kind == LC_T_STRING) {
      ck_enum_members(c, NULL, d->ret->req, d->body);
    }
  } else if (!d->ret) {
    d->ret = c->T->error;
  }
  c->def_stack.n--;
  c->decl = outer;
  d->state = CK_DONE;
}

/* Builtin and aggregate names cannot be reused by a def: a call would be ambiguous. */
bool ck_is_function_name(const char *name) {
  return find_builtin(name) || find_aggregate(name) || !strcmp(name, "lines");
}
