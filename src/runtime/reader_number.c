/* JSON numbers, decided on their decimal text. `int` fields must be integral as written and
 * within 2^53, and epoch seconds are floored to the microsecond: both are questions about the
 * exact decimal value, which the nearest double no longer answers (1.0000000000000001 rounds to
 * 1.0; 1.0000005 s is not 1000000.5 µs in doubles). So a scanned number keeps its digits and is
 * viewed as S * 10^e with S an integer without leading or trailing zeros.
 *
 * Conversion to double takes Clinger's fast path (S < 10^15 and |e| <= 22: one correctly
 * rounded multiplication or division of exact operands) and otherwise hands strtod a canonical
 * "digits e exponent" string, which has no decimal point and so does not depend on the locale. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/reader_internal.h"

#define EXP_SATURATE (INT64_C(1) << 40)

const char *rd_scan_number(const char *p, const char *end, rd_num *n) {
  n->neg = p < end && *p == '-';
  if (n->neg) p++;
  if (p == end || (unsigned)(*p - '0') > 9) return NULL;
  n->int_p = p;
  if (*p == '0') p++;
  else
    while (p < end && (unsigned)(*p - '0') <= 9) p++;
  n->int_n = (uint32_t)(p - n->int_p);
  n->frac_p = p;
  n->frac_n = 0;
  if (p < end && *p == '.') {
    n->frac_p = ++p;
    while (p < end && (unsigned)(*p - '0') <= 9) p++;
    n->frac_n = (uint32_t)(p - n->frac_p);
    if (!n->frac_n) return NULL;
  }
  n->exp = 0;
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    bool eneg = p < end && *p == '-';
    if (p < end && (*p == '-' || *p == '+')) p++;
    if (p == end || (unsigned)(*p - '0') > 9) return NULL;
    for (; p < end && (unsigned)(*p - '0') <= 9; p++)
      if (n->exp < EXP_SATURATE) n->exp = n->exp * 10 + (*p - '0');
    if (eneg) n->exp = -n->exp;
  }
  return p;
}

/* The significant digits of a number: value = S * 10^e, S = digits [lead, lead + count). */
typedef struct sig {
  const rd_num *num;
  uint32_t lead, count;             /* count 0: the value is zero */
  int64_t e;
} sig;

static char digit_at(const rd_num *n, uint32_t i) {
  return i < n->int_n ? n->int_p[i] : n->frac_p[i - n->int_n];
}

static sig significant(const rd_num *n) {
  uint32_t total = n->int_n + n->frac_n, lead = 0, last = total;
  while (lead < total && digit_at(n, lead) == '0') lead++;
  if (lead == total) return (sig){n, 0, 0, 0};
  while (digit_at(n, last - 1) == '0') last--;
  return (sig){n, lead, last - lead, n->exp - n->frac_n + (total - last)};
}

static unsigned dig(const sig *s, uint32_t i) { return (unsigned)(digit_at(s->num, s->lead + i) - '0'); }

static const double pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Numbers as records mostly write them — "40", "2251139.72": at most 15 digits and no exponent.
 * All digits as one integer M < 10^15 over 10^frac_n is the same real value as the significant
 * digits over their power of ten, and one division of exact operands rounds it correctly, so
 * the result is the slow path's bit for bit. */
static bool short_plain(const rd_num *n, uint64_t *m) {
  if (n->exp || n->int_n + n->frac_n > 15) return false;
  uint64_t v = 0;
  for (uint32_t i = 0; i < n->int_n; i++) v = v * 10 + (unsigned)(n->int_p[i] - '0');
  for (uint32_t i = 0; i < n->frac_n; i++) v = v * 10 + (unsigned)(n->frac_p[i] - '0');
  *m = v;
  return true;
}

bool rd_num_double(const rd_num *n, double *out) {
  uint64_t m;
  if (short_plain(n, &m)) {
    double v = (double)m / pow10[n->frac_n];
    *out = n->neg && m ? -v : v;      /* zero is +0.0 however it is written, as below */
    return true;
  }
  sig s = significant(n);
  if (!s.count) { *out = 0.0; return true; }
  double v;
  if (s.count <= 15 && s.e >= -22 && s.e <= 22) {
    uint64_t m = 0;
    for (uint32_t i = 0; i < s.count; i++) m = m * 10 + dig(&s, i);
    v = s.e >= 0 ? (double)m * pow10[s.e] : (double)m / pow10[-s.e];
  } else {
    /* Digits beyond the 780th only matter through being non-zero (no double needs more to be
     * rounded correctly), so they collapse into one sticky digit. */
    enum { KEEP = 780 };
    char buf[KEEP + 2 + 24];
    uint32_t k = s.count < KEEP ? s.count : KEEP;
    for (uint32_t i = 0; i < k; i++) buf[i] = (char)('0' + dig(&s, i));
    int64_t e = s.e + (s.count - k);
    if (k < s.count) { buf[k++] = '1'; e--; }
    snprintf(buf + k, sizeof buf - k, "e%lld", (long long)e);
    v = strtod(buf, NULL);
  }
  if (isinf(v)) return false;
  *out = n->neg ? -v : v;
  return true;
}

int rd_num_int_check(const rd_num *n) {
  static const char two53[] = "9007199254740992";
  /* Fewer than 16 integer digits and nothing after them: below 2^53 as written. */
  if (!n->exp && !n->frac_n && n->int_n < 16) return 0;
  sig s = significant(n);
  if (!s.count) return 0;
  if (s.e < 0) return 1;
  int64_t ndigits = s.count + s.e;
  if (ndigits != 16) return ndigits < 16 ? 0 : 2;
  for (uint32_t i = 0; i < 16; i++) {
    char c = (char)(i < s.count ? '0' + dig(&s, i) : '0');
    if (c != two53[i]) return c < two53[i] ? 0 : 2;
  }
  return 0;
}

bool rd_num_us(const rd_num *n, uint32_t unit_seconds, int64_t *out) {
  sig s = significant(n);
  if (!s.count) { *out = 0; return true; }
  int64_t shift = s.e + 6;          /* S * 10^shift is the value in microseconds of the unit */
  /* Digits [0, nint) are the integer part of S * 10^shift, the rest its fraction. */
  int64_t nint = shift >= 0 ? s.count : s.count + shift;
  if (nint < 0) nint = 0;
  uint64_t ip = 0;
  for (uint32_t i = 0; i < nint; i++)
    if (__builtin_mul_overflow(ip, 10, &ip) || __builtin_add_overflow(ip, dig(&s, i), &ip)) return false;
  for (int64_t i = 0; shift > 0 && i < shift; i++)
    if (__builtin_mul_overflow(ip, 10, &ip)) return false;

  /* floor(fraction * unit), from the last digit to the first: floor((d + X) / 10) equals
   * floor((d + floor(X)) / 10) for an integer d, so carrying integers is exact. Leading zeros
   * of the fraction (shift < -count) only divide by ten, and stop mattering once c is 0. */
  uint64_t c = 0;
  bool inexact = false;
  for (int64_t i = s.count - 1; i >= nint; i--) {
    uint64_t t = dig(&s, (uint32_t)i) * (uint64_t)unit_seconds + c;
    inexact |= t % 10 != 0;
    c = t / 10;
  }
  for (int64_t z = -(s.count + shift); z > 0 && c; z--) {
    inexact |= c % 10 != 0;
    c /= 10;
  }

  uint64_t total;
  if (__builtin_mul_overflow(ip, (uint64_t)unit_seconds, &total) ||
      __builtin_add_overflow(total, c, &total) || total > (uint64_t)INT64_MAX)
    return false;
  /* floor(-v) = -ceil(v): a negative value with a fraction goes one further down. */
  *out = n->neg ? -(int64_t)total - inexact : (int64_t)total;
  return true;
}
