#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/oom.h"

static void grow(lc_sb *sb, size_t extra) {
  if (sb->len + extra + 1 <= sb->cap) return;
  size_t cap = sb->cap ? sb->cap : 256;
  while (cap < sb->len + extra + 1) cap *= 2;
  char *p = realloc(sb->buf, cap);
  if (!p) lc_oom();
  sb->buf = p;
  sb->cap = cap;
}

void lc_sb_free(lc_sb *sb) { free(sb->buf); sb->buf = NULL; sb->len = sb->cap = 0; }

void lc_sb_putn(lc_sb *sb, const char *s, size_t n) {
  grow(sb, n);
  memcpy(sb->buf + sb->len, s, n);
  sb->len += n;
  sb->buf[sb->len] = 0;
}

void lc_sb_puts(lc_sb *sb, const char *s) { lc_sb_putn(sb, s, strlen(s)); }
void lc_sb_putc(lc_sb *sb, char c) { lc_sb_putn(sb, &c, 1); }

void lc_sb_printf(lc_sb *sb, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  grow(sb, (size_t)n);
  vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  sb->len += (size_t)n;
}

void lc_sb_json_escaped(lc_sb *sb, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': lc_sb_putn(sb, "\\\"", 2); break;
    case '\\': lc_sb_putn(sb, "\\\\", 2); break;
    case '\n': lc_sb_putn(sb, "\\n", 2); break;
    case '\r': lc_sb_putn(sb, "\\r", 2); break;
    case '\t': lc_sb_putn(sb, "\\t", 2); break;
    default:
      if (c < 0x20) {
        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        lc_sb_putn(sb, u, 6);
      } else {
        lc_sb_putc(sb, (char)c);
      }
    }
  }
}

void lc_sb_json_string(lc_sb *sb, const char *s) {
  if (!s) { lc_sb_puts(sb, "null"); return; }
  lc_sb_putc(sb, '"');
  lc_sb_json_escaped(sb, s, strlen(s));
  lc_sb_putc(sb, '"');
}

const char *lc_sb_cstr(lc_sb *sb) { return sb->buf ? sb->buf : ""; }
