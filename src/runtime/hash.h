/* The string hash and equality shared by the runtime's hash tables (string sets, the readers'
 * key lookup, enum members). Keys are short (domains, JSON keys), so the hash reads eight bytes
 * at a time with one multiply per word instead of a byte loop, and equality of short keys is two
 * overlapping word compares instead of a call to memcmp. The hash need not resist adversarial
 * input: every table it serves is built from the model, not from the records. */
#ifndef LEADC_RUNTIME_HASH_H
#define LEADC_RUNTIME_HASH_H

#include <stdbool.h>
#include <stddef.h>
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
  uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ n, w;
  /* Tails are read as overlapping words, never byte by byte; with n mixed in, the words read
   * still determine the string. */
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      memcpy(&w, s + i, 8);
      h = (h ^ w) * UINT64_C(0xBF58476D1CE4E5B9);
      h ^= h >> 29;
    }
    memcpy(&w, s + n - 8, 8);
  } else if (n >= 4) {
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    w = (uint64_t)a << 32 | b;
  } else {
    w = n ? (uint64_t)s[0] << 16 | (uint64_t)s[n / 2] << 8 | s[n - 1] : 0;
  }
  return lc_hash_mix((h ^ w) * UINT64_C(0x94D049BB133111EB));
}

/* a[0..n) == b[0..n), reading no byte outside either. */
static inline bool lc_bytes_eq(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  if (n >= 8 && n <= 16) {
    uint64_t x0, y0, x1, y1;
    memcpy(&x0, x, 8), memcpy(&y0, y, 8), memcpy(&x1, x + n - 8, 8), memcpy(&y1, y + n - 8, 8);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  if (n >= 4 && n < 8) {
    uint32_t x0, y0, x1, y1;
    memcpy(&x0, x, 4), memcpy(&y0, y, 4), memcpy(&x1, x + n - 4, 4), memcpy(&y1, y + n - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  if (n < 4) {
    for (size_t i = 0; i < n; i++)
      if (x[i] != y[i]) return false;
    return true;
  }
  return memcmp(x, y, n) == 0;
}

#endif
