#include "cli/emit_c.h"

#include <string.h>

#include "backend/cgen.h"

char *cli_emit_c(const cli_model *m, const char *path) {
  char hash[17];
  lc_cgen_source_hash(&m->sources, m->plan, hash);
  const char *slash = strrchr(path, '/');
  lc_cgen_info info = {slash ? slash + 1 : path, hash, LEADC_VERSION};
  return lc_cgen_emit(m->plan, &info);
}
