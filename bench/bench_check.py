#!/usr/bin/env python3
"""Compile-time benchmark on generated models (bench/gen_model.py).

usage: bench/bench_check.py [--leadc build/leadc] [--sizes 100,1000,10000,50000] [--jit]
Without --jit it times `leadc check` (parse, resolve, type-check); with --jit it times
`leadc score --backend=jit` on an empty input, i.e. check + lower + LLVM compile, nothing scored,
with the compiled-code cache off (LEADC_NO_CACHE=1), and then the same run once the cache holds
the model (a private cache directory, filled by one run first).
Prints one row per size: rules, best-of-3 wall seconds, rules per second (and, with --jit, the
best-of-3 seconds with the cache warm).
"""
import argparse, os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--leadc", default=os.path.join(HERE, "..", "build", "leadc"))
    ap.add_argument("--sizes", default="100,1000,10000,50000")
    ap.add_argument("--jit", action="store_true", help="time check + lower + JIT compile")
    a = ap.parse_args()
    print("%8s %10s %12s%s" % ("rules", "seconds", "rules/s", "  cached s" if a.jit else ""))
    with tempfile.TemporaryDirectory() as tmp:
        compiling = dict(os.environ, LEADC_NO_CACHE="1")
        cached = dict(os.environ, LEADC_CACHE_DIR=os.path.join(tmp, "cache"))
        cached.pop("LEADC_NO_CACHE", None)

        def best_of_3(argv, env):
            best = None
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, env=env)
                t = time.perf_counter() - t0
                best = t if best is None else min(best, t)
            return best

        for n in map(int, a.sizes.split(",")):
            path = os.path.join(tmp, "m%d.score" % n)
            with open(path, "w") as f:
                subprocess.run([sys.executable, os.path.join(HERE, "gen_model.py"), str(n)], stdout=f, check=True)
            if not a.jit:
                best = best_of_3([a.leadc, "check", path], None)
                print("%8d %10.3f %12.0f" % (n, best, n / best))
                continue
            argv = [a.leadc, "score", "--backend=jit", "-q", "--as-of=2024-05-01", path, os.devnull]
            best = best_of_3(argv, compiling)
            subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, env=cached)
            hit = best_of_3(argv, cached)
            print("%8d %10.3f %12.0f %10.3f" % (n, best, n / best, hit))


if __name__ == "__main__":
    main()
