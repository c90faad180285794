/* leadc_model_open_builtin: the model `leadc build --shared` compiled into the library. The
 * generated file defines `leadc_compiled_model`; everywhere else the weak reference stays null
 * and the call says so instead of failing to link. */
#include <stdlib.h>

#include "api/api.h"
#include "backend/compiled.h"

extern const lc_compiled_model leadc_compiled_model __attribute__((weak));

static void release(void *owner) { lc_compiled_close(owner); }

leadc_status leadc_model_open_builtin(leadc_model **out) {
  if (!out) return LEADC_ERROR_ARGUMENT;
  const lc_compiled_model *cm = &leadc_compiled_model;
  if (!cm || cm->abi != LC_COMPILED_ABI) return LEADC_ERROR_UNSUPPORTED;
  leadc_model *m = calloc(1, sizeof *m);
  char err[256];
  lc_compiled *c = m ? lc_compiled_open(cm, err, sizeof err) : NULL;
  if (!c) {
    free(m);
    return LEADC_ERROR_MEMORY;
  }
  *m = (leadc_model){lc_compiled_plan(c), lc_compiled_scorer(c), NULL, c, release};
  return api_model_finish(m, out);
}
