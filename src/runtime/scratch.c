#include "runtime/scratch.h"

#include <stdlib.h>

#include "util/oom.h"

struct lc_scratch_block {
  struct lc_scratch_block *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

enum { SCRATCH_BLOCK = 1 << 20 };

void lc_scratch_init(lc_scratch *s) { s->head = s->spare = NULL; s->bytes = 0; }

static void free_chain(struct lc_scratch_block *b) {
  for (struct lc_scratch_block *n; b; b = n) { n = b->next; free(b); }
}

void lc_scratch_free(lc_scratch *s) {
  free_chain(s->head);
  free_chain(s->spare);
  lc_scratch_init(s);
}

void lc_scratch_reset(lc_scratch *s) {
  /* Oversized blocks (one huge string or list) are released; standard ones wait in spare. */
  for (struct lc_scratch_block *b = s->head, *n; b; b = n) {
    n = b->next;
    if (b->cap != SCRATCH_BLOCK) { free(b); continue; }
    b->next = s->spare;
    s->spare = b;
  }
  s->head = NULL;
  s->bytes = 0;
}

void *lc_scratch_alloc(lc_scratch *s, size_t n) {
  n = (n + 15) & ~(size_t)15;
  struct lc_scratch_block *b = s->head;
  if (!b || b->cap - b->used < n) {
    if (n <= SCRATCH_BLOCK && s->spare) {
      b = s->spare;
      s->spare = b->next;
    } else {
      size_t cap = n > SCRATCH_BLOCK ? n : SCRATCH_BLOCK;
      b = malloc(sizeof *b + cap);
      if (!b) lc_oom();
      b->cap = cap;
    }
    b->used = 0;
    b->next = s->head;
    s->head = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  s->bytes += n;
  return p;
}
