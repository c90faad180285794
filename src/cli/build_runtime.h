/* Where `leadc build` finds what generated code compiles and links against: the headers
 * (<leadc/runtime.h>) and the static libraries libleadc_driver.a and libleadc_rt.a. Tried in
 * order, the first place holding all three wins:
 *   1. --runtime-dir DIR: the libraries in DIR, the headers in DIR/include or DIR/../include;
 *   2. $LEADC_HOME, an install prefix: PREFIX/<libdir> (or PREFIX/lib) and PREFIX/include;
 *   3. the build tree leadc runs from: the libraries beside the executable, the headers in the
 *      source tree it was configured from;
 *   4. the install prefix relative to the executable (PREFIX/bin/leadc), so an installed tree
 *      can be moved;
 *   5. the install prefix leadc was configured with. */
#ifndef LEADC_CLI_BUILD_RUNTIME_H
#define LEADC_CLI_BUILD_RUNTIME_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct build_runtime {
  char include_dir[PATH_MAX];    /* holds leadc/runtime.h */
  char driver_lib[PATH_MAX];     /* libleadc_driver.a */
  char rt_lib[PATH_MAX];         /* libleadc_rt.a */
} build_runtime;

/* False when no candidate has everything; `tried` then lists the places looked at. */
bool build_runtime_find(const char *runtime_dir, build_runtime *out, char *tried, size_t triedsz);

#endif
