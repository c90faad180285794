/* Comments and blank lines: the parts of a file the syntax tree does not hold. The lexer hands
 * over every comment's span (lc_parse_with_comments); here they become a list in file order that
 * the formatter consumes as it walks the tree, so each comment is placed exactly once. */
#include "fmt/fmt_internal.h"

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

void fmt_ctx_init(fmt_ctx *f, lc_arena *a, const char *src, uint32_t len, const lc_vec *spans) {
  *f = (fmt_ctx){.a = a, .src = src, .len = len};
  f->comments = LC_NEW_ARRAY(a, fmt_comment, spans->n ? spans->n : 1);
  for (uint32_t i = 0; i < spans->n; i++) {
    const lc_span *sp = spans->items[i];
    fmt_comment *c = &f->comments[f->ncomments++];
    c->start = sp->start;
    c->end = sp->end;
    while (c->end > c->start + 1 && blank(src[c->end - 1])) c->end--;
    uint32_t p = c->start;
    while (p > 0 && blank(src[p - 1])) p--;
    c->own_line = p == 0 || src[p - 1] == '\n';
  }
}

const fmt_comment *fmt_take_comment(fmt_ctx *f, uint32_t offset) {
  if (f->next >= f->ncomments || f->comments[f->next].start >= offset) return NULL;
  const fmt_comment *c = &f->comments[f->next++];
  f->last_end = c->end;
  return c;
}

const fmt_comment *fmt_take_trailing(fmt_ctx *f, uint32_t end) {
  if (f->next >= f->ncomments) return NULL;
  const fmt_comment *c = &f->comments[f->next];
  if (c->own_line || c->start < end) return NULL;
  for (uint32_t p = end; p < c->start; p++)
    if (f->src[p] == '\n') return NULL;
  f->next++;
  f->last_end = c->end;
  return c;
}

doc *fmt_comment_doc(fmt_ctx *f, const fmt_comment *c, bool trailing) {
  return doc_comment(f->a, f->src + c->start, c->end - c->start, trailing);
}

doc *fmt_comments_before(fmt_ctx *f, uint32_t offset) {
  doc *d = NULL;
  for (const fmt_comment *c; (c = fmt_take_comment(f, offset));) {
    if (!d) d = doc_cat(f->a);
    doc_add(f->a, d, fmt_comment_doc(f, c, !c->own_line));
  }
  return d;
}

bool fmt_blank_before(const fmt_ctx *f, uint32_t offset) {
  bool newline = false;
  for (uint32_t p = f->last_end; p < offset && p < f->len; p++) {
    char c = f->src[p];
    if (c == '\n') {
      if (newline) return true;
      newline = true;
    } else if (!blank(c)) {
      newline = false;
    }
  }
  return false;
}

doc *fmt_src(fmt_ctx *f, lc_span sp) { return doc_textn(f->a, f->src + sp.start, sp.end - sp.start); }

uint32_t fmt_column(const fmt_ctx *f, uint32_t offset) {
  uint32_t p = offset;
  while (p > 0 && f->src[p - 1] != '\n') p--;
  return doc_str_width(f->src + p, offset - p);
}
