/* Record layout: which fields get a slot in the flat record struct. Only fields the model reads
 * are stored; the key (echoed in output rows) and element timestamps (the point-in-time rule,
 * `within`, decay, first/last) always are. Every declared field still gets a descriptor, so the
 * reader validates it, with LC_NO_SLOT when it is not stored. Slots follow declaration order,
 * which keeps plan dumps readable and lets the reader fill a record front to back. */
#include "plan/lower_internal.h"

lc_ptype lw_ptype(const lc_type *t) {
  switch (t->kind) {
  case LC_T_BOOL: return PT_BOOL;
  case LC_T_STRING: return PT_STR;
  case LC_T_TIME: return PT_TIME;
  case LC_T_DURATION: return PT_DUR;
  case LC_T_ENUM: return PT_ENUM;
  case LC_T_LIST: return PT_LIST;
  default: return PT_NUM;
  }
}

static lc_vkind vkind(const lc_type *t) {
  switch (t->kind) {
  case LC_T_BOOL: return LC_V_BOOL;
  case LC_T_INT: return LC_V_INT;
  case LC_T_STRING: return LC_V_STRING;
  case LC_T_TIME: return LC_V_TIME;
  case LC_T_DURATION: return LC_V_DURATION;
  case LC_T_ENUM: return LC_V_ENUM;
  case LC_T_LIST: return LC_V_LIST;
  default: return LC_V_NUMBER;
  }
}

/* The record's position in program->records (its descriptor's index in the plan). */
uint32_t lw_record_index(const lw *w, const lc_record *rec) {
  for (uint32_t r = 0; r < w->prog->records.n; r++)
    if (LC_VEC_AT(w->prog->records, lc_record, r) == rec) return r;
  return 0;
}

void lw_layout_init(lw *w) {
  uint32_t n = w->prog->records.n;
  w->slots = LC_NEW_ARRAY(w->a, uint32_t *, n);
  w->nslots = LC_NEW_ARRAY(w->a, uint32_t, n);
  for (uint32_t r = 0; r < n; r++) {
    const lc_record *rec = LC_VEC_AT(w->prog->records, lc_record, r);
    w->slots[r] = LC_NEW_ARRAY(w->a, uint32_t, rec->nfields);
    for (uint32_t i = 0; i < rec->nfields; i++) {
      const lc_field *f = rec->fields[i];
      bool stored = f->used || f->is_key || f->is_timestamp;
      w->slots[r][i] = stored ? w->nslots[r]++ : LC_NO_SLOT;
    }
  }
}

/* Lowering reads fields through here; a field the checker did not mark as used still gets a
 * slot (at the end), so a plan never reads a field the reader does not store. */
uint32_t lw_field_slot(lw *w, const lc_field *f) {
  uint32_t r = lw_record_index(w, f->record);
  uint32_t *s = &w->slots[r][f->index];
  if (*s == LC_NO_SLOT) *s = w->nslots[r]++;
  return *s;
}

void lw_layout_finish(lw *w) {
  uint32_t n = w->prog->records.n;
  lc_record_desc *descs = LC_NEW_ARRAY(w->a, lc_record_desc, n);
  for (uint32_t r = 0; r < n; r++) {
    const lc_record *rec = LC_VEC_AT(w->prog->records, lc_record, r);
    lc_field_desc *fields = LC_NEW_ARRAY(w->a, lc_field_desc, rec->nfields);
    for (uint32_t i = 0; i < rec->nfields; i++) {
      const lc_field *f = rec->fields[i];
      const lc_type *t = f->type->req;
      fields[i] = (lc_field_desc){
        .name = f->name, .key = f->key, .kind = vkind(t), .optional = f->type->optional,
        .slot = w->slots[r][i], .members = t->members, .nmembers = t->nmembers,
        .elem = t->kind == LC_T_LIST && t->elem->record ? &descs[lw_record_index(w, t->elem->record)] : NULL,
      };
    }
    descs[r] = (lc_record_desc){
      .name = rec->name, .fields = fields, .nfields = rec->nfields, .nslots = w->nslots[r],
      .timestamp_slot = rec->timestamp ? w->slots[r][rec->timestamp->index] : LC_NO_SLOT,
      .missing_values = (const char *const *)rec->missing_values, .nmissing = rec->nmissing,
    };
  }
  w->p->records = descs;
  w->p->nrecords = n;
  const lc_field *key = w->prog->input->key;
  w->p->key_slot = key ? w->slots[0][key->index] : LC_NO_SLOT;
}
