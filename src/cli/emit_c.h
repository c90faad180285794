/* The C source of a loaded model, as `leadc emit c` prints it and `leadc build` compiles it:
 * the header comment names the model file by its base name, so the text does not depend on the
 * directory it was compiled from. */
#ifndef LEADC_CLI_EMIT_C_H
#define LEADC_CLI_EMIT_C_H

#include "cli/model.h"

/* malloc'd; the caller frees it. m must hold a model (m->plan not NULL). */
char *cli_emit_c(const cli_model *m, const char *path);

#endif
