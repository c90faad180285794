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
  char error[256];
  lc_sb row;                            /* leadc_result_json */
};

/* Decodes one record (a JSON object, or a CSV row when header is not NULL) into r and scores
 * it. The bytes must stay valid as long as r describes this record. */
leadc_status api_score_raw(const leadc_model *m, leadc_result *r, const lc_csv_header *header,
                           const char *bytes, size_t len, uint64_t line, int64_t as_of_us);

/* Entry points that may run out of memory deep inside the compiler or runtime point
 * lc_oom_target at a jump buffer of their own, so lc_oom() comes back to them instead of
 * exiting:
 *     jmp_buf env;  jmp_buf *saved = lc_oom_target;
 *     if (setjmp(env)) { lc_oom_target = saved; …release…; return LEADC_ERROR_MEMORY; }
 *     lc_oom_target = &env;  …work…  lc_oom_target = saved; */

#endif
