#include "cli/model.h"

#include <errno.h>
#include <string.h>

#include "cli/cli.h"
#include "plan/lower.h"
#include "plan/plan_dump.h"

int cli_model_load(cli_model *m, const char *path, const cli_model_opts *o) {
  memset(m, 0, sizeof *m);
  lc_arena_init(&m->arena);
  lc_sources_init(&m->sources, &m->arena);
  lc_diags_init(&m->diags, &m->arena, &m->sources);
  lc_frontend_opts fo = {
    .include_dirs = o->include_dirs, .ninclude = (uint32_t)o->ninclude, .dump = LC_DUMP_NONE,
    .no_test_sibling = !o->with_tests,
  };
  if (!lc_frontend_run(&m->fe, &m->arena, &m->sources, &m->diags, path, &fo)) {
    fprintf(stderr, "leadc %s: cannot read %s: %s\n", o->cmd, path, strerror(errno));
    return EXIT_INTERNAL;
  }
  if (m->diags.errors) {
    lc_diags_sort(&m->diags);
    lc_diags_render(&m->diags, LC_DIAG_TEXT, false, stderr);
    return EXIT_FAIL;
  }
  if (m->fe.program->is_module) return EXIT_OK;
  char err[256];
  m->plan = lc_lower(m->fe.program, &m->arena, err, sizeof err);
  if (!m->plan) {
    fprintf(stderr, "leadc %s: %s: %s\n", o->cmd, path, err);
    return EXIT_INTERNAL;
  }
  if (o->plan_dump) {
    lc_sb sb = {0};
    lc_plan_dump(m->plan, &sb);
    fwrite(sb.buf, 1, sb.len, o->plan_dump);
    lc_sb_free(&sb);
  }
  return EXIT_OK;
}

void cli_model_free(cli_model *m) {
  if (m->plan) lc_plan_free(m->plan);
  lc_arena_free(&m->arena);
  m->plan = NULL;
}
