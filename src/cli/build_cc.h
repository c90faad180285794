/* Compiling generated C with the system compiler, for `leadc build` and `--backend=c`: $CC
 * (split on blanks, so "ccache gcc" and "gcc -m64" work) or else `cc`, at -O2 with
 * -ffp-contract=off, against the leadc runtime. The compiler's own messages go straight to our
 * stderr; everything else is returned. */
#ifndef LEADC_CLI_BUILD_CC_H
#define LEADC_CLI_BUILD_CC_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/build_runtime.h"

typedef enum build_kind {
  BUILD_PROGRAM,       /* `leadc score` over the model: the driver's main (-DLEADC_MAIN) */
  BUILD_LIBRARY,       /* a shared library with the model and the scoring API, only leadc_* exported */
  BUILD_MODULE,        /* a shared object exporting only leadc_compiled_model, for dlopen */
} build_kind;

/* Compiles c_text into out. Returns true, or false with a one-line reason in err (the compiler
 * cannot be run, or failed: its messages are already on stderr). verbose prints the command. */
bool build_compile(const char *c_text, const char *out, build_kind kind, const build_runtime *rt, bool verbose,
                   char *err, size_t errsz);

#endif
