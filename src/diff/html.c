/* The diff report as an HTML page: the record statistics handed to src/report's renderer as
 * plain figures, with the text report under the plots for every other detail. */
#include "diff/diff_internal.h"

#include <stdlib.h>
#include <string.h>

#include "report/html.h"

static const char *label(lc_arena *a, const char *path, const lc_program *p) {
  if (!p || !p->model_name) return path;
  return lc_arena_printf(a, "%s%s%s (%s)", p->model_name, p->version ? " " : "", p->version ? p->version : "", path);
}

static const char **tier_names(lc_arena *a, const lc_plan *p) {
  const char **names = LC_NEW_ARRAY(a, const char *, p->ntiers + 1);
  for (uint32_t i = 0; i < p->ntiers; i++) names[i] = p->tiers[i].name;
  names[p->ntiers] = "(no tier)";
  return names;
}

void lc_diff_render_html(const lc_diff_report *r, lc_sb *out) {
  lc_arena a;
  lc_arena_init(&a);
  lc_sb text = {0};
  lc_diff_render(r, LC_DIFF_TEXT, &text);
  lc_html_diff_view v = {
      .old_label = label(&a, r->old_path, r->old_prog), .new_label = label(&a, r->new_path, r->new_prog),
      .as_of = r->records ? r->as_of : NULL, .text_report = lc_sb_cstr(&text),
  };
  const lc_diff *d = r->records;
  if (d) {
    v.records = d->n;
    v.tier_changed = d->tier_changed;
    v.score_changed = d->score_changed;
    v.nold = d->old->ntiers + 1;
    v.nnew = d->new->ntiers + 1;
    v.old_tiers = tier_names(&a, d->old);
    v.new_tiers = tier_names(&a, d->new);
    v.matrix = d->matrix;
    double *value = LC_NEW_ARRAY(&a, double, d->used + 1);
    uint64_t *count = LC_NEW_ARRAY(&a, uint64_t, d->used + 1);
    for (uint32_t i = 0; i < d->cap; i++)
      if (d->delta_used[i]) {
        value[v.ndeltas] = (double)d->delta_cents[i] / 100;
        count[v.ndeltas++] = d->delta_count[i];
      }
    v.delta_value = value;
    v.delta_count = count;
  }
  lc_html_diff(out, &v);
  lc_sb_free(&text);
  lc_arena_free(&a);
}
