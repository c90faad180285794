/* Building and rendering layout documents. The renderer is the classic one: a stack of
 * (indentation, flat or broken, document) commands; a group is printed flat when it and the rest
 * of its line fit the width. Line breaks and the spaces before text are written lazily, so that a
 * break that follows a comment's own break, or a run of breaks, yields one newline and no line
 * ever ends in white space. */
#include "fmt/doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

uint32_t doc_str_width(const char *s, uint32_t n) {
  uint32_t w = 0;
  for (uint32_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

static doc *node(lc_arena *a, doc_kind k, int flat) {
  doc *d = LC_NEW(a, doc);
  d->kind = k;
  d->flat = flat;
  return d;
}

doc *doc_textn(lc_arena *a, const char *s, uint32_t len) {
  doc *d = node(a, DOC_TEXT, 0);
  d->s = s;
  d->len = len;
  d->width = doc_str_width(s, len);
  d->flat = (int)d->width;
  return d;
}

doc *doc_text(lc_arena *a, const char *s) { return doc_textn(a, s, (uint32_t)strlen(s)); }

doc *doc_raw(lc_arena *a, const char *s, uint32_t len, uint32_t src_col) {
  if (!memchr(s, '\n', len)) return doc_textn(a, s, len);
  doc *d = node(a, DOC_RAW, -1);
  d->s = s;
  d->len = len;
  d->src_col = src_col;
  return d;
}

doc *doc_spaces(lc_arena *a, uint32_t n) {
  char *s = lc_arena_alloc(a, n + 1);
  memset(s, ' ', n);
  return doc_textn(a, s, n);
}

doc *doc_line(lc_arena *a) { return node(a, DOC_LINE, 1); }
doc *doc_hard(lc_arena *a) { return node(a, DOC_HARD, -1); }
doc *doc_blank(lc_arena *a) { return node(a, DOC_BLANK, -1); }

doc *doc_comment(lc_arena *a, const char *s, uint32_t len, bool trailing) {
  doc *d = node(a, DOC_COMMENT, -1);
  d->s = s;
  d->len = len;
  d->width = doc_str_width(s, len);
  d->trailing = trailing;
  return d;
}

static doc *wrap(lc_arena *a, doc_kind k, doc *kid) {
  doc *d = node(a, k, kid->flat);
  d->kid = kid;
  return d;
}

doc *doc_group(lc_arena *a, doc *kid) { return wrap(a, DOC_GROUP, kid); }
doc *doc_align(lc_arena *a, doc *kid) { return wrap(a, DOC_ALIGN, kid); }

doc *doc_nest(lc_arena *a, int n, doc *kid) {
  doc *d = wrap(a, DOC_NEST, kid);
  d->nest = n;
  return d;
}

doc *doc_cat(lc_arena *a) { return node(a, DOC_CAT, 0); }
doc *doc_fill(lc_arena *a) { return node(a, DOC_FILL, 0); }

void doc_add(lc_arena *a, doc *cat, doc *kid) {
  if (!kid) return;
  lc_vec_push(a, &cat->kids, kid);
  cat->flat = cat->flat < 0 || kid->flat < 0 ? -1 : cat->flat + kid->flat;
}

doc *doc_catv(lc_arena *a, int n, ...) {
  doc *d = doc_cat(a);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) doc_add(a, d, va_arg(ap, doc *));
  va_end(ap);
  return d;
}

bool doc_can_break(const doc *d) {
  switch (d->kind) {
  case DOC_LINE: return true;
  case DOC_CAT: case DOC_FILL:
    for (uint32_t i = 0; i < d->kids.n; i++)
      if (doc_can_break(d->kids.items[i])) return true;
    return false;
  case DOC_GROUP: case DOC_NEST: case DOC_ALIGN: return doc_can_break(d->kid);
  default: return false;
  }
}

/* ---- rendering */

typedef struct cmd {
  int indent;
  bool flat;
  const doc *d;
  uint32_t from;            /* DOC_FILL: the first kid still to print */
} cmd;

typedef struct stack { cmd *items; uint32_t n, cap; } stack;

static void push(stack *s, int indent, bool flat, const doc *d, uint32_t from) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 64;
    cmd *p = realloc(s->items, s->cap * sizeof *p);
    if (!p) abort();
    s->items = p;
  }
  s->items[s->n++] = (cmd){indent, flat, d, from};
}

typedef struct render {
  lc_sb *out;
  int width;
  int col;                  /* columns written on the current line */
  bool line_has_text;
  bool wrote;               /* anything written at all */
  bool nl;                  /* a line break is pending … */
  bool blank;               /* … followed by an empty line */
  int nl_indent;
  int spaces;               /* spaces to write before the next text */
  stack main, probe;
} render;

static int column(const render *r) { return r->nl ? r->nl_indent : r->col + r->spaces; }

static void put_spaces(lc_sb *out, int n) {
  for (int i = 0; i < n; i++) lc_sb_putc(out, ' ');
}

static void flush(render *r) {
  if (r->nl) {
    lc_sb_putc(r->out, '\n');
    if (r->blank) lc_sb_putc(r->out, '\n');
    put_spaces(r->out, r->nl_indent);
    r->col = r->nl_indent;
    r->nl = r->blank = false;
    r->spaces = 0;
  }
  put_spaces(r->out, r->spaces);
  r->col += r->spaces;
  r->spaces = 0;
}

static void text(render *r, const char *s, uint32_t len, uint32_t width) {
  flush(r);
  lc_sb_putn(r->out, s, len);
  r->col += (int)width;
  r->line_has_text = r->wrote = true;
}

static void newline(render *r, int indent, bool blank) {
  if (!r->wrote) return;
  r->nl = true;
  r->blank |= blank;
  r->nl_indent = indent;
  r->spaces = 0;
  r->line_has_text = false;
}

/* Lines after the first keep their indentation relative to the first line's column. */
static void raw(render *r, const doc *d) {
  int shift = column(r) - (int)d->src_col;
  const char *end = d->s + d->len;
  const char *eol = memchr(d->s, '\n', d->len);
  uint32_t n = (uint32_t)(eol - d->s);
  if (n && d->s[n - 1] == '\r') n--;
  text(r, d->s, n, doc_str_width(d->s, n));
  while (eol) {
    const char *s = eol + 1;
    eol = memchr(s, '\n', (size_t)(end - s));
    const char *stop = eol ? eol : end;
    int lead = 0;
    while (s < stop && (*s == ' ' || *s == '\t')) { s++; lead++; }
    uint32_t len = (uint32_t)(stop - s);
    if (len && s[len - 1] == '\r') len--;
    lc_sb_putc(r->out, '\n');
    r->col = 0;
    if (!len) continue;
    int at = lead + shift > 0 ? lead + shift : 0;
    put_spaces(r->out, at);
    lc_sb_putn(r->out, s, len);
    r->col = at + (int)doc_str_width(s, len);
  }
}

/* Whether d, printed flat from here, and what follows it up to the next line break fit in rem
 * columns. `rest` is the main stack: the commands that print after d. */
static bool fits(render *r, const doc *d, int rem) {
  stack *p = &r->probe;
  p->n = 0;
  push(p, 0, true, d, 0);
  uint32_t rest = r->main.n;
  while (rem >= 0) {
    if (!p->n) {
      if (!rest) return true;
      cmd c = r->main.items[--rest];
      push(p, c.indent, c.flat, c.d, c.from);
    }
    cmd c = p->items[--p->n];
    const doc *x = c.d;
    switch (x->kind) {
    case DOC_TEXT: rem -= (int)x->width; break;
    case DOC_LINE:
      if (!c.flat) return true;
      rem -= 1;
      break;
    case DOC_RAW: case DOC_HARD: case DOC_BLANK: case DOC_COMMENT: return !c.flat;
    case DOC_CAT: case DOC_FILL:
      for (uint32_t i = x->kids.n; i > c.from; i--) push(p, 0, c.flat, x->kids.items[i - 1], 0);
      break;
    case DOC_GROUP: push(p, 0, c.flat && x->flat >= 0, x->kid, 0); break;
    case DOC_NEST: case DOC_ALIGN: push(p, 0, c.flat, x->kid, 0); break;
    }
  }
  return false;
}

/* Prettier's fill: an item goes on the current line when it fits there; the separator after it
 * breaks unless the next item fits on the same line too. The last item must also leave room for
 * what follows the fill on its line (`)? from "…"`). */
static void fill(render *r, cmd c) {
  const doc *x = c.d;
  uint32_t i = c.from, n = x->kids.n;
  if (i >= n) return;
  const doc *item = x->kids.items[i];
  int rem = r->width - column(r);
  bool item_fits = item->flat >= 0 && (i + 1 >= n ? fits(r, item, rem) : item->flat <= rem);
  if (i + 2 < n) {
    const doc *sep = x->kids.items[i + 1], *next = x->kids.items[i + 2];
    int after = rem - item->flat - sep->flat;
    bool pair_fits = item_fits && sep->flat >= 0 && next->flat >= 0 &&
                     (i + 3 >= n ? fits(r, next, after) : next->flat <= after);
    push(&r->main, c.indent, false, x, i + 2);
    push(&r->main, c.indent, pair_fits, sep, 0);
  }
  push(&r->main, c.indent, item_fits, item, 0);
}

static void comment(render *r, const doc *d, int indent) {
  if (r->line_has_text && !r->nl) {
    if (d->trailing) r->spaces = 2;
    else newline(r, indent, false);
  }
  text(r, d->s, d->len, d->width);
  newline(r, indent, false);
}

void doc_render(const doc *d, int width, lc_sb *out) {
  render r = {.out = out, .width = width};
  push(&r.main, 0, false, d, 0);
  while (r.main.n) {
    cmd c = r.main.items[--r.main.n];
    const doc *x = c.d;
    switch (x->kind) {
    case DOC_TEXT: text(&r, x->s, x->len, x->width); break;
    case DOC_RAW: raw(&r, x); break;
    case DOC_LINE:
      if (c.flat) r.spaces++;
      else newline(&r, c.indent, false);
      break;
    case DOC_HARD: newline(&r, c.indent, false); break;
    case DOC_BLANK: newline(&r, c.indent, true); break;
    case DOC_COMMENT: comment(&r, x, c.indent); break;
    case DOC_CAT:
      for (uint32_t i = x->kids.n; i > 0; i--) push(&r.main, c.indent, c.flat, x->kids.items[i - 1], 0);
      break;
    case DOC_FILL:
      if (c.flat) {
        for (uint32_t i = x->kids.n; i > 0; i--) push(&r.main, c.indent, true, x->kids.items[i - 1], 0);
      } else {
        fill(&r, c);
      }
      break;
    case DOC_GROUP: {
      bool flat = c.flat || (x->flat >= 0 && fits(&r, x->kid, r.width - column(&r)));
      push(&r.main, c.indent, flat, x->kid, 0);
      break;
    }
    case DOC_NEST: push(&r.main, c.indent + x->nest, c.flat, x->kid, 0); break;
    case DOC_ALIGN: push(&r.main, column(&r), c.flat, x->kid, 0); break;
    }
  }
  if (r.wrote) lc_sb_putc(out, '\n');
  free(r.main.items);
  free(r.probe.items);
}
