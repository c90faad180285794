/* The backends that --backend can name. Adding a backend is one row in backends.c. */
#ifndef LEADC_CLI_BACKENDS_H
#define LEADC_CLI_BACKENDS_H

#include <stddef.h>
#include "backend/backend.h"

/* The default backend (the table's first row). */
const lc_backend *cli_backend_default(void);
/* NULL when no backend has that name. */
const lc_backend *cli_backend_find(const char *name);
/* "interp, jit": for messages. */
void cli_backend_names(char *buf, size_t size);

#endif
