#include "cli/build_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool exists(const char *path) { return access(path, R_OK) == 0; }

/* Fills out from a library directory and header candidates; true when all three are there. */
static bool try_place(const char *libdir, const char *const *incdirs, int nincdirs, build_runtime *out,
                      char *tried, size_t triedsz) {
  size_t used = strlen(tried);
  snprintf(tried + used, triedsz - used, "%s%s", used ? ", " : "", libdir);
  snprintf(out->driver_lib, sizeof out->driver_lib, "%s/libleadc_driver.a", libdir);
  snprintf(out->rt_lib, sizeof out->rt_lib, "%s/libleadc_rt.a", libdir);
  if (!exists(out->driver_lib) || !exists(out->rt_lib)) return false;
  for (int i = 0; i < nincdirs; i++) {
    char header[PATH_MAX + 32];
    snprintf(header, sizeof header, "%s/leadc/runtime.h", incdirs[i]);
    /* a directory too long to hold is as good as absent: a cut path would name another one */
    if (exists(header) && strlen(incdirs[i]) < sizeof out->include_dir) {
      memcpy(out->include_dir, incdirs[i], strlen(incdirs[i]) + 1);
      return true;
    }
  }
  return false;
}

static bool try_prefix(const char *prefix, build_runtime *out, char *tried, size_t triedsz) {
  char lib[PATH_MAX + 64], lib_plain[PATH_MAX + 8], inc[PATH_MAX + 64];
  snprintf(lib, sizeof lib, "%s/%s", prefix, LEADC_INSTALL_LIBDIR);
  snprintf(lib_plain, sizeof lib_plain, "%s/lib", prefix);
  snprintf(inc, sizeof inc, "%s/%s", prefix, LEADC_INSTALL_INCLUDEDIR);
  const char *incs[] = {inc};
  return try_place(lib, incs, 1, out, tried, triedsz) ||
         (strcmp(lib, lib_plain) && try_place(lib_plain, incs, 1, out, tried, triedsz));
}

bool build_runtime_find(const char *runtime_dir, build_runtime *out, char *tried, size_t triedsz) {
  tried[0] = 0;
  if (runtime_dir) {
    char inc[PATH_MAX + 16], up[PATH_MAX + 16];
    snprintf(inc, sizeof inc, "%s/include", runtime_dir);
    snprintf(up, sizeof up, "%s/../include", runtime_dir);
    const char *incs[] = {inc, up};
    return try_place(runtime_dir, incs, 2, out, tried, triedsz);
  }
  const char *home = getenv("LEADC_HOME");
  if (home && *home) return try_prefix(home, out, tried, triedsz);

  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    const char *src_inc[] = {LEADC_SOURCE_INCLUDE};
    if (try_place(exe, src_inc, 1, out, tried, triedsz)) return true;
    char prefix[PATH_MAX + 4];
    snprintf(prefix, sizeof prefix, "%s/..", exe);
    if (try_prefix(prefix, out, tried, triedsz)) return true;
  }
  return try_prefix(LEADC_INSTALL_PREFIX, out, tried, triedsz);
}
