/* The diff report as one JSON document: both versions, every change, and with records every
 * figure of the text report (the transition matrix with null for "no tier"). */
#include "diff/diff_internal.h"

#include <inttypes.h>
#include <string.h>

static const char *const change_keys[] = {
  [LC_CH_VERSION] = "version", [LC_CH_RANGE] = "range",
  [LC_CH_FIELD_ADDED] = "field_added", [LC_CH_FIELD_REMOVED] = "field_removed", [LC_CH_FIELD_TYPE] = "field_changed",
  [LC_CH_CONST] = "const", [LC_CH_DEF] = "def",
  [LC_CH_GROUP_ADDED] = "group_added", [LC_CH_GROUP_REMOVED] = "group_removed", [LC_CH_GROUP_LIMITS] = "group_limits",
  [LC_CH_RULE_ADDED] = "rule_added", [LC_CH_RULE_REMOVED] = "rule_removed", [LC_CH_RULE_POINTS] = "rule_points",
  [LC_CH_RULE_CONDITION] = "rule_condition", [LC_CH_RULE_DECAY] = "rule_decay", [LC_CH_RULE_LIMITS] = "rule_limits",
  [LC_CH_RULE_GROUP] = "rule_group",
  [LC_CH_TIER_ADDED] = "tier_added", [LC_CH_TIER_REMOVED] = "tier_removed", [LC_CH_TIER_MOVED] = "tier_moved",
  [LC_CH_TIER_CONDITION] = "tier_condition",
};

static void jversion(lc_sb *sb, const char *path, const lc_program *p) {
  lc_sb_puts(sb, "{\"path\":");
  lc_sb_json_string(sb, path);
  lc_sb_puts(sb, ",\"model\":");
  lc_sb_json_string(sb, p->model_name);
  lc_sb_puts(sb, ",\"version\":");
  lc_sb_json_string(sb, p->version);
  lc_sb_putc(sb, '}');
}

static void jtiers(lc_sb *sb, const lc_plan *p, bool none) {
  lc_sb_putc(sb, '[');
  for (uint32_t i = 0; i < p->ntiers + none; i++) {
    if (i) lc_sb_putc(sb, ',');
    lc_sb_json_string(sb, i < p->ntiers ? p->tiers[i].name : NULL);
  }
  lc_sb_putc(sb, ']');
}

static void jcount(lc_sb *sb, int64_t v) {
  if (v < 0) lc_sb_puts(sb, "null");
  else lc_sb_printf(sb, "%" PRId64, v);
}

static void json_records(const lc_diff_report *r, lc_arena *a, lc_sb *sb) {
  const lc_diff *d = r->records;
  lc_sb_puts(sb, "{\"as_of\":");
  lc_sb_json_string(sb, r->as_of);
  lc_sb_printf(sb, ",\"read\":%" PRIu64 ",\"compared\":%" PRIu64 ",\"rejected_old\":%" PRIu64 ",\"rejected_new\":%" PRIu64,
               r->read, d->n, r->rejected_old, r->rejected_new);
  lc_sb_puts(sb, ",\"tiers_old\":");
  jtiers(sb, d->old, true);
  lc_sb_puts(sb, ",\"tiers_new\":");
  jtiers(sb, d->new, true);
  lc_sb_puts(sb, ",\"transitions\":[");
  for (uint32_t i = 0; i <= d->old->ntiers; i++) {
    lc_sb_puts(sb, i ? ",[" : "[");
    for (uint32_t k = 0; k <= d->new->ntiers; k++)
      lc_sb_printf(sb, "%s%" PRIu64, k ? "," : "", d->matrix[(size_t)i * (d->new->ntiers + 1) + k]);
    lc_sb_putc(sb, ']');
  }
  lc_delta_stats s = lc_diff_delta_stats(d);
  lc_sb_printf(sb, "],\"changed_tier\":%" PRIu64 ",\"changed_score\":%" PRIu64 ",\"score_delta\":{", d->tier_changed,
               d->score_changed);
  const char *names[] = {"mean", "p50", "p90", "max", "min", "mean_abs"};
  double vals[] = {s.mean, s.p50, s.p90, s.max, s.min, s.mean_abs};
  for (int i = 0; i < 6; i++) {
    lc_sb_printf(sb, "%s\"%s\":", i ? "," : "", names[i]);
    lc_diff_points(sb, vals[i]);
  }
  lc_sb_puts(sb, "},\"fire_rate_changes\":[");
  uint32_t n;
  lc_fire_row *rows = lc_diff_fire_rows(d, a, &n);
  for (uint32_t i = 0; i < n; i++) {
    lc_sb_puts(sb, i ? ",{\"rule\":" : "{\"rule\":");
    lc_sb_json_string(sb, rows[i].rule);
    lc_sb_puts(sb, ",\"old\":");
    jcount(sb, rows[i].old);
    lc_sb_puts(sb, ",\"new\":");
    jcount(sb, rows[i].new);
    lc_sb_putc(sb, '}');
  }
  lc_sb_puts(sb, "],\"top\":[");
  lc_moved *m = lc_diff_sorted_top(d, a);
  for (uint32_t i = 0; i < d->ntop; i++) {
    lc_sb_puts(sb, i ? ",{\"key\":" : "{\"key\":");
    lc_sb_json_string(sb, m[i].has_key ? m[i].key : NULL);
    lc_sb_puts(sb, ",\"input\":");
    lc_sb_json_string(sb, m[i].input);
    lc_sb_printf(sb, ",\"line\":%" PRIu64 ",\"old_score\":", m[i].line);
    lc_diff_points(sb, m[i].old_score);
    lc_sb_puts(sb, ",\"old_tier\":");
    lc_sb_json_string(sb, m[i].old_tier >= 0 ? d->old->tiers[m[i].old_tier].name : NULL);
    lc_sb_puts(sb, ",\"new_score\":");
    lc_diff_points(sb, m[i].new_score);
    lc_sb_puts(sb, ",\"new_tier\":");
    lc_sb_json_string(sb, m[i].new_tier >= 0 ? d->new->tiers[m[i].new_tier].name : NULL);
    lc_sb_puts(sb, ",\"delta\":");
    lc_diff_points(sb, m[i].delta);
    lc_sb_putc(sb, '}');
  }
  lc_sb_puts(sb, "]}");
}

void lc_diff_render_json(const lc_diff_report *r, lc_sb *sb) {
  lc_arena a;
  lc_arena_init(&a);
  lc_sb_puts(sb, "{\"old\":");
  jversion(sb, r->old_path, r->old_prog);
  lc_sb_puts(sb, ",\"new\":");
  jversion(sb, r->new_path, r->new_prog);
  lc_sb_puts(sb, ",\"changes\":[");
  for (uint32_t i = 0; i < r->changes->n; i++) {
    const lc_change *x = r->changes->items[i];
    lc_sb_puts(sb, i ? ",{\"kind\":" : "{\"kind\":");
    lc_sb_json_string(sb, change_keys[x->kind]);
    lc_sb_puts(sb, ",\"subject\":");
    lc_sb_json_string(sb, x->subject);
    lc_sb_puts(sb, ",\"before\":");
    lc_sb_json_string(sb, x->before);
    lc_sb_puts(sb, ",\"after\":");
    lc_sb_json_string(sb, x->after);
    lc_sb_putc(sb, '}');
  }
  lc_sb_puts(sb, "],\"records\":");
  if (r->records) json_records(r, &a, sb);
  else lc_sb_puts(sb, "null");
  lc_sb_puts(sb, "}\n");
  lc_arena_free(&a);
}
