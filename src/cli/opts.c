/* Table-driven options on top of getopt_long, which already does GNU argument permutation and
 * both `--name=V` and `--name V`. */
#include "cli/opts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) { fputs("leadc: out of memory\n", stderr); exit(EXIT_INTERNAL); }
  return p;
}

static void help(const cli_spec *s) {
  if (cli_program) printf("usage: %s %s [options]\n\n%s\n\noptions:\n", cli_program, s->usage, s->summary);
  else printf("usage: leadc %s %s [options]\n\n%s\n\noptions:\n", s->cmd, s->usage, s->summary);
  for (int i = 0; i < s->nopts; i++) {
    const cli_opt *o = &s->opts[i];
    char left[64];
    int n = o->short_name ? snprintf(left, sizeof left, "-%c, --%s", o->short_name, o->name)
                          : snprintf(left, sizeof left, "    --%s", o->name);
    if (o->arg) snprintf(left + n, sizeof left - (size_t)n, o->arg_optional ? "[=%s]" : "=%s", o->arg);
    printf("  %-26s %s\n", left, o->help);
  }
  printf("  %-26s %s\n", "-h, --help", "show this help");
}

int cli_parse(const cli_spec *s, int argc, char **argv, cli_args *out) {
  memset(out, 0, sizeof *out);
  struct option *longs = xcalloc((size_t)s->nopts + 2, sizeof *longs);
  char *shorts = xcalloc((size_t)s->nopts * 2 + 4, 1);
  size_t ns = 0;
  shorts[ns++] = ':';             /* report a missing argument as ':' */
  shorts[ns++] = 'h';
  for (int i = 0; i < s->nopts; i++) {
    int has_arg = !s->opts[i].arg ? no_argument : s->opts[i].arg_optional ? optional_argument : required_argument;
    longs[i] = (struct option){s->opts[i].name, has_arg, NULL, 256 + i};
    if (s->opts[i].short_name) {
      shorts[ns++] = s->opts[i].short_name;
      if (s->opts[i].arg) shorts[ns++] = ':';
    }
  }
  longs[s->nopts] = (struct option){"help", no_argument, NULL, 'h'};

  optind = 0;
  opterr = 0;
  int c, rc = CLI_PARSED;
  while (rc == CLI_PARSED && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
    if (c == 'h') { help(s); rc = CLI_HELP_SHOWN; break; }
    if (c == '?' || c == ':') {
      const char *what = argv[optind - 1];
      rc = c == ':' ? cli_usage_error(s->cmd, "option '%s' needs an argument", what)
                    : cli_usage_error(s->cmd, "unknown option '%s'", optopt ? (char[]){'-', (char)optopt, 0} : what);
      break;
    }
    int i = c >= 256 ? c - 256 : -1;
    for (int k = 0; i < 0 && k < s->nopts; k++)
      if (s->opts[k].short_name == c) i = k;
    const char *v = s->opts[i].arg && optarg ? optarg : "";
    out->val[i] = v;
    out->all[i] = realloc(out->all[i], sizeof(char *) * (size_t)(out->nall[i] + 1));
    if (!out->all[i]) { fputs("leadc: out of memory\n", stderr); exit(EXIT_INTERNAL); }
    out->all[i][out->nall[i]++] = v;
  }
  out->operands = argv + optind;
  out->noperands = argc - optind;
  free(longs);
  free(shorts);
  return rc;
}

void cli_args_free(cli_args *a) {
  for (int i = 0; i < CLI_MAX_OPTS; i++) free(a->all[i]);
  memset(a, 0, sizeof *a);
}

int cli_run(const cli_spec *spec, int argc, char **argv, int (*run)(const cli_args *a)) {
  cli_args a;
  int rc = cli_parse(spec, argc, argv, &a);
  if (rc == CLI_PARSED) rc = run(&a);
  else if (rc == CLI_HELP_SHOWN) rc = EXIT_OK;
  cli_args_free(&a);
  return rc;
}
