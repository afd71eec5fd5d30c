#!/usr/bin/env python3
"""NumPy baseline for `ricci bench gemm`: times `a @ b` for square n x n matrices and prints one JSON
object per line, {"op":"gemm","dtype":"f32","n":1024,"threads":1,"gflops":...}, measured the same
way as the Ricci CLI: warm-up until the best time per ~0.1 s batch stops improving, then the best of
>= 5 runs over >= --min-time seconds.

The BLAS thread count is fixed before NumPy is imported (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS,
MKL_NUM_THREADS) and, if threadpoolctl is installed and sees the BLAS, also through threadpoolctl.
Each line records which BLAS and OpenBLAS core kernel ran ("blas") and the OPENBLAS_CORETYPE /
OPENBLAS_L2_SIZE environment it saw: to benchmark a current NumPy at full speed, unset both in the
command that runs this script (compare_gemm.py does), never globally.

Usage: python3 gemm_numpy.py [--dtype f32,f64] [--threads N] [--sizes 64,...] [--min-time S] [--quick]
"""
import argparse
import json
import os
import sys
import time

SIZES = [64, 127, 128, 256, 500, 512, 1000, 1024, 2048]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dtype", default="f32", help="f32, f64 or a comma-separated list")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--sizes", default=",".join(map(str, SIZES)))
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--quick", action="store_true")
    return p.parse_args()


args = parse_args()
# Must happen before NumPy loads its BLAS, which reads these once.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402

from blasinfo import openblas_corename, warm_up  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402
except ImportError:
    threadpool_info = threadpool_limits = None


def blas_description():
    parts = ["numpy " + np.__version__]
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        parts.append("%s %s" % (blas.get("name", "?"), blas.get("version", "?")))
    except Exception:  # older NumPy without mode="dicts"
        pass
    core = openblas_corename()
    if core:
        parts.append("core=" + core)
    return " / ".join(parts)


def measure(fn, quick, min_time):
    warm_up(fn, 0.1 if quick else 0.3)
    min_reps = 3 if quick else 5
    min_time = min(min_time, 0.3) if quick else min_time
    times = []
    start = time.perf_counter()
    while len(times) < 1000 and (len(times) < min_reps or time.perf_counter() - start < min_time):
        a = time.perf_counter()
        fn()
        times.append(time.perf_counter() - a)
    times.sort()
    return times[0], times[len(times) // 2], len(times)


def main():
    limits = None
    if threadpool_limits is not None and threadpool_info():
        limits = threadpool_limits(limits=args.threads, user_api="blas")
    blas = blas_description()
    env = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    rng = np.random.default_rng(1)
    for d in args.dtype.split(","):
        dt = {"f32": np.float32, "float32": np.float32, "f64": np.float64, "float64": np.float64}[d.lower()]
        name = "f32" if dt is np.float32 else "f64"
        for n in (int(s) for s in args.sizes.split(",")):
            a = rng.standard_normal((n, n)).astype(dt)
            b = rng.standard_normal((n, n)).astype(dt)
            best, median, reps = measure(lambda: a @ b, args.quick, args.min_time)
            line = {"op": "gemm", "dtype": name, "n": n, "threads": args.threads,
                    "gflops": round(2.0 * n ** 3 / best / 1e9, 2), "best_ms": round(best * 1e3, 4),
                    "median_ms": round(median * 1e3, 4), "reps": reps, "blas": blas,
                    "openblas_coretype_env": env["OPENBLAS_CORETYPE"], "openblas_l2_size_env": env["OPENBLAS_L2_SIZE"]}
            print(json.dumps(line, separators=(",", ":")), flush=True)
    if limits is not None:
        limits.restore_original_limits()


if __name__ == "__main__":
    main()
