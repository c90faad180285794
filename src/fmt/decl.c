/* Declarations as rows of their block. The canonical layout:
 *   - one declaration per line, two spaces of indentation per block, `{` on the header line;
 *   - empty lines kept where the author put them (several become one), none after `{` or before
 *     `}`;
 *   - fields, consts, tiers and imports aligned in columns with their neighbours;
 *   - a rule written on one line stays on one line while it fits the width, aligned with the
 *     one-line rules around it; any other rule puts each clause (when/each, then, decay, since,
 *     cap, floor) on a line of its own;
 *   - a def that does not fit puts its body on the next line;
 *   - test items in the order written; a `given` object keeps its own line breaks. */
#include "fmt/fmt_internal.h"

#include <stdlib.h>

static doc *text(fmt_ctx *f, const char *s) { return doc_text(f->a, s); }

static doc *cat2(fmt_ctx *f, doc *x, doc *y) { return doc_catv(f->a, 2, x, y); }

static doc *keyword_value(fmt_ctx *f, const char *kw, const ast_expr *e) { return cat2(f, text(f, kw), fmt_expr(f, e)); }

static bool one_line(const fmt_ctx *f, lc_span sp) {
  for (uint32_t p = sp.start; p < sp.end; p++)
    if (f->src[p] == '\n') return false;
  return true;
}

/* ---- rules */

/* A clause and the comments that came before it, which go on the lines above it. */
typedef struct clause { doc *pre, *d; } clause;

static doc *each_clause(fmt_ctx *f, const ast_rule *r) {
  doc *d = keyword_value(f, "each ", r->list);
  if (r->where) {
    doc_add(f->a, d, text(f, " where "));
    doc_add(f->a, d, doc_nest(f->a, FMT_INDENT, fmt_expr(f, r->where)));
  }
  if (r->within) doc_add(f->a, d, keyword_value(f, " within ", r->within));
  return doc_align(f->a, d);
}

static doc *decay_clause(fmt_ctx *f, const ast_rule *r) {
  static const char *const kinds[] = {
    [AST_DECAY_HALF_LIFE] = "decay half_life ", [AST_DECAY_LINEAR] = "decay linear ", [AST_DECAY_STEP] = "decay step ",
  };
  return keyword_value(f, kinds[r->decay], r->decay_param);
}

static clause *next_clause(fmt_ctx *f, clause *out, uint32_t *n, uint32_t start) {
  clause *c = &out[(*n)++];
  c->pre = fmt_comments_before(f, start);
  return c;
}

/* The clauses in source order; `since` joins the decay clause when `joined`. */
static uint32_t rule_clauses(fmt_ctx *f, const ast_rule *r, bool joined, clause *out) {
  uint32_t n = 0;
  if (r->kind == AST_RULE_WHEN) next_clause(f, out, &n, r->cond->span.start)->d = fmt_clause(f, "when ", r->cond);
  else next_clause(f, out, &n, r->list->span.start)->d = each_clause(f, r);
  next_clause(f, out, &n, r->points->span.start)->d = fmt_clause(f, "then ", r->points);
  if (r->decay != AST_DECAY_NONE) {
    next_clause(f, out, &n, r->decay_span.start)->d = decay_clause(f, r);
    if (r->since && joined) out[n - 1].d = doc_catv(f->a, 3, out[n - 1].d, text(f, " "), fmt_clause(f, "since ", r->since));
    else if (r->since) next_clause(f, out, &n, r->since->span.start)->d = fmt_clause(f, "since ", r->since);
  }
  if (r->cap) next_clause(f, out, &n, r->cap->span.start)->d = keyword_value(f, "cap ", r->cap);
  if (r->floor) next_clause(f, out, &n, r->floor->span.start)->d = keyword_value(f, "floor ", r->floor);
  return n;
}

static doc *rule_head(fmt_ctx *f, const ast_decl *d) {
  doc *h = cat2(f, text(f, "rule "), text(f, d->name));
  if (d->text) doc_add(f->a, h, cat2(f, text(f, " "), fmt_src(f, d->text->span)));
  return h;
}

static void rule_row(fmt_ctx *f, fmt_block *b, const ast_decl *d) {
  const ast_rule *r = &d->u.rule;
  clause cl[8];
  fmt_block_comments(f, b, d->span.start);
  if (one_line(f, d->span)) {   /* so no comment inside: it could be laid out again */
    uint32_t next = f->next, last_end = f->last_end;
    fmt_line *l = fmt_row(f, b, d->span.start, ROW_RULE);
    fmt_cell(f, l, rule_head(f, d));
    uint32_t n = rule_clauses(f, r, true, cl);
    for (uint32_t i = 0; i < n; i++) fmt_cell(f, l, cl[i].d);
    int width = (int)b->indent + (int)l->ncells - 1;
    for (uint32_t i = 0; i < l->ncells && width >= 0; i++) width = l->cells[i]->flat < 0 ? -1 : width + l->cells[i]->flat;
    if (width >= 0 && width <= FMT_WIDTH) {
      fmt_row_end(f, l, d->span.end);
      return;
    }
    b->lines.n--;   /* too long for one line: lay it out again, clause by clause */
    f->next = next;
    f->last_end = last_end;
  }
  fmt_line *l = fmt_row(f, b, d->span.start, ROW_ALONE);
  doc *body = doc_cat(f->a);
  doc *head = rule_head(f, d);
  uint32_t n = rule_clauses(f, r, false, cl);
  for (uint32_t i = 0; i < n; i++) {
    doc_add(f->a, body, cl[i].pre);
    doc_add(f->a, body, doc_hard(f->a));
    doc_add(f->a, body, cl[i].d);
  }
  fmt_cell(f, l, cat2(f, head, doc_nest(f->a, FMT_INDENT, body)));
  fmt_row_end(f, l, d->span.end);
}

/* ---- blocks with braces */

/* HEADER {  # comment
 *   lines
 * }
 * The comment after the header is taken before the lines are built, and `close` is the offset
 * of the closing brace. */
static doc *braced(fmt_ctx *f, doc *header, const fmt_comment *c, fmt_block *inner, uint32_t close) {
  fmt_block_comments(f, inner, close);
  doc *body = fmt_block_doc(f, inner);
  doc *d = cat2(f, header, text(f, " {"));
  if (c) doc_add(f->a, d, fmt_comment_doc(f, c, true));
  if (body) doc_add(f->a, d, doc_nest(f->a, FMT_INDENT, cat2(f, doc_hard(f->a), body)));
  if (body || c) doc_add(f->a, d, doc_hard(f->a));
  doc_add(f->a, d, text(f, "}"));
  return d;
}

static fmt_block inner_block(const fmt_block *outer) { return (fmt_block){.indent = outer->indent + FMT_INDENT}; }

static void group_row(fmt_ctx *f, fmt_block *b, const ast_decl *d) {
  fmt_line *l = fmt_row(f, b, d->span.start, ROW_ALONE);
  doc *h = cat2(f, text(f, "group "), text(f, d->name));
  uint32_t header_end = d->name_span.end;
  if (d->u.group.cap) {
    doc_add(f->a, h, keyword_value(f, " cap ", d->u.group.cap));
    header_end = d->u.group.cap->span.end;
  }
  if (d->u.group.floor) {
    doc_add(f->a, h, keyword_value(f, " floor ", d->u.group.floor));
    header_end = d->u.group.floor->span.end;
  }
  fmt_block in = inner_block(b);
  const fmt_comment *c = fmt_take_trailing(f, header_end);
  for (uint32_t i = 0; i < d->u.group.rules.n; i++) rule_row(f, &in, d->u.group.rules.items[i]);
  fmt_cell(f, l, braced(f, h, c, &in, d->span.end - 1));
  fmt_row_end(f, l, d->span.end);
}

static void field_row(fmt_ctx *f, fmt_block *b, const ast_field *fd) {
  fmt_line *l = fmt_row(f, b, fd->span.start, ROW_FIELD);
  const char *mod = fd->is_key ? "key " : fd->is_timestamp ? "timestamp " : "";
  fmt_cell(f, l, doc_catv(f->a, 3, text(f, mod), text(f, fd->name), text(f, ":")));
  fmt_cell(f, l, fmt_type(f, fd->type));
  if (fd->from) fmt_cell(f, l, cat2(f, text(f, "from "), fmt_src(f, fd->from->span)));
  fmt_row_end(f, l, fd->span.end);
}

static doc *strings_fill(fmt_ctx *f, const lc_vec *strs) {
  fmt_item *items = fmt_items(f, strs->n);
  for (uint32_t i = 0; i < strs->n; i++) {
    const ast_str_lit *s = strs->items[i];
    fmt_item_comments(f, items, i, s->span.start);
    items[i].d = fmt_src(f, s->span);
  }
  return doc_align(f->a, fmt_comma_fill(f, items, strs->n));
}

static void record_row(fmt_ctx *f, fmt_block *b, const ast_decl *d) {
  fmt_line *l = fmt_row(f, b, d->span.start, ROW_ALONE);
  doc *h = doc_catv(f->a, 2, text(f, d->kind == AST_INPUT ? "input " : "record "), text(f, d->name));
  fmt_block in = inner_block(b);
  const fmt_comment *c = fmt_take_trailing(f, d->name_span.end);
  const lc_vec *mv = &d->u.record.missing_values;
  if (mv->n) {
    const ast_str_lit *first = mv->items[0], *last = mv->items[mv->n - 1];
    fmt_line *m = fmt_row(f, &in, first->span.start, ROW_ALONE);
    fmt_cell(f, m, cat2(f, text(f, "missing_values "), strings_fill(f, mv)));
    fmt_row_end(f, m, last->span.end);
  }
  for (uint32_t i = 0; i < d->u.record.fields.n; i++) field_row(f, &in, d->u.record.fields.items[i]);
  fmt_cell(f, l, braced(f, h, c, &in, d->span.end - 1));
  fmt_row_end(f, l, d->span.end);
}

/* ---- tests */

static const char *cmp_text(ast_binop op) {
  switch (op) {
  case OP_NE: return " != ";
  case OP_LT: return " < ";
  case OP_LE: return " <= ";
  case OP_GT: return " > ";
  case OP_GE: return " >= ";
  default: return " == ";
  }
}

static doc *expect_doc(fmt_ctx *f, const ast_expect *e) {
  lc_arena *a = f->a;
  switch (e->kind) {
  case AST_EXPECT_SCORE: return doc_catv(a, 3, text(f, "expect score"), text(f, cmp_text(e->op)), fmt_expr(f, e->value));
  case AST_EXPECT_TIER: return doc_catv(a, 3, text(f, "expect tier"), text(f, cmp_text(e->op)), fmt_expr(f, e->value));
  case AST_EXPECT_GROUP: case AST_EXPECT_RULE:
    return doc_catv(a, 4, text(f, e->kind == AST_EXPECT_GROUP ? "expect group " : "expect rule "),
                    text(f, e->target.name), text(f, cmp_text(e->op)), fmt_expr(f, e->value));
  case AST_EXPECT_FIRED: case AST_EXPECT_NOT_FIRED: {
    fmt_item *names = fmt_items(f, e->names.n);
    for (uint32_t i = 0; i < e->names.n; i++) {
      const ast_ident *id = e->names.items[i];
      fmt_item_comments(f, names, i, id->span.start);
      names[i].d = text(f, id->name);
    }
    return cat2(f, text(f, e->kind == AST_EXPECT_FIRED ? "expect fired " : "expect not fired "),
                doc_align(a, fmt_comma_fill(f, names, e->names.n)));
  }
  case AST_EXPECT_REJECTED: return cat2(f, text(f, "expect rejected "), fmt_src(f, e->field->span));
  }
  return text(f, "");
}

typedef struct test_item { uint32_t start, end; int kind; const ast_expect *e; } test_item;
enum { ITEM_AS_OF, ITEM_GIVEN, ITEM_EXPECT };

static int cmp_item(const void *x, const void *y) {
  const test_item *a = x, *b = y;
  return (a->start > b->start) - (a->start < b->start);
}

static doc *item_doc(fmt_ctx *f, const ast_test *t, const test_item *it) {
  switch (it->kind) {
  case ITEM_AS_OF: return keyword_value(f, "as_of ", t->as_of);
  case ITEM_GIVEN:
    if (t->given_file) return doc_catv(f->a, 3, text(f, "given file("), fmt_src(f, t->given_file->span), text(f, ")"));
    return cat2(f, text(f, "given "),
                doc_raw(f->a, f->src + t->given_json->span.start, t->given_json->span.end - t->given_json->span.start,
                        fmt_column(f, t->given_json->span.start)));
  default: return expect_doc(f, it->e);
  }
}

static void test_row(fmt_ctx *f, fmt_block *b, const ast_decl *d) {
  const ast_test *t = &d->u.test;
  fmt_line *l = fmt_row(f, b, d->span.start, ROW_ALONE);
  test_item *items = LC_NEW_ARRAY(f->a, test_item, t->expects.n + 2);
  uint32_t n = 0;
  if (t->as_of) items[n++] = (test_item){t->as_of_span.start, t->as_of_span.end, ITEM_AS_OF, NULL};
  if (t->given_json || t->given_file) items[n++] = (test_item){t->given_span.start, t->given_span.end, ITEM_GIVEN, NULL};
  for (uint32_t i = 0; i < t->expects.n; i++) {
    const ast_expect *e = t->expects.items[i];
    items[n++] = (test_item){e->span.start, e->span.end, ITEM_EXPECT, e};
  }
  qsort(items, n, sizeof *items, cmp_item);
  fmt_block in = inner_block(b);
  doc *h = cat2(f, text(f, "test "), fmt_src(f, t->name->span));
  const fmt_comment *c = fmt_take_trailing(f, t->name->span.end);
  for (uint32_t i = 0; i < n; i++) {
    fmt_line *r = fmt_row(f, &in, items[i].start, ROW_ALONE);
    fmt_cell(f, r, item_doc(f, t, &items[i]));
    fmt_row_end(f, r, items[i].end);
  }
  fmt_cell(f, l, braced(f, h, c, &in, d->span.end - 1));
  fmt_row_end(f, l, d->span.end);
}

/* ---- the rest */

static doc *def_doc(fmt_ctx *f, const ast_decl *d) {
  lc_arena *a = f->a;
  const lc_vec *ps = &d->u.def.params;
  fmt_item *params = fmt_items(f, ps->n);
  for (uint32_t i = 0; i < ps->n; i++) {
    const ast_param *p = ps->items[i];
    fmt_item_comments(f, params, i, p->span.start);
    params[i].d = doc_catv(a, 3, text(f, p->name), text(f, ": "), fmt_type(f, p->type));
  }
  doc *h = doc_catv(a, 4, text(f, "def "), text(f, d->name), text(f, "("), doc_align(a, fmt_comma_fill(f, params, ps->n)));
  doc_add(a, h, text(f, ")"));
  if (d->u.def.ret) doc_add(a, h, cat2(f, text(f, ": "), fmt_type(f, d->u.def.ret)));
  doc_add(a, h, text(f, " ="));
  doc *pre = fmt_comments_before(f, d->u.def.body->span.start);
  doc *body = doc_group(a, doc_nest(a, FMT_INDENT, doc_catv(a, 3, pre, doc_line(a), fmt_expr(f, d->u.def.body))));
  return cat2(f, h, body);
}

static void decl_cells(fmt_ctx *f, const ast_decl *d, fmt_line *l) {
  lc_arena *a = f->a;
  switch (d->kind) {
  case AST_MODEL: {
    doc *m = cat2(f, text(f, "model "), text(f, d->name));
    if (d->text) doc_add(a, m, cat2(f, text(f, " "), fmt_src(f, d->text->span)));
    fmt_cell(f, l, m);
    break;
  }
  case AST_VERSION: fmt_cell(f, l, cat2(f, text(f, "version "), fmt_src(f, d->text->span))); break;
  case AST_RANGE:
    fmt_cell(f, l, doc_catv(a, 4, text(f, "score range "), fmt_expr(f, d->u.range.lo), text(f, " .. "),
                            fmt_expr(f, d->u.range.hi)));
    break;
  case AST_IMPORT: fmt_cell(f, l, cat2(f, text(f, "import "), fmt_src(f, d->text->span))); break;
  case AST_CONST:
    fmt_cell(f, l, cat2(f, text(f, "const "), text(f, d->name)));
    fmt_cell(f, l, keyword_value(f, "= ", d->u.value));
    break;
  case AST_DEF: fmt_cell(f, l, def_doc(f, d)); break;
  case AST_TIER:
    fmt_cell(f, l, cat2(f, text(f, "tier "), text(f, d->name)));
    fmt_cell(f, l, d->u.tier_cond ? fmt_clause(f, "when ", d->u.tier_cond) : text(f, "otherwise"));
    break;
  default: break;
  }
}

static void simple_row(fmt_ctx *f, fmt_block *b, const ast_decl *d, fmt_row_kind kind) {
  fmt_line *l = fmt_row(f, b, d->span.start, kind);
  decl_cells(f, d, l);
  fmt_row_end(f, l, d->span.end);
}

static void decl_row(fmt_ctx *f, fmt_block *b, const ast_decl *d) {
  switch (d->kind) {
  case AST_RULE: rule_row(f, b, d); return;
  case AST_GROUP: group_row(f, b, d); return;
  case AST_INPUT: case AST_RECORD: record_row(f, b, d); return;
  case AST_TEST: test_row(f, b, d); return;
  case AST_IMPORT: simple_row(f, b, d, ROW_IMPORT); return;
  case AST_CONST: simple_row(f, b, d, ROW_CONST); return;
  case AST_TIER: simple_row(f, b, d, ROW_TIER); return;
  default: simple_row(f, b, d, ROW_ALONE); return;
  }
}

doc *fmt_module_doc(fmt_ctx *f, const ast_module *m) {
  fmt_block b = {0};
  for (uint32_t i = 0; i < m->decls.n; i++) decl_row(f, &b, m->decls.items[i]);
  fmt_block_comments(f, &b, UINT32_MAX);
  doc *d = fmt_block_doc(f, &b);
  return d ? d : doc_cat(f->a);   /* an empty file (or only white space) formats to nothing */
}
