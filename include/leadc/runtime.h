/* leadc runtime ABI: the record layout and the helpers that the interpreter, the LLVM JIT and
 * generated C all call. Keeping one definition of every non-trivial operation here (rounding,
 * decay, regex, case mapping, time) is what makes the backends agree to the bit.
 *
 * Record layout. A model's plan gives each field it uses a slot. A record (the input, or one list
 * element) is a flat struct of `nslots` slots:
 *
 *     offset 0                      uint8_t present[LC_PRESENT_BYTES(nslots)]   1 = value present
 *     offset LC_PRESENT_BYTES(n)    lc_slot value[nslots]                        16 bytes each
 *
 * so slot i's presence byte is at i and its value at LC_SLOT_OFFSET(nslots, i). Value encodings:
 * number/int → num (double); time/duration → us (int64 microseconds, UTC epoch for times);
 * enum → i (member index); bool → b; string → str (UTF-8 bytes, not NUL-terminated, valid for
 * the batch); list → list (n element records of the element layout's size, contiguous).
 * A list is always present (absent or null reads as empty). */
#ifndef LEADC_RUNTIME_H
#define LEADC_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lc_str { const char *ptr; uint32_t len; } lc_str;
typedef struct lc_list { const uint8_t *items; uint32_t n; } lc_list;

typedef union lc_slot {
  double num;
  int64_t us;
  int64_t i;
  uint8_t b;
  lc_str str;
  lc_list list;
} lc_slot;

#define LC_PRESENT_BYTES(nslots) ((((uint32_t)(nslots)) + 7u) & ~7u)
#define LC_SLOT_OFFSET(nslots, i) (LC_PRESENT_BYTES(nslots) + 16u * (uint32_t)(i))
#define LC_RECORD_SIZE(nslots) (LC_PRESENT_BYTES(nslots) + 16u * (uint32_t)(nslots))
#define LC_NO_SLOT UINT32_MAX

/* ---- the shape a reader decodes: generated from the plan (or emitted as static tables) */

typedef enum lc_vkind {
  LC_V_BOOL, LC_V_NUMBER, LC_V_INT, LC_V_STRING, LC_V_TIME, LC_V_DURATION, LC_V_ENUM, LC_V_LIST,
} lc_vkind;

typedef struct lc_record_desc lc_record_desc;

typedef struct lc_field_desc {
  const char *name;                 /* as declared, for messages */
  const char *key;                  /* JSON key / CSV column: `from "…"` or the name */
  lc_vkind kind;
  bool optional;
  uint32_t slot;                    /* LC_NO_SLOT: validated but not stored (the model never reads it) */
  const char *const *members;       /* LC_V_ENUM */
  uint32_t nmembers;
  const lc_record_desc *elem;       /* LC_V_LIST */
} lc_field_desc;

struct lc_record_desc {
  const char *name;
  const lc_field_desc *fields;
  uint32_t nfields;
  uint32_t nslots;                  /* record size is LC_RECORD_SIZE(nslots) */
  uint32_t timestamp_slot;          /* LC_NO_SLOT when the record has no timestamp field */
  const char *const *missing_values;  /* `missing_values "…", …` of the block */
  uint32_t nmissing;
};

/* ---- per-run context handed to every score call */

typedef struct lc_scratch lc_scratch;        /* bump allocator reset per batch (runtime/scratch.c) */
void *lc_scratch_alloc(lc_scratch *s, size_t n);

typedef struct lc_exec {
  int64_t as_of_us;
  lc_scratch *scratch;                       /* temporary strings (lower, domain, …) */
} lc_exec;

/* What a score function fills in. The caller allocates arrays sized by the model:
 * groups[ngroups], rules[nrules], fired[nrules]. */
typedef struct lc_result {
  double score;                     /* clamped and rounded to 2 decimals */
  int32_t tier;                     /* index of the first matching tier, -1 when none */
  double *groups;                   /* group totals after cap/floor, rounded */
  double *rules;                    /* rule contributions, unrounded */
  uint8_t *fired;
} lc_result;

/* ---- numeric helpers */

/* Round half away from zero to 2 decimals, decided on the double's exact binary value
 * (0.015 → 0.01, 0.125 → 0.13, -9.875 → -9.88). */
double lc_rt_round2(double x);
/* round(x, digits) for the language's builtin: same rule, any digit count in [-15, 15]. */
double lc_rt_round_digits(double x, double digits);
/* Decay factors for an age in microseconds (negative ages count as 0). */
double lc_rt_decay_half_life(int64_t age_us, int64_t half_life_us);
double lc_rt_decay_linear(int64_t age_us, int64_t span_us);
double lc_rt_decay_step(int64_t age_us, int64_t span_us);

/* ---- strings (UTF-8; invalid input never reaches these: readers reject it) */

bool lc_rt_str_eq(lc_str a, lc_str b);
int lc_rt_str_cmp(lc_str a, lc_str b);                 /* bytewise, like memcmp then length */
bool lc_rt_starts_with(lc_str s, lc_str prefix);
bool lc_rt_ends_with(lc_str s, lc_str suffix);
bool lc_rt_contains(lc_str s, lc_str needle);
lc_str lc_rt_lower(lc_exec *x, lc_str s);              /* Unicode simple case mapping */
lc_str lc_rt_upper(lc_exec *x, lc_str s);
lc_str lc_rt_trim(lc_str s);                           /* Unicode White_Space at both ends */
double lc_rt_len(lc_str s);                            /* code points */
/* domain(email): text after the last '@', lowercased; false (missing) when there is no '@'. */
bool lc_rt_domain(lc_exec *x, lc_str email, lc_str *out);
bool lc_rt_local_part(lc_str email, lc_str *out);
/* Longest run of adjacent keys on one QWERTY or AZERTY row, case-insensitive. */
double lc_rt_keyboard_run(lc_str s);

/* A set of strings fixed at compile time (`in` against a const list or lines()). */
typedef struct lc_strset lc_strset;
lc_strset *lc_strset_new(const lc_str *items, uint32_t n);
void lc_strset_free(lc_strset *s);
bool lc_rt_strset_contains(const lc_strset *s, lc_str key);

/* A regex compiled once per model with PCRE2_UTF|PCRE2_UCP (+ PCRE2_CASELESS for i, PCRE2_EXTENDED
 * for x) and PCRE2's JIT where available. Matching is thread-safe: match data is per thread. */
typedef struct lc_regex lc_regex;
enum { LC_RE_CASELESS = 1, LC_RE_EXTENDED = 2 };
/* On failure returns NULL and sets *err_offset (bytes into pattern) and err_msg. */
lc_regex *lc_regex_compile(const char *pattern, size_t len, uint32_t flags, size_t *err_offset,
                           char *err_msg, size_t err_msg_size);
void lc_regex_free(lc_regex *re);
bool lc_rt_regex_match(const lc_regex *re, lc_str s);

/* ---- time */

/* RFC 3339 date-time (T/t/space separator; Z/z/±hh:mm or no offset = UTC; any number of
 * fraction digits truncated to µs; leap second rejected) or a YYYY-MM-DD date. */
bool lc_time_parse(const char *s, size_t len, int64_t *us);
/* Formats as RFC 3339 UTC with 'Z', adding .ffffff only when there are fractional seconds.
 * buf must hold 40 bytes; returns the length. */
size_t lc_time_format(int64_t us, char *buf);

/* ---- aggregates */

/* count_distinct's last step: the number of distinct values among vals[0..n), compared as the
 * kind says (numbers as doubles, strings bytewise, the rest as integers). Sorts vals in place;
 * vals may be NULL when n is 0. */
typedef enum lc_distinct_kind {
  LC_DISTINCT_NUM, LC_DISTINCT_STR, LC_DISTINCT_INT, LC_DISTINCT_BOOL,
} lc_distinct_kind;
double lc_rt_count_distinct(lc_slot *vals, uint32_t n, lc_distinct_kind kind);

/* ---- a model compiled to C (`leadc emit c`, `leadc build`)
 *
 * A generated C file describes its model with one lc_compiled_model, exported as
 * `leadc_compiled_model`: the names, record descriptors and constant tables, and the score
 * function. What cannot be a constant table (compiled regexes, string sets) the runtime builds
 * from the tables when it opens the model, and hands to every score call in lc_compiled_objects.
 * The score function has the contract of every backend: pure, thread-safe, it fills every entry
 * of the lc_result (src/backend/backend.h). */

/* Bumped whenever lc_compiled_model or the record ABI changes, so a generated file from another
 * leadc is refused instead of misread. */
#define LC_COMPILED_ABI 1u

typedef struct lc_compiled_rule {
  const char *name;
  const char *description;          /* NULL when the rule has none */
  int32_t group;                    /* index into groups, -1 at top level */
} lc_compiled_rule;

typedef struct lc_compiled_regex {
  const char *source;               /* the pattern between the slashes */
  uint32_t flags;                   /* LC_RE_* */
} lc_compiled_regex;

typedef struct lc_compiled_strset {
  const lc_str *items;              /* sorted bytewise, no duplicates */
  uint32_t n;
} lc_compiled_strset;

typedef struct lc_compiled_objects {
  lc_regex *const *regexes;         /* [i] built from lc_compiled_model.regexes[i] */
  lc_strset *const *strsets;        /* [i] built from lc_compiled_model.strsets[i] */
} lc_compiled_objects;

typedef void (*lc_compiled_score_fn)(const lc_compiled_objects *k, const void *rec, lc_exec *x,
                                     lc_result *r);

typedef struct lc_compiled_model {
  uint32_t abi;                     /* LC_COMPILED_ABI of the generator */
  const char *name;
  const char *description;          /* NULL when the model has none */
  const char *version;              /* NULL when the model has none */
  const char *source_hash;          /* of the model's source files, as `leadc emit c` prints it */
  const char *leadc_version;        /* of the generator */
  const lc_record_desc *records;    /* [0] the input, then list element records */
  uint32_t nrecords;
  uint32_t key_slot;                /* LC_NO_SLOT when the input has no key */
  const lc_compiled_rule *rules;    /* in declaration order, groups' rules included */
  uint32_t nrules;
  const char *const *groups;
  uint32_t ngroups;
  const char *const *tiers;         /* in the order they are tried */
  uint32_t ntiers;
  const lc_compiled_regex *regexes;
  uint32_t nregexes;
  const lc_compiled_strset *strsets;
  uint32_t nstrsets;
  lc_compiled_score_fn score;
} lc_compiled_model;

/* main() of a program made by `leadc build` (in the leadc_driver library): `leadc score` with m
 * built in. It takes the same options except --backend and -I, and INPUT… operands only. */
int lc_compiled_main(int argc, char **argv, const lc_compiled_model *m);

#ifdef __cplusplus
}
#endif
#endif
