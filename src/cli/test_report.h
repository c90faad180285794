/* What `leadc test` found, kept until the end so every output format (text, JSON, JUnit XML)
 * is written from the same data. Everything lives in the report's arena. */
#ifndef LEADC_CLI_TEST_REPORT_H
#define LEADC_CLI_TEST_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/vec.h"

typedef struct t_fail {
  const char *file;
  uint32_t line;
  const char *expect;          /* the expectation as written */
  const char *expected, *actual;
} t_fail;

typedef struct t_fired { const char *rule; double points; /* rounded */ } t_fired;

typedef struct t_case {
  const char *name, *file;
  uint32_t line;
  lc_vec fails;                /* t_fail* */
  t_fired *fired;
  uint32_t nfired;
} t_case;

typedef struct t_model {
  const char *path;
  const char *name;            /* the model's name, NULL when it did not compile */
  bool broken;                 /* did not compile or could not be read */
  lc_vec cases;                /* t_case* */
  uint32_t failed;
} t_model;

typedef struct t_report {
  lc_arena a;
  lc_vec models;               /* t_model* */
  uint32_t tests, failed, broken;
} t_report;

typedef enum t_format { T_TEXT, T_JSON, T_JUNIT } t_format;

void t_report_write(const t_report *r, t_format fmt, bool verbose, FILE *out);

#endif
