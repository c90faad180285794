/* leadc: the entry point. Dispatches to one cmd_*.c per subcommand (git/go style). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const cli_command commands[] = {
  {"check", "parse and type-check rule files; print every diagnostic", cmd_check},
  {"score", "score a stream of records (NDJSON or CSV) with a model", cmd_score},
  {"test", "run the tests written in models and their NAME_test.score files", cmd_test},
  {"fmt", "print rule files in the canonical layout, or rewrite them (--write)", cmd_fmt},
  {"diff", "compare two versions of a model on the same records, or what changed in them", cmd_diff},
  {"emit", "print the code generated for a model (c: a C11 file; llvm: the IR the JIT compiles)", cmd_emit},
  {"build", "compile a model to a native scoring program (or --shared library) without LLVM", cmd_build},
  {"eval", "measure a model against outcomes: AUC, tiers, rule lift, suggested points", cmd_eval},
  {"calibrate", "fit rule points to outcomes and print the model with suggested points", cmd_calibrate},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out) {
  fputs("usage: leadc <command> [options] [args]\n\ncommands:\n", out);
  for (int i = 0; i < NCOMMANDS; i++) fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fputs("  help       show this help, or 'leadc help CMD' for a command's options\n"
        "\n'leadc --version' prints the version of leadc and of the LLVM it was built with.\n", out);
}

int main(int argc, char **argv) {
  if (argc < 2) { usage(stderr); return EXIT_USAGE; }
  const char *name = argv[1];
  if (!strcmp(name, "--version") || !strcmp(name, "version")) {
    printf("leadc %s (LLVM %s)\n", LEADC_VERSION, LEADC_LLVM_VERSION);
    return EXIT_OK;
  }
  if (!strcmp(name, "help") || !strcmp(name, "--help") || !strcmp(name, "-h")) {
    if (argc > 2) {
      for (int i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, argv[2])) {
          char *args[] = {argv[2], "--help", NULL};
          return commands[i].run(2, args);
        }
      fprintf(stderr, "leadc: unknown command '%s'\n", argv[2]);
      return EXIT_USAGE;
    }
    usage(stdout);
    return EXIT_OK;
  }
  for (int i = 0; i < NCOMMANDS; i++)
    if (!strcmp(commands[i].name, name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "leadc: unknown command '%s'\n\n", name);
  usage(stderr);
  return EXIT_USAGE;
}
