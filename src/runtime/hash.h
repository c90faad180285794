/* The string hash shared by the runtime's hash tables (string sets, the readers' key lookup).
 * Keys are short (domains, JSON keys), so it reads eight bytes at a time with one multiply per
 * word instead of a byte loop; it does not need to resist adversarial input because every table
 * it serves is built from the model, not from the records. */
#ifndef LEADC_RUNTIME_HASH_H
#define LEADC_RUNTIME_HASH_H

#include <stdint.h>
#include <string.h>

static inline uint64_t lc_hash_mix(uint64_t h) {
  h ^= h >> 32;
  h *= UINT64_C(0xD6E8FEB86659FD93);
  h ^= h >> 32;
  return h;
}

static inline uint64_t lc_hash_bytes(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ n;
  for (; n >= 8; n -= 8, s += 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * UINT64_C(0xBF58476D1CE4E5B9);
    h ^= h >> 29;
  }
  if (n) {
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * UINT64_C(0x94D049BB133111EB);
  }
  return lc_hash_mix(h);
}

#endif
