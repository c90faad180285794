/* Status messages, the version, times, and what every model has whatever made it: its decoder,
 * its names, and its release. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

const char *leadc_status_message(leadc_status status) {
  switch (status) {
  case LEADC_OK: return "success";
  case LEADC_ERROR_ARGUMENT: return "invalid argument";
  case LEADC_ERROR_MEMORY: return "out of memory";
  case LEADC_ERROR_IO: return "input could not be read";
  case LEADC_ERROR_MODEL: return "the model has errors";
  case LEADC_ERROR_RECORD: return "the record was rejected";
  case LEADC_ERROR_UNSUPPORTED: return "not supported by this library";
  case LEADC_END: return "end of input";
  }
  return "unknown status";
}

const char *leadc_version(void) { return LEADC_VERSION; }

leadc_status leadc_parse_time(const char *text, int64_t *us) {
  if (!text || !us) return LEADC_ERROR_ARGUMENT;
  int64_t t;
  if (!lc_time_parse(text, strlen(text), &t)) return LEADC_ERROR_ARGUMENT;
  *us = t;
  return LEADC_OK;
}

leadc_status api_guarded(leadc_status (*work)(void *ctx), void *ctx) {
  jmp_buf env;
  jmp_buf *saved = lc_oom_target;
  if (setjmp(env)) {
    lc_oom_target = saved;
    return LEADC_ERROR_MEMORY;
  }
  lc_oom_target = &env;
  leadc_status rc = work(ctx);
  lc_oom_target = saved;
  return rc;
}

leadc_status api_model_finish(leadc_model *m, leadc_model **out) {
  m->decoder = lc_decoder_new(&m->plan->records[0]);
  if (!m->decoder) {
    leadc_model_free(m);
    return LEADC_ERROR_MEMORY;
  }
  *out = m;
  return LEADC_OK;
}

void leadc_model_free(leadc_model *model) {
  if (!model) return;
  lc_decoder_free(model->decoder);
  if (model->release_owner) model->release_owner(model->owner);
  free(model);
}

const char *leadc_model_name(const leadc_model *model) { return model ? model->plan->model_name : NULL; }
const char *leadc_model_version(const leadc_model *model) { return model ? model->plan->version : NULL; }

size_t leadc_model_rule_count(const leadc_model *model) { return model ? model->plan->nrules : 0; }
size_t leadc_model_group_count(const leadc_model *model) { return model ? model->plan->ngroups : 0; }
size_t leadc_model_tier_count(const leadc_model *model) { return model ? model->plan->ntiers : 0; }

const char *leadc_model_rule_name(const leadc_model *model, size_t rule) {
  return model && rule < model->plan->nrules ? model->plan->rules[rule].name : NULL;
}

const char *leadc_model_group_name(const leadc_model *model, size_t group) {
  return model && group < model->plan->ngroups ? model->plan->groups[group].name : NULL;
}

const char *leadc_model_tier_name(const leadc_model *model, size_t tier) {
  return model && tier < model->plan->ntiers ? model->plan->tiers[tier].name : NULL;
}
