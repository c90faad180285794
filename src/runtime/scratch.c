#include "runtime/scratch.h"

#include <stdlib.h>

#include "util/oom.h"

struct lc_scratch_block {
  struct lc_scratch_block *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

enum { SCRATCH_BLOCK = 1 << 20 };

void lc_scratch_init(lc_scratch *s) { s->head = NULL; s->bytes = 0; }

void lc_scratch_free(lc_scratch *s) {
  for (struct lc_scratch_block *b = s->head, *n; b; b = n) { n = b->next; free(b); }
  s->head = NULL;
  s->bytes = 0;
}

void lc_scratch_reset(lc_scratch *s) {
  if (!s->head) return;
  /* Keep the newest block when it is a standard one; oversized blocks are released. */
  struct lc_scratch_block *keep = NULL;
  for (struct lc_scratch_block *b = s->head, *n; b; b = n) {
    n = b->next;
    if (!keep && b->cap == SCRATCH_BLOCK) { keep = b; continue; }
    free(b);
  }
  if (keep) { keep->used = 0; keep->next = NULL; }
  s->head = keep;
  s->bytes = 0;
}

void *lc_scratch_alloc(lc_scratch *s, size_t n) {
  n = (n + 15) & ~(size_t)15;
  struct lc_scratch_block *b = s->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > SCRATCH_BLOCK ? n : SCRATCH_BLOCK;
    b = malloc(sizeof *b + cap);
    if (!b) lc_oom();
    b->used = 0;
    b->cap = cap;
    b->next = s->head;
    s->head = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  s->bytes += n;
  return p;
}
