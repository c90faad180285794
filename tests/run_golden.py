#!/usr/bin/env python3
"""Golden-file runner: runs leadc and compares exit code, stdout and stderr exactly.

usage: run_golden.py --leadc PATH [--update] DIR

A case is a directory under DIR holding a `cmd` file: one command line (shell words; the first
word `leadc` stands for the binary), run inside the case directory, with the `stdin` file as
standard input when present. Its expectation is the `expected` file beside it.

A model file NAME.score directly in DIR (a "check" suite) is a case too: it runs
`leadc check --format=F NAME.score` for every diagnostics format F and compares with
NAME.F.expected.

Expected files hold three sections:  --- exit / --- stdout / --- stderr.
--update rewrites them from the actual output (review the diff before committing).
"""
import argparse, os, shlex, subprocess, sys

FORMATS = ["text", "json", "sarif", "github"]


def render(code, out, err):
    return "--- exit\n%d\n--- stdout\n%s--- stderr\n%s" % (code, out, err)


def run(leadc, cwd, argv, stdin_path):
    argv = [leadc if a == "leadc" else a for a in argv]
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    env = dict(os.environ, LC_ALL="C", TZ="UTC", NO_COLOR="1")
    try:
        p = subprocess.run(argv, cwd=cwd, stdin=stdin, capture_output=True, timeout=120, env=env)
    finally:
        if stdin_path:
            stdin.close()
    return render(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))


def cases(root):
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.isdir(path) and os.path.exists(os.path.join(path, "cmd")):
            with open(os.path.join(path, "cmd")) as f:
                argv = shlex.split(f.read())
            stdin = os.path.join(path, "stdin")
            yield name, path, argv, stdin if os.path.exists(stdin) else None, os.path.join(path, "expected")
        elif name.endswith(".score") and os.path.isfile(path):
            base = name[: -len(".score")]
            for fmt in FORMATS:
                yield ("%s [%s]" % (name, fmt), root, ["leadc", "check", "--format=" + fmt, name], None,
                       os.path.join(root, "%s.%s.expected" % (base, fmt)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--leadc", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("dir")
    a = ap.parse_args()
    leadc = os.path.abspath(a.leadc)
    passed = failed = 0
    for name, cwd, argv, stdin, expected_path in cases(a.dir):
        actual = run(leadc, cwd, argv, stdin)
        if a.update:
            with open(expected_path, "w") as f:
                f.write(actual)
            passed += 1
            continue
        try:
            with open(expected_path) as f:
                expected = f.read()
        except FileNotFoundError:
            expected = None
        if actual == expected:
            passed += 1
            continue
        failed += 1
        print("FAIL %s" % name)
        if expected is None:
            print("  no expected file %s" % expected_path)
        else:
            import difflib
            for line in difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm="", n=2):
                print("  " + line)
    if passed + failed == 0:
        print("no cases in %s" % a.dir)
        return 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
