#include "cli/build_cc.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

enum { MAX_ARGS = 256 };

int build_cc_run(const char *const *args, bool verbose, char *compiler, size_t compilersz) {
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
    return BUILD_CC_NOT_FOUND;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return 128;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
