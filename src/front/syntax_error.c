/* Syntax errors in plain words: "expected `then` or an operator, found `+5`". The parser hands
 * over the tokens it could have accepted (with expression starters and operators already folded
 * into one phrase each); the offending token is quoted from the source as written. */
#include <string.h>

#include "front/parse_ctx.h"
#include "util/strbuf.h"

/* Token names come from the grammar: aliases such as "then", character literals such as "'('",
 * and descriptions such as "a name" that are already phrases. */
static void put_name(lc_sb *sb, const char *name) {
  size_t n = strlen(name);
  if (n == 3 && name[0] == '\'') lc_sb_printf(sb, "`%c`", name[1]);
  else if (!strncmp(name, "a ", 2) || !strncmp(name, "an ", 3) || !strcmp(name, "end of file")) lc_sb_puts(sb, name);
  else lc_sb_printf(sb, "`%s`", name);
}

/* The offending token as written, cut at the line's end and kept short. */
static void put_found(lc_sb *sb, const lc_parse_ctx *x, lc_span at, bool at_eof) {
  if (at_eof || at.start >= x->len) { lc_sb_puts(sb, "the end of the file"); return; }
  if (x->text[at.start] == '{' && at.end - at.start > 1) { lc_sb_puts(sb, "a JSON object"); return; }
  uint32_t end = at.end, cut = at.start;
  while (cut < end && x->text[cut] != '\n' && cut - at.start < 32) cut++;
  while (cut < x->len && cut > at.start && ((unsigned char)x->text[cut] & 0xC0) == 0x80) cut--;
  lc_sb_printf(sb, "`%.*s%s`", (int)(cut - at.start), x->text + at.start, cut < end ? "…" : "");
}

void lc_syntax_error(lc_parse_ctx *x, lc_span at, bool at_eof, const lc_expected *exp) {
  if (!at_eof && at.start == x->quiet_at) return;   /* follows a character already reported */
  lc_sb sb = {0};
  if (exp->n) lc_sb_puts(&sb, "expected ");
  for (uint32_t i = 0; i < exp->n; i++) {
    if (i) lc_sb_puts(&sb, i + 1 == exp->n ? " or " : ", ");
    put_name(&sb, exp->names[i]);
  }
  lc_sb_puts(&sb, exp->n ? ", found " : "unexpected ");
  put_found(&sb, x, at, at_eof);
  lc_report(x->diags, LC_E0101, at, "%s", lc_sb_cstr(&sb));
  lc_sb_free(&sb);
}
