/* The lines of a block and their alignment. Consecutive rows of the same kind (fields of a
 * record, consts, tiers, one-line rules, imports) with no empty line between them form a run, and
 * a run is laid out as a table: each column as wide as its widest cell, and trailing comments of
 * neighbouring rows in one column. Two exceptions keep tables readable: past the names in the
 * first column (and in every column of one-line rules, whose first column holds descriptions), a
 * cell more than twice as wide as the column's typical (median) cell, and at least 16 wider,
 * sticks out instead of pushing the whole column right; and a row that fits the line width only
 * without padding is not padded, unless it can wrap inside a cell (a long enum), which it then
 * does. Everything here depends only on the cells' text, never on the spacing the source had,
 * so a formatted file formats to itself. */
#include "fmt/fmt_internal.h"

#include <stdlib.h>

fmt_line *fmt_row(fmt_ctx *f, fmt_block *b, uint32_t start, fmt_row_kind kind) {
  fmt_block_comments(f, b, start);
  fmt_line *l = LC_NEW(f->a, fmt_line);
  l->kind = kind;
  l->blank_before = fmt_blank_before(f, start);
  lc_vec_push(f->a, &b->lines, l);
  return l;
}

void fmt_cell(fmt_ctx *f, fmt_line *l, doc *d) {
  if (l->ncells == FMT_MAX_CELLS) {   /* more clauses than columns: the rest share the last cell */
    l->cells[FMT_MAX_CELLS - 1] = doc_catv(f->a, 3, l->cells[FMT_MAX_CELLS - 1], doc_text(f->a, " "), d);
    return;
  }
  l->cells[l->ncells++] = d;
}

void fmt_row_end(fmt_ctx *f, fmt_line *l, uint32_t end) {
  if (end > f->last_end) f->last_end = end;
  l->comment = fmt_take_trailing(f, end);
}

void fmt_block_comments(fmt_ctx *f, fmt_block *b, uint32_t offset) {
  while (f->next < f->ncomments && f->comments[f->next].start < offset) {
    bool blank = fmt_blank_before(f, f->comments[f->next].start);
    const fmt_comment *c = fmt_take_comment(f, offset);
    fmt_line *prev = b->lines.n ? b->lines.items[b->lines.n - 1] : NULL;
    if (!c->own_line && prev && !prev->note && !prev->comment) {
      prev->comment = c;
      continue;
    }
    fmt_line *l = LC_NEW(f->a, fmt_line);
    l->note = c;
    l->blank_before = blank;
    lc_vec_push(f->a, &b->lines, l);
  }
}

static int cmp_int(const void *x, const void *y) { return *(const int *)x - *(const int *)y; }

/* The column width for cells of these widths (see the top of the file); `strict`: the widest,
 * with no cell sticking out. */
static int column_width(const int *widths, uint32_t n, bool strict) {
  if (!n) return 0;
  int *w = malloc(n * sizeof *w);
  if (!w) abort();
  for (uint32_t i = 0; i < n; i++) w[i] = widths[i];
  qsort(w, n, sizeof *w, cmp_int);
  int median = w[(n - 1) / 2];
  int cutoff = strict ? w[n - 1] : 2 * median > median + 16 ? 2 * median : median + 16;
  int best = 0;
  for (uint32_t i = 0; i < n; i++)
    if (w[i] <= cutoff) best = w[i];
  free(w);
  return best;
}

typedef struct row_layout {
  int pad[FMT_MAX_CELLS];
  int width;                 /* on one line with the padding; -1 when it cannot be one line */
} row_layout;

static int row_width(const fmt_line *l, const int *pad) {
  int w = (int)l->ncells - 1;
  for (uint32_t k = 0; k < l->ncells; k++) {
    if (l->cells[k]->flat < 0) return -1;
    w += l->cells[k]->flat + (pad ? pad[k] : 0);
  }
  return w;
}

/* A long list of enum members or values wraps inside its cell and keeps its row in the
 * table; a one-line rule does not wrap (it would no longer be one line). */
static bool wraps(const fmt_line *l) {
  if (l->kind == ROW_RULE) return false;
  for (uint32_t k = 0; k < l->ncells; k++)
    if (doc_can_break(l->cells[k])) return true;
  return false;
}

/* Lines [from, to) are one run: pad the cells into columns. */
static void align_cells(const fmt_block *b, uint32_t from, uint32_t to, row_layout *lay) {
  int *widths = malloc((to - from) * sizeof *widths);
  if (!widths) abort();
  for (uint32_t k = 0; k + 1 < FMT_MAX_CELLS; k++) {
    uint32_t n = 0;
    for (uint32_t i = from; i < to; i++) {
      const fmt_line *l = b->lines.items[i];
      if (!l->note && l->ncells > k + 1 && l->cells[k]->flat >= 0) widths[n++] = l->cells[k]->flat;
    }
    const fmt_line *first = b->lines.items[from];
    int col = column_width(widths, n, k == 0 && first->kind != ROW_RULE);
    for (uint32_t i = from; i < to; i++) {
      const fmt_line *l = b->lines.items[i];
      int w = !l->note && l->ncells > k + 1 ? l->cells[k]->flat : -1;
      lay[i].pad[k] = w >= 0 && w <= col ? col - w : 0;
    }
  }
  free(widths);
  for (uint32_t i = from; i < to; i++) {
    const fmt_line *l = b->lines.items[i];
    if (l->note) continue;
    lay[i].width = row_width(l, lay[i].pad);
    if (lay[i].width >= 0 && (int)b->indent + lay[i].width <= FMT_WIDTH) continue;
    int bare = row_width(l, NULL);
    if (bare >= 0 && (int)b->indent + bare <= FMT_WIDTH && !wraps(l)) {
      for (uint32_t k = 0; k < FMT_MAX_CELLS; k++) lay[i].pad[k] = 0;
      lay[i].width = bare;
    } else {
      lay[i].width = -1;   /* it breaks anyway, so it keeps its place in the columns */
    }
  }
}

/* Trailing comments of neighbouring one-line rows share a column, two spaces after the code. */
static doc **comment_docs(fmt_ctx *f, const fmt_block *b, uint32_t from, uint32_t to, const row_layout *lay) {
  doc **out = LC_NEW_ARRAY(f->a, doc *, to - from);
  int *widths = malloc((to - from) * sizeof *widths);
  if (!widths) abort();
  for (uint32_t i = from; i < to;) {
    const fmt_line *l = b->lines.items[i];
    if (l->note || !l->comment || lay[i].width < 0) {
      if (!l->note && l->comment) out[i - from] = fmt_comment_doc(f, l->comment, true);
      i++;
      continue;
    }
    uint32_t end = i, n = 0;
    for (; end < to; end++) {
      const fmt_line *m = b->lines.items[end];
      if (m->note || !m->comment || lay[end].width < 0) break;
      widths[n++] = lay[end].width;
    }
    int col = column_width(widths, n, false);
    for (; i < end; i++) {
      const fmt_line *m = b->lines.items[i];
      int w = lay[i].width;
      doc *c = fmt_comment_doc(f, m->comment, true);
      out[i - from] = w <= col ? doc_catv(f->a, 2, doc_spaces(f->a, (uint32_t)(col - w + 2)), doc_textn(f->a, c->s, c->len)) : c;
    }
  }
  free(widths);
  return out;
}

static bool joins_run(const fmt_line *first, const fmt_line *l) {
  if (l->blank_before) return false;
  return l->note || (first->kind != ROW_ALONE && l->kind == first->kind);
}

static doc *row_doc(fmt_ctx *f, const fmt_line *l, const row_layout *lay, doc *comment) {
  doc *d = doc_cat(f->a);
  for (uint32_t k = 0; k < l->ncells; k++) {
    if (k) doc_add(f->a, d, doc_spaces(f->a, 1 + (uint32_t)lay->pad[k - 1]));
    doc_add(f->a, d, l->cells[k]);
  }
  doc_add(f->a, d, comment);
  return d;
}

doc *fmt_block_doc(fmt_ctx *f, const fmt_block *b) {
  uint32_t n = b->lines.n;
  if (!n) return NULL;
  row_layout *lay = LC_NEW_ARRAY(f->a, row_layout, n);
  doc **comments = LC_NEW_ARRAY(f->a, doc *, n);
  for (uint32_t i = 0; i < n;) {
    const fmt_line *first = b->lines.items[i];
    uint32_t end = i + 1;
    while (end < n && !first->note && joins_run(first, b->lines.items[end])) end++;
    align_cells(b, i, end, lay);
    doc **c = comment_docs(f, b, i, end, lay);
    for (uint32_t k = i; k < end; k++) comments[k] = c[k - i];
    i = end;
  }
  doc *out = doc_cat(f->a);
  for (uint32_t i = 0; i < n; i++) {
    const fmt_line *l = b->lines.items[i];
    if (i) doc_add(f->a, out, l->blank_before ? doc_blank(f->a) : doc_hard(f->a));
    doc_add(f->a, out, l->note ? fmt_comment_doc(f, l->note, false) : row_doc(f, l, &lay[i], comments[i]));
  }
  return out;
}
