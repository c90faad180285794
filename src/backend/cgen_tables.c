/* The data half of the generated file: a C struct per record layout, so generated code reads
 * `r->company_size.num` and `r->has.company_size` instead of offsets; the record descriptors the
 * reader decodes with; and the constant tables (enum members, rule, group and tier names, regex
 * sources, string sets). Struct members are the fields' own names, renamed with a trailing '_'
 * only where a name could not be a C member (a keyword, a likely macro, `has`). Every layout is
 * checked against the runtime's LC_RECORD_SIZE / LC_SLOT_OFFSET by static assertions. */
#include <string.h>

#include "backend/cgen_internal.h"

static const char *const c_reserved[] = {
  "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
  "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
  "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
  "union", "unsigned", "void", "volatile", "while", "bool", "true", "false", "errno", "has",
  "asm", "typeof", "alignas", "alignof", "noreturn", "static_assert", "thread_local", "complex",
  "imaginary", "offsetof", "assert", "stdin", "stdout", "stderr",
};

/* A name that could be a macro or is reserved to the implementation. */
static bool unsafe_name(const char *s) {
  if (s[0] == '_') return true;
  bool lower = false;
  for (const char *p = s; *p; p++) lower |= *p >= 'a' && *p <= 'z';
  if (!lower) return true;
  for (size_t i = 0; i < sizeof c_reserved / sizeof c_reserved[0]; i++)
    if (!strcmp(s, c_reserved[i])) return true;
  return false;
}

const char *cg_scope_var(cg *c, uint32_t level) {
  return level ? cg_fmt(c, "e%u", level) : "r";
}

const lc_field_desc *cg_field_desc(const cg *c, uint32_t level, uint32_t slot) {
  const lc_record_desc *r = &c->plan->records[c->scope[level]];
  for (uint32_t i = 0; i < r->nfields; i++)
    if (r->fields[i].slot == slot) return &r->fields[i];
  return NULL;
}

void cg_names_init(cg *c) {
  const lc_plan *p = c->plan;
  c->rec_type = lc_arena_alloc(&c->arena, sizeof *c->rec_type * p->nrecords);
  c->member = lc_arena_alloc(&c->arena, sizeof *c->member * p->nrecords);
  for (uint32_t r = 0; r < p->nrecords; r++) {
    const lc_record_desc *d = &p->records[r];
    c->rec_type[r] = cg_fmt(c, "rec_%s", d->name);
    const char **m = lc_arena_alloc(&c->arena, sizeof *m * (d->nslots + 1));
    for (uint32_t i = 0; i < d->nfields; i++) {
      const lc_field_desc *f = &d->fields[i];
      if (f->slot == LC_NO_SLOT) continue;
      const char *name = unsafe_name(f->name) ? cg_fmt(c, "%s_", f->name) : f->name;
      for (bool clash = true; clash;) {
        clash = false;
        for (uint32_t s = 0; s < d->nslots && !clash; s++) clash = m[s] && !strcmp(m[s], name);
        if (clash) name = cg_fmt(c, "%s_", name);
      }
      m[f->slot] = name;
    }
    for (uint32_t s = 0; s < d->nslots; s++)
      if (!m[s]) m[s] = cg_fmt(c, "slot%u_", s);
    c->member[r] = m;
  }
}

static const char *const kind_names[] = {
  [LC_V_BOOL] = "bool", [LC_V_NUMBER] = "number", [LC_V_INT] = "int", [LC_V_STRING] = "string",
  [LC_V_TIME] = "time", [LC_V_DURATION] = "duration", [LC_V_ENUM] = "enum", [LC_V_LIST] = "list",
};

static const char *const kind_enums[] = {
  [LC_V_BOOL] = "LC_V_BOOL", [LC_V_NUMBER] = "LC_V_NUMBER", [LC_V_INT] = "LC_V_INT",
  [LC_V_STRING] = "LC_V_STRING", [LC_V_TIME] = "LC_V_TIME", [LC_V_DURATION] = "LC_V_DURATION",
  [LC_V_ENUM] = "LC_V_ENUM", [LC_V_LIST] = "LC_V_LIST",
};

static const lc_field_desc *slot_field(const lc_record_desc *d, uint32_t slot) {
  for (uint32_t i = 0; i < d->nfields; i++)
    if (d->fields[i].slot == slot) return &d->fields[i];
  return NULL;
}

static void record_type(cg *c, uint32_t r) {
  const lc_record_desc *d = &c->plan->records[r];
  const char *t = c->rec_type[r];
  cg_line(c, "/* %s%s: %u stored fields */", cg_comment(c, d->name), r ? "" : " (the input)", d->nslots);
  if (!d->nslots) {
    cg_line(c, "typedef struct %s { char unused_; } %s;   /* nothing is read from it */", t, t);
    cg_line(c, "%s", "");
    return;
  }
  cg_line(c, "typedef struct %s {", t);
  c->indent++;
  cg_line(c, "struct {                   /* 1 when the field is present */");
  c->indent++;
  for (uint32_t s = 0; s < d->nslots; s++) cg_line(c, "uint8_t %s;", c->member[r][s]);
  uint32_t pad = LC_PRESENT_BYTES(d->nslots) - d->nslots;
  if (pad) cg_line(c, "uint8_t pad_[%u];", pad);
  c->indent--;
  cg_line(c, "} has;");
  for (uint32_t s = 0; s < d->nslots; s++) {
    const lc_field_desc *f = slot_field(d, s);
    const char *what = f ? kind_names[f->kind] : "unused";
    const char *role = s == d->timestamp_slot ? ", timestamp" : r == 0 && s == c->plan->key_slot ? ", key" : "";
    size_t len = strlen(c->member[r][s]);
    cg_line(c, "lc_slot %s;%*s/* %s%s%s */", c->member[r][s], len < 24 ? (int)(24 - len) : 1, "", what,
            f && f->optional ? "?" : "", role);
  }
  c->indent--;
  cg_line(c, "} %s;", t);
  cg_line(c, "_Static_assert(sizeof(%s) == LC_RECORD_SIZE(%u), \"layout of %s\");", t, d->nslots, t);
  for (uint32_t s = 0; s < d->nslots; s++)
    cg_line(c, "_Static_assert(offsetof(%s, %s) == LC_SLOT_OFFSET(%u, %u), \"slot %u of %s\");", t,
            c->member[r][s], d->nslots, s, s, t);
  cg_line(c, "%s", "");
}

void cg_emit_record_types(cg *c) {
  lc_sb_puts(c->out, "/* ---- records: the runtime's flat layout (presence bytes, then 16-byte slots) */\n\n");
  for (uint32_t r = 0; r < c->plan->nrecords; r++) record_type(c, r);
}

static void c_str(cg *c, const char *s) {
  if (s) cg_c_string(c->out, s, strlen(s));
  else lc_sb_puts(c->out, "NULL");
}

static void string_array(cg *c, const char *name, const char *const *items, uint32_t n) {
  lc_sb_printf(c->out, "static const char *const %s[] = {", name);
  for (uint32_t i = 0; i < n; i++) {
    lc_sb_puts(c->out, i ? ", " : "");
    c_str(c, items[i]);
  }
  lc_sb_puts(c->out, "};\n");
}

static void field_descs(cg *c, uint32_t r) {
  const lc_record_desc *d = &c->plan->records[r];
  lc_sb *sb = c->out;
  for (uint32_t i = 0; i < d->nfields; i++) {
    const lc_field_desc *f = &d->fields[i];
    if (f->kind == LC_V_ENUM) string_array(c, cg_fmt(c, "members_%u_%s", r, f->name), f->members, f->nmembers);
  }
  if (d->nmissing) string_array(c, cg_fmt(c, "missing_%u", r), d->missing_values, d->nmissing);
  if (!d->nfields) return;
  lc_sb_printf(sb, "static const lc_field_desc fields_%u[] = {\n", r);
  for (uint32_t i = 0; i < d->nfields; i++) {
    const lc_field_desc *f = &d->fields[i];
    lc_sb_puts(sb, "  {.name = ");
    c_str(c, f->name);
    lc_sb_puts(sb, ", .key = ");
    c_str(c, f->key);
    lc_sb_printf(sb, ", .kind = %s", kind_enums[f->kind]);
    if (f->optional) lc_sb_puts(sb, ", .optional = true");
    if (f->slot == LC_NO_SLOT) lc_sb_puts(sb, ", .slot = LC_NO_SLOT");
    else lc_sb_printf(sb, ", .slot = %u", f->slot);
    if (f->kind == LC_V_ENUM) lc_sb_printf(sb, ", .members = members_%u_%s, .nmembers = %u", r, f->name, f->nmembers);
    if (f->elem) lc_sb_printf(sb, ", .elem = &records[%u]", (uint32_t)(f->elem - c->plan->records));
    lc_sb_puts(sb, "},\n");
  }
  lc_sb_puts(sb, "};\n");
}

static void record_descs(cg *c) {
  const lc_plan *p = c->plan;
  lc_sb *sb = c->out;
  lc_sb_puts(sb, "/* ---- record descriptors: what the reader decodes, and into which slot */\n\n");
  if (p->nrecords > 1) lc_sb_printf(sb, "static const lc_record_desc records[%u];\n\n", p->nrecords);
  for (uint32_t r = 0; r < p->nrecords; r++) field_descs(c, r);
  lc_sb_printf(sb, "\nstatic const lc_record_desc records[%u] = {\n", p->nrecords);
  for (uint32_t r = 0; r < p->nrecords; r++) {
    const lc_record_desc *d = &p->records[r];
    lc_sb_puts(sb, "  {.name = ");
    c_str(c, d->name);
    if (d->nfields) lc_sb_printf(sb, ", .fields = fields_%u", r);
    lc_sb_printf(sb, ", .nfields = %u, .nslots = %u, .timestamp_slot = ", d->nfields, d->nslots);
    if (d->timestamp_slot == LC_NO_SLOT) lc_sb_puts(sb, "LC_NO_SLOT");
    else lc_sb_printf(sb, "%u", d->timestamp_slot);
    if (d->nmissing) lc_sb_printf(sb, ", .missing_values = missing_%u, .nmissing = %u", r, d->nmissing);
    lc_sb_puts(sb, "},\n");
  }
  lc_sb_puts(sb, "};\n\n");
}

static void names(cg *c) {
  const lc_plan *p = c->plan;
  lc_sb *sb = c->out;
  lc_sb_puts(sb, "/* ---- names, for output rows and --explain */\n\n");
  if (p->nrules) {
    lc_sb_puts(sb, "static const lc_compiled_rule rules[] = {\n");
    for (uint32_t i = 0; i < p->nrules; i++) {
      const lc_prule *r = &p->rules[i];
      lc_sb_puts(sb, "  {");
      c_str(c, r->name);
      lc_sb_puts(sb, ", ");
      c_str(c, r->desc);
      lc_sb_printf(sb, ", %d},\n", r->group);
    }
    lc_sb_puts(sb, "};\n");
  }
  const char **gn = lc_arena_alloc(&c->arena, sizeof *gn * (p->ngroups + p->ntiers + 1));
  for (uint32_t g = 0; g < p->ngroups; g++) gn[g] = p->groups[g].name;
  if (p->ngroups) string_array(c, "groups", gn, p->ngroups);
  for (uint32_t t = 0; t < p->ntiers; t++) gn[t] = p->tiers[t].name;
  if (p->ntiers) string_array(c, "tiers", gn, p->ntiers);
  if (p->nitems) {
    lc_sb_puts(sb, "\n/* the score's terms in declaration order: top-level rules and groups */\n");
    lc_sb_puts(sb, "static const struct { bool is_group; uint32_t index; } items[] = {\n");
    for (uint32_t i = 0; i < p->nitems; i++) {
      const lc_pitem *it = &p->items[i];
      lc_sb_printf(sb, "  {%s, %u},   /* %s %s */\n", it->is_group ? "true" : "false", it->index,
                   it->is_group ? "group" : "rule", it->is_group ? p->groups[it->index].name : p->rules[it->index].name);
    }
    lc_sb_puts(sb, "};\n");
  }
  lc_sb_putc(sb, '\n');
}

static void constants(cg *c) {
  const lc_plan *p = c->plan;
  lc_sb *sb = c->out;
  if (!p->nregexes && !p->nstrsets) return;
  lc_sb_puts(sb, "/* ---- constants the runtime builds once per model: regexes, string sets */\n\n");
  if (p->nregexes) {
    lc_sb_puts(sb, "static const lc_compiled_regex regexes[] = {\n");
    for (uint32_t i = 0; i < p->nregexes; i++) {
      uint32_t f = p->regex_flags[i];
      lc_sb_puts(sb, "  {");
      c_str(c, p->regex_src[i]);
      lc_sb_printf(sb, ", %s},\n", f == (LC_RE_CASELESS | LC_RE_EXTENDED) ? "LC_RE_CASELESS | LC_RE_EXTENDED"
                                   : f == LC_RE_CASELESS ? "LC_RE_CASELESS" : f == LC_RE_EXTENDED ? "LC_RE_EXTENDED" : "0");
    }
    lc_sb_puts(sb, "};\n\n");
  }
  for (uint32_t i = 0; i < p->nstrsets; i++) {
    if (!p->strset_n[i]) continue;
    lc_sb_printf(sb, "static const lc_str strset_%u[] = {\n", i);
    for (uint32_t j = 0; j < p->strset_n[i]; j++) {
      lc_str s = p->strset_items[i][j];
      lc_sb_puts(sb, "  {");
      cg_c_string(sb, s.ptr, s.len);
      lc_sb_printf(sb, ", %u},\n", s.len);
    }
    lc_sb_puts(sb, "};\n");
  }
  if (p->nstrsets) {
    lc_sb_puts(sb, "static const lc_compiled_strset strsets[] = {\n");
    for (uint32_t i = 0; i < p->nstrsets; i++)
      if (p->strset_n[i]) lc_sb_printf(sb, "  {strset_%u, %u},\n", i, p->strset_n[i]);
      else lc_sb_puts(sb, "  {NULL, 0},\n");
    lc_sb_puts(sb, "};\n");
  }
  lc_sb_putc(sb, '\n');
}

void cg_emit_tables(cg *c) {
  record_descs(c);
  names(c);
  constants(c);
}
