#include "util/vec.h"

#include <string.h>

void lc_vec_push(lc_arena *a, lc_vec *v, void *item) {
  if (v->n == v->cap) {
    uint32_t cap = v->cap ? v->cap * 2 : 4;
    void **items = LC_NEW_ARRAY(a, void *, cap);
    if (v->n) memcpy(items, v->items, sizeof(void *) * v->n);
    v->items = items;
    v->cap = cap;
  }
  v->items[v->n++] = item;
}
