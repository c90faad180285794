/* leadc emit c|llvm MODEL [-o FILE]: the code a backend generates for a model, for reading and for
 * golden tests (CLI.md). Each target is one row of the table below. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out_file.h"
#include "cli/emit_c.h"
#include "cli/model.h"
#include "cli/opts.h"
#ifdef LEADC_HAVE_LLVM
#include "backend/llvm/llvm_backend.h"
#endif

enum { O_OUTPUT, O_OPT, O_INCLUDE, NOPTS };

static const cli_opt opts[NOPTS] = {
  [O_OUTPUT] = {"output", 'o', "FILE", "write to FILE instead of stdout"},
  [O_OPT] = {"opt", 'O', "N", "llvm: IR optimisation level 0, 1 or 2 (default: what the JIT uses)"},
  [O_INCLUDE] = {"include", 'I', "DIR", "look for std/ modules in DIR first (repeatable)"},
};

static const cli_spec spec = {
  "emit", "c|llvm MODEL",
  "Print the code generated for MODEL: `c` is one C11 file with the score function and tables\n"
  "(what `leadc build` compiles; it needs only <leadc/runtime.h> and the runtime library);\n"
  "`llvm` is the optimised LLVM IR (.ll) that the JIT compiles for `leadc score`.",
  opts, NOPTS,
};

/* Returns the generated text (malloc'd) for the model loaded from path, or NULL with a reason
 * in err. */
typedef char *(*emit_fn)(const cli_model *m, const char *path, const cli_args *a, char *err, size_t errsz);

static char *emit_c(const cli_model *m, const char *path, const cli_args *a, char *err, size_t errsz) {
  return cli_emit_c(m, path);
}

#ifdef LEADC_HAVE_LLVM
static char *emit_llvm(const cli_model *m, const char *path, const cli_args *a, char *err, size_t errsz) {
  lc_llvm_options o = lc_llvm_defaults;
  if (a->val[O_OPT]) o.opt_level = a->val[O_OPT][0] - '0';
  return lc_llvm_emit_ir(m->plan, &o, err, errsz);
}
#endif

static const struct target { const char *name; emit_fn emit; } targets[] = {
  {"c", emit_c},
#ifdef LEADC_HAVE_LLVM
  {"llvm", emit_llvm},
#endif
  {NULL, NULL},
};

#ifdef LEADC_HAVE_LLVM
#define TARGET_NAMES "c, llvm"
#else
#define TARGET_NAMES "c"
#endif

static int write_text(const char *path, const char *text) {
  return cli_out_write("emit", path, text, strlen(text));
}

static int run(const cli_args *a) {
  if (a->noperands < 1) return cli_usage_error("emit", "missing the target (" TARGET_NAMES ")");
  const struct target *t = targets;
  while (t->name && strcmp(t->name, a->operands[0])) t++;
  if (!t->name) return cli_usage_error("emit", "unknown target '%s' (available: " TARGET_NAMES ")", a->operands[0]);
  if (a->noperands != 2) return cli_usage_error("emit", "expected one MODEL file after '%s'", t->name);
  const char *opt = a->val[O_OPT];
  if (opt && (strlen(opt) != 1 || opt[0] < '0' || opt[0] > '2'))
    return cli_usage_error("emit", "--opt: expected 0, 1 or 2, not '%s'", opt);

  cli_model m;
  cli_model_opts mo = {"emit", a->all[O_INCLUDE], a->nall[O_INCLUDE], false, NULL};
  int rc = cli_model_load(&m, a->operands[1], &mo);
  if (rc == EXIT_OK && !m.plan) {
    fprintf(stderr, "leadc emit: %s is a module (it has no `model` declaration)\n", a->operands[1]);
    rc = EXIT_FAIL;
  }
  if (rc == EXIT_OK) {
    char err[512];
    char *text = t->emit(&m, a->operands[1], a, err, sizeof err);
    if (text) {
      rc = write_text(a->val[O_OUTPUT], text);
      free(text);
    } else {
      fprintf(stderr, "leadc emit: %s\n", err);
      rc = EXIT_INTERNAL;
    }
  }
  cli_model_free(&m);
  return rc;
}

int cmd_emit(int argc, char **argv) { return cli_run(&spec, argc, argv, run); }
