#!/usr/bin/env python3
"""Ricci vs NumPy GEMM, side by side: runs `ricci bench gemm` and baseline/gemm_numpy.py for both dtypes
and 1 and 2 threads, interleaved (for each dtype/threads group: Ricci sweep, NumPy sweep, repeated
--rounds times, best GFLOPS per size kept), and writes

  bench/results/gemm.md      Markdown table: n, Ricci GFLOPS, NumPy GFLOPS, ratio (per dtype and threads)
  bench/results/gemm.jsonl   every raw JSON line, tagged with "impl" and "round"

NumPy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment (for that command
only), so a current OpenBLAS picks its own kernel; the kernel it ran is recorded in the table header.

Usage (from the repository root): python3 bench/compare_gemm.py [--sizes 64,...] [--rounds 2] [--quick]
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIZES = "64,127,128,256,500,512,1000,1024,2048"


def run_lines(cmd, env=None):
    out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default=SIZES)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--dtypes", default="f32,f64")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = p.parse_args()

    np_env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    quick = ["--quick"] if args.quick else []
    raw = []
    load_start = loadavg()
    for threads in args.threads.split(","):
        for dtype in args.dtypes.split(","):
            for rnd in range(args.rounds):
                ricci = run_lines([str(ROOT / "ricci"), "bench", "gemm", "--dtype", dtype, "--threads", threads,
                                   "--sizes", args.sizes] + quick)
                numpy = run_lines([sys.executable, str(ROOT / "bench" / "baseline" / "gemm_numpy.py"), "--dtype", dtype,
                                   "--threads", threads, "--sizes", args.sizes] + quick, env=np_env)
                for impl, lines in (("ricci", ricci), ("numpy", numpy)):
                    for line in lines:
                        line.update(impl=impl, round=rnd)
                        raw.append(line)
                        print(json.dumps(line), flush=True)
    load_end = loadavg()

    best = {}
    for line in raw:
        key = (line["impl"], line["dtype"], line["threads"], line["n"])
        best[key] = max(best.get(key, 0.0), line["gflops"])
    blas = next((l["blas"] for l in raw if l["impl"] == "numpy"), "?")
    java = subprocess.run([str(ROOT / "ricci"), "--version"], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True).stdout.strip()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    md = ["# GEMM: Ricci vs NumPy", "",
          "Square n×n `a.matmul(b)` vs NumPy `a @ b`, GFLOPS = 2n³ / best time (best of %d interleaved rounds;"
          " each round: warm-up until stable, then best of ≥5 runs over ≥1 s)." % args.rounds, "",
          "- date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
          "- machine: %s, %s CPUs; load average at start %s, at end %s"
          % (platform.processor() or platform.machine(), os.cpu_count(), load_start, load_end),
          "- Ricci: %s" % java,
          "- NumPy: %s (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for the NumPy command)" % blas,
          "- command: `python3 bench/compare_gemm.py --rounds %d%s%s`" % (
              args.rounds, " --quick" if args.quick else "",
              "" if args.sizes == SIZES else " --sizes " + args.sizes),
          ""]
    for threads in args.threads.split(","):
        for dtype in args.dtypes.split(","):
            md += ["## %s, %s thread%s" % (dtype, threads, "" if threads == "1" else "s"), "",
                   "| n | Ricci GFLOPS | NumPy GFLOPS | ratio |", "|---:|---:|---:|---:|"]
            for n in (int(s) for s in args.sizes.split(",")):
                r = best.get(("ricci", dtype, int(threads), n))
                q = best.get(("numpy", dtype, int(threads), n))
                ratio = "%.2f" % (r / q) if r and q else "-"
                md.append("| %d | %s | %s | %s |" % (n, "%.1f" % r if r else "-", "%.1f" % q if q else "-", ratio))
            md.append("")
    (out / "gemm.md").write_text("\n".join(md))
    (out / "gemm.jsonl").write_text("".join(json.dumps(l) + "\n" for l in raw))
    print("wrote %s and %s" % (out / "gemm.md", out / "gemm.jsonl"), file=sys.stderr)


if __name__ == "__main__":
    main()
