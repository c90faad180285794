#include "front/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lc_sources_init(lc_sources *s, lc_arena *a) {
  s->arena = a;
  s->files = (lc_vec){0};
  lc_vec_push(a, &s->files, NULL);
}

uint32_t lc_sources_add(lc_sources *s, const char *path, const char *text, uint32_t len, bool embedded) {
  lc_source *f = LC_NEW(s->arena, lc_source);
  f->path = lc_arena_strdup(s->arena, path);
  f->text = lc_arena_strndup(s->arena, text, len);
  f->len = len;
  f->embedded = embedded;
  uint32_t n = 1;
  for (uint32_t i = 0; i < len; i++) n += text[i] == '\n';
  f->line_starts = LC_NEW_ARRAY(s->arena, uint32_t, n);
  f->line_starts[0] = 0;
  uint32_t k = 1;
  for (uint32_t i = 0; i < len; i++)
    if (text[i] == '\n') f->line_starts[k++] = i + 1;
  f->nlines = n;
  lc_vec_push(s->arena, &s->files, f);
  return s->files.n - 1;
}

uint32_t lc_sources_load(lc_sources *s, const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return 0;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  if (!buf) { fclose(fp); errno = ENOMEM; return 0; }
  for (;;) {
    if (len == cap) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) { free(buf); fclose(fp); errno = ENOMEM; return 0; }
      buf = nb;
    }
    size_t got = fread(buf + len, 1, cap - len, fp);
    len += got;
    if (got == 0) break;
  }
  int err = ferror(fp) ? (errno ? errno : EIO) : 0;
  fclose(fp);
  if (err || len > UINT32_MAX - 1) { free(buf); errno = err ? err : EFBIG; return 0; }
  uint32_t id = lc_sources_add(s, path, buf, (uint32_t)len, false);
  free(buf);
  return id;
}

const lc_source *lc_sources_get(const lc_sources *s, uint32_t id) {
  return id && id < s->files.n ? s->files.items[id] : NULL;
}

lc_pos lc_sources_pos(const lc_sources *s, uint32_t file, uint32_t offset) {
  const lc_source *f = lc_sources_get(s, file);
  if (!f) return (lc_pos){0, 0};
  if (offset > f->len) offset = f->len;
  uint32_t lo = 0, hi = f->nlines - 1;
  while (lo < hi) {                       /* last line start <= offset */
    uint32_t mid = (lo + hi + 1) / 2;
    if (f->line_starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  uint32_t col = 1;
  for (uint32_t i = f->line_starts[lo]; i < offset; i++)
    col += ((unsigned char)f->text[i] & 0xC0) != 0x80;   /* count code points, not bytes */
  return (lc_pos){lo + 1, col};
}

const char *lc_sources_line(const lc_sources *s, uint32_t file, uint32_t line, uint32_t *len) {
  const lc_source *f = lc_sources_get(s, file);
  if (!f || line == 0 || line > f->nlines) { *len = 0; return ""; }
  uint32_t a = f->line_starts[line - 1];
  uint32_t b = line < f->nlines ? f->line_starts[line] - 1 : f->len;
  if (b > a && f->text[b - 1] == '\r') b--;
  *len = b - a;
  return f->text + a;
}

lc_span lc_span_join(lc_span a, lc_span b) {
  if (!a.file) return b;
  if (!b.file || b.file != a.file) return a;
  return (lc_span){a.file, a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
}
