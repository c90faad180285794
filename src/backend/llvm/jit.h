/* The ORC LLJIT wrapper: one JIT instance per compiled model. Keeps every llvm-c ownership rule
 * (modules consumed on add, errors consumed once, session errors routed to a message) inside
 * jit.c so the lowering code never touches ORC. */
#ifndef LEADC_BACKEND_LLVM_JIT_H
#define LEADC_BACKEND_LLVM_JIT_H

#include <stddef.h>
#include <llvm-c/Core.h>
#include <llvm-c/Orc.h>
#include <llvm-c/TargetMachine.h>

typedef struct lc_jit lc_jit;

/* A symbol the JIT'd code refers to by name and that the JIT must resolve to a fixed address:
 * runtime helpers (a plain executable does not export them to dlsym) and per-model objects
 * such as compiled regexes and string sets. */
typedef struct lc_jit_sym {
  const char *name;
  const void *addr;
  int is_function;
} lc_jit_sym;

/* Initialises the native target and asm printer once per process. */
void lc_jit_init_llvm(void);

/* A target machine for the host (CPU and features detected), position-independent, with the
 * given codegen optimisation level; NULL with *err on failure. */
LLVMTargetMachineRef lc_jit_host_machine(LLVMCodeGenOptLevel level, char **err);

/* What machine code for this host depends on, as one line: triple, CPU and CPU features. malloc'd;
 * NULL when out of memory. */
char *lc_jit_host_description(void);

/* Creates a JIT, defines syms, and links the object code in obj (made by a target machine from
 * lc_jit_host_machine). obj is always consumed, whatever the outcome. On failure returns NULL
 * and sets *err (free with free()). */
lc_jit *lc_jit_load(LLVMMemoryBufferRef obj, const lc_jit_sym *syms, size_t nsyms, char **err);

/* Address of a function defined by the module, materialising it; NULL with *err on failure. */
void *lc_jit_lookup(lc_jit *j, const char *name, char **err);

void lc_jit_free(lc_jit *j);

/* Takes an LLVM error, returns a malloc'd message and consumes the error. */
char *lc_jit_error_message(LLVMErrorRef e);

#endif
