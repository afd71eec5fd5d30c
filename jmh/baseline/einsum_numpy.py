#!/usr/bin/env python3
"""numpy side of the einsum benchmark (EinsumBenchmark is the Java side; same specs, shapes, dtypes).

Prints one line per case: spec, dtype, microseconds per call of np.einsum(spec, *ops, optimize=True)
(median of repeats, each repeat averaging enough calls to run >= 0.2 s), plus the thread count.
Run: python3 jmh/baseline/einsum_numpy.py
"""
import os
import timeit
import numpy as np

CASES = {
    # backprop of y = x·W + b at MNIST sizes: X 100x784, W 784x50, dY 100x50
    'dX': ('iq,jq->ij', [(100, 50), (784, 50)]),
    'dW': ('pi,pj->ij', [(100, 784), (100, 50)]),
    'db': ('ij->j', [(100, 50)]),
    'chain4': ('ij,jk,kl,lm->im', [(100, 784), (784, 50), (50, 50), (50, 10)]),
}


def main():
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}, OMP/OPENBLAS threads={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}")
    for dtype in ('float32', 'float64'):
        for name, (spec, shapes) in CASES.items():
            ops = [rng.standard_normal(s).astype(dtype) for s in shapes]
            f = lambda: np.einsum(spec, *ops, optimize=True)
            t = timeit.Timer(f)
            n, _ = t.autorange()
            reps = t.repeat(repeat=15, number=n)
            us = sorted(r / n for r in reps)[len(reps) // 2] * 1e6
            print(f"{name:7s} {spec:18s} {dtype:8s} {us:10.1f} us")


if __name__ == '__main__':
    main()
