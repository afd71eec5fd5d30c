"""Shared by the NumPy baseline scripts: which OpenBLAS core kernel numpy actually runs."""
import ctypes


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
