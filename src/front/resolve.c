/* Import resolution is a depth-first walk: a module being loaded sits on a stack, so an import of
 * a file already on the stack is a cycle and the stack is the chain to print. Files are keyed by
 * realpath (disk) or "std:" + path (embedded), so `./a.score` and `../x/a.score` naming the same
 * file load once. Paths shown to people are the lexically joined paths, not realpaths, so
 * messages match what the user wrote and golden files do not depend on the checkout location. */
#include "front/resolve.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "front/parse.h"
#include "front/stdlib.h"
#include "util/strbuf.h"

typedef enum { ST_LOADING, ST_DONE } load_state;

typedef struct loaded {
  const char *key;
  uint32_t file;
  load_state state;
} loaded;

void lc_loader_init(lc_loader *l, lc_arena *a, lc_sources *s, lc_diags *d,
                    const char *const *include_dirs, uint32_t ninclude) {
  memset(l, 0, sizeof *l);
  l->arena = a;
  l->sources = s;
  l->diags = d;
  l->include_dirs = include_dirs;
  l->ninclude = ninclude;
}

/* ---- paths */

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !memcmp(s + n - m, suffix, m);
}

/* Joins dir and rel and removes "." and "dir/.." segments. Returns NULL when ".." climbs above
 * the root of an embedded path (there is nothing there). */
static const char *join(lc_arena *a, const char *dir, const char *rel, bool embedded) {
  lc_sb in = {0};
  if (rel[0] != '/' && dir[0]) {
    lc_sb_puts(&in, dir);
    lc_sb_putc(&in, '/');
  }
  lc_sb_puts(&in, rel);
  const char *s = lc_sb_cstr(&in);
  bool absolute = s[0] == '/';
  const char **seg = LC_NEW_ARRAY(a, const char *, in.len + 1);
  uint32_t *seglen = LC_NEW_ARRAY(a, uint32_t, in.len + 1);
  uint32_t n = 0;
  bool escaped = false;
  for (const char *p = s; *p;) {
    const char *e = strchr(p, '/');
    uint32_t len = e ? (uint32_t)(e - p) : (uint32_t)strlen(p);
    if (len == 0 || (len == 1 && p[0] == '.')) {
      /* empty or "." segment: drop */
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      if (n > 0 && !(seglen[n - 1] == 2 && !memcmp(seg[n - 1], "..", 2))) n--;
      else if (absolute) {
        /* "/.." is "/" */
      } else {
        escaped = true;
        seg[n] = p;
        seglen[n++] = 2;
      }
    } else {
      seg[n] = p;
      seglen[n++] = len;
    }
    p += len;
    if (*p == '/') p++;
  }
  lc_sb out = {0};
  if (absolute) lc_sb_putc(&out, '/');
  for (uint32_t i = 0; i < n; i++) {
    if (i) lc_sb_putc(&out, '/');
    lc_sb_putn(&out, seg[i], seglen[i]);
  }
  const char *r = escaped && embedded ? NULL : lc_arena_strdup(a, out.len ? lc_sb_cstr(&out) : ".");
  lc_sb_free(&in);
  lc_sb_free(&out);
  return r;
}

static const char *dir_of(lc_arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return "";
  if (slash == path) return "/";
  return lc_arena_strndup(a, path, (size_t)(slash - path));
}

static const lc_stdlib_file *embedded(const char *path) {
  for (const lc_stdlib_file *f = lc_stdlib_files; f->path; f++)
    if (!strcmp(f->path, path)) return f;
  return NULL;
}

/* ---- loading one file */

static loaded *find(lc_loader *l, const char *key) {
  for (uint32_t i = 0; i < l->loaded.n; i++) {
    loaded *e = l->loaded.items[i];
    if (!strcmp(e->key, key)) return e;
  }
  return NULL;
}

static loaded *remember(lc_loader *l, const char *key, uint32_t file, load_state st) {
  loaded *e = LC_NEW(l->arena, loaded);
  e->key = key;
  e->file = file;
  e->state = st;
  lc_vec_push(l->arena, &l->loaded, e);
  return e;
}

static const char *disk_key(lc_arena *a, const char *path) {
  char buf[PATH_MAX];
  return realpath(path, buf) ? lc_arena_strdup(a, buf) : NULL;
}

/* A located file before it is loaded: where it is and how to key it. */
typedef struct target {
  const char *shown;                   /* path for messages */
  const char *key;
  const lc_stdlib_file *emb;           /* embedded contents, or NULL for a disk file */
  bool unreadable;                     /* exists on disk but is a directory or not a file */
} target;

static bool locate_disk(lc_loader *l, const char *path, target *t) {
  struct stat st;
  if (stat(path, &st) != 0) return false;
  t->shown = path;
  t->key = disk_key(l->arena, path);
  t->emb = NULL;
  t->unreadable = !S_ISREG(st.st_mode) || !t->key;
  if (!t->key) t->key = path;
  return true;
}

static bool locate_embedded(lc_loader *l, const char *path, target *t) {
  const lc_stdlib_file *f = path ? embedded(path) : NULL;
  if (!f) return false;
  t->shown = f->path;
  t->key = lc_arena_printf(l->arena, "std:%s", f->path);
  t->emb = f;
  t->unreadable = false;
  return true;
}

/* rel relative to the file `from`; *looked gets the path tried, for messages. */
static bool locate_relative(lc_loader *l, uint32_t from, const char *rel, target *t, const char **looked) {
  const lc_source *src = lc_sources_get(l->sources, from);
  bool emb = src && src->embedded;
  const char *path = join(l->arena, src ? dir_of(l->arena, src->path) : "", rel, emb);
  *looked = path ? path : rel;
  return emb ? locate_embedded(l, path, t) : locate_disk(l, path, t);
}

static lc_load_status load_target(lc_loader *l, const target *t, uint32_t *file) {
  loaded *e = find(l, t->key);
  if (e) { *file = e->file; return LC_LOAD_OK; }
  if (t->unreadable) return LC_LOAD_UNREADABLE;
  uint32_t id = t->emb ? lc_sources_add(l->sources, t->emb->path, t->emb->data, (uint32_t)t->emb->len, true)
                       : lc_sources_load(l->sources, t->shown);
  if (!id) return LC_LOAD_UNREADABLE;
  remember(l, t->key, id, ST_DONE);
  *file = id;
  return LC_LOAD_OK;
}

lc_load_status lc_load_relative(lc_loader *l, uint32_t from, const char *rel, uint32_t *file) {
  target t;
  const char *looked;
  if (!locate_relative(l, from, rel, &t, &looked)) return LC_LOAD_NOT_FOUND;
  return load_target(l, &t, file);
}

/* ---- imports */

typedef struct walk {
  lc_loader *l;
  lc_unit *unit;
  lc_vec stack;                        /* loaded*: the modules being loaded, outermost first */
} walk;

static void splice(walk *w, ast_module *m, bool is_module, bool is_tests);

static const char *module_kind_name(ast_decl_kind k) {
  switch (k) {
  case AST_MODEL: return "a model";
  case AST_INPUT: return "an input";
  case AST_TIER: return "a tier";
  case AST_VERSION: return "a version";
  case AST_RANGE: return "a score range";
  case AST_TEST: return "a test";
  case AST_RECORD: return "a record";
  case AST_DEF: return "a def";
  case AST_RULE: return "a rule";
  case AST_GROUP: return "a group";
  default: return "this declaration";
  }
}

static void not_found(walk *w, const ast_decl *d, const char *path, const char *looked) {
  lc_diag *g = lc_report(w->l->diags, LC_E0401, d->text->span, "cannot find the module \"%s\"", d->text->s);
  if (!strncmp(path, "std/", 4)) {
    /* candidates are the embedded module names without ".score", as a user writes them */
    lc_vec names = {0};
    for (const lc_stdlib_file *f = lc_stdlib_files; f->path; f++)
      if (!strncmp(f->path, "std/", 4) && ends_with(f->path, ".score"))
        lc_vec_push(w->l->arena, &names, lc_arena_strndup(w->l->arena, f->path, strlen(f->path) - 6));
    const char *want = ends_with(d->text->s, ".score") ? lc_arena_strndup(w->l->arena, d->text->s, strlen(d->text->s) - 6)
                                                        : d->text->s;
    const char *best = lc_did_you_mean(want, (const char *const *)names.items, names.n);
    if (best) lc_diag_help(w->l->diags, g, "did you mean \"%s\"?", best);
    else lc_diag_help(w->l->diags, g, "the standard library has no module by that name");
  } else {
    lc_diag_help(w->l->diags, g, "paths are relative to the importing file; looked for %s", looked);
  }
}

static void cycle(walk *w, const ast_decl *d, const loaded *again) {
  lc_sb sb = {0};
  uint32_t i = 0;
  while (i < w->stack.n && w->stack.items[i] != again) i++;
  for (; i < w->stack.n; i++) {
    const loaded *e = w->stack.items[i];
    lc_sb_puts(&sb, lc_sources_get(w->l->sources, e->file)->path);
    lc_sb_puts(&sb, " → ");
  }
  lc_sb_puts(&sb, lc_sources_get(w->l->sources, again->file)->path);
  lc_diag *g = lc_report(w->l->diags, LC_E0402, d->text->span, "these imports go round in a circle: %s", lc_sb_cstr(&sb));
  lc_diag_help(w->l->diags, g, "move what both files need into a third module that imports neither");
  lc_sb_free(&sb);
}

static void import(walk *w, uint32_t from, const ast_decl *d) {
  lc_loader *l = w->l;
  const char *path = d->text->s;
  if (!path[0]) {
    lc_report(l->diags, LC_E0401, d->text->span, "the import path is empty");
    return;
  }
  const char *file = ends_with(path, ".score") ? path : lc_arena_printf(l->arena, "%s.score", path);
  target t;
  const char *looked = file;
  bool found = false;
  if (!strncmp(file, "std/", 4)) {
    for (uint32_t i = 0; i < l->ninclude && !found; i++) {
      const char *p = join(l->arena, l->include_dirs[i], file, false);
      found = locate_disk(l, p, &t);
    }
    if (!found) found = locate_embedded(l, file, &t);
  } else {
    found = locate_relative(l, from, file, &t, &looked);
  }
  if (!found) { not_found(w, d, file, looked); return; }

  loaded *e = find(l, t.key);
  if (e && e->state == ST_LOADING) { cycle(w, d, e); return; }
  if (e) return;                                /* already spliced in at its first import */
  if (t.unreadable) {
    lc_report(l->diags, LC_E0405, d->text->span, "cannot read the module %s", t.shown);
    return;
  }
  uint32_t id = t.emb ? lc_sources_add(l->sources, t.emb->path, t.emb->data, (uint32_t)t.emb->len, true)
                      : lc_sources_load(l->sources, t.shown);
  if (!id) {
    lc_report(l->diags, LC_E0405, d->text->span, "cannot read the module %s: %s", t.shown, strerror(errno));
    return;
  }
  e = remember(l, t.key, id, ST_LOADING);
  ast_module *m = lc_parse(l->sources, id, l->arena, l->diags);
  lc_vec_push(l->arena, &w->stack, e);
  if (m) splice(w, m, true, false);
  w->stack.n--;
  e->state = ST_DONE;
}

static void splice(walk *w, ast_module *m, bool is_module, bool is_tests) {
  for (uint32_t i = 0; i < m->decls.n; i++) {
    ast_decl *d = m->decls.items[i];
    bool allowed = true;
    if (is_module)
      allowed = d->kind == AST_IMPORT || d->kind == AST_CONST || d->kind == AST_DEF || d->kind == AST_RECORD ||
                d->kind == AST_RULE || d->kind == AST_GROUP;
    else if (is_tests)
      allowed = d->kind == AST_IMPORT || d->kind == AST_CONST || d->kind == AST_TEST;
    if (!allowed) {
      lc_span at = d->name_span.file ? d->name_span : d->span;
      if (is_module) {
        lc_diag *g = lc_report(w->l->diags, LC_E0403, at, "a module cannot hold %s", module_kind_name(d->kind));
        lc_diag_help(w->l->diags, g, "modules hold consts, defs, records, rules and groups; move this into the model file");
      } else {
        lc_diag *g = lc_report(w->l->diags, LC_E0403, at, "a test file cannot hold %s", module_kind_name(d->kind));
        lc_diag_help(w->l->diags, g, "a NAME_test.score file holds only tests and consts; move this into the model file");
      }
      continue;
    }
    lc_vec_push(w->l->arena, &w->unit->decls, d);
    if (d->kind == AST_IMPORT && d->text) import(w, m->file, d);
  }
}

static void enter_root(walk *w, uint32_t file) {
  const lc_source *src = lc_sources_get(w->l->sources, file);
  const char *key = src ? disk_key(w->l->arena, src->path) : NULL;
  if (!key) key = lc_arena_printf(w->l->arena, "root:%u", file);
  loaded *e = find(w->l, key);
  if (!e) e = remember(w->l, key, file, ST_LOADING);
  e->state = ST_LOADING;
  lc_vec_push(w->l->arena, &w->stack, e);
}

void lc_resolve(lc_loader *l, ast_module *main, ast_module *tests, lc_unit *unit) {
  memset(unit, 0, sizeof *unit);
  unit->main_file = main->file;
  unit->test_file = tests ? tests->file : 0;
  walk w = {l, unit, {0}};
  enter_root(&w, main->file);
  splice(&w, main, false, false);
  ((loaded *)w.stack.items[0])->state = ST_DONE;
  w.stack.n = 0;
  if (tests) {
    enter_root(&w, tests->file);
    splice(&w, tests, false, true);
    ((loaded *)w.stack.items[0])->state = ST_DONE;
  }
}

/* ---- sibling test files */

const char *lc_test_sibling(lc_arena *a, const char *path) {
  if (!ends_with(path, ".score") || ends_with(path, "_test.score")) return NULL;
  return lc_arena_printf(a, "%.*s_test.score", (int)(strlen(path) - 6), path);
}

const char *lc_model_of_test(lc_arena *a, const char *path) {
  if (!ends_with(path, "_test.score")) return NULL;
  return lc_arena_printf(a, "%.*s.score", (int)(strlen(path) - 11), path);
}
