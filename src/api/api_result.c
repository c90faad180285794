/* Results and scoring one record. A result owns everything a record needs while it is scored
 * and read: the record struct, the result arrays, the scratch memory its strings and lists are
 * decoded into, and the text of leadc_result_json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "plan/result_write.h"

leadc_status leadc_result_new(const leadc_model *model, leadc_result **out) {
  if (!model || !out) return LEADC_ERROR_ARGUMENT;
  const lc_plan *p = model->plan;
  leadc_result *r = calloc(1, sizeof *r);
  if (!r) return LEADC_ERROR_MEMORY;
  size_t size = (LC_RECORD_SIZE(p->records[0].nslots) + 15) & ~(size_t)15;
  r->rec = aligned_alloc(16, size ? size : 16);
  r->values = calloc((size_t)p->ngroups + p->nrules + 1, sizeof *r->values);
  r->fired = calloc((size_t)p->nrules + 1, 1);
  if (!r->rec || !r->values || !r->fired) {
    leadc_result_free(r);
    return LEADC_ERROR_MEMORY;
  }
  r->model = model;
  r->res = (lc_result){0, -1, r->values, r->values + p->ngroups, r->fired};
  lc_scratch_init(&r->scratch);
  *out = r;
  return LEADC_OK;
}

void leadc_result_free(leadc_result *result) {
  if (!result) return;
  free(result->rec);
  free(result->values);
  free(result->fired);
  lc_scratch_free(&result->scratch);
  lc_sb_free(&result->row);
  free(result);
}

leadc_status api_score_raw(const leadc_model *m, leadc_result *r, const lc_csv_header *header,
                           const char *bytes, size_t len, uint64_t line, int64_t as_of_us) {
  r->scored = false;
  r->error[0] = 0;
  r->line = line;
  lc_decode_error err;
  int rc = header ? lc_decode_csv_row(m->decoder, header, bytes, len, r->rec, &r->scratch, &err)
                  : lc_decode_json(m->decoder, bytes, len, r->rec, &r->scratch, &err);
  if (rc != LC_DECODE_OK) {
    snprintf(r->error, sizeof r->error, "%s", err.msg);
    return LEADC_ERROR_RECORD;
  }
  lc_exec x = {as_of_us, &r->scratch};
  lc_scorer_score(m->scorer, r->rec, &x, &r->res);
  r->scored = true;
  return LEADC_OK;
}

typedef struct score_call {
  const leadc_model *model;
  const char *json;
  size_t len;
  int64_t as_of_us;
  leadc_result *result;
} score_call;

static leadc_status score_copy(void *ctx) {
  score_call *s = ctx;
  lc_scratch_reset(&s->result->scratch);
  /* The record's strings point into its text, which must outlive the caller's buffer. */
  char *copy = lc_scratch_alloc(&s->result->scratch, s->len + 1);
  if (s->len) memcpy(copy, s->json, s->len);
  return api_score_raw(s->model, s->result, NULL, copy, s->len, 1, s->as_of_us);
}

leadc_status leadc_score_json(const leadc_model *model, const char *json, size_t len, int64_t as_of_us,
                              leadc_result *result) {
  if (!model || !result || result->model != model || (!json && len)) return LEADC_ERROR_ARGUMENT;
  score_call s = {model, json, len, as_of_us, result};
  leadc_status rc = api_guarded(score_copy, &s);
  if (rc == LEADC_ERROR_MEMORY) result->scored = false;
  return rc;
}

double leadc_result_score(const leadc_result *result) {
  return result && result->scored ? result->res.score : 0;
}

int leadc_result_tier(const leadc_result *result) {
  return result && result->scored ? result->res.tier : -1;
}

const char *leadc_result_tier_name(const leadc_result *result) {
  int t = leadc_result_tier(result);
  return t >= 0 ? result->model->plan->tiers[t].name : NULL;
}

double leadc_result_group(const leadc_result *result, size_t group) {
  if (!result || !result->scored || group >= result->model->plan->ngroups) return 0;
  return result->res.groups[group];
}

int leadc_result_fired(const leadc_result *result, size_t rule) {
  if (!result || !result->scored || rule >= result->model->plan->nrules) return 0;
  return result->res.fired[rule] != 0;
}

double leadc_result_points(const leadc_result *result, size_t rule) {
  return leadc_result_fired(result, rule) ? lc_rt_round2(result->res.rules[rule]) : 0;
}

static leadc_status write_row(void *ctx) {
  leadc_result *r = ctx;
  lc_row_opts opts = {.format = LC_OUT_NDJSON, .explain = true};
  r->row.len = 0;
  lc_write_row(&r->row, r->model->plan, &opts, r->rec, r->line, &r->res, NULL, 0);
  if (r->row.len && r->row.buf[r->row.len - 1] == '\n') r->row.buf[--r->row.len] = 0;
  return LEADC_OK;
}

const char *leadc_result_json(leadc_result *result) {
  if (!result || !result->scored || api_guarded(write_row, result) != LEADC_OK) return "";
  return lc_sb_cstr(&result->row);
}

const char *leadc_result_error(const leadc_result *result) { return result ? result->error : ""; }

uint64_t leadc_result_line(const leadc_result *result) { return result ? result->line : 0; }
