/* Whether the new version of a model reads the old version's records. `leadc diff` reads each
 * record once and scores it with both versions, which only means something when both accept the
 * same records and see the same values. Fields are matched by the key they are read from (the
 * `from` name, else the field name), so a field renamed in the model but read from the same
 * column is the same field; element records are matched through the list fields that hold them.
 *
 * NEW may: add fields that are optional (or lists, which read as empty when absent); drop fields
 * (it ignores them); make a required field optional; read an int as a number; add enum members.
 * Everything else would make NEW reject records OLD scores, or read them differently. */
#include "diff/diff.h"

#include <string.h>

typedef struct sctx {
  lc_diags *diags;
  lc_arena *a;
  bool ok;
} sctx;

static const lc_field *by_key(const lc_record *r, const char *key) {
  for (uint32_t i = 0; i < r->nfields; i++)
    if (!strcmp(r->fields[i]->key, key)) return r->fields[i];
  return NULL;
}

static void report(sctx *c, const lc_field *old, const lc_field *new, const char *help, const char *message) {
  lc_diag *g = lc_report(c->diags, LC_E0701, new->ast->span, "%s", message);
  if (old) lc_diag_note(c->diags, g, old->ast->span, "the old version declares it here");
  if (help) lc_diag_help(c->diags, g, "%s", help);
  c->ok = false;
}

/* The first member of old that new lacks, or NULL. */
static const char *lost_member(const lc_type *old, const lc_type *new) {
  for (uint32_t i = 0; i < old->nmembers; i++)
    if (lc_type_enum_index(new, old->members[i], (uint32_t)strlen(old->members[i])) < 0) return old->members[i];
  return NULL;
}

static void compare_records(sctx *c, const lc_record *old, const lc_record *new);

static const char *changed(sctx *c, const lc_field *fn, const char *now, const char *before) {
  return lc_arena_printf(c->a, "%s is %s here but %s in the old version", fn->name, now, before);
}

/* Whether NEW's type reads every value OLD's reads, as the same value. */
static void compare_types(sctx *c, const lc_field *fo, const lc_field *fn, const lc_type *to, const lc_type *tn) {
  lc_type_kind ko = to->req->kind, kn = tn->req->kind;
  const char *so = lc_type_str(c->a, to), *sn = lc_type_str(c->a, tn);
  if (ko == kn && ko == LC_T_ENUM) {
    const char *m = lost_member(to->req, tn->req);
    if (m)
      report(c, fo, fn, "add the member back, or compare on records that never hold it",
             lc_arena_printf(c->a, "%s has no member \"%s\" here, but the old version reads it (%s)", fn->name, m, so));
  } else if (ko == kn && ko == LC_T_LIST) {
    const lc_type *eo = to->req->elem, *en = tn->req->elem;
    if (eo->kind == LC_T_RECORD && en->kind == LC_T_RECORD) compare_records(c, eo->record, en->record);
    else if (eo->kind == LC_T_RECORD || en->kind == LC_T_RECORD) report(c, fo, fn, NULL, changed(c, fn, sn, so));
    else compare_types(c, fo, fn, eo, en);
  } else if (ko != kn && !(ko == LC_T_INT && kn == LC_T_NUMBER)) {
    report(c, fo, fn, NULL, changed(c, fn, sn, so));
  }
}

static void compare_field(sctx *c, const lc_field *fo, const lc_field *fn) {
  if (fo->is_key != fn->is_key) {
    report(c, fo, fn, "both versions must identify a record by the same field",
           lc_arena_printf(c->a, fo->is_key ? "%s is the key in the old version but not here" : "%s is the key here but not in the old version",
                           fn->name));
    return;
  }
  if (fo->type->optional && !fn->type->optional && fn->type->req->kind != LC_T_LIST) {
    report(c, fo, fn, "records without it would be rejected here; keep it optional",
           lc_arena_printf(c->a, "%s is required here (%s) but optional in the old version (%s)", fn->name,
                           lc_type_str(c->a, fn->type), lc_type_str(c->a, fo->type)));
    return;
  }
  compare_types(c, fo, fn, fo->type, fn->type);
}

static void compare_records(sctx *c, const lc_record *old, const lc_record *new) {
  for (uint32_t i = 0; i < old->nfields; i++) {
    const lc_field *fo = old->fields[i], *fn = by_key(new, fo->key);
    if (fn) compare_field(c, fo, fn);
  }
  for (uint32_t i = 0; i < new->nfields; i++) {
    const lc_field *fn = new->fields[i];
    if (by_key(old, fn->key) || fn->type->optional || fn->type->req->kind == LC_T_LIST) continue;
    if (fn->is_key)
      report(c, NULL, fn, "both versions must identify a record by the same field",
             lc_arena_printf(c->a, "%s is the key here, but the old version does not read it", fn->name));
    else
      report(c, NULL, fn, "a field the old version does not read must be optional here (`T?`), or the records cannot be compared",
             lc_arena_printf(c->a, "%s is required here (%s), but the old version does not read it", fn->name,
                             lc_type_str(c->a, fn->type)));
  }
}

bool lc_diff_schema(const lc_program *old, const lc_program *new, lc_diags *diags) {
  sctx c = {diags, diags->arena, true};
  if (old->input && new->input) compare_records(&c, old->input, new->input);
  return c.ok;
}
