/* Per-batch scratch memory for the runtime: decoded strings, list element arrays, results of
 * lower()/domain(). A worker resets it after each batch, so memory stays flat however long the
 * input is; nothing allocated here outlives the batch it was allocated for. */
#ifndef LEADC_RUNTIME_SCRATCH_H
#define LEADC_RUNTIME_SCRATCH_H

#include <stddef.h>
#include "leadc/runtime.h"

struct lc_scratch {
  struct lc_scratch_block *head;
  struct lc_scratch_block *spare;   /* standard blocks kept by reset for the next batch */
  size_t bytes;          /* in use across blocks, for flat-memory checks */
};

void lc_scratch_init(lc_scratch *s);
/* Keeps the standard-size blocks for reuse (as many as the largest batch needed, so memory stays
 * flat without returning memory to malloc and faulting it in again for every batch). */
void lc_scratch_reset(lc_scratch *s);
void lc_scratch_free(lc_scratch *s);

#endif
