/* Name tables. Generated models have tens of thousands of rules, so lookups are hashed rather
 * than scanned; did-you-mean runs only on an error, so it may scan. */
#include <stdlib.h>
#include <string.h>
#include "check/check_internal.h"

static uint32_t hash(const char *s) {
  uint32_t h = 2166136261u;                       /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

ck_name *ck_map_get(const ck_map *m, const char *name) {
  if (!m->cap) return NULL;
  for (uint32_t i = hash(name) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    ck_name *n = m->slots[i];
    if (!n) return NULL;
    if (!strcmp(n->name, name)) return n;
  }
}

static void insert(ck_name **slots, uint32_t cap, ck_name *n) {
  uint32_t i = hash(n->name) & (cap - 1);
  while (slots[i]) i = (i + 1) & (cap - 1);
  slots[i] = n;
}

void ck_map_put(lc_arena *a, ck_map *m, ck_name *n) {
  if ((m->n + 1) * 2 > m->cap) {
    uint32_t cap = m->cap ? m->cap * 2 : 64;
    ck_name **slots = LC_NEW_ARRAY(a, ck_name *, cap);
    for (uint32_t i = 0; i < m->cap; i++)
      if (m->slots[i]) insert(slots, cap, m->slots[i]);
    m->slots = slots;
    m->cap = cap;
  }
  insert(m->slots, m->cap, n);
  m->n++;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *ck_map_suggest(lc_arena *a, const ck_map *m, const char *word, uint32_t kinds) {
  const char **names = LC_NEW_ARRAY(a, const char *, m->n + 1);
  uint32_t k = 0;
  for (uint32_t i = 0; i < m->cap; i++) {
    const ck_name *n = m->slots[i];
    if (n && (kinds >> n->kind & 1)) names[k++] = n->name;
  }
  /* slot order depends on the hash; sort so that ties pick the same candidate on every run */
  qsort(names, k, sizeof *names, cmp_str);
  return lc_did_you_mean(word, names, k);
}
