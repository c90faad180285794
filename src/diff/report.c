/* The `leadc diff` report for people: text for a terminal and markdown to post as a
 * pull-request comment, from the same sections: the two versions, what changed in the model, and
 * with records: the tier transition matrix (rows old, columns new; "(no tier)" only when some
 * record had none), leads that changed tier, the score delta distribution, rules whose fire rate
 * changed, and the records that moved most. Deltas, means and scores print like scores (2
 * decimals, trailing zeros dropped). JSON is report_json.c, HTML html.c. */
#include "diff/diff_internal.h"

#include <inttypes.h>
#include <string.h>

#include "fmt/doc.h"

typedef struct rctx {
  const lc_diff_report *r;
  const lc_diff *d;
  lc_diff_format fmt;
  lc_sb *out;
  lc_arena a;
} rctx;

/* ---- numbers */

static const char *str_of(rctx *c, void (*put)(lc_sb *, double), double v) {
  lc_sb sb = {0};
  put(&sb, v);
  const char *s = lc_arena_strdup(&c->a, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  return s;
}

static const char *plural(uint64_t n) { return n == 1 ? "" : "s"; }

static double pct(uint64_t part, uint64_t whole) { return whole ? 100.0 * (double)part / (double)whole : 0; }

/* ---- tables, for text and markdown */

typedef struct table {
  uint32_t ncols, nrows;
  const char **cells;        /* row-major, nrows * ncols; row 0 is the header */
  bool *right;               /* per column: numbers align right */
  bool *code;                /* per column, markdown: in backticks */
} table;

static table *table_new(rctx *c, uint32_t ncols, uint32_t max_rows) {
  table *t = LC_NEW(&c->a, table);
  t->ncols = ncols;
  t->cells = LC_NEW_ARRAY(&c->a, const char *, (size_t)ncols * (max_rows + 1));
  t->right = LC_NEW_ARRAY(&c->a, bool, ncols);
  t->code = LC_NEW_ARRAY(&c->a, bool, ncols);
  return t;
}

static const char **table_row(table *t) { return &t->cells[(size_t)t->nrows++ * t->ncols]; }

static void md_cell(lc_sb *sb, const char *s, bool code) {
  bool tick = code && strchr(s, '`');
  if (code) lc_sb_puts(sb, tick ? "`` " : "`");
  for (; *s; s++) {
    if (*s == '|') lc_sb_putc(sb, '\\');
    lc_sb_putc(sb, *s);
  }
  if (code) lc_sb_puts(sb, tick ? " ``" : "`");
}

static void table_render(rctx *c, const table *t) {
  lc_sb *sb = c->out;
  if (c->fmt == LC_DIFF_MARKDOWN) {
    for (uint32_t r = 0; r < t->nrows; r++) {
      for (uint32_t k = 0; k < t->ncols; k++) {
        lc_sb_puts(sb, "| ");
        md_cell(sb, t->cells[r * t->ncols + k], r && t->code[k] && *t->cells[r * t->ncols + k]);
        lc_sb_putc(sb, ' ');
      }
      lc_sb_puts(sb, "|\n");
      if (r) continue;
      for (uint32_t k = 0; k < t->ncols; k++) lc_sb_puts(sb, t->right[k] ? "|---:" : "|---");
      lc_sb_puts(sb, "|\n");
    }
    return;
  }
  uint32_t *w = LC_NEW_ARRAY(&c->a, uint32_t, t->ncols);
  for (uint32_t r = 0; r < t->nrows; r++)
    for (uint32_t k = 0; k < t->ncols; k++) {
      const char *s = t->cells[r * t->ncols + k];
      uint32_t n = doc_str_width(s, (uint32_t)strlen(s));
      if (n > w[k]) w[k] = n;
    }
  for (uint32_t r = 0; r < t->nrows; r++) {
    size_t line = sb->len;
    for (uint32_t k = 0; k < t->ncols; k++) {
      const char *s = t->cells[r * t->ncols + k];
      uint32_t pad = w[k] - doc_str_width(s, (uint32_t)strlen(s));
      lc_sb_puts(sb, "  ");
      if (t->right[k]) for (uint32_t i = 0; i < pad; i++) lc_sb_putc(sb, ' ');
      lc_sb_puts(sb, s);
      if (!t->right[k]) for (uint32_t i = 0; i < pad; i++) lc_sb_putc(sb, ' ');
    }
    while (sb->len > line && sb->buf[sb->len - 1] == ' ') sb->len--;
    lc_sb_putc(sb, '\n');
  }
}

/* ---- pieces */

/* What changed, as a noun for the thing and a verb for the change: "rule" + "re-weighted". */
static const char *const change_nouns[] = {
  [LC_CH_VERSION] = "version", [LC_CH_RANGE] = "score range",
  [LC_CH_FIELD_ADDED] = "field", [LC_CH_FIELD_REMOVED] = "field", [LC_CH_FIELD_TYPE] = "field",
  [LC_CH_CONST] = "const", [LC_CH_DEF] = "def",
  [LC_CH_GROUP_ADDED] = "group", [LC_CH_GROUP_REMOVED] = "group", [LC_CH_GROUP_LIMITS] = "group",
  [LC_CH_RULE_ADDED] = "rule", [LC_CH_RULE_REMOVED] = "rule", [LC_CH_RULE_POINTS] = "rule",
  [LC_CH_RULE_CONDITION] = "rule", [LC_CH_RULE_DECAY] = "rule", [LC_CH_RULE_LIMITS] = "rule", [LC_CH_RULE_GROUP] = "rule",
  [LC_CH_TIER_ADDED] = "tier", [LC_CH_TIER_REMOVED] = "tier", [LC_CH_TIER_MOVED] = "tier", [LC_CH_TIER_CONDITION] = "tier",
};

static const char *const change_verbs[] = {
  [LC_CH_VERSION] = "", [LC_CH_RANGE] = "",
  [LC_CH_FIELD_ADDED] = "added", [LC_CH_FIELD_REMOVED] = "removed", [LC_CH_FIELD_TYPE] = "type",
  [LC_CH_CONST] = "value", [LC_CH_DEF] = "body",
  [LC_CH_GROUP_ADDED] = "added", [LC_CH_GROUP_REMOVED] = "removed", [LC_CH_GROUP_LIMITS] = "cap/floor",
  [LC_CH_RULE_ADDED] = "added", [LC_CH_RULE_REMOVED] = "removed", [LC_CH_RULE_POINTS] = "re-weighted",
  [LC_CH_RULE_CONDITION] = "condition", [LC_CH_RULE_DECAY] = "decay", [LC_CH_RULE_LIMITS] = "cap/floor",
  [LC_CH_RULE_GROUP] = "group",
  [LC_CH_TIER_ADDED] = "added", [LC_CH_TIER_REMOVED] = "removed", [LC_CH_TIER_MOVED] = "moved",
  [LC_CH_TIER_CONDITION] = "condition",
};

static const char *model_label(rctx *c, const lc_program *p) {
  if (!p->model_name) return "(module)";
  return p->version ? lc_arena_printf(&c->a, "%s %s", p->model_name, p->version) : p->model_name;
}

static const char *tier_name(const lc_plan *p, uint32_t i) { return i < p->ntiers ? p->tiers[i].name : "(no tier)"; }

static const char *count_rate(rctx *c, int64_t count, uint64_t n) {
  if (count < 0) return "-";
  return lc_arena_printf(&c->a, "%" PRId64 " (%.1f%%)", count, pct((uint64_t)count, n));
}

static const char *fire_change(rctx *c, const lc_fire_row *f) {
  if (f->old < 0) return "added";
  if (f->new < 0) return "removed";
  return lc_arena_printf(&c->a, "%+" PRId64 " (%+.1f pp)", f->new - f->old,
                         pct((uint64_t)f->new, c->d->n) - pct((uint64_t)f->old, c->d->n));
}

static const char *moved_id(rctx *c, const lc_moved *m) {
  if (m->has_key) return m->key;
  return lc_arena_printf(&c->a, "%s:%" PRIu64, m->input ? m->input : "", m->line);
}

static bool has_no_tier(const lc_diff *d, bool old_side) {
  uint32_t cols = d->new->ntiers + 1;
  for (uint32_t i = 0; i < (old_side ? cols : d->old->ntiers + 1); i++) {
    uint64_t v = old_side ? d->matrix[(size_t)d->old->ntiers * cols + i] : d->matrix[(size_t)i * cols + d->new->ntiers];
    if (v) return true;
  }
  return false;
}

/* ---- text and markdown */

static void heading(rctx *c, const char *title) {
  if (c->fmt == LC_DIFF_MARKDOWN) lc_sb_printf(c->out, "\n#### %s\n\n", title);
  else lc_sb_printf(c->out, "\n%s:\n", title);
}

static const char *change_what(rctx *c, const lc_change *x) {
  return x->subject ? lc_arena_printf(&c->a, "%s %s", change_nouns[x->kind], x->subject) : change_nouns[x->kind];
}

/* A const or def added or removed has only one side; so does everything added or removed. */
static const char *change_verb(const lc_change *x) {
  if (!x->before) return "added";
  if (!x->after) return "removed";
  return change_verbs[x->kind];
}

static void changes_section(rctx *c) {
  const lc_vec *ch = c->r->changes;
  heading(c, "Changes to the model");
  if (!ch->n) {
    lc_sb_puts(c->out, c->fmt == LC_DIFF_MARKDOWN ? "None: the same fields, rules and tiers.\n"
                                                 : "  none: the same fields, rules and tiers\n");
    return;
  }
  if (c->fmt == LC_DIFF_MARKDOWN) {
    table *t = table_new(c, 4, ch->n);
    t->code[2] = t->code[3] = true;
    const char **h = table_row(t);
    h[0] = "", h[1] = "change", h[2] = "before", h[3] = "after";
    for (uint32_t i = 0; i < ch->n; i++) {
      const lc_change *x = ch->items[i];
      const char **row = table_row(t);
      row[0] = x->subject ? lc_arena_printf(&c->a, "%s `%s`", change_nouns[x->kind], x->subject) : change_nouns[x->kind];
      row[1] = change_verb(x);
      row[2] = x->before ? x->before : "";
      row[3] = x->after ? x->after : "";
    }
    table_render(c, t);
    return;
  }
  uint32_t w = 0;
  for (uint32_t i = 0; i < ch->n; i++) {
    uint32_t n = (uint32_t)strlen(change_what(c, ch->items[i]));
    if (n > w) w = n;
  }
  for (uint32_t i = 0; i < ch->n; i++) {
    const lc_change *x = ch->items[i];
    const char *what = change_what(c, x), *verb = change_verb(x);
    lc_sb_printf(c->out, "  %-*s  %s%s", (int)w, what, verb, *verb ? ": " : "");
    if (x->before && x->after) lc_sb_printf(c->out, "%s -> %s\n", x->before, x->after);
    else lc_sb_printf(c->out, "%s\n", x->after ? x->after : x->before);
  }
}

static void matrix_section(rctx *c) {
  const lc_diff *d = c->d;
  if (!d->old->ntiers && !d->new->ntiers) return;
  bool none_old = has_no_tier(d, true), none_new = has_no_tier(d, false);
  uint32_t rows = d->old->ntiers + none_old, cols = d->new->ntiers + none_new;
  heading(c, "Tier transitions (rows: old tier, columns: new tier)");
  table *t = table_new(c, cols + 1, rows);
  const char **h = table_row(t);
  h[0] = c->fmt == LC_DIFF_MARKDOWN ? "old \\ new" : "";
  for (uint32_t k = 0; k < cols; k++) {
    h[k + 1] = tier_name(d->new, k);
    t->right[k + 1] = true;
  }
  for (uint32_t i = 0; i < rows; i++) {
    const char **row = table_row(t);
    row[0] = c->fmt == LC_DIFF_MARKDOWN ? lc_arena_printf(&c->a, "**%s**", tier_name(d->old, i)) : tier_name(d->old, i);
    for (uint32_t k = 0; k < cols; k++) {
      uint32_t ri = i < d->old->ntiers ? i : d->old->ntiers, ck = k < d->new->ntiers ? k : d->new->ntiers;
      row[k + 1] = lc_arena_printf(&c->a, "%" PRIu64, d->matrix[(size_t)ri * (d->new->ntiers + 1) + ck]);
    }
  }
  table_render(c, t);
  const char *line = lc_arena_printf(&c->a, "%" PRIu64 " of %" PRIu64 " record%s changed tier (%.1f%%)", d->tier_changed,
                                     d->n, plural(d->n), pct(d->tier_changed, d->n));
  lc_sb_printf(c->out, c->fmt == LC_DIFF_MARKDOWN ? "\n%s.\n" : "  %s\n", line);
}

static void delta_section(rctx *c) {
  lc_delta_stats s = lc_diff_delta_stats(c->d);
  heading(c, "Score delta (new - old)");
  const char *line = lc_arena_printf(&c->a, "mean %s, p50 %s, p90 %s, max %s, min %s", str_of(c, lc_diff_signed_points, s.mean),
                                     str_of(c, lc_diff_signed_points, s.p50), str_of(c, lc_diff_signed_points, s.p90),
                                     str_of(c, lc_diff_signed_points, s.max), str_of(c, lc_diff_signed_points, s.min));
  const char *changed = lc_arena_printf(&c->a, "%" PRIu64 " of %" PRIu64 " record%s changed score (%.1f%%); mean |delta| %s",
                                        c->d->score_changed, c->d->n, plural(c->d->n), pct(c->d->score_changed, c->d->n),
                                        str_of(c, lc_diff_points, s.mean_abs));
  if (c->fmt == LC_DIFF_MARKDOWN) lc_sb_printf(c->out, "%s.\n%s.\n", line, changed);
  else lc_sb_printf(c->out, "  %s\n  %s\n", line, changed);
}

static void fire_section(rctx *c) {
  uint32_t n;
  lc_fire_row *rows = lc_diff_fire_rows(c->d, &c->a, &n);
  heading(c, "Rules whose fire rate changed");
  if (!n) {
    lc_sb_puts(c->out, c->fmt == LC_DIFF_MARKDOWN ? "None.\n" : "  none\n");
    return;
  }
  table *t = table_new(c, 4, n);
  t->code[0] = true;
  t->right[1] = t->right[2] = t->right[3] = true;
  const char **h = table_row(t);
  h[0] = "rule", h[1] = "old", h[2] = "new", h[3] = "change";
  for (uint32_t i = 0; i < n; i++) {
    const char **row = table_row(t);
    row[0] = rows[i].rule;
    row[1] = count_rate(c, rows[i].old, c->d->n);
    row[2] = count_rate(c, rows[i].new, c->d->n);
    row[3] = fire_change(c, &rows[i]);
  }
  table_render(c, t);
}

static void top_section(rctx *c) {
  const lc_diff *d = c->d;
  heading(c, "Records that changed most");
  if (!d->ntop) {
    lc_sb_puts(c->out, c->fmt == LC_DIFF_MARKDOWN ? "No record changed score or tier.\n" : "  no record changed score or tier\n");
    return;
  }
  lc_moved *m = lc_diff_sorted_top(d, &c->a);
  bool tiers = d->old->ntiers || d->new->ntiers;
  table *t = table_new(c, tiers ? 6 : 4, d->ntop);
  t->code[0] = true;
  const char **h = table_row(t);
  uint32_t k = 0;
  h[k++] = d->ntop && m[0].has_key ? "key" : "record";
  h[k++] = "old score";
  if (tiers) h[k++] = "old tier";
  h[k++] = "new score";
  if (tiers) h[k++] = "new tier";
  h[k++] = "delta";
  t->right[1] = t->right[tiers ? 3 : 2] = t->right[tiers ? 5 : 3] = true;
  for (uint32_t i = 0; i < d->ntop; i++) {
    const char **row = table_row(t);
    k = 0;
    row[k++] = moved_id(c, &m[i]);
    row[k++] = str_of(c, lc_diff_points, m[i].old_score);
    if (tiers) row[k++] = tier_name(d->old, m[i].old_tier < 0 ? d->old->ntiers : (uint32_t)m[i].old_tier);
    row[k++] = str_of(c, lc_diff_points, m[i].new_score);
    if (tiers) row[k++] = tier_name(d->new, m[i].new_tier < 0 ? d->new->ntiers : (uint32_t)m[i].new_tier);
    row[k++] = str_of(c, lc_diff_signed_points, m[i].delta);
  }
  table_render(c, t);
}

static void human(rctx *c) {
  const lc_diff_report *r = c->r;
  const char *mo = model_label(c, r->old_prog), *mn = model_label(c, r->new_prog);
  if (c->fmt == LC_DIFF_MARKDOWN) {
    lc_sb_puts(c->out, "### Scoring change: ");
    md_cell(c->out, r->old_path, true);
    lc_sb_puts(c->out, " → ");
    md_cell(c->out, r->new_path, true);
    lc_sb_printf(c->out, "\n\n%s → %s", mo, mn);
  } else {
    lc_sb_printf(c->out, "old: %s (%s)\nnew: %s (%s)\n", r->old_path, mo, r->new_path, mn);
  }
  if (c->d) {
    const char *what = lc_arena_printf(&c->a, "%" PRIu64 " record%s compared as of %s (%" PRIu64 " read, %" PRIu64
                                       " rejected by the old version, %" PRIu64 " by the new)",
                                       c->d->n, plural(c->d->n), r->as_of, r->read, r->rejected_old, r->rejected_new);
    if (c->fmt == LC_DIFF_MARKDOWN) lc_sb_printf(c->out, " · %s\n", what);
    else lc_sb_printf(c->out, "%s\n", what);
  } else if (c->fmt == LC_DIFF_MARKDOWN) {
    lc_sb_putc(c->out, '\n');
  }
  changes_section(c);
  if (!c->d) return;
  matrix_section(c);
  delta_section(c);
  fire_section(c);
  top_section(c);
}

void lc_diff_render(const lc_diff_report *r, lc_diff_format fmt, lc_sb *out) {
  if (fmt == LC_DIFF_HTML) {
    lc_diff_render_html(r, out);
    return;
  }
  if (fmt == LC_DIFF_JSON) {
    lc_diff_render_json(r, out);
    return;
  }
  rctx c = {r, r->records, fmt, out, {0}};
  lc_arena_init(&c.a);
  human(&c);
  lc_arena_free(&c.a);
}
