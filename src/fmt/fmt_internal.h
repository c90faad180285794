/* Shared state of the formatter's passes: the source being formatted, its comments in file
 * order with a cursor, and the end of the last piece of source placed in the output (for blank
 * lines). The syntax tree is walked in source order, and before each piece of it is placed,
 * every comment that came before it in the file is placed first: that is how comments stay where
 * they were without the tree having to hold them. */
#ifndef LEADC_FMT_FMT_INTERNAL_H
#define LEADC_FMT_FMT_INTERNAL_H

#include "fmt/doc.h"
#include "front/ast.h"

enum { FMT_WIDTH = 100, FMT_INDENT = 2 };

typedef struct fmt_comment {
  uint32_t start, end;       /* "# …" without trailing white space */
  bool own_line;             /* only white space before it on its line */
} fmt_comment;

typedef struct fmt_ctx {
  lc_arena *a;
  const char *src;
  uint32_t len;
  fmt_comment *comments;
  uint32_t ncomments, next;  /* comments[next…] are still to be placed */
  uint32_t last_end;
} fmt_ctx;

/* ---- comments.c */
void fmt_ctx_init(fmt_ctx *f, lc_arena *a, const char *src, uint32_t len, const lc_vec *comment_spans);
/* The next comment that starts before offset, taken off the list; NULL when there is none. */
const fmt_comment *fmt_take_comment(fmt_ctx *f, uint32_t offset);
/* The next comment when it is on the same line as offset `end`, after it; NULL otherwise. */
const fmt_comment *fmt_take_trailing(fmt_ctx *f, uint32_t end);
/* Every comment before offset, as documents placed inside a construct (NULL when none). */
doc *fmt_comments_before(fmt_ctx *f, uint32_t offset);
doc *fmt_comment_doc(fmt_ctx *f, const fmt_comment *c, bool trailing);
/* Whether the source has an empty line between the last piece placed and offset. */
bool fmt_blank_before(const fmt_ctx *f, uint32_t offset);
/* The source text of a span, as one line of text. */
doc *fmt_src(fmt_ctx *f, lc_span sp);
/* 0-based column of offset on its line, in code points. */
uint32_t fmt_column(const fmt_ctx *f, uint32_t offset);

/* ---- expr.c */
doc *fmt_expr(fmt_ctx *f, const ast_expr *e);
doc *fmt_type(fmt_ctx *f, const ast_type *t);
/* `KW COND`, with COND's line breaks indented under KW: "when …", "where …". */
doc *fmt_clause(fmt_ctx *f, const char *kw, const ast_expr *cond);
/* Items separated by ", ", packed onto lines: enum members, list items, arguments, names. A
 * comment before an item goes on the line above it, unless it trailed the previous item in the
 * source: then it stays after that item's comma. */
typedef struct fmt_item { doc *pre, *d, *post; } fmt_item;
fmt_item *fmt_items(fmt_ctx *f, uint32_t n);
/* Takes the comments before `start`, the start of item i, into items[i].pre / items[i - 1].post. */
void fmt_item_comments(fmt_ctx *f, fmt_item *items, uint32_t i, uint32_t start);
doc *fmt_comma_fill(fmt_ctx *f, const fmt_item *items, uint32_t n);

/* ---- block.c: the lines of one block (the file, or the inside of `{ … }`), aligned */
enum { FMT_MAX_CELLS = 8 };

/* Rows of the same kind on consecutive lines are aligned in columns. */
typedef enum fmt_row_kind {
  ROW_ALONE, ROW_IMPORT, ROW_CONST, ROW_FIELD, ROW_RULE, ROW_TIER,
} fmt_row_kind;

typedef struct fmt_line {
  bool blank_before;
  fmt_row_kind kind;
  const fmt_comment *note;   /* a comment on a line of its own; no cells */
  doc *cells[FMT_MAX_CELLS];
  uint32_t ncells;
  const fmt_comment *comment;   /* the trailing comment */
} fmt_line;

typedef struct fmt_block {
  lc_vec lines;              /* fmt_line* */
  uint32_t indent;           /* columns, for the width check of aligned rows */
} fmt_block;

/* Starts a row for source beginning at `start`, placing the comments before it first. */
fmt_line *fmt_row(fmt_ctx *f, fmt_block *b, uint32_t start, fmt_row_kind kind);
void fmt_cell(fmt_ctx *f, fmt_line *l, doc *d);
/* Ends the row whose source ends at `end`; takes a comment after it on the same line. */
void fmt_row_end(fmt_ctx *f, fmt_line *l, uint32_t end);
/* Places the remaining comments before offset (the end of the block) as lines of their own. */
void fmt_block_comments(fmt_ctx *f, fmt_block *b, uint32_t offset);
/* The block's lines with alignment applied, separated by line breaks; NULL when empty. */
doc *fmt_block_doc(fmt_ctx *f, const fmt_block *b);

/* ---- decl.c */
doc *fmt_module_doc(fmt_ctx *f, const ast_module *m);

#endif
