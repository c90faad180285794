/* UTF-8 validation for every string a reader stores or skips over. Input is overwhelmingly
 * ASCII, so eight bytes at a time are tested for a high bit before any per-byte decoding. */
#include "runtime/utf8.h"

#include <string.h>

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* Whether the 32 bytes at s are all ASCII: four words tested at once, so long ASCII runs (most
 * of every record) cost one branch per 32 bytes. */
static bool ascii32(const uint8_t *s) {
  uint64_t w[4];
  memcpy(w, s, sizeof w);
  return !((w[0] | w[1] | w[2] | w[3]) & HIGH_BITS);
}

size_t lc_utf8_valid_prefix(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    while (n - i >= 32 && ascii32(s + i)) i += 32;
    if (i == n) break;
    if (n - i >= 8) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (!(w & HIGH_BITS)) { i += 8; continue; }
    }
    uint8_t c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;     /* allowed range of the first continuation byte */
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;       /* overlong */
      if (c == 0xED) hi = 0x9F;       /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;       /* overlong */
      if (c == 0xF4) hi = 0x8F;       /* above U+10FFFF */
    } else {
      return i;
    }
    if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k <= need; k++)
      if ((s[i + k] & 0xC0) != 0x80) return i;
    i += need + 1;
  }
  return n;
}
