/* `leadc fmt`: the canonical layout of a rule file. Formatting works on the syntax alone (a model
 * with type errors can be formatted; one with syntax errors cannot), keeps every comment, and is
 * idempotent: formatting formatted text changes nothing. It never changes meaning: the result is
 * parsed again and must give the same tree and the same comments, or nothing is produced. */
#ifndef LEADC_FMT_FMT_H
#define LEADC_FMT_FMT_H

#include <stdbool.h>
#include "front/ast.h"
#include "front/diag.h"
#include "util/strbuf.h"

typedef enum lc_fmt_status {
  LC_FMT_OK,
  LC_FMT_INVALID,      /* lexical or syntax errors, reported to diags; out is untouched */
  LC_FMT_BUG,          /* the layout would not read back as the same model; out is untouched */
} lc_fmt_status;

/* Formats file `file` of src, appending the formatted text to out. Allocates from a. */
lc_fmt_status lc_fmt_file(lc_sources *src, uint32_t file, lc_arena *a, lc_diags *diags, lc_sb *out);

/* Whether two trees are the same model text, ignoring positions and layout; the same for two
 * expressions (either may be NULL). `leadc diff` compares versions of a model with these. */
bool lc_fmt_same_tree(const ast_module *a, const ast_module *b);
bool lc_fmt_same_expr(const ast_expr *a, const ast_expr *b);

/* An expression in canonical layout on one line, e.g. `score >= 50 or fit >= 30`. */
const char *lc_fmt_expr_text(lc_arena *a, const lc_sources *src, const ast_expr *e);

#endif
