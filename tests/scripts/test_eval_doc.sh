#!/usr/bin/env bash
# docs/eval.md shows what `leadc eval` and `leadc calibrate` say about the bank-marketing example;
# every console block in it is run (from a directory laid out like the repository root, with
# ../shared/data beside it) and must print exactly what the document shows, so the figures in the
# document are the program's. Skipped when the data set is not there.
# usage: test_eval_doc.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$(readlink -f "$1")
src=$(readlink -f "$2")
data=$src/../shared/data
if [ ! -f "$data/bank-additional-full.csv" ]; then
  echo "SKIP: $data/bank-additional-full.csv is not there"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/root"
ln -s "$(readlink -f "$src/../shared")" "$work/shared"
ln -s "$src/examples" "$work/root/examples"
exec python3 - "$leadc" "$src/docs/eval.md" "$work/root" <<'PY'
import os, re, subprocess, sys

leadc, doc, root = sys.argv[1:]
blocks = re.findall(r"^```console\n(.*?)^```", open(doc, encoding="utf-8").read(), re.M | re.S)
failed = 0
for block in blocks:
    command, _, expected = block.partition("\n")
    assert command.startswith("$ "), command
    line = re.sub(r"(^|&& |\| )leadc\b", lambda m: m.group(1) + leadc, command[2:])
    env = dict(os.environ, LC_ALL="C", TZ="UTC", NO_COLOR="1")
    p = subprocess.run(["bash", "-o", "pipefail", "-c", line + " 2>&1"], cwd=root, capture_output=True, env=env)
    actual = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0 or actual != expected:
        failed += 1
        print("FAIL %s (exit %d)\n--- documented\n%s--- actual\n%s" % (command, p.returncode, expected, actual))
print("%d examples, %d differ" % (len(blocks), failed))
sys.exit(1 if failed else 0)
PY
