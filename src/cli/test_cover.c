/* The command-line side of test coverage: options, keeping each model's report, the LCOV file
 * (written beside its destination and renamed over it), and the --min-coverage verdict. */
#include "cli/test_cover.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/out_file.h"

int test_cover_init(test_cover *tc, const char *coverage, const char *min) {
  memset(tc, 0, sizeof *tc);
  tc->min = -1;
  if (coverage && *coverage) {
    if (strncmp(coverage, "lcov:", 5) || !coverage[5])
      return cli_usage_error("test", "--coverage: expected nothing or lcov:FILE, not '%s'", coverage);
    tc->lcov_path = coverage + 5;
  }
  if (min) {
    char *end;
    errno = 0;
    tc->min = strtod(min, &end);
    if (errno || end == min || *end || !(tc->min >= 0 && tc->min <= 100))
      return cli_usage_error("test", "--min-coverage: expected a percentage from 0 to 100, not '%s'", min);
  }
  return EXIT_OK;
}

void test_cover_free(test_cover *tc) {
  lc_sb_free(&tc->text);
  lc_sb_free(&tc->lcov);
}

void test_cover_model(test_cover *tc, lc_cover *c, const char *path) {
  lc_cover_finish(c);
  lc_cover_text(c, path, &tc->text);
  if (tc->lcov_path) lc_cover_lcov(c, &tc->lcov);
  lc_cover_totals t = lc_cover_totals_of(c);
  lc_cover_totals_add(&tc->total, &t);
  tc->models++;
}

static int write_lcov(const test_cover *tc) {
  return cli_out_write("test", tc->lcov_path, tc->lcov.buf ? tc->lcov.buf : "", tc->lcov.len);
}

int test_cover_report(test_cover *tc, FILE *out, bool separate) {
  double pct = lc_cover_percent(&tc->total);
  if (separate) fputc('\n', out);
  fwrite(tc->text.buf ? tc->text.buf : "", 1, tc->text.len, out);
  if (tc->models > 1)
    fprintf(out, "coverage of %u models: %.1f%%\n", tc->models, pct);
  fflush(out);
  int rc = tc->lcov_path ? write_lcov(tc) : EXIT_OK;
  if (rc == EXIT_OK && tc->min >= 0 && pct < tc->min) {
    fprintf(stderr, "leadc test: coverage %.1f%% is below --min-coverage=%g\n", pct, tc->min);
    rc = EXIT_FAIL;
  }
  return rc;
}
