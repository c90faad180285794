/* Output files that are written whole or not at all. A regular file (or a path that does not
 * exist yet) is written to a temporary file beside it and renamed over it only when everything
 * succeeded, so a failed or interrupted run never leaves half a result, and an existing file
 * keeps its permissions. Anything else — /dev/null, /dev/stdout, a FIFO — is written in place:
 * renaming over it would replace the device or pipe with a plain file. */
#ifndef LEADC_CLI_OUT_FILE_H
#define LEADC_CLI_OUT_FILE_H

#include <stdio.h>

typedef struct cli_out {
  FILE *f;              /* where to write; stdout when no path was given */
  const char *path;
  char *tmp;            /* the temporary file, NULL when writing in place */
} cli_out;

/* path NULL means stdout. Returns EXIT_OK, or EXIT_INTERNAL after a message naming cmd. */
int cli_out_open(cli_out *o, const char *cmd, const char *path);
/* Finishes the output: with rc == EXIT_OK it is flushed and put in place, otherwise the
 * temporary file is removed and path is left as it was. Returns rc, or EXIT_INTERNAL when
 * writing failed (with a message). */
int cli_out_close(cli_out *o, const char *cmd, int rc);
/* The whole of text into path (NULL: stdout), as above. */
int cli_out_write(const char *cmd, const char *path, const char *text, size_t len);

#endif
