/* Shared pieces of the command line: the subcommand table and helpers for usage errors.
 * Only src/cli decides exit codes and prints for people; library code returns status. */
#ifndef LEADC_CLI_CLI_H
#define LEADC_CLI_CLI_H

#include <stdbool.h>

enum {
  EXIT_OK = 0,
  EXIT_FAIL = 1,       /* rule files have errors, tests failed, fmt --check differs */
  EXIT_USAGE = 2,
  EXIT_DATA = 3,       /* input data errors under --on-error=fail or past --max-rejects */
  EXIT_INTERNAL = 4,   /* I/O, out of memory, LLVM failure */
};

typedef struct cli_command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);   /* argv[0] is the subcommand name */
} cli_command;

/* The name messages and --help give the program: NULL for leadc itself ("leadc CMD: …"); a
 * program made by `leadc build` sets its own name, which stands for "leadc CMD". */
extern const char *cli_program;

/* Prints "leadc CMD: message" (or "PROGRAM: message") and a newline on stderr. */
void cli_msg(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "leadc CMD: message" and a pointer to --help on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_check(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_emit(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);

#endif
