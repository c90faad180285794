/* Arena allocation for everything a compilation creates (AST, types, plan, diagnostics).
 * Allocations are bump-pointer from chained blocks and are never freed one by one: the whole
 * compilation is released with one lc_arena_free, which is what keeps the compiler leak-free
 * without ownership bookkeeping in every pass. Allocation failure aborts with a message: the
 * compiler has no sensible way to continue without memory, and exit code 4 is the CLI's. */
#ifndef LEADC_UTIL_ARENA_H
#define LEADC_UTIL_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct lc_arena_block lc_arena_block;
typedef struct lc_arena {
  lc_arena_block *head;
  size_t total;            /* bytes handed out, for statistics */
} lc_arena;

void  lc_arena_init(lc_arena *a);
void  lc_arena_free(lc_arena *a);
/* Releases everything but keeps the first block, for per-batch reuse in the runtime. */
void  lc_arena_reset(lc_arena *a);
void *lc_arena_alloc(lc_arena *a, size_t size);          /* 16-byte aligned, zeroed */
void *lc_arena_dup(lc_arena *a, const void *p, size_t size);
char *lc_arena_strndup(lc_arena *a, const char *s, size_t n);   /* NUL-terminated copy */
char *lc_arena_strdup(lc_arena *a, const char *s);
char *lc_arena_printf(lc_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define LC_NEW(a, T) ((T *)lc_arena_alloc((a), sizeof(T)))
#define LC_NEW_ARRAY(a, T, n) ((T *)lc_arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
