/* Running out of memory where the code cannot return an error: the compiler's arena, string
 * buffers, result arrays and the runtime's scratch memory all end here. leadc's command line
 * reports it and exits with code 4. The embedding library must never exit: around each call it
 * points lc_oom_target at a jump buffer of its own and turns the jump into LEADC_ERROR_MEMORY. */
#ifndef LEADC_UTIL_OOM_H
#define LEADC_UTIL_OOM_H

#include <setjmp.h>

/* Per thread; NULL (the default) means report and exit. */
extern _Thread_local jmp_buf *lc_oom_target;

_Noreturn void lc_oom(void);

#endif
