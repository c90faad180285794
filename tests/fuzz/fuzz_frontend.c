/* libFuzzer target over the whole front end: lexer, parser, import resolution, type checker,
 * warnings and — when the model checks clean — lowering to the plan. Any input must end in
 * diagnostics or a plan: never a crash, a leak or a hang. The input is written to a file in a
 * private temp directory because the front end resolves imports and lines() relative to the
 * model's path; a model importing "std/…" exercises the embedded stdlib too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "front/frontend.h"
#include "plan/lower.h"

static char model_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  char dir[] = "/tmp/leadc-fuzz-XXXXXX";
  if (!mkdtemp(dir)) abort();
  snprintf(model_path, sizeof model_path, "%s/model.score", dir);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *f = fopen(model_path, "wb");
  if (!f) abort();
  fwrite(data, 1, size, f);
  fclose(f);

  lc_arena arena;
  lc_arena_init(&arena);
  lc_sources sources;
  lc_sources_init(&sources, &arena);
  lc_diags diags;
  lc_diags_init(&diags, &arena, &sources);
  lc_frontend fe;
  lc_frontend_opts opts = {.no_test_sibling = true};
  if (lc_frontend_run(&fe, &arena, &sources, &diags, model_path, &opts) && fe.program && !fe.program->is_module && diags.errors == 0) {
    char err[256];
    lc_plan *plan = lc_lower(fe.program, &arena, err, sizeof err);
    if (plan) lc_plan_free(plan);
  }
  FILE *null = fopen("/dev/null", "w");
  lc_diags_sort(&diags);
  lc_diags_render(&diags, LC_DIAG_TEXT, false, null);
  lc_diags_render(&diags, LC_DIAG_SARIF, false, null);
  fclose(null);
  lc_arena_free(&arena);
  return 0;
}
