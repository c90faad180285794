/* Values in generated code: LLVM types for plan types, constants, loads from the record ABI,
 * missing-value merges, and declarations of the runtime helpers.
 *
 * Helpers are declared the way clang lowers their C prototypes on x86-64 and AArch64: an lc_str
 * argument travels as two arguments (ptr, i32), an lc_str result as a { ptr, i32 } pair, a bool
 * result as a zero-extended i1. Record loads carry !invariant.load: the record does not change
 * while it is scored, which lets LLVM reuse a field across helper calls it cannot see into. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/llvm/lower.h"

const lc_rt_entry lc_rt_table[RT_COUNT] = {
  [RT_ROUND2] = {"lc_rt_round2", (const void *)lc_rt_round2, "dd"},
  [RT_ROUND_DIGITS] = {"lc_rt_round_digits", (const void *)lc_rt_round_digits, "ddd"},
  [RT_STR_CMP] = {"lc_rt_str_cmp", (const void *)lc_rt_str_cmp, "iss"},
  [RT_CONTAINS] = {"lc_rt_contains", (const void *)lc_rt_contains, "bss"},
  [RT_LOWER] = {"lc_rt_lower", (const void *)lc_rt_lower, "Sps"},
  [RT_UPPER] = {"lc_rt_upper", (const void *)lc_rt_upper, "Sps"},
  [RT_TRIM] = {"lc_rt_trim", (const void *)lc_rt_trim, "Ss"},
  [RT_LEN] = {"lc_rt_len", (const void *)lc_rt_len, "ds"},
  [RT_DOMAIN] = {"lc_rt_domain", (const void *)lc_rt_domain, "bpsp"},
  [RT_LOCAL_PART] = {"lc_rt_local_part", (const void *)lc_rt_local_part, "bsp"},
  [RT_KEYBOARD_RUN] = {"lc_rt_keyboard_run", (const void *)lc_rt_keyboard_run, "ds"},
  [RT_STRSET_CONTAINS] = {"lc_rt_strset_contains", (const void *)lc_rt_strset_contains, "bps"},
  [RT_REGEX_MATCH] = {"lc_rt_regex_match", (const void *)lc_rt_regex_match, "bps"},
  [RT_LOG] = {"log", (const void *)log, "dd"},
  [RT_EXP2] = {"exp2", (const void *)exp2, "dd"},
  [RT_FMOD] = {"fmod", (const void *)fmod, "ddd"},
  [RT_LLROUND] = {"llround", (const void *)llround, "ld"},
  [RT_MEMCMP] = {"memcmp", (const void *)memcmp, "ippl"},
  [RT_SCRATCH_ALLOC] = {"lc_scratch_alloc", (const void *)lc_scratch_alloc, "ppl"},
  [RT_COUNT_DISTINCT] = {"lc_rt_count_distinct", (const void *)lc_rt_count_distinct, "dpii"},
};

/* Helpers that neither read nor write memory, and those that only read it. exp2 counts as pure:
 * the errno it may set on underflow is never read by generated code. */
static bool rt_is_pure(lc_rtfn f) {
  return f == RT_ROUND2 || f == RT_ROUND_DIGITS || f == RT_EXP2;
}
static bool rt_only_reads(lc_rtfn f) {
  return f == RT_STR_CMP || f == RT_CONTAINS ||
         f == RT_LEN || f == RT_KEYBOARD_RUN || f == RT_STRSET_CONTAINS || f == RT_MEMCMP;
}

void cg_init_types(lc_cg *cg) {
  LLVMContextRef c = cg->ctx;
  cg->t_i1 = LLVMInt1TypeInContext(c);
  cg->t_i8 = LLVMInt8TypeInContext(c);
  cg->t_i32 = LLVMInt32TypeInContext(c);
  cg->t_i64 = LLVMInt64TypeInContext(c);
  cg->t_f64 = LLVMDoubleTypeInContext(c);
  cg->t_ptr = LLVMPointerTypeInContext(c, 0);
  cg->t_void = LLVMVoidTypeInContext(c);
  LLVMTypeRef str[] = {cg->t_ptr, cg->t_i32};
  cg->t_str = LLVMStructTypeInContext(c, str, 2, 0);
  /* lc_result: score, tier, groups, rules, fired */
  LLVMTypeRef res[] = {cg->t_f64, cg->t_i32, cg->t_ptr, cg->t_ptr, cg->t_ptr};
  cg->t_result = LLVMStructTypeInContext(c, res, 5, 0);
  /* lc_exec: as_of_us, scratch */
  LLVMTypeRef ex[] = {cg->t_i64, cg->t_ptr};
  cg->t_exec = LLVMStructTypeInContext(c, ex, 2, 0);
  LLVMTypeRef params[] = {cg->t_ptr, cg->t_ptr, cg->t_ptr};
  cg->t_chunk = LLVMFunctionType(cg->t_void, params, 3, 0);
}

LLVMBasicBlockRef cg_block(lc_cg *cg, const char *name) {
  return LLVMAppendBasicBlockInContext(cg->ctx, cg->fn, name);
}

void cg_at(lc_cg *cg, LLVMBasicBlockRef bb) { LLVMPositionBuilderAtEnd(cg->b, bb); }

LLVMValueRef cg_alloca(lc_cg *cg, LLVMTypeRef t, const char *name) {
  LLVMBuilderRef ab = LLVMCreateBuilderInContext(cg->ctx);
  LLVMPositionBuilderAtEnd(ab, cg->alloca_bb);
  LLVMValueRef a = LLVMBuildAlloca(ab, t, name);
  LLVMDisposeBuilder(ab);
  return a;
}

LLVMValueRef cg_true(lc_cg *cg) { return LLVMConstInt(cg->t_i1, 1, 0); }
LLVMValueRef cg_false(lc_cg *cg) { return LLVMConstInt(cg->t_i1, 0, 0); }
LLVMValueRef cg_f64(lc_cg *cg, double d) { return LLVMConstReal(cg->t_f64, d); }
LLVMValueRef cg_i64(lc_cg *cg, int64_t i) { return LLVMConstInt(cg->t_i64, (uint64_t)i, 1); }
LLVMValueRef cg_i32(lc_cg *cg, uint32_t i) { return LLVMConstInt(cg->t_i32, i, 0); }

LLVMTypeRef cg_type(lc_cg *cg, lc_ptype t) {
  switch (t) {
  case PT_BOOL: return cg->t_i1;
  case PT_NUM: return cg->t_f64;
  case PT_TIME: case PT_DUR: case PT_ENUM: return cg->t_i64;
  case PT_STR: case PT_LIST: return cg->t_ptr;
  }
  return cg->t_i64;
}

bool cg_has_len(lc_ptype t) { return t == PT_STR || t == PT_LIST; }

lc_val cg_missing(lc_cg *cg, lc_ptype t) {
  lc_val v = {cg_false(cg), LLVMConstNull(cg_type(cg, t)), cg_has_len(t) ? cg_i32(cg, 0) : NULL};
  return v;
}

lc_val cg_present(lc_cg *cg, LLVMValueRef v) {
  lc_val r = {cg_true(cg), v, NULL};
  return r;
}

struct lc_strconst { lc_str s; LLVMValueRef g; };

static uint32_t str_hash(lc_str s) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < s.len; i++) h = (h ^ (uint8_t)s.ptr[i]) * 16777619u;
  return h;
}

static struct lc_strconst *str_slot(struct lc_strconst *tab, uint32_t cap, lc_str s) {
  uint32_t i = str_hash(s) & (cap - 1);
  while (tab[i].g && !(tab[i].s.len == s.len && memcmp(tab[i].s.ptr, s.ptr, s.len) == 0))
    i = (i + 1) & (cap - 1);
  return &tab[i];
}

/* Keeps the table at most half full; false when out of memory (the constant is then simply
 * not shared). */
static bool str_reserve(lc_cg *cg) {
  if (2 * (cg->nstrs + 1) <= cg->strs_cap) return true;
  uint32_t cap = cg->strs_cap ? 2 * cg->strs_cap : 64;
  struct lc_strconst *tab = calloc(cap, sizeof *tab);
  if (!tab) return false;
  for (uint32_t i = 0; i < cg->strs_cap; i++)
    if (cg->strs[i].g) *str_slot(tab, cap, cg->strs[i].s) = cg->strs[i];
  free(cg->strs);
  cg->strs = tab;
  cg->strs_cap = cap;
  return true;
}

void cg_free_consts(lc_cg *cg) {
  free(cg->strs);
  cg->strs = NULL;
  cg->strs_cap = cg->nstrs = 0;
}

/* One private global per distinct string in the module. */
lc_val cg_const_str(lc_cg *cg, lc_str s) {
  struct lc_strconst *slot = str_reserve(cg) ? str_slot(cg->strs, cg->strs_cap, s) : NULL;
  LLVMValueRef g = slot ? slot->g : NULL;
  if (!g) {
    /* Even "" gets one byte of storage, so helpers never see a null pointer. */
    LLVMValueRef init = LLVMConstStringInContext2(cg->ctx, s.len ? s.ptr : "", s.len, 0);
    g = LLVMAddGlobal(cg->mod, LLVMTypeOf(init), "str");
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
    LLVMSetAlignment(g, 1);
    if (slot) {
      *slot = (struct lc_strconst){s, g};
      cg->nstrs++;
    }
  }
  lc_val v = {cg_true(cg), g, cg_i32(cg, s.len)};
  return v;
}

lc_val cg_const(lc_cg *cg, const lc_pexpr *e) {
  switch (e->type) {
  case PT_BOOL: return cg_present(cg, LLVMConstInt(cg->t_i1, e->k.b, 0));
  case PT_NUM: return cg_present(cg, cg_f64(cg, e->k.num));
  case PT_TIME: case PT_DUR: return cg_present(cg, cg_i64(cg, e->k.us));
  case PT_ENUM: return cg_present(cg, cg_i64(cg, e->k.i));
  case PT_STR: return cg_const_str(cg, e->k.str);
  case PT_LIST: break;
  }
  return cg_missing(cg, e->type);
}

static LLVMValueRef invariant_load(lc_cg *cg, LLVMTypeRef t, LLVMValueRef ptr, unsigned align,
                                   const char *name) {
  LLVMValueRef l = LLVMBuildLoad2(cg->b, t, ptr, name);
  LLVMSetAlignment(l, align);
  unsigned kind = LLVMGetMDKindIDInContext(cg->ctx, "invariant.load", 14);
  LLVMSetMetadata(l, kind, LLVMMetadataAsValue(cg->ctx, LLVMMDNodeInContext2(cg->ctx, NULL, 0)));
  return l;
}

static LLVMValueRef byte_ptr(lc_cg *cg, LLVMValueRef base, uint32_t off) {
  if (off == 0) return base;
  LLVMValueRef idx = cg_i64(cg, off);
  return LLVMBuildInBoundsGEP2(cg->b, cg->t_i8, base, &idx, 1, "");
}

lc_val cg_load_field(lc_cg *cg, uint32_t level, uint32_t slot, lc_ptype t) {
  const lc_scope *s = &cg->scope[level];
  LLVMValueRef base = s->ptr;
  uint32_t off = LC_SLOT_OFFSET(s->rd->nslots, slot);
  lc_val v = {NULL, NULL, NULL};
  if (t == PT_LIST) {
    v.p = cg_true(cg);
  } else {
    LLVMValueRef pb = invariant_load(cg, cg->t_i8, byte_ptr(cg, base, slot), 1, "present");
    v.p = LLVMBuildICmp(cg->b, LLVMIntNE, pb, LLVMConstInt(cg->t_i8, 0, 0), "");
  }
  LLVMValueRef vp = byte_ptr(cg, base, off);
  switch (t) {
  case PT_NUM: v.v = invariant_load(cg, cg->t_f64, vp, 8, "num"); break;
  case PT_TIME: case PT_DUR: case PT_ENUM: v.v = invariant_load(cg, cg->t_i64, vp, 8, "i"); break;
  case PT_BOOL: {
    LLVMValueRef b = invariant_load(cg, cg->t_i8, vp, 8, "b");
    v.v = LLVMBuildICmp(cg->b, LLVMIntNE, b, LLVMConstInt(cg->t_i8, 0, 0), "");
    break;
  }
  case PT_STR: case PT_LIST:
    v.v = invariant_load(cg, cg->t_ptr, vp, 8, "ptr");
    v.n = invariant_load(cg, cg->t_i32, byte_ptr(cg, base, off + 8), 8, "len");
    break;
  }
  return v;
}

LLVMValueRef cg_load_ts(lc_cg *cg, uint32_t level, LLVMValueRef *present) {
  const lc_record_desc *rd = cg->scope[level].rd;
  lc_val v = cg_load_field(cg, level, rd->timestamp_slot, PT_TIME);
  *present = v.p;
  return v.v;
}

/* Signature letters: v void, d double, l i64, i i32, b bool (zero-extended i1), p pointer,
 * s an lc_str argument (ptr, i32), S an lc_str result. The first letter is the result. */
static LLVMTypeRef rt_fn_type(lc_cg *cg, const char *sig) {
  LLVMTypeRef params[8];
  unsigned n = 0;
  for (const char *c = sig + 1; *c; c++) {
    switch (*c) {
    case 'd': params[n++] = cg->t_f64; break;
    case 'l': params[n++] = cg->t_i64; break;
    case 'i': params[n++] = cg->t_i32; break;
    case 'p': params[n++] = cg->t_ptr; break;
    case 's': params[n++] = cg->t_ptr; params[n++] = cg->t_i32; break;
    }
  }
  LLVMTypeRef ret = cg->t_void;
  switch (sig[0]) {
  case 'd': ret = cg->t_f64; break;
  case 'l': ret = cg->t_i64; break;
  case 'i': ret = cg->t_i32; break;
  case 'b': ret = cg->t_i1; break;
  case 'p': ret = cg->t_ptr; break;
  case 'S': ret = cg->t_str; break;
  }
  return LLVMFunctionType(ret, params, n, 0);
}

static void add_fn_attr(lc_cg *cg, LLVMValueRef fn, LLVMAttributeIndex idx, const char *name,
                        uint64_t val) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(fn, idx, LLVMCreateEnumAttribute(cg->ctx, kind, val));
}

/* MemoryEffects encoding in LLVM 19: two ModRef bits for each of argmem, inaccessiblemem and
 * other memory; 1 = read. */
enum { MEMORY_NONE = 0, MEMORY_READ = 1 | 1 << 2 | 1 << 4 };

static LLVMValueRef rt_decl(lc_cg *cg, lc_rtfn f) {
  if (cg->rt[f]) return cg->rt[f];
  const lc_rt_entry *e = &lc_rt_table[f];
  LLVMValueRef fn = LLVMAddFunction(cg->mod, e->name, rt_fn_type(cg, e->sig));
  add_fn_attr(cg, fn, LLVMAttributeFunctionIndex, "nounwind", 0);
  add_fn_attr(cg, fn, LLVMAttributeFunctionIndex, "willreturn", 0);
  if (rt_is_pure(f)) add_fn_attr(cg, fn, LLVMAttributeFunctionIndex, "memory", MEMORY_NONE);
  if (rt_only_reads(f)) add_fn_attr(cg, fn, LLVMAttributeFunctionIndex, "memory", MEMORY_READ);
  if (e->sig[0] == 'b') add_fn_attr(cg, fn, LLVMAttributeReturnIndex, "zeroext", 0);
  cg->rt[f] = fn;
  return fn;
}

LLVMValueRef cg_call(lc_cg *cg, lc_rtfn f, LLVMValueRef *args, unsigned nargs) {
  LLVMValueRef fn = rt_decl(cg, f);
  return LLVMBuildCall2(cg->b, LLVMGlobalGetValueType(fn), fn, args, nargs, "");
}

LLVMValueRef cg_call_intrinsic(lc_cg *cg, const char *name, LLVMTypeRef t, LLVMValueRef *args,
                               unsigned nargs) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(cg->mod, id, &t, 1);
  return LLVMBuildCall2(cg->b, LLVMIntrinsicGetType(cg->ctx, id, &t, 1), fn, args, nargs, "");
}

LLVMValueRef cg_is_finite(lc_cg *cg, LLVMValueRef d) {
  LLVMValueRef a = cg_call_intrinsic(cg, "llvm.fabs", cg->t_f64, &d, 1);
  return LLVMBuildFCmp(cg->b, LLVMRealOLT, a, cg_f64(cg, INFINITY), "finite");
}

static LLVMValueRef object_sym(lc_cg *cg, LLVMValueRef *cache, const char *kind, uint32_t i) {
  if (cache[i]) return cache[i];
  char name[48];
  snprintf(name, sizeof name, "lc.%s.%u", kind, i);
  LLVMValueRef g = LLVMAddGlobal(cg->mod, cg->t_i8, name);
  LLVMSetGlobalConstant(g, 1);
  cache[i] = g;
  return g;
}

LLVMValueRef cg_regex_ptr(lc_cg *cg, uint32_t i) { return object_sym(cg, cg->regex_syms, "regex", i); }
LLVMValueRef cg_strset_ptr(lc_cg *cg, uint32_t i) { return object_sym(cg, cg->strset_syms, "strset", i); }

LLVMValueRef cg_limit(lc_cg *cg, LLVMValueRef x, bool has_cap, double cap, bool has_floor,
                      double floor) {
  if (has_cap) {
    LLVMValueRef over = LLVMBuildFCmp(cg->b, LLVMRealOGT, x, cg_f64(cg, cap), "");
    x = LLVMBuildSelect(cg->b, over, cg_f64(cg, cap), x, "capped");
  }
  if (has_floor) {
    LLVMValueRef under = LLVMBuildFCmp(cg->b, LLVMRealOLT, x, cg_f64(cg, floor), "");
    x = LLVMBuildSelect(cg->b, under, cg_f64(cg, floor), x, "floored");
  }
  return x;
}

lc_val cg_phi(lc_cg *cg, lc_ptype t, unsigned n, const lc_val *vals, LLVMBasicBlockRef *from) {
  LLVMValueRef ps[8], vs[8], ns[8];
  lc_val r = {LLVMBuildPhi(cg->b, cg->t_i1, "p"), LLVMBuildPhi(cg->b, cg_type(cg, t), "v"), NULL};
  if (cg_has_len(t)) r.n = LLVMBuildPhi(cg->b, cg->t_i32, "n");
  for (unsigned i = 0; i < n; i++) {
    ps[i] = vals[i].p;
    vs[i] = vals[i].v;
    ns[i] = vals[i].n;
  }
  LLVMAddIncoming(r.p, ps, from, n);
  LLVMAddIncoming(r.v, vs, from, n);
  if (r.n) LLVMAddIncoming(r.n, ns, from, n);
  return r;
}

void cg_guard_begin(lc_cg *cg, lc_guard *g, LLVMValueRef cond) {
  LLVMBasicBlockRef body = cg_block(cg, "guarded");
  g->from = LLVMGetInsertBlock(cg->b);
  g->join = cg_block(cg, "join");
  LLVMBuildCondBr(cg->b, cond, body, g->join);
  cg_at(cg, body);
}

lc_val cg_guard_end(lc_cg *cg, lc_guard *g, lc_ptype t, lc_val v) {
  LLVMBasicBlockRef from[2] = {g->from, LLVMGetInsertBlock(cg->b)};
  LLVMBuildBr(cg->b, g->join);
  cg_at(cg, g->join);
  lc_val vals[2] = {cg_missing(cg, t), v};
  return cg_phi(cg, t, 2, vals, from);
}
