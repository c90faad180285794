/* Preparing a decoder: per record description, a hash table from key to field and the lengths
 * of keys, enum members and missing_values, so that decoding a record never calls strlen and
 * finds each key of the input in about one probe.
 *
 * A description reachable twice (two lists of the same element record) gets one node; the
 * nodes are kept in the root, which frees them all. */
#include <stdlib.h>
#include <string.h>

#include "runtime/hash.h"
#include "runtime/reader_internal.h"

static void node_free(lc_decoder *n) {
  if (!n) return;
  if (n->member_len)
    for (uint32_t i = 0; i < n->desc->nfields; i++) free(n->member_len[i]);
  free(n->member_len);
  if (n->member_table)
    for (uint32_t i = 0; i < n->desc->nfields; i++) free(n->member_table[i].slot);
  free(n->member_table);
  free(n->keys);
  free(n->key);
  free(n->key_len);
  free(n->elem);
  free(n->missing_len);
  free(n);
}

void lc_decoder_free(lc_decoder *d) {
  if (!d) return;
  for (uint32_t i = 1; i < d->nnodes; i++) node_free(d->nodes[i]);
  free(d->nodes);
  node_free(d);
}

static uint32_t *lengths(const char *const *strs, uint32_t n) {
  uint32_t *len = calloc(n ? n : 1, sizeof *len);
  if (len)
    for (uint32_t i = 0; i < n; i++) len[i] = (uint32_t)strlen(strs[i]);
  return len;
}

/* The smallest table from twice the member count up that puts every member in a slot of its
 * own; none (slot NULL, not an error) when there is none up to the size limit. False when out
 * of memory. */
static bool enum_table(const lc_field_desc *f, const uint32_t *len, rd_enum_table *t) {
  t->slot = NULL;
  uint32_t bits = 1;
  while ((UINT32_C(1) << bits) < 2 * (uint64_t)f->nmembers) bits++;
  for (; bits <= RD_ENUM_TABLE_BITS_MAX; bits++) {
    uint32_t *slot = calloc(UINT32_C(1) << bits, sizeof *slot), i = 0;
    if (!slot) return false;
    for (; i < f->nmembers; i++) {
      uint32_t *s = &slot[rd_enum_hash(f->members[i], len[i]) >> (32 - bits)];
      if (*s) break;
      *s = i + 1;
    }
    if (i == f->nmembers) {
      t->slot = slot;
      t->shift = 32 - bits;
      return true;
    }
    free(slot);
  }
  return true;
}

static lc_decoder *build(lc_decoder *root, const lc_record_desc *desc);

static const char *key_of(const lc_field_desc *f) { return f->key ? f->key : f->name; }

static bool key_is(const lc_decoder *n, const rd_key *k, uint64_t h, const char *key, size_t len) {
  return k->hash == h && k->len == len && lc_bytes_eq(key_of(&n->desc->fields[k->field - 1]), key, len);
}

/* Whether JSON writes the key as its bytes, so that input can be compared with them directly. */
static bool raw_key(const char *key, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)key[i] < 0x20 || key[i] == '"' || key[i] == '\\') return false;
  return true;
}

static bool fill(lc_decoder *root, lc_decoder *n) {
  const lc_record_desc *desc = n->desc;
  uint32_t nf = desc->nfields, cap = 8;
  while (cap < 2 * (uint64_t)nf) cap *= 2;
  n->mask = cap - 1;
  n->keys = calloc(cap, sizeof *n->keys);
  n->key = calloc(nf ? nf : 1, sizeof *n->key);
  n->key_len = calloc(nf ? nf : 1, sizeof *n->key_len);
  n->elem = calloc(nf ? nf : 1, sizeof *n->elem);
  n->member_len = calloc(nf ? nf : 1, sizeof *n->member_len);
  n->member_table = calloc(nf ? nf : 1, sizeof *n->member_table);
  n->missing_len = lengths(desc->missing_values, desc->nmissing);
  if (!n->keys || !n->key || !n->key_len || !n->elem || !n->member_len || !n->member_table ||
      !n->missing_len)
    return false;

  for (uint32_t i = 0; i < nf; i++) {
    const lc_field_desc *f = &desc->fields[i];
    const char *key = key_of(f);
    uint32_t len = (uint32_t)strlen(key);
    uint64_t h = lc_hash_bytes(key, len);
    uint32_t j = (uint32_t)h & n->mask;
    /* Two fields with one key cannot be told apart in the input; the first one keeps it, and
     * the other is never matched by its raw bytes either. */
    while (n->keys[j].field && !key_is(n, &n->keys[j], h, key, len)) j = (j + 1) & n->mask;
    bool first = !n->keys[j].field;
    if (first) n->keys[j] = (rd_key){h, len, i + 1};
    n->key[i] = key;
    n->key_len[i] = first && raw_key(key, len) ? len : RD_NOT_RAW;

    if (f->kind == LC_V_ENUM && (!(n->member_len[i] = lengths(f->members, f->nmembers)) ||
                                 !enum_table(f, n->member_len[i], &n->member_table[i])))
      return false;
    if (f->kind == LC_V_LIST && !(n->elem[i] = build(root, f->elem))) return false;
  }
  return true;
}

/* The node for desc, created (with everything below it) if this is its first use. */
static lc_decoder *build(lc_decoder *root, const lc_record_desc *desc) {
  for (uint32_t i = 0; i < root->nnodes; i++)
    if (root->nodes[i]->desc == desc) return root->nodes[i];
  lc_decoder *n = root->nnodes ? calloc(1, sizeof *n) : root;
  if (!n) return NULL;
  n->desc = desc;
  lc_decoder **nodes = realloc(root->nodes, (root->nnodes + 1) * sizeof *nodes);
  if (!nodes) {
    if (n != root) free(n);
    return NULL;
  }
  root->nodes = nodes;
  root->nodes[root->nnodes++] = n;
  return fill(root, n) ? n : NULL;
}

lc_decoder *lc_decoder_new(const lc_record_desc *desc) {
  lc_decoder *root = calloc(1, sizeof *root);
  if (!root) return NULL;
  if (!build(root, desc)) {
    lc_decoder_free(root);
    return NULL;
  }
  return root;
}

int32_t rd_find_field(const lc_decoder *d, const char *key, size_t len) {
  uint64_t h = lc_hash_bytes(key, len);
  for (uint32_t j = (uint32_t)h & d->mask;; j = (j + 1) & d->mask) {
    const rd_key *k = &d->keys[j];
    if (!k->field) return -1;
    if (key_is(d, k, h, key, len)) return (int32_t)k->field - 1;
  }
}
