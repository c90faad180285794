/* Source files held in memory for the whole compilation, and the translation of byte-offset
 * spans into line:column for people. Spans are cheap (three integers on every AST node); lines
 * and columns are computed only when a diagnostic is printed. Columns count Unicode code points
 * from 1, so an underline lines up under non-ASCII text. */
#ifndef LEADC_FRONT_SOURCE_H
#define LEADC_FRONT_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include "util/arena.h"
#include "util/vec.h"

typedef struct lc_span {
  uint32_t file;           /* index into lc_sources; 0 means "no file" */
  uint32_t start, end;     /* byte offsets, end exclusive */
} lc_span;

typedef struct lc_source {
  const char *path;        /* as given or resolved; "std/email.score" for embedded modules */
  const char *text;        /* NUL-terminated, owned by the arena */
  uint32_t len;
  uint32_t *line_starts;   /* byte offset of each line */
  uint32_t nlines;
  bool embedded;           /* came from the stdlib compiled into the binary */
} lc_source;

typedef struct lc_sources {
  lc_arena *arena;
  lc_vec files;            /* lc_source*; slot 0 is a placeholder so file ids start at 1 */
} lc_sources;

typedef struct lc_pos { uint32_t line, col; } lc_pos;   /* both 1-based */

void lc_sources_init(lc_sources *s, lc_arena *a);
/* Adds text (copied) under path; returns the file id. */
uint32_t lc_sources_add(lc_sources *s, const char *path, const char *text, uint32_t len, bool embedded);
/* Reads a file from disk; returns 0 and sets errno on failure. */
uint32_t lc_sources_load(lc_sources *s, const char *path);
const lc_source *lc_sources_get(const lc_sources *s, uint32_t id);
lc_pos lc_sources_pos(const lc_sources *s, uint32_t file, uint32_t offset);
/* The text of the 1-based line (without its newline) and its length. */
const char *lc_sources_line(const lc_sources *s, uint32_t file, uint32_t line, uint32_t *len);

lc_span lc_span_join(lc_span a, lc_span b);

#endif
