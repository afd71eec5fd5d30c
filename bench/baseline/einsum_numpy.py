#!/usr/bin/env python3
"""NumPy side of the einsum benchmark (EinsumBenchmark is the Java side: same specs, shapes, dtypes).

Times np.einsum(spec, *ops, optimize=True) ("impl":"numpy") and the same with out= a preallocated
result ("impl":"numpy-out"), and prints one JSON object per line:
{"impl":"numpy","case":"dX","spec":"iq,jq->ij","dtype":"f32","threads":2,"best_us":...,"median_us":...}
Each sample averages enough calls to last ~0.1 s; best and median are over --samples samples.
The BLAS thread count is fixed before NumPy is imported.

Usage: python3 bench/baseline/einsum_numpy.py [--threads N] [--samples 9]
"""
import argparse
import json
import os
import timeit

CASES = {
    # backprop of y = x·W + b at MNIST sizes: X 100x784, W 784x50, dY 100x50
    'dX': ('iq,jq->ij', [(100, 50), (784, 50)]),
    'dW': ('pi,pj->ij', [(100, 784), (100, 50)]),
    'db': ('ij->j', [(100, 50)]),
    'chain4': ('ij,jk,kl,lm->im', [(100, 784), (784, 50), (50, 50), (50, 10)]),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=os.cpu_count() or 1)
    p.add_argument('--samples', type=int, default=25)
    args = p.parse_args()
    for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        os.environ[var] = str(args.threads)
    import numpy as np
    rng = np.random.default_rng(0)
    for dtype in ('float32', 'float64'):
        for name, (spec, shapes) in CASES.items():
            ops = [rng.standard_normal(s).astype(dtype) for s in shapes]
            out = np.einsum(spec, *ops, optimize=True)
            for impl, fn in (('numpy', lambda: np.einsum(spec, *ops, optimize=True)),
                             ('numpy-out', lambda: np.einsum(spec, *ops, out=out, optimize=True))):
                t = timeit.Timer(fn)
                n, _ = t.autorange()  # calls per ~0.2 s; this also warms up
                n = max(1, n // 2)
                samples = sorted(s / n * 1e6 for s in t.repeat(repeat=args.samples, number=n))
                print(json.dumps({'impl': impl, 'version': np.__version__, 'case': name, 'spec': spec,
                                  'dtype': 'f32' if dtype == 'float32' else 'f64', 'threads': args.threads,
                                  'best_us': round(samples[0], 2),
                                  'median_us': round(samples[len(samples) // 2], 2)}),
                      flush=True)


if __name__ == '__main__':
    main()
