/* keyboard_run(s): the spam-name heuristic "how far did someone drag a finger along the keys".
 *
 * Definition. Letters are compared case-insensitively (ASCII only; anything else, including
 * digits, spaces and non-ASCII letters, is on no row and breaks a run). A run is a sequence of
 * consecutive characters of s that are all on the same row of the same layout, each one the
 * key immediately right of the previous one, or each one immediately left of it (one direction
 * per run). The result is the length of the longest run; a lone letter on some row is a run of
 * 1, and a string with no such letter gives 0. Rows: QWERTY "qwertyuiop" "asdfghjkl" "zxcvbnm",
 * AZERTY "azertyuiop" "qsdfghjklm" "wxcvbn". Examples: "asdf" → 4, "qwerty" → 6, "fdsa" → 4,
 * "asdsa" → 3 (direction changes start a new run), "Ann" → 1, "sdfghjklm" → 9 (AZERTY). */
#include "leadc/runtime.h"

/* Key position per lowercase letter: row * 16 + column + 1 (0 = not on a row of that layout),
 * rows 0-2 QWERTY and 3-5 AZERTY, so positions of different rows are never adjacent. */
#define K(row, col) ((row) * 16 + (col) + 1)
static const uint8_t qwerty[26] = {
    ['q' - 'a'] = K(0, 0), ['w' - 'a'] = K(0, 1), ['e' - 'a'] = K(0, 2), ['r' - 'a'] = K(0, 3),
    ['t' - 'a'] = K(0, 4), ['y' - 'a'] = K(0, 5), ['u' - 'a'] = K(0, 6), ['i' - 'a'] = K(0, 7),
    ['o' - 'a'] = K(0, 8), ['p' - 'a'] = K(0, 9), ['a' - 'a'] = K(1, 0), ['s' - 'a'] = K(1, 1),
    ['d' - 'a'] = K(1, 2), ['f' - 'a'] = K(1, 3), ['g' - 'a'] = K(1, 4), ['h' - 'a'] = K(1, 5),
    ['j' - 'a'] = K(1, 6), ['k' - 'a'] = K(1, 7), ['l' - 'a'] = K(1, 8), ['z' - 'a'] = K(2, 0),
    ['x' - 'a'] = K(2, 1), ['c' - 'a'] = K(2, 2), ['v' - 'a'] = K(2, 3), ['b' - 'a'] = K(2, 4),
    ['n' - 'a'] = K(2, 5), ['m' - 'a'] = K(2, 6),
};
static const uint8_t azerty[26] = {
    ['a' - 'a'] = K(3, 0), ['z' - 'a'] = K(3, 1), ['e' - 'a'] = K(3, 2), ['r' - 'a'] = K(3, 3),
    ['t' - 'a'] = K(3, 4), ['y' - 'a'] = K(3, 5), ['u' - 'a'] = K(3, 6), ['i' - 'a'] = K(3, 7),
    ['o' - 'a'] = K(3, 8), ['p' - 'a'] = K(3, 9), ['q' - 'a'] = K(4, 0), ['s' - 'a'] = K(4, 1),
    ['d' - 'a'] = K(4, 2), ['f' - 'a'] = K(4, 3), ['g' - 'a'] = K(4, 4), ['h' - 'a'] = K(4, 5),
    ['j' - 'a'] = K(4, 6), ['k' - 'a'] = K(4, 7), ['l' - 'a'] = K(4, 8), ['m' - 'a'] = K(4, 9),
    ['w' - 'a'] = K(5, 0), ['x' - 'a'] = K(5, 1), ['c' - 'a'] = K(5, 2), ['v' - 'a'] = K(5, 3),
    ['b' - 'a'] = K(5, 4), ['n' - 'a'] = K(5, 5),
};
#undef K

double lc_rt_keyboard_run(lc_str s) {
  /* Per layout: the previous key's position and the current right-going and left-going runs. */
  uint8_t prev[2] = {0, 0};
  uint32_t right[2] = {0, 0}, left[2] = {0, 0};
  uint32_t best = 0;
  const uint8_t *p = (const uint8_t *)s.ptr;
  for (uint32_t i = 0; i < s.len; i++) {
    unsigned c = p[i] | 0x20u;     /* ASCII letters to lowercase; other bytes stay off-row */
    unsigned letter = c - 'a';
    for (int l = 0; l < 2; l++) {
      uint8_t pos = letter < 26 ? (l ? azerty : qwerty)[letter] : 0;
      if (!pos) {
        right[l] = left[l] = 0;
      } else {
        right[l] = prev[l] && pos == prev[l] + 1 ? right[l] + 1 : 1;
        left[l] = prev[l] && pos + 1 == prev[l] ? left[l] + 1 : 1;
        if (right[l] > best) best = right[l];
        if (left[l] > best) best = left[l];
      }
      prev[l] = pos;
    }
  }
  return best;
}
