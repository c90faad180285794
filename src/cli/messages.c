/* Messages for people, prefixed with who says them: "leadc score: …" from leadc, "b2b: …" from a
 * program that `leadc build` made, which is the score command under another name. */
#include <stdarg.h>
#include <stdio.h>

#include "cli/cli.h"

const char *cli_program;

static void prefix(const char *cmd) {
  if (cli_program) fprintf(stderr, "%s: ", cli_program);
  else fprintf(stderr, "leadc %s: ", cmd);
}

void cli_msg(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  prefix(cmd);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  prefix(cmd);
  vfprintf(stderr, fmt, ap);
  if (cli_program) fprintf(stderr, "\nTry '%s --help'.\n", cli_program);
  else fprintf(stderr, "\nTry 'leadc %s --help'.\n", cmd);
  va_end(ap);
  return EXIT_USAGE;
}
