/* The formatter's pipeline: parse keeping comments → layout document → text → parse the text
 * again and compare. The check costs one more parse of a small file and turns any layout bug
 * into a refusal instead of a silently changed model. */
#include "fmt/fmt.h"

#include <limits.h>
#include <string.h>

#include "fmt/fmt_internal.h"
#include "front/parse.h"

static bool same_comments(const lc_source *a, const lc_vec *ca, const lc_source *b, const lc_vec *cb, lc_arena *ar) {
  if (ca->n != cb->n) return false;
  fmt_ctx x, y;
  fmt_ctx_init(&x, ar, a->text, a->len, ca);
  fmt_ctx_init(&y, ar, b->text, b->len, cb);
  for (uint32_t i = 0; i < x.ncomments; i++) {
    const fmt_comment *p = &x.comments[i], *q = &y.comments[i];
    if (p->end - p->start != q->end - q->start || memcmp(a->text + p->start, b->text + q->start, p->end - p->start))
      return false;
  }
  return true;
}

lc_fmt_status lc_fmt_file(lc_sources *src, uint32_t file, lc_arena *a, lc_diags *diags, lc_sb *out) {
  uint32_t errors = diags->errors;
  lc_vec comments = {0};
  ast_module *m = lc_parse_with_comments(src, file, a, diags, &comments);
  if (diags->errors != errors) return LC_FMT_INVALID;
  const lc_source *orig = lc_sources_get(src, file);

  fmt_ctx f;
  fmt_ctx_init(&f, a, orig->text, orig->len, &comments);
  lc_sb text = {0};
  doc_render(fmt_module_doc(&f, m), FMT_WIDTH, &text);

  lc_diags check;
  lc_diags_init(&check, a, src);
  lc_vec again_comments = {0};
  uint32_t again = lc_sources_add(src, orig->path, lc_sb_cstr(&text), (uint32_t)text.len, orig->embedded);
  ast_module *m2 = lc_parse_with_comments(src, again, a, &check, &again_comments);
  bool same = !check.errors && lc_fmt_same_tree(m, m2) &&
              same_comments(orig, &comments, lc_sources_get(src, again), &again_comments, a);
  if (same) lc_sb_putn(out, text.buf ? text.buf : "", text.len);
  lc_sb_free(&text);
  return same ? LC_FMT_OK : LC_FMT_BUG;
}

const char *lc_fmt_expr_text(lc_arena *a, const lc_sources *src, const ast_expr *e) {
  const lc_source *file = lc_sources_get(src, e->span.file);
  lc_vec none = {0};
  fmt_ctx f;
  fmt_ctx_init(&f, a, file->text, file->len, &none);
  lc_sb sb = {0};
  doc_render(fmt_expr(&f, e), INT_MAX / 2, &sb);
  const char *s = lc_arena_strndup(a, lc_sb_cstr(&sb), sb.len ? sb.len - 1 : 0);
  lc_sb_free(&sb);
  return s;
}
