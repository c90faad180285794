#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/oom.h"

struct lc_arena_block {
  lc_arena_block *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

enum { BLOCK_MIN = 64 * 1024 };

void lc_arena_init(lc_arena *a) { a->head = NULL; a->total = 0; }

void lc_arena_free(lc_arena *a) {
  for (lc_arena_block *b = a->head, *n; b; b = n) { n = b->next; free(b); }
  a->head = NULL;
  a->total = 0;
}

void lc_arena_reset(lc_arena *a) {
  if (!a->head) return;
  lc_arena_block *keep = a->head;
  while (keep->next) keep = keep->next;     /* the oldest block is the first one allocated */
  for (lc_arena_block *b = a->head, *n; b != keep; b = n) { n = b->next; free(b); }
  keep->used = 0;
  a->head = keep;
  a->total = 0;
}

void *lc_arena_alloc(lc_arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  lc_arena_block *b = a->head;
  if (!b || b->cap - b->used < size) {
    size_t cap = size > BLOCK_MIN ? size : BLOCK_MIN;
    b = malloc(sizeof *b + cap);
    if (!b) lc_oom();
    b->next = a->head;
    b->used = 0;
    b->cap = cap;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  a->total += size;
  memset(p, 0, size);
  return p;
}

void *lc_arena_dup(lc_arena *a, const void *p, size_t size) {
  void *q = lc_arena_alloc(a, size ? size : 1);
  if (size) memcpy(q, p, size);
  return q;
}

char *lc_arena_strndup(lc_arena *a, const char *s, size_t n) {
  char *q = lc_arena_alloc(a, n + 1);
  memcpy(q, s, n);
  q[n] = 0;
  return q;
}

char *lc_arena_strdup(lc_arena *a, const char *s) { return lc_arena_strndup(a, s, strlen(s)); }

char *lc_arena_printf(lc_arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *q = lc_arena_alloc(a, (size_t)n + 1);
  vsnprintf(q, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return q;
}
