/* libFuzzer target for `leadc fmt`: any input either has syntax errors or formats to text that
 * parses to the same tree with the same comments (the formatter checks that itself and would
 * answer LC_FMT_BUG) and formats to itself again. Either failure aborts, so the fuzzer keeps the
 * input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/fmt.h"

static lc_fmt_status format(const char *text, size_t n, lc_sb *out) {
  lc_arena arena;
  lc_arena_init(&arena);
  lc_sources sources;
  lc_sources_init(&sources, &arena);
  lc_diags diags;
  lc_diags_init(&diags, &arena, &sources);
  uint32_t file = lc_sources_add(&sources, "fuzz.score", text, (uint32_t)n, false);
  lc_fmt_status st = lc_fmt_file(&sources, file, &arena, &diags, out);
  lc_arena_free(&arena);
  return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 20) return 0;
  lc_sb once = {0}, twice = {0};
  lc_fmt_status st = format((const char *)data, size, &once);
  if (st == LC_FMT_BUG) abort();
  if (st == LC_FMT_OK) {
    if (format(lc_sb_cstr(&once), once.len, &twice) != LC_FMT_OK) abort();
    if (once.len != twice.len || memcmp(lc_sb_cstr(&once), lc_sb_cstr(&twice), once.len)) abort();
  }
  lc_sb_free(&once);
  lc_sb_free(&twice);
  return 0;
}
