/* The first pass over the unit's declarations: builds the program's records, consts, defs,
 * rules, groups, tiers and tests, fills the name spaces, and checks the model's shape (one model,
 * first; one input; otherwise last; key and timestamp fields). Expressions are left for
 * check.c, so a rule may use a const declared after it. */
#include <string.h>
#include "check/check_internal.h"

static const char *kind_words(ck_name_kind k) {
  switch (k) {
  case N_FIELD: return "a field";
  case N_CONST: return "a const";
  case N_DEF: return "a def";
  case N_GROUP: return "a group";
  case N_RULE: return "a rule";
  case N_TIER: return "a tier";
  case N_RECORD: return "a record";
  case N_TEST: return "a test";
  }
  return "a name";
}

static bool before(lc_span a, lc_span b) { return a.file == b.file && a.start < b.start; }

bool ck_define(ck *c, ck_ns ns, const char *name, ck_name_kind kind, void *ptr, lc_span span) {
  ck_name *old = ck_map_get(&c->ns[ns], name);
  if (old) {
    /* blame the later of the two in the file, whichever pass registered it first */
    bool swap = before(span, old->span);
    lc_span at = swap ? old->span : span, first = swap ? span : old->span;
    ck_name_kind now = swap ? old->kind : kind;
    ck_name_kind was = swap ? kind : old->kind;
    lc_diag *g = ns == NS_TEST ? lc_report(c->d, LC_E0204, at, "there are two tests named \"%s\"", name)
                 : now == was  ? lc_report(c->d, LC_E0204, at, "%s is defined twice", name)
                               : lc_report(c->d, LC_E0204, at, "%s is already the name of %s", name, kind_words(was));
    lc_diag_note(c->d, g, first, "first defined here");
    if (ns == NS_TEST) lc_diag_help(c->d, g, "give each test its own name, so a failure says which one");
    else lc_diag_help(c->d, g, "names of fields, consts, defs, groups, rules and tiers must be unique; rename one of them");
    return false;
  }
  ck_name *n = LC_NEW(c->a, ck_name);
  n->name = name;
  n->kind = kind;
  n->ptr = ptr;
  n->span = span;
  ck_map_put(c->a, &c->ns[ns], n);
  return true;
}

static lc_span decl_at(const ast_decl *d) { return d->name_span.file ? d->name_span : d->span; }

static void twice(ck *c, const ast_decl *d, const ast_decl *first, const char *what) {
  lc_diag *g = lc_report(c->d, LC_E0103, decl_at(d), "a model has only one %s", what);
  lc_diag_note(c->d, g, decl_at(first), "the first one is here");
}

/* ---- types as written */

static const char *const scalar_names[] = {"bool", "number", "int", "string", "time", "duration"};

typedef enum { TY_FIELD, TY_PARAM } ty_ctx;

static lc_type *resolve_type(ck *c, const ast_type *t, ty_ctx ctx) {
  lc_types *T = c->T;
  lc_type *r = NULL;
  switch (t->kind) {
  case AST_TY_NAME: {
    lc_type *scalars[] = {T->boolean, T->number, T->integer, T->string, T->time, T->duration};
    for (int i = 0; i < 6 && !r; i++)
      if (!strcmp(t->name, scalar_names[i])) r = scalars[i];
    if (r) break;
    ck_name *n = ck_map_get(&c->ns[NS_TYPE], t->name);
    if (n) {
      lc_record *rec = n->ptr;
      if (rec->is_input) {
        lc_report(c->d, LC_E0312, t->span, "%s is the input record; it cannot be used as a type", t->name);
        return T->error;
      }
      r = rec->type;
      if (ctx == TY_FIELD) {
        lc_diag *g = lc_report(c->d, LC_E0312, t->span, "a field cannot hold a whole %s record", t->name);
        lc_diag_help(c->d, g, "for a list of them write list<%s>", t->name);
        return T->error;
      }
      break;
    }
    lc_vec cand = {0};
    for (int i = 0; i < 6; i++) lc_vec_push(c->a, &cand, (void *)scalar_names[i]);
    for (uint32_t i = 0; i < c->p->records.n; i++) lc_vec_push(c->a, &cand, (void *)((lc_record *)c->p->records.items[i])->name);
    const char *best = lc_did_you_mean(t->name, (const char *const *)cand.items, cand.n);
    lc_diag *g = lc_report(c->d, LC_E0206, t->span, "unknown type %s", t->name);
    if (best) lc_diag_help(c->d, g, "did you mean %s?", best);
    else lc_diag_help(c->d, g, "the types are bool, number, int, string, time, duration, enum(…), list<…> and declared records");
    return T->error;
  }
  case AST_TY_ENUM: {
    const char **members = LC_NEW_ARRAY(c->a, const char *, t->members.n + 1);
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->members.n; i++) {
      const ast_str_lit *m = t->members.items[i];
      const ast_str_lit *dup = NULL;
      for (uint32_t j = 0; j < i && !dup; j++) {
        const ast_str_lit *o = t->members.items[j];
        if (o->len == m->len && !memcmp(o->s, m->s, m->len)) dup = o;
      }
      if (dup) {
        lc_diag *g = lc_report(c->d, LC_E0204, m->span, "\"%s\" is listed twice in this enum", m->s);
        lc_diag_note(c->d, g, dup->span, "first listed here");
        continue;
      }
      members[n++] = m->s;
    }
    r = lc_type_enum(T, members, n);
    break;
  }
  case AST_TY_LIST: {
    lc_type *e = resolve_type(c, t->elem, TY_PARAM);
    if (lc_type_is_error(e)) return T->error;
    if (t->elem->optional) {
      lc_report(c->d, LC_E0312, t->elem->span, "list items cannot be missing");
      return T->error;
    }
    if (ctx == TY_FIELD && e->kind != LC_T_RECORD) {
      lc_diag *g = lc_report(c->d, LC_E0312, t->span, "a list field must hold records, not %s", lc_type_str(c->a, e));
      lc_diag_help(c->d, g, "declare a record for the items, such as `record tag { name: string }`, and use list<tag>");
      return T->error;
    }
    if (e->kind == LC_T_LIST) {
      lc_report(c->d, LC_E0312, t->span, "a list cannot hold lists");
      return T->error;
    }
    r = lc_type_list(T, e);
    if (t->optional) {
      lc_diag *g = lc_report(c->d, LC_E0312, t->span, "a list is never missing: an absent or null list reads as empty");
      lc_diag_help(c->d, g, "remove the ?");
      return r;
    }
    break;
  }
  }
  return lc_type_opt_if(r, t->optional);
}

/* ---- records */

static lc_record *declare_record(ck *c, const ast_decl *d, bool is_input) {
  lc_record *r = LC_NEW(c->a, lc_record);
  r->name = d->name;
  r->is_input = is_input;
  r->decl = d;
  r->type = lc_type_record(c->T, r);
  uint32_t nm = d->u.record.missing_values.n;
  r->missing_values = LC_NEW_ARRAY(c->a, const char *, nm + 1);
  r->missing_lens = LC_NEW_ARRAY(c->a, uint32_t, nm + 1);
  for (uint32_t i = 0; i < nm; i++) {
    const ast_str_lit *s = d->u.record.missing_values.items[i];
    r->missing_values[i] = s->s;
    r->missing_lens[i] = s->len;
  }
  r->nmissing = nm;
  if (d->name) ck_define(c, NS_TYPE, d->name, N_RECORD, r, d->name_span);
  if (is_input) {
    /* the input is records[0] so lowering can rely on it */
    lc_vec_push(c->a, &c->p->records, NULL);
    memmove(c->p->records.items + 1, c->p->records.items, sizeof(void *) * (c->p->records.n - 1));
    c->p->records.items[0] = r;
  } else {
    lc_vec_push(c->a, &c->p->records, r);
  }
  return r;
}

static void key_and_timestamp(ck *c, lc_record *r, lc_field *f) {
  const ast_field *a = f->ast;
  lc_span at = a->span;
  if (a->is_key) {
    if (!r->is_input) {
      lc_diag *g = lc_report(c->d, LC_E0503, at, "only the input can have a key field, not record %s", r->name);
      lc_diag_help(c->d, g, "the key identifies the lead in the output; remove `key` here");
    } else if (r->key) {
      lc_diag *g = lc_report(c->d, LC_E0503, at, "%s already has a key field", r->name);
      lc_diag_note(c->d, g, r->key->ast->span, "the first key field is here");
    } else if (f->type->optional || (f->type->kind != LC_T_STRING && f->type->kind != LC_T_INT && !lc_type_is_error(f->type))) {
      lc_diag *g = lc_report(c->d, LC_E0503, at, "a key field must be a string or an int that is always present, not %s",
                             lc_type_str(c->a, f->type));
      lc_diag_help(c->d, g, "write `key %s: string`", f->name);
    } else {
      r->key = f;
    }
    f->is_key = r->key == f;
  }
  if (a->is_timestamp) {
    if (r->is_input) {
      lc_diag *g = lc_report(c->d, LC_E0503, at, "the input cannot have a timestamp field");
      lc_diag_help(c->d, g, "timestamp marks when each element of a list happened; put it in a record such as event");
    } else if (r->timestamp) {
      lc_diag *g = lc_report(c->d, LC_E0503, at, "record %s already has a timestamp field", r->name);
      lc_diag_note(c->d, g, r->timestamp->ast->span, "the first timestamp field is here");
    } else if (f->type != c->T->time && !lc_type_is_error(f->type)) {
      lc_diag *g = lc_report(c->d, LC_E0503, at, "a timestamp field must have type time, not %s", lc_type_str(c->a, f->type));
      lc_diag_help(c->d, g, "write `timestamp %s: time`", f->name);
    } else {
      r->timestamp = f;
    }
    f->is_timestamp = r->timestamp == f;
  }
}

static void record_fields(ck *c, lc_record *r) {
  const lc_vec *fs = &r->decl->u.record.fields;
  r->fields = LC_NEW_ARRAY(c->a, lc_field *, fs->n + 1);
  for (uint32_t i = 0; i < fs->n; i++) {
    const ast_field *a = fs->items[i];
    const ast_field *dup = NULL;
    for (uint32_t j = 0; j < r->nfields && !dup; j++)
      if (!strcmp(r->fields[j]->name, a->name)) dup = r->fields[j]->ast;
    if (dup) {
      lc_diag *g = lc_report(c->d, LC_E0204, a->name_span, "%s has two fields named %s", r->name, a->name);
      lc_diag_note(c->d, g, dup->name_span, "first defined here");
      continue;
    }
    lc_field *f = LC_NEW(c->a, lc_field);
    f->name = a->name;
    f->key = a->from ? a->from->s : a->name;
    f->ast = a;
    f->record = r;
    f->index = r->nfields;
    f->type = a->type ? resolve_type(c, a->type, TY_FIELD) : c->T->error;
    r->fields[r->nfields++] = f;
    key_and_timestamp(c, r, f);
    if (r->is_input) ck_define(c, NS_VALUE, f->name, N_FIELD, f, a->name_span);
  }
}

/* ---- defs, rules */

static void declare_def(ck *c, const ast_decl *d, bool in_module) {
  lc_def *f = LC_NEW(c->a, lc_def);
  f->name = d->name;
  f->decl = d;
  f->body = d->u.def.body;
  f->in_module = in_module;
  if (ck_is_function_name(d->name)) {
    lc_diag *g = lc_report(c->d, LC_E0204, d->name_span, "%s is the name of a built-in function", d->name);
    lc_diag_help(c->d, g, "give the def another name");
    f->used = true;
  } else {
    f->used = !ck_define(c, NS_VALUE, d->name, N_DEF, f, d->name_span);
  }
  lc_vec_push(c->a, &c->p->defs, f);
}

static void def_types(ck *c, lc_def *f) {
  const lc_vec *ps = &f->decl->u.def.params;
  f->params = LC_NEW_ARRAY(c->a, lc_param, ps->n + 1);
  for (uint32_t i = 0; i < ps->n; i++) {
    const ast_param *a = ps->items[i];
    for (uint32_t j = 0; j < i; j++)
      if (!strcmp(f->params[j].name, a->name)) {
        lc_diag *g = lc_report(c->d, LC_E0204, a->span, "%s has two parameters named %s", f->name, a->name);
        lc_diag_note(c->d, g, f->params[j].span, "first defined here");
      }
    f->params[i].name = a->name;
    f->params[i].span = a->span;
    f->params[i].type = a->type ? resolve_type(c, a->type, TY_PARAM) : c->T->error;
  }
  f->nparams = ps->n;
  if (f->decl->u.def.ret) f->ret = resolve_type(c, f->decl->u.def.ret, TY_PARAM);
}

static lc_rule *declare_rule(ck *c, const ast_decl *d, lc_group *g) {
  lc_rule *r = LC_NEW(c->a, lc_rule);
  const ast_rule *a = &d->u.rule;
  r->name = d->name;
  r->desc = d->text ? d->text->s : NULL;
  r->decl = d;
  r->index = c->p->rules.n;
  r->group = g;
  r->kind = a->kind == AST_RULE_EACH ? LC_RULE_EACH : LC_RULE_WHEN;
  r->cond = a->cond;
  r->list = a->list;
  r->where = a->where;
  r->within = a->within;
  r->points = a->points;
  r->decay = (lc_decay)a->decay;
  r->since = a->since;
  if (d->name) ck_define(c, NS_RULE, d->name, N_RULE, r, d->name_span);
  lc_vec_push(c->a, &c->p->rules, r);
  return r;
}

static void item(ck *c, bool is_group, uint32_t index) {
  lc_item *it = LC_NEW(c->a, lc_item);
  it->is_group = is_group;
  it->index = index;
  lc_vec_push(c->a, &c->p->items, it);
}

/* ---- the whole unit */

void ck_declare(ck *c) {
  lc_program *p = c->p;
  const lc_unit *u = c->unit;
  const ast_decl *first_main = NULL, *model = NULL, *version = NULL, *range = NULL, *input = NULL;
  const ast_decl *first_input_or_tier = NULL;
  for (uint32_t i = 0; i < u->decls.n; i++) {
    const ast_decl *d = u->decls.items[i];
    bool in_main = d->span.file == u->main_file;
    bool in_module = !in_main && d->span.file != u->test_file;
    if (in_main && !first_main) first_main = d;
    switch (d->kind) {
    case AST_MODEL:
      if (model) { twice(c, d, model, "model declaration"); break; }
      model = d;
      if (d != first_main) {
        lc_diag *g = lc_report(c->d, LC_E0102, d->span, "the model declaration must come first in the file");
        lc_diag_help(c->d, g, "move `model %s` above everything else (comments may stay above it)", d->name ? d->name : "NAME");
      }
      break;
    case AST_VERSION:
      if (version) twice(c, d, version, "version");
      else version = d;
      break;
    case AST_RANGE:
      if (range) twice(c, d, range, "score range");
      else range = d;
      break;
    case AST_INPUT:
      if (!first_input_or_tier) first_input_or_tier = d;
      if (input) {
        twice(c, d, input, "input");
        break;
      }
      input = d;
      p->input = declare_record(c, d, true);
      break;
    case AST_RECORD:
      declare_record(c, d, false);
      break;
    case AST_CONST: {
      lc_const *k = LC_NEW(c->a, lc_const);
      k->name = d->name;
      k->decl = d;
      k->in_module = in_module;
      /* a const or def whose name clashed is unreachable by name: already reported, not unused */
      if (d->name) k->used = !ck_define(c, NS_VALUE, d->name, N_CONST, k, d->name_span);
      lc_vec_push(c->a, &p->consts, k);
      break;
    }
    case AST_DEF:
      declare_def(c, d, in_module);
      break;
    case AST_RULE:
      item(c, false, declare_rule(c, d, NULL)->index);
      break;
    case AST_GROUP: {
      lc_group *g = LC_NEW(c->a, lc_group);
      g->name = d->name;
      g->decl = d;
      g->index = p->groups.n;
      if (d->name) ck_define(c, NS_VALUE, d->name, N_GROUP, g, d->name_span);
      lc_vec_push(c->a, &p->groups, g);
      item(c, true, g->index);
      for (uint32_t j = 0; j < d->u.group.rules.n; j++) {
        const ast_decl *rd = d->u.group.rules.items[j];
        if (rd->kind == AST_RULE) lc_vec_push(c->a, &g->rules, declare_rule(c, rd, g));
      }
      break;
    }
    case AST_TIER: {
      if (!first_input_or_tier) first_input_or_tier = d;
      lc_tier *t = LC_NEW(c->a, lc_tier);
      t->name = d->name;
      t->decl = d;
      t->index = p->tiers.n;
      t->cond = d->u.tier_cond;
      if (d->name) ck_define(c, NS_TIER, d->name, N_TIER, t, d->name_span);
      lc_vec_push(c->a, &p->tiers, t);
      break;
    }
    case AST_TEST: {
      lc_test *t = LC_NEW(c->a, lc_test);
      t->name = d->text ? d->text->s : "";
      t->decl = d;
      if (d->text) ck_define(c, NS_TEST, t->name, N_TEST, t, d->text->span);
      lc_vec_push(c->a, &p->tests, t);
      break;
    }
    case AST_IMPORT:
      break;
    }
  }

  /* field and parameter types may name records declared further down */
  for (uint32_t i = 0; i < p->records.n; i++) {
    lc_record *r = p->records.items[i];
    r->index = i;
    record_fields(c, r);
  }
  for (uint32_t i = 0; i < p->defs.n; i++) def_types(c, p->defs.items[i]);

  p->model = model;
  if (model) {
    p->model_name = model->name;
    p->model_desc = model->text ? model->text->s : NULL;
    if (!input) {
      lc_diag *g = lc_report(c->d, LC_E0501, decl_at(model),
                             "model %s has no input declaration", model->name ? model->name : "");
      lc_diag_help(c->d, g, "declare the shape of a lead: input lead { key id: string … }");
    }
  } else if (first_input_or_tier || version || range || p->tests.n) {
    const ast_decl *at = first_main ? first_main : first_input_or_tier;
    lc_diag *g = lc_report(c->d, LC_E0102, (lc_span){at->span.file, at->span.start, at->span.start}, "this file has no model declaration");
    lc_diag_help(c->d, g, "start the file with `model NAME \"what it scores\"`");
  } else {
    p->is_module = true;
  }
  if (version) p->version = version->text ? version->text->s : NULL;

  for (uint32_t i = 0; i + 1 < p->tiers.n; i++) {
    lc_tier *t = p->tiers.items[i];
    if (t->cond) continue;
    lc_diag *g = lc_report(c->d, LC_E0502, t->decl->span, "the otherwise tier must be the last tier");
    lc_diag_help(c->d, g, "tiers are tried in order, so the tiers after `otherwise` could never be chosen");
  }
  c->range = range;
}
