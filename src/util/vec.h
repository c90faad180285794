/* Growable arrays of pointers, backed by an arena. The old storage is abandoned on growth (the
 * arena frees it with everything else), which is fine for the small lists a compiler builds. */
#ifndef LEADC_UTIL_VEC_H
#define LEADC_UTIL_VEC_H

#include <stdint.h>
#include "util/arena.h"

typedef struct lc_vec {
  void **items;
  uint32_t n, cap;
} lc_vec;

void lc_vec_push(lc_arena *a, lc_vec *v, void *item);

#define LC_VEC_AT(v, T, i) ((T *)(v).items[(i)])

#endif
