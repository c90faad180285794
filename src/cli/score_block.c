#include "cli/score_block.h"

#include <stdlib.h>
#include <string.h>

score_block *score_block_new(const lc_plan *plan) {
  score_block *b = calloc(1, sizeof *b);
  if (!b) return NULL;
  size_t size = (LC_RECORD_SIZE(plan->records[0].nslots) + 15) & ~(size_t)15;
  b->rec = aligned_alloc(16, size ? size : 16);
  b->result = lc_result_new(plan);
  if (!b->rec || !b->result) {
    score_block_free(b);
    return NULL;
  }
  return b;
}

void score_block_free(score_block *b) {
  if (!b) return;
  lc_sb_free(&b->out);
  free(b->tier);
  free(b->results);
  free(b->values);
  free(b->fired);
  free(b->rejects);
  free(b->rec);
  lc_result_free(b->result);
  free(b);
}

static bool grow(void **p, size_t n, size_t size) {
  size_t bytes = n * size;
  void *q = realloc(*p, bytes ? bytes : 1);
  if (q) *p = q;
  return q != NULL;
}

static bool reserve(score_block *b, const score_env *env, size_t n) {
  if (n <= b->cap) return true;
  size_t nv = (size_t)env->plan->ngroups + env->plan->nrules;
  if (!grow((void **)&b->tier, n, sizeof *b->tier)) return false;
  if (env->keep_results && (!grow((void **)&b->results, n, sizeof *b->results) ||
                            !grow((void **)&b->values, n * nv, sizeof *b->values) ||
                            !grow((void **)&b->fired, n * env->plan->nrules, sizeof *b->fired)))
    return false;
  b->cap = n;
  return true;
}

static bool note_reject(score_block *b, const lc_decode_error *err) {
  if (b->nrejects == b->rejects_cap) {
    size_t cap = b->rejects_cap ? 2 * b->rejects_cap : 16;
    if (!grow((void **)&b->rejects, cap, sizeof *b->rejects)) return false;
    b->rejects_cap = cap;
  }
  b->rejects[b->nrejects++] = (score_reject){b->out.len, *err};
  return true;
}

/* A copy of the scorer's result that outlives the next record. */
static void keep(score_block *b, const lc_plan *p, size_t i) {
  const lc_result *r = b->result;
  double *v = b->values + i * ((size_t)p->ngroups + p->nrules);
  uint8_t *f = b->fired + i * (size_t)p->nrules;
  memcpy(v, r->groups, p->ngroups * sizeof *v);
  memcpy(v + p->ngroups, r->rules, p->nrules * sizeof *v);
  memcpy(f, r->fired, p->nrules);
  b->results[i] = (lc_result){r->score, r->tier, v, v + p->ngroups, f};
}

void score_block_fill(score_block *b, const score_env *env, const lc_batch *batch, lc_scratch *scratch) {
  b->out.len = 0;
  b->nrejects = 0;
  b->out_of_memory = !reserve(b, env, batch->n);
  lc_exec x = {env->as_of_us, scratch};
  for (size_t i = 0; i < batch->n && !b->out_of_memory; i++) {
    const lc_raw_record *raw = &batch->recs[i];
    lc_decode_error err;
    int d = env->csv ? lc_decode_csv_row(env->decoder, env->csv, raw->ptr, raw->len, b->rec, scratch, &err)
                     : lc_decode_json(env->decoder, raw->ptr, raw->len, b->rec, scratch, &err);
    if (d != LC_DECODE_OK) {
      b->tier[i] = SCORE_REJECTED;
      b->out_of_memory = !note_reject(b, &err);
      continue;
    }
    lc_scorer_score(env->scorer, b->rec, &x, b->result);
    b->tier[i] = b->result->tier;
    if (env->keep_results) keep(b, env->plan, i);
    else lc_write_row(&b->out, env->plan, env->row, b->rec, raw->line, b->result, raw->ptr, raw->len);
  }
}
