/* The cache of jit_cache.h. An entry is one file, <hash of key>.jit:
 *
 *   "LEADCJIT"  u64 key length  u64 object length  u64 object checksum  key  object
 *
 * (integers in host byte order: machine code only ever runs on the host that made it). The
 * lengths must add up to the file's size and the checksum must match, so a truncated or damaged
 * entry is a miss. */
#include "backend/llvm/jit_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/hash.h"

static const char MAGIC[8] = {'L', 'E', 'A', 'D', 'C', 'J', 'I', 'T'};

typedef struct header {
  char magic[8];
  uint64_t keylen, objlen, checksum;
} header;

static char *join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *s = malloc(n);
  if (s) snprintf(s, n, "%s/%s", a, b);
  return s;
}

char *lc_jit_cache_dir_from_env(void) {
  const char *off = getenv("LEADC_NO_CACHE");
  if (off && *off && strcmp(off, "0")) return NULL;
  const char *v = getenv("LEADC_CACHE_DIR");
  if (v && *v) return strdup(v);
  if ((v = getenv("XDG_CACHE_HOME")) && *v == '/') return join(v, "leadc");
  if ((v = getenv("HOME")) && *v) return join(v, ".cache/leadc");
  return NULL;
}

static char *entry_path(const char *dir, const char *key, size_t keylen) {
  size_t n = strlen(dir) + 32;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%016llx.jit", dir, (unsigned long long)lc_hash_bytes(key, keylen));
  return p;
}

static bool read_all(int fd, void *buf, size_t n) {
  char *p = buf;
  while (n) {
    ssize_t got = read(fd, p, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= (size_t)got;
  }
  return true;
}

static bool write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n) {
    ssize_t put = write(fd, p, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    p += put;
    n -= (size_t)put;
  }
  return true;
}

/* Code that someone else could have written is never run. */
static bool trusted(const struct stat *st) {
  return S_ISREG(st->st_mode) && st->st_uid == geteuid() && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

void *lc_jit_cache_load(const char *dir, const char *key, size_t keylen, size_t *len) {
  char *path = entry_path(dir, key, keylen);
  int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
  free(path);
  if (fd < 0) return NULL;
  struct stat st;
  header h;
  char *stored = NULL, *obj = NULL;
  if (fstat(fd, &st) || !trusted(&st) || !read_all(fd, &h, sizeof h) || memcmp(h.magic, MAGIC, sizeof MAGIC) ||
      h.keylen != keylen || h.objlen == 0 || (uint64_t)st.st_size != sizeof h + h.keylen + h.objlen)
    goto miss;
  stored = malloc(keylen ? keylen : 1);
  obj = malloc(h.objlen);
  if (!stored || !obj || !read_all(fd, stored, keylen) || memcmp(stored, key, keylen) ||
      !read_all(fd, obj, h.objlen) || lc_hash_bytes(obj, h.objlen) != h.checksum)
    goto miss;
  free(stored);
  futimens(fd, NULL);   /* recently used, for eviction; a read-only cache still hits */
  close(fd);
  *len = h.objlen;
  return obj;
miss:
  free(stored);
  free(obj);
  close(fd);
  return NULL;
}

static bool make_dirs(const char *dir) {
  char *p = strdup(dir);
  if (!p) return false;
  bool ok = true;
  for (char *s = p + 1; ok; s++) {
    bool end = *s == 0;
    if (*s != '/' && !end) continue;
    *s = 0;
    ok = !mkdir(p, 0700) || errno == EEXIST;
    if (end) break;
    *s = '/';
  }
  free(p);
  return ok;
}

typedef struct aged { struct timespec used; char *name; } aged;

static int older_first(const void *a, const void *b) {
  const struct timespec *x = &((const aged *)a)->used, *y = &((const aged *)b)->used;
  if (x->tv_sec != y->tv_sec) return x->tv_sec < y->tv_sec ? -1 : 1;
  return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

/* Keeps at most LC_JIT_CACHE_MAX_ENTRIES entries, dropping the least recently used. Runs only
 * after a compile, which costs far more than reading one directory. */
static void evict(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  aged *all = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    struct stat st;
    if (len != 20 || strcmp(e->d_name + 16, ".jit") || fstatat(dirfd(d), e->d_name, &st, 0)) continue;
    if (n == cap) {
      aged *more = realloc(all, (cap = cap ? 2 * cap : 64) * sizeof *all);
      if (!more) break;
      all = more;
    }
    if (!(all[n].name = strdup(e->d_name))) break;
    all[n++].used = st.st_mtim;
  }
  if (n > LC_JIT_CACHE_MAX_ENTRIES) {
    qsort(all, n, sizeof *all, older_first);
    for (size_t i = 0; i < n - LC_JIT_CACHE_MAX_ENTRIES; i++) unlinkat(dirfd(d), all[i].name, 0);
  }
  for (size_t i = 0; i < n; i++) free(all[i].name);
  free(all);
  closedir(d);
}

bool lc_jit_cache_store(const char *dir, const char *key, size_t keylen, const void *obj, size_t len) {
  if (!make_dirs(dir)) return false;
  char *path = entry_path(dir, key, keylen);
  char *tmp = path ? join(dir, ".entry-XXXXXX") : NULL;
  int fd = tmp ? mkstemp(tmp) : -1;
  bool ok = false;
  if (fd >= 0) {
    header h = {.keylen = keylen, .objlen = len, .checksum = lc_hash_bytes(obj, len)};
    memcpy(h.magic, MAGIC, sizeof MAGIC);
    ok = write_all(fd, &h, sizeof h) && write_all(fd, key, keylen) && write_all(fd, obj, len);
    ok = !close(fd) && ok && !rename(tmp, path);
    if (!ok) unlink(tmp);
  }
  free(tmp);
  free(path);
  if (ok) evict(dir);
  return ok;
}
