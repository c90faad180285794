#include "eval/data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void lc_eval_data_init(lc_eval_data *d, uint32_t nrules, bool keep_points) {
  memset(d, 0, sizeof *d);
  d->nrules = nrules;
  d->keep_points = keep_points;
}

void lc_eval_data_free(lc_eval_data *d) {
  free(d->score);
  free(d->label);
  free(d->tier);
  free(d->fired);
  free(d->points);
  memset(d, 0, sizeof *d);
}

/* Resizes *p to n elements of size sz; on failure *p is left as it was. */
static bool resize(void *p, size_t n, size_t sz) {
  void *q = realloc(*(void **)p, n * sz > 0 ? n * sz : 1);
  if (!q) return false;
  *(void **)p = q;
  return true;
}

static bool grow(lc_eval_data *d) {
  size_t cap = d->cap ? d->cap * 2 : 1024, r = d->nrules;
  /* Each array keeps its old contents when a later one fails, so d stays consistent. */
  if (!resize(&d->score, cap, sizeof *d->score) || !resize(&d->label, cap, 1) ||
      !resize(&d->tier, cap, sizeof *d->tier) || !resize(&d->fired, cap * r, 1) ||
      (d->keep_points && !resize(&d->points, cap * r, sizeof *d->points)))
    return false;
  d->cap = cap;
  return true;
}

bool lc_eval_data_add(lc_eval_data *d, const lc_result *r, bool converted) {
  if (d->n == d->cap && !grow(d)) return false;
  size_t i = d->n++, nr = d->nrules;
  d->score[i] = r->score;
  d->label[i] = converted;
  d->tier[i] = r->tier;
  for (size_t j = 0; j < nr; j++) d->fired[i * nr + j] = r->fired[j] != 0;
  if (d->keep_points)
    for (size_t j = 0; j < nr; j++) d->points[i * nr + j] = r->fired[j] ? r->rules[j] : 0.0;
  return true;
}

/* ---- labels */

static bool text_is(lc_str s, const char *word) {
  size_t n = strlen(word);
  return s.len == n && strncasecmp(s.ptr, word, n) == 0;
}

/* The value of a number written in JSON syntax (or as plain text); false when it is not one. */
static bool number_of(lc_str s, double *out) {
  char buf[64];
  if (s.len == 0 || s.len >= sizeof buf) return false;
  memcpy(buf, s.ptr, s.len);
  buf[s.len] = '\0';
  if (strspn(buf, "0123456789+-.eE") != s.len) return false;     /* no hex, inf or blanks */
  char *end;
  double v = strtod(buf, &end);
  if (*end || !isfinite(v)) return false;
  *out = v;
  return true;
}

static bool is_missing(lc_str s, const char *const *missing, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (strlen(missing[i]) == s.len && memcmp(missing[i], s.ptr, s.len) == 0) return true;
  return false;
}

lc_label lc_label_read(const lc_peek *v, const char *positive, const char *const *missing_values,
                       uint32_t nmissing) {
  switch (v->kind) {
  case LC_PEEK_ABSENT: case LC_PEEK_NULL: return LC_LABEL_NONE;
  case LC_PEEK_OTHER: return LC_LABEL_INVALID;
  default: break;
  }
  if (v->kind == LC_PEEK_STRING && is_missing(v->text, missing_values, nmissing)) return LC_LABEL_NONE;
  double num, want;
  if (positive) {
    size_t n = strlen(positive);
    if (v->text.len == n && memcmp(v->text.ptr, positive, n) == 0) return LC_LABEL_YES;
    bool both_numbers = v->kind != LC_PEEK_BOOL && number_of(v->text, &num) &&
                        number_of((lc_str){positive, (uint32_t)n}, &want);
    return both_numbers && num == want ? LC_LABEL_YES : LC_LABEL_NO;
  }
  if (text_is(v->text, "true") || text_is(v->text, "yes")) return LC_LABEL_YES;
  if (text_is(v->text, "false") || text_is(v->text, "no")) return LC_LABEL_NO;
  if (number_of(v->text, &num) && (num == 0 || num == 1)) return num == 1 ? LC_LABEL_YES : LC_LABEL_NO;
  return LC_LABEL_INVALID;
}
