/* leadc_compile_file / leadc_compile_string: the front end, lowering and the interpreter, the
 * way `leadc score --backend=interp` runs a model, with diagnostics handed to the caller's
 * callback instead of printed. Everything the compilation makes lives in one arena owned by the
 * model. */
#include <errno.h>
#include <stdlib.h>

#include "api/api.h"
#include "backend/interp.h"
#include "front/frontend.h"
#include "plan/lower.h"

typedef struct compilation {
  lc_arena arena;
  lc_sources sources;
  lc_diags diags;
  lc_frontend fe;
  lc_plan *plan;
  lc_scorer *scorer;
} compilation;

static void release(void *owner) {
  compilation *c = owner;
  lc_scorer_free(c->scorer);
  if (c->plan) lc_plan_free(c->plan);
  lc_arena_free(&c->arena);
  free(c);
}

static void report(const compilation *c, const leadc_compile_options *o) {
  if (!o || !o->on_diagnostic) return;
  for (uint32_t i = 0; i < c->diags.items.n; i++) {
    const lc_diag *g = LC_VEC_AT(c->diags.items, lc_diag, i);
    leadc_diagnostic d = {
      g->severity == LC_SEV_ERROR ? LEADC_SEVERITY_ERROR : LEADC_SEVERITY_WARNING, lc_code_name(g->code),
      NULL, 0, 0, 0, 0, g->message, g->help,
    };
    if (g->span.file) {
      d.file = lc_sources_get(&c->sources, g->span.file)->path;
      lc_pos from = lc_sources_pos(&c->sources, g->span.file, g->span.start);
      lc_pos to = lc_sources_pos(&c->sources, g->span.file, g->span.end);
      d = (leadc_diagnostic){d.severity, d.code, d.file, from.line, from.col, to.line, to.col, d.message, d.help};
    }
    o->on_diagnostic(&d, o->user);
  }
}

typedef struct compile_call {
  compilation *c;
  const char *path, *text;       /* text NULL: read path from disk */
  size_t len;
  const leadc_compile_options *o;
} compile_call;

static leadc_status compile_work(void *ctx) {
  compile_call *k = ctx;
  compilation *c = k->c;
  const leadc_compile_options *o = k->o;
  lc_arena_init(&c->arena);
  lc_sources_init(&c->sources, &c->arena);
  lc_diags_init(&c->diags, &c->arena, &c->sources);
  lc_frontend_opts fo = {
    .include_dirs = o ? o->include_dirs : NULL, .ninclude = o ? (uint32_t)o->ninclude_dirs : 0,
    .dump = LC_DUMP_NONE, .no_test_sibling = true,
  };
  bool read = k->text ? lc_frontend_run_text(&c->fe, &c->arena, &c->sources, &c->diags, k->path, k->text,
                                             (uint32_t)k->len, &fo)
                      : lc_frontend_run(&c->fe, &c->arena, &c->sources, &c->diags, k->path, &fo);
  if (!read) return errno == ENOMEM ? LEADC_ERROR_MEMORY : LEADC_ERROR_IO;
  lc_diags_sort(&c->diags);
  report(c, o);
  if (c->diags.errors || c->fe.program->is_module) return LEADC_ERROR_MODEL;
  char err[256];
  if (!(c->plan = lc_lower(c->fe.program, &c->arena, err, sizeof err))) return LEADC_ERROR_MODEL;
  if (!(c->scorer = lc_backend_interp.create(c->plan, err, sizeof err))) return LEADC_ERROR_MEMORY;
  return LEADC_OK;
}

static leadc_status compile(const char *path, const char *text, size_t len, const leadc_compile_options *o,
                            leadc_model **out) {
  if (!path || !out || (o && o->ninclude_dirs && !o->include_dirs) || len > UINT32_MAX) return LEADC_ERROR_ARGUMENT;
  compilation *c = calloc(1, sizeof *c);
  leadc_model *m = calloc(1, sizeof *m);
  leadc_status rc = c && m ? api_guarded(compile_work, &(compile_call){c, path, text, len, o}) : LEADC_ERROR_MEMORY;
  if (rc != LEADC_OK) {
    if (c) release(c);
    free(m);
    return rc;
  }
  *m = (leadc_model){c->plan, c->scorer, NULL, c, release};
  return api_model_finish(m, out);
}

leadc_status leadc_compile_file(const char *path, const leadc_compile_options *options, leadc_model **out) {
  return compile(path, NULL, 0, options, out);
}

leadc_status leadc_compile_string(const char *name, const char *text, size_t len,
                                  const leadc_compile_options *options, leadc_model **out) {
  if (!text && len) return LEADC_ERROR_ARGUMENT;
  return compile(name, text ? text : "", len, options, out);
}
