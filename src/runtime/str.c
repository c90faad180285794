/* String builtins. Strings are UTF-8 slices (ptr, len) that usually point into the input
 * buffer, so nothing here may assume NUL termination, and results that need new bytes (lower,
 * upper, domain) come from the batch scratch. When a mapping would not change anything the input
 * slice itself is returned: most emails and job titles are already lowercase ASCII. */
#include <string.h>

#include "leadc/runtime.h"
#include "runtime/casemap.h"
#include "runtime/utf8.h"

bool lc_rt_str_eq(lc_str a, lc_str b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

int lc_rt_str_cmp(lc_str a, lc_str b) {
  uint32_t n = a.len < b.len ? a.len : b.len;
  int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
  if (c) return c < 0 ? -1 : 1;
  return a.len < b.len ? -1 : a.len > b.len;
}

bool lc_rt_starts_with(lc_str s, lc_str prefix) {
  return prefix.len <= s.len && (prefix.len == 0 || memcmp(s.ptr, prefix.ptr, prefix.len) == 0);
}

bool lc_rt_ends_with(lc_str s, lc_str suffix) {
  return suffix.len <= s.len &&
         (suffix.len == 0 || memcmp(s.ptr + s.len - suffix.len, suffix.ptr, suffix.len) == 0);
}

bool lc_rt_contains(lc_str s, lc_str needle) {
  if (needle.len == 0) return true;
  return needle.len <= s.len && memmem(s.ptr, s.len, needle.ptr, needle.len) != NULL;
}

/* Shared by lower and upper. `ascii_lo`..`ascii_hi` is the ASCII range the mapping changes. */
static lc_str map_case(lc_exec *x, lc_str s, uint32_t (*map)(uint32_t), uint8_t ascii_lo,
                       uint8_t ascii_hi) {
  const uint8_t *p = (const uint8_t *)s.ptr, *end = p + s.len;
  const uint8_t *first = p;
  while (first < end && *first < 0x80 && (*first < ascii_lo || *first > ascii_hi)) first++;
  if (first == end) return s;

  /* Simple mappings only ever grow a code point from 2 to 3 bytes (e.g. ɐ → Ɐ). */
  uint8_t *out = lc_scratch_alloc(x->scratch, (size_t)s.len + s.len / 2 + 1);
  size_t n = (size_t)(first - p);
  memcpy(out, p, n);
  for (p = first; p < end;) {
    if (*p < 0x80) {
      out[n++] = (uint8_t)map(*p++);
      continue;
    }
    uint32_t cp;
    p += lc_utf8_decode(p, &cp);
    n += lc_utf8_encode(map(cp), out + n);
  }
  return (lc_str){(const char *)out, (uint32_t)n};
}

lc_str lc_rt_lower(lc_exec *x, lc_str s) { return map_case(x, s, lc_case_lower, 'A', 'Z'); }
lc_str lc_rt_upper(lc_exec *x, lc_str s) { return map_case(x, s, lc_case_upper, 'a', 'z'); }

static bool is_white_space(uint32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

lc_str lc_rt_trim(lc_str s) {
  const uint8_t *p = (const uint8_t *)s.ptr, *end = p + s.len;
  while (p < end) {
    uint32_t cp;
    unsigned n = lc_utf8_decode(p, &cp);
    if (!is_white_space(cp)) break;
    p += n;
  }
  while (end > p) {
    uint32_t cp;
    unsigned n = lc_utf8_decode_last(p, end, &cp);
    if (!is_white_space(cp)) break;
    end -= n;
  }
  return (lc_str){(const char *)p, (uint32_t)(end - p)};
}

double lc_rt_len(lc_str s) {
  const uint8_t *p = (const uint8_t *)s.ptr;
  uint32_t n = 0;
  for (uint32_t i = 0; i < s.len; i++) n += (p[i] & 0xC0) != 0x80;
  return n;
}

/* The last '@' separates local part and domain: quoted local parts may themselves hold '@'. */
static const char *last_at(lc_str email) {
  return email.len ? memrchr(email.ptr, '@', email.len) : NULL;
}

bool lc_rt_domain(lc_exec *x, lc_str email, lc_str *out) {
  const char *at = last_at(email);
  if (!at) return false;
  lc_str d = {at + 1, (uint32_t)(email.ptr + email.len - at - 1)};
  *out = lc_rt_lower(x, d);
  return true;
}

bool lc_rt_local_part(lc_str email, lc_str *out) {
  const char *at = last_at(email);
  if (!at) return false;
  *out = (lc_str){email.ptr, (uint32_t)(at - email.ptr)};
  return true;
}
