/* Finding and loading the files a model refers to: imported modules, lines() lists and test
 * fixtures. Where a path leads:
 *   import "std/NAME"     DIR/std/NAME.score for each -I DIR in order, else the embedded stdlib
 *   import "other/path"   relative to the importing file (embedded modules: inside the stdlib)
 *   lines("f"), file("f") relative to the file holding the call
 * ".score" is appended to import paths that lack it. A module is loaded and parsed once per
 * loader, however often it is imported; its declarations are spliced into the unit at its first
 * import, which is where its rules and groups count in the score's declaration order. */
#ifndef LEADC_FRONT_RESOLVE_H
#define LEADC_FRONT_RESOLVE_H

#include <stdbool.h>
#include "front/ast.h"
#include "front/diag.h"
#include "front/source.h"

typedef struct lc_loader {
  lc_arena *arena;
  lc_sources *sources;
  lc_diags *diags;
  const char *const *include_dirs;
  uint32_t ninclude;
  lc_vec loaded;                 /* private: one entry per file loaded */
} lc_loader;

/* The declarations to check, in order: the main file's, with each imported module's spliced in
 * after its import declaration (which stays, so placement rules can see it), then the sibling
 * test file's. A decl comes from a module when its span's file is neither main_file nor
 * test_file. */
typedef struct lc_unit {
  uint32_t main_file;
  uint32_t test_file;            /* the sibling NAME_test.score's id, 0 when none */
  lc_vec decls;                  /* ast_decl* */
} lc_unit;

void lc_loader_init(lc_loader *l, lc_arena *a, lc_sources *s, lc_diags *d,
                    const char *const *include_dirs, uint32_t ninclude);

/* Resolves the imports of the parsed main module (and of the test file's module when not NULL),
 * loading and parsing modules, and reports E0401–E0403. */
void lc_resolve(lc_loader *l, ast_module *main, ast_module *tests, lc_unit *unit);

typedef enum lc_load_status { LC_LOAD_OK, LC_LOAD_NOT_FOUND, LC_LOAD_UNREADABLE } lc_load_status;

/* Loads `rel` relative to the file `from` (an embedded file looks among the embedded ones) and
 * returns its source id in *file; the same file is loaded once. */
lc_load_status lc_load_relative(lc_loader *l, uint32_t from, const char *rel, uint32_t *file);

/* The path a sibling test file would have ("models/x.score" → "models/x_test.score"), or NULL
 * when path does not end in ".score" or already names a test file. And the reverse: the model
 * a test file belongs to, or NULL. Both allocate in the arena. */
const char *lc_test_sibling(lc_arena *a, const char *path);
const char *lc_model_of_test(lc_arena *a, const char *path);

#endif
