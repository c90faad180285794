/* Expressions and types as layout documents. Literals are copied from the source as written
 * (`1_000`, `14d`, escapes and regex flags stay as they were); names, keywords and operators are
 * printed canonically with single spaces. The parentheses the author wrote are kept, since the
 * tree is printed with the shape it was parsed into; only a doubled pair `((x))` becomes one.
 *
 * Lines break only in chains of `and` / `or` (before the operator, one operand per line, a nested
 * chain indented one step further), in lists and argument lists (packed), and inside parentheses
 * (continuation lines start after the `(`). */
#include "fmt/fmt_internal.h"

#include <string.h>

static doc *text(fmt_ctx *f, const char *s) { return doc_text(f->a, s); }

static uint32_t skip_trivia(const fmt_ctx *f, uint32_t p, uint32_t end) {
  while (p < end) {
    char c = f->src[p];
    if (c == '#') {
      while (p < end && f->src[p] != '\n') p++;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '(') {
      p++;
    } else {
      break;
    }
  }
  return p;
}

static bool word_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* The end of the literal token of kind k that starts at p (the lexer's rules, in short). */
static uint32_t token_end(const fmt_ctx *f, ast_expr_kind k, uint32_t p, uint32_t end) {
  const char *s = f->src;
  switch (k) {
  case AST_STR:
    for (p++; p < end && s[p] != '"'; p++)
      if (s[p] == '\\') p++;
    return p + 1;
  case AST_REGEX: {
    bool in_class = false;
    for (p++; p < end && (s[p] != '/' || in_class); p++) {
      if (s[p] == '\\') p++;
      else if (s[p] == '[') in_class = true;
      else if (s[p] == ']') in_class = false;
    }
    for (p++; p < end && word_char(s[p]); p++) {}
    return p;
  }
  case AST_TIME:
    for (p++; p < end && (word_char(s[p]) || strchr(":.+-", s[p])); p++) {}
    return p;
  default:   /* numbers and durations */
    while (p < end && word_char(s[p])) p++;
    if (p + 1 < end && s[p] == '.' && s[p + 1] >= '0' && s[p + 1] <= '9')
      for (p++; p < end && word_char(s[p]); p++) {}
    return p;
  }
}

/* The first node the expression's text starts with, when that is not the expression itself. */
static const ast_expr *leftmost_child(const ast_expr *e) {
  switch (e->kind) {
  case AST_FIELD: return e->u.field.obj;
  case AST_BINARY: return e->u.binary.a;
  case AST_IN_RANGE: return e->u.range.x;
  case AST_IS: return e->u.is.x;
  default: return NULL;
  }
}

/* The parser widens a parenthesised node's span to its parentheses. */
static bool parenthesised(const fmt_ctx *f, const ast_expr *e) {
  if (f->src[e->span.start] != '(') return false;
  const ast_expr *c = leftmost_child(e);
  return !c || c->span.start != e->span.start;
}

static doc *literal(fmt_ctx *f, const ast_expr *e) {
  lc_span sp = e->span;
  if (parenthesised(f, e)) {
    sp.start = skip_trivia(f, sp.start, sp.end);
    sp.end = token_end(f, e->kind, sp.start, sp.end);
  }
  return fmt_src(f, sp);
}

static bool is_chain(const fmt_ctx *f, const ast_expr *e, ast_binop op) {
  return e->kind == AST_BINARY && e->u.binary.op == op && !parenthesised(f, e);
}

static void chain_operands(const fmt_ctx *f, const ast_expr *e, ast_binop op, lc_arena *a, lc_vec *out) {
  if (is_chain(f, e, op)) {
    chain_operands(f, e->u.binary.a, op, a, out);
    chain_operands(f, e->u.binary.b, op, a, out);
  } else {
    lc_vec_push(a, out, (void *)e);
  }
}

/* An operand that is itself a chain of the other operator breaks one step further in. */
static doc *chain_operand(fmt_ctx *f, const ast_expr *e) {
  doc *d = fmt_expr(f, e);
  return e->kind == AST_BINARY && !parenthesised(f, e) &&
         (e->u.binary.op == OP_AND || e->u.binary.op == OP_OR) ? doc_nest(f->a, FMT_INDENT, d) : d;
}

static doc *chain(fmt_ctx *f, const ast_expr *e) {
  ast_binop op = e->u.binary.op;
  lc_vec ops = {0};
  chain_operands(f, e->u.binary.a, op, f->a, &ops);
  chain_operands(f, e->u.binary.b, op, f->a, &ops);
  doc *d = doc_cat(f->a);
  doc_add(f->a, d, chain_operand(f, ops.items[0]));
  for (uint32_t i = 1; i < ops.n; i++) {
    const ast_expr *x = ops.items[i];
    doc_add(f->a, d, fmt_comments_before(f, x->span.start));
    doc_add(f->a, d, doc_line(f->a));
    doc_add(f->a, d, text(f, op == OP_AND ? "and " : "or "));
    doc_add(f->a, d, chain_operand(f, x));
  }
  return doc_group(f->a, d);
}

static const char *binop_text(ast_binop op) {
  static const char *const t[] = {
    [OP_ADD] = " + ", [OP_SUB] = " - ", [OP_MUL] = " * ", [OP_DIV] = " / ", [OP_MOD] = " % ",
    [OP_EQ] = " == ", [OP_NE] = " != ", [OP_LT] = " < ", [OP_LE] = " <= ", [OP_GT] = " > ",
    [OP_GE] = " >= ", [OP_AND] = " and ", [OP_OR] = " or ", [OP_COALESCE] = " ?? ",
    [OP_IN] = " in ", [OP_NOT_IN] = " not in ", [OP_CONTAINS] = " contains ",
    [OP_STARTS_WITH] = " starts_with ", [OP_ENDS_WITH] = " ends_with ", [OP_MATCHES] = " matches ",
  };
  return t[op];
}

fmt_item *fmt_items(fmt_ctx *f, uint32_t n) { return LC_NEW_ARRAY(f->a, fmt_item, n ? n : 1); }

void fmt_item_comments(fmt_ctx *f, fmt_item *items, uint32_t i, uint32_t start) {
  for (const fmt_comment *c; (c = fmt_take_comment(f, start));) {
    bool trailing = !c->own_line && i > 0;
    doc **to = trailing ? &items[i - 1].post : &items[i].pre;
    if (!*to) *to = doc_cat(f->a);
    doc_add(f->a, *to, fmt_comment_doc(f, c, !c->own_line));
  }
}

/* Comments between two items go into the separator, which then always breaks; the items keep
 * their own widths, so the rest of the list packs as if the comments were not there. */
doc *fmt_comma_fill(fmt_ctx *f, const fmt_item *items, uint32_t n) {
  doc *d = doc_fill(f->a);
  for (uint32_t i = 0; i < n; i++) {
    if (i && (items[i - 1].post || items[i].pre))
      doc_add(f->a, d, doc_catv(f->a, 3, items[i - 1].post, items[i].pre, doc_hard(f->a)));
    else if (i)
      doc_add(f->a, d, doc_line(f->a));
    doc_add(f->a, d, doc_catv(f->a, 3, i ? NULL : items[i].pre, items[i].d, i + 1 < n ? text(f, ",") : NULL));
  }
  return d;
}

static doc *expr_fill(fmt_ctx *f, const lc_vec *exprs) {
  fmt_item *items = fmt_items(f, exprs->n);
  for (uint32_t i = 0; i < exprs->n; i++) {
    const ast_expr *x = exprs->items[i];
    fmt_item_comments(f, items, i, x->span.start);
    items[i].d = fmt_expr(f, x);
  }
  return fmt_comma_fill(f, items, exprs->n);
}

/* name(args [where C] [within D]) */
static doc *call(fmt_ctx *f, const ast_expr *e) {
  doc *inside = doc_cat(f->a);
  doc_add(f->a, inside, expr_fill(f, &e->u.call.args));
  if (e->u.call.where) {
    doc_add(f->a, inside, fmt_comments_before(f, e->u.call.where->span.start));
    doc_add(f->a, inside, text(f, e->u.call.args.n ? " where " : "where "));
    doc_add(f->a, inside, doc_nest(f->a, FMT_INDENT, fmt_expr(f, e->u.call.where)));
  }
  if (e->u.call.within) {
    doc_add(f->a, inside, fmt_comments_before(f, e->u.call.within->span.start));
    doc_add(f->a, inside, text(f, e->u.call.args.n || e->u.call.where ? " within " : "within "));
    doc_add(f->a, inside, fmt_expr(f, e->u.call.within));
  }
  return doc_catv(f->a, 4, text(f, e->u.call.name), text(f, "("), doc_align(f->a, inside), text(f, ")"));
}

static doc *bare(fmt_ctx *f, const ast_expr *e) {
  lc_arena *a = f->a;
  switch (e->kind) {
  case AST_NUM: case AST_STR: case AST_DUR: case AST_TIME: case AST_REGEX: return literal(f, e);
  case AST_BOOL: return text(f, e->u.boolean ? "true" : "false");
  case AST_NAME: return text(f, e->u.name);
  case AST_SCORE: return text(f, "score");
  case AST_LIST: return doc_catv(a, 3, text(f, "["), doc_align(a, expr_fill(f, &e->u.list)), text(f, "]"));
  case AST_FIELD: return doc_catv(a, 3, fmt_expr(f, e->u.field.obj), text(f, "."), text(f, e->u.field.name));
  case AST_CALL: return call(f, e);
  case AST_UNARY: {
    static const char *const ops[] = {[OP_NEG] = "-", [OP_POS] = "+", [OP_NOT] = "not "};
    return doc_catv(a, 2, text(f, ops[e->u.unary.op]), fmt_expr(f, e->u.unary.a));
  }
  case AST_BINARY:
    if (e->u.binary.op == OP_AND || e->u.binary.op == OP_OR) return chain(f, e);
    return doc_catv(a, 3, fmt_expr(f, e->u.binary.a), text(f, binop_text(e->u.binary.op)), fmt_expr(f, e->u.binary.b));
  case AST_IN_RANGE:
    return doc_catv(a, 5, fmt_expr(f, e->u.range.x), text(f, e->u.range.negated ? " not in " : " in "),
                    fmt_expr(f, e->u.range.lo), text(f, " .. "), fmt_expr(f, e->u.range.hi));
  case AST_IS:
    return doc_catv(a, 2, fmt_expr(f, e->u.is.x), text(f, e->u.is.present ? " is present" : " is missing"));
  }
  return text(f, "");
}

doc *fmt_expr(fmt_ctx *f, const ast_expr *e) {
  doc *pre = fmt_comments_before(f, e->span.start);
  doc *d;
  if (parenthesised(f, e) && e->kind != AST_NUM && e->kind != AST_STR && e->kind != AST_DUR &&
      e->kind != AST_TIME && e->kind != AST_REGEX) {
    doc *inner = bare(f, e);
    d = doc_catv(f->a, 4, text(f, "("), doc_align(f->a, inner), fmt_comments_before(f, e->span.end - 1),
                 text(f, ")"));
  } else if (parenthesised(f, e)) {
    d = doc_catv(f->a, 3, text(f, "("), bare(f, e), text(f, ")"));
  } else {
    d = bare(f, e);
  }
  return pre ? doc_catv(f->a, 2, pre, d) : d;
}

doc *fmt_clause(fmt_ctx *f, const char *kw, const ast_expr *cond) {
  doc *pre = fmt_comments_before(f, cond->span.start);
  doc *d = doc_align(f->a, doc_catv(f->a, 2, text(f, kw), doc_nest(f->a, FMT_INDENT, fmt_expr(f, cond))));
  return pre ? doc_catv(f->a, 2, pre, d) : d;
}

doc *fmt_type(fmt_ctx *f, const ast_type *t) {
  lc_arena *a = f->a;
  doc *d;
  switch (t->kind) {
  case AST_TY_ENUM: {
    fmt_item *items = fmt_items(f, t->members.n);
    for (uint32_t i = 0; i < t->members.n; i++) {
      const ast_str_lit *m = t->members.items[i];
      fmt_item_comments(f, items, i, m->span.start);
      items[i].d = fmt_src(f, m->span);
    }
    d = doc_catv(a, 3, text(f, "enum("), doc_align(a, fmt_comma_fill(f, items, t->members.n)), text(f, ")"));
    break;
  }
  case AST_TY_LIST: d = doc_catv(a, 3, text(f, "list<"), fmt_type(f, t->elem), text(f, ">")); break;
  default: d = text(f, t->name); break;
  }
  return t->optional ? doc_catv(a, 2, d, text(f, "?")) : d;
}
