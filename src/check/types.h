/* The semantic types of the scoring language, as the checker computes them and lowering reads
 * them. Types are interned in an lc_types table (arena-backed): two structurally equal types are
 * the same pointer, so `a == b` is type equality and the optional twin of a type is found, not
 * rebuilt. Every type has both forms linked: t->req is the required form, t->opt the optional
 * one (`T?`: the value may be missing).
 *
 * Besides the types a user can write (bool number int string time duration enum list record),
 * the checker uses three internal ones:
 *   error    — the type of an expression that was already reported. Every check accepts it
 *              silently, so one mistake gives one message instead of a cascade.
 *   missing  — a value that is always missing (e.g. domain("no at-sign") folded at compile time).
 *              Using it where a value is required is E0305.
 *   regex    — a /…/ literal or a const holding one; only `matches` takes it.
 * Constant lists (`[…]`, const lists, lines()) are ordinary list<string> / list<number> types. */
#ifndef LEADC_CHECK_TYPES_H
#define LEADC_CHECK_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include "util/arena.h"
#include "util/vec.h"

struct lc_record;   /* check/check.h */

typedef enum lc_type_kind {
  LC_T_ERROR,
  LC_T_MISSING,
  LC_T_BOOL,
  LC_T_NUMBER,
  LC_T_INT,         /* a number that must be integral on input; interchangeable with number */
  LC_T_STRING,
  LC_T_TIME,
  LC_T_DURATION,
  LC_T_ENUM,
  LC_T_LIST,
  LC_T_RECORD,
  LC_T_REGEX,
} lc_type_kind;

typedef struct lc_type lc_type;
struct lc_type {
  lc_type_kind kind;
  bool optional;
  lc_type *req;                 /* the required form (this type when !optional) */
  lc_type *opt;                 /* the optional form (this type when optional) */
  const char *const *members;   /* LC_T_ENUM: member strings, in declaration order */
  uint32_t nmembers;
  lc_type *elem;                /* LC_T_LIST: element type (always required) */
  struct lc_record *record;     /* LC_T_RECORD */
};

typedef struct lc_types {
  lc_arena *arena;
  lc_type *error, *missing, *boolean, *number, *integer, *string, *time, *duration, *regex;
  lc_vec enums, lists, records;  /* interned composite types (required forms) */
} lc_types;

void lc_types_init(lc_types *t, lc_arena *a);

/* Members are copied; duplicates are the caller's to report. */
lc_type *lc_type_enum(lc_types *t, const char *const *members, uint32_t n);
lc_type *lc_type_list(lc_types *t, lc_type *elem);
lc_type *lc_type_record(lc_types *t, struct lc_record *r);

/* t made optional when `optional` holds, unchanged otherwise. */
static inline lc_type *lc_type_opt_if(lc_type *t, bool optional) { return optional ? t->opt : t; }

static inline bool lc_type_is_error(const lc_type *t) { return t->kind == LC_T_ERROR; }
static inline bool lc_type_is_numeric(const lc_type *t) {
  return t->kind == LC_T_NUMBER || t->kind == LC_T_INT;
}

/* Index of a member in an enum type, or -1. */
int32_t lc_type_enum_index(const lc_type *t, const char *s, uint32_t len);

/* Whether a value of type `got` may stand where `want` is expected, ignoring optionality
 * (missing values flow freely, section 4) and accepting error on either side. int and number
 * are interchangeable; an enum accepts only the same enum. */
bool lc_type_accepts(const lc_type *want, const lc_type *got);

/* The common type of two branches (`a ?? b`, list literal items), or NULL when there is none.
 * Optional when either is; error when either is. */
lc_type *lc_type_unify(lc_types *t, lc_type *a, lc_type *b);

/* For messages: "string?", "enum(\"a\", \"b\", …)", "list<event>", "number". */
const char *lc_type_str(lc_arena *a, const lc_type *t);

#endif
