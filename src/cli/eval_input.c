#include "cli/eval_input.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int begin(void *ctx, const char *name, const lc_raw_record *csv_header) {
  eval_input *e = ctx;
  e->name = name;
  e->csv = csv_header != NULL;
  if (!e->csv) return EXIT_OK;
  e->column = lc_csv_find_column(csv_header->ptr, csv_header->len, e->delimiter, e->label, strlen(e->label));
  if (e->column >= 0) return EXIT_OK;
  fprintf(stderr, "%s:%llu: no column named \"%s\" (the --label)\n", name,
          (unsigned long long)csv_header->line, e->label);
  return EXIT_DATA;
}

/* The value quoted for a message: on one line, cut at a code point boundary when long. */
static void quote(char *buf, size_t size, lc_str s) {
  size_t n = s.len < size - 4 ? s.len : size - 4;
  bool cut = n < s.len;
  while (cut && n > 0 && ((unsigned char)s.ptr[n] & 0xC0) == 0x80) n--;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
  }
  strcpy(buf + n, cut ? "..." : "");
}

static bool record(void *ctx, const lc_raw_record *raw, const lc_result *res, lc_scratch *scratch) {
  eval_input *e = ctx;
  lc_peek v;
  lc_decode_error err;
  int rc = e->csv ? lc_peek_csv(raw->ptr, raw->len, e->delimiter, (uint32_t)e->column, scratch, &v, &err)
                  : lc_peek_json(raw->ptr, raw->len, e->label, strlen(e->label), scratch, &v, &err);
  lc_label l = rc == LC_DECODE_OK ? lc_label_read(&v, e->positive, e->in->missing_values, e->in->nmissing)
                                  : LC_LABEL_INVALID;
  switch (l) {
  case LC_LABEL_YES: case LC_LABEL_NO:
    return lc_eval_data_add(&e->data, res, l == LC_LABEL_YES);
  case LC_LABEL_NONE:
    e->unlabelled++;
    return true;
  case LC_LABEL_INVALID:
    if (e->invalid++ == 0) {
      char value[64];
      quote(value, sizeof value, rc == LC_DECODE_OK ? v.text : (lc_str){err.msg, (uint32_t)strlen(err.msg)});
      snprintf(e->first_invalid, sizeof e->first_invalid, "%s:%llu: %s", e->name,
               (unsigned long long)raw->line, value);
    }
    return true;
  }
  return true;
}

void eval_input_init(eval_input *e, const char *cmd, const lc_plan *p, const char *label,
                     const char *positive, char delimiter, bool keep_points) {
  memset(e, 0, sizeof *e);
  e->cmd = cmd;
  e->label = label;
  e->positive = positive;
  e->in = &p->records[0];
  e->delimiter = delimiter;
  e->column = -1;
  lc_eval_data_init(&e->data, p->nrules, keep_points);
  e->sink = (score_sink){e, begin, record};
}

void eval_input_free(eval_input *e) { lc_eval_data_free(&e->data); }

void eval_input_report(const eval_input *e) {
  if (!e->invalid) return;
  fprintf(stderr, "leadc %s: %llu record%s skipped: the label \"%s\" is not %s (first: %s)\n", e->cmd,
          (unsigned long long)e->invalid, e->invalid == 1 ? "" : "s", e->label,
          e->positive ? "a plain value" : "true/false, yes/no or 1/0; name the converted value with --positive",
          e->first_invalid);
}
