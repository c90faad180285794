/* --backend=c: the generated C of `leadc emit c`, compiled by the system compiler and loaded into
 * the running leadc, so `leadc score` can run what `leadc build` makes. */
#ifndef LEADC_CLI_BACKEND_C_H
#define LEADC_CLI_BACKEND_C_H

#include "backend/backend.h"

extern const lc_backend cli_backend_c;

#endif
