/* The compiled-code cache: machine code for a model, kept on disk so that the next run with the
 * same model skips LLVM's optimiser and code generator (about 40 ms for the benchmark model,
 * seconds for thousands of rules). An entry is found by a hash of its key, but only used when the
 * whole key it was stored with matches byte for byte: the key is the unoptimised IR plus
 * everything else the machine code depends on (leadc and LLVM versions, host CPU and features,
 * optimisation levels), so a collision or a changed compiler is a miss, never wrong code.
 *
 * The cache is best effort: a missing, unwritable, corrupt or foreign entry only costs the
 * compile it would have saved. Entries are written to a temporary file and renamed into place,
 * so concurrent runs never see half an entry. Because an entry is executed, one that is not owned
 * by this user or that others may write to is ignored. Plain file I/O, no LLVM. */
#ifndef LEADC_BACKEND_LLVM_JIT_CACHE_H
#define LEADC_BACKEND_LLVM_JIT_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* Entries beyond this many are removed, least recently used first, when one is added. */
enum { LC_JIT_CACHE_MAX_ENTRIES = 256 };

/* The directory `leadc` caches in: $LEADC_CACHE_DIR, else $XDG_CACHE_HOME/leadc, else
 * $HOME/.cache/leadc. NULL when LEADC_NO_CACHE is set to anything but "" or "0", or when no
 * directory can be named. The result is malloc'd. */
char *lc_jit_cache_dir_from_env(void);

/* The object stored under exactly this key, malloc'd, with its size in *len; NULL on a miss. A hit
 * marks the entry as recently used. */
void *lc_jit_cache_load(const char *dir, const char *key, size_t keylen, size_t *len);

/* Stores obj under key, creating dir (and its parents) when needed. False when it could not. */
bool lc_jit_cache_store(const char *dir, const char *key, size_t keylen, const void *obj, size_t len);

#endif
