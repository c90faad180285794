/* Layout documents for the formatter, in the style of Wadler's "prettier printer": text, places
 * where a line may break, and groups that are printed on one line when they fit the width and
 * broken at every one of their line places when they do not. The formatter builds a document
 * for a file once and renders it once, so every layout decision is made the same way, which is
 * what keeps formatting idempotent.
 *
 * Indentation is relative: NEST adds to the current indentation, ALIGN sets it to the column
 * where the ALIGN starts (continuation lines inside parentheses line up after the `(`). FILL
 * packs items onto lines and breaks only before an item that would not fit. Comments are their
 * own node: a trailing comment ends its line, an own-line comment gets a line to itself, and
 * either forces every enclosing group to break. Nodes are arena-allocated and immutable. */
#ifndef LEADC_FMT_DOC_H
#define LEADC_FMT_DOC_H

#include <stdbool.h>
#include <stdint.h>
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/vec.h"

typedef enum doc_kind {
  DOC_TEXT,       /* s: one line of text */
  DOC_RAW,        /* s: text that may span lines (a `given` JSON object), re-indented as a block */
  DOC_LINE,       /* a space on one line, a line break in a broken group */
  DOC_HARD,       /* always a line break */
  DOC_BLANK,      /* a line break and one empty line */
  DOC_COMMENT,    /* s: "# …"; trailing (after code on its line) or on a line of its own */
  DOC_CAT,
  DOC_GROUP,
  DOC_NEST,
  DOC_ALIGN,
  DOC_FILL,       /* kids: item, separator (DOC_LINE), item, … */
} doc_kind;

typedef struct doc doc;
struct doc {
  doc_kind kind;
  int flat;               /* the width printed on one line; -1 when it holds a line break that
                             always happens, so no group around it can be flat */
  const char *s;          /* TEXT, RAW, COMMENT */
  uint32_t len;
  uint32_t width;         /* TEXT: in code points */
  uint32_t src_col;       /* RAW: the column its first line had in the source, 0-based */
  bool trailing;          /* COMMENT */
  int nest;               /* NEST */
  doc *kid;               /* GROUP, NEST, ALIGN */
  lc_vec kids;            /* CAT, FILL */
};

doc *doc_text(lc_arena *a, const char *s);
doc *doc_textn(lc_arena *a, const char *s, uint32_t len);
doc *doc_raw(lc_arena *a, const char *s, uint32_t len, uint32_t src_col);
doc *doc_spaces(lc_arena *a, uint32_t n);
doc *doc_line(lc_arena *a);
doc *doc_hard(lc_arena *a);
doc *doc_blank(lc_arena *a);
doc *doc_comment(lc_arena *a, const char *s, uint32_t len, bool trailing);
doc *doc_group(lc_arena *a, doc *kid);
doc *doc_nest(lc_arena *a, int n, doc *kid);
doc *doc_align(lc_arena *a, doc *kid);

/* An empty concatenation (or fill) to append to; doc_add keeps `flat` up to date. NULL kids
 * are skipped, so optional parts can be added unconditionally. */
doc *doc_cat(lc_arena *a);
doc *doc_fill(lc_arena *a);
void doc_add(lc_arena *a, doc *cat, doc *kid);
/* A concatenation of the n documents that follow. */
doc *doc_catv(lc_arena *a, int n, ...);

/* Whether d has a place where a line may break (it can be narrower than its one-line width). */
bool doc_can_break(const doc *d);

/* Renders d starting at column 0 with no indentation, lines at most `width` columns where the
 * text allows; appends to out, ending with a newline. */
void doc_render(const doc *d, int width, lc_sb *out);

/* Code points in s[0..n). */
uint32_t doc_str_width(const char *s, uint32_t n);

#endif
