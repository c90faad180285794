/* Typing expressions (LANGUAGE.md §4). ck_expr computes the type of a node bottom-up, stores it in
 * the node and resolves names into lc_sym. Two conventions keep errors from cascading: a node
 * whose operand already failed gets the error type without a new message, and every check
 * accepts the error type. Missing-ness is carried by optional types: an operator is optional
 * when an operand is, and only an always-missing operand (the missing type) is an error. */
#include <string.h>
#include "check/check_internal.h"
#include "util/strbuf.h"

lc_sym *ck_sym(ck *c, lc_sym_kind kind) {
  lc_sym *s = LC_NEW(c->a, lc_sym);
  s->kind = kind;
  return s;
}

const char *ck_expr_name(const ast_expr *e) {
  switch (e->kind) {
  case AST_NAME: return e->u.name;
  case AST_FIELD: return e->u.field.name;
  case AST_SCORE: return "score";
  default: return NULL;
  }
}

static const char *tstr(ck *c, const lc_type *t) { return lc_type_str(c->a, t); }

static lc_type *set(ast_expr *e, lc_type *t) {
  e->type = t;
  return t;
}

bool ck_usable(ck *c, const ast_expr *e, const lc_type *t) {
  if (t->kind != LC_T_MISSING) return true;
  lc_diag *g;
  if (e->kind == AST_NAME)
    g = lc_report(c->d, LC_E0305, e->span, "%s is always missing, so nothing can be worked out from it", e->u.name);
  else if (e->kind == AST_CALL)
    g = lc_report(c->d, LC_E0305, e->span, "%s(…) is always missing here: the text has no @", e->u.call.name);
  else
    g = lc_report(c->d, LC_E0305, e->span, "this value is always missing, so nothing can be worked out from it");
  lc_diag_help(c->d, g, "to test whether a value is missing, write `x is missing`; to give a default, write `x ?? default`");
  return false;
}

/* ---- names */

static lc_field *record_field(const lc_record *r, const char *name) {
  if (!r) return NULL;
  for (uint32_t i = 0; i < r->nfields; i++)
    if (!strcmp(r->fields[i]->name, name)) return r->fields[i];
  return NULL;
}

static void push_names(ck *c, lc_vec *v, const lc_record *r) {
  if (r)
    for (uint32_t i = 0; i < r->nfields; i++) lc_vec_push(c->a, v, (void *)r->fields[i]->name);
}

static const char *suggest_field(ck *c, const lc_record *r, const char *word) {
  lc_vec v = {0};
  push_names(c, &v, r);
  return lc_did_you_mean(word, (const char *const *)v.items, v.n);
}

/* The same misspelt name twice in one declaration is one mistake. */
static bool reported_before(ck *c, const char *name) {
  const char *key = lc_arena_printf(c->a, "%p/%s", (const void *)c->decl, name);
  if (ck_map_get(&c->unknown, key)) return true;
  ck_name *n = LC_NEW(c->a, ck_name);
  n->name = key;
  ck_map_put(c->a, &c->unknown, n);
  return false;
}

static lc_type *unknown_name(ck *c, const ck_env *env, ast_expr *e) {
  const char *name = e->u.name;
  if (reported_before(c, name)) return set(e, c->T->error);
  ck_name *n = ck_map_get(&c->ns[NS_VALUE], name);
  if (n && n->kind == N_FIELD && env->where == IN_DEF) {
    lc_diag *g = lc_report(c->d, LC_E0201, e->span, "%s is a field of %s, which a def cannot read", name,
                           c->p->input ? c->p->input->name : "the input");
    lc_diag_help(c->d, g, "pass it in as a parameter: def %s(%s: …) = …", env->def->name, name);
    return set(e, c->T->error);
  }
  lc_vec cand = {0};
  for (const ck_elem *el = env->elem; el; el = el->outer) push_names(c, &cand, el->rec);
  if (env->def)
    for (uint32_t i = 0; i < env->def->nparams; i++) lc_vec_push(c->a, &cand, (void *)env->def->params[i].name);
  uint32_t kinds = 1u << N_CONST;
  if (env->where != IN_DEF) kinds |= 1u << N_FIELD;
  if (env->where == IN_TIER) kinds |= 1u << N_GROUP;
  const char *best = lc_did_you_mean(name, (const char *const *)cand.items, cand.n);
  if (!best) best = ck_map_suggest(c->a, &c->ns[NS_VALUE], name, kinds);
  lc_diag *g = lc_report(c->d, LC_E0201, e->span, "unknown name %s", name);
  if (best) lc_diag_help(c->d, g, "did you mean %s?", best);
  else if (env->where == IN_TIER || env->where == IN_RULE)
    lc_diag_help(c->d, g, "a name here is a field of %s, a const, or (in tier conditions) a group",
                 c->p->input ? c->p->input->name : "the input");
  return set(e, c->T->error);
}

static lc_type *name_expr(ck *c, const ck_env *env, ast_expr *e) {
  const char *name = e->u.name;
  for (const ck_elem *el = env->elem; el; el = el->outer) {
    lc_field *f = record_field(el->rec, name);
    if (!f) continue;
    lc_sym *s = ck_sym(c, LC_SYM_ELEM_FIELD);
    s->field = f;
    s->level = el->level;
    e->sym = s;
    f->used = true;
    lc_field *outer = env->where != IN_DEF && c->p->input ? record_field(c->p->input, name) : NULL;
    if (outer) {
      lc_diag *g = lc_report(c->d, LC_W0001, e->span, "%s here is the field of %s, not the field of %s", name,
                             el->rec->name, c->p->input->name);
      lc_diag_help(c->d, g, "write %s.%s to mean the %s's field, or rename one of them", c->p->input->name, name,
                   c->p->input->name);
    }
    return set(e, f->type);
  }
  if (env->def)
    for (uint32_t i = 0; i < env->def->nparams; i++)
      if (!strcmp(env->def->params[i].name, name)) {
        lc_sym *s = ck_sym(c, LC_SYM_PARAM);
        s->def = env->def;
        s->param = i;
        e->sym = s;
        return set(e, env->def->params[i].type);
      }
  ck_name *n = ck_map_get(&c->ns[NS_VALUE], name);
  if (!n) {
    if (c->p->input && !strcmp(name, c->p->input->name) && env->where != IN_DEF) {
      lc_diag *g = lc_report(c->d, LC_E0301, e->span, "%s is the whole input record; name one of its fields", name);
      lc_diag_help(c->d, g, "write %s.FIELD or just FIELD", name);
      return set(e, c->T->error);
    }
    return unknown_name(c, env, e);
  }
  switch (n->kind) {
  case N_FIELD: {
    if (env->where == IN_DEF) return unknown_name(c, env, e);
    lc_field *f = n->ptr;
    lc_sym *s = ck_sym(c, LC_SYM_INPUT_FIELD);
    s->field = f;
    e->sym = s;
    f->used = true;
    return set(e, f->type);
  }
  case N_CONST: {
    lc_const *k = n->ptr;
    ck_const(c, k);
    k->used = true;
    lc_sym *s = ck_sym(c, LC_SYM_CONST);
    s->cnst = k;
    e->sym = s;
    return set(e, k->type ? k->type : c->T->error);
  }
  case N_DEF: {
    lc_def *d = n->ptr;
    d->used = true;
    lc_diag *g = lc_report(c->d, LC_E0304, e->span, "%s is a def and needs its arguments in parentheses", name);
    lc_diag_help(c->d, g, "write %s(…) with %u value%s", name, d->nparams, d->nparams == 1 ? "" : "s");
    return set(e, c->T->error);
  }
  case N_GROUP: {
    if (env->where != IN_TIER) {
      lc_diag *g = lc_report(c->d, LC_E0207, e->span, "the total of group %s is only known in tier conditions", name);
      lc_diag_help(c->d, g, "rules are scored independently of each other; compare group totals in a tier");
      return set(e, c->T->error);
    }
    lc_sym *s = ck_sym(c, LC_SYM_GROUP_TOTAL);
    s->group = n->ptr;
    e->sym = s;
    return set(e, c->T->number);
  }
  default:
    return unknown_name(c, env, e);
  }
}

/* `obj.name`: outside an aggregate's projection this is the input qualifier (`lead.email`);
 * a list's field is only meaningful inside an aggregate, which handles it in check_call.c. */
static lc_type *field_expr(ck *c, const ck_env *env, ast_expr *e) {
  ast_expr *obj = e->u.field.obj;
  const char *fname = e->u.field.name;
  lc_record *in = c->p->input;
  if (obj->kind == AST_NAME && in && !strcmp(obj->u.name, in->name) && env->where != IN_DEF &&
      !ck_map_get(&c->ns[NS_VALUE], obj->u.name)) {
    obj->sym = ck_sym(c, LC_SYM_INPUT);
    set(obj, in->type);
    lc_field *f = record_field(in, fname);
    if (!f) {
      lc_diag *g = lc_report(c->d, LC_E0202, e->u.field.name_span, "%s has no field %s", in->name, fname);
      const char *best = suggest_field(c, in, fname);
      if (best) lc_diag_help(c->d, g, "did you mean %s?", best);
      return set(e, c->T->error);
    }
    lc_sym *s = ck_sym(c, LC_SYM_INPUT_FIELD);
    s->field = f;
    e->sym = s;
    f->used = true;
    return set(e, f->type);
  }
  lc_type *t = ck_expr(c, env, obj);
  if (lc_type_is_error(t)) return set(e, t);
  if (t->kind == LC_T_LIST && t->elem->kind == LC_T_RECORD) {
    lc_record *r = t->elem->record;
    lc_field *f = record_field(r, fname);
    if (!f) {
      lc_diag *g = lc_report(c->d, LC_E0202, e->u.field.name_span, "%s has no field %s", r->name, fname);
      const char *best = suggest_field(c, r, fname);
      if (best) lc_diag_help(c->d, g, "did you mean %s?", best);
      return set(e, c->T->error);
    }
    const char *on = ck_expr_name(obj);
    lc_diag *g = lc_report(c->d, LC_E0301, e->span, "%s.%s is one value per %s, not a single value", on ? on : "list",
                           fname, r->name);
    lc_diag_help(c->d, g, "use an aggregate such as max(%s.%s), last(%s.%s) or count_distinct(%s.%s)", on ? on : "list",
                 fname, on ? on : "list", fname, on ? on : "list", fname);
    return set(e, c->T->error);
  }
  const char *on = ck_expr_name(obj);
  lc_diag *g = lc_report(c->d, LC_E0202, e->u.field.name_span, "%s is %s and has no fields", on ? on : "this value",
                         tstr(c, t));
  if (t->kind == LC_T_LIST) lc_diag_help(c->d, g, "only a list of records has fields");
  return set(e, c->T->error);
}

/* ---- literals */

static lc_type *list_literal(ck *c, const ck_env *env, ast_expr *e) {
  lc_type *elem = NULL;
  bool bad = false;
  for (uint32_t i = 0; i < e->u.list.n; i++) {
    ast_expr *it = e->u.list.items[i];
    lc_type *t = ck_expr(c, env, it);
    if (lc_type_is_error(t)) { bad = true; continue; }
    if (!ck_usable(c, it, t)) { bad = true; continue; }
    if (t->kind == LC_T_LIST || t->kind == LC_T_REGEX || t->kind == LC_T_RECORD) {
      lc_report(c->d, LC_E0301, it->span, "a list can hold numbers, strings, times or durations, not %s", tstr(c, t));
      bad = true;
      continue;
    }
    if (!elem) { elem = t->req; continue; }
    lc_type *u = lc_type_unify(c->T, elem, t);
    if (!u) {
      lc_diag *g = lc_report(c->d, LC_E0301, it->span, "this list mixes %s and %s", tstr(c, elem), tstr(c, t));
      lc_diag_help(c->d, g, "every item of a list must have the same type");
      bad = true;
    } else elem = u->req;
  }
  if (bad) return set(e, c->T->error);
  return set(e, lc_type_list(c->T, elem ? elem : c->T->error));
}

/* ---- enums */

static const char *members_list(ck *c, const lc_type *en) {
  lc_sb sb = {0};
  for (uint32_t i = 0; i < en->nmembers; i++) {
    if (i) lc_sb_puts(&sb, ", ");
    if (i == 12) { lc_sb_puts(&sb, "…"); break; }
    lc_sb_printf(&sb, "\"%s\"", en->members[i]);
  }
  const char *s = lc_arena_strdup(c->a, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  return s;
}

static void not_member(ck *c, const ast_expr *subject, const lc_type *en, lc_span at, const char *s) {
  const char *who = subject ? ck_expr_name(subject) : NULL;
  lc_diag *g = who ? lc_report(c->d, LC_E0203, at, "\"%s\" is not a member of enum %s", s, who)
                   : lc_report(c->d, LC_E0203, at, "\"%s\" is not a member of %s", s, tstr(c, en));
  const char *best = lc_did_you_mean(s, en->members, en->nmembers);
  if (best) lc_diag_help(c->d, g, "did you mean \"%s\"?", best);
  else lc_diag_help(c->d, g, "the members are %s", members_list(c, en));
}

static void check_member(ck *c, const ast_expr *subject, lc_type *en, ast_expr *lit) {
  if (lc_type_enum_index(en, lit->u.str.s, lit->u.str.len) < 0) {
    not_member(c, subject, en, lit->span, lit->u.str.s);
    return;
  }
  lit->type = en;
}

void ck_enum_members(ck *c, const ast_expr *subject, lc_type *en, ast_expr *strs) {
  if (strs->kind == AST_STR) { check_member(c, subject, en, strs); return; }
  if (strs->kind == AST_LIST) {
    for (uint32_t i = 0; i < strs->u.list.n; i++) {
      ast_expr *it = strs->u.list.items[i];
      if (it->kind == AST_STR) check_member(c, subject, en, it);
      else ck_enum_members(c, subject, en, it);
    }
    lc_type *lt = lc_type_list(c->T, en);
    strs->type = lc_type_opt_if(lt, strs->type && strs->type->optional);
    return;
  }
  ast_expr *culprit;
  const char *why;
  lc_value *v = ck_fold(c, strs, &culprit, &why);
  if (!v) return;
  if (v->type->kind == LC_T_STRING) {
    if (lc_type_enum_index(en, v->u.str.s, v->u.str.len) < 0) not_member(c, subject, en, strs->span, v->u.str.s);
  } else if (v->type->kind == LC_T_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      lc_value *it = v->u.list.items[i];
      if (it->type->kind == LC_T_STRING && lc_type_enum_index(en, it->u.str.s, it->u.str.len) < 0)
        not_member(c, subject, en, strs->span, it->u.str.s);
    }
  }
}

/* ---- operators */

static const char *binop_text(ast_binop op) {
  static const char *const t[] = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "??",
                                  "in", "not in", "contains", "starts_with", "ends_with", "matches"};
  return t[op];
}

static bool is_const_expr(ck *c, ast_expr *e) {
  ast_expr *culprit;
  const char *why;
  return ck_fold(c, e, &culprit, &why) != NULL;
}

/* ==, != and orderings. Enums compare with their own members (written as strings) or with the
 * same enum; anything else compares with its own kind, numbers with numbers. */
static lc_type *compare(ck *c, ast_expr *e, ast_expr *a, lc_type *ta, ast_expr *b, lc_type *tb) {
  ast_binop op = e->u.binary.op;
  bool eq = op == OP_EQ || op == OP_NE;
  bool opt = ta->optional || tb->optional;
  lc_type *result = lc_type_opt_if(c->T->boolean, opt);
  lc_type *ra = ta->req, *rb = tb->req;
  if (ra->kind == LC_T_STRING && rb->kind == LC_T_ENUM) {  /* "x" == kind: check the same way */
    ast_expr *tx = a; a = b; b = tx;
    lc_type *tt = ra; ra = rb; rb = tt;
  }
  if (ra->kind == LC_T_ENUM && rb->kind == LC_T_STRING) {
    if (!eq) {
      lc_report(c->d, LC_E0301, e->span, "%s values have no order; compare them with == or !=",
                ck_expr_name(a) ? ck_expr_name(a) : "enum");
      return set(e, result);
    }
    if (!is_const_expr(c, b)) {
      lc_diag *g = lc_report(c->d, LC_E0301, b->span, "%s can only be compared with one of its members",
                             ck_expr_name(a) ? ck_expr_name(a) : "an enum");
      lc_diag_help(c->d, g, "write the member as a string, such as \"%s\"", ra->nmembers ? ra->members[0] : "");
      return set(e, result);
    }
    ck_enum_members(c, a, ra, b);
    return set(e, result);
  }
  bool ok;
  if (lc_type_is_numeric(ra) && lc_type_is_numeric(rb)) ok = true;
  else if (ra != rb) ok = false;
  else switch (ra->kind) {
    case LC_T_STRING: case LC_T_TIME: case LC_T_DURATION: ok = true; break;
    case LC_T_ENUM: case LC_T_BOOL: ok = eq; break;
    default: ok = false; break;
  }
  if (!ok) {
    lc_diag *g;
    if (ra == rb && (ra->kind == LC_T_ENUM || ra->kind == LC_T_BOOL))
      g = lc_report(c->d, LC_E0301, e->span, "%s values have no order; compare them with == or !=", tstr(c, ra));
    else if (ra->kind == LC_T_ENUM && rb->kind == LC_T_ENUM) {
      g = lc_report(c->d, LC_E0301, e->span, "cannot compare two different enums");
      lc_diag_help(c->d, g, "the left side is %s, the right side %s", tstr(c, ta), tstr(c, tb));
    } else {
      g = lc_report(c->d, LC_E0301, e->span, "cannot compare %s with %s", tstr(c, ta), tstr(c, tb));
      if (ra->kind == LC_T_TIME && lc_type_is_numeric(rb))
        lc_diag_help(c->d, g, "write a time as @2024-06-01, or use days_since(…) to get a number of days");
      else if (ra->kind == LC_T_DURATION && lc_type_is_numeric(rb))
        lc_diag_help(c->d, g, "write a duration with its unit, such as 30d or 12h");
    }
  }
  return set(e, result);
}

static lc_type *arith(ck *c, ast_expr *e, lc_type *ta, lc_type *tb) {
  ast_binop op = e->u.binary.op;
  bool opt = ta->optional || tb->optional;
  lc_type *ra = ta->req, *rb = tb->req, *r = NULL;
  bool na = lc_type_is_numeric(ra), nb = lc_type_is_numeric(rb);
  lc_type_kind ka = ra->kind, kb = rb->kind;
  if (na && nb) r = c->T->number;
  else switch (op) {
    case OP_ADD:
      if ((ka == LC_T_TIME && kb == LC_T_DURATION) || (ka == LC_T_DURATION && kb == LC_T_TIME)) r = c->T->time;
      else if (ka == LC_T_DURATION && kb == LC_T_DURATION) r = c->T->duration;
      break;
    case OP_SUB:
      if (ka == LC_T_TIME && kb == LC_T_DURATION) r = c->T->time;
      else if (ka == LC_T_TIME && kb == LC_T_TIME) r = c->T->duration;
      else if (ka == LC_T_DURATION && kb == LC_T_DURATION) r = c->T->duration;
      break;
    case OP_MUL:
      if ((ka == LC_T_DURATION && nb) || (na && kb == LC_T_DURATION)) r = c->T->duration;
      break;
    case OP_DIV:
      if (ka == LC_T_DURATION && nb) r = c->T->duration;
      else if (ka == LC_T_DURATION && kb == LC_T_DURATION) r = c->T->number;
      break;
    default: break;
  }
  if (!r) {
    lc_diag *g = lc_report(c->d, LC_E0301, e->span, "cannot use %s with %s and %s", binop_text(op), tstr(c, ta), tstr(c, tb));
    if (ka == LC_T_STRING || kb == LC_T_STRING) lc_diag_help(c->d, g, "arithmetic works on numbers, times and durations, not on text");
    else if (ka == LC_T_TIME && kb == LC_T_TIME && op == OP_ADD) lc_diag_help(c->d, g, "subtract two times to get the duration between them");
    else if ((ka == LC_T_TIME && nb) || (na && kb == LC_T_TIME)) lc_diag_help(c->d, g, "add a duration to a time, such as created_at + 30d");
    return c->T->error;
  }
  return lc_type_opt_if(r, opt);
}

static lc_type *in_list(ck *c, const ck_env *env, ast_expr *e, lc_type *ta) {
  ast_expr *a = e->u.binary.a, *b = e->u.binary.b;
  lc_type *tb = ck_expr(c, env, b);
  if (lc_type_is_error(tb)) return set(e, c->T->boolean);
  lc_type *result = lc_type_opt_if(c->T->boolean, ta->optional);
  if (tb->kind != LC_T_LIST) {
    lc_diag *g = lc_report(c->d, LC_E0306, b->span, "in needs a list on its right, but this is %s", tstr(c, tb));
    lc_diag_help(c->d, g, "write a list such as [\"a\", \"b\"], a const holding one, lines(\"file\"), or a range LO .. HI");
    return set(e, result);
  }
  if (tb->elem->kind == LC_T_RECORD) {
    lc_diag *g = lc_report(c->d, LC_E0301, b->span, "%s is a list of records; in needs a list of values",
                           ck_expr_name(b) ? ck_expr_name(b) : "this");
    lc_diag_help(c->d, g, "to test the elements, use any(%s where …)", ck_expr_name(b) ? ck_expr_name(b) : "list");
    return set(e, result);
  }
  /* lowering reads the items straight from the literal, the const or the file */
  bool direct = b->kind == AST_LIST || (b->sym && (b->sym->kind == LC_SYM_CONST || b->sym->kind == LC_SYM_LINES));
  if (!direct || !is_const_expr(c, b)) {
    lc_diag *g = lc_report(c->d, LC_E0309, b->span, "the list after in must be known before scoring");
    lc_diag_help(c->d, g, "write the list out, or use a const or lines(\"file\")");
    return set(e, result);
  }
  lc_type *ra = ta->req, *el = tb->elem;
  if (ra->kind == LC_T_ENUM && (el->kind == LC_T_STRING || el == ra || el->kind == LC_T_ERROR)) {
    ck_enum_members(c, a, ra, b);
    return set(e, result);
  }
  if (el->kind == LC_T_ERROR || lc_type_accepts(ra, el)) return set(e, result);
  lc_report(c->d, LC_E0301, e->span, "cannot look for %s in a list of %s", tstr(c, ta), tstr(c, el));
  return set(e, result);
}

static lc_type *string_test(ck *c, ast_expr *e, lc_type *ta, lc_type *tb) {
  ast_binop op = e->u.binary.op;
  bool opt = ta->optional || tb->optional;
  if (op == OP_MATCHES) {
    if (ta->kind != LC_T_STRING) {
      lc_report(c->d, LC_E0301, e->u.binary.a->span, "matches needs text on its left, but this is %s", tstr(c, ta));
    } else if (tb->req->kind == LC_T_REGEX && e->u.binary.b->kind != AST_REGEX &&
               !(e->u.binary.b->sym && e->u.binary.b->sym->kind == LC_SYM_CONST)) {
      lc_diag *g = lc_report(c->d, LC_E0309, e->u.binary.b->span, "the pattern after matches must be written out or be a const");
      lc_diag_help(c->d, g, "write /…/ here, or name a const that holds it");
    } else if (tb->req->kind != LC_T_REGEX) {
      lc_diag *g = lc_report(c->d, LC_E0301, e->u.binary.b->span, "matches needs a pattern written /…/, but this is %s",
                             tstr(c, tb));
      if (tb->kind == LC_T_STRING) lc_diag_help(c->d, g, "write the pattern between slashes, such as /^vp\\b/i");
    }
    return set(e, lc_type_opt_if(c->T->boolean, opt));
  }
  if (ta->kind != LC_T_STRING || tb->kind != LC_T_STRING)
    lc_report(c->d, LC_E0301, e->span, "%s needs text on both sides, but here it has %s and %s", binop_text(op), tstr(c, ta),
              tstr(c, tb));
  return set(e, lc_type_opt_if(c->T->boolean, opt));
}

static lc_type *logic(ck *c, ast_expr *e, ast_expr *x, lc_type *t, const char *op) {
  if (lc_type_is_error(t) || t->kind == LC_T_BOOL) return t;
  lc_diag *g = lc_report(c->d, LC_E0302, x->span, "%s needs true/false on both sides, but this is %s", op, tstr(c, t));
  if (lc_type_is_numeric(t) || t->kind == LC_T_STRING) lc_diag_help(c->d, g, "compare it with something, such as %s > 0 or %s == \"…\"",
                                                                     ck_expr_name(x) ? ck_expr_name(x) : "x",
                                                                     ck_expr_name(x) ? ck_expr_name(x) : "x");
  return c->T->error;
}

static lc_type *binary(ck *c, const ck_env *env, ast_expr *e) {
  ast_binop op = e->u.binary.op;
  ast_expr *a = e->u.binary.a, *b = e->u.binary.b;
  lc_type *ta = ck_expr(c, env, a);
  if (op == OP_IN || op == OP_NOT_IN) {
    if (lc_type_is_error(ta) || !ck_usable(c, a, ta)) {
      ck_expr(c, env, b);
      return set(e, c->T->boolean);
    }
    return in_list(c, env, e, ta);
  }
  lc_type *tb = ck_expr(c, env, b);
  if (op == OP_COALESCE) {
    if (lc_type_is_error(ta) || lc_type_is_error(tb)) return set(e, c->T->error);
    if (!ck_usable(c, b, tb)) return set(e, c->T->error);
    if (ta->req->kind == LC_T_ENUM && tb->req->kind == LC_T_STRING && b->kind == AST_STR) {
      ck_enum_members(c, a, ta->req, b);          /* source ?? "organic": the default is a member */
      return set(e, lc_type_opt_if(ta->req, tb->optional));
    }
    lc_type *u = lc_type_unify(c->T, ta, tb);
    if (!u) {
      lc_report(c->d, LC_E0301, e->span, "?? needs a default of the same type: the left side is %s, the default %s",
                tstr(c, ta), tstr(c, tb));
      return set(e, c->T->error);
    }
    return set(e, lc_type_opt_if(u->req, tb->optional));
  }
  bool cmp = op >= OP_EQ && op <= OP_GE;
  bool boolean = cmp || op == OP_AND || op == OP_OR || op >= OP_CONTAINS;
  if (lc_type_is_error(ta) || lc_type_is_error(tb)) return set(e, boolean ? c->T->boolean : c->T->error);
  if (!ck_usable(c, a, ta) || !ck_usable(c, b, tb)) return set(e, boolean ? c->T->boolean : c->T->error);
  switch (op) {
  case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
    return set(e, arith(c, e, ta, tb));
  case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
    return compare(c, e, a, ta, b, tb);
  case OP_AND: case OP_OR: {
    lc_type *la = logic(c, e, a, ta, binop_text(op)), *lb = logic(c, e, b, tb, binop_text(op));
    if (lc_type_is_error(la) || lc_type_is_error(lb)) return set(e, c->T->boolean);
    return set(e, lc_type_opt_if(c->T->boolean, ta->optional || tb->optional));
  }
  default:
    return string_test(c, e, ta, tb);
  }
}

static lc_type *unary(ck *c, const ck_env *env, ast_expr *e) {
  ast_expr *a = e->u.unary.a;
  lc_type *t = ck_expr(c, env, a);
  if (lc_type_is_error(t) || !ck_usable(c, a, t)) return set(e, e->u.unary.op == OP_NOT ? c->T->boolean : c->T->error);
  if (e->u.unary.op == OP_NOT) {
    if (t->kind != LC_T_BOOL) {
      lc_report(c->d, LC_E0302, a->span, "not needs true/false, but this is %s", tstr(c, t));
      return set(e, c->T->boolean);
    }
    return set(e, t);
  }
  if (!lc_type_is_numeric(t) && t->kind != LC_T_DURATION) {
    lc_report(c->d, LC_E0301, e->span, "a sign goes before a number or a duration, not %s", tstr(c, t));
    return set(e, c->T->error);
  }
  return set(e, t->kind == LC_T_INT ? lc_type_opt_if(c->T->number, t->optional) : t);
}

static lc_type *in_range(ck *c, const ck_env *env, ast_expr *e) {
  ast_expr *x = e->u.range.x, *lo = e->u.range.lo, *hi = e->u.range.hi;
  lc_type *tx = ck_expr(c, env, x), *tl = ck_expr(c, env, lo), *th = ck_expr(c, env, hi);
  if (lc_type_is_error(tx) || lc_type_is_error(tl) || lc_type_is_error(th)) return set(e, c->T->boolean);
  if (!ck_usable(c, x, tx) || !ck_usable(c, lo, tl) || !ck_usable(c, hi, th)) return set(e, c->T->boolean);
  lc_type *rx = tx->req;
  bool orderable = lc_type_is_numeric(rx) || rx->kind == LC_T_TIME || rx->kind == LC_T_DURATION || rx->kind == LC_T_STRING;
  if (!orderable) {
    lc_report(c->d, LC_E0301, x->span, "a range LO .. HI needs a number, time, duration or text, but this is %s", tstr(c, tx));
  } else if (!lc_type_accepts(rx, tl) || !lc_type_accepts(rx, th)) {
    lc_report(c->d, LC_E0301, e->span, "the range bounds must have the same type as %s: here %s .. %s",
              tstr(c, tx), tstr(c, tl), tstr(c, th));
  }
  return set(e, lc_type_opt_if(c->T->boolean, tx->optional || tl->optional || th->optional));
}

lc_type *ck_expr(ck *c, const ck_env *env, ast_expr *e) {
  switch (e->kind) {
  case AST_NUM: return set(e, c->T->number);
  case AST_STR: return set(e, c->T->string);
  case AST_BOOL: return set(e, c->T->boolean);
  case AST_DUR: return set(e, c->T->duration);
  case AST_TIME: return set(e, c->T->time);
  case AST_REGEX: return set(e, c->T->regex);   /* the lexer compiled it and reported errors */
  case AST_LIST: return list_literal(c, env, e);
  case AST_NAME: return name_expr(c, env, e);
  case AST_SCORE:
    if (env->where != IN_TIER) {
      lc_diag *g = lc_report(c->d, LC_E0207, e->span, "the score is only known in tier conditions");
      lc_diag_help(c->d, g, "rules are scored independently of each other; use score in a tier");
      return set(e, c->T->error);
    }
    e->sym = ck_sym(c, LC_SYM_SCORE);
    return set(e, c->T->number);
  case AST_FIELD: return field_expr(c, env, e);
  case AST_CALL: return ck_call(c, env, e);
  case AST_UNARY: return unary(c, env, e);
  case AST_BINARY: return binary(c, env, e);
  case AST_IN_RANGE: return in_range(c, env, e);
  case AST_IS:
    ck_expr(c, env, e->u.is.x);
    return set(e, c->T->boolean);
  }
  return set(e, c->T->error);
}

lc_type *ck_cond(ck *c, const ck_env *env, ast_expr *e, const char *what) {
  lc_type *t = ck_expr(c, env, e);
  if (lc_type_is_error(t) || !ck_usable(c, e, t)) return t;
  if (t->kind != LC_T_BOOL) {
    lc_diag *g = lc_report(c->d, LC_E0302, e->span, "%s must be true or false, but this is %s", what, tstr(c, t));
    const char *n = ck_expr_name(e);
    if (lc_type_is_numeric(t)) lc_diag_help(c->d, g, "compare it with something, such as %s > 0", n ? n : "x");
    else if (t->kind == LC_T_STRING || t->kind == LC_T_ENUM) lc_diag_help(c->d, g, "compare it with something, such as %s == \"…\"", n ? n : "x");
    else if (t->kind == LC_T_LIST) lc_diag_help(c->d, g, "to ask whether the list has elements, write any(%s)", n ? n : "list");
  }
  return t;
}

lc_type *ck_points(ck *c, const ck_env *env, ast_expr *e) {
  lc_type *t = ck_expr(c, env, e);
  if (lc_type_is_error(t) || !ck_usable(c, e, t)) return t;
  if (!lc_type_is_numeric(t)) {
    lc_diag *g = lc_report(c->d, LC_E0303, e->span, "points must be a number, but this is %s", tstr(c, t));
    if (t->kind == LC_T_BOOL) lc_diag_help(c->d, g, "put the condition after when and a number after then");
    else if (t->kind == LC_T_DURATION) lc_diag_help(c->d, g, "divide by a unit to get a number, such as age(created_at) / 1d");
  }
  return t;
}
