/* The front end's entry point: one source file in, one syntax tree out. */
#ifndef LEADC_FRONT_PARSE_H
#define LEADC_FRONT_PARSE_H

#include "front/ast.h"
#include "front/diag.h"

/* Parses file `file` of src. Every lexical and syntax error is reported to diags; the module is
 * returned even then, holding every declaration that parsed, so later passes can still report
 * on the rest. All nodes live in arena. */
ast_module *lc_parse(lc_sources *src, uint32_t file, lc_arena *arena, lc_diags *diags);

/* The same, also collecting the span (lc_span*) of every comment into comments, in file order.
 * The tree has no place for comments; the formatter interleaves them by byte offset. */
ast_module *lc_parse_with_comments(lc_sources *src, uint32_t file, lc_arena *arena, lc_diags *diags,
                                   lc_vec *comments);

#endif
