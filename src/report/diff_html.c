/* `leadc diff --format=html`: the tier transition matrix as a heat map and the score deltas as
 * a histogram, above the diff's own text report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "report/page.h"
#include "report/svg.h"

typedef unsigned long long ull;

/* A trailing "(no tier)" row or column with no records is not drawn. */
static uint32_t rows_shown(const lc_html_diff_view *v) {
  uint32_t n = v->nold;
  if (n > 1 && !strcmp(v->old_tiers[n - 1], "(no tier)")) {
    bool empty = true;
    for (uint32_t j = 0; j < v->nnew; j++) empty = empty && !v->matrix[(size_t)(n - 1) * v->nnew + j];
    if (empty) n--;
  }
  return n;
}

static uint32_t cols_shown(const lc_html_diff_view *v) {
  uint32_t n = v->nnew;
  if (n > 1 && !strcmp(v->new_tiers[n - 1], "(no tier)")) {
    bool empty = true;
    for (uint32_t i = 0; i < v->nold; i++) empty = empty && !v->matrix[(size_t)i * v->nnew + n - 1];
    if (empty) n--;
  }
  return n;
}

/* White to blue by the square root of the count, so small but non-zero cells still show. */
static void heat(char *buf, uint64_t count, uint64_t max) {
  double k = max ? sqrt((double)count / (double)max) : 0;
  int r = (int)lround(255 - k * (255 - 33)), g = (int)lround(255 - k * (255 - 102)), b = (int)lround(255 - k * (255 - 172));
  snprintf(buf, 8, "#%02x%02x%02x", r, g, b);
}

static void transitions(lc_sb *sb, const lc_html_diff_view *v) {
  uint32_t nr = rows_shown(v), nc = cols_shown(v);
  uint64_t max = 0;
  for (uint32_t i = 0; i < nr; i++)
    for (uint32_t j = 0; j < nc; j++) max = v->matrix[(size_t)i * v->nnew + j] > max ? v->matrix[(size_t)i * v->nnew + j] : max;
  double cw = 90, ch = 44, left = 120, top = 56;
  double w = left + cw * nc + 20, h = top + ch * nr + 20;
  svg s;
  svg_open(&s, sb, "plot-transitions", "Tier transitions, old to new", w, h);
  svg_text(&s, left + cw * nc / 2, 16, "middle", "title", "new tier");
  svg_text(&s, 10, top - 8, "start", "title", "old tier");
  for (uint32_t j = 0; j < nc; j++) svg_text(&s, left + cw * (j + 0.5), top - 8, "middle", "label", v->new_tiers[j]);
  for (uint32_t i = 0; i < nr; i++) {
    svg_text(&s, left - 8, top + ch * (i + 0.5) + 4, "end", "label", v->old_tiers[i]);
    for (uint32_t j = 0; j < nc; j++) {
      uint64_t c = v->matrix[(size_t)i * v->nnew + j];
      char fill[8], tip[200], num[32];
      heat(fill, c, max);
      snprintf(tip, sizeof tip, "%s → %s: %llu records", v->old_tiers[i], v->new_tiers[j], (ull)c);
      double x = left + cw * j, y = top + ch * i;
      svg_rect_px(&s, x, y, cw, ch, "cell", fill, tip);
      if (!strcmp(v->old_tiers[i], v->new_tiers[j])) svg_rect_px(&s, x + 2, y + 2, cw - 4, ch - 4, "same", NULL, NULL);
      snprintf(num, sizeof num, "%llu", (ull)c);
      bool dark = max && (double)c / (double)max > 0.35;
      lc_sb_printf(sb, "<text class=\"cellnum\" x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>\n", x + cw / 2,
                   y + ch / 2 + 4, dark ? "#ffffff" : "#1d2330", num);
    }
  }
  svg_close(&s);
}

/* Changed records by how much their score moved; the unchanged ones (Δ = 0) are left out, or
 * their bar would flatten every other. */
static void deltas(lc_sb *sb, const lc_html_diff_view *v) {
  double lo = 0, hi = 0;
  uint64_t changed = 0;
  for (size_t i = 0; i < v->ndeltas; i++) {
    if (v->delta_value[i] == 0 || !v->delta_count[i]) continue;
    lo = changed ? fmin(lo, v->delta_value[i]) : v->delta_value[i];
    hi = changed ? fmax(hi, v->delta_value[i]) : v->delta_value[i];
    changed += v->delta_count[i];
  }
  lo = fmin(lo, 0);
  hi = fmax(hi, 0);
  double step = svg_step(hi - lo > 0 ? hi - lo : 1, 30);
  double start = floor(lo / step) * step;
  size_t nbins = (size_t)ceil((hi - start) / step) + 1;
  if (nbins > 400) nbins = 400;
  uint64_t *bin = calloc(nbins, sizeof *bin);
  if (!bin) return;
  for (size_t i = 0; i < v->ndeltas; i++) {
    if (v->delta_value[i] == 0) continue;
    double at = floor((v->delta_value[i] - start) / step);
    size_t k = at < 0 ? 0 : at >= (double)nbins ? nbins - 1 : (size_t)at;
    bin[k] += v->delta_count[i];
  }
  uint64_t top = 1;
  for (size_t k = 0; k < nbins; k++) top = bin[k] > top ? bin[k] : top;
  svg s;
  svg_open(&s, sb, "plot-delta", "Score change per record (new - old)", 520, 300);
  svg_frame(&s, 64, 20, 505, 240, start, start + step * (double)nbins, 0, (double)top * 1.05);
  svg_axis_y(&s, fmax(1, svg_step(s.y1, 5)), SVG_NUM, "records");    /* counts: whole ticks */
  svg_axis_x(&s, svg_step(s.x1 - s.x0, 8), SVG_NUM, "score change");
  for (size_t k = 0; k < nbins; k++) {
    if (!bin[k]) continue;
    double a = start + step * (double)k, b = a + step;
    char tip[160];
    snprintf(tip, sizeof tip, "change in [%g, %g): %llu records", a, b, (ull)bin[k]);
    svg_bar(&s, a + step * 0.05, b - step * 0.05, 0, (double)bin[k], b <= 0 ? "down" : "up", tip);
  }
  svg_line(&s, 0, 0, 0, s.y1, "ref");
  svg_close(&s);
  free(bin);
}

void lc_html_diff(lc_sb *out, const lc_html_diff_view *v) {
  page_begin(out, "leadc diff");
  lc_sb_puts(out, "<h1>");
  page_text(out, v->old_label ? v->old_label : "old");
  lc_sb_puts(out, " → ");
  page_text(out, v->new_label ? v->new_label : "new");
  lc_sb_puts(out, "</h1>\n<p class=\"meta\">");
  if (v->as_of) {
    lc_sb_puts(out, "scored as of ");
    page_text(out, v->as_of);
  }
  lc_sb_puts(out, "</p>\n");
  char a[32];
  page_cards_begin(out);
  snprintf(a, sizeof a, "%llu", (ull)v->records);
  page_card(out, "records compared", a);
  snprintf(a, sizeof a, "%llu", (ull)v->tier_changed);
  page_card(out, "changed tier", a);
  snprintf(a, sizeof a, "%llu", (ull)v->score_changed);
  page_card(out, "changed score", a);
  page_cards_end(out);
  if (v->records) {
    lc_sb_puts(out, "<h2>What the change does</h2>\n<div class=\"plots\">\n");
    page_figure_begin(out);
    transitions(out, v);
    page_figure_end(out, "Records by old tier (rows) and new tier (columns); outlined cells keep their tier.");
    page_figure_begin(out);
    deltas(out, v);
    page_figure_end(out, "How far the score of each changed record moved; records whose score did not "
                         "change are left out.");
    lc_sb_puts(out, "</div>\n");
  }
  if (v->text_report) {
    lc_sb_puts(out, "<h2>Details</h2>\n<pre>");
    page_text(out, v->text_report);
    lc_sb_puts(out, "</pre>\n");
  }
  page_end(out);
}
