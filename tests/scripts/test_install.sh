#!/bin/bash
# `cmake --install` of the build tree LEADC belongs to, into a temporary prefix, then everything a
# user of the install does, against the install only: examples/embed built with pkg-config (shared
# and static libleadc) and with the CMake package, `leadc build` from the installed leadc (its
# runtime found relative to itself), a --shared model library used through the C API, the
# headers compiled strictly, and the man page.
# usage: test_install.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$(realpath "$1")
src=$(realpath "$2")
build=$(dirname "$leadc")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
prefix=$tmp/prefix
cc=${CC:-cc}
# A sanitized build's libraries need the sanitizers' runtime in every program that loads them.
san=
ldd "$leadc" | grep -q libasan && san="-fsanitize=address,undefined"

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" || fail "cmake --install failed"
pc=$(find "$prefix" -name leadc.pc)
[ -n "$pc" ] || fail "no leadc.pc installed"
libdir=$(dirname "$(dirname "$pc")")
for f in bin/leadc include/leadc/leadc.h include/leadc/runtime.h share/man/man1/leadc.1 \
         share/leadc/stdlib/std/email.score; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
for f in libleadc.so libleadc.a libleadc_rt.a libleadc_driver.a cmake/leadc/leadcConfig.cmake; do
  [ -e "$libdir/$f" ] || fail "$libdir/$f is not installed"
done
man -l "$prefix/share/man/man1/leadc.1" 2>/dev/null | grep -q "leadc build" || fail "the man page does not render"

# The source tree and the build tree move out of sight: only the install may be used.
export PKG_CONFIG_PATH=$libdir/pkgconfig
cp -r "$src/examples/embed" "$tmp/embed"
model=$src/examples/b2b_saas/b2b_saas.score
expect_embed() {
  grep -q "^lead 1: score 42.26, tier lead" "$1" || fail "$2: lead 1 not scored as LANGUAGE.md §7 works it out"
  grep -q "^lead 3 rejected: field \"company_size\"" "$1" || fail "$2: the malformed lead was not rejected"
}

# pkg-config, shared library (found through the rpath the example does not set: LD_LIBRARY_PATH)
make -s -C "$tmp/embed" CC="$cc $san" > /dev/null || fail "examples/embed does not build with pkg-config"
LD_LIBRARY_PATH=$libdir "$tmp/embed/embed" "$model" > "$tmp/embed.out" 2> /dev/null || fail "embed failed"
expect_embed "$tmp/embed.out" "embed (shared)"

# pkg-config --static, static library
$cc $san "$tmp/embed/embed.c" $(pkg-config --cflags leadc) "$libdir/libleadc.a" \
  $(pkg-config --static --libs-only-other --libs-only-L leadc) -lpcre2-8 -pthread -lm -o "$tmp/embed_static" ||
  fail "embed does not link statically"
"$tmp/embed_static" "$model" > "$tmp/static.out" 2> /dev/null || fail "embed (static) failed"
cmp -s "$tmp/embed.out" "$tmp/static.out" || fail "static and shared libleadc disagree"

# the CMake package
cmake -S "$tmp/embed" -B "$tmp/embed-cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_C_FLAGS="$san" \
  > "$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log" >&2; fail "find_package(leadc) failed"; }
cmake --build "$tmp/embed-cmake" > "$tmp/cmake-build.log" 2>&1 || { cat "$tmp/cmake-build.log" >&2; fail "leadc::leadc does not link"; }
LD_LIBRARY_PATH=$libdir "$tmp/embed-cmake/embed" "$model" > "$tmp/cmake.out" 2> /dev/null
cmp -s "$tmp/embed.out" "$tmp/cmake.out" || fail "the CMake-built embed disagrees"

# The public headers on their own, strictly
for h in leadc runtime; do
  echo "#include <leadc/$h.h>" | $cc -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only \
    $(pkg-config --cflags leadc) -x c - || fail "<leadc/$h.h> does not compile on its own"
done

# leadc build with the installed leadc and runtime: a program, and a --shared model library
"$prefix/bin/leadc" build "$model" -o "$tmp/b2b" || fail "the installed leadc cannot build"
"$tmp/b2b" "$src/examples/b2b_saas/leads.ndjson" --as-of=2024-06-01T00:00:00Z -q > "$tmp/built.out"
"$leadc" score "$model" "$src/examples/b2b_saas/leads.ndjson" --as-of=2024-06-01T00:00:00Z -q \
  --backend=interp > "$tmp/interp.out"
cmp -s "$tmp/built.out" "$tmp/interp.out" || fail "the installed leadc's program disagrees with the interpreter"

"$prefix/bin/leadc" build "$model" --shared -o "$tmp/libb2b.so" || fail "leadc build --shared failed"
cat > "$tmp/builtin.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <leadc/leadc.h>
int main(void) {
  leadc_model *m;
  if (leadc_model_open_builtin(&m) != LEADC_OK) return 1;
  leadc_result *r;
  if (leadc_result_new(m, &r) != LEADC_OK) return 1;
  int64_t as_of;
  leadc_parse_time("2024-06-01T00:00:00Z", &as_of);
  char line[1 << 16];
  while (fgets(line, sizeof line, stdin)) {
    if (leadc_score_json(m, line, strlen(line), as_of, r) == LEADC_OK)
      printf("%s %.2f %s\n", leadc_model_name(m), leadc_result_score(r), leadc_result_tier_name(r));
  }
  leadc_result_free(r);
  leadc_model_free(m);
  return 0;
}
C
$cc $san -std=c11 "$tmp/builtin.c" $(pkg-config --cflags leadc) "$tmp/libb2b.so" -Wl,-rpath,"$tmp" -o "$tmp/builtin" ||
  fail "a program does not link against the --shared model library"
"$tmp/builtin" < "$src/examples/b2b_saas/leads.ndjson" > "$tmp/builtin.out" || fail "the --shared model did not open"
[ "$(wc -l < "$tmp/builtin.out")" -eq "$(wc -l < "$tmp/interp.out")" ] || fail "the --shared model scored a different number of leads"
python3 - "$tmp/interp.out" "$tmp/builtin.out" <<'PY' || fail "the --shared model's scores differ from the interpreter's"
import json, sys
want = [json.loads(l) for l in open(sys.argv[1])]
got = [l.split() for l in open(sys.argv[2])]
for w, g in zip(want, got):
    assert "%.2f" % w["score"] == g[1] and w["tier"] == g[2], (w, g)
PY
echo "ok: installed into $prefix; embed (pkg-config shared and static, CMake), leadc build and --shared work from the install"
