/* Interned types. Composite types are few per model (one per enum declaration, one per list and
 * record), so lookup is a linear scan of small vectors; that keeps equality a pointer compare
 * without a hash table to maintain. */
#include "check/types.h"

#include <string.h>
#include "check/check.h"
#include "util/strbuf.h"

static lc_type *make(lc_types *t, lc_type_kind kind) {
  lc_type *req = LC_NEW(t->arena, lc_type);
  lc_type *opt = LC_NEW(t->arena, lc_type);
  req->kind = opt->kind = kind;
  opt->optional = true;
  req->req = opt->req = req;
  req->opt = opt->opt = opt;
  return req;
}

static void set_shared(lc_type *req) {
  lc_type *opt = req->opt;
  opt->members = req->members;
  opt->nmembers = req->nmembers;
  opt->elem = req->elem;
  opt->record = req->record;
}

void lc_types_init(lc_types *t, lc_arena *a) {
  memset(t, 0, sizeof *t);
  t->arena = a;
  t->error = make(t, LC_T_ERROR);
  /* error and missing have no meaningful optional form: both forms are the same object, so
   * making them optional never hides them from is_error / kind checks */
  t->error->opt = t->error;
  t->missing = make(t, LC_T_MISSING);
  t->missing->optional = true;
  t->missing->req = t->missing->opt = t->missing;
  t->boolean = make(t, LC_T_BOOL);
  t->number = make(t, LC_T_NUMBER);
  t->integer = make(t, LC_T_INT);
  t->string = make(t, LC_T_STRING);
  t->time = make(t, LC_T_TIME);
  t->duration = make(t, LC_T_DURATION);
  t->regex = make(t, LC_T_REGEX);
}

lc_type *lc_type_enum(lc_types *t, const char *const *members, uint32_t n) {
  for (uint32_t i = 0; i < t->enums.n; i++) {
    lc_type *e = t->enums.items[i];
    if (e->nmembers != n) continue;
    uint32_t j = 0;
    while (j < n && !strcmp(e->members[j], members[j])) j++;
    if (j == n) return e;
  }
  lc_type *e = make(t, LC_T_ENUM);
  const char **copy = LC_NEW_ARRAY(t->arena, const char *, n ? n : 1);
  for (uint32_t i = 0; i < n; i++) copy[i] = lc_arena_strdup(t->arena, members[i]);
  e->members = copy;
  e->nmembers = n;
  set_shared(e);
  lc_vec_push(t->arena, &t->enums, e);
  return e;
}

lc_type *lc_type_list(lc_types *t, lc_type *elem) {
  elem = elem->req;
  for (uint32_t i = 0; i < t->lists.n; i++) {
    lc_type *l = t->lists.items[i];
    if (l->elem == elem) return l;
  }
  lc_type *l = make(t, LC_T_LIST);
  l->elem = elem;
  set_shared(l);
  lc_vec_push(t->arena, &t->lists, l);
  return l;
}

lc_type *lc_type_record(lc_types *t, struct lc_record *r) {
  for (uint32_t i = 0; i < t->records.n; i++) {
    lc_type *x = t->records.items[i];
    if (x->record == r) return x;
  }
  lc_type *x = make(t, LC_T_RECORD);
  x->record = r;
  set_shared(x);
  lc_vec_push(t->arena, &t->records, x);
  return x;
}

int32_t lc_type_enum_index(const lc_type *t, const char *s, uint32_t len) {
  if (t->kind != LC_T_ENUM) return -1;
  for (uint32_t i = 0; i < t->nmembers; i++)
    if (strlen(t->members[i]) == len && !memcmp(t->members[i], s, len)) return (int32_t)i;
  return -1;
}

bool lc_type_accepts(const lc_type *want, const lc_type *got) {
  want = want->req;
  got = got->req;
  if (want->kind == LC_T_ERROR || got->kind == LC_T_ERROR) return true;
  if (want == got) return true;
  if (lc_type_is_numeric(want) && lc_type_is_numeric(got)) return true;
  if (want->kind == LC_T_LIST && got->kind == LC_T_LIST) return lc_type_accepts(want->elem, got->elem);
  return false;
}

lc_type *lc_type_unify(lc_types *t, lc_type *a, lc_type *b) {
  if (a->kind == LC_T_ERROR || b->kind == LC_T_ERROR) return t->error;
  if (a->kind == LC_T_MISSING) return b->opt;
  if (b->kind == LC_T_MISSING) return a->opt;
  bool opt = a->optional || b->optional;
  lc_type *ra = a->req, *rb = b->req, *r = NULL;
  if (ra == rb) r = ra;
  else if (lc_type_is_numeric(ra) && lc_type_is_numeric(rb)) r = t->number;
  else if (ra->kind == LC_T_LIST && rb->kind == LC_T_LIST) {
    lc_type *e = lc_type_unify(t, ra->elem, rb->elem);
    if (e) r = lc_type_list(t, e);
  }
  return r ? lc_type_opt_if(r, opt) : NULL;
}

static void put_type(lc_sb *sb, const lc_type *t) {
  switch (t->kind) {
  case LC_T_ERROR: lc_sb_puts(sb, "an invalid value"); return;
  case LC_T_MISSING: lc_sb_puts(sb, "missing"); return;
  case LC_T_BOOL: lc_sb_puts(sb, "bool"); break;
  case LC_T_NUMBER: lc_sb_puts(sb, "number"); break;
  case LC_T_INT: lc_sb_puts(sb, "int"); break;
  case LC_T_STRING: lc_sb_puts(sb, "string"); break;
  case LC_T_TIME: lc_sb_puts(sb, "time"); break;
  case LC_T_DURATION: lc_sb_puts(sb, "duration"); break;
  case LC_T_REGEX: lc_sb_puts(sb, "regex"); break;
  case LC_T_RECORD: lc_sb_puts(sb, t->record && t->record->name ? t->record->name : "record"); break;
  case LC_T_LIST:
    lc_sb_puts(sb, "list<");
    put_type(sb, t->elem);
    lc_sb_putc(sb, '>');
    break;
  case LC_T_ENUM:
    lc_sb_puts(sb, "enum(");
    /* long enums are cut: the message names the type, the members are listed in help hints */
    for (uint32_t i = 0; i < t->nmembers; i++) {
      if (i) lc_sb_puts(sb, ", ");
      if (i == 3 && t->nmembers > 4) { lc_sb_puts(sb, "…"); break; }
      lc_sb_putc(sb, '"');
      lc_sb_puts(sb, t->members[i]);
      lc_sb_putc(sb, '"');
    }
    lc_sb_putc(sb, ')');
    break;
  }
  if (t->optional) lc_sb_putc(sb, '?');
}

const char *lc_type_str(lc_arena *a, const lc_type *t) {
  lc_sb sb = {0};
  put_type(&sb, t);
  char *s = lc_arena_strdup(a, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  return s;
}
