/* leadc fmt FILE…: print rule files in the canonical layout, rewrite them (--write), or list the
 * ones that are not in it (--check, for CI and pre-commit hooks). A directory means every
 * *.score file under it: models, their tests and modules alike. A rewrite goes through a
 * temporary file beside the original that is renamed over it, so an interrupted run never leaves
 * a half-written rule file. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/out_file.h"
#include "cli/opts.h"
#include "fmt/fmt.h"

enum { O_WRITE, O_CHECK, NOPTS };

static const cli_opt opts[NOPTS] = {
  [O_WRITE] = {"write", 'w', NULL, "rewrite each file that is not formatted, in place"},
  [O_CHECK] = {"check", 0, NULL, "list the files that are not formatted; exit status 1 if any"},
};

static const cli_spec spec = {
  "fmt", "[FILE…]",
  "Print rule files in the canonical layout (stdout), or with --write rewrite them in place.\n"
  "A FILE that is a directory means every *.score file under it; no FILE or '-' reads stdin.\n"
  "Comments are kept, formatting twice changes nothing, and a formatted model means exactly\n"
  "what it meant before. Exit status 1 with --check when a file is not formatted, or when a\n"
  "file has syntax errors (they are printed and the file is left alone).",
  opts, NOPTS,
};

typedef struct fmt_run {
  bool write, check;
  int rc;
  lc_arena arena;             /* paths found in directories */
} fmt_run;

static void worst(fmt_run *r, int rc) {
  if (rc == EXIT_INTERNAL || (rc == EXIT_FAIL && r->rc == EXIT_OK)) r->rc = rc;
}

static bool write_all(FILE *f, const char *s, size_t n) { return fwrite(s, 1, n, f) == n; }

/* Replaces path's contents with text, whole or not at all, keeping the file's permissions. */
static int rewrite(const char *path, const char *text, size_t n) {
  return cli_out_write("fmt", path, text, n);
}

/* path NULL: stdin. */
static void format_one(fmt_run *r, const char *path) {
  lc_arena a;
  lc_arena_init(&a);
  lc_sources src;
  lc_sources_init(&src, &a);
  lc_diags diags;
  lc_diags_init(&diags, &a, &src);
  uint32_t file = 0;
  const char *name = path ? path : "<stdin>";
  if (path) {
    file = lc_sources_load(&src, path);
  } else {
    lc_sb in = {0};
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, stdin));) lc_sb_putn(&in, buf, n);
    if (!ferror(stdin)) file = lc_sources_add(&src, name, lc_sb_cstr(&in), (uint32_t)in.len, false);
    lc_sb_free(&in);
  }
  if (!file) {
    fprintf(stderr, "leadc fmt: cannot read %s: %s\n", name, strerror(errno));
    worst(r, EXIT_INTERNAL);
    lc_arena_free(&a);
    return;
  }
  lc_sb out = {0};
  switch (lc_fmt_file(&src, file, &a, &diags, &out)) {
  case LC_FMT_INVALID:
    lc_diags_sort(&diags);
    lc_diags_render(&diags, LC_DIAG_TEXT, false, stderr);
    fprintf(stderr, "leadc fmt: %s has errors; not formatted\n", name);
    worst(r, EXIT_FAIL);
    break;
  case LC_FMT_BUG:
    fprintf(stderr, "leadc fmt: internal error: the layout of %s would not read back as the same model; "
                    "the file is left as it is (please report this)\n", name);
    worst(r, EXIT_INTERNAL);
    break;
  case LC_FMT_OK: {
    const lc_source *s = lc_sources_get(&src, file);
    bool same = out.len == s->len && !memcmp(lc_sb_cstr(&out), s->text, out.len);
    if (r->check && !same) {
      printf("%s\n", name);
      worst(r, EXIT_FAIL);
    }
    if (r->write && path) {
      if (!same) worst(r, rewrite(path, lc_sb_cstr(&out), out.len));
    } else if (!r->check) {
      if (!write_all(stdout, lc_sb_cstr(&out), out.len)) worst(r, EXIT_INTERNAL);
    }
    break;
  }
  }
  lc_sb_free(&out);
  lc_arena_free(&a);
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static bool is_score_file(const char *name) {
  size_t n = strlen(name);
  return n > 6 && !strcmp(name + n - 6, ".score");
}

/* Every *.score file under dir, in name order, hidden entries skipped. */
static void format_dir(fmt_run *r, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "leadc fmt: cannot read %s: %s\n", dir, strerror(errno));
    worst(r, EXIT_INTERNAL);
    return;
  }
  lc_vec names = {0};
  for (struct dirent *e; (e = readdir(d));)
    if (e->d_name[0] != '.') lc_vec_push(&r->arena, &names, lc_arena_strdup(&r->arena, e->d_name));
  closedir(d);
  if (names.n) qsort(names.items, names.n, sizeof(void *), cmp_str);
  size_t n = strlen(dir);
  for (uint32_t i = 0; i < names.n; i++) {
    const char *name = names.items[i];
    char *path = lc_arena_printf(&r->arena, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
    struct stat st;
    if (stat(path, &st)) continue;
    if (S_ISDIR(st.st_mode)) format_dir(r, path);
    else if (is_score_file(name)) format_one(r, path);
  }
}

static int run(const cli_args *args) {
  fmt_run r = {.write = cli_has(args, O_WRITE), .check = cli_has(args, O_CHECK)};
  bool stdin_named = !args->noperands;
  for (int i = 0; i < args->noperands; i++) stdin_named |= !strcmp(args->operands[i], "-");
  if (r.write && stdin_named) return cli_usage_error("fmt", "--write needs files to rewrite, not stdin");
  lc_arena_init(&r.arena);
  if (!args->noperands) format_one(&r, NULL);
  for (int i = 0; i < args->noperands; i++) {
    const char *path = args->operands[i];
    struct stat st;
    if (!strcmp(path, "-")) {
      format_one(&r, NULL);
    } else if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
      format_dir(&r, path);
    } else {
      format_one(&r, path);
    }
  }
  fflush(stdout);
  lc_arena_free(&r.arena);
  return r.rc;
}

int cmd_fmt(int argc, char **argv) { return cli_run(&spec, argc, argv, run); }
