/* Instants as int64 microseconds since the Unix epoch, UTC (proleptic Gregorian calendar).
 *
 * Parsing is hand-rolled rather than strptime-based: it runs once per time field of every input
 * record, it must accept exactly LANGUAGE.md §9 (no locale, no lenient field widths, no leap
 * seconds, no "24:00"), and it must never read past `len` since input strings are not
 * NUL-terminated. Calendar arithmetic uses Howard Hinnant's days_from_civil / civil_from_days,
 * which are exact for every year and need no tables or loops. */
#include "leadc/runtime.h"

enum { US_PER_SEC = 1000000 };
#define US_PER_DAY INT64_C(86400000000)

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static unsigned days_in_month(unsigned y, unsigned m) {
  static const unsigned char dim[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) return 29;
  return dim[m];
}

/* Reads exactly n ASCII digits at s; false if any is not a digit. */
static bool digits(const char *s, int n, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < n; i++) {
    unsigned c = (unsigned char)s[i] - '0';
    if (c > 9) return false;
    v = v * 10 + c;
  }
  *out = v;
  return true;
}

bool lc_time_parse(const char *s, size_t len, int64_t *us) {
  unsigned y, mo, d;
  if (len < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
      !digits(s + 8, 2, &d))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
  int64_t t = days_from_civil(y, mo, d) * US_PER_DAY;
  if (len == 10) { *us = t; return true; }

  unsigned hh, mm, ss;
  if (len < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s + 11, 2, &hh) ||
      s[13] != ':' || !digits(s + 14, 2, &mm) || s[16] != ':' || !digits(s + 17, 2, &ss))
    return false;
  if (hh > 23 || mm > 59 || ss > 59) return false;
  t += ((int64_t)hh * 3600 + mm * 60 + ss) * US_PER_SEC;

  size_t i = 19;
  if (i < len && s[i] == '.') {
    size_t start = ++i;
    unsigned frac = 0, scale = US_PER_SEC;
    for (; i < len && (unsigned)(s[i] - '0') <= 9; i++)
      if (scale > 1) { scale /= 10; frac += (unsigned)(s[i] - '0') * scale; }
    if (i == start) return false;
    t += frac;
  }

  if (i == len) { *us = t; return true; }
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) { *us = t; return true; }
  if ((s[i] != '+' && s[i] != '-') || len - i != 6) return false;
  unsigned oh, om;
  if (!digits(s + i + 1, 2, &oh) || s[i + 3] != ':' || !digits(s + i + 4, 2, &om)) return false;
  if (oh > 23 || om > 59) return false;
  int64_t off = ((int64_t)oh * 3600 + om * 60) * US_PER_SEC;
  /* Local time minus its offset is UTC: 12:00+02:00 is 10:00Z. */
  *us = s[i] == '+' ? t - off : t + off;
  return true;
}

size_t lc_time_format(int64_t us, char *buf) {
  /* Floor division, so instants before 1970 still get a non-negative time of day. */
  int64_t days = us / US_PER_DAY, rem = us % US_PER_DAY;
  if (rem < 0) { rem += US_PER_DAY; days--; }
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  unsigned sec = (unsigned)(rem / US_PER_SEC), frac = (unsigned)(rem % US_PER_SEC);

  char *p = buf;
  if (y < 0) { *p++ = '-'; y = -y; }
  char ybuf[8];
  int yn = 0;
  do { ybuf[yn++] = (char)('0' + y % 10); y /= 10; } while (y);
  while (yn < 4) ybuf[yn++] = '0';
  while (yn) *p++ = ybuf[--yn];
  const unsigned fields[5] = {m, d, sec / 3600, sec / 60 % 60, sec % 60};
  const char seps[5] = {'-', '-', 'T', ':', ':'};
  for (int k = 0; k < 5; k++) {
    *p++ = seps[k];
    *p++ = (char)('0' + fields[k] / 10);
    *p++ = (char)('0' + fields[k] % 10);
  }
  if (frac) {
    *p++ = '.';
    for (unsigned div = 100000; div; div /= 10) *p++ = (char)('0' + frac / div % 10);
  }
  *p++ = 'Z';
  *p = '\0';
  return (size_t)(p - buf);
}
