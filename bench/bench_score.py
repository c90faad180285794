#!/usr/bin/env python3
"""End-to-end scoring benchmark on the shared model, everything measured in one run on one data set.

usage: bench/bench_score.py [--leadc build/leadc] [--shared ../shared/bench] [--records 200000]
                            [--data DIR] [--repeat 3] [--threads N] [--no-baselines] [--no-memory]

1. Data: shared/bench/gen_leads.py RECORDS --seed 1, cached in DIR (default: bench-data in the
   build directory of --leadc).
2. leadc score with each available backend (interp, jit) at -j 1 and -j N (N = all cores), and the
   simdjson yardstick: --repeat rounds over all of them (a burst of load hits every configuration
   alike), the best wall time of each, whole process, output to a file; every leadc configuration
   must write byte-identical rows. The JIT runs twice over: with its compiled-code cache warm (a
   private cache in DIR, filled before the first round: what every run after the first one with
   an unchanged model sees) and "compiling", with LEADC_NO_CACHE=1 (the first run after a change).
3. Baselines checked row by row against leadc (shared/bench/peers/compare.py): bench/baselines/
   score.py (plain Python) and bench/baselines/score.jq (jq), run once each, and the hand-written
   simdjson scorer from shared/bench/peers when it builds (Debian libsimdjson-dev).
4. Scoring alone (records already decoded): build/bench/bench_scoring, JIT against interpreter, both
   block by block as the pipeline decodes (warm) and with every record decoded up front (cold).
5. Peak memory: leadc on the data and on the data concatenated to ~10x its size (~2 GB), peak RSS
   of each (getrusage of the child); flat means the larger input does not need more memory.
Figures are printed as a table, then the ratios the issue asks for. The machine is shared, so
absolute times vary from run to run; ratios within one run are the figures to quote.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AS_OF = "2024-05-01T00:00:00Z"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Best:
    """The best (shortest wall time) of a command's runs: wall and CPU seconds of that run, the
    peak RSS in MB over all runs, and the best "time: S s" of a leadc summary (None if none)."""

    def __init__(self):
        self.wall = self.cpu = self.phase = None
        self.rss, self.runs = 0, 0

    def run(self, cmd, out_path, env=None):
        with open(out_path, "wb") as out:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
            err = p.stderr.read().decode(errors="replace")
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
        if status != 0:
            sys.exit("bench: %s failed (%d):\n%s" % (" ".join(cmd), status, err[-2000:]))
        self.runs += 1
        if self.wall is None or wall < self.wall:
            self.wall, self.cpu = wall, usage.ru_utime + usage.ru_stime
        self.rss = max(self.rss, usage.ru_maxrss / 1024)
        m = re.search(r"time: +([0-9.]+) s", err)
        if m and (self.phase is None or float(m.group(1)) < self.phase):
            self.phase = float(m.group(1))
        return self


def ensure_data(args):
    os.makedirs(args.data, exist_ok=True)
    path = os.path.join(args.data, "leads-%d-seed1.ndjson" % args.records)
    if not os.path.exists(path):
        log("generating %s" % path)
        with open(path + ".tmp", "wb") as f:
            subprocess.run([sys.executable, os.path.join(args.shared, "gen_leads.py"), str(args.records),
                            "--seed", "1"], stdout=f, check=True)
        os.replace(path + ".tmp", path)
    return path


def backends(leadc):
    p = subprocess.run([leadc, "score", "--backend=?", os.devnull], capture_output=True, text=True)
    m = re.search(r"available: ([^)]*)\)", p.stderr)
    if not m:
        sys.exit("bench: cannot list leadc's backends: %s" % p.stderr)
    return [b.strip() for b in m.group(1).split(",")]


def compare(shared, ref, other):
    p = subprocess.run([sys.executable, os.path.join(shared, "peers", "compare.py"), ref, other],
                       capture_output=True, text=True)
    return p.returncode == 0, p.stdout.strip().splitlines()[0] if p.stdout else p.stderr.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--leadc", default=os.path.join(ROOT, "build", "leadc"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--records", type=int, default=200000)
    ap.add_argument("--data", help="where generated data and outputs are cached (default: bench-data "
                    "beside --leadc, i.e. in its build directory)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--no-baselines", action="store_true", help="skip Python, jq and simdjson")
    ap.add_argument("--no-memory", action="store_true", help="skip the 2 GB peak-memory run")
    args = ap.parse_args()
    args.data = args.data or os.path.join(os.path.dirname(os.path.abspath(args.leadc)), "bench-data")
    shared = args.shared = os.path.abspath(args.shared)
    model = os.path.join(shared, "b2b.score")
    data = ensure_data(args)
    mb = os.path.getsize(data) / 1e6
    n = args.records
    out_dir = args.data
    rows = []        # (name, wall seconds, CPU seconds, note)
    scoring = {}     # leadc runs: the summary's time (the run after compiling: read, score, write)

    def leadc_cmd(backend, threads, inputs):
        return [args.leadc, "score", model, *inputs, "--as-of=" + AS_OF, "--backend=" + backend,
                "-j", str(threads)]

    cache_env = dict(os.environ, LEADC_CACHE_DIR=os.path.join(out_dir, "jit-cache"))
    cache_env.pop("LEADC_NO_CACHE", None)
    compile_env = dict(os.environ, LEADC_NO_CACHE="1")

    # ---- leadc, every backend at one thread and at all threads, and the simdjson yardstick:
    # round after round, so that a burst of load on the shared machine hits every configuration
    # alike and the best of each comes from a quiet moment
    have = backends(args.leadc)
    fast = []          # (name, command, output file, environment)
    for backend in [b for b in ("interp", "jit") if b in have]:
        for threads in sorted({1, args.threads}):
            fast.append(("leadc %s -j%d" % (backend, threads), leadc_cmd(backend, threads, [data]),
                         os.path.join(out_dir, "out-%s-j%d.ndjson" % (backend, threads)), cache_env))
            if backend == "jit":
                fast.append(("leadc jit -j%d (compiling)" % threads, leadc_cmd(backend, threads, [data]),
                             os.path.join(out_dir, "out-jit-j%d-compiling.ndjson" % threads), compile_env))
    if "jit" in have:
        subprocess.run(leadc_cmd("jit", 1, [os.devnull]), env=cache_env, check=True, capture_output=True)
    ref_out = fast[0][2]
    peers = []         # run once: (name, command, output file)
    if not args.no_baselines:
        simd_dir = os.path.join(out_dir, "peers")
        build = subprocess.run(["sh", os.path.join(shared, "peers", "build.sh")], capture_output=True,
                               text=True, env=dict(os.environ, OUT_DIR=simd_dir))
        if build.returncode == 0:
            fast.append(("simdjson yardstick (C++)", [os.path.join(simd_dir, "score_simdjson"),
                                                      "--as-of=" + AS_OF, data],
                         os.path.join(out_dir, "out-simdjson.ndjson"), None))
        else:
            log("simdjson yardstick not built (needs g++, libsimdjson-dev, libpcre2-dev)")
        for name, cmd, tag in [
                ("python baseline", [sys.executable, os.path.join(HERE, "baselines", "score.py"),
                                     "--as-of=" + AS_OF, data], "python"),
                ("jq baseline", ["jq", "-c", "--arg", "as_of", AS_OF, "-f",
                                 os.path.join(HERE, "baselines", "score.jq"), data], "jq")]:
            if shutil.which(cmd[0]):
                peers.append((name, cmd, os.path.join(out_dir, "out-%s.ndjson" % tag), None))
            else:
                log("%s skipped: %s not found" % (name, cmd[0]))
    best = {name: Best() for name, _, _, _ in fast + peers}
    for r in range(args.repeat):
        for name, cmd, out, env in fast:
            log("round %d/%d: %s" % (r + 1, args.repeat, name))
            best[name].run(cmd, out, env)
    for name, cmd, out, env in peers:
        log("running %s" % name)
        best[name].run(cmd, out, env)
    for name, _, out, _ in fast + peers:
        if name.startswith("leadc"):
            if subprocess.run(["cmp", "-s", ref_out, out]).returncode:
                sys.exit("bench: %s does not write the same rows as %s" % (out, ref_out))
            note = "rows identical, peak RSS %.0f MB" % best[name].rss
            scoring[name] = best[name].phase
        else:
            ok, summary = compare(shared, ref_out, out)
            if not ok:
                sys.exit("bench: %s disagrees with leadc: %s" % (name, summary))
            note = "agrees with leadc: " + summary
        runs = best[name].runs
        rows.append((name, best[name].wall, best[name].cpu,
                     ("best of %d, " % runs if runs > 1 else "one run, ") + note))

    print("\n%d records, %.1f MB (%s, as of %s), %d cores, leadc backends: %s\n"
          % (n, mb, os.path.basename(data), AS_OF, os.cpu_count(), ", ".join(have)))
    print("%-26s %8s %8s %11s %8s  %s" % ("", "wall s", "CPU s", "records/s", "MB/s", ""))
    for name, secs, cpu, note in rows:
        print("%-26s %8.3f %8.3f %11.0f %8.1f  %s" % (name, secs, cpu, n / secs, mb / secs, note))
    t = {name: secs for name, secs, _, _ in rows}
    if scoring:
        print("\nleadc's own summary (time after compiling the model: read, decode, score, write):")
        for name, phase in scoring.items():
            print("%-26s %8.3f s %11.0f records/s %8.1f MB/s" % (name, phase, n / phase, mb / phase))

    # ---- scoring alone
    bench_scoring = os.path.join(os.path.dirname(args.leadc), "bench", "bench_scoring")
    alone = None
    if os.path.exists(bench_scoring):
        log("running bench_scoring")
        p = subprocess.run([bench_scoring, model, data, "--as-of=" + AS_OF], capture_output=True, text=True)
        if p.returncode:
            sys.exit("bench: bench_scoring failed:\n" + p.stderr)
        print("\nscoring alone (bench/bench_scoring, only the score function timed):\n" + p.stdout.rstrip())
        alone = re.findall(r"speed-up, (.*): ([0-9.]+)x", p.stdout)

    # ---- ratios
    print("\nratios (same run):")
    fastest = "leadc jit" if any(k.startswith("leadc jit") for k in t) else "leadc interp"
    one, many = t.get("%s -j1" % fastest), t.get("%s -j%d" % (fastest, args.threads))

    def ratio(label, a, b):
        if a and b:
            print("  %-44s %6.2fx" % (label, a / b))

    if args.threads > 1:
        for backend in ("interp", "jit", "jit (compiling)"):
            b, _, how = backend.partition(" ")
            one_b, many_b = "leadc %s -j1 %s" % (b, how), "leadc %s -j%d %s" % (b, args.threads, how)
            one_b, many_b = one_b.strip(), many_b.strip()
            label = "leadc %s -j%d over -j1%s" % (b, args.threads, ", compiling" if how else "")
            ratio(label + ", wall", t.get(one_b), t.get(many_b))
            ratio(label + ", after compiling", scoring.get(one_b), scoring.get(many_b))
    ratio("leadc jit -j1 over interp -j1 (end to end)", t.get("leadc interp -j1"), t.get("leadc jit -j1"))
    for way, speedup in alone or ():
        print("  %-44s %6.2fx" % ("jit over interp, scoring alone, " + way.split(" (")[0], float(speedup)))
    ratio("%s -j1 over the jq baseline" % fastest, t.get("jq baseline"), one)
    ratio("%s -j1 over the Python baseline" % fastest, t.get("python baseline"), one)
    ratio("%s -j1 over the simdjson yardstick" % fastest, t.get("simdjson yardstick (C++)"), one)
    ratio("%s -j%d over the simdjson yardstick" % (fastest, args.threads), t.get("simdjson yardstick (C++)"), many)

    # ---- peak memory, small input against ~10x larger
    if not args.no_memory:
        big = os.path.join(out_dir, "leads-%d-seed1-x10.ndjson" % n)
        if not os.path.exists(big):
            log("writing %s" % big)
            with open(big + ".tmp", "wb") as f:
                for _ in range(10):
                    with open(data, "rb") as src:
                        shutil.copyfileobj(src, f, 1 << 24)
            os.replace(big + ".tmp", big)
        print("\npeak memory (%s, output to /dev/null):" % fastest)
        backend = fastest.split()[1]
        for threads in sorted({1, args.threads}):
            for path in (data, big):
                log("peak RSS: %s -j%d on %s" % (fastest, threads, os.path.basename(path)))
                b = Best().run(leadc_cmd(backend, threads, [path]), os.devnull, cache_env)
                secs, rss = b.wall, b.rss
                print("  -j%-3d %8.0f MB input: peak RSS %6.1f MB  (%.1f s, %.0f MB/s)"
                      % (threads, os.path.getsize(path) / 1e6, rss, secs, os.path.getsize(path) / 1e6 / secs))


if __name__ == "__main__":
    main()
