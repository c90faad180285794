/* leadc build MODEL -o OUT [--shared]: the model as native code without LLVM (CLI.md). The C that
 * `leadc emit c` prints is compiled by the system compiler at -O2 with -ffp-contract=off (the
 * model's arithmetic must round exactly as the interpreter's does) and linked statically against
 * the leadc runtime: into a program that behaves like `leadc score MODEL`, or with --shared into
 * a library that serves the model through the C API of <leadc/leadc.h>. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The generated file lives in a temporary directory for the compiler's sake only. */
typedef struct workdir {
  char dir[64];
  char c_file[128];
  char map_file[128];
} workdir;

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  bool ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok ? 0 : -1;
}

static int make_workdir(workdir *w, const char *c_text) {
  const char *tmp = getenv("TMPDIR");
  snprintf(w->dir, sizeof w->dir, "%s/leadc-build-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
  if (!mkdtemp(w->dir)) {
    cli_msg("build", "cannot create a temporary directory: %s", strerror(errno));
    w->dir[0] = 0;
    return EXIT_INTERNAL;
  }
  snprintf(w->c_file, sizeof w->c_file, "%s/model.c", w->dir);
  snprintf(w->map_file, sizeof w->map_file, "%s/exports.map", w->dir);
  /* Only the API is exported from a shared model library: the runtime inside stays private. */
  if (write_file(w->c_file, c_text) || write_file(w->map_file, "{ global: leadc_*; local: *; };\n")) {
    cli_msg("build", "cannot write %s: %s", w->c_file, strerror(errno));
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

static void remove_workdir(const workdir *w) {
  if (!w->dir[0]) return;
  unlink(w->c_file);
  unlink(w->map_file);
  rmdir(w->dir);
}

enum { MAX_ARGS = 64 };

static int compile(const cli_args *a, const workdir *w, const build_runtime *rt) {
  const char *args[MAX_ARGS];
  int n = 0;
  char inc[PATH_MAX + 2], map[200];
  snprintf(inc, sizeof inc, "-I%s", rt->include_dir);
  snprintf(map, sizeof map, "-Wl,--version-script=%s", w->map_file);
  const char *common[] = {"-std=c11", "-O2", "-ffp-contract=off", "-fno-fast-math", inc};
  for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) args[n++] = common[i];
  bool shared = cli_has(a, O_SHARED);
  if (shared) {
    const char *so[] = {"-fPIC", "-shared", w->c_file, "-o", a->val[O_OUTPUT], "-Wl,--whole-archive", rt->rt_lib,
                        "-Wl,--no-whole-archive", map, "-Wl,-Bsymbolic"};
    for (size_t i = 0; i < sizeof so / sizeof so[0]; i++) args[n++] = so[i];
  } else {
    const char *exe[] = {"-DLEADC_MAIN", w->c_file, "-o", a->val[O_OUTPUT], rt->driver_lib, rt->rt_lib};
    for (size_t i = 0; i < sizeof exe / sizeof exe[0]; i++) args[n++] = exe[i];
  }
  char libs[] = LEADC_RT_LIBS;
  for (char *save, *l = strtok_r(libs, " ", &save); l && n < MAX_ARGS - 1; l = strtok_r(NULL, " ", &save))
    args[n++] = l;
  args[n] = NULL;

  char compiler[256];
  int rc = build_cc_run(args, cli_has(a, O_VERBOSE), compiler, sizeof compiler);
  if (rc == BUILD_CC_NOT_FOUND) {
    cli_msg("build", "cannot run the C compiler '%s': %s (set CC to the compiler to use)", compiler, strerror(errno));
    return EXIT_INTERNAL;
  }
  if (rc != BUILD_CC_OK) {
    cli_msg("build", "the C compiler '%s' failed (exit status %d)", compiler, rc);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

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
  workdir w = {0};
  if (rc == EXIT_OK) {
    char *text = cli_emit_c(&m, a->operands[0]);
    rc = make_workdir(&w, text);
    free(text);
  }
  if (rc == EXIT_OK) rc = compile(a, &w, &rt);
  remove_workdir(&w);
  cli_model_free(&m);
  return rc;
}

int cmd_build(int argc, char **argv) {
  cli_args a;
  int rc = cli_parse(&spec, argc, argv, &a);
  if (rc == CLI_PARSED) rc = run(&a);
  else if (rc == CLI_HELP_SHOWN) rc = EXIT_OK;
  cli_args_free(&a);
  return rc;
}
