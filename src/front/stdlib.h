/* The standard library modules (`import "std/…"`) and their list files, embedded into the
 * binary at build time by cmake/embed_stdlib.cmake, so leadc needs no install step to find them.
 * Paths are relative to stdlib/, e.g. "std/email.score" or "std/lists/free_email.txt". */
#ifndef LEADC_FRONT_STDLIB_H
#define LEADC_FRONT_STDLIB_H

#include <stddef.h>

typedef struct lc_stdlib_file {
  const char *path;
  const char *data;
  size_t len;
} lc_stdlib_file;

extern const lc_stdlib_file lc_stdlib_files[];   /* terminated by {NULL, NULL, 0} */

#endif
