#include "cli/eval_print.h"

#include <math.h>
#include <string.h>

#include "plan/result_write.h"

typedef unsigned long long ull;

/* ---- text */

static void pct(lc_sb *sb, int width, double v) {
  if (isnan(v)) lc_sb_printf(sb, "%*s", width, "n/a");
  else lc_sb_printf(sb, "%*.2f %%", width - 2, 100 * v);
}

static void num(lc_sb *sb, int width, int decimals, double v) {
  if (isnan(v)) lc_sb_printf(sb, "%*s", width, "n/a");
  else lc_sb_printf(sb, "%*.*f", width, decimals, v);
}

static void points(lc_sb *sb, int width, double v) {
  if (isnan(v)) lc_sb_printf(sb, "%*s", width, "n/a");
  else if (v == 0) lc_sb_printf(sb, "%*s", width, "0");
  else lc_sb_printf(sb, "%+*.0f", width, v);
}

static int widest(int w, const char *name) { return (int)strlen(name) > w ? (int)strlen(name) : w; }

static void header(lc_sb *sb, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run) {
  char when[40];
  when[lc_time_format(run->as_of_us, when)] = '\0';
  lc_sb_printf(sb, "model:     %s%s%s, as of %s\n", p->model_name, p->version ? " " : "",
               p->version ? p->version : "", when);
  lc_sb_printf(sb, "label:     %s", run->label);
  if (run->positive) lc_sb_printf(sb, " (converted: \"%s\")", run->positive);
  lc_sb_printf(sb, "\nrecords:   %llu read, %llu rejected, %llu without a label", (ull)run->read,
               (ull)run->rejected, (ull)run->unlabelled);
  if (run->invalid) lc_sb_printf(sb, ", %llu with an unreadable label", (ull)run->invalid);
  lc_sb_printf(sb, ", %llu evaluated\n", (ull)r->n);
  lc_sb_puts(sb, "base rate: ");
  pct(sb, 0, r->base_rate);
  lc_sb_printf(sb, " (%llu converted)\nROC AUC:   ", (ull)r->converted);
  num(sb, 0, 4, r->auc);
  lc_sb_putc(sb, '\n');
}

static void tiers(lc_sb *sb, const lc_plan *p, const lc_eval_report *r) {
  if (!p->ntiers) return;
  uint32_t n = r->tiers[p->ntiers].leads ? p->ntiers + 1 : p->ntiers;
  int w = widest(widest(0, "tier"), n > p->ntiers ? "(no tier)" : "");
  for (uint32_t t = 0; t < p->ntiers; t++) w = widest(w, p->tiers[t].name);
  lc_sb_printf(sb, "\n%-*s  %8s  %9s  %9s  %9s  %6s  %9s  %9s\n", w, "tier", "leads", "share", "converted",
               "conv.rate", "lift", "precision", "recall");
  for (uint32_t t = 0; t < n; t++) {
    const lc_tier_stat *s = &r->tiers[t];
    lc_sb_printf(sb, "%-*s  %8llu  ", w, t < p->ntiers ? p->tiers[t].name : "(no tier)", (ull)s->leads);
    pct(sb, 9, r->n ? (double)s->leads / (double)r->n : NAN);
    lc_sb_printf(sb, "  %9llu  ", (ull)s->converted);
    pct(sb, 9, s->rate);
    lc_sb_puts(sb, "  ");
    num(sb, 6, 2, s->lift);
    lc_sb_puts(sb, "  ");
    pct(sb, 9, s->precision);
    lc_sb_puts(sb, "  ");
    pct(sb, 9, s->recall);
    lc_sb_putc(sb, '\n');
  }
  lc_sb_puts(sb, "(precision and recall count the leads in a tier or in the tiers above it)\n");
}

static void bands(lc_sb *sb, const lc_eval_report *r) {
  lc_sb_printf(sb, "\n%-17s  %8s  %9s  %9s  %6s\n", "score band", "leads", "converted", "conv.rate", "lift");
  for (uint32_t b = 0; b < r->nbands; b++) {
    const lc_bin *x = &r->bands[b];
    lc_sb band = {0};
    lc_sb_putc(&band, '[');
    lc_write_double(&band, x->lo);
    lc_sb_puts(&band, ", ");
    lc_write_double(&band, x->hi);
    lc_sb_putc(&band, b + 1 == r->nbands ? ']' : ')');
    double rate = x->leads ? (double)x->converted / (double)x->leads : NAN;
    lc_sb_printf(sb, "%-17s  %8llu  %9llu  ", lc_sb_cstr(&band), (ull)x->leads, (ull)x->converted);
    pct(sb, 9, rate);
    lc_sb_puts(sb, "  ");
    num(sb, 6, 2, rate / r->base_rate);
    lc_sb_putc(sb, '\n');
    lc_sb_free(&band);
  }
}

static void rules(lc_sb *sb, const lc_plan *p, const lc_eval_report *r) {
  if (!p->nrules) return;
  int w = widest(0, "rule");
  for (uint32_t j = 0; j < p->nrules; j++) w = widest(w, p->rules[j].name);
  lc_sb_printf(sb, "\n%-*s  %8s  %9s  %10s  %10s  %6s  %6s  %9s\n", w, "rule", "fired", "fire rate",
               "conv.fired", "conv.other", "lift", "points", "suggested");
  for (uint32_t j = 0; j < p->nrules; j++) {
    const lc_rule_stat *s = &r->rules[j];
    const lc_pexpr *pts = p->rules[j].points;
    lc_sb_printf(sb, "%-*s  %8llu  ", w, p->rules[j].name, (ull)s->fired);
    pct(sb, 9, s->fire_rate);
    lc_sb_puts(sb, "  ");
    pct(sb, 10, s->rate_fired);
    lc_sb_puts(sb, "  ");
    pct(sb, 10, s->rate_not_fired);
    lc_sb_puts(sb, "  ");
    num(sb, 6, 2, s->lift);
    lc_sb_puts(sb, "  ");
    if (pts->op == P_CONST) points(sb, 6, pts->k.num);
    else lc_sb_printf(sb, "%6s", "expr");
    lc_sb_puts(sb, "  ");
    points(sb, 9, s->suggested);
    lc_sb_putc(sb, '\n');
  }
  lc_sb_puts(sb, "(conv.other: conversion where the rule did not fire; suggested: "
                 "100 x (conv.fired - base rate))\n");
}

void eval_print_text(lc_sb *out, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run) {
  header(out, p, r, run);
  tiers(out, p, r);
  bands(out, r);
  rules(out, p, r);
}

/* ---- JSON */

/* Ratios to 6 decimals: enough to compare runs, and stable in golden files. */
static void jnum(lc_sb *sb, double v) {
  if (!isfinite(v)) {
    lc_sb_puts(sb, "null");
    return;
  }
  double r = round(v * 1e6) / 1e6;
  lc_write_double(sb, r == 0 ? 0.0 : r);
}

static void jbins(lc_sb *sb, const char *key, const lc_bin *b, uint32_t n) {
  lc_sb_printf(sb, ",\n  \"%s\": [", key);
  for (uint32_t i = 0; i < n; i++) {
    lc_sb_printf(sb, "%s\n    {\"lo\": ", i ? "," : "");
    lc_write_double(sb, b[i].lo);
    lc_sb_puts(sb, ", \"hi\": ");
    lc_write_double(sb, b[i].hi);
    lc_sb_printf(sb, ", \"leads\": %llu, \"converted\": %llu}", (ull)b[i].leads, (ull)b[i].converted);
  }
  lc_sb_puts(sb, "\n  ]");
}

static void jtier(lc_sb *sb, const char *name, const lc_tier_stat *s) {
  lc_sb_puts(sb, "{\"name\": ");
  lc_sb_json_string(sb, name);
  lc_sb_printf(sb, ", \"leads\": %llu, \"converted\": %llu, \"conversion_rate\": ", (ull)s->leads,
               (ull)s->converted);
  jnum(sb, s->rate);
  lc_sb_puts(sb, ", \"lift\": ");
  jnum(sb, s->lift);
  lc_sb_puts(sb, ", \"precision\": ");
  jnum(sb, s->precision);
  lc_sb_puts(sb, ", \"recall\": ");
  jnum(sb, s->recall);
  lc_sb_putc(sb, '}');
}

static void jrule(lc_sb *sb, const lc_plan *p, uint32_t j, const lc_rule_stat *s) {
  const lc_prule *pr = &p->rules[j];
  lc_sb_puts(sb, "{\"name\": ");
  lc_sb_json_string(sb, pr->name);
  lc_sb_puts(sb, ", \"group\": ");
  lc_sb_json_string(sb, pr->group >= 0 ? p->groups[pr->group].name : NULL);
  lc_sb_puts(sb, ", \"points\": ");
  if (pr->points->op == P_CONST) lc_write_double(sb, pr->points->k.num);
  else lc_sb_puts(sb, "null");
  lc_sb_printf(sb, ", \"fired\": %llu, \"converted_fired\": %llu, \"fire_rate\": ", (ull)s->fired,
               (ull)s->converted_fired);
  jnum(sb, s->fire_rate);
  lc_sb_puts(sb, ", \"conversion_fired\": ");
  jnum(sb, s->rate_fired);
  lc_sb_puts(sb, ", \"conversion_not_fired\": ");
  jnum(sb, s->rate_not_fired);
  lc_sb_puts(sb, ", \"lift\": ");
  jnum(sb, s->lift);
  lc_sb_puts(sb, ", \"suggested_points\": ");
  jnum(sb, s->suggested);
  lc_sb_putc(sb, '}');
}

void eval_print_json(lc_sb *out, const lc_plan *p, const lc_eval_report *r, const lc_eval_run *run) {
  char when[40];
  when[lc_time_format(run->as_of_us, when)] = '\0';
  lc_sb_puts(out, "{\n  \"model\": ");
  lc_sb_json_string(out, p->model_name);
  lc_sb_puts(out, ",\n  \"version\": ");
  lc_sb_json_string(out, p->version);
  lc_sb_puts(out, ",\n  \"as_of\": ");
  lc_sb_json_string(out, when);
  lc_sb_puts(out, ",\n  \"label\": ");
  lc_sb_json_string(out, run->label);
  lc_sb_puts(out, ",\n  \"positive\": ");
  lc_sb_json_string(out, run->positive);
  lc_sb_printf(out, ",\n  \"records\": {\"read\": %llu, \"rejected\": %llu, \"unlabelled\": %llu, "
               "\"invalid_label\": %llu, \"evaluated\": %llu}", (ull)run->read, (ull)run->rejected,
               (ull)run->unlabelled, (ull)run->invalid, (ull)r->n);
  lc_sb_printf(out, ",\n  \"converted\": %llu,\n  \"base_rate\": ", (ull)r->converted);
  jnum(out, r->base_rate);
  lc_sb_puts(out, ",\n  \"auc\": ");
  jnum(out, r->auc);
  lc_sb_puts(out, ",\n  \"tiers\": [");
  for (uint32_t t = 0; t < p->ntiers; t++) {
    lc_sb_puts(out, t ? ",\n    " : "\n    ");
    jtier(out, p->tiers[t].name, &r->tiers[t]);
  }
  lc_sb_puts(out, p->ntiers ? "\n  ],\n  \"no_tier\": " : "],\n  \"no_tier\": ");
  jtier(out, NULL, &r->tiers[p->ntiers]);
  jbins(out, "bands", r->bands, r->nbands);
  lc_sb_puts(out, ",\n  \"rules\": [");
  for (uint32_t j = 0; j < p->nrules; j++) {
    lc_sb_puts(out, j ? ",\n    " : "\n    ");
    jrule(out, p, j, &r->rules[j]);
  }
  lc_sb_puts(out, p->nrules ? "\n  ]\n}\n" : "]\n}\n");
}
