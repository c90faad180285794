/* Regexes: compiled once per model, matched from any number of worker threads.
 *
 * A compiled pcre2_code is read-only during matching and safe to share; what is not shareable
 * is the match data and the JIT stack, so each thread lazily creates its own on first use and a
 * pthread key destructor releases them when the thread ends. Match data for one pair suffices
 * because the language only asks whether a pattern matches, never for groups.
 *
 * Subjects are always valid UTF-8 (readers validate every string they store), so matching passes
 * PCRE2_NO_UTF_CHECK rather than rescanning each subject. A match that fails with an error
 * (match or depth limit, JIT stack exhausted) counts as no match: a pathological pattern must
 * not take the whole run down, and the 1 MiB JIT stack is far beyond what real patterns need. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "leadc/runtime.h"

struct lc_regex {
  pcre2_code *code;
};

typedef struct match_tls {
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit_stack;
} match_tls;

static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static _Thread_local match_tls *tls;

static void tls_free(void *p) {
  match_tls *t = p;
  pcre2_match_data_free(t->md);
  pcre2_match_context_free(t->mctx);
  pcre2_jit_stack_free(t->jit_stack);
  free(t);
}

static void tls_key_init(void) { pthread_key_create(&tls_key, tls_free); }

static match_tls *thread_state(void) {
  if (tls) return tls;
  pthread_once(&tls_once, tls_key_init);
  match_tls *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->md = pcre2_match_data_create(1, NULL);
  t->mctx = pcre2_match_context_create(NULL);
  t->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
  if (!t->md || !t->mctx) {
    tls_free(t);
    return NULL;
  }
  if (t->jit_stack) pcre2_jit_stack_assign(t->mctx, NULL, t->jit_stack);
  pthread_setspecific(tls_key, t);
  return tls = t;
}

lc_regex *lc_regex_compile(const char *pattern, size_t len, uint32_t flags, size_t *err_offset,
                           char *err_msg, size_t err_msg_size) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP;
  if (flags & LC_RE_CASELESS) options |= PCRE2_CASELESS;
  if (flags & LC_RE_EXTENDED) options |= PCRE2_EXTENDED;
  int code;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &off, NULL);
  if (!re) {
    *err_offset = off;
    if (err_msg_size) pcre2_get_error_message(code, (PCRE2_UCHAR *)err_msg, err_msg_size);
    return NULL;
  }
  /* Without JIT support (or if it fails) pcre2_match falls back to the interpreter by itself. */
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
  lc_regex *r = malloc(sizeof *r);
  if (!r) {
    pcre2_code_free(re);
    *err_offset = 0;
    if (err_msg_size) snprintf(err_msg, err_msg_size, "out of memory");
    return NULL;
  }
  r->code = re;
  return r;
}

void lc_regex_free(lc_regex *re) {
  if (!re) return;
  pcre2_code_free(re->code);
  free(re);
}

bool lc_rt_regex_match(const lc_regex *re, lc_str s) {
  match_tls *t = thread_state();
  if (!t) return false;
  PCRE2_SPTR subject = (PCRE2_SPTR)(s.ptr ? s.ptr : "");
  return pcre2_match(re->code, subject, s.len, 0, PCRE2_NO_UTF_CHECK, t->md, t->mctx) >= 0;
}
