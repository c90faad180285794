/* Text dumps of the syntax tree for golden tests: one node per line, children indented by two
 * spaces, positions as @line:column. The format is part of the test contract, so it changes only
 * together with the golden files. The typed dump adds `: TYPE` and `-> what a name means`. */
#include <inttypes.h>
#include <string.h>
#include "check/check.h"
#include "front/frontend.h"
#include "leadc/runtime.h"

typedef struct dumper {
  FILE *out;
  const lc_sources *s;
  bool typed;
  lc_arena scratch;                  /* type strings */
} dumper;

static void indent(dumper *d, int depth) {
  for (int i = 0; i < depth; i++) fputs("  ", d->out);
}

static void pos(dumper *d, lc_span sp) {
  lc_pos p = lc_sources_pos(d->s, sp.file, sp.start);
  fprintf(d->out, " @%" PRIu32 ":%" PRIu32, p.line, p.col);
}

static void quoted(dumper *d, const char *s, uint32_t len) {
  fputc('"', d->out);
  for (uint32_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\') fprintf(d->out, "\\%c", ch);
    else if (ch == '\n') fputs("\\n", d->out);
    else if (ch == '\t') fputs("\\t", d->out);
    else if (ch < 0x20) fprintf(d->out, "\\u%04x", ch);
    else fputc(ch, d->out);
  }
  fputc('"', d->out);
}

static void number(dumper *d, double x) { fprintf(d->out, "%.17g", x); }

static void time_value(dumper *d, int64_t us) {
  char buf[48];
  size_t n = lc_time_format(us, buf);
  fwrite(buf, 1, n, d->out);
}

/* In the largest unit that divides it exactly, as a user would write it. */
static void duration(dumper *d, int64_t us) {
  static const struct { int64_t us; const char *unit; } units[] = {
    {INT64_C(604800000000), "w"}, {INT64_C(86400000000), "d"}, {INT64_C(3600000000), "h"},
    {INT64_C(60000000), "m"}, {INT64_C(1000000), "s"},
  };
  for (int i = 0; i < 5; i++)
    if (us != 0 && us % units[i].us == 0) {
      fprintf(d->out, "%" PRId64 "%s", us / units[i].us, units[i].unit);
      return;
    }
  fprintf(d->out, "%" PRId64 "us", us);
}

static const char *const binops[] = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "??",
                                     "in", "not in", "contains", "starts_with", "ends_with", "matches"};

static const char *const builtin_names[] = {
  [B_LOWER] = "lower", [B_UPPER] = "upper", [B_TRIM] = "trim", [B_LEN] = "len", [B_DOMAIN] = "domain",
  [B_LOCAL_PART] = "local_part", [B_ABS] = "abs", [B_ROUND] = "round", [B_ROUND_DIGITS] = "round_digits",
  [B_FLOOR] = "floor", [B_CEIL] = "ceil", [B_LOG] = "log", [B_SQRT] = "sqrt", [B_MIN] = "min", [B_MAX] = "max",
  [B_CLAMP] = "clamp", [B_DAYS_SINCE] = "days_since", [B_HOURS_SINCE] = "hours_since", [B_AGE] = "age",
  [B_KEYBOARD_RUN] = "keyboard_run",
};

static const char *const agg_names[] = {
  [AGG_COUNT] = "count", [AGG_ANY] = "any", [AGG_ALL] = "all", [AGG_NONE] = "none", [AGG_SUM] = "sum",
  [AGG_MIN] = "min", [AGG_MAX] = "max", [AGG_AVG] = "avg", [AGG_FIRST] = "first", [AGG_LAST] = "last",
  [AGG_COUNT_DISTINCT] = "count_distinct",
};

static void sym(dumper *d, const lc_sym *s) {
  if (!s) return;
  FILE *o = d->out;
  switch (s->kind) {
  case LC_SYM_INPUT_FIELD: fprintf(o, " -> input field %s", s->field->name); break;
  case LC_SYM_INPUT: fputs(" -> input", o); break;
  case LC_SYM_ELEM_FIELD: fprintf(o, " -> field %s.%s level %u", s->field->record->name, s->field->name, s->level); break;
  case LC_SYM_CONST: fprintf(o, " -> const %s", s->cnst->name); break;
  case LC_SYM_PARAM: fprintf(o, " -> param %u of %s", s->param, s->def->name); break;
  case LC_SYM_DEF: fprintf(o, " -> def %s", s->def->name); break;
  case LC_SYM_BUILTIN: fprintf(o, " -> builtin %s", builtin_names[s->builtin]); break;
  case LC_SYM_AGGREGATE:
    fprintf(o, " -> aggregate %s over %s level %u", agg_names[s->agg.kind], s->agg.elem->name, s->agg.level);
    if (s->agg.proj) fprintf(o, " of %s", s->agg.proj->name);
    break;
  case LC_SYM_LINES: fprintf(o, " -> lines %s (%u items)", s->list_file->path, s->list_file->value->u.list.n); break;
  case LC_SYM_GROUP_TOTAL: fprintf(o, " -> group %s", s->group->name); break;
  case LC_SYM_SCORE: fputs(" -> score", o); break;
  }
}

static void expr(dumper *d, const ast_expr *e, int depth);

static void child(dumper *d, const char *label, const ast_expr *e, int depth) {
  if (!e) return;
  indent(d, depth);
  fprintf(d->out, "%s\n", label);
  expr(d, e, depth + 1);
}

static void expr(dumper *d, const ast_expr *e, int depth) {
  FILE *o = d->out;
  indent(d, depth);
  switch (e->kind) {
  case AST_NUM: fputs("num ", o); number(d, e->u.num); break;
  case AST_STR: fputs("str ", o); quoted(d, e->u.str.s, e->u.str.len); break;
  case AST_BOOL: fputs(e->u.boolean ? "bool true" : "bool false", o); break;
  case AST_DUR: fputs("duration ", o); duration(d, e->u.us); break;
  case AST_TIME: fputs("time ", o); time_value(d, e->u.us); break;
  case AST_REGEX:
    fprintf(o, "regex /%.*s/%s%s", (int)e->u.regex.len, e->u.regex.pattern, e->u.regex.flags & AST_REGEX_I ? "i" : "",
            e->u.regex.flags & AST_REGEX_X ? "x" : "");
    break;
  case AST_LIST: fputs("list", o); break;
  case AST_NAME: fprintf(o, "name %s", e->u.name); break;
  case AST_SCORE: fputs("score", o); break;
  case AST_FIELD: fprintf(o, "field .%s", e->u.field.name); break;
  case AST_CALL: fprintf(o, "call %s", e->u.call.name); break;
  case AST_UNARY: fputs(e->u.unary.op == OP_NEG ? "unary -" : e->u.unary.op == OP_POS ? "unary +" : "unary not", o); break;
  case AST_BINARY: fprintf(o, "binary %s", binops[e->u.binary.op]); break;
  case AST_IN_RANGE: fputs(e->u.range.negated ? "not in range" : "in range", o); break;
  case AST_IS: fputs(e->u.is.present ? "is present" : "is missing", o); break;
  }
  pos(d, e->span);
  if (d->typed) {
    if (e->type) fprintf(o, " : %s", lc_type_str(&d->scratch, e->type));
    sym(d, e->sym);
  }
  fputc('\n', o);
  switch (e->kind) {
  case AST_LIST:
    for (uint32_t i = 0; i < e->u.list.n; i++) expr(d, e->u.list.items[i], depth + 1);
    break;
  case AST_FIELD: expr(d, e->u.field.obj, depth + 1); break;
  case AST_CALL:
    for (uint32_t i = 0; i < e->u.call.args.n; i++) expr(d, e->u.call.args.items[i], depth + 1);
    child(d, "where", e->u.call.where, depth + 1);
    child(d, "within", e->u.call.within, depth + 1);
    break;
  case AST_UNARY: expr(d, e->u.unary.a, depth + 1); break;
  case AST_BINARY:
    expr(d, e->u.binary.a, depth + 1);
    expr(d, e->u.binary.b, depth + 1);
    break;
  case AST_IN_RANGE:
    expr(d, e->u.range.x, depth + 1);
    expr(d, e->u.range.lo, depth + 1);
    expr(d, e->u.range.hi, depth + 1);
    break;
  case AST_IS: expr(d, e->u.is.x, depth + 1); break;
  default: break;
  }
}

static void type(dumper *d, const ast_type *t) {
  FILE *o = d->out;
  if (!t) { fputs("?", o); return; }
  switch (t->kind) {
  case AST_TY_NAME: fputs(t->name, o); break;
  case AST_TY_ENUM:
    fputs("enum(", o);
    for (uint32_t i = 0; i < t->members.n; i++) {
      const ast_str_lit *m = t->members.items[i];
      if (i) fputs(", ", o);
      quoted(d, m->s, m->len);
    }
    fputc(')', o);
    break;
  case AST_TY_LIST:
    fputs("list<", o);
    type(d, t->elem);
    fputc('>', o);
    break;
  }
  if (t->optional) fputc('?', o);
}

static void rule_body(dumper *d, const ast_rule *r, int depth) {
  static const char *const decays[] = {"", "half_life", "linear", "step"};
  child(d, "when", r->cond, depth);
  child(d, "each", r->list, depth);
  child(d, "where", r->where, depth);
  child(d, "within", r->within, depth);
  child(d, "then", r->points, depth);
  if (r->decay != AST_DECAY_NONE) {
    char label[32];
    snprintf(label, sizeof label, "decay %s", decays[r->decay]);
    child(d, label, r->decay_param, depth);
    child(d, "since", r->since, depth);
  }
  child(d, "cap", r->cap, depth);
  child(d, "floor", r->floor, depth);
}

static void test_body(dumper *d, const ast_test *t, int depth) {
  static const char *const kinds[] = {"score", "tier", "group", "rule", "fired", "not fired", "rejected"};
  FILE *o = d->out;
  child(d, "as_of", t->as_of, depth);
  if (t->given_json) {
    indent(d, depth);
    fputs("given ", o);
    quoted(d, t->given_json->s, t->given_json->len);
    fputc('\n', o);
  }
  if (t->given_file) {
    indent(d, depth);
    fputs("given file ", o);
    quoted(d, t->given_file->s, t->given_file->len);
    fputc('\n', o);
  }
  for (uint32_t i = 0; i < t->expects.n; i++) {
    const ast_expect *x = t->expects.items[i];
    indent(d, depth);
    fprintf(o, "expect %s", kinds[x->kind]);
    if (x->kind == AST_EXPECT_GROUP || x->kind == AST_EXPECT_RULE) fprintf(o, " %s", x->target.name);
    for (uint32_t j = 0; j < x->names.n; j++) fprintf(o, "%s%s", j ? ", " : " ", ((const ast_ident *)x->names.items[j])->name);
    if (x->field) { fputc(' ', o); quoted(d, x->field->s, x->field->len); }
    if (x->value) fprintf(o, " %s", binops[x->op]);
    pos(d, x->span);
    fputc('\n', o);
    if (x->value) expr(d, x->value, depth + 1);
  }
}

static void decl(dumper *d, const ast_decl *x, int depth) {
  static const char *const kinds[] = {"model", "version", "range", "import", "input", "record",
                                      "const", "def", "rule", "group", "tier", "test"};
  FILE *o = d->out;
  indent(d, depth);
  fputs(kinds[x->kind], o);
  if (x->name) fprintf(o, " %s", x->name);
  if (x->text) { fputc(' ', o); quoted(d, x->text->s, x->text->len); }
  if (x->kind == AST_TIER && !x->u.tier_cond) fputs(" otherwise", o);
  if (x->kind == AST_DEF) {
    fputc('(', o);
    for (uint32_t i = 0; i < x->u.def.params.n; i++) {
      const ast_param *p = x->u.def.params.items[i];
      fprintf(o, "%s%s: ", i ? ", " : "", p->name);
      type(d, p->type);
    }
    fputc(')', o);
    if (x->u.def.ret) { fputs(": ", o); type(d, x->u.def.ret); }
  }
  pos(d, x->span);
  fputc('\n', o);
  switch (x->kind) {
  case AST_RANGE:
    child(d, "low", x->u.range.lo, depth + 1);
    child(d, "high", x->u.range.hi, depth + 1);
    break;
  case AST_INPUT: case AST_RECORD:
    if (x->u.record.missing_values.n) {
      indent(d, depth + 1);
      fputs("missing_values", o);
      for (uint32_t i = 0; i < x->u.record.missing_values.n; i++) {
        const ast_str_lit *s = x->u.record.missing_values.items[i];
        fputc(' ', o);
        quoted(d, s->s, s->len);
      }
      fputc('\n', o);
    }
    for (uint32_t i = 0; i < x->u.record.fields.n; i++) {
      const ast_field *f = x->u.record.fields.items[i];
      indent(d, depth + 1);
      fprintf(o, "field %s%s%s: ", f->is_key ? "key " : "", f->is_timestamp ? "timestamp " : "", f->name);
      type(d, f->type);
      if (f->from) { fputs(" from ", o); quoted(d, f->from->s, f->from->len); }
      pos(d, f->span);
      fputc('\n', o);
    }
    break;
  case AST_CONST: if (x->u.value) expr(d, x->u.value, depth + 1); break;
  case AST_DEF: if (x->u.def.body) expr(d, x->u.def.body, depth + 1); break;
  case AST_RULE: rule_body(d, &x->u.rule, depth + 1); break;
  case AST_GROUP:
    child(d, "cap", x->u.group.cap, depth + 1);
    child(d, "floor", x->u.group.floor, depth + 1);
    for (uint32_t i = 0; i < x->u.group.rules.n; i++) decl(d, x->u.group.rules.items[i], depth + 1);
    break;
  case AST_TIER: if (x->u.tier_cond) expr(d, x->u.tier_cond, depth + 1); break;
  case AST_TEST: test_body(d, &x->u.test, depth + 1); break;
  default: break;
  }
}

static void header(dumper *d, uint32_t file) {
  const lc_source *src = lc_sources_get(d->s, file);
  fprintf(d->out, "# file %s\n", src ? src->path : "?");
}

void lc_dump_ast(FILE *out, const lc_sources *s, const ast_module *m) {
  dumper d = {out, s, false, {0}};
  if (!m) return;
  header(&d, m->file);
  for (uint32_t i = 0; i < m->decls.n; i++) decl(&d, m->decls.items[i], 0);
}

void lc_dump_types(FILE *out, const lc_sources *s, const lc_unit *u) {
  dumper d = {out, s, true, {0}};
  lc_arena_init(&d.scratch);
  uint32_t file = 0;
  for (uint32_t i = 0; i < u->decls.n; i++) {
    const ast_decl *x = u->decls.items[i];
    if (x->span.file != file) {
      file = x->span.file;
      header(&d, file);
    }
    decl(&d, x, 0);
  }
  lc_arena_free(&d.scratch);
}
