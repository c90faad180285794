/* leadc build MODEL -o OUT [--shared]: the model as native code without LLVM (CLI.md). The C that
 * `leadc emit c` prints is compiled by the system compiler at -O2 with -ffp-contract=off (the
 * model's arithmetic must round exactly as the interpreter's does) and linked statically against
 * the leadc runtime: into a program that behaves like `leadc score MODEL`, or with --shared into
 * a library that serves the model through the C API of <leadc/leadc.h>. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/build_cc.h"
#include "cli/build_runtime.h"
#include "cli/cli.h"
#include "cli/emit_c.h"
#include "cli/model.h"
#include "cli/opts.h"

enum { O_OUTPUT, O_SHARED, O_INCLUDE, O_RUNTIME_DIR, O_VERBOSE, NOPTS };

static const cli_opt opts[NOPTS] = {
  [O_OUTPUT] = {"output", 'o', "FILE", "the program (or, with --shared, the library) to write"},
  [O_SHARED] = {"shared", 0, NULL, "build a shared library exposing the model through <leadc/leadc.h>"},
  [O_INCLUDE] = {"include", 'I', "DIR", "look for std/ modules in DIR first (repeatable)"},
  [O_RUNTIME_DIR] = {"runtime-dir", 0, "DIR", "the leadc runtime libraries to link (default: found beside leadc)"},
  [O_VERBOSE] = {"verbose", 'v', NULL, "print the C compiler's command line"},
};

static const cli_spec spec = {
  "build", "MODEL -o OUT",
  "Compile MODEL to a native program that scores records like `leadc score MODEL` (same options,\n"
  "output, summary and exit codes) and needs no LLVM to run. The C compiler is $CC, else cc.",
  opts, NOPTS,
};

static int run(const cli_args *a) {
  if (a->noperands < 1) return cli_usage_error("build", "missing the MODEL file");
  if (a->noperands > 1) return cli_usage_error("build", "expected one MODEL file, not %d operands", a->noperands);
  if (!a->val[O_OUTPUT] || !a->val[O_OUTPUT][0]) return cli_usage_error("build", "missing -o OUT");

  cli_model m;
  cli_model_opts mo = {"build", a->all[O_INCLUDE], a->nall[O_INCLUDE], false, NULL};
  int rc = cli_model_load(&m, a->operands[0], &mo);
  if (rc == EXIT_OK && !m.plan) {
    cli_msg("build", "%s is a module (it has no `model` declaration)", a->operands[0]);
    rc = EXIT_FAIL;
  }
  build_runtime rt;
  char tried[2048];
  if (rc == EXIT_OK && !build_runtime_find(a->val[O_RUNTIME_DIR], &rt, tried, sizeof tried)) {
    cli_msg("build", "cannot find the leadc runtime (libleadc_rt.a, libleadc_driver.a and <leadc/runtime.h>) in %s;"
            " set LEADC_HOME to the install prefix or pass --runtime-dir", tried);
    rc = EXIT_INTERNAL;
  }
  if (rc == EXIT_OK) {
    char *text = cli_emit_c(&m, a->operands[0]);
    char err[512];
    build_kind kind = cli_has(a, O_SHARED) ? BUILD_LIBRARY : BUILD_PROGRAM;
    if (!build_compile(text, a->val[O_OUTPUT], kind, &rt, cli_has(a, O_VERBOSE), err, sizeof err)) {
      cli_msg("build", "%s", err);
      rc = EXIT_INTERNAL;
    }
    free(text);
  }
  cli_model_free(&m);
  return rc;
}

int cmd_build(int argc, char **argv) { return cli_run(&spec, argc, argv, run); }
