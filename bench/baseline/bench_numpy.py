#!/usr/bin/env python3
"""NumPy (and PyTorch CPU, sympy) side of `ricci bench ... --compare`.

Each case is a JSON object naming the operation and its sizes, e.g.
  {"id": 3, "kind": "gemm", "n": 512, "dtype": "f32"}
  {"id": 7, "kind": "einsum", "spec": "iq,jq->ij", "shapes": [[100, 50], [784, 50]], "dtype": "f32"}
and is timed exactly as the Java side times its case (BenchCommand.measure): warm-up until the best
time per ~0.1 s batch stops improving (three batches within 3%, at least 0.3 s, 0.1 s with "quick",
at most "max_warmup" s), then single timed runs until both >= 5 runs (3 with "quick") and "min_time"
seconds have passed; the best (shortest) run is reported. One JSON line per case:
  {"id": 3, "numpy_best_ms": ..., "numpy_median_ms": ..., "numpy_reps": ..., "torch_best_ms": ... or null}
With "memory": true the line also has "numpy_alloc_peak_mb": tracemalloc's peak of memory newly
allocated during one call (NumPy reports its data buffers to tracemalloc).

Thread count: OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS are set from --threads before
NumPy is imported (the Java parent also sets them in this process's environment), and, when
threadpoolctl is importable, its limit is applied as well. The Java parent removes OPENBLAS_CORETYPE
and OPENBLAS_L2_SIZE from this process's environment (only), so OpenBLAS picks its own kernel; the
kernel that runs is reported in the "ready" line.

Usage:
  python3 bench_numpy.py --serve [--threads N]     one case per stdin line, one result per stdout line,
                                                   after a first {"ready": ...} line (used by ricci)
  python3 bench_numpy.py [--threads N] < cases.json   a JSON list (or JSON lines) of cases on stdin
  python3 bench_numpy.py [--threads N] CASE_JSON...   cases as arguments
"""
import argparse
import json
import os
import sys
import time

p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
p.add_argument("--serve", action="store_true")
p.add_argument("cases", nargs="*")
args = p.parse_args()
# Must happen before NumPy loads its BLAS, which reads these once.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

try:
    import numpy as np
except ImportError as e:  # reported to the parent, which then shows Ricci-only rows
    np = None
    NUMPY_ERROR = str(e)

from blasinfo import openblas_corename, warm_up  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None

torch = None
if np is not None:
    try:
        import torch  # noqa: F401
        torch.set_num_threads(args.threads)
    except Exception:  # absent or broken: the torch column is "n/a"
        torch = None


def blas_info():
    info = {}
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        info["blas"] = "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except Exception:  # older NumPy without mode="dicts"
        info["blas"] = "?"
    np.ones((64, 64), np.float32) @ np.ones((64, 64), np.float32)  # loads the BLAS library
    info["openblas_core"] = openblas_corename()
    if threadpool_info is not None:
        info["threadpoolctl"] = [{k: d.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
                                 for d in threadpool_info()]
    return info


def measure(fn, case):
    quick = case.get("quick", False)
    warm_up(fn, 0.1 if quick else 0.3, case.get("max_warmup", 20.0))
    min_reps = 3 if quick else 5
    min_time = case.get("min_time", 1.0)
    times = []
    start = time.perf_counter()
    while len(times) < 1000 and (len(times) < min_reps or time.perf_counter() - start < min_time):
        a = time.perf_counter()
        fn()
        times.append(time.perf_counter() - a)
    times.sort()
    return times[0], times[len(times) // 2], len(times)


def dtype_of(case):
    return np.float64 if case.get("dtype", "f32") == "f64" else np.float32


def randn(rng, shape, dt):
    return rng.standard_normal(shape).astype(dt)


# Each builder returns (numpy callable, torch callable or None) for one case.

def build_gemm(case, rng):
    dt, n = dtype_of(case), case["n"]
    a, b = randn(rng, (n, n), dt), randn(rng, (n, n), dt)
    return (lambda: a @ b), torch_of(lambda ta, tb: (lambda: ta @ tb), a, b)


def build_binary(case, rng):
    dt = dtype_of(case)
    a, b = randn(rng, case["a"], dt), randn(rng, case["b"], dt)
    op = {"add": np.add, "mul": np.multiply}[case["op"]]
    return (lambda: op(a, b)), torch_of(lambda ta, tb: (lambda: ta + tb if case["op"] == "add" else ta * tb), a, b)


def build_reduce(case, rng):
    dt = dtype_of(case)
    a = randn(rng, case["shape"], dt)
    axis = case["axis"]
    if case["op"] == "sum":
        return (lambda: a.sum(axis=axis)), torch_of(lambda ta: (lambda: ta.sum(dim=axis)), a)

    def softmax():
        e = np.exp(a - a.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)
    return softmax, torch_of(lambda ta: (lambda: torch.softmax(ta, dim=axis)), a)


def build_einsum(case, rng):
    dt = dtype_of(case)
    ops = [randn(rng, s, dt) for s in case["shapes"]]
    spec = case["spec"]
    return (lambda: np.einsum(spec, *ops, optimize=True)), torch_of(lambda *ts: (lambda: torch.einsum(spec, *ts)), *ops)


def build_affine(case, rng):
    dt = dtype_of(case)
    n, d, h = case["batch"], case["in"], case["out"]
    x, w, b, dy = randn(rng, (n, d), dt), randn(rng, (d, h), dt), randn(rng, (h,), dt), randn(rng, (n, h), dt)

    def step():
        y = x @ w + b
        dx = dy @ w.T
        dw = x.T @ dy
        db = dy.sum(axis=0)
        return y, dx, dw, db
    return step, None


def build_mnist_iter(case, rng):
    """One SGD iteration of the 784-50-10 TwoLayerNet on a fixed batch (the lean NumPy loop of
    mnist_numpy.py: forward, softmax cross-entropy loss, backward without the unused dX of layer 1)."""
    dt = dtype_of(case)
    n, d, h, c = case["batch"], case["in"], case["hidden"], case["classes"]
    xb = rng.random((n, d)).astype(dt)
    labels = rng.integers(0, c, n)
    tb = np.eye(c, dtype=dt)[labels]
    w1 = (0.01 * rng.standard_normal((d, h))).astype(dt)
    b1 = np.zeros(h, dt)
    w2 = (0.01 * rng.standard_normal((h, c))).astype(dt)
    b2 = np.zeros(c, dt)
    lr = dt(case.get("lr", 0.1))

    def step():
        hid = xb @ w1 + b1
        mask = hid > 0
        r = hid * mask
        a = r @ w2 + b2
        a = a - a.max(axis=1, keepdims=True)
        e = np.exp(a)
        y = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(y[np.arange(n), labels] + 1e-7).mean()
        da = (y - tb) / n
        dw2 = r.T @ da
        db2 = da.sum(axis=0)
        dr = (da @ w2.T) * mask
        dw1 = xb.T @ dr
        db1 = dr.sum(axis=0)
        for param, grad in ((w1, dw1), (b1, db1), (w2, dw2), (b2, db2)):
            param -= lr * grad
        return loss
    return step, None


def build_sym_jacobian(case, rng):
    """Parse, differentiate and, with "simplify_latex" (what Ricci's jacobian() does for every entry:
    Symja's Simplify, TeXForm and the plain-text form), simplify each entry and print it as LaTeX."""
    import sympy
    from sympy.core.cache import clear_cache
    names = sympy.symbols(case["variables"])
    text = case["functions"]
    full = case.get("simplify_latex", True)

    def derive():
        # sympy memoises results; clearing makes every run a first derivation, as for a new function.
        clear_cache()
        jac = sympy.Matrix(sympy.sympify("[" + text + "]")).jacobian(names)
        if full:
            jac = jac.applyfunc(sympy.simplify)
            return jac, [sympy.latex(e) for e in jac], [str(e) for e in jac]
        return jac
    return derive, None


def build_sym_bulk(case, rng):
    import sympy
    names = sympy.symbols(case["variables"])
    jac = sympy.Matrix(sympy.sympify("[" + case["functions"] + "]")).jacobian(names)
    f = sympy.lambdify(names, jac, "numpy")
    pts = rng.standard_normal((case["points"], len(names)))
    cols = [pts[:, i] for i in range(len(names))]
    return (lambda: f(*cols)), None


def torch_of(make, *arrays):
    if torch is None:
        return None
    return make(*[torch.from_numpy(np.ascontiguousarray(a)) for a in arrays])


def build_linalg(case, rng):
    # the same operands as BenchGroups.linalg: a random a, SPD a a^T + n I, symmetric a + a^T, one column b
    dt, n, op = dtype_of(case), case["n"], case["op"]
    a = randn(rng, (n, n), dt)
    spd = a @ a.T + n * np.eye(n, dtype=dt)
    sym = a + a.T
    b = randn(rng, (n, 1), dt)
    la = np.linalg
    fn = {"solve": lambda: la.solve(a, b), "inv": lambda: la.inv(a), "det": lambda: la.det(a),
          "cholesky": lambda: la.cholesky(spd), "qr": lambda: la.qr(a),
          "svd": lambda: la.svd(a, full_matrices=False), "eigh": lambda: la.eigh(sym)}[op]
    return fn, None


def build_hessian(case, rng):
    # Laue et al.'s problems as a user writes their Hessians by hand (HessianCases gives Ricci's side)
    n, k, problem = case["n"], case["rank"], case["problem"]
    if problem == "quadratic":
        a = rng.standard_normal((n, n))
        return (lambda: a + a.T), None
    if problem == "logistic":
        x = rng.standard_normal((n, n))
        w = rng.standard_normal(n) / np.sqrt(n)
        y = np.sign(rng.standard_normal(n))

        def logistic():
            s = 1 / (1 + np.exp(y * (x @ w)))  # sigma(-y x.w)
            return x.T @ (x * (s * (1 - s) * y * y)[:, None])
        return logistic, None
    if problem == "factorization":
        v = rng.standard_normal((n, k))
        eye = np.eye(n)
        return (lambda: np.einsum("ik,jl->ijkl", 2 * eye, v.T @ v)), None
    raise ValueError("unknown hessian problem %r" % problem)


def build_api(case, rng):
    # ApiCases: 1-D n elements for sort/argsort/cumsum/mask/gather, two 500 x 1000 halves for concatenate
    dt, n, op = dtype_of(case), case["n"], case["op"]
    a = randn(rng, n, dt)
    h0, h1 = randn(rng, (n // 2000, 1000), dt), randn(rng, (n // 2000, 1000), dt)
    mask = a > 0
    idx = np.arange(n, dtype=np.int64) * 7919 % n

    def assign():
        a[mask] = 0

    fn = {"sort": lambda: np.sort(a), "argsort": lambda: np.argsort(a, kind="stable"),
          "cumsum": lambda: np.cumsum(a), "concatenate": lambda: np.concatenate([h0, h1], axis=0),
          "maskselect": lambda: a[a > 0], "maskassign": assign, "gather": lambda: a[idx]}[op]
    return fn, None


BUILDERS = {"api": build_api, "hessian": build_hessian, "gemm": build_gemm, "linalg": build_linalg, "binary": build_binary, "reduce": build_reduce, "einsum": build_einsum,
            "affine": build_affine, "mnist_iter": build_mnist_iter, "sym_jacobian": build_sym_jacobian,
            "sym_bulk": build_sym_bulk}


def alloc_peak_mb(fn):
    import tracemalloc
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return round((tracemalloc.get_traced_memory()[1] - base) / 2 ** 20, 2)
    finally:
        tracemalloc.stop()


def run_case(case):
    out = {"id": case.get("id")}
    kind = case.get("kind")
    if kind not in BUILDERS:
        out["error"] = "unknown case kind %r" % kind
        return out
    try:
        fn, tfn = BUILDERS[kind](case, np.random.default_rng(case.get("seed", 1)))
        best, median, reps = measure(fn, case)
    except Exception as e:  # e.g. sympy absent: that row's baseline is "n/a"; the next cases still run
        out["error"] = "%s: %s" % (type(e).__name__, e)
        return out
    out.update(numpy_best_ms=round(best * 1e3, 6), numpy_median_ms=round(median * 1e3, 6), numpy_reps=reps)
    if case.get("memory"):
        out["numpy_alloc_peak_mb"] = alloc_peak_mb(fn)
    out["torch_best_ms"] = None
    if tfn is not None:
        try:
            with torch.no_grad():
                tb, _, _ = measure(tfn, case)
            out["torch_best_ms"] = round(tb * 1e3, 6)
        except Exception as e:  # a torch failure must not lose the numpy row
            out["torch_error"] = str(e)
    return out


def ready_line():
    if np is None:
        return {"ready": False, "error": "numpy is not importable: " + NUMPY_ERROR,
                "python": sys.version.split()[0]}
    limits_applied = False
    if threadpool_limits is not None and threadpool_info():
        threadpool_limits(limits=args.threads, user_api="blas")
        limits_applied = True
    try:
        import sympy
        sympy_version = sympy.__version__
    except ImportError:
        sympy_version = None
    line = {"ready": True, "python": sys.version.split()[0], "numpy": np.__version__, "threads": args.threads,
            "threadpoolctl_limits": limits_applied, "sympy": sympy_version,
            "torch": getattr(torch, "__version__", None),
            "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
            "openblas_l2_size_env": os.environ.get("OPENBLAS_L2_SIZE")}
    line.update(blas_info())
    return line


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main():
    ready = ready_line()
    if args.serve:
        emit(ready)
        if not ready["ready"]:
            return
        for line in sys.stdin:
            if line.strip():
                emit(run_case(json.loads(line)))
        return
    if not ready["ready"]:
        sys.exit(ready["error"])
    if args.cases:
        cases = [json.loads(c) for c in args.cases]
    else:
        text = sys.stdin.read().strip()
        cases = json.loads(text) if text.startswith("[") else [json.loads(l) for l in text.splitlines() if l.strip()]
    emit(ready)
    for case in cases:
        emit(run_case(case))


if __name__ == "__main__":
    main()
