#include "cli/backends.h"

#include <stdio.h>
#include <string.h>

#include "backend/interp.h"
#include "cli/backend_c.h"
#ifdef LEADC_HAVE_LLVM
#include "backend/llvm/llvm_backend.h"
#endif

/* The JIT is the default where LLVM is built in; the interpreter is the reference; c compiles the
 * generated C with the system compiler (what `leadc build` makes). */
static const lc_backend *const backends[] = {
#ifdef LEADC_HAVE_LLVM
  &lc_backend_jit,
#endif
  &lc_backend_interp,
  &cli_backend_c,
};
enum { NBACKENDS = sizeof backends / sizeof backends[0] };

const lc_backend *cli_backend_default(void) { return backends[0]; }

const lc_backend *cli_backend_find(const char *name) {
  for (int i = 0; i < NBACKENDS; i++)
    if (!strcmp(backends[i]->name, name)) return backends[i];
  return NULL;
}

void cli_backend_names(char *buf, size_t size) {
  size_t n = 0;
  buf[0] = 0;
  for (int i = 0; i < NBACKENDS && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", backends[i]->name);
}
