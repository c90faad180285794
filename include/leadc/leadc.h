/* leadc.h — scoring leads with leadc models from C and C++.
 *
 *   leadc_model *model;
 *   if (leadc_compile_file("b2b.score", NULL, &model) != LEADC_OK) …
 *   leadc_result *result;
 *   leadc_result_new(model, &result);
 *   int64_t as_of;
 *   leadc_parse_time("2024-06-01T00:00:00Z", &as_of);
 *   if (leadc_score_json(model, text, len, as_of, result) == LEADC_OK)
 *     printf("%.2f %s\n", leadc_result_score(result), leadc_result_tier_name(result));
 *   leadc_result_free(result);
 *   leadc_model_free(model);
 *
 * Link with `pkg-config --cflags --libs leadc` (or the CMake target leadc::leadc). The library
 * needs no LLVM: compiled models run on leadc's interpreter. A model built with
 * `leadc build MODEL --shared -o libMODEL.so` is a library with the scoring part of this API
 * (everything but leadc_compile_*), whose leadc_model_open_builtin() returns that model as
 * native code.
 *
 * Conventions
 *   - Objects are opaque: leadc_model (a compiled model, immutable once made), leadc_result (a
 *     scored record and the memory scoring needs), leadc_stream (records read from a file or
 *     a callback).
 *   - Functions that can fail return a leadc_status, LEADC_OK (0) on success; on failure their
 *     out-parameters are left untouched. leadc_status_message() describes a status.
 *   - Ownership: whatever a function hands back through a `**out` parameter belongs to the
 *     caller, who releases it with the matching _free function (which accepts NULL). Strings
 *     returned by accessors belong to the object they come from: model strings live as long as
 *     the model, result strings until the next record is scored into that result or it is
 *     freed. Every object made from a model must be freed before the model.
 *   - Threads: a model may be shared by any number of threads; a result or a stream is used by
 *     one thread at a time. Give each thread its own result.
 *   - The library never prints, never exits, and reports a model's errors and warnings through
 *     the diagnostic callback. When memory runs out, the call returns LEADC_ERROR_MEMORY.
 *   - Times are microseconds since 1970-01-01T00:00:00Z (int64_t), as leadc_parse_time gives. */
#ifndef LEADC_LEADC_H
#define LEADC_LEADC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes */

typedef enum leadc_status {
  LEADC_OK = 0,
  LEADC_ERROR_ARGUMENT = 1,     /* a required pointer was NULL, or an option was out of range */
  LEADC_ERROR_MEMORY = 2,       /* out of memory; nothing was created */
  LEADC_ERROR_IO = 3,           /* a file or stream could not be read; errno says why */
  LEADC_ERROR_MODEL = 4,        /* the model has errors (each reported to the callback), or is a
                                   module without a `model` declaration */
  LEADC_ERROR_RECORD = 5,       /* the record was rejected and not scored; leadc_result_error()
                                   says why */
  LEADC_ERROR_UNSUPPORTED = 6,  /* leadc_model_open_builtin in a library without a built-in model,
                                   or a model made for another version of leadc */
  LEADC_END = 7                 /* leadc_stream_next: the stream has no more records */
} leadc_status;

/* A static, one-line description of a status ("the record was rejected"). */
const char *leadc_status_message(leadc_status status);

/* The leadc version the library was built from, e.g. "0.1.0". Static. */
const char *leadc_version(void);

/* ---- compiling models */

typedef struct leadc_model leadc_model;

typedef enum leadc_severity { LEADC_SEVERITY_ERROR = 0, LEADC_SEVERITY_WARNING = 1 } leadc_severity;

/* One message about a model, as `leadc check` prints it. All strings are valid only during
 * the callback. */
typedef struct leadc_diagnostic {
  leadc_severity severity;
  const char *code;             /* "E0203"; every code is listed in leadc's docs/errors.md */
  const char *file;             /* the file, or the name given to leadc_compile_string */
  unsigned line, column;        /* 1-based; columns count Unicode code points */
  unsigned end_line, end_column;   /* where the span ends; end_column is exclusive */
  const char *message;
  const char *help;             /* a hint, or NULL */
} leadc_diagnostic;

typedef void (*leadc_diagnostic_fn)(const leadc_diagnostic *diagnostic, void *user);

/* All fields may be zero / NULL. */
typedef struct leadc_compile_options {
  const char *const *include_dirs;   /* searched for `std/…` modules before the built-in stdlib */
  size_t ninclude_dirs;
  leadc_diagnostic_fn on_diagnostic; /* called for each error and warning, in file order */
  void *user;                        /* passed to on_diagnostic */
} leadc_compile_options;

/* Compiles the model in the file at path (imports resolve beside it). options may be NULL.
 * On success *out is a model the caller frees with leadc_model_free. Returns LEADC_ERROR_IO
 * when the file cannot be read, LEADC_ERROR_MODEL when the model has errors. */
leadc_status leadc_compile_file(const char *path, const leadc_compile_options *options, leadc_model **out);

/* The same for a model held in memory: text[0..len) (no NUL needed), named `name` in messages
 * and treated as if read from a file of that name (relative imports resolve beside it). The
 * text is copied; the caller keeps ownership of it. */
leadc_status leadc_compile_string(const char *name, const char *text, size_t len,
                                  const leadc_compile_options *options, leadc_model **out);

/* In a library made by `leadc build --shared`: the model compiled into it. Elsewhere
 * LEADC_ERROR_UNSUPPORTED. The caller frees *out with leadc_model_free. */
leadc_status leadc_model_open_builtin(leadc_model **out);

void leadc_model_free(leadc_model *model);

/* What the model declares. Strings live as long as the model. version is NULL when the model
 * has none; an index out of range gives NULL. */
const char *leadc_model_name(const leadc_model *model);
const char *leadc_model_version(const leadc_model *model);
size_t leadc_model_rule_count(const leadc_model *model);     /* groups' rules included */
const char *leadc_model_rule_name(const leadc_model *model, size_t rule);
size_t leadc_model_group_count(const leadc_model *model);
const char *leadc_model_group_name(const leadc_model *model, size_t group);
size_t leadc_model_tier_count(const leadc_model *model);
const char *leadc_model_tier_name(const leadc_model *model, size_t tier);

/* ---- scoring */

/* An RFC 3339 time ("2024-06-01T00:00:00Z") or a date ("2024-06-01") as microseconds since
 * the epoch. LEADC_ERROR_ARGUMENT when text is NULL or not a time. */
leadc_status leadc_parse_time(const char *text, int64_t *us);

typedef struct leadc_result leadc_result;

/* A result for scoring records of model into, reusable record after record. The caller frees
 * it with leadc_result_free, before the model. */
leadc_status leadc_result_new(const leadc_model *model, leadc_result **out);
void leadc_result_free(leadc_result *result);

/* Scores one record: a JSON object (json[0..len), UTF-8, no NUL needed), as one line of NDJSON
 * input to `leadc score`, as of the time given. On LEADC_OK the result holds the score;
 * LEADC_ERROR_RECORD means the record was rejected (leadc_result_error says why) and holds no
 * score. result must have been made for this model. */
leadc_status leadc_score_json(const leadc_model *model, const char *json, size_t len, int64_t as_of_us,
                              leadc_result *result);

/* The last record scored into result. Points are rounded to 2 decimals as leadc prints them. */
double leadc_result_score(const leadc_result *result);
int leadc_result_tier(const leadc_result *result);                  /* index, -1: no tier */
const char *leadc_result_tier_name(const leadc_result *result);     /* NULL: no tier */
double leadc_result_group(const leadc_result *result, size_t group);   /* total after cap/floor */
int leadc_result_fired(const leadc_result *result, size_t rule);       /* 1 when the rule fired */
double leadc_result_points(const leadc_result *result, size_t rule);   /* 0 unless it fired */
/* The record's output row as `leadc score --explain` prints it (NDJSON, without the newline). */
const char *leadc_result_json(leadc_result *result);
/* Why the last record was rejected; "" after a record that was scored. */
const char *leadc_result_error(const leadc_result *result);
/* The 1-based input line of the last record read from a stream (1 for leadc_score_json). */
uint64_t leadc_result_line(const leadc_result *result);

/* ---- streams of records */

typedef struct leadc_stream leadc_stream;

typedef enum leadc_format { LEADC_FORMAT_NDJSON = 0, LEADC_FORMAT_CSV = 1 } leadc_format;

/* Reads up to n bytes into buf: returns how many, 0 at the end, -1 on an error (set errno). */
typedef ptrdiff_t (*leadc_read_fn)(void *user, void *buf, size_t n);

/* Records from a reader callback, in NDJSON or CSV (with a header row, comma-separated). The
 * caller frees the stream with leadc_stream_free, before the model. */
leadc_status leadc_stream_open(const leadc_model *model, leadc_format format, leadc_read_fn read, void *user,
                               leadc_stream **out);
/* The same reading from an open FILE, which stays the caller's (it is not closed). */
leadc_status leadc_stream_open_file(const leadc_model *model, leadc_format format, FILE *file,
                                    leadc_stream **out);
void leadc_stream_free(leadc_stream *stream);

/* Scores the next record into result: LEADC_OK (scored), LEADC_ERROR_RECORD (rejected; call
 * again for the next one), LEADC_END, LEADC_ERROR_IO or LEADC_ERROR_MEMORY. */
leadc_status leadc_stream_next(leadc_stream *stream, int64_t as_of_us, leadc_result *result);

#ifdef __cplusplus
}
#endif
#endif
