/* Unicode simple case mappings (one code point to one code point, UnicodeData.txt fields 13/14),
 * for lower()/upper(). Code points without a mapping map to themselves. */
#ifndef LEADC_RUNTIME_CASEMAP_H
#define LEADC_RUNTIME_CASEMAP_H

#include <stdint.h>

uint32_t lc_case_lower(uint32_t cp);
uint32_t lc_case_upper(uint32_t cp);

#endif
