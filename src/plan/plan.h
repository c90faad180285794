/* The model plan: what a checked model means, in a form every backend executes the same way.
 * Lowering (lower.c) produces it from the typed AST: names are resolved to slots, defs are
 * inlined, constants folded, enum strings turned into member indices, regexes compiled once,
 * `in` lists turned into sets. Backends (interpreter, LLVM, generated C) read only this.
 *
 * Scopes: an expression reads fields of the input record (level 0) or of the element that an
 * enclosing aggregate or `each` rule is visiting (level 1, 2, … for nested lists). P_FIELD says
 * which level and which slot. Every list element whose timestamp is after as_of is skipped by
 * every aggregate and `each` rule (the point-in-time rule); backends implement that in one place.
 *
 * Missing values: every expression yields a value or "missing"; P_AND/P_OR are three-valued,
 * P_COALESCE/P_IS_MISSING/P_IS_PRESENT inspect missing-ness, everything else propagates it.
 * A number result that is not finite (x / 0, x % 0, log(0), sqrt(-1), overflow) is missing, and
 * time/duration arithmetic that overflows int64 is missing: NaN and infinity never reach a score.
 *
 * Semantics every backend reproduces bit for bit (src/backend/interp.c is the reference):
 *   - Floating-point sums start at +0.0 and add terms left to right in this order:
 *       each rule:  matching visible elements in list order, each term points * decay factor
 *                   (no multiplication when the rule has no decay);
 *       group:      its fired rules' contributions in plan->rules order (a rule that did not fire
 *                   adds nothing, which is the same as adding +0.0);
 *       score:      plan->items in order (a group adds its total after cap/floor, unrounded);
 *       sum/avg:    present projected values in list order; avg = sum / count.
 *     No contraction (FMA) and no reassociation anywhere.
 *   - Rule cap/floor apply to a fired rule's contribution: cap first (min), then floor (max). A rule
 *     that did not fire contributes 0 and stays unfired. Group cap/floor apply to every group total,
 *     fired rules or not, cap first. The score is clamped to [range_lo, range_hi] (x < lo → lo,
 *     x > hi → hi), then lc_rt_round2. Group totals seen by tiers and reported are lc_rt_round2'd.
 *   - Decay age = as_of − t in µs; the runtime helpers treat negative ages as 0.
 *   - Element timestamps: an element whose timestamp is present and > as_of is invisible to every
 *     aggregate and each rule. An element whose (optional) timestamp is missing stays visible but
 *     is outside every `within` window, adds nothing to a decayed each rule, and is never chosen by
 *     first/last. first takes the smallest timestamp (ties: earliest in list order), last the
 *     largest (ties: latest in list order); records without a timestamp field use list order.
 *     `within D` keeps as_of − D <= t <= as_of; a missing D makes an aggregate missing and an each
 *     rule not fire.
 *   - min/max (builtin and aggregate) keep the earlier value unless the later is strictly
 *     smaller/larger; clamp(x, lo, hi) = min(max(x, lo), hi) by that rule (hi when lo > hi).
 *   - Comparisons: numbers as IEEE doubles, strings bytewise (lc_rt_str_cmp), times and durations
 *     as int64, enums by member index (declaration order), bools false < true.
 *   - %: C fmod (the sign of the dividend). days_since/hours_since: (double)(as_of − t) divided by
 *     the unit in µs as a double. Duration × number and duration / number round to the nearest
 *     µs, halves away from zero (llround). */
#ifndef LEADC_PLAN_PLAN_H
#define LEADC_PLAN_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include "leadc/runtime.h"
#include "util/arena.h"

typedef enum lc_ptype {
  PT_BOOL, PT_NUM, PT_STR, PT_TIME, PT_DUR, PT_ENUM, PT_LIST,
} lc_ptype;

typedef enum lc_pop {
  P_CONST,         /* k, typed by type; never missing */
  P_MISSING,       /* a value that is always missing (e.g. a folded missing constant) */
  P_FIELD,         /* field.level, field.slot */
  P_SCORE,         /* the rounded score: tier conditions only */
  P_GROUP_TOTAL,   /* index = group; rounded total after cap/floor: tier conditions only */

  P_NEG, P_NOT,                                  /* a: num or dur; bool */
  /* a, b: num∘num; time+dur, dur+time, time-dur → time; time-time, dur±dur → dur;
   * dur*num, num*dur, dur/num → dur; dur/dur → num. Operand types are a->type and b->type. */
  P_ADD, P_SUB, P_MUL, P_DIV, P_MOD,
  P_EQ, P_NE, P_LT, P_LE, P_GT, P_GE,            /* a, b of the same type (num, str, time, dur, enum, bool) */
  P_AND, P_OR,                                   /* three-valued */
  P_COALESCE,                                    /* a ?? b */
  P_IS_MISSING, P_IS_PRESENT,                    /* a; never missing */
  P_IN_RANGE,                                    /* a in [b, c], inclusive; any ordered type */
  P_IN_STRSET,                                   /* a (string) in strsets[index] */
  P_IN_NUMS,                                     /* a (num/enum/time/dur) in nums[0..nnums) */
  P_STARTS_WITH, P_ENDS_WITH, P_CONTAINS,        /* a, b strings */
  P_MATCHES,                                     /* a string matches regexes[index] */
  P_CALL,                                        /* builtin(args) */
  P_AGG,                                         /* aggregate over a list */
} lc_pop;

/* Each maps to one runtime helper or libm call. B_ROUND is lc_rt_round_digits(x, 0); B_LOG is the
 * natural logarithm; B_MIN/B_MAX/B_CLAMP take any ordered type (the result has the same type);
 * B_AGE yields a duration. */
typedef enum lc_builtin {
  B_LOWER, B_UPPER, B_TRIM, B_LEN, B_DOMAIN, B_LOCAL_PART,
  B_ABS, B_ROUND, B_ROUND_DIGITS, B_FLOOR, B_CEIL, B_LOG, B_SQRT,
  B_MIN, B_MAX, B_CLAMP,
  B_DAYS_SINCE, B_HOURS_SINCE, B_AGE,
  B_KEYBOARD_RUN,
} lc_builtin;

typedef enum lc_aggkind {
  AGG_COUNT, AGG_ANY, AGG_ALL, AGG_NONE,
  AGG_SUM, AGG_MIN, AGG_MAX, AGG_AVG, AGG_FIRST, AGG_LAST, AGG_COUNT_DISTINCT,
} lc_aggkind;

typedef struct lc_pexpr lc_pexpr;

typedef union lc_pconst {
  double num;
  int64_t us;
  int64_t i;          /* enum member */
  bool b;
  lc_str str;         /* arena-owned */
} lc_pconst;

struct lc_pexpr {
  lc_pop op;
  lc_ptype type;      /* the result type (PT_BOOL for comparisons and tests) */
  uint32_t id;        /* dense per plan, for backends that keep per-node tables */
  lc_pconst k;                                      /* P_CONST */
  struct { uint32_t level, slot; } field;            /* P_FIELD */
  uint32_t index;     /* P_GROUP_TOTAL group, P_IN_STRSET strset, P_MATCHES regex */
  lc_builtin builtin; /* P_CALL */
  lc_pexpr *a, *b, *c;                               /* operands; P_CALL uses a, b, c in order */
  uint32_t nargs;                                    /* P_CALL */
  /* P_IN_NUMS: sorted ascending without duplicates, so backends may binary-search; enum indices,
   * bools (0/1) and µs within ±2^53 are exact as doubles. */
  const double *nums; uint32_t nnums;
  struct {
    lc_aggkind kind;
    lc_pexpr *list;         /* evaluated in the enclosing scope; type PT_LIST */
    uint32_t elem;          /* index into plan->records */
    uint32_t level;         /* the scope level its element occupies (enclosing level + 1) */
    lc_pexpr *within;       /* duration, enclosing scope; NULL when absent */
    lc_pexpr *where;        /* bool at `level`; NULL when absent */
    lc_pexpr *proj;         /* value at `level` for sum/min/…; NULL for count/any/all/none */
  } agg;
};

typedef enum lc_decay { LC_DECAY_NONE, LC_DECAY_HALF_LIFE, LC_DECAY_LINEAR, LC_DECAY_STEP } lc_decay;

typedef struct lc_prule {
  const char *name;
  const char *desc;          /* may be NULL */
  int32_t group;             /* index into plan->groups, -1 at top level */
  bool each;
  lc_pexpr *cond;            /* when COND; for each: the where condition (NULL = every element) */
  lc_pexpr *list;            /* each: the list, evaluated at level 0 */
  uint32_t elem, level;      /* each: element record index; its scope level (1) */
  lc_pexpr *within;          /* each: window duration, or NULL */
  lc_pexpr *points;          /* number; for each: evaluated at `level` */
  lc_decay decay;
  int64_t decay_us;
  lc_pexpr *since;           /* when + decay: the time the age is measured from */
  bool has_cap, has_floor;
  double cap, floor;
} lc_prule;

typedef struct lc_pgroup {
  const char *name;
  bool has_cap, has_floor;
  double cap, floor;
} lc_pgroup;

/* The score is the sum of these, in declaration order. */
typedef struct lc_pitem { bool is_group; uint32_t index; } lc_pitem;

typedef struct lc_ptier { const char *name; lc_pexpr *cond; /* NULL: otherwise */ } lc_ptier;

typedef struct lc_plan {
  lc_arena *arena;
  const char *model_name, *model_desc, *version;
  bool has_range;
  double range_lo, range_hi;

  /* [0] is the input record; the rest are list element records. A record with a timestamp
   * field always has timestamp_slot assigned (the point-in-time rule reads it). */
  lc_record_desc *records;
  uint32_t nrecords;
  uint32_t key_slot;         /* slot of the `key` field in the input, LC_NO_SLOT when none */

  lc_prule *rules; uint32_t nrules;    /* every rule, groups' rules included, in declaration order */
  lc_pgroup *groups; uint32_t ngroups;
  lc_pitem *items; uint32_t nitems;
  lc_ptier *tiers; uint32_t ntiers;

  lc_regex **regexes; uint32_t nregexes;       /* owned: freed by lc_plan_free */
  const char **regex_src; uint32_t *regex_flags;
  lc_strset **strsets; uint32_t nstrsets;      /* owned: freed by lc_plan_free */
  lc_str **strset_items; uint32_t *strset_n;   /* the members, sorted bytewise, no duplicates */
  uint32_t nexprs;                             /* ids are 0..nexprs-1 */
} lc_plan;

/* Releases what the arena does not own (compiled regexes, sets). */
void lc_plan_free(lc_plan *p);

#endif
