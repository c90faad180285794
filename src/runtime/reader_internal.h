/* Shared internals of the record decoders (reader_decoder.c, reader_value.c, reader_number.c,
 * reader_json.c, reader_csv.c). Not part of the runtime ABI. */
#ifndef LEADC_RUNTIME_READER_INTERNAL_H
#define LEADC_RUNTIME_READER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/hash.h"
#include "runtime/reader.h"

/* ---- the prepared decoder: one node per record description */

typedef struct rd_key {
  uint64_t hash;
  uint32_t len;
  uint32_t field;                   /* field index + 1; 0 marks an empty table entry */
} rd_key;

/* Enum members by a hash of the length and the first and last bytes, chosen collision-free for
 * the members when the decoder is built: a value is then a member only if it equals the one
 * member in its slot, one compare instead of one per member. slot is NULL when no table size up
 * to RD_ENUM_TABLE_MAX separates the members (or two are equal), and lookups scan them all. */
typedef struct rd_enum_table {
  uint32_t *slot;                   /* member index + 1; 0 marks an empty slot */
  uint32_t shift;                   /* the slot is the hash's top 32 - shift bits */
} rd_enum_table;

enum { RD_ENUM_TABLE_BITS_MAX = 12 };

/* Multiplicative hashing: the top bits depend on every input bit, so they index the table. */
static inline uint32_t rd_enum_hash(const char *s, size_t n) {
  uint32_t first = n ? (unsigned char)s[0] : 0, last = n ? (unsigned char)s[n - 1] : 0;
  return ((uint32_t)n << 16 ^ first << 8 ^ last) * 0x9E3779B1u;
}

struct lc_decoder {
  const lc_record_desc *desc;
  rd_key *keys;                     /* open addressing over field keys, load <= 1/2 */
  uint32_t mask;
  /* Per field, for matching the key expected next by its raw bytes (reader_json.c): the key, and
   * its length or RD_NOT_RAW when JSON would write it escaped ('"', '\\', control characters). */
  const char **key;
  uint32_t *key_len;
  const lc_decoder **elem;          /* per field: the element record's node (lists only) */
  uint32_t **member_len;            /* per field: lengths of the enum members (enums only) */
  rd_enum_table *member_table;      /* per field: enum members by rd_enum_hash (enums only) */
  uint32_t *missing_len;            /* lengths of desc->missing_values */
  lc_decoder **nodes;               /* root only: every node, for lc_decoder_free */
  uint32_t nnodes;
};

enum { RD_NOT_RAW = UINT32_MAX };

/* The field with this key, or -1. */
int32_t rd_find_field(const lc_decoder *d, const char *key, size_t len);

/* The index of the enum member equal to s, or nmembers when there is none. Inline because
 * every enum value of every record comes through here. */
static inline uint32_t rd_enum_index(const lc_decoder *d, uint32_t field, const char *s, size_t n) {
  const lc_field_desc *f = &d->desc->fields[field];
  const uint32_t *len = d->member_len[field];
  const rd_enum_table *t = &d->member_table[field];
  if (t->slot) {
    uint32_t i = t->slot[rd_enum_hash(s, n) >> t->shift];
    return i && len[i - 1] == n && lc_bytes_eq(f->members[i - 1], s, n) ? i - 1 : f->nmembers;
  }
  uint32_t i = 0;
  while (i < f->nmembers && !(len[i] == n && lc_bytes_eq(f->members[i], s, n))) i++;
  return i;
}

/* ---- one decode call */

typedef enum rd_status {
  RD_OK,
  RD_NULL,        /* the value reads as missing: null, an empty cell */
  RD_MISSING,     /* the value is one of the block's missing_values */
  RD_INVALID,     /* the value is well-formed but not acceptable for the field; err is written */
  RD_SYNTAX,      /* the record itself is malformed; err is written */
} rd_status;

typedef struct rd_ctx {
  lc_scratch *scratch;
  lc_decode_error *err;
  const char *start;                /* of the record, for byte offsets in messages */
} rd_ctx;

/* Where a value sits, for messages: "events[2].at". Frames live on the C stack. */
typedef struct rd_path {
  const struct rd_path *parent;
  const char *name;                 /* field name, or NULL for a list element frame */
  uint64_t index;
} rd_path;

/* What was found, quoted in a message: text shown verbatim (a JSON token), text shown as a
 * quoted string (a CSV cell), or a description ("an object"). */
typedef enum rd_found_style { RD_FOUND_TOKEN, RD_FOUND_QUOTE, RD_FOUND_DESC } rd_found_style;
typedef struct rd_found {
  const char *p;
  size_t n;
  rd_found_style style;
} rd_found;

/* `field "PATH": WHAT, found FOUND`; without the found part when found is NULL, without the
 * field part when path is NULL (the record as a whole). */
rd_status rd_fail_value(rd_ctx *x, const rd_path *path, const char *what, const rd_found *found);
/* `malformed JSON at byte N: WHAT` (N 1-based, relative to x->start). */
rd_status rd_fail_syntax(rd_ctx *x, const char *at, const char *what);
/* `field "PATH": expected <what the field's kind takes>, found FOUND`. */
rd_status rd_fail_kind(const lc_decoder *d, uint32_t field, rd_ctx *x, const rd_path *path,
                       const rd_found *found);
/* Any other message, printf-style. */
rd_status rd_fail(rd_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- storing into a record (fields with LC_NO_SLOT are not stored) */

/* The field's value slot, its presence byte set; NULL when the field is not stored. Values are
 * written member by member: a whole lc_slot assembled on the stack and copied would make the
 * CPU stall forwarding two 8-byte stores into one 16-byte load, on every field. */
static inline lc_slot *rd_slot(const lc_decoder *d, uint32_t field, uint8_t *rec) {
  uint32_t slot = d->desc->fields[field].slot;
  if (slot == LC_NO_SLOT) return NULL;
  rec[slot] = 1;
  return (lc_slot *)(void *)(rec + LC_SLOT_OFFSET(d->desc->nslots, slot));
}

static inline void rd_store_str(const lc_decoder *d, uint32_t field, uint8_t *rec, const char *p,
                                uint32_t n) {
  lc_slot *v = rd_slot(d, field, rec);
  if (v) v->str.ptr = p, v->str.len = n;
}

/* Times and durations (µs) and enum member indices. */
static inline void rd_store_int(const lc_decoder *d, uint32_t field, uint8_t *rec, int64_t i) {
  lc_slot *v = rd_slot(d, field, rec);
  if (v) v->i = i;
}

static inline void rd_store_num(const lc_decoder *d, uint32_t field, uint8_t *rec, double x) {
  lc_slot *v = rd_slot(d, field, rec);
  if (v) v->num = x;
}

static inline void rd_store_bool(const lc_decoder *d, uint32_t field, uint8_t *rec, bool b) {
  lc_slot *v = rd_slot(d, field, rec);
  if (v) v->b = b;
}

static inline void rd_store_list(const lc_decoder *d, uint32_t field, uint8_t *rec,
                                 const uint8_t *items, uint32_t n) {
  lc_slot *v = rd_slot(d, field, rec);
  if (v) v->list.items = items, v->list.n = n;
}

static inline void rd_clear(const lc_decoder *d, uint32_t field, uint8_t *rec) {
  uint32_t slot = d->desc->fields[field].slot;
  if (slot != LC_NO_SLOT) rec[slot] = 0;
}

/* What a field reads as when it is absent or missing: an empty list, nothing for an optional
 * field, or RD_INVALID (required) with err saying `required, but WHY` ("absent", "null", …).
 * `path` is that of the record holding the field (NULL for the input record). */
rd_status rd_absent(const lc_decoder *d, uint32_t field, uint8_t *rec, rd_ctx *x,
                    const rd_path *path, const char *why);

/* ---- numbers in JSON syntax: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */

typedef struct rd_num {
  const char *int_p, *frac_p;       /* digits before and after the '.' */
  uint32_t int_n, frac_n;
  int64_t exp;                      /* the written exponent, saturated to ±2^40 */
  bool neg;
} rd_num;

/* Scans a number at p; returns the end of the token or NULL when p does not start one. */
const char *rd_scan_number(const char *p, const char *end, rd_num *n);
/* The nearest double; false when the value is too large for a double. */
bool rd_num_double(const rd_num *n, double *out);
/* Whether the value as written is an integer with |n| <= 2^53: 0 yes, 1 not integral,
 * 2 out of range. */
int rd_num_int_check(const rd_num *n);
/* floor(value * unit_seconds * 10^6): microseconds; false when outside int64. */
bool rd_num_us(const rd_num *n, uint32_t unit_seconds, int64_t *out);

/* ---- converting text values (JSON strings and CSV cells) */

/* Whether s is one of the block's missing_values. */
bool rd_is_missing_value(const lc_decoder *d, const char *s, size_t n);

/* The converters below take the path of the value itself (the field's frame) for messages. */

/* Stores a string value s for the field (kinds string, enum, time, duration; anything else, and
 * unparsable text, is RD_INVALID quoting `found`). */
rd_status rd_put_text(const lc_decoder *d, uint32_t field, const char *s, size_t n, uint8_t *rec,
                      rd_ctx *x, const rd_path *path, const rd_found *found);
/* Stores a number for the field (kinds number, int, time, duration). */
rd_status rd_put_number(const lc_decoder *d, uint32_t field, const rd_num *num, uint8_t *rec,
                        rd_ctx *x, const rd_path *path, const rd_found *found);
/* Stores a CSV cell for a non-list field: the text rules above plus numbers and bool words. */
rd_status rd_put_cell(const lc_decoder *d, uint32_t field, const char *s, size_t n, uint8_t *rec,
                      rd_ctx *x, const rd_path *path);

/* ---- JSON, for CSV list cells: the cell text must be one JSON array (or null). `path` is the
 * record's, as for rd_absent. Malformed JSON in the cell is RD_INVALID naming the field. */
rd_status rd_json_list_text(const lc_decoder *d, uint32_t field, const char *s, size_t n,
                            uint8_t *rec, rd_ctx *x, const rd_path *path);

#endif
