/* State shared by the generated scanner (its "extra" data), the generated parser (its parse
 * parameter) and the helpers in lex.c and syntax_error.c. Private to the front end's parser. */
#ifndef LEADC_FRONT_PARSE_CTX_H
#define LEADC_FRONT_PARSE_CTX_H

#include "front/ast_build.h"

typedef struct lc_parse_ctx {
  ast_builder b;
  lc_diags *diags;
  lc_arena *arena;
  uint32_t file;
  const char *text;         /* the whole file, as held by lc_sources */
  uint32_t len;
  ast_module *module;
  lc_vec *comments;         /* when set, every comment's span (lc_span*), for the formatter */

  /* scanner state */
  uint32_t pos;             /* byte offset just after the text matched so far */
  uint32_t tok_start;       /* start of a token scanned by several rules (regex, JSON) */
  int last_tok;             /* previous token returned, to tell `/` (divide) from a regex */
  uint32_t json_depth;
  bool re_in_class;         /* inside [...] of a regex, where `/` does not end it */
  bool skipped_char;        /* a character was dropped with E0005 since the last token */
  uint32_t quiet_at;        /* no syntax error is reported at a token starting here */
} lc_parse_ctx;

/* lex.c: the parts of scanning that are plain C, called from the lexer's actions. Each one
 * reports its own diagnostics and still produces a usable value, so parsing goes on unharmed. */
bool lc_lex_is_operand_end(int tok);
ast_str_lit *lc_lex_string(lc_parse_ctx *x, uint32_t start, uint32_t end, bool terminated);
/* Returns TK_NUMBER or TK_DURATION and sets *num or *us. */
int lc_lex_number(lc_parse_ctx *x, uint32_t start, uint32_t end, double *num, int64_t *us);
int64_t lc_lex_time(lc_parse_ctx *x, uint32_t start, uint32_t end);
ast_regex_lit lc_lex_regex(lc_parse_ctx *x, uint32_t start, uint32_t end, bool terminated);
ast_str_lit *lc_lex_json(lc_parse_ctx *x, uint32_t start, uint32_t end);
void lc_lex_comment(lc_parse_ctx *x, uint32_t start, uint32_t end);
void lc_lex_unexpected(lc_parse_ctx *x, uint32_t start, uint32_t end);
/* Reports every invalid UTF-8 sequence of the file once (E0004). */
void lc_lex_check_utf8(lc_parse_ctx *x);

/* syntax_error.c: turns what the parser expected into a sentence. Names are the grammar's token
 * names ("then", "'('", "a name"); classes say which families a token belongs to, so that a long
 * list folds into "an expression", "an operator" or "a declaration". */
enum {
  LC_TOK_EXPR = 1, LC_TOK_OPERATOR = 2, LC_TOK_DECL = 4, LC_TOK_RULE = 8, LC_TOK_EOF = 16,
  LC_EXPECTED_MAX = 128
};
typedef struct lc_expected {
  const char *names[LC_EXPECTED_MAX];
  unsigned classes[LC_EXPECTED_MAX];
  uint32_t n;
} lc_expected;
/* found_class: the families of the offending token (LC_TOK_EOF at the end of the file). */
void lc_syntax_error(lc_parse_ctx *x, lc_span at, unsigned found_class, const lc_expected *exp);

#endif
