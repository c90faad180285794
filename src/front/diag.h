/* The one diagnostics module. Every message carries a span, a stable code, a sentence a
 * marketer understands, and optionally a hint ("help") and secondary locations ("notes", e.g.
 * where a clashing name was first defined). Passes only report; rendering happens once at the
 * end, in the format the user asked for, with warnings optionally promoted to errors. */
#ifndef LEADC_FRONT_DIAG_H
#define LEADC_FRONT_DIAG_H

#include <stdbool.h>
#include <stdio.h>
#include "front/diag_codes.h"
#include "front/source.h"

typedef enum lc_severity { LC_SEV_ERROR, LC_SEV_WARNING } lc_severity;

typedef struct lc_diag_note {
  lc_span span;
  const char *message;
} lc_note;

typedef struct lc_diag {
  lc_code code;
  lc_severity severity;
  lc_span span;
  const char *message;
  const char *help;        /* may be NULL */
  lc_vec notes;            /* lc_note* */
} lc_diag;

typedef struct lc_diags {
  lc_arena *arena;
  lc_sources *sources;
  lc_vec items;            /* lc_diag*, in the order reported */
  uint32_t errors, warnings;
} lc_diags;

typedef enum lc_diag_format {
  LC_DIAG_TEXT, LC_DIAG_JSON, LC_DIAG_SARIF, LC_DIAG_GITHUB
} lc_diag_format;

void lc_diags_init(lc_diags *d, lc_arena *a, lc_sources *s);
lc_diag *lc_report(lc_diags *d, lc_code code, lc_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void lc_diag_help(lc_diags *d, lc_diag *g, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void lc_diag_note(lc_diags *d, lc_diag *g, lc_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Sorts by file and position (stable), so output does not depend on pass order. */
void lc_diags_sort(lc_diags *d);
/* Renders all diagnostics; with werror, warnings are printed and counted as errors.
 * Returns the number of errors after promotion. */
uint32_t lc_diags_render(lc_diags *d, lc_diag_format fmt, bool werror, FILE *out);

/* Closest candidate by edit distance (for "did you mean"); NULL when nothing is close. */
const char *lc_did_you_mean(const char *word, const char *const *candidates, uint32_t n);

#endif
