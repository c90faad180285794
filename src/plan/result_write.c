/* Output rows. Numbers that are scores or points are printed from the rounded double with %.2f
 * and trailing zeros trimmed: the rounded double is the nearest one to a 2-decimal value, so
 * %.2f recovers exactly those digits (42.26, where %.17g would show 42.259999999999998). */
#include "plan/result_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cents as digits: what %.2f with trailing zeros trimmed prints for k/100. */
static void put_cents(lc_sb *sb, int64_t k) {
  char buf[24], *p = buf + sizeof buf;
  uint64_t m = k < 0 ? -(uint64_t)k : (uint64_t)k;
  unsigned frac = (unsigned)(m % 100);
  if (frac) {
    if (frac % 10) *--p = (char)('0' + frac % 10);
    *--p = (char)('0' + frac / 10);
    *--p = '.';
  }
  m /= 100;
  do *--p = (char)('0' + m % 10); while (m /= 10);
  if (k < 0) *--p = '-';
  lc_sb_putn(sb, p, (size_t)(buf + sizeof buf - p));
}

void lc_write_points(lc_sb *sb, double rounded) {
  if (!isfinite(rounded)) { lc_sb_puts(sb, "null"); return; }
  /* Every row prints a score, so the common case skips printf: a value that is the double
   * nearest some k/100, and small enough that its error is far below half a cent, prints as k. */
  if (fabs(rounded) < 1e12) {
    int64_t k = llround(rounded * 100);
    if ((double)k / 100 == rounded) { put_cents(sb, k); return; }
  }
  char buf[400];
  int n = snprintf(buf, sizeof buf, "%.2f", rounded);
  while (buf[n - 1] == '0') n--;
  if (buf[n - 1] == '.') n--;
  buf[n] = 0;
  lc_sb_puts(sb, strcmp(buf, "-0") ? buf : "0");
}

void lc_write_double(lc_sb *sb, double v) {
  char buf[40];
  if (v == (double)(int64_t)v && fabs(v) < 1e15) {
    lc_sb_printf(sb, "%lld", (long long)v);
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) break;
  }
  lc_sb_puts(sb, buf);
}

static const lc_field_desc *key_field(const lc_plan *p) {
  const lc_record_desc *d = &p->records[0];
  for (uint32_t i = 0; i < d->nfields; i++)
    if (d->fields[i].slot == p->key_slot) return &d->fields[i];
  return NULL;
}

static void put_csv_cell(lc_sb *sb, const char *s, size_t n, char delim) {
  bool quote = false;
  for (size_t i = 0; i < n && !quote; i++)
    quote = s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  if (!quote) { lc_sb_putn(sb, s, n); return; }
  lc_sb_putc(sb, '"');
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') lc_sb_putc(sb, '"');
    lc_sb_putc(sb, s[i]);
  }
  lc_sb_putc(sb, '"');
}

static void put_text(lc_sb *sb, const lc_row_opts *o, const char *s, size_t n) {
  if (o->format == LC_OUT_CSV) { put_csv_cell(sb, s, n, o->delim); return; }
  lc_sb_putc(sb, '"');
  lc_sb_json_escaped(sb, s, n);
  lc_sb_putc(sb, '"');
}

/* The key's value as read: strings and enum members as text, numbers shortest, times RFC 3339.
 * Missing is null in NDJSON and an empty cell in CSV. */
static void put_key(lc_sb *sb, const lc_plan *p, const lc_row_opts *o, const void *rec) {
  const lc_field_desc *fd = key_field(p);
  const uint8_t *r = rec;
  uint32_t nslots = p->records[0].nslots;
  if (!r[p->key_slot]) {
    if (o->format == LC_OUT_NDJSON) lc_sb_puts(sb, "null");
    return;
  }
  lc_slot v;
  memcpy(&v, r + LC_SLOT_OFFSET(nslots, p->key_slot), sizeof v);
  switch (fd->kind) {
  case LC_V_STRING: put_text(sb, o, v.str.ptr, v.str.len); break;
  case LC_V_NUMBER: case LC_V_INT: lc_write_double(sb, v.num); break;
  case LC_V_ENUM: put_text(sb, o, fd->members[v.i], strlen(fd->members[v.i])); break;
  case LC_V_BOOL: lc_sb_puts(sb, v.b ? "true" : "false"); break;
  case LC_V_TIME: {
    char buf[40];
    put_text(sb, o, buf, lc_time_format(v.us, buf));
    break;
  }
  case LC_V_DURATION: case LC_V_LIST: lc_sb_puts(sb, o->format == LC_OUT_NDJSON ? "null" : ""); break;
  }
}

static void put_name(lc_sb *sb, const lc_row_opts *o, const char *name) {
  put_text(sb, o, name, strlen(name));
}

void lc_write_header(lc_sb *sb, const lc_plan *p, const lc_row_opts *o) {
  if (o->format != LC_OUT_CSV) return;
  const lc_field_desc *key = p->key_slot == LC_NO_SLOT ? NULL : key_field(p);
  put_name(sb, o, key ? key->name : "line");
  lc_sb_putc(sb, o->delim);
  lc_sb_puts(sb, "score");
  if (p->ntiers) { lc_sb_putc(sb, o->delim); lc_sb_puts(sb, "tier"); }
  if (o->explain) {
    for (uint32_t g = 0; g < p->ngroups; g++) { lc_sb_putc(sb, o->delim); put_name(sb, o, p->groups[g].name); }
    for (uint32_t i = 0; i < p->nrules; i++) { lc_sb_putc(sb, o->delim); put_name(sb, o, p->rules[i].name); }
  }
  lc_sb_putc(sb, '\n');
}

static void csv_row(lc_sb *sb, const lc_plan *p, const lc_row_opts *o, const void *rec, uint64_t line,
                    const lc_result *r) {
  if (p->key_slot != LC_NO_SLOT) put_key(sb, p, o, rec);
  else lc_sb_printf(sb, "%llu", (unsigned long long)line);
  lc_sb_putc(sb, o->delim);
  lc_write_points(sb, r->score);
  if (p->ntiers) {
    lc_sb_putc(sb, o->delim);
    if (r->tier >= 0) put_name(sb, o, p->tiers[r->tier].name);
  }
  if (o->explain) {
    for (uint32_t g = 0; g < p->ngroups; g++) { lc_sb_putc(sb, o->delim); lc_write_points(sb, r->groups[g]); }
    for (uint32_t i = 0; i < p->nrules; i++) {
      lc_sb_putc(sb, o->delim);
      if (r->fired[i]) lc_write_points(sb, lc_rt_round2(r->rules[i]));
    }
  }
  lc_sb_putc(sb, '\n');
}

/* "score":…,"tier":…[,"groups":{…},"rules":{…}] without braces. */
static void json_members(lc_sb *sb, const lc_plan *p, const lc_row_opts *o, const lc_result *r) {
  lc_sb_puts(sb, "\"score\":");
  lc_write_points(sb, r->score);
  if (p->ntiers) {
    lc_sb_puts(sb, ",\"tier\":");
    if (r->tier >= 0) put_name(sb, o, p->tiers[r->tier].name);
    else lc_sb_puts(sb, "null");
  }
  if (!o->explain) return;
  lc_sb_puts(sb, ",\"groups\":{");
  for (uint32_t g = 0; g < p->ngroups; g++) {
    if (g) lc_sb_putc(sb, ',');
    put_name(sb, o, p->groups[g].name);
    lc_sb_putc(sb, ':');
    lc_write_points(sb, r->groups[g]);
  }
  lc_sb_puts(sb, "},\"rules\":{");
  bool first = true;
  for (uint32_t i = 0; i < p->nrules; i++) {
    if (!r->fired[i]) continue;
    if (!first) lc_sb_putc(sb, ',');
    first = false;
    put_name(sb, o, p->rules[i].name);
    lc_sb_putc(sb, ':');
    lc_write_points(sb, lc_rt_round2(r->rules[i]));
  }
  lc_sb_putc(sb, '}');
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The input object up to its closing brace, then our members. Readers only score lines that
 * are one JSON object, so the last non-blank byte is that brace. */
static void passthrough_row(lc_sb *sb, const lc_plan *p, const lc_row_opts *o, const lc_result *r,
                            const char *raw, size_t n) {
  while (n && is_space(raw[n - 1])) n--;
  size_t before = n - 1;
  while (before && is_space(raw[before - 1])) before--;
  lc_sb_putn(sb, raw, before);
  if (raw[before - 1] != '{') lc_sb_putc(sb, ',');
  json_members(sb, p, o, r);
  lc_sb_puts(sb, "}\n");
}

void lc_write_row(lc_sb *sb, const lc_plan *p, const lc_row_opts *o, const void *rec,
                  uint64_t line, const lc_result *r, const char *raw, size_t rawlen) {
  if (o->format == LC_OUT_CSV) { csv_row(sb, p, o, rec, line, r); return; }
  if (o->passthrough) { passthrough_row(sb, p, o, r, raw, rawlen); return; }
  lc_sb_putc(sb, '{');
  if (p->key_slot != LC_NO_SLOT) {
    put_name(sb, o, key_field(p)->name);
    lc_sb_putc(sb, ':');
    put_key(sb, p, o, rec);
  } else {
    lc_sb_printf(sb, "\"line\":%llu", (unsigned long long)line);
  }
  lc_sb_putc(sb, ',');
  json_members(sb, p, o, r);
  lc_sb_puts(sb, "}\n");
}
