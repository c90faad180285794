/* Shared state of the plan → LLVM IR lowering. The lowering is split by concept:
 *   lower_values.c   types, constants, record loads, missing-value plumbing, runtime helpers
 *   lower_expr.c     operators, string tests, builtins
 *   lower_cse.c      equal expressions hash-consed; values shared within a function or element
 *   lower_loop.c     loops over lists: the point-in-time rule, windows, fusion of several members
 *   lower_agg.c      aggregates as loop members
 *   lower_rules.c    when/each rules, decay, rule cap/floor, chunk functions
 *   lower_score.c    the score function: groups, items, range, rounding, tiers
 *   lower_module.c   the module: functions, chunking, verification, the pass pipeline
 *
 * Every value is a (present, value) pair: `p` is an i1, `v` the value (double for numbers, i64 for
 * times, durations and enums, i1 for bools, ptr for strings and lists) and `n` the i32 length of a
 * string or list. Cheap pure operations are computed whether or not their operands are present
 * (the result's `p` says whether it means anything); anything that dereferences memory or calls
 * a helper is guarded by a branch on presence, so a missing string is never read. A value that is
 * not present carries zeros, never undef, so speculated arithmetic on it stays well defined. */
#ifndef LEADC_BACKEND_LLVM_LOWER_H
#define LEADC_BACKEND_LLVM_LOWER_H

#include <stdbool.h>
#include <stdint.h>
#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "plan/plan.h"

/* The runtime helpers generated code calls, by C name; JIT'd code resolves them as absolute
 * symbols, so adding one means adding it to lc_rt_table in lower_values.c. */
typedef enum lc_rtfn {
  RT_ROUND2, RT_ROUND_DIGITS,
  RT_STR_CMP, RT_CONTAINS,
  RT_LOWER, RT_UPPER, RT_TRIM, RT_LEN, RT_DOMAIN, RT_LOCAL_PART, RT_KEYBOARD_RUN,
  RT_STRSET_CONTAINS, RT_REGEX_MATCH,
  RT_LOG, RT_EXP2, RT_LLROUND, RT_MEMCMP,
  RT_FMOD,          /* not called by name: codegen turns `frem` into a call to fmod */
  RT_SCRATCH_ALLOC, RT_COUNT_DISTINCT,
  RT_COUNT
} lc_rtfn;

typedef struct lc_rt_entry {
  const char *name;
  const void *addr;
  const char *sig;   /* return type then parameters; see rt_fn_type in lower_values.c */
} lc_rt_entry;

extern const lc_rt_entry lc_rt_table[RT_COUNT];

typedef struct lc_val {
  LLVMValueRef p;      /* i1 */
  LLVMValueRef v;
  LLVMValueRef n;      /* i32, strings and lists only */
} lc_val;

typedef struct lc_scope {
  LLVMValueRef ptr;            /* the record at this level */
  const lc_record_desc *rd;
} lc_scope;

typedef struct lc_cg {
  const lc_plan *plan;
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  LLVMTypeRef t_i1, t_i8, t_i32, t_i64, t_f64, t_ptr, t_void;
  LLVMTypeRef t_str;           /* { ptr, i32 }: lc_str and lc_list as helpers return them */
  LLVMTypeRef t_result;        /* lc_result */
  LLVMTypeRef t_exec;          /* lc_exec */
  LLVMTypeRef t_chunk;         /* void (ptr rec, ptr exec, ptr result) */

  LLVMValueRef rt[RT_COUNT];   /* declarations in the current module, created on first use */
  struct lc_strconst *strs;    /* string constants already in the module, hashed by content */
  uint32_t strs_cap, nstrs;
  LLVMValueRef *regex_syms;    /* per plan regex / string set: an external symbol whose address */
  LLVMValueRef *strset_syms;   /* is the compiled object, so printed IR stays deterministic */

  /* The function being built. */
  LLVMValueRef fn;
  LLVMValueRef x;              /* lc_exec * */
  LLVMValueRef out;            /* lc_result * */
  LLVMValueRef as_of;          /* i64, loaded once at entry */
  LLVMValueRef out_rules, out_fired, out_groups;
  LLVMBasicBlockRef alloca_bb; /* entry block: every alloca goes here so mem2reg can promote it */
  lc_scope *scope;             /* [0] the input record; [level] the element being visited */
  uint32_t nscope;

  /* Per plan (lower_cse.c): each expression's canonical id (structurally equal expressions
   * share one) and the scope levels it reads without binding them (a bit per level). */
  uint32_t *canon;
  uint32_t *refs;

  /* Values computed once at the top of the current function, by canonical id: fused aggregates
   * and shared costly calls. They come before anything that can use them, so their blocks
   * dominate every use. */
  lc_val *pre_val;
  bool *pre_done;

  /* Scratch for counting uses (lower_cse.c), by canonical id; zero between counts. */
  uint32_t *use_count;
  bool *use_in_loop;
  const lc_pexpr **use_node;

  /* Tier conditions only: the rounded score (the rounded group totals are in the result). */
  LLVMValueRef score;
} lc_cg;

/* ---- lower_values.c */
void cg_init_types(lc_cg *cg);
void cg_free_consts(lc_cg *cg);
LLVMBasicBlockRef cg_block(lc_cg *cg, const char *name);
void cg_at(lc_cg *cg, LLVMBasicBlockRef bb);
LLVMValueRef cg_alloca(lc_cg *cg, LLVMTypeRef t, const char *name);
LLVMValueRef cg_true(lc_cg *cg);
LLVMValueRef cg_false(lc_cg *cg);
LLVMValueRef cg_f64(lc_cg *cg, double d);
LLVMValueRef cg_i64(lc_cg *cg, int64_t i);
LLVMValueRef cg_i32(lc_cg *cg, uint32_t i);
LLVMTypeRef cg_type(lc_cg *cg, lc_ptype t);
bool cg_has_len(lc_ptype t);
lc_val cg_missing(lc_cg *cg, lc_ptype t);
lc_val cg_present(lc_cg *cg, LLVMValueRef v);
lc_val cg_const(lc_cg *cg, const lc_pexpr *e);
lc_val cg_const_str(lc_cg *cg, lc_str s);
lc_val cg_load_field(lc_cg *cg, uint32_t level, uint32_t slot, lc_ptype t);
LLVMValueRef cg_load_ts(lc_cg *cg, uint32_t level, LLVMValueRef *present);
LLVMValueRef cg_call(lc_cg *cg, lc_rtfn f, LLVMValueRef *args, unsigned nargs);
LLVMValueRef cg_call_intrinsic(lc_cg *cg, const char *name, LLVMTypeRef t, LLVMValueRef *args,
                               unsigned nargs);
LLVMValueRef cg_is_finite(lc_cg *cg, LLVMValueRef d);
LLVMValueRef cg_regex_ptr(lc_cg *cg, uint32_t i);
LLVMValueRef cg_strset_ptr(lc_cg *cg, uint32_t i);
/* cap first (x > cap → cap), then floor (x < floor → floor), as rules and groups apply them. */
LLVMValueRef cg_limit(lc_cg *cg, LLVMValueRef x, bool has_cap, double cap, bool has_floor,
                      double floor);

/* A branch taken only when `cond` holds; cg_guard_end merges the value computed inside with a
 * missing value on the path that skipped it. */
typedef struct lc_guard { LLVMBasicBlockRef from, join; } lc_guard;
void cg_guard_begin(lc_cg *cg, lc_guard *g, LLVMValueRef cond);
lc_val cg_guard_end(lc_cg *cg, lc_guard *g, lc_ptype t, lc_val v);
/* A phi over `n` values reaching the current block from `from[i]`. */
lc_val cg_phi(lc_cg *cg, lc_ptype t, unsigned n, const lc_val *vals, LLVMBasicBlockRef *from);

/* ---- lower_expr.c */
lc_val lower_expr(lc_cg *cg, const lc_pexpr *e);
/* An expression as a condition: true only when present and true (missing counts as false). */
LLVMValueRef lower_cond(lc_cg *cg, const lc_pexpr *e);
/* Ordered comparison of two present values of type t (P_LT/P_LE/P_GT/P_GE/P_EQ/P_NE). */
LLVMValueRef lower_compare(lc_cg *cg, lc_pop op, lc_ptype t, lc_val a, lc_val b);

/* ---- lower_loop.c: one loop over a list, running several members per visible element */
typedef enum lc_member_kind { LM_AGG, LM_EACH } lc_member_kind;

typedef struct lc_member {
  lc_member_kind kind;
  const lc_pexpr *agg;         /* LM_AGG */
  const lc_prule *rule;        /* LM_EACH */
  uint32_t rule_index;
  /* LM_EACH: further rules whose sum is the same (same list, window, condition, points and
   * decay; only cap and floor may differ), finished from this member's state. */
  uint32_t *same_sum, nsame;
  const lc_pexpr *within;      /* evaluated in the enclosing scope before the loop */
  uint32_t elem, level;        /* the element record and the scope level it occupies */
  /* Set by the loop before the member's begin: the window's lower bound, whether the member
   * runs at all (its list and window are present), and the list length. */
  LLVMValueRef lo, ok, list_n;
  LLVMValueRef acc[4];         /* the member's state: allocas owned by lower_agg / lower_rules */
  lc_val result;               /* LM_AGG: the value, valid after the loop */
} lc_member;

/* Runs the members, which share one element record and scope level, over `list`. Each member
 * sees every visible element inside its window, in list order. */
void lower_loop(lc_cg *cg, lc_val list, lc_member *m, uint32_t n);

/* Aggregates at the input level (level 0) over a plain list field, found under `roots`, fused
 * with the `each` rule members `extra` over the same fields; results land in cg->pre_val. */
void lower_fused_loops(lc_cg *cg, const lc_pexpr *const *roots, uint32_t nroots,
                       lc_member *extra, uint32_t nextra);

/* ---- lower_cse.c */
/* Hash-conses the plan's expressions into cg->canon and cg->refs. */
bool cse_init(lc_cg *cg);
/* At the top of a function computing `roots` and the `each` rules `each`: computes the values
 * worth sharing (see lower_cse.c), runs the fused loops (which also finish every `each` rule). */
void lower_shared(lc_cg *cg, const lc_pexpr *const *roots, uint32_t nroots, lc_member *each,
                  uint32_t neach);
/* At the top of a loop body at `level` with the members m: computes once per element what
 * several members (or a nested loop) would compute. Returns what cse_element_end must forget
 * when the body ends, since those values exist only inside it. */
uint32_t *cse_element_begin(lc_cg *cg, const lc_member *m, uint32_t n, uint32_t level,
                            uint32_t *ndone);
void cse_element_end(lc_cg *cg, uint32_t *done, uint32_t ndone);

/* ---- lower_agg.c */
void agg_begin(lc_cg *cg, lc_member *m);
void agg_step(lc_cg *cg, lc_member *m, LLVMValueRef ts, LLVMValueRef ts_present);
lc_val agg_end(lc_cg *cg, lc_member *m);
lc_val lower_agg(lc_cg *cg, const lc_pexpr *e);

/* ---- lower_rules.c */
void each_begin(lc_cg *cg, lc_member *m);
void each_step(lc_cg *cg, lc_member *m, LLVMValueRef ts, LLVMValueRef ts_present);
void each_end(lc_cg *cg, lc_member *m);
/* Defines and returns `name`, which computes rules [first, first + n) into the result. */
LLVMValueRef lower_chunk(lc_cg *cg, const char *name, uint32_t first, uint32_t n);

/* ---- lower_score.c */
/* Defines `name`: calls the chunk functions, then adds up groups and score, rounds, and picks
 * the tier. */
void lower_score_fn(lc_cg *cg, const char *name, const LLVMValueRef *chunks, uint32_t nchunks);

/* ---- lower_module.c */
/* Sets up a function (rec, exec, result): entry block, as_of, result arrays, scope 0, an empty
 * aggregate cache. cg_end_function closes the entry block once every alloca is in it. */
void cg_begin_function(lc_cg *cg, LLVMValueRef fn);
void cg_end_function(lc_cg *cg);
void cg_load_result_arrays(lc_cg *cg);

/* Builds the module for a plan in ctx: the score function `score(rec, exec, result)` and its
 * chunks of at most chunk_rules rules. False with *err (malloc'd) on an internal failure. */
bool lc_llvm_build(const lc_plan *plan, LLVMContextRef ctx, uint32_t chunk_rules,
                   LLVMModuleRef *out, char **err);
/* Sets tm's triple and data layout and runs the new pass manager tuned for tm: level 0 runs
 * nothing, 1 and 2 run default<O1> / default<O2>. */
bool lc_llvm_optimise(LLVMModuleRef mod, int level, LLVMTargetMachineRef tm, char **err);

#endif
