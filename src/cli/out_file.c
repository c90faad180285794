#include "cli/out_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

int cli_out_open(cli_out *o, const char *cmd, const char *path) {
  *o = (cli_out){stdout, path, NULL};
  if (!path) return EXIT_OK;
  struct stat st;
  bool exists = !stat(path, &st);
  if (exists && !S_ISREG(st.st_mode)) {
    o->f = fopen(path, "w");
    if (!o->f) { cli_msg(cmd, "cannot write %s: %s", path, strerror(errno)); return EXIT_INTERNAL; }
    return EXIT_OK;
  }
  size_t n = strlen(path) + sizeof ".tmp-XXXXXX";
  o->tmp = malloc(n);
  if (!o->tmp) { cli_msg(cmd, "out of memory"); return EXIT_INTERNAL; }
  snprintf(o->tmp, n, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(o->tmp);
  if (fd >= 0) {
    mode_t mask = umask(0);                  /* the only way to read the umask is to set it */
    umask(mask);
    fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (!o->f) { close(fd); unlink(o->tmp); }
  }
  if (!o->f) {
    cli_msg(cmd, "cannot write %s: %s", path, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

int cli_out_close(cli_out *o, const char *cmd, int rc) {
  bool ok = !ferror(o->f);
  ok = (o->f == stdout ? !fflush(stdout) : !fclose(o->f)) && ok;
  if (rc == EXIT_OK && (!ok || (o->tmp && rename(o->tmp, o->path)))) {
    cli_msg(cmd, "cannot write %s: %s", o->path ? o->path : "the output", strerror(errno));
    rc = EXIT_INTERNAL;
  }
  if (o->tmp) {
    if (rc != EXIT_OK) unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
  }
  return rc;
}

int cli_out_write(const char *cmd, const char *path, const char *text, size_t len) {
  cli_out o;
  int rc = cli_out_open(&o, cmd, path);
  if (rc != EXIT_OK) return rc;
  fwrite(text, 1, len, o.f);                 /* a short write sets the error flag close checks */
  return cli_out_close(&o, cmd, EXIT_OK);
}
