/* The plan's C is compiled into a shared object in a temporary directory and loaded with dlopen.
 * The object carries its own copy of the runtime and exports nothing but the model's description,
 * which the runtime here opens as for a built program (regexes and sets built by this process).
 * The file is removed as soon as it is loaded; the mapping lives until the scorer is freed. It
 * lives in src/cli because it runs the compiler. */
#include "cli/backend_c.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/cgen.h"
#include "backend/compiled.h"
#include "cli/build_cc.h"

typedef struct c_scorer {
  lc_scorer base;
  void *handle;
  lc_compiled *compiled;
} c_scorer;

static void c_score(const lc_scorer *s, const void *rec, lc_exec *x, lc_result *r) {
  lc_scorer_score(lc_compiled_scorer(((const c_scorer *)s)->compiled), rec, x, r);
}

static void c_destroy(lc_scorer *s) {
  c_scorer *c = (c_scorer *)s;
  lc_compiled_close(c->compiled);
  if (c->handle) dlclose(c->handle);
  free(c);
}

/* Compiles the plan into dir/model.so and loads it; the file is gone when this returns. */
static void *compile_and_load(const lc_plan *plan, char *err, size_t errsz) {
  build_runtime rt;
  char tried[2048];
  if (!build_runtime_find(NULL, &rt, tried, sizeof tried)) {
    snprintf(err, errsz, "cannot find the leadc runtime (libleadc_rt.a and <leadc/runtime.h>) in %s", tried);
    return NULL;
  }
  const char *tmp = getenv("TMPDIR");
  char dir[64], so[96];
  snprintf(dir, sizeof dir, "%s/leadc-c-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    snprintf(err, errsz, "cannot create a temporary directory");
    return NULL;
  }
  snprintf(so, sizeof so, "%s/model.so", dir);
  lc_cgen_info info = {plan->model_name, "-", LEADC_VERSION};
  char *text = lc_cgen_emit(plan, &info);
  void *handle = NULL;
  if (build_compile(text, so, BUILD_MODULE, &rt, false, err, errsz) && !(handle = dlopen(so, RTLD_NOW | RTLD_LOCAL)))
    snprintf(err, errsz, "cannot load the compiled model: %s", dlerror());
  free(text);
  unlink(so);
  rmdir(dir);
  return handle;
}

static lc_scorer *create_c(const lc_plan *plan, char *err, size_t errsz) {
  c_scorer *c = calloc(1, sizeof *c);
  if (!c) {
    snprintf(err, errsz, "out of memory");
    return NULL;
  }
  c->base = (lc_scorer){plan, c_score, c_destroy};
  c->handle = compile_and_load(plan, err, errsz);
  const lc_compiled_model *m = c->handle ? dlsym(c->handle, "leadc_compiled_model") : NULL;
  if (c->handle && !m) snprintf(err, errsz, "the compiled model has no leadc_compiled_model");
  if (m) c->compiled = lc_compiled_open(m, err, errsz);
  if (!c->compiled) {
    c_destroy(&c->base);
    return NULL;
  }
  return &c->base;
}

const lc_backend cli_backend_c = {"c", create_c};
