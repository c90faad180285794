/* Coverage as text for people and as LCOV for CI tools (genhtml, Codecov, coverage gutters in
 * editors). In LCOV a rule or tier is a "function" and a "line" whose count is the number of
 * tests it fired in / ended in; each condition of an and/or is a block of two branches, taken
 * when some test saw it true (branch 0) and false (branch 1), `-` when no test evaluated it. */
#include "cover/cover.h"

#include <inttypes.h>

#include "backend/interp.h"

static const char *path_of(const lc_cover *c, lc_span sp) {
  const lc_source *s = lc_sources_get(c->src, sp.file);
  return s ? s->path : "";
}

static const char *missed(const lc_cover_item *it) {
  switch (it->kind) {
  case LC_COVER_RULE: return it->hits ? NULL : "never fired";
  case LC_COVER_TIER: return it->hits ? NULL : "no test ends in this tier";
  case LC_COVER_BRANCH:
    if (!it->seen) return "never evaluated";
    if (!(it->seen & LC_SEEN_TRUE)) return "never true";
    if (!(it->seen & LC_SEEN_FALSE)) return "never false";
    return NULL;
  }
  return NULL;
}

void lc_cover_text(const lc_cover *c, const char *model_path, lc_sb *out) {
  lc_cover_totals t = lc_cover_totals_of(c);
  lc_sb_printf(out, "coverage of %s (%" PRIu32 " scored test%s): %.1f%%\n", model_path, c->tests, c->tests == 1 ? "" : "s",
               lc_cover_percent(&t));
  lc_sb_printf(out, "  rules fired %" PRIu32 " of %" PRIu32 ", tiers reached %" PRIu32 " of %" PRIu32
               ", condition branches taken %" PRIu32 " of %" PRIu32 "\n",
               t.rules_hit, t.rules, t.tiers_hit, t.tiers, t.branches_hit, t.branches);
  for (uint32_t i = 0; i < c->items.n; i++) {
    const lc_cover_item *it = c->items.items[i];
    const char *why = missed(it);
    if (!why) continue;
    lc_pos p = lc_sources_pos(c->src, it->span.file, it->span.start);
    lc_sb_printf(out, "  %s:%" PRIu32 ":%" PRIu32 ": ", path_of(c, it->span), p.line, p.col);
    if (it->kind == LC_COVER_BRANCH) lc_sb_printf(out, "`%s` in %s: %s\n", it->name, it->owner, why);
    else lc_sb_printf(out, "%s %s: %s\n", it->kind == LC_COVER_RULE ? "rule" : "tier", it->name, why);
  }
}

static uint32_t line_of(const lc_cover *c, const lc_cover_item *it) {
  return lc_sources_pos(c->src, it->span.file, it->span.start).line;
}

/* Items [from, to) all belong to one file. */
static void lcov_file(const lc_cover *c, uint32_t from, uint32_t to, lc_sb *out) {
  lc_sb_printf(out, "TN:\nSF:%s\n", path_of(c, ((lc_cover_item *)c->items.items[from])->span));
  uint32_t fns = 0, fns_hit = 0, brs = 0, brs_hit = 0, block = 0;
  for (uint32_t i = from; i < to; i++) {
    const lc_cover_item *it = c->items.items[i];
    if (it->kind == LC_COVER_BRANCH) continue;
    const char *kind = it->kind == LC_COVER_RULE ? "rule" : "tier";
    lc_sb_printf(out, "FN:%" PRIu32 ",%s.%s\nFNDA:%" PRIu32 ",%s.%s\n", line_of(c, it), kind, it->name, it->hits, kind,
                 it->name);
    fns++;
    fns_hit += it->hits > 0;
  }
  lc_sb_printf(out, "FNF:%" PRIu32 "\nFNH:%" PRIu32 "\n", fns, fns_hit);
  for (uint32_t i = from; i < to; i++) {
    const lc_cover_item *it = c->items.items[i];
    if (it->kind != LC_COVER_BRANCH) continue;
    uint32_t line = line_of(c, it);
    for (int b = 0; b < 2; b++) {
      uint8_t bit = b ? LC_SEEN_FALSE : LC_SEEN_TRUE;
      if (!it->seen) lc_sb_printf(out, "BRDA:%" PRIu32 ",%" PRIu32 ",%d,-\n", line, block, b);
      else lc_sb_printf(out, "BRDA:%" PRIu32 ",%" PRIu32 ",%d,%d\n", line, block, b, (it->seen & bit) != 0);
      brs++;
      brs_hit += (it->seen & bit) != 0;
    }
    block++;
  }
  lc_sb_printf(out, "BRF:%" PRIu32 "\nBRH:%" PRIu32 "\n", brs, brs_hit);
  uint32_t lines = 0, lines_hit = 0;
  for (uint32_t i = from; i < to; i++) {
    const lc_cover_item *it = c->items.items[i];
    if (it->kind == LC_COVER_BRANCH) continue;
    lc_sb_printf(out, "DA:%" PRIu32 ",%" PRIu32 "\n", line_of(c, it), it->hits);
    lines++;
    lines_hit += it->hits > 0;
  }
  lc_sb_printf(out, "LF:%" PRIu32 "\nLH:%" PRIu32 "\nend_of_record\n", lines, lines_hit);
}

void lc_cover_lcov(const lc_cover *c, lc_sb *out) {
  for (uint32_t i = 0; i < c->items.n;) {
    uint32_t file = ((lc_cover_item *)c->items.items[i])->span.file, end = i;
    while (end < c->items.n && ((lc_cover_item *)c->items.items[end])->span.file == file) end++;
    lcov_file(c, i, end, out);
    i = end;
  }
}
