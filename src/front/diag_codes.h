/* Every diagnostic leadc can print, in one table: the stable code, and a short title used in
 * SARIF rule metadata and checked against docs/errors.md by the test suite. Codes are never
 * reused or renumbered once released; retire a code by leaving it here unused.
 *   E00xx lexical   E01xx syntax    E02xx names       E03xx types
 *   E04xx files     E05xx model     E06xx tests       E07xx two versions (leadc diff)
 *   Wxxxx warnings */
#ifndef LEADC_FRONT_DIAG_CODES_H
#define LEADC_FRONT_DIAG_CODES_H

#define LC_DIAG_CODES(X)                                                           \
  X(E0001, "unterminated string")                                                  \
  X(E0002, "invalid escape sequence")                                              \
  X(E0003, "invalid time literal")                                                 \
  X(E0004, "invalid UTF-8")                                                        \
  X(E0005, "unexpected character")                                                 \
  X(E0006, "invalid number or duration")                                           \
  X(E0007, "unterminated regular expression")                                      \
  X(E0008, "invalid regular expression")                                           \
  X(E0009, "unterminated JSON object")                                             \
  X(E0101, "syntax error")                                                         \
  X(E0102, "misplaced or missing model declaration")                               \
  X(E0103, "declaration given more than once")                                     \
  X(E0201, "unknown name")                                                         \
  X(E0202, "unknown field")                                                        \
  X(E0203, "not a member of the enum")                                             \
  X(E0204, "duplicate name")                                                       \
  X(E0205, "unknown function")                                                     \
  X(E0206, "unknown type")                                                         \
  X(E0207, "score or group total outside a tier condition")                        \
  X(E0301, "type mismatch")                                                        \
  X(E0302, "condition is not a bool")                                              \
  X(E0303, "points are not a number")                                              \
  X(E0304, "wrong number of arguments")                                            \
  X(E0305, "value can never be present")                                           \
  X(E0306, "not a list")                                                           \
  X(E0307, "no timestamp field")                                                   \
  X(E0308, "decay on a when rule needs since")                                     \
  X(E0309, "not a constant")                                                       \
  X(E0310, "recursive def")                                                        \
  X(E0311, "cap, floor or range is not a constant number")                         \
  X(E0312, "type not allowed here")                                                \
  X(E0313, "since on an each rule")                                                \
  X(E0401, "import not found")                                                     \
  X(E0402, "import cycle")                                                         \
  X(E0403, "declaration not allowed in a module")                                  \
  X(E0404, "list file not found")                                                  \
  X(E0405, "file cannot be read")                                                  \
  X(E0501, "model has no input declaration")                                       \
  X(E0502, "otherwise tier is not last")                                           \
  X(E0503, "invalid key or timestamp field")                                       \
  X(E0601, "test has no as_of")                                                    \
  X(E0602, "invalid given record")                                                 \
  X(E0603, "expectation names an unknown rule, group or tier")                     \
  X(E0701, "new version cannot read the old version's records")                    \
  X(W0001, "field shadows an input field")                                         \
  X(W0002, "tier can never be reached")                                            \
  X(W0003, "no otherwise tier")                                                    \
  X(W0004, "unused const")                                                         \
  X(W0005, "unused def")

typedef enum lc_code {
#define LC_X(code, title) LC_##code,
  LC_DIAG_CODES(LC_X)
#undef LC_X
  LC_CODE_COUNT
} lc_code;

const char *lc_code_name(lc_code c);     /* "E0203" */
const char *lc_code_title(lc_code c);
int lc_code_is_warning(lc_code c);

#endif
