"""Shared by the NumPy baseline scripts: which OpenBLAS core kernel numpy runs, and the warm-up rule."""
import ctypes
import time


def openblas_corename():
    """The OpenBLAS core kernel actually selected at run time, read from the loaded library."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "openblas" in line.lower() and ".so" in line}
    except OSError:
        return None
    for path in sorted(libs):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for sym in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename",
                    "scipy_openblas_get_corename"):
            fn = getattr(lib, sym, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                name = fn()
                return name.decode() if name else None
    return None


def warm_up(fn, min_seconds, max_seconds=20.0):
    """Runs fn until its best time per ~0.1 s batch has not improved by 3% for three batches (at least
    min_seconds, at most max_seconds): the same rule as Ricci's BenchCommand.warmUp."""
    t0 = time.perf_counter()
    best = float("inf")
    stable = 0
    while True:
        batch_start = time.perf_counter()
        batch_best = float("inf")
        while True:
            a = time.perf_counter()
            fn()
            batch_best = min(batch_best, time.perf_counter() - a)
            if time.perf_counter() - batch_start >= 0.1:
                break
        stable = 0 if batch_best < best * 0.97 else stable + 1
        best = min(best, batch_best)
        elapsed = time.perf_counter() - t0
        if (stable >= 3 and elapsed >= min_seconds) or elapsed >= max_seconds:
            return
