#include "front/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util/strbuf.h"

static const char *const code_names[] = {
#define LC_X(code, title) #code,
  LC_DIAG_CODES(LC_X)
#undef LC_X
};
static const char *const code_titles[] = {
#define LC_X(code, title) title,
  LC_DIAG_CODES(LC_X)
#undef LC_X
};

const char *lc_code_name(lc_code c) { return c < LC_CODE_COUNT ? code_names[c] : "E????"; }
const char *lc_code_title(lc_code c) { return c < LC_CODE_COUNT ? code_titles[c] : ""; }
int lc_code_is_warning(lc_code c) { return lc_code_name(c)[0] == 'W'; }

void lc_diags_init(lc_diags *d, lc_arena *a, lc_sources *s) {
  memset(d, 0, sizeof *d);
  d->arena = a;
  d->sources = s;
}

static char *vfmt(lc_arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  char *s = lc_arena_alloc(a, (size_t)n + 1);
  vsnprintf(s, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return s;
}

lc_diag *lc_report(lc_diags *d, lc_code code, lc_span span, const char *fmt, ...) {
  lc_diag *g = LC_NEW(d->arena, lc_diag);
  g->code = code;
  g->severity = lc_code_is_warning(code) ? LC_SEV_WARNING : LC_SEV_ERROR;
  g->span = span;
  va_list ap;
  va_start(ap, fmt);
  g->message = vfmt(d->arena, fmt, ap);
  va_end(ap);
  lc_vec_push(d->arena, &d->items, g);
  if (g->severity == LC_SEV_ERROR) d->errors++; else d->warnings++;
  return g;
}

void lc_diag_help(lc_diags *d, lc_diag *g, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g->help = vfmt(d->arena, fmt, ap);
  va_end(ap);
}

void lc_diag_note(lc_diags *d, lc_diag *g, lc_span span, const char *fmt, ...) {
  lc_note *n = LC_NEW(d->arena, lc_note);
  n->span = span;
  va_list ap;
  va_start(ap, fmt);
  n->message = vfmt(d->arena, fmt, ap);
  va_end(ap);
  lc_vec_push(d->arena, &g->notes, n);
}

static int cmp_diag(const void *pa, const void *pb) {
  const lc_diag *a = *(lc_diag *const *)pa, *b = *(lc_diag *const *)pb;
  if (a->span.file != b->span.file) return a->span.file < b->span.file ? -1 : 1;
  if (a->span.start != b->span.start) return a->span.start < b->span.start ? -1 : 1;
  return 0;
}

void lc_diags_sort(lc_diags *d) {
  /* insertion sort keeps equal positions in report order; diagnostic counts are small */
  for (uint32_t i = 1; i < d->items.n; i++) {
    void *x = d->items.items[i];
    uint32_t j = i;
    while (j > 0 && cmp_diag(&d->items.items[j - 1], &x) > 0) {
      d->items.items[j] = d->items.items[j - 1];
      j--;
    }
    d->items.items[j] = x;
  }
}

/* ---- text */

typedef struct loc { const char *path; lc_pos a, b; } loc;

static loc locate(const lc_diags *d, lc_span sp) {
  const lc_source *f = lc_sources_get(d->sources, sp.file);
  loc l = {f ? f->path : "<unknown>", {0, 0}, {0, 0}};
  if (f) {
    l.a = lc_sources_pos(d->sources, sp.file, sp.start);
    l.b = lc_sources_pos(d->sources, sp.file, sp.end > sp.start ? sp.end : sp.start);
  }
  return l;
}

static void snippet(const lc_diags *d, lc_span sp, const char *label, lc_sb *sb) {
  if (!lc_sources_get(d->sources, sp.file)) return;
  loc l = locate(d, sp);
  uint32_t len;
  const char *text = lc_sources_line(d->sources, sp.file, l.a.line, &len);
  char num[16];
  int w = snprintf(num, sizeof num, "%u", l.a.line);
  if (w < 5) w = 5;
  lc_sb_printf(sb, "%*u | ", w, l.a.line);
  for (uint32_t i = 0; i < len; i++) lc_sb_putc(sb, text[i] == '\t' ? ' ' : text[i]);
  lc_sb_putc(sb, '\n');
  uint32_t line_cols = 0;
  for (uint32_t i = 0; i < len; i++) line_cols += ((unsigned char)text[i] & 0xC0) != 0x80;
  uint32_t from = l.a.col;
  uint32_t to = l.b.line == l.a.line ? l.b.col : line_cols + 1;   /* multi-line: to end of line */
  if (to <= from) to = from + 1;
  lc_sb_printf(sb, "%*s |", w, "");
  lc_sb_putc(sb, ' ');
  for (uint32_t c = 1; c < from; c++) lc_sb_putc(sb, ' ');
  for (uint32_t c = from; c < to; c++) lc_sb_putc(sb, '^');
  if (label) lc_sb_printf(sb, " %s", label);
  lc_sb_putc(sb, '\n');
}

static void render_text(const lc_diags *d, const lc_diag *g, bool werror, lc_sb *sb) {
  loc l = locate(d, g->span);
  const char *sev = g->severity == LC_SEV_ERROR ? "error" : werror ? "error" : "warning";
  if (l.a.line)
    lc_sb_printf(sb, "%s:%u:%u: %s[%s]: %s\n", l.path, l.a.line, l.a.col, sev, lc_code_name(g->code), g->message);
  else
    lc_sb_printf(sb, "%s: %s[%s]: %s\n", l.path, sev, lc_code_name(g->code), g->message);
  snippet(d, g->span, NULL, sb);
  for (uint32_t i = 0; i < g->notes.n; i++) {
    const lc_note *n = g->notes.items[i];
    loc nl = locate(d, n->span);
    lc_sb_printf(sb, "%s:%u:%u: note: %s\n", nl.path, nl.a.line, nl.a.col, n->message);
    snippet(d, n->span, NULL, sb);
  }
  if (g->help) lc_sb_printf(sb, "      = help: %s\n", g->help);
}

/* ---- json, sarif, github */

static void render_json(const lc_diags *d, const lc_diag *g, bool werror, lc_sb *sb) {
  loc l = locate(d, g->span);
  const char *sev = g->severity == LC_SEV_ERROR || werror ? "error" : "warning";
  lc_sb_puts(sb, "{\"file\":");
  lc_sb_json_string(sb, l.path);
  lc_sb_printf(sb, ",\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u,\"severity\":\"%s\",\"code\":\"%s\",\"message\":",
               l.a.line, l.a.col, l.b.line, l.b.col, sev, lc_code_name(g->code));
  lc_sb_json_string(sb, g->message);
  lc_sb_puts(sb, ",\"help\":");
  if (g->help) lc_sb_json_string(sb, g->help); else lc_sb_puts(sb, "null");
  lc_sb_putc(sb, '}');
}

/* The rules array lists only the codes that occur (ruleIndex points into it), so adding a code
 * to the table does not change the output for files that do not trigger it. */
static void render_sarif(const lc_diags *d, bool werror, lc_sb *sb) {
  int index[LC_CODE_COUNT];
  int nrules = 0;
  for (int c = 0; c < LC_CODE_COUNT; c++) index[c] = -1;
  for (uint32_t i = 0; i < d->items.n; i++) {
    const lc_diag *g = d->items.items[i];
    if (g->code < LC_CODE_COUNT && index[g->code] < 0) index[g->code] = 0;
  }
  lc_sb_puts(sb, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
                 "\"tool\":{\"driver\":{\"name\":\"leadc\",\"version\":\"" LEADC_VERSION "\","
                 "\"informationUri\":\"https://example.invalid/leadc/docs/errors.md\",\"rules\":[");
  for (int c = 0; c < LC_CODE_COUNT; c++) {
    if (index[c] < 0) continue;
    if (nrules) lc_sb_putc(sb, ',');
    index[c] = nrules++;
    lc_sb_printf(sb, "{\"id\":\"%s\",\"shortDescription\":{\"text\":", lc_code_name((lc_code)c));
    lc_sb_json_string(sb, lc_code_title((lc_code)c));
    lc_sb_puts(sb, "}}");
  }
  lc_sb_puts(sb, "]}},\"results\":[");
  for (uint32_t i = 0; i < d->items.n; i++) {
    const lc_diag *g = d->items.items[i];
    loc l = locate(d, g->span);
    if (i) lc_sb_putc(sb, ',');
    lc_sb_printf(sb, "{\"ruleId\":\"%s\",\"ruleIndex\":%d,\"level\":\"%s\",\"message\":{\"text\":",
                 lc_code_name(g->code), g->code < LC_CODE_COUNT ? index[g->code] : 0,
                 g->severity == LC_SEV_ERROR || werror ? "error" : "warning");
    if (g->help) {
      lc_sb sb2 = {0};
      lc_sb_printf(&sb2, "%s (help: %s)", g->message, g->help);
      lc_sb_json_string(sb, lc_sb_cstr(&sb2));
      lc_sb_free(&sb2);
    } else {
      lc_sb_json_string(sb, g->message);
    }
    lc_sb_puts(sb, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    lc_sb_json_string(sb, l.path);
    lc_sb_printf(sb, "},\"region\":{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,\"endColumn\":%u}}}]}",
                 l.a.line ? l.a.line : 1, l.a.col ? l.a.col : 1, l.b.line ? l.b.line : 1, l.b.col ? l.b.col : 1);
  }
  lc_sb_puts(sb, "]}]}\n");
}

/* GitHub workflow commands need %, CR and LF escaped in the message and also , and : in properties. */
static void gh_escape(lc_sb *sb, const char *s, bool property) {
  for (; *s; s++) {
    if (*s == '%') lc_sb_puts(sb, "%25");
    else if (*s == '\r') lc_sb_puts(sb, "%0D");
    else if (*s == '\n') lc_sb_puts(sb, "%0A");
    else if (property && *s == ':') lc_sb_puts(sb, "%3A");
    else if (property && *s == ',') lc_sb_puts(sb, "%2C");
    else lc_sb_putc(sb, *s);
  }
}

static void render_github(const lc_diags *d, const lc_diag *g, bool werror, lc_sb *sb) {
  loc l = locate(d, g->span);
  lc_sb_printf(sb, "::%s file=", g->severity == LC_SEV_ERROR || werror ? "error" : "warning");
  gh_escape(sb, l.path, true);
  lc_sb_printf(sb, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=%s::", l.a.line, l.a.col, l.b.line, l.b.col,
               lc_code_name(g->code));
  gh_escape(sb, g->message, false);
  if (g->help) {
    lc_sb_puts(sb, " (help: ");
    gh_escape(sb, g->help, false);
    lc_sb_putc(sb, ')');
  }
  lc_sb_putc(sb, '\n');
}

uint32_t lc_diags_render(lc_diags *d, lc_diag_format fmt, bool werror, FILE *out) {
  lc_sb sb = {0};
  uint32_t errors = d->errors + (werror ? d->warnings : 0);
  switch (fmt) {
  case LC_DIAG_TEXT:
    for (uint32_t i = 0; i < d->items.n; i++) render_text(d, d->items.items[i], werror, &sb);
    break;
  case LC_DIAG_JSON:
    lc_sb_putc(&sb, '[');
    for (uint32_t i = 0; i < d->items.n; i++) {
      if (i) lc_sb_putc(&sb, ',');
      lc_sb_puts(&sb, "\n  ");
      render_json(d, d->items.items[i], werror, &sb);
    }
    lc_sb_puts(&sb, d->items.n ? "\n]\n" : "]\n");
    break;
  case LC_DIAG_SARIF:
    render_sarif(d, werror, &sb);
    break;
  case LC_DIAG_GITHUB:
    for (uint32_t i = 0; i < d->items.n; i++) render_github(d, d->items.items[i], werror, &sb);
    break;
  }
  fwrite(lc_sb_cstr(&sb), 1, sb.len, out);
  lc_sb_free(&sb);
  return errors;
}

/* ---- did you mean */

static uint32_t edit_distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > 64 || m > 64) return UINT32_MAX;
  uint32_t prev[65], cur[65];
  for (size_t j = 0; j <= m; j++) prev[j] = (uint32_t)j;
  for (size_t i = 1; i <= n; i++) {
    cur[0] = (uint32_t)i;
    for (size_t j = 1; j <= m; j++) {
      uint32_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      uint32_t del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    memcpy(prev, cur, sizeof(uint32_t) * (m + 1));
  }
  return prev[m];
}

/* Whether the '_'-separated word w[0..n) of at least 3 letters occurs as a whole word in s. */
static bool has_word(const char *s, const char *w, size_t n) {
  for (const char *p = s;;) {
    const char *e = strchr(p, '_');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n && !memcmp(p, w, n)) return true;
    if (!e) return false;
    p = e + 1;
  }
}

/* With no close spelling, a candidate sharing a whole word is still a good guess when it is the
 * only one that shares the most: "pricng_view" → "page_view" among event kinds. */
static const char *shared_word(const char *word, const char *const *candidates, uint32_t n) {
  const char *best = NULL;
  uint32_t best_k = 0;
  bool tie = false;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t k = 0;
    for (const char *p = word; *p;) {
      const char *e = strchr(p, '_');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      if (len >= 3 && has_word(candidates[i], p, len)) k++;
      if (!e) break;
      p = e + 1;
    }
    if (k > best_k) { best_k = k; best = candidates[i]; tie = false; }
    else if (k && k == best_k) tie = true;
  }
  return tie ? NULL : best;
}

const char *lc_did_you_mean(const char *word, const char *const *candidates, uint32_t n) {
  const char *best = NULL;
  uint32_t best_d = UINT32_MAX;
  size_t wl = strlen(word);
  uint32_t limit = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;   /* farther than this is a different word */
  for (uint32_t i = 0; i < n; i++) {
    uint32_t dist = edit_distance(word, candidates[i]);
    if (dist < best_d) { best_d = dist; best = candidates[i]; }
  }
  if (best_d <= limit) return best;
  return shared_word(word, candidates, n);
}
