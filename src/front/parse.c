/* Runs the generated scanner and parser over one file held by lc_sources. The scanner reads the
 * file's bytes directly; UTF-8 is validated once up front so that each bad sequence is reported
 * exactly once, wherever it sits (strings, comments, regexes or code). */
#include "front/parse.h"

#include <limits.h>

#include "front/parse_ctx.h"
#include "parser.h"
#include "lexer.h"

static ast_module *parse(lc_sources *src, uint32_t file, lc_arena *arena, lc_diags *diags, lc_vec *comments) {
  ast_module *m = LC_NEW(arena, ast_module);
  m->file = file;
  const lc_source *f = lc_sources_get(src, file);
  if (!f) return m;
  if (f->len > INT_MAX) {
    lc_report(diags, LC_E0405, (lc_span){file, 0, 0}, "%s is too large to compile", f->path);
    return m;
  }
  lc_parse_ctx x = {
    .b = {arena, diags}, .diags = diags, .arena = arena, .file = file,
    .text = f->text, .len = f->len, .module = m, .comments = comments, .quiet_at = UINT32_MAX,
  };
  lc_lex_check_utf8(&x);
  yyscan_t scanner;
  if (yylex_init_extra(&x, &scanner)) {
    lc_report(diags, LC_E0405, (lc_span){file, 0, 0}, "out of memory while reading %s", f->path);
    return m;
  }
  YY_BUFFER_STATE buf = yy_scan_bytes(f->text, (int)f->len, scanner);
  yyparse(scanner, &x);
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  return m;
}

ast_module *lc_parse(lc_sources *src, uint32_t file, lc_arena *arena, lc_diags *diags) {
  return parse(src, file, arena, diags, NULL);
}

ast_module *lc_parse_with_comments(lc_sources *src, uint32_t file, lc_arena *arena, lc_diags *diags,
                                   lc_vec *comments) {
  return parse(src, file, arena, diags, comments);
}
