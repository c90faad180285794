/* lc_strset: a read-only set of strings for `x in some_list` where the list is a constant or
 * a lines() file, built once per model and probed once per record.
 *
 * Open addressing with linear probing at a load factor of at most 1/2 keeps a miss (the common
 * case: most domains are not on the target list) to about one or two probes; each slot keeps
 * the full 64-bit hash so a probe compares a word before touching string bytes. The set copies
 * the item bytes, so it does not depend on the lifetime of whatever it was built from. */
#include <stdlib.h>
#include <string.h>

#include "leadc/runtime.h"
#include "runtime/hash.h"

typedef struct slot {
  uint64_t hash;
  const char *ptr;
  uint32_t len;
  bool used;
} slot;

struct lc_strset {
  slot *slots;
  uint32_t mask;
  char *bytes;
};

static const slot *find(const lc_strset *s, lc_str key, uint64_t h) {
  for (uint32_t i = (uint32_t)h & s->mask;; i = (i + 1) & s->mask) {
    const slot *e = &s->slots[i];
    if (!e->used) return e;
    if (e->hash == h && e->len == key.len && lc_bytes_eq(e->ptr, key.ptr, key.len))
      return e;
  }
}

lc_strset *lc_strset_new(const lc_str *items, uint32_t n) {
  uint32_t cap = 8;
  while (cap < 2 * (uint64_t)n) cap *= 2;
  size_t total = 0;
  for (uint32_t i = 0; i < n; i++) total += items[i].len;

  lc_strset *s = malloc(sizeof *s);
  slot *slots = calloc(cap, sizeof *slots);
  char *bytes = malloc(total ? total : 1);
  if (!s || !slots || !bytes) {
    free(s);
    free(slots);
    free(bytes);
    return NULL;
  }
  *s = (lc_strset){slots, cap - 1, bytes};
  size_t off = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t h = lc_hash_bytes(items[i].ptr, items[i].len);
    slot *e = (slot *)find(s, items[i], h);
    if (e->used) continue;                  /* duplicate item */
    if (items[i].len) memcpy(bytes + off, items[i].ptr, items[i].len);
    *e = (slot){h, bytes + off, items[i].len, true};
    off += items[i].len;
  }
  return s;
}

void lc_strset_free(lc_strset *s) {
  if (!s) return;
  free(s->slots);
  free(s->bytes);
  free(s);
}

bool lc_rt_strset_contains(const lc_strset *s, lc_str key) {
  return find(s, key, lc_hash_bytes(key.ptr, key.len))->used;
}
