/* GNU-style options from a table, shared by the subcommands: `--name=V`, `--name V`, `-xV`,
 * `-x V`, flags, `--` ending options, and options mixed with operands. Each command declares
 * its options once, and the same table drives parsing and `--help`. */
#ifndef LEADC_CLI_OPTS_H
#define LEADC_CLI_OPTS_H

#include <stdbool.h>

typedef struct cli_opt {
  const char *name;           /* long name, without "--" */
  char short_name;            /* 0 when there is none */
  const char *arg;            /* NULL for a flag, else the argument's name in help ("TIME") */
  const char *help;
  bool arg_optional;          /* `--name` alone or `--name=V` (never `--name V`); value "" when left out */
} cli_opt;

enum { CLI_MAX_OPTS = 40 };

typedef struct cli_args {
  const char *val[CLI_MAX_OPTS];    /* last value given (flags: "" when present), else NULL */
  const char **all[CLI_MAX_OPTS];   /* every value given, for repeatable options like -I */
  int nall[CLI_MAX_OPTS];
  char **operands;                  /* the non-option arguments, in order */
  int noperands;
} cli_args;

typedef struct cli_spec {
  const char *cmd;            /* "score" */
  const char *usage;          /* "MODEL [INPUT…]" */
  const char *summary;        /* one paragraph for --help */
  const cli_opt *opts;
  int nopts;
} cli_spec;

enum { CLI_PARSED = 0, CLI_HELP_SHOWN = -1 };

/* Parses argv (argv[0] is the subcommand). Returns CLI_PARSED, CLI_HELP_SHOWN after printing
 * --help to stdout, or EXIT_USAGE after reporting the problem on stderr. In every case out must
 * be released with cli_args_free; values point into argv. */
int cli_parse(const cli_spec *spec, int argc, char **argv, cli_args *out);
void cli_args_free(cli_args *a);
/* A subcommand's whole life: parse argv, run with the options, release them. --help gives
 * EXIT_OK, a usage problem EXIT_USAGE; otherwise run's exit code. */
int cli_run(const cli_spec *spec, int argc, char **argv, int (*run)(const cli_args *a));

/* Option i given? */
static inline bool cli_has(const cli_args *a, int i) { return a->val[i] != 0; }

#endif
