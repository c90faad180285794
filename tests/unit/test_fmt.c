/* The formatter's parts: layout documents (groups, fills, alignment, comments, lazy spaces), the
 * syntax-tree comparison that guards meaning, canonical expression text, and whole files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fmt/doc.h"
#include "fmt/fmt.h"
#include "front/parse.h"

static const char *render(lc_arena *a, const doc *d, int width) {
  lc_sb sb = {0};
  doc_render(d, width, &sb);
  const char *s = lc_arena_strdup(a, lc_sb_cstr(&sb));
  lc_sb_free(&sb);
  return s;
}

/* a or b or c as a chain: a group whose line places break together */
static doc *chain(lc_arena *a) {
  return doc_group(a, doc_catv(a, 5, doc_text(a, "aaaa"), doc_line(a), doc_text(a, "or bbbb"), doc_line(a),
                               doc_text(a, "or cccc")));
}

static void test_group_flat_or_broken(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  doc *d = doc_catv(&a, 2, doc_text(&a, "when "), doc_align(&a, doc_nest(&a, 2, chain(&a))));
  assert_string_equal(render(&a, d, 100), "when aaaa or bbbb or cccc\n");
  assert_string_equal(render(&a, d, 20), "when aaaa\n       or bbbb\n       or cccc\n");
  lc_arena_free(&a);
}

static void test_fill_packs(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  doc *f = doc_fill(&a);
  const char *items[] = {"\"one\",", "\"two\",", "\"three\",", "\"four\""};
  for (int i = 0; i < 4; i++) {
    if (i) doc_add(&a, f, doc_line(&a));
    doc_add(&a, f, doc_text(&a, items[i]));
  }
  doc *d = doc_catv(&a, 3, doc_text(&a, "["), doc_align(&a, f), doc_text(&a, "]"));
  assert_string_equal(render(&a, d, 80), "[\"one\", \"two\", \"three\", \"four\"]\n");
  /* the last item leaves room for the `]` after it */
  assert_string_equal(render(&a, d, 31), "[\"one\", \"two\", \"three\", \"four\"]\n");
  assert_string_equal(render(&a, d, 30), "[\"one\", \"two\", \"three\",\n \"four\"]\n");
  lc_arena_free(&a);
}

static void test_comments_break_and_never_trail_spaces(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  doc *c = doc_comment(&a, "# why", 5, true);
  doc *d = doc_group(&a, doc_catv(&a, 4, doc_text(&a, "x"), c, doc_line(&a), doc_text(&a, "y")));
  assert_int_equal(d->flat, -1);
  assert_string_equal(render(&a, d, 100), "x  # why\ny\n");
  doc *own = doc_catv(&a, 3, doc_text(&a, "x"), doc_comment(&a, "# above", 7, false), doc_text(&a, "y"));
  assert_string_equal(render(&a, own, 100), "x\n# above\ny\n");
  doc *blank = doc_catv(&a, 3, doc_text(&a, "a"), doc_blank(&a), doc_text(&a, "b"));
  assert_string_equal(render(&a, blank, 100), "a\n\nb\n");
  lc_arena_free(&a);
}

static void test_widths_count_code_points(void **state) {
  assert_int_equal(doc_str_width("Øyvind", (uint32_t)strlen("Øyvind")), 6);
}

/* ---- whole files */

static const char *format(lc_arena *a, const char *text, lc_fmt_status *st) {
  lc_sources s;
  lc_sources_init(&s, a);
  lc_diags d;
  lc_diags_init(&d, a, &s);
  uint32_t f = lc_sources_add(&s, "t.score", text, (uint32_t)strlen(text), false);
  lc_sb out = {0};
  *st = lc_fmt_file(&s, f, a, &d, &out);
  const char *r = lc_arena_strdup(a, lc_sb_cstr(&out));
  lc_sb_free(&out);
  return r;
}

static void test_file_layout_and_idempotence(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  lc_fmt_status st;
  const char *once = format(&a,
                            "model m   # the model\n"
                            "input lead { key id : string\n  n: int? }\n\n\n"
                            "rule r when n>1 and(n<5) then +2\n"
                            "tier a when score>=1\ntier bb otherwise\n",
                            &st);
  assert_int_equal(st, LC_FMT_OK);
  assert_string_equal(once,
                      "model m  # the model\n"
                      "input lead {\n  key id: string\n  n:      int?\n}\n\n"
                      "rule r when n > 1 and (n < 5) then +2\n"
                      "tier a  when score >= 1\ntier bb otherwise\n");
  assert_string_equal(format(&a, once, &st), once);
  lc_arena_free(&a);
}

static void test_syntax_errors_are_not_formatted(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  lc_fmt_status st;
  assert_string_equal(format(&a, "model m\nrule r when then 1\n", &st), "");
  assert_int_equal(st, LC_FMT_INVALID);
  lc_arena_free(&a);
}

static ast_module *parse(lc_arena *a, lc_sources *s, const char *text) {
  lc_diags d;
  lc_diags_init(&d, a, s);
  uint32_t f = lc_sources_add(s, "t.score", text, (uint32_t)strlen(text), false);
  return lc_parse(s, f, a, &d);
}

static void test_same_tree_ignores_layout_only(void **state) {
  lc_arena a;
  lc_arena_init(&a);
  lc_sources s;
  lc_sources_init(&s, &a);
  ast_module *x = parse(&a, &s, "model m\nrule r when a and (b or c) then 1_000\n");
  ast_module *y = parse(&a, &s, "model   m\nrule r\n  when a\n    and (b\n      or c)\n  then 1000\n");
  ast_module *z = parse(&a, &s, "model m\nrule r when a and b or c then 1000\n");
  ast_module *w = parse(&a, &s, "model m\nrule r when a and (b or c) then 1001\n");
  assert_true(lc_fmt_same_tree(x, y));
  assert_false(lc_fmt_same_tree(x, z));   /* the parentheses meant something */
  assert_false(lc_fmt_same_tree(x, w));
  const ast_decl *rule = x->decls.items[1];
  assert_string_equal(lc_fmt_expr_text(&a, &s, rule->u.rule.cond), "a and (b or c)");
  lc_arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_group_flat_or_broken),
      cmocka_unit_test(test_fill_packs),
      cmocka_unit_test(test_comments_break_and_never_trail_spaces),
      cmocka_unit_test(test_widths_count_code_points),
      cmocka_unit_test(test_file_layout_and_idempotence),
      cmocka_unit_test(test_syntax_errors_are_not_formatted),
      cmocka_unit_test(test_same_tree_ignores_layout_only),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
