/* Syntax errors in plain words: "expected `then` after the rule's condition, found `rule`". The
 * parser hands over every token it could have accepted, each tagged with its families; long
 * families fold into one phrase ("an expression", "an operator", "a declaration") so the message
 * names what the author most likely meant. The offending token is quoted as written. */
#include <ctype.h>
#include <string.h>

#include "front/parse_ctx.h"
#include "util/strbuf.h"

/* Token names come from the grammar: aliases such as "then", character literals such as "'('",
 * and descriptions such as "a name" that are already phrases. */
static void put_name(lc_sb *sb, const char *name) {
  if (name[0] == '\'' && name[1] && name[2] == '\'') lc_sb_printf(sb, "`%c`", name[1]);
  else if (!strncmp(name, "a ", 2) || !strncmp(name, "an ", 3)) lc_sb_puts(sb, name);
  else lc_sb_printf(sb, "`%s`", name);
}

/* The offending token as written, cut at the line's end and kept short. */
static void put_found(lc_sb *sb, const lc_parse_ctx *x, lc_span at, bool at_eof) {
  if (at_eof || at.start >= x->len) { lc_sb_puts(sb, "the end of the file"); return; }
  if (x->text[at.start] == '{' && at.end - at.start > 1) { lc_sb_puts(sb, "a JSON object"); return; }
  uint32_t end = at.end < x->len ? at.end : x->len, cut = at.start;
  while (cut < end && x->text[cut] != '\n' && cut - at.start < 32) cut++;
  while (cut < end && cut > at.start && ((unsigned char)x->text[cut] & 0xC0) == 0x80) cut--;
  lc_sb_printf(sb, "`%.*s%s`", (int)(cut - at.start), x->text + at.start, cut < end ? "…" : "");
}

/* A word where a name was expected can only be a reserved word. */
static bool is_word(const lc_parse_ctx *x, lc_span at) {
  if (at.start >= at.end || at.end > x->len) return false;
  for (uint32_t i = at.start; i < at.end; i++)
    if (!isalnum((unsigned char)x->text[i]) && x->text[i] != '_') return false;
  return true;
}

void lc_syntax_error(lc_parse_ctx *x, lc_span at, unsigned found_class, const lc_expected *exp) {
  bool at_eof = found_class & LC_TOK_EOF;
  if (at.start == x->quiet_at) return;   /* follows a lexical error already reported */
  uint32_t nexpr = 0, nop = 0, ndecl = 0;
  bool want_name = false, want_close = false;
  for (uint32_t i = 0; i < exp->n; i++) {
    want_close |= !strcmp(exp->names[i], "'}'");
    nexpr += (exp->classes[i] & LC_TOK_EXPR) != 0;
    nop += (exp->classes[i] & LC_TOK_OPERATOR) != 0;
    ndecl += (exp->classes[i] & LC_TOK_DECL) != 0;
    want_name |= !strcmp(exp->names[i], "a name");
  }
  unsigned folded = (nexpr >= 5 ? LC_TOK_EXPR : 0) | (nop >= 8 ? LC_TOK_OPERATOR : 0) |
                    (ndecl >= 6 ? LC_TOK_DECL | LC_TOK_EOF : 0);
  const char *names[LC_EXPECTED_MAX + 3];
  uint32_t n = 0;
  for (uint32_t i = 0; i < exp->n; i++)
    if (!(exp->classes[i] & folded)) names[n++] = exp->names[i];
  bool only_then = n == 1 && !strcmp(names[0], "then");
  if (folded & LC_TOK_EXPR) names[n++] = "an expression";
  if (folded & LC_TOK_OPERATOR) names[n++] = "an operator";
  if (folded & LC_TOK_DECL) names[n++] = "a declaration";

  lc_sb sb = {0};
  if (n) lc_sb_puts(&sb, "expected ");
  for (uint32_t i = 0; i < n; i++) {
    if (i) lc_sb_puts(&sb, i + 1 == n ? " or " : ", ");
    put_name(&sb, names[i]);
    if (i == 0 && only_then) lc_sb_puts(&sb, " after the rule's condition");
  }
  lc_sb_puts(&sb, n ? ", found " : "unexpected ");
  put_found(&sb, x, at, at_eof);
  lc_diag *g = lc_report(x->diags, LC_E0101, at, "%s", lc_sb_cstr(&sb));
  lc_sb_free(&sb);

  /* A declaration keyword where a name was expected more likely means something is missing. */
  if (want_close && (found_class & (LC_TOK_DECL | LC_TOK_EOF)))
    lc_diag_help(x->diags, g, "is the closing `}` of the block above missing?");
  else if (want_name && !(found_class & (LC_TOK_EOF | LC_TOK_DECL)) && is_word(x, at))
    lc_diag_help(x->diags, g, "`%.*s` is a reserved word and cannot name anything; for a field, pick another name "
                 "and map it with `from \"%.*s\"`", (int)(at.end - at.start), x->text + at.start,
                 (int)(at.end - at.start), x->text + at.start);
  else if (at.end == at.start + 1 && at.end <= x->len && x->text[at.start] == '=')
    lc_diag_help(x->diags, g, "to compare, write `==`");
  else if ((found_class & LC_TOK_OPERATOR) && !nop && !(found_class & LC_TOK_EXPR))
    lc_diag_help(x->diags, g, "comparisons and tests do not chain: write `a < b and b < c`");
  else if (folded & LC_TOK_DECL)
    lc_diag_help(x->diags, g, "a declaration starts with model, version, score range, import, input, record, "
                 "const, def, rule, group, tier or test");
}
