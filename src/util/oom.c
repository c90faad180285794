#include "util/oom.h"

#include <stdio.h>
#include <stdlib.h>

_Thread_local jmp_buf *lc_oom_target;

_Noreturn void lc_oom(void) {
  if (lc_oom_target) longjmp(*lc_oom_target, 1);
  fputs("leadc: out of memory\n", stderr);
  exit(4);
}
