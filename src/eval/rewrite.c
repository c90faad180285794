#include "eval/rewrite.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/result_write.h"

enum { EDIT_TEXT = 48 };

/* Replace [start, end) by text; start == end inserts. */
typedef struct edit {
  uint32_t start, end;
  char text[EDIT_TEXT];
} edit;

/* At most four per rule: the points (or two insertions around them), a cap and a floor. */
enum { EDITS_PER_RULE = 4 };

typedef struct edits {
  edit *e;
  uint32_t n;
} edits;

static edit *add(edits *es, uint32_t start, uint32_t end) {
  edit *e = &es->e[es->n++];
  e->start = start;
  e->end = end;
  e->text[0] = '\0';
  return e;
}

static void points_text(char *buf, double v) {
  if (v == 0) snprintf(buf, EDIT_TEXT, "0");
  else snprintf(buf, EDIT_TEXT, "%s%.0f", v > 0 ? "+" : "-", fabs(v));
}

static void limit_text(char *buf, size_t size, double v) {
  lc_sb sb = {0};
  lc_write_points(&sb, lc_rt_round2(v));
  snprintf(buf, size, "%s", lc_sb_cstr(&sb));
  lc_sb_free(&sb);
}

static bool is_word(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/* The keyword (cap or floor) written just before offset `at`: its span, or false. */
static bool keyword_before(const lc_source *src, uint32_t at, const char *word, uint32_t *start) {
  uint32_t i = at, n = (uint32_t)strlen(word);
  while (i > 0 && (src->text[i - 1] == ' ' || src->text[i - 1] == '\t' || src->text[i - 1] == '\n' ||
                   src->text[i - 1] == '\r'))
    i--;
  if (i < n || memcmp(src->text + i - n, word, n) != 0 || (i > n && is_word(src->text[i - n - 1])))
    return false;
  *start = i - n;
  return true;
}

/* A rule's cap/floor scaled by f; a negative factor turns a cap into a floor and back. */
static bool limits(edits *es, const lc_source *src, const ast_rule *ar, const lc_rule *r, double f) {
  if (f >= 0 || (r->has_cap && r->has_floor)) {
    /* Both present and f < 0: the cap slot takes f × floor and the floor slot f × cap. */
    bool swap = f < 0;
    if (r->has_cap)
      limit_text(add(es, ar->cap->span.start, ar->cap->span.end)->text, EDIT_TEXT, f * (swap ? r->floor : r->cap));
    if (r->has_floor)
      limit_text(add(es, ar->floor->span.start, ar->floor->span.end)->text, EDIT_TEXT, f * (swap ? r->cap : r->floor));
    return true;
  }
  const ast_expr *x = r->has_cap ? ar->cap : ar->floor;
  if (!x) return true;
  uint32_t kw;
  if (!keyword_before(src, x->span.start, r->has_cap ? "cap" : "floor", &kw)) return false;
  edit *e = add(es, kw, x->span.end);
  char v[32];
  limit_text(v, sizeof v, f * (r->has_cap ? r->cap : r->floor));
  snprintf(e->text, sizeof e->text, "%s %s", r->has_cap ? "floor" : "cap", v);
  return true;
}

static void rule_edits(edits *es, const lc_source *src, const lc_rule *r, const lc_calib_rule *c) {
  const ast_rule *ar = &r->decl->u.rule;
  uint32_t before = es->n;
  if (c->constant) {
    if (c->new_points == c->points) return;
    points_text(add(es, ar->points->span.start, ar->points->span.end)->text, c->new_points);
  } else {
    if (c->factor == 1) return;
    strcpy(add(es, ar->points->span.start, ar->points->span.start)->text, "(");
    snprintf(add(es, ar->points->span.end, ar->points->span.end)->text, EDIT_TEXT, ") * %s", c->factor_text);
  }
  if (!limits(es, src, ar, r, c->factor)) es->n = before;
}

static int by_start(const void *a, const void *b) {
  const edit *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

bool lc_rewrite_points(lc_sb *out, const lc_sources *s, const lc_program *prog, const lc_plan *plan,
                       const lc_calibration *c, uint32_t *outside) {
  const lc_source *src = lc_sources_get(s, prog->main_file);
  edits es = {malloc(((size_t)c->nrules * EDITS_PER_RULE + 1) * sizeof *es.e), 0};
  if (!es.e) return false;
  *outside = 0;
  for (uint32_t j = 0; j < prog->rules.n && j < c->nrules; j++) {
    const lc_rule *r = LC_VEC_AT(prog->rules, lc_rule, j);
    const lc_calib_rule *cr = &c->rules[j];
    if (strcmp(r->name, plan->rules[j].name) != 0) continue;
    if (r->decl->span.file != prog->main_file) {
      *outside += cr->constant ? cr->new_points != cr->points : cr->factor != 1;
      continue;
    }
    rule_edits(&es, src, r, cr);
  }
  /* Edits never overlap and start at distinct offsets. */
  qsort(es.e, es.n, sizeof *es.e, by_start);
  uint32_t at = 0;
  for (uint32_t i = 0; i < es.n; i++) {
    lc_sb_putn(out, src->text + at, es.e[i].start - at);
    lc_sb_puts(out, es.e[i].text);
    at = es.e[i].end;
  }
  lc_sb_putn(out, src->text + at, src->len - at);
  free(es.e);
  return true;
}
