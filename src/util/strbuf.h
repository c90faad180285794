/* A heap-backed growing string for output that outlives any arena (rendered diagnostics,
 * generated C, JSON rows). The owner frees it with lc_sb_free. */
#ifndef LEADC_UTIL_STRBUF_H
#define LEADC_UTIL_STRBUF_H

#include <stddef.h>

typedef struct lc_sb {
  char *buf;
  size_t len, cap;
} lc_sb;

void lc_sb_free(lc_sb *sb);
void lc_sb_putn(lc_sb *sb, const char *s, size_t n);
void lc_sb_puts(lc_sb *sb, const char *s);
void lc_sb_putc(lc_sb *sb, char c);
void lc_sb_printf(lc_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as the inside of a JSON string literal (no surrounding quotes). */
void lc_sb_json_escaped(lc_sb *sb, const char *s, size_t n);
/* Appends the NUL-terminated s as a JSON string literal with its quotes; NULL as null. */
void lc_sb_json_string(lc_sb *sb, const char *s);
/* Returns the buffer NUL-terminated ("" when empty); it stays owned by sb. */
const char *lc_sb_cstr(lc_sb *sb);

#endif
