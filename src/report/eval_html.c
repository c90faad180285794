/* `leadc eval --format=html`: the report.h figures as a page of cards, plots and tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/result_write.h"
#include "report/html.h"
#include "report/page.h"
#include "report/svg.h"

typedef unsigned long long ull;

static double share(uint64_t part, uint64_t whole) { return whole ? (double)part / (double)whole : 0; }

static void bin_name(char *buf, size_t size, const lc_bin *b, bool last) {
  lc_sb sb = {0};
  lc_sb_putc(&sb, '[');
  lc_write_double(&sb, b->lo);
  lc_sb_puts(&sb, ", ");
  lc_write_double(&sb, b->hi);
  lc_sb_putc(&sb, last ? ']' : ')');
  snprintf(buf, size, "%s", lc_sb_cstr(&sb));
  lc_sb_free(&sb);
}

/* Each outcome's scores as a share of that outcome, side by side per bin: the converted are
 * a small minority, so raw counts would hide where they sit. */
static void histogram(lc_sb *sb, const lc_eval_report *r) {
  uint64_t neg = r->n - r->converted;
  double top = 0;
  for (uint32_t i = 0; i < r->nhist; i++) {
    top = fmax(top, share(r->hist[i].converted, r->converted));
    top = fmax(top, share(r->hist[i].leads - r->hist[i].converted, neg));
  }
  double step = svg_step(top, 5);
  top = ceil(top / step) * step;
  svg s;
  svg_open(&s, sb, "plot-histogram", "Score histogram by outcome", 520, 320);
  svg_frame(&s, 60, 30, 505, 260, r->hist[0].lo, r->hist[r->nhist - 1].hi, 0, top > 0 ? top : 1);
  svg_axis_y(&s, svg_step(s.y1, 5), SVG_PCT, "share of the outcome's leads");
  svg_axis_x(&s, svg_step(s.x1 - s.x0, 8), SVG_NUM, "score");
  for (uint32_t i = 0; i < r->nhist; i++) {
    const lc_bin *b = &r->hist[i];
    double w = b->hi - b->lo, mid = b->lo + w / 2, gap = w * 0.06;
    char name[64], tip[160];
    bin_name(name, sizeof name, b, i + 1 == r->nhist);
    snprintf(tip, sizeof tip, "score %s: %llu not converted (%.2f %% of them)", name, (ull)(b->leads - b->converted),
             100 * share(b->leads - b->converted, neg));
    svg_bar(&s, b->lo + gap, mid, 0, share(b->leads - b->converted, neg), "neg", tip);
    snprintf(tip, sizeof tip, "score %s: %llu converted (%.2f %% of them)", name, (ull)b->converted,
             100 * share(b->converted, r->converted));
    svg_bar(&s, mid, b->hi - gap, 0, share(b->converted, r->converted), "pos", tip);
  }
  svg_legend(&s, 70, 18, "neg", "not converted");
  svg_legend(&s, 200, 18, "pos", "converted");
  svg_close(&s);
}

/* The ROC curve, thinned to points at least 0.002 apart: the same picture in far fewer bytes. */
static void roc(lc_sb *sb, const lc_eval_report *r) {
  svg s;
  svg_open(&s, sb, "plot-roc", "ROC curve", 520, 320);
  svg_frame(&s, 150, 20, 380, 250, 0, 1, 0, 1);
  svg_axis_x(&s, 0.2, SVG_NUM, "false positive rate");
  svg_axis_y(&s, 0.2, SVG_NUM, NULL);
  svg_text(&s, 110, 135, "middle", "label", "true positive rate");
  svg_line(&s, 0, 0, 1, 1, "ref");
  double *x = malloc((r->nroc + 1) * sizeof *x), *y = malloc((r->nroc + 1) * sizeof *y);
  size_t n = 0;
  for (size_t i = 0; x && y && i < r->nroc; i++) {
    const lc_roc_point *p = &r->roc[i];
    bool last = i + 1 == r->nroc;
    if (n && !last && fabs(p->fpr - x[n - 1]) + fabs(p->tpr - y[n - 1]) < 0.002) continue;
    x[n] = p->fpr;
    y[n] = p->tpr;
    n++;
  }
  if (n) svg_polyline(&s, x, y, n, "curve");
  free(x);
  free(y);
  char buf[48];
  snprintf(buf, sizeof buf, isnan(r->auc) ? "AUC n/a" : "AUC %.4f", r->auc);
  svg_text(&s, 370, 238, "end", "title", buf);
  svg_close(&s);
}

static void bands(lc_sb *sb, const lc_eval_report *r) {
  double top = isnan(r->base_rate) ? 0 : r->base_rate;
  for (uint32_t i = 0; i < r->nbands; i++) top = fmax(top, share(r->bands[i].converted, r->bands[i].leads));
  double step = svg_step(top, 5);
  top = ceil(top / step) * step;
  svg s;
  svg_open(&s, sb, "plot-bands", "Conversion rate by score band", 520, 320);
  svg_frame(&s, 60, 24, 505, 260, r->bands[0].lo, r->bands[r->nbands - 1].hi, 0, top > 0 ? top : 1);
  svg_axis_y(&s, svg_step(s.y1, 5), SVG_PCT, "conversion rate");
  svg_axis_x(&s, r->bands[0].hi - r->bands[0].lo, SVG_NUM, "score");
  for (uint32_t i = 0; i < r->nbands; i++) {
    const lc_bin *b = &r->bands[i];
    if (!b->leads) continue;
    double w = b->hi - b->lo;
    char name[64], tip[160];
    bin_name(name, sizeof name, b, i + 1 == r->nbands);
    snprintf(tip, sizeof tip, "score %s: %llu leads, %llu converted (%.2f %%)", name, (ull)b->leads,
             (ull)b->converted, 100 * share(b->converted, b->leads));
    svg_bar(&s, b->lo + w * 0.08, b->hi - w * 0.08, 0, share(b->converted, b->leads), "bar", tip);
  }
  if (!isnan(r->base_rate)) {
    svg_line(&s, s.x0, r->base_rate, s.x1, r->base_rate, "ref");
    char buf[48];
    snprintf(buf, sizeof buf, "- - -  base rate %.2f %%", 100 * r->base_rate);
    svg_text(&s, s.r, 13, "end", "label", buf);
  }
  svg_close(&s);
}

static const char *tier_name(const lc_plan *p, uint32_t t) { return t < p->ntiers ? p->tiers[t].name : "(no tier)"; }

static uint32_t tiers_shown(const lc_plan *p, const lc_eval_report *r) {
  return r->tiers[p->ntiers].leads ? p->ntiers + 1 : p->ntiers;
}

static void tier_plot(lc_sb *sb, const lc_plan *p, const lc_eval_report *r) {
  uint32_t n = tiers_shown(p, r);
  double top = 0;
  for (uint32_t t = 0; t < n; t++) top = fmax(top, (double)r->tiers[t].leads);
  double rowh = 34, h = 60 + rowh * n;
  svg s;
  svg_open(&s, sb, "plot-tiers", "Tier sizes", 520, h);
  svg_frame(&s, 110, 10, 400, h - 40, 0, top > 0 ? top : 1, 0, n);
  svg_axis_x(&s, fmax(1, svg_step(s.x1, 4)), SVG_NUM, "leads");      /* counts: whole ticks */
  for (uint32_t t = 0; t < n; t++) {
    const lc_tier_stat *st = &r->tiers[t];
    double y = s.t + rowh * t + 6;
    char tip[160], label[96];
    snprintf(tip, sizeof tip, "%s: %llu leads, %llu converted", tier_name(p, t), (ull)st->leads, (ull)st->converted);
    svg_rect_px(&s, s.l, y, svg_px(&s, (double)st->leads) - s.l, rowh - 12, "bar", NULL, tip);
    svg_text(&s, s.l - 8, y + rowh / 2, "end", "label", tier_name(p, t));
    if (isnan(st->rate)) snprintf(label, sizeof label, "%llu", (ull)st->leads);
    else snprintf(label, sizeof label, "%llu · %.1f %% conv.", (ull)st->leads, 100 * st->rate);
    svg_text(&s, svg_px(&s, (double)st->leads) + 6, y + rowh / 2, "start", "tick", label);
  }
  svg_close(&s);
}

/* Lift per rule as bars from 1 (no better than average) towards the rule's lift. */
static void lift_plot(lc_sb *sb, const lc_plan *p, const lc_eval_report *r) {
  double top = 2;
  for (uint32_t j = 0; j < r->nrules; j++)
    if (!isnan(r->rules[j].lift)) top = fmax(top, r->rules[j].lift);
  double step = svg_step(top, 6);
  top = ceil(top / step) * step;
  double rowh = 22, h = 60 + rowh * (r->nrules ? r->nrules : 1);
  int namew = 0;
  for (uint32_t j = 0; j < r->nrules; j++) namew = fmax(namew, (double)strlen(p->rules[j].name));
  double left = fmin(40 + 7.0 * namew, 300);
  svg s;
  svg_open(&s, sb, "plot-lift", "Rule lift", 1040, h);
  svg_frame(&s, left, 10, 1000, h - 40, 0, top, 0, 1);
  svg_axis_x(&s, step, SVG_NUM, "lift: conversion when the rule fired / base rate");
  for (uint32_t j = 0; j < r->nrules; j++) {
    const lc_rule_stat *st = &r->rules[j];
    double y = s.t + rowh * j + 4;
    svg_text(&s, s.l - 8, y + rowh / 2 + 1, "end", "label", p->rules[j].name);
    if (isnan(st->lift)) {
      svg_text(&s, svg_px(&s, 1) + 6, y + rowh / 2 + 1, "start", "tick", "never fired");
      continue;
    }
    char tip[200];
    snprintf(tip, sizeof tip, "%s: lift %.2f, fired on %llu leads (%.2f %%), %.2f %% of them converted",
             p->rules[j].name, st->lift, (ull)st->fired, 100 * st->fire_rate, 100 * st->rate_fired);
    double x1 = svg_px(&s, 1), x = svg_px(&s, st->lift);
    svg_rect_px(&s, x1, y, x - x1, rowh - 8, st->lift >= 1 ? "up" : "down", NULL, tip);
  }
  svg_line(&s, 1, 0, 1, 1, "ref");
  svg_close(&s);
}

static void tier_table(lc_sb *sb, const lc_plan *p, const lc_eval_report *r) {
  static const char *const heads[] = {"tier", "leads", "share", "converted", "conv. rate", "lift", "precision", "recall"};
  page_table_begin(sb, heads, 8);
  char a[32];
  for (uint32_t t = 0; t < tiers_shown(p, r); t++) {
    const lc_tier_stat *st = &r->tiers[t];
    page_row_begin(sb);
    page_cell(sb, tier_name(p, t), false);
    snprintf(a, sizeof a, "%llu", (ull)st->leads);
    page_cell(sb, a, true);
    page_cell(sb, page_pct(a, r->n ? share(st->leads, r->n) : NAN), true);
    snprintf(a, sizeof a, "%llu", (ull)st->converted);
    page_cell(sb, a, true);
    page_cell(sb, page_pct(a, st->rate), true);
    page_cell(sb, page_fixed(a, st->lift, 2), true);
    page_cell(sb, page_pct(a, st->precision), true);
    page_cell(sb, page_pct(a, st->recall), true);
    page_row_end(sb);
  }
  page_table_end(sb);
}

static void rule_table(lc_sb *sb, const lc_plan *p, const lc_eval_report *r) {
  static const char *const heads[] = {"rule", "group", "fired", "fire rate", "conv. fired", "conv. not fired",
                                      "lift", "points", "suggested"};
  page_table_begin(sb, heads, 9);
  char a[32];
  for (uint32_t j = 0; j < r->nrules; j++) {
    const lc_rule_stat *st = &r->rules[j];
    const lc_prule *pr = &p->rules[j];
    page_row_begin(sb);
    page_cell(sb, pr->name, false);
    page_cell(sb, pr->group >= 0 ? p->groups[pr->group].name : "", false);
    snprintf(a, sizeof a, "%llu", (ull)st->fired);
    page_cell(sb, a, true);
    page_cell(sb, page_pct(a, st->fire_rate), true);
    page_cell(sb, page_pct(a, st->rate_fired), true);
    page_cell(sb, page_pct(a, st->rate_not_fired), true);
    page_cell(sb, page_fixed(a, st->lift, 2), true);
    if (pr->points->op == P_CONST) snprintf(a, sizeof a, "%+g", pr->points->k.num);
    else snprintf(a, sizeof a, "expression");
    page_cell(sb, a, true);
    if (isnan(st->suggested)) snprintf(a, sizeof a, "n/a");
    else if (st->suggested == 0) snprintf(a, sizeof a, "0");
    else snprintf(a, sizeof a, "%+.0f", st->suggested);
    page_cell(sb, a, true);
    page_row_end(sb);
  }
  page_table_end(sb);
}

static void summary(lc_sb *sb, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run) {
  char when[40], a[64], b[32];
  when[lc_time_format(run->as_of_us, when)] = '\0';
  lc_sb_puts(sb, "<h1>");
  page_text(sb, p->model_name);
  if (p->version) {
    lc_sb_putc(sb, ' ');
    page_text(sb, p->version);
  }
  lc_sb_puts(sb, "</h1>\n<p class=\"meta\">");
  if (p->model_desc) {
    page_text(sb, p->model_desc);
    lc_sb_puts(sb, " · ");
  }
  lc_sb_puts(sb, "scored as of ");
  page_text(sb, when);
  lc_sb_puts(sb, " · outcome: <code>");
  page_text(sb, run->label);
  lc_sb_puts(sb, "</code>");
  if (run->positive) {
    lc_sb_puts(sb, " = <code>");
    page_text(sb, run->positive);
    lc_sb_puts(sb, "</code>");
  }
  lc_sb_printf(sb, " · %llu records read, %llu rejected, %llu without a label", (ull)run->read,
               (ull)run->rejected, (ull)run->unlabelled);
  if (run->invalid) lc_sb_printf(sb, ", %llu with an unreadable label", (ull)run->invalid);
  lc_sb_puts(sb, "</p>\n");
  page_cards_begin(sb);
  snprintf(a, sizeof a, "%llu", (ull)r->n);
  page_card(sb, "leads evaluated", a);
  snprintf(a, sizeof a, "%llu", (ull)r->converted);
  page_card(sb, "converted", a);
  page_card(sb, "base rate", page_pct(b, r->base_rate));
  page_card(sb, "ROC AUC", page_fixed(b, r->auc, 4));
  page_cards_end(sb);
}

void lc_html_eval(lc_sb *out, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run) {
  char title[160];
  snprintf(title, sizeof title, "leadc eval: %s", p->model_name);
  page_begin(out, title);
  summary(out, p, r, run);

  lc_sb_puts(out, "<h2>Scores and outcomes</h2>\n<div class=\"plots\">\n");
  page_figure_begin(out);
  histogram(out, r);
  page_figure_end(out, "Where the leads that converted and those that did not fall on the score scale, "
                       "each as a share of its own outcome. The further apart, the better the score separates them.");
  page_figure_begin(out);
  roc(out, r);
  page_figure_end(out, "True against false positive rate at every score threshold. The diagonal is a "
                       "score that knows nothing (AUC 0.5); the area under the curve is the chance that a "
                       "converted lead outscores one that did not convert.");
  lc_sb_puts(out, "</div>\n");

  lc_sb_puts(out, "<h2>Conversion by score</h2>\n<div class=\"plots\">\n");
  page_figure_begin(out);
  bands(out, r);
  page_figure_end(out, "Share of the leads in each score band that converted; the dashed line is the base rate. "
                       "A useful score climbs from left to right.");
  if (p->ntiers) {
    page_figure_begin(out);
    tier_plot(out, p, r);
    page_figure_end(out, "Leads per tier, with each tier's conversion rate.");
  }
  lc_sb_puts(out, "</div>\n");
  if (p->ntiers) {
    lc_sb_puts(out, "<h2>Tiers</h2>\n");
    tier_table(out, p, r);
    lc_sb_puts(out, "<p class=\"meta\">Precision and recall count the leads in a tier or in the tiers "
                    "declared above it (tiers are tested in order).</p>\n");
  }
  if (r->nrules) {
    lc_sb_puts(out, "<h2>Rules</h2>\n");
    page_figure_begin(out);
    lift_plot(out, p, r);
    page_figure_end(out, "How much more (green) or less (red) often leads convert when a rule fires than on "
                         "average. Hover a bar for its figures.");
    rule_table(out, p, r);
    lc_sb_puts(out, "<p class=\"meta\">Suggested points: 100 × (conversion when fired − base rate), "
                    "the percentage points the rule's leads convert above or below average.</p>\n");
  }
  page_end(out);
}
