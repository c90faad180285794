/* Running the system C compiler for `leadc build`: $CC (split on blanks, so "ccache gcc" and
 * "gcc -m64" work) or else `cc`, with our arguments after its own. The compiler's messages go
 * straight to our stderr. */
#ifndef LEADC_CLI_BUILD_CC_H
#define LEADC_CLI_BUILD_CC_H

#include <stdbool.h>
#include <stddef.h>

enum { BUILD_CC_NOT_FOUND = -1, BUILD_CC_OK = 0 };

/* args ends with NULL. Returns BUILD_CC_OK, BUILD_CC_NOT_FOUND (the compiler cannot be started:
 * errno says why; *compiler names what was tried), or the compiler's non-zero exit status
 * (128 + N when signal N killed it). verbose prints the command line first. */
int build_cc_run(const char *const *args, bool verbose, char *compiler, size_t compilersz);

#endif
