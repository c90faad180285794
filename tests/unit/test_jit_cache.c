/* The compiled-code cache's file handling (jit_cache.h): entries round-trip, a different key or
 * a damaged file is a miss, the directory is created, the least recently used entries go first,
 * and the environment picks the directory. The CLI-level behaviour is in test_jit_cache.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/llvm/jit_cache.h"
#include "runtime/hash.h"

static char dir[64];

static int make_dir(void **state) {
  snprintf(dir, sizeof dir, "/tmp/leadc-cache-test-XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd);
}

static size_t count_entries(const char *d) {
  DIR *dd = opendir(d);
  size_t n = 0;
  for (struct dirent *e; dd && (e = readdir(dd));) n += e->d_name[0] != '.';
  if (dd) closedir(dd);
  return n;
}

static void entry_path(char *out, size_t size, const char *key) {
  snprintf(out, size, "%s/%016llx.jit", dir, (unsigned long long)lc_hash_bytes(key, strlen(key)));
}

static void test_round_trip(void **state) {
  const char *key = "leadc test key\ndefine void @score()";
  const char obj[] = "\x7f" "ELF object bytes";
  assert_true(lc_jit_cache_store(dir, key, strlen(key), obj, sizeof obj));
  size_t len = 0;
  char *got = lc_jit_cache_load(dir, key, strlen(key), &len);
  assert_non_null(got);
  assert_int_equal(len, sizeof obj);
  assert_memory_equal(got, obj, sizeof obj);
  free(got);
  assert_null(lc_jit_cache_load(dir, "another key", 11, &len));
}

/* Found by its hash, used only for its own key: an entry renamed to another key's name (as a
 * hash collision would leave it) is a miss. */
static void test_key_compared_in_full(void **state) {
  const char *key = "key one", *other = "key two";
  assert_true(lc_jit_cache_store(dir, key, strlen(key), "code", 4));
  char from[128], to[128];
  entry_path(from, sizeof from, key);
  entry_path(to, sizeof to, other);
  assert_int_equal(rename(from, to), 0);
  size_t len;
  assert_null(lc_jit_cache_load(dir, other, strlen(other), &len));
}

static void test_damaged_entry_is_a_miss(void **state) {
  const char *key = "damaged";
  char obj[256];
  memset(obj, 0x90, sizeof obj);
  assert_true(lc_jit_cache_store(dir, key, strlen(key), obj, sizeof obj));
  char path[128];
  entry_path(path, sizeof path, key);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  size_t len;
  int fd = open(path, O_WRONLY);   /* one byte of code changed: the checksum no longer matches */
  assert_true(pwrite(fd, "\xcc", 1, st.st_size - 10) == 1);
  close(fd);
  assert_null(lc_jit_cache_load(dir, key, strlen(key), &len));
  assert_int_equal(truncate(path, st.st_size - 1), 0);   /* cut short */
  assert_null(lc_jit_cache_load(dir, key, strlen(key), &len));
  assert_true(lc_jit_cache_store(dir, key, strlen(key), obj, sizeof obj));
  char *got = lc_jit_cache_load(dir, key, strlen(key), &len);
  assert_non_null(got);
  free(got);
  chmod(path, 0620);   /* writable by the group: someone else could have put code there */
  assert_null(lc_jit_cache_load(dir, key, strlen(key), &len));
}

static void test_creates_directories(void **state) {
  char nested[128];
  snprintf(nested, sizeof nested, "%s/a/b/c", dir);
  assert_true(lc_jit_cache_store(nested, "k", 1, "x", 1));
  assert_int_equal(count_entries(nested), 1);
  char blocked[128];
  snprintf(blocked, sizeof blocked, "%s/a/b/c/%016llx.jit/d", dir, (unsigned long long)lc_hash_bytes("k", 1));
  assert_false(lc_jit_cache_store(blocked, "k", 1, "x", 1));   /* a file where a directory should be */
}

/* With LC_JIT_CACHE_MAX_ENTRIES entries aged oldest first, each new entry pushes out the oldest. */
static void test_least_recently_used_go_first(void **state) {
  char key[32], path[128];
  for (int i = 0; i < LC_JIT_CACHE_MAX_ENTRIES; i++) {
    snprintf(key, sizeof key, "entry %d", i);
    assert_true(lc_jit_cache_store(dir, key, strlen(key), "x", 1));
    entry_path(path, sizeof path, key);
    struct timespec t[2] = {{1000000 + i, 0}, {1000000 + i, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
  }
  assert_int_equal(count_entries(dir), LC_JIT_CACHE_MAX_ENTRIES);
  size_t len;
  free(lc_jit_cache_load(dir, "entry 0", 7, &len));   /* a hit makes entry 0 the most recent */
  for (int i = 0; i < 3; i++) {
    snprintf(key, sizeof key, "new %d", i);
    assert_true(lc_jit_cache_store(dir, key, strlen(key), "x", 1));
  }
  assert_int_equal(count_entries(dir), LC_JIT_CACHE_MAX_ENTRIES);
  const char *gone[] = {"entry 1", "entry 2", "entry 3"}, *kept[] = {"entry 0", "entry 4", "new 2"};
  for (int i = 0; i < 3; i++) {
    void *p = lc_jit_cache_load(dir, gone[i], strlen(gone[i]), &len);
    assert_null(p);
    p = lc_jit_cache_load(dir, kept[i], strlen(kept[i]), &len);
    assert_non_null(p);
    free(p);
  }
}

static void test_directory_from_environment(void **state) {
  unsetenv("LEADC_NO_CACHE");
  setenv("LEADC_CACHE_DIR", "/somewhere/cache", 1);
  char *d = lc_jit_cache_dir_from_env();
  assert_string_equal(d, "/somewhere/cache");
  free(d);
  unsetenv("LEADC_CACHE_DIR");
  setenv("XDG_CACHE_HOME", "/xdg", 1);
  d = lc_jit_cache_dir_from_env();
  assert_string_equal(d, "/xdg/leadc");
  free(d);
  setenv("XDG_CACHE_HOME", "relative", 1);   /* the XDG spec says to ignore relative paths */
  setenv("HOME", "/home/me", 1);
  d = lc_jit_cache_dir_from_env();
  assert_string_equal(d, "/home/me/.cache/leadc");
  free(d);
  setenv("LEADC_NO_CACHE", "0", 1);
  d = lc_jit_cache_dir_from_env();
  assert_non_null(d);
  free(d);
  setenv("LEADC_NO_CACHE", "1", 1);
  assert_null(lc_jit_cache_dir_from_env());
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_round_trip, make_dir, remove_dir),
      cmocka_unit_test_setup_teardown(test_key_compared_in_full, make_dir, remove_dir),
      cmocka_unit_test_setup_teardown(test_damaged_entry_is_a_miss, make_dir, remove_dir),
      cmocka_unit_test_setup_teardown(test_creates_directories, make_dir, remove_dir),
      cmocka_unit_test_setup_teardown(test_least_recently_used_go_first, make_dir, remove_dir),
      cmocka_unit_test(test_directory_from_environment),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
