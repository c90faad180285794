/* The C backend: a model plan written out as one C11 file (`leadc emit c`, `leadc build`).
 *
 * The file holds a struct per record layout, the record descriptors the reader needs, the
 * constant tables (enum members, string sets, regex sources, rule, group and tier names), the
 * score function, and one exported `const lc_compiled_model leadc_compiled_model` describing it
 * all (include/leadc/runtime.h). It includes only <leadc/runtime.h> and the C standard library,
 * and links against the leadc runtime library. Compiled with -ffp-contract=off it computes
 * exactly what the interpreter computes: every floating-point operation is written out in the
 * order plan.h fixes, and everything non-trivial calls the same runtime helpers.
 *
 * Defining LEADC_MAIN when compiling the file adds a `main` that runs the scoring command over
 * the model (`leadc build`). The output depends only on the plan and on info, so the same
 * model gives the same bytes. */
#ifndef LEADC_BACKEND_CGEN_H
#define LEADC_BACKEND_CGEN_H

#include "front/source.h"
#include "plan/plan.h"

typedef struct lc_cgen_info {
  const char *source_name;     /* the model file as named in the header comment */
  const char *source_hash;     /* lc_cgen_source_hash */
  const char *leadc_version;
} lc_cgen_info;

/* The C source, NUL-terminated and malloc'd (the caller frees it). */
char *lc_cgen_emit(const lc_plan *plan, const lc_cgen_info *info);

/* 16 hex digits identifying what the model was compiled from: the text of every source file in
 * load order (the model, its imports, its stdlib modules) and the string lists it read. */
void lc_cgen_source_hash(const lc_sources *s, const lc_plan *plan, char hex[17]);

#endif
