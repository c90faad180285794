/* Writing the test report. Text is for people (failures in full, one line per model); JSON and
 * JUnit XML are for tools and CI. None of them contains timings, so reports are reproducible. */
#include "cli/test_report.h"

#include <string.h>

#include "plan/result_write.h"
#include "util/strbuf.h"

static void fired_list(lc_sb *sb, const t_case *c) {
  if (!c->nfired) { lc_sb_puts(sb, "(none)"); return; }
  for (uint32_t i = 0; i < c->nfired; i++) {
    if (i) lc_sb_puts(sb, ", ");
    lc_sb_printf(sb, "%s ", c->fired[i].rule);
    lc_write_points(sb, c->fired[i].points);
  }
}

/* One failing test, as text; shared with JUnit's failure body. */
static void failure_text(lc_sb *sb, const t_case *c, const char *indent) {
  for (uint32_t i = 0; i < c->fails.n; i++) {
    const t_fail *f = LC_VEC_AT(c->fails, t_fail, i);
    lc_sb_printf(sb, "%s%s:%u: %s\n", indent, f->file, f->line, f->expect);
    lc_sb_printf(sb, "%s  expected: %s\n%s  actual:   %s\n", indent, f->expected, indent, f->actual);
  }
  lc_sb_printf(sb, "%sfired: ", indent);
  fired_list(sb, c);
  lc_sb_putc(sb, '\n');
}

static void write_text(const t_report *r, bool verbose, lc_sb *sb) {
  for (uint32_t m = 0; m < r->models.n; m++) {
    const t_model *md = LC_VEC_AT(r->models, t_model, m);
    for (uint32_t i = 0; i < md->cases.n; i++) {
      const t_case *c = LC_VEC_AT(md->cases, t_case, i);
      if (!c->fails.n) {
        if (verbose) lc_sb_printf(sb, "ok   \"%s\" (%s:%u)\n", c->name, c->file, c->line);
        continue;
      }
      lc_sb_printf(sb, "FAIL \"%s\" (%s:%u)\n", c->name, c->file, c->line);
      failure_text(sb, c, "  ");
    }
    if (md->broken) lc_sb_printf(sb, "ERROR %s: does not compile\n", md->path);
    else if (md->failed) lc_sb_printf(sb, "FAIL %s: %u of %u tests failed\n", md->path, md->failed, md->cases.n);
    else if (!md->cases.n) lc_sb_printf(sb, "ok   %s: no tests\n", md->path);
    else lc_sb_printf(sb, "ok   %s: %u test%s passed\n", md->path, md->cases.n, md->cases.n == 1 ? "" : "s");
  }
  lc_sb_printf(sb, "%u test%s, %u passed, %u failed", r->tests, r->tests == 1 ? "" : "s", r->tests - r->failed,
               r->failed);
  if (r->broken) lc_sb_printf(sb, "; %u model%s did not compile", r->broken, r->broken == 1 ? "" : "s");
  lc_sb_putc(sb, '\n');
}

static void write_json(const t_report *r, lc_sb *sb) {
  lc_sb_puts(sb, "{\"models\":[");
  for (uint32_t m = 0; m < r->models.n; m++) {
    const t_model *md = LC_VEC_AT(r->models, t_model, m);
    lc_sb_puts(sb, m ? ",\n" : "\n");
    lc_sb_puts(sb, "{\"file\":");
    lc_sb_json_string(sb, md->path);
    lc_sb_printf(sb, ",\"compiled\":%s,\"tests\":[", md->broken ? "false" : "true");
    for (uint32_t i = 0; i < md->cases.n; i++) {
      const t_case *c = LC_VEC_AT(md->cases, t_case, i);
      lc_sb_puts(sb, i ? ",\n " : "\n ");
      lc_sb_puts(sb, "{\"name\":");
      lc_sb_json_string(sb, c->name);
      lc_sb_puts(sb, ",\"file\":");
      lc_sb_json_string(sb, c->file);
      lc_sb_printf(sb, ",\"line\":%u,\"passed\":%s,\"failures\":[", c->line, c->fails.n ? "false" : "true");
      for (uint32_t k = 0; k < c->fails.n; k++) {
        const t_fail *f = LC_VEC_AT(c->fails, t_fail, k);
        lc_sb_puts(sb, k ? ",{\"file\":" : "{\"file\":");
        lc_sb_json_string(sb, f->file);
        lc_sb_printf(sb, ",\"line\":%u,\"expect\":", f->line);
        lc_sb_json_string(sb, f->expect);
        lc_sb_puts(sb, ",\"expected\":");
        lc_sb_json_string(sb, f->expected);
        lc_sb_puts(sb, ",\"actual\":");
        lc_sb_json_string(sb, f->actual);
        lc_sb_putc(sb, '}');
      }
      lc_sb_puts(sb, "],\"fired\":{");
      for (uint32_t k = 0; k < c->nfired; k++) {
        if (k) lc_sb_putc(sb, ',');
        lc_sb_json_string(sb, c->fired[k].rule);
        lc_sb_putc(sb, ':');
        lc_write_points(sb, c->fired[k].points);
      }
      lc_sb_puts(sb, "}}");
    }
    lc_sb_puts(sb, "]}");
  }
  lc_sb_printf(sb, "\n],\"tests\":%u,\"passed\":%u,\"failed\":%u,\"not_compiled\":%u}\n", r->tests,
               r->tests - r->failed, r->failed, r->broken);
}

static void xml_text(lc_sb *sb, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': lc_sb_puts(sb, "&amp;"); break;
    case '<': lc_sb_puts(sb, "&lt;"); break;
    case '>': lc_sb_puts(sb, "&gt;"); break;
    case '"': lc_sb_puts(sb, "&quot;"); break;
    default: lc_sb_putc(sb, *s);
    }
  }
}

static void write_junit(const t_report *r, lc_sb *sb) {
  lc_sb_printf(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<testsuites name=\"leadc test\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n",
               r->tests, r->failed, r->broken);
  for (uint32_t m = 0; m < r->models.n; m++) {
    const t_model *md = LC_VEC_AT(r->models, t_model, m);
    lc_sb_puts(sb, "  <testsuite name=\"");
    xml_text(sb, md->path);
    lc_sb_printf(sb, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n", md->cases.n, md->failed, md->broken ? 1 : 0);
    if (md->broken) lc_sb_puts(sb, "    <error message=\"the model does not compile\"/>\n");
    for (uint32_t i = 0; i < md->cases.n; i++) {
      const t_case *c = LC_VEC_AT(md->cases, t_case, i);
      lc_sb_puts(sb, "    <testcase classname=\"");
      xml_text(sb, md->name ? md->name : md->path);
      lc_sb_puts(sb, "\" name=\"");
      xml_text(sb, c->name);
      lc_sb_puts(sb, "\" file=\"");
      xml_text(sb, c->file);
      lc_sb_printf(sb, "\" line=\"%u\"", c->line);
      if (!c->fails.n) { lc_sb_puts(sb, "/>\n"); continue; }
      const t_fail *first = LC_VEC_AT(c->fails, t_fail, 0);
      lc_sb_puts(sb, ">\n      <failure message=\"");
      xml_text(sb, first->expect);
      lc_sb_puts(sb, "\">");
      lc_sb body = {0};
      failure_text(&body, c, "");
      xml_text(sb, lc_sb_cstr(&body));
      lc_sb_free(&body);
      lc_sb_puts(sb, "</failure>\n    </testcase>\n");
    }
    lc_sb_puts(sb, "  </testsuite>\n");
  }
  lc_sb_puts(sb, "</testsuites>\n");
}

void t_report_write(const t_report *r, t_format fmt, bool verbose, FILE *out) {
  lc_sb sb = {0};
  switch (fmt) {
  case T_TEXT: write_text(r, verbose, &sb); break;
  case T_JSON: write_json(r, &sb); break;
  case T_JUNIT: write_junit(r, &sb); break;
  }
  fwrite(sb.buf, 1, sb.len, out);
  lc_sb_free(&sb);
}
