#include "cli/build_cc.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { MAX_ARGS = 128 };

/* Runs the compiler with args; 0, -1 when it cannot be started (errno), or its exit status
 * (128 + N when signal N killed it). */
static int run_cc(const char *const *args, bool verbose, char *compiler, size_t compilersz) {
  const char *cc = getenv("CC");
  char words[1024];
  snprintf(words, sizeof words, "%s", cc && *cc ? cc : "cc");
  char *argv[MAX_ARGS];
  int n = 0;
  for (char *save, *w = strtok_r(words, " \t", &save); w && n < MAX_ARGS / 2; w = strtok_r(NULL, " \t", &save))
    argv[n++] = w;
  if (!n) argv[n++] = "cc";
  snprintf(compiler, compilersz, "%s", argv[0]);
  for (int i = 0; args[i] && n < MAX_ARGS - 1; i++) argv[n++] = (char *)args[i];
  argv[n] = NULL;
  if (verbose) {
    for (int i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
    fputc('\n', stderr);
  }
  pid_t pid;
  int err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
  if (err) {
    errno = err;
    return -1;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return 128;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static bool write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return false;
  bool ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok;
}

/* The generated file and the export list live in a temporary directory for the compiler only. */
typedef struct workdir { char dir[64], c_file[96], map_file[96]; } workdir;

static bool make_workdir(workdir *w, const char *c_text, build_kind kind) {
  const char *tmp = getenv("TMPDIR");
  snprintf(w->dir, sizeof w->dir, "%s/leadc-build-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
  if (!mkdtemp(w->dir)) {
    w->dir[0] = 0;
    return false;
  }
  snprintf(w->c_file, sizeof w->c_file, "%s/model.c", w->dir);
  snprintf(w->map_file, sizeof w->map_file, "%s/exports.map", w->dir);
  const char *exports = kind == BUILD_MODULE ? "{ global: leadc_compiled_model; local: *; };\n"
                                             : "{ global: leadc_*; local: *; };\n";
  return write_file(w->c_file, c_text) && write_file(w->map_file, exports);
}

static void remove_workdir(const workdir *w) {
  if (!w->dir[0]) return;
  unlink(w->c_file);
  unlink(w->map_file);
  rmdir(w->dir);
}

bool build_compile(const char *c_text, const char *out, build_kind kind, const build_runtime *rt, bool verbose,
                   char *err, size_t errsz) {
  workdir w = {0};
  if (!make_workdir(&w, c_text, kind)) {
    snprintf(err, errsz, "cannot write the generated C to %s: %s", w.dir[0] ? w.dir : "a temporary directory",
             strerror(errno));
    remove_workdir(&w);
    return false;
  }
  const char *args[MAX_ARGS];
  int n = 0;
  char inc[PATH_MAX + 2], map[160];
  snprintf(inc, sizeof inc, "-I%s", rt->include_dir);
  snprintf(map, sizeof map, "-Wl,--version-script=%s", w.map_file);
  const char *common[] = {"-std=c11", "-O2", "-ffp-contract=off", "-fno-fast-math", inc};
  for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) args[n++] = common[i];
  if (kind == BUILD_PROGRAM) {
    const char *exe[] = {"-DLEADC_MAIN", w.c_file, "-o", out, rt->driver_lib, rt->rt_lib};
    for (size_t i = 0; i < sizeof exe / sizeof exe[0]; i++) args[n++] = exe[i];
  } else {
    /* The runtime goes in whole, so the API (and everything generated code calls) is there. */
    const char *so[] = {"-fPIC", "-shared", w.c_file, "-o", out, "-Wl,--whole-archive", rt->rt_lib,
                        "-Wl,--no-whole-archive", map, "-Wl,-Bsymbolic"};
    for (size_t i = 0; i < sizeof so / sizeof so[0]; i++) args[n++] = so[i];
  }
  char libs[] = LEADC_RT_LIBS;
  for (char *save, *l = strtok_r(libs, " ", &save); l && n < MAX_ARGS - 1; l = strtok_r(NULL, " ", &save))
    args[n++] = l;
  args[n] = NULL;

  char compiler[256];
  int rc = run_cc(args, verbose, compiler, sizeof compiler);
  remove_workdir(&w);
  if (rc < 0) snprintf(err, errsz, "cannot run the C compiler '%s': %s (set CC to the compiler to use)", compiler, strerror(errno));
  else if (rc) snprintf(err, errsz, "the C compiler '%s' failed (exit status %d)", compiler, rc);
  return rc == 0;
}
