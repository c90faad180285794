/* Scoring leads from inside a C program with libleadc: compile a model once at start-up, then
 * score records held in memory, as a service would for each request. Compile errors come back
 * through a callback, rejected records as a status with a reason.
 *
 *   cc embed.c $(pkg-config --cflags --libs leadc) -o embed
 *   ./embed ../b2b_saas/b2b_saas.score
 */
#include <stdio.h>
#include <string.h>

#include <leadc/leadc.h>

static void on_diagnostic(const leadc_diagnostic *d, void *user) {
  (void)user;
  fprintf(stderr, "%s:%u:%u: %s[%s]: %s\n", d->file ? d->file : "?", d->line, d->column,
          d->severity == LEADC_SEVERITY_ERROR ? "error" : "warning", d->code, d->message);
}

/* What a service might receive: one JSON object per request. The last one is malformed. */
static const char *const leads[] = {
  "{\"id\": \"L1\", \"email\": \"ann@acme.io\", \"first_name\": \"Ann\", \"job_title\": \"CEO\","
  " \"company_size\": 200, \"source\": \"organic\", \"do_not_email\": false,"
  " \"created_at\": \"2024-05-01T00:00:00Z\","
  " \"events\": [{\"kind\": \"page_view\", \"url\": \"/pricing\", \"at\": \"2024-05-31T00:00:00Z\"},"
  "            {\"kind\": \"page_view\", \"url\": \"/pricing\", \"at\": \"2024-05-18T00:00:00Z\"}]}",
  "{\"id\": \"L2\", \"email\": \"bob@gmail.com\", \"first_name\": \"bob\", \"source\": \"paid\","
  " \"do_not_email\": true, \"created_at\": \"2023-01-15\"}",
  "{\"id\": \"L3\", \"email\": \"eve@globex.com\", \"company_size\": \"many\", \"source\": \"event\","
  " \"do_not_email\": false, \"created_at\": \"2024-02-01\"}",
};

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "../b2b_saas/b2b_saas.score";
  leadc_compile_options options = {.on_diagnostic = on_diagnostic};
  leadc_model *model = NULL;
  leadc_status st = leadc_compile_file(path, &options, &model);
  if (st != LEADC_OK) {
    fprintf(stderr, "embed: %s: %s\n", path, leadc_status_message(st));
    return 1;
  }
  printf("model %s %s (libleadc %s)\n", leadc_model_name(model),
         leadc_model_version(model) ? leadc_model_version(model) : "", leadc_version());

  int64_t as_of;
  leadc_parse_time("2024-06-01T00:00:00Z", &as_of);
  leadc_result *result = NULL;
  if (leadc_result_new(model, &result) != LEADC_OK) {
    leadc_model_free(model);
    return 1;
  }
  for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
    st = leadc_score_json(model, leads[i], strlen(leads[i]), as_of, result);
    if (st == LEADC_ERROR_RECORD) {
      printf("lead %zu rejected: %s\n", i + 1, leadc_result_error(result));
      continue;
    }
    if (st != LEADC_OK) break;
    const char *tier = leadc_result_tier_name(result);
    printf("lead %zu: score %.2f, tier %s\n", i + 1, leadc_result_score(result), tier ? tier : "(none)");
    for (size_t r = 0; r < leadc_model_rule_count(model); r++)
      if (leadc_result_fired(result, r))
        printf("  %-20s %+.2f\n", leadc_model_rule_name(model, r), leadc_result_points(result, r));
    printf("  %s\n", leadc_result_json(result));
  }
  leadc_result_free(result);
  leadc_model_free(model);
  return st == LEADC_OK || st == LEADC_ERROR_RECORD ? 0 : 1;
}
