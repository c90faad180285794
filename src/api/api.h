/* The embedding API's internals (include/leadc/leadc.h). A leadc_model is a plan and a scorer
 * from anywhere — the compiler and the interpreter (api_compile.c, in the compiler library) or a
 * model compiled to C (api_builtin.c, in the runtime library) — plus the decoder for its
 * records. Everything that scores (api_result.c, api_stream.c) needs only the runtime, so a
 * library made by `leadc build --shared` carries the whole scoring half of the API. */
#ifndef LEADC_API_API_H
#define LEADC_API_API_H

#include <setjmp.h>

#include "backend/backend.h"
#include "leadc/leadc.h"
#include "runtime/reader.h"
#include "runtime/scratch.h"
#include "util/oom.h"
#include "util/strbuf.h"

struct leadc_model {
  const lc_plan *plan;
  const lc_scorer *scorer;
  lc_decoder *decoder;
  void *owner;                          /* what plan and scorer belong to */
  void (*release_owner)(void *owner);
};

/* Gives m its decoder; on failure releases m and its owner. */
leadc_status api_model_finish(leadc_model *m, leadc_model **out);

struct leadc_result {
  const leadc_model *model;
  void *rec;                            /* the decoded record */
  lc_result res;                        /* its arrays live in `values` and `fired` */
  double *values;
  uint8_t *fired;
  lc_scratch scratch;                   /* decoded strings and lists, reset per record */
  bool scored;
  uint64_t line;
  char error[320];                      /* room for "bad CSV header: " and a decoder message */
  lc_sb row;                            /* leadc_result_json */
};

/* Decodes one record (a JSON object, or a CSV row when header is not NULL) into r and scores
 * it. The bytes must stay valid as long as r describes this record. */
leadc_status api_score_raw(const leadc_model *m, leadc_result *r, const lc_csv_header *header,
                           const char *bytes, size_t len, uint64_t line, int64_t as_of_us);

/* Runs work(ctx) so that running out of memory inside it (lc_oom, deep in the compiler or the
 * runtime) comes back here as LEADC_ERROR_MEMORY instead of exiting; work's own status
 * otherwise. What work allocated before such a jump is the caller's to release. */
leadc_status api_guarded(leadc_status (*work)(void *ctx), void *ctx);

#endif
