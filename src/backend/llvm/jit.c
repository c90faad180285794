/* ORC LLJIT set-up, following the rules measured on this platform (docs: ARCHITECTURE.md, "LLVM
 * notes"): the native target and its asm printer are both initialised; helpers are defined as
 * absolute symbols because the leadc executable does not export its functions to dlsym, while a
 * process search generator still supplies libc and libm; the object buffer is handed over
 * exactly once, since LLVMOrcLLJITAddObjectFile consumes it even when it fails; every
 * LLVMErrorRef is consumed exactly once; and failures that ORC can only report asynchronously
 * (unresolved symbols while materialising) reach the caller through the session error reporter. */
#include "backend/llvm/jit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Target.h>

struct lc_jit {
  LLVMOrcLLJITRef lljit;
  char *session_err;      /* first error the execution session reported, if any */
};

static pthread_once_t llvm_once = PTHREAD_ONCE_INIT;

static void init_llvm_once(void) {
  LLVMInitializeNativeTarget();
  LLVMInitializeNativeAsmPrinter();
}

void lc_jit_init_llvm(void) { pthread_once(&llvm_once, init_llvm_once); }

char *lc_jit_error_message(LLVMErrorRef e) {
  char *m = LLVMGetErrorMessage(e);
  char *copy = strdup(m ? m : "unknown LLVM error");
  LLVMDisposeErrorMessage(m);
  return copy;
}

static void report_session_error(void *ctx, LLVMErrorRef e) {
  lc_jit *j = ctx;
  char *m = lc_jit_error_message(e);
  if (j->session_err) free(m);
  else j->session_err = m;
}

/* Prefers the session's own report, which names the unresolved symbol, over the generic
 * "failed to materialize" that a lookup returns. */
static char *take_error(lc_jit *j, LLVMErrorRef e) {
  char *m = lc_jit_error_message(e);
  if (!j->session_err) return m;
  free(m);
  m = j->session_err;
  j->session_err = NULL;
  return m;
}

static LLVMErrorRef define_symbols(lc_jit *j, const lc_jit_sym *syms, size_t n) {
  if (n == 0) return LLVMErrorSuccess;
  LLVMOrcCSymbolMapPairs pairs = calloc(n, sizeof *pairs);
  if (!pairs) return LLVMCreateStringError("out of memory");
  for (size_t i = 0; i < n; i++) {
    pairs[i].Name = LLVMOrcLLJITMangleAndIntern(j->lljit, syms[i].name);
    pairs[i].Sym.Address = (LLVMOrcExecutorAddress)(uintptr_t)syms[i].addr;
    pairs[i].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported |
        (syms[i].is_function ? LLVMJITSymbolGenericFlagsCallable : 0);
    pairs[i].Sym.Flags.TargetFlags = 0;
  }
  /* Takes over the interned names; the array itself stays ours. */
  LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(pairs, n);
  free(pairs);
  LLVMErrorRef e = LLVMOrcJITDylibDefine(LLVMOrcLLJITGetMainJITDylib(j->lljit), mu);
  if (e) LLVMOrcDisposeMaterializationUnit(mu);
  return e;
}

static LLVMErrorRef add_process_symbols(lc_jit *j) {
  LLVMOrcDefinitionGeneratorRef gen;
  LLVMErrorRef e = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
      &gen, LLVMOrcLLJITGetGlobalPrefix(j->lljit), NULL, NULL);
  if (e) return e;
  LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(j->lljit), gen);
  return LLVMErrorSuccess;
}

LLVMTargetMachineRef lc_jit_host_machine(LLVMCodeGenOptLevel level, char **err) {
  lc_jit_init_llvm();
  char *triple = LLVMGetDefaultTargetTriple();
  char *msg = NULL;
  LLVMTargetRef target;
  LLVMTargetMachineRef tm = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
    *err = strdup(msg ? msg : "no target for the host triple");
  } else {
    char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
    tm = LLVMCreateTargetMachine(target, triple, cpu, features, level, LLVMRelocPIC,
                                 LLVMCodeModelJITDefault);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    if (!tm) *err = strdup("cannot create a target machine for the host");
  }
  LLVMDisposeMessage(msg);
  LLVMDisposeMessage(triple);
  return tm;
}

char *lc_jit_host_description(void) {
  lc_jit_init_llvm();
  char *triple = LLVMGetDefaultTargetTriple(), *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
  size_t n = strlen(triple) + strlen(cpu) + strlen(features) + 3;
  char *d = malloc(n);
  if (d) snprintf(d, n, "%s %s %s", triple, cpu, features);
  LLVMDisposeMessage(triple);
  LLVMDisposeMessage(cpu);
  LLVMDisposeMessage(features);
  return d;
}

lc_jit *lc_jit_load(LLVMMemoryBufferRef obj, const lc_jit_sym *syms, size_t nsyms, char **err) {
  lc_jit_init_llvm();
  lc_jit *j = calloc(1, sizeof *j);
  if (!j) {
    LLVMDisposeMemoryBuffer(obj);
    *err = strdup("out of memory");
    return NULL;
  }
  /* The JIT only links: code generation happened before, with the same host settings. */
  LLVMErrorRef e = LLVMOrcCreateLLJIT(&j->lljit, LLVMOrcCreateLLJITBuilder());   /* consumes the builder */
  if (e) {
    LLVMDisposeMemoryBuffer(obj);
    *err = lc_jit_error_message(e);
    free(j);
    return NULL;
  }
  LLVMOrcExecutionSessionSetErrorReporter(LLVMOrcLLJITGetExecutionSession(j->lljit),
                                          report_session_error, j);
  e = define_symbols(j, syms, nsyms);
  if (!e) e = add_process_symbols(j);
  if (e) LLVMDisposeMemoryBuffer(obj);
  else e = LLVMOrcLLJITAddObjectFile(j->lljit, LLVMOrcLLJITGetMainJITDylib(j->lljit), obj);
  if (e) {
    *err = take_error(j, e);
    lc_jit_free(j);
    return NULL;
  }
  return j;
}

void *lc_jit_lookup(lc_jit *j, const char *name, char **err) {
  LLVMOrcExecutorAddress addr = 0;
  LLVMErrorRef e = LLVMOrcLLJITLookup(j->lljit, &addr, name);
  if (e) {
    *err = take_error(j, e);
    return NULL;
  }
  return (void *)(uintptr_t)addr;
}

void lc_jit_free(lc_jit *j) {
  if (!j) return;
  if (j->lljit) {
    LLVMErrorRef e = LLVMOrcDisposeLLJIT(j->lljit);
    if (e) LLVMConsumeError(e);
  }
  free(j->session_err);
  free(j);
}
