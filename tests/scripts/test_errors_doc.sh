#!/usr/bin/env bash
# docs/errors.md lists every code in src/front/diag_codes.h, and each example in it, run through
# `leadc check example.score` (or the leadc command its console block shows, for codes of other
# commands such as `leadc diff`), prints exactly the diagnostic shown under it.
# usage: test_errors_doc.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$(readlink -f "$1")
src=$2
exec python3 - "$leadc" "$src" <<'PY'
import os, re, shlex, subprocess, sys, tempfile

leadc, src = sys.argv[1], sys.argv[2]
codes = re.findall(r'X\((\w+), "', open(os.path.join(src, "src/front/diag_codes.h")).read())
doc = open(os.path.join(src, "docs/errors.md"), encoding="utf-8").read()
failed = 0

sections = {}
for part in re.split(r"^## ", doc, flags=re.M)[1:]:
    sections[part.split()[0]] = part
for code in codes:
    if code not in sections:
        print("docs/errors.md has no section for %s" % code)
        failed += 1

fence = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.M | re.S)
checked = 0
for code, body in sections.items():
    files, expected = {}, None
    for lang, info, text in fence.findall(body):
        if lang == "score":
            files[info.strip() or "example.score"] = text
        elif lang == "console":
            expected = text
    if expected is None:
        continue
    command, _, expected = expected.partition("\n")
    args = shlex.split(command[len("$ leadc "):]) if command.startswith("$ leadc ") else []
    if not args or not files or (args[0] == "check" and args != ["check", "example.score"]):
        print("%s: the example must be example.score, run as `$ leadc check example.score`" % code)
        failed += 1
        continue
    with tempfile.TemporaryDirectory() as d:
        for name, text in files.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        env = dict(os.environ, LC_ALL="C", NO_COLOR="1")
        p = subprocess.run([leadc] + args, cwd=d, capture_output=True, env=env)
    actual = p.stderr.decode("utf-8", "replace")
    checked += 1
    if actual != expected or "[%s]" % code not in actual:
        failed += 1
        print("%s: the example prints something else:\n--- documented\n%s--- actual\n%s" % (code, expected, actual))
print("%d codes, %d examples checked, %d problems" % (len(codes), checked, failed))
sys.exit(1 if failed else 0)
PY
