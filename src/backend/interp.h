/* The reference interpreter: walks the plan's expression trees for every record. It is the
 * definition of what a model computes; the LLVM JIT and generated C are tested against it byte
 * for byte, so it favours being obviously right over being fast. */
#ifndef LEADC_BACKEND_INTERP_H
#define LEADC_BACKEND_INTERP_H

#include "backend/backend.h"

extern const lc_backend lc_backend_interp;

#endif
