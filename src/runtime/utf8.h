/* UTF-8 helpers shared by the string builtins and the readers. Decoding here trusts its input:
 * every string that reaches a builtin was validated by a reader or by the compiler's lexer, so
 * the hot loops carry no error paths. lc_utf8_valid_prefix is the one place that checks. */
#ifndef LEADC_RUNTIME_UTF8_H
#define LEADC_RUNTIME_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the longest valid prefix of s (n when all of s is valid), so a reject can say where.
 * Strict RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF, no truncated sequence. */
size_t lc_utf8_valid_prefix(const uint8_t *s, size_t n);

/* Decodes the code point at s (valid UTF-8, at least one byte before end); returns its length. */
static inline unsigned lc_utf8_decode(const uint8_t *s, uint32_t *cp) {
  uint8_t c = s[0];
  if (c < 0x80) { *cp = c; return 1; }
  if (c < 0xE0) { *cp = (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3F); return 2; }
  if (c < 0xF0) {
    *cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    return 3;
  }
  *cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 |
        (s[3] & 0x3F);
  return 4;
}

/* Decodes the code point that ends just before `end` (valid UTF-8, end > start). */
static inline unsigned lc_utf8_decode_last(const uint8_t *start, const uint8_t *end, uint32_t *cp) {
  const uint8_t *p = end - 1;
  while (p > start && (*p & 0xC0) == 0x80) p--;
  lc_utf8_decode(p, cp);
  return (unsigned)(end - p);
}

/* Writes cp (a Unicode scalar value) at out; returns the number of bytes written (1-4). */
static inline unsigned lc_utf8_encode(uint32_t cp, uint8_t *out) {
  if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
  if (cp < 0x800) {
    out[0] = (uint8_t)(0xC0 | cp >> 6);
    out[1] = (uint8_t)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (uint8_t)(0xE0 | cp >> 12);
    out[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (uint8_t)(0xF0 | cp >> 18);
  out[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
  out[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
  out[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}

#endif
