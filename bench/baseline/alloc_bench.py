"""NumPy side of io.ricci.bench.AllocBench: the same cases, the same output lines.

python3 bench/baseline/alloc_bench.py [maxExponent [budgetMs]]
"""
import sys
import time

import numpy as np


def timeit(name, budget_ms, f):
    t = []
    end = time.perf_counter() + budget_ms / 1000
    while len(t) < 4096 and (len(t) < 5 or time.perf_counter() < end):
        t0 = time.perf_counter()
        f()
        t.append((time.perf_counter() - t0) * 1000)
    t.sort()
    print("%-36s best %9.3f ms  median %9.3f ms  (%d calls)" % (name, t[0], t[len(t) // 2], len(t)), flush=True)


def main():
    max_exp = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    budget = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1000, 1000))
    b = rng.standard_normal((1000, 1000))
    row = rng.standard_normal(1000)
    timeit("add 1000x1000", budget, lambda: a + b)
    timeit("add 1000x1000 + (1000,)", budget, lambda: a + row)
    timeit("sum axis0 1000x1000", budget, lambda: a.sum(0))
    timeit("sum axis1 1000x1000", budget, lambda: a.sum(1))
    for e in range(5, max_exp + 1):
        n = 10 ** e
        x = rng.standard_normal(n)
        y = rng.standard_normal(n)
        m = x.reshape(n // 1000, 1000)
        timeit("add 1e%d" % e, budget, lambda: x + y)
        timeit("mul 1e%d" % e, budget, lambda: x * y)
        timeit("exp 1e%d" % e, budget, lambda: np.exp(x))
        timeit("sum axis0 1e%d (%dx1000)" % (e, n // 1000), budget, lambda: m.sum(0))
        timeit("sum axis1 1e%d (%dx1000)" % (e, n // 1000), budget, lambda: m.sum(1))


if __name__ == "__main__":
    main()
